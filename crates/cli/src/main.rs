//! `dyad`: the command line over the pipeline — annotate, train, eval, ingest, query, export,
//! serve, bench.

use clap::{Parser, Subcommand};

mod annotate;

#[derive(Parser)]
#[command(name = "dyad", version, about = "News in, political event data out.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Annotate articles and print documents (JSONL by default).
    Annotate(annotate::AnnotateArgs),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Annotate(args) => annotate::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("dyad: error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

//! `dyad`: the command line over the pipeline — annotate, train, eval, ingest, query, export,
//! serve, bench. Each subcommand lives in its own module; this file only dispatches.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod annotate;
mod bench;
mod eval_coref;
mod eval_events;
mod eval_speech;
mod eval_ud;
mod models;
mod ner;
mod serve;
mod store_cmds;
mod train_ud;

#[derive(Parser)]
#[command(name = "dyad", version, about = "News in, political event data out.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Annotate articles and print documents (JSONL by default); nothing is stored.
    Annotate(annotate::AnnotateArgs),
    /// Annotate articles and store them in the event database.
    Ingest(store_cmds::IngestArgs),
    /// Query stored events.
    Query(store_cmds::QueryArgs),
    /// Export stored events (GDELT, Parquet, JSONL).
    Export(store_cmds::ExportArgs),
    /// Serve the HTTP API and the dashboard.
    Serve(serve::Args),
    /// Train models from annotated data.
    #[command(subcommand)]
    Train(TrainCommand),
    /// Evaluate models against gold data.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Measure throughput of each stage.
    Bench(bench::Args),
}

#[derive(Subcommand)]
enum TrainCommand {
    /// Tagger, lemmatizer and dependency parser from CoNLL-U treebanks.
    Ud(train_ud::Args),
    /// One model from several `train ud` models whose parsers vote (an ensemble).
    Ensemble(train_ud::EnsembleArgs),
    /// Named entity recogniser from IOB2/CoNLL files.
    Ner(ner::TrainArgs),
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Tokens, sentences, UPOS, XPOS, lemmas, UAS, LAS against a gold CoNLL-U file.
    Ud(eval_ud::Args),
    /// Exact-span entity F1 against a gold IOB2 file.
    Ner(ner::EvalArgs),
    /// Event coding against gold sentence sets (PLOVER GSR, CAMEO codebook examples).
    Events(eval_events::Args),
    /// Quotes, dates and places against a hand-labelled fixture.
    Speech(eval_speech::Args),
    /// Pronoun resolution against a gold coreference layer (GUM `Entity=`).
    Coref(eval_coref::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Annotate(args) => annotate::run(args),
        Command::Ingest(args) => store_cmds::ingest(args),
        Command::Query(args) => store_cmds::query(args),
        Command::Export(args) => store_cmds::export(args),
        Command::Serve(args) => serve::run(args),
        Command::Train(TrainCommand::Ud(args)) => train_ud::run(args),
        Command::Train(TrainCommand::Ensemble(args)) => train_ud::run_ensemble(args),
        Command::Train(TrainCommand::Ner(args)) => ner::train(args),
        Command::Eval(EvalCommand::Ud(args)) => eval_ud::run(args),
        Command::Eval(EvalCommand::Ner(args)) => ner::eval(args),
        Command::Eval(EvalCommand::Events(args)) => eval_events::run(args),
        Command::Eval(EvalCommand::Speech(args)) => eval_speech::run(args),
        Command::Eval(EvalCommand::Coref(args)) => eval_coref::run(args),
        Command::Bench(args) => bench::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("dyad: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

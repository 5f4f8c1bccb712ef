//! `dyad annotate`: articles in, annotated documents out.

use std::io::Read;
use std::process::ExitCode;

use anyhow::Context;
use dyad_model::Article;
use dyad_pipeline::Pipeline;

#[derive(clap::Args)]
pub struct AnnotateArgs {
    /// Input files or `-` for stdin.
    pub inputs: Vec<String>,
}

pub fn run(args: AnnotateArgs) -> anyhow::Result<ExitCode> {
    let pipeline = Pipeline::load_default()?;
    for input in &args.inputs {
        let mut text = String::new();
        if input == "-" {
            std::io::stdin().read_to_string(&mut text)?;
        } else {
            text = std::fs::read_to_string(input).with_context(|| input.clone())?;
        }
        let doc = pipeline.annotate(Article {
            id: String::new(),
            text,
            language: "en".into(),
            ..Article::default()
        });
        println!("{}", serde_json::to_string(&doc)?);
    }
    Ok(ExitCode::SUCCESS)
}

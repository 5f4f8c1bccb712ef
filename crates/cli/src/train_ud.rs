//! `dyad train ud: trains the tagger, lemmatizer and parser on CoNLL-U treebanks`.

use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not built yet")
}

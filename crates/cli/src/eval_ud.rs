//! `dyad eval ud: scores tokenization, tagging, lemmas and parse against gold CoNLL-U`.

use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not built yet")
}

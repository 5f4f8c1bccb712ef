//! `dyad ingest / query / export`: the event database from the command line.

use std::process::ExitCode;

#[derive(clap::Args)]
pub struct IngestArgs {}

#[derive(clap::Args)]
pub struct QueryArgs {}

#[derive(clap::Args)]
pub struct ExportArgs {}

pub fn ingest(_args: IngestArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not built yet")
}

pub fn query(_args: QueryArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not built yet")
}

pub fn export(_args: ExportArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not built yet")
}

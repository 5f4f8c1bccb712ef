//! `dyad serve`: the HTTP API and dashboard over the event database.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use dyad_server::ServerConfig;
use dyad_store::Store;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub models: crate::models::ModelArgs,
    /// Event database (created if missing).
    #[arg(long, default_value = dyad_store::DEFAULT_DB)]
    pub db: PathBuf,
    /// Address to listen on. Binds to loopback unless told otherwise; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Bearer token required by `POST /v1/articles`; without one, storing over HTTP is disabled.
    #[arg(long, env = "DYAD_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Largest request body, in bytes.
    #[arg(long, default_value_t = 10 * 1024 * 1024)]
    pub max_body: usize,
    /// Request timeout, in seconds.
    #[arg(long, default_value_t = 60)]
    pub timeout: u64,
    /// Requests handled at once.
    #[arg(long, default_value_t = 64)]
    pub concurrency: usize,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.token.as_deref().is_some_and(|t| t.trim().len() < 8) {
        anyhow::bail!("--token must be at least 8 characters");
    }
    let store = Store::open(&args.db).with_context(|| format!("opening {}", args.db.display()))?;
    let pipeline = args.models.pipeline()?;
    let config = ServerConfig {
        bind: args.bind,
        token: args.token,
        max_body: args.max_body,
        timeout: Duration::from_secs(args.timeout.max(1)),
        concurrency: args.concurrency,
    };
    dyad_server::serve_blocking(config, Arc::new(pipeline), Arc::new(store))?;
    Ok(ExitCode::SUCCESS)
}

//! The HTTP API (annotate, store, query) and the embedded dashboard, served by `dyad serve`.
//!
//! One [`Pipeline`] and one [`Store`] are shared by every request. Both do blocking work
//! (parsing, SQLite), so handlers run them on Tokio's blocking pool and keep the async workers
//! free for I/O. Limits (body size, timeout, concurrency) sit in front of every route, so a slow
//! or huge request cannot starve the others.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use dyad_pipeline::Pipeline;
use dyad_store::Store;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::timeout::TimeoutLayer;

mod api;
mod assets;
mod error;
mod openapi;

pub use error::ApiError;

/// Errors starting the server.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("server stopped: {0}")]
    Serve(std::io::Error),
}

/// Start-up settings of `dyad serve`.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Address to listen on; 127.0.0.1 unless told otherwise.
    pub bind: SocketAddr,
    /// Bearer token that `POST /v1/articles` requires; storing is disabled without one.
    pub token: Option<String>,
    /// Largest request body accepted, in bytes.
    pub max_body: usize,
    /// Longest a request may take before it is answered with 408.
    pub timeout: Duration,
    /// Requests handled at once; the rest wait their turn.
    pub concurrency: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            token: None,
            max_body: 10 * 1024 * 1024,
            timeout: Duration::from_secs(60),
            concurrency: 64,
        }
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub pipeline: Arc<Pipeline>,
    pub store: Arc<Store>,
    pub token: Option<Arc<str>>,
}

/// All routes with their limits.
pub fn router(state: AppState, config: &ServerConfig) -> Router {
    Router::new()
        .route("/", get(assets::dashboard))
        .route("/assets/{file}", get(assets::asset))
        .route("/docs", get(assets::swagger_ui))
        .route("/docs/{file}", get(assets::swagger_asset))
        .route("/openapi.json", get(openapi::spec))
        .route("/health", get(api::health))
        .route("/v1/annotate", post(api::annotate))
        .route(
            "/v1/articles",
            post(api::store_articles).get(api::list_articles),
        )
        .route("/v1/articles/{id}", get(api::article))
        .route("/v1/events", get(api::events))
        .route("/v1/dyads", get(api::dyads))
        .route("/v1/timeline", get(api::timeline))
        .route("/v1/stats", get(api::stats))
        .fallback(api::not_found)
        .with_state(state)
        .layer(DefaultBodyLimit::max(config.max_body))
        // Refuses a declared oversized body at once, before reading any of it.
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            config.max_body,
        ))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            config.timeout,
        ))
        .layer(GlobalConcurrencyLimitLayer::new(config.concurrency.max(1)))
}

/// Binds and serves until Ctrl-C. Prints the address it listens on (useful with port 0).
pub async fn serve(
    config: ServerConfig,
    pipeline: Arc<Pipeline>,
    store: Arc<Store>,
) -> Result<(), ServerError> {
    let state = AppState {
        pipeline,
        store,
        token: config.token.as_deref().map(Arc::from),
    };
    let app = router(state, &config);
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .map_err(|source| ServerError::Bind {
            addr: config.bind,
            source,
        })?;
    let addr = listener.local_addr().map_err(ServerError::Serve)?;
    println!("dyad serve: listening on http://{addr}/ (API under /v1, docs at /docs)");
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(ServerError::Serve)
}

/// [`serve`] on a fresh multi-threaded Tokio runtime, for callers that are not async.
pub fn serve_blocking(
    config: ServerConfig,
    pipeline: Arc<Pipeline>,
    store: Arc<Store>,
) -> Result<(), ServerError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ServerError::Serve)?;
    runtime.block_on(serve(config, pipeline, store))
}

//! The workbench in the browser (`jixiao serve`): one page and the JSON API
//! it uses, served over HTTP by axum on tokio. It is a front end over the
//! library, as the command line is: it may use `lang`, `score`, `report` and
//! `author`, and `batch` for the spreadsheet upload ([`upload`]).
//!
//! Rulesets sent to it are untrusted: it binds 127.0.0.1 unless told
//! otherwise, limits each request's body and time, runs at most a few builds
//! at once (on blocking threads behind a semaphore), and resolves imports
//! only inside the library folder it was given ([`library`]) or among the
//! examples embedded in the binary. It reads no other file and writes none
//! but an upload and its results workbook, in a temporary folder removed
//! when the request ends.

pub mod api;
pub mod form;
pub mod library;
pub mod page;
mod problems;
pub mod upload;

use axum::routing::{get, post};
use axum::Router;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// How a server is set up: where imports come from and how much one
/// request may take.
#[derive(Debug, Clone)]
pub struct Config {
    /// The folder imports resolve in (`--library`); without it only the
    /// embedded examples can be imported.
    pub library: Option<PathBuf>,
    /// The most bytes a request body may have.
    pub body_limit: usize,
    /// The most bytes a `/api/batch` body may have: the ruleset and the
    /// spreadsheet, base64-encoded (a third larger than the file).
    pub upload_limit: usize,
    /// The longest one request may wait and work.
    pub time_limit: Duration,
    /// How many builds and scorings may run at once.
    pub concurrency: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            library: None,
            body_limit: 2 * 1024 * 1024,
            upload_limit: 32 * 1024 * 1024,
            time_limit: Duration::from_secs(10),
            concurrency: 4,
        }
    }
}

/// What every handler shares: the configuration and the bound on work.
#[derive(Debug)]
pub struct State {
    /// The server's configuration.
    pub config: Config,
    /// Permits for running builds; one is held for as long as a build runs.
    pub permits: Arc<Semaphore>,
}

/// The application: the page, its assets and the API.
pub fn router(config: Config) -> Router {
    let permits = Arc::new(Semaphore::new(config.concurrency.max(1)));
    let state = Arc::new(State { config, permits });
    Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/style.css", get(page::style))
        .route("/api/check", post(api::check))
        .route("/api/form", post(api::form))
        .route("/api/score", post(api::score))
        .route("/api/explain", post(api::explain))
        .route("/api/audit", post(api::audit))
        .route("/api/facts", post(api::read_facts))
        .route("/api/batch", post(upload::batch))
        .route("/api/explain-code/{code}", get(api::explain_code))
        .route("/api/examples", get(api::examples))
        .route("/api/examples/{*path}", get(api::example))
        .fallback(api::not_found)
        .with_state(state)
}

/// Serves the workbench on `addr` until Ctrl-C; `ready` is told the address
/// actually bound (the port may have been 0).
pub async fn run(
    addr: SocketAddr,
    config: Config,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    ready(listener.local_addr()?);
    axum::serve(listener, router(config))
        .with_graceful_shutdown(async {
            // A failure to listen for Ctrl-C leaves the server running until killed.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        })
        .await
}

/// [`run`] on a runtime of its own, for the command line.
pub fn serve_blocking(
    addr: SocketAddr,
    config: Config,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run(addr, config, ready))
}

/// Asks the desktop to open `url` in the default browser; if it cannot, the
/// address printed beside it is still there to open by hand.
pub fn open_in_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(error) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!(
            "无法打开浏览器（{opener}）：{}；请手动打开上面的地址",
            crate::files::io_reason(&error)
        );
    }
}

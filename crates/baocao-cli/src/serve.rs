//! `baocao serve`: the web application on an address until Ctrl-C.

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::{Context, Result};
use baocao_store::Store;
use baocao_web::{AppState, WebConfig};

/// Serves the web application on `addr` until Ctrl-C, then finishes the requests in flight.
/// Refuses a database without a catalogue (`baocao init --example` first).
pub async fn serve(store: Store, addr: SocketAddr, secure_cookies: bool) -> Result<ExitCode> {
    // Fails with AppError::NoCatalog (and its hint) before anything listens.
    baocao_app::catalog(&store).await?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    eprintln!("baocao đang chạy tại http://{local}/ (Ctrl-C để dừng)");
    let config = WebConfig {
        secure_cookies,
        ..WebConfig::default()
    };
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
        eprintln!("Đang dừng…");
    };
    baocao_web::serve(listener, AppState::new(store.clone(), config), shutdown).await?;
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

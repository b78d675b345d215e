//! `baocao migrate`, `baocao backup PATH`, `baocao restore PATH`: looking after the
//! database, over `baocao_app::admin`.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use baocao_app::admin::{self, RestoreOptions};
use baocao_store::Store;

/// Applies the migrations the database lacks; lists them all on stdout.
pub async fn migrate(store: &Store) -> Result<ExitCode> {
    let states = admin::migrate(store).await?;
    let mut out = std::io::stdout().lock();
    for m in &states {
        let state = if m.applied_now {
            "vừa áp dụng"
        } else {
            "đã có"
        };
        writeln!(out, "{:04} {}\t{state}", m.version, m.description)?;
    }
    let applied = states.iter().filter(|m| m.applied_now).count();
    eprintln!(
        "Cơ sở dữ liệu {}: {applied} migration vừa áp dụng, {} tất cả.",
        store.location(),
        states.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes a backup to `path`.
pub async fn backup(store: &Store, path: &Path) -> Result<ExitCode> {
    let outcome = admin::backup(store, path).await?;
    eprintln!(
        "Đã sao lưu {} vào {} ({} byte, {}).",
        store.location(),
        outcome.path.display(),
        outcome.bytes,
        outcome.method
    );
    Ok(ExitCode::SUCCESS)
}

/// Replaces the database's contents by the backup at `path`.
pub async fn restore(store: &Store, path: &Path, force: bool) -> Result<ExitCode> {
    let options = RestoreOptions {
        replace_data: force,
    };
    admin::restore(store, path, options).await?;
    eprintln!("Đã khôi phục {} từ {}.", store.location(), path.display());
    Ok(ExitCode::SUCCESS)
}

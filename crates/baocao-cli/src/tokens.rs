//! `baocao token add|list|revoke`: API tokens (`baocao_app::tokens`), with which a program
//! calls the JSON API under `/api/v1` as an account. `add` prints the token once, alone on
//! stdout (so that a script can capture it); it is never stored and cannot be shown again.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Result, bail};
use baocao_app::tokens;
use baocao_store::audit::SYSTEM_ACTOR;
use baocao_store::{ApiToken, Store, StoreError};
use chrono::NaiveDateTime;
use clap::Subcommand;

/// What to do with API tokens.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Make a token for an account; prints it once on stdout. The token acts with the
    /// account's role and fields; it stops working when revoked, expired, or while the
    /// account is deactivated.
    Add {
        /// The account's user name.
        username: String,
        /// What the token is for, e.g. "Đồng bộ DHIS2".
        #[arg(long)]
        name: String,
        /// Days until it expires (1–3650); without it, it does not expire.
        #[arg(long)]
        expires: Option<u32>,
    },
    /// List the tokens (of one account, or of all): id, account, name, made, expires, last
    /// used, state (hoạt động, đã thu hồi, hết hạn, tài khoản bị khóa); tab-separated, times
    /// in UTC.
    List {
        /// Only this account's tokens.
        username: Option<String>,
    },
    /// Revoke a token: it opens nothing from then on.
    Revoke {
        /// The token's id, as `baocao token list` shows it.
        id: i64,
    },
}

fn now() -> NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// Runs a `token` command.
pub async fn run(store: &Store, command: TokenCommand) -> Result<ExitCode> {
    match command {
        TokenCommand::Add {
            username,
            name,
            expires,
        } => {
            let made =
                tokens::create_token(store, &username, &name, expires, now(), SYSTEM_ACTOR).await?;
            let mut out = std::io::stdout().lock();
            writeln!(out, "{}", made.token)?;
            out.flush()?;
            eprintln!(
                "Đã tạo mã truy cập số {} «{}» cho tài khoản {} ({}). Mã chỉ hiện một lần: hãy lưu lại ngay; dùng trong tiêu đề «Authorization: Bearer …».",
                made.info.id,
                made.info.name,
                made.info.username,
                expiry(&made.info)
            );
        }
        TokenCommand::List { username } => {
            let list = tokens::list_tokens(store, username.as_deref()).await?;
            let users = store.users().await?;
            if let Some(name) = &username {
                let normalized = baocao_app::accounts::normalize_username(name);
                if !users.iter().any(|u| u.username == normalized) {
                    bail!(
                        "không có tài khoản «{normalized}»; `baocao user list` liệt kê các tài khoản"
                    );
                }
            }
            let locked: Vec<String> = users
                .into_iter()
                .filter(|u| !u.active)
                .map(|u| u.username)
                .collect();
            let now = now();
            let mut out = std::io::stdout().lock();
            for token in &list {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    token.id,
                    token.username,
                    token.name,
                    token.created_at,
                    token
                        .expires_at
                        .map_or_else(|| "-".to_string(), |t| t.to_string()),
                    token
                        .last_used_at
                        .map_or_else(|| "-".to_string(), |t| t.to_string()),
                    state(token, locked.contains(&token.username), now)
                )?;
            }
            eprintln!("{} mã truy cập.", list.len());
        }
        TokenCommand::Revoke { id } => {
            let before = tokens::list_tokens(store, None)
                .await?
                .into_iter()
                .find(|t| t.id == id);
            if let Some(token) = before
                && let Some(at) = token.revoked_at
            {
                eprintln!(
                    "Mã truy cập số {} «{}» của tài khoản {} đã bị thu hồi từ trước (lúc {at} UTC); không có gì thay đổi.",
                    token.id, token.name, token.username
                );
                return Ok(ExitCode::SUCCESS);
            }
            match tokens::revoke_token(store, id, SYSTEM_ACTOR, now()).await {
                Ok(token) => eprintln!(
                    "Đã thu hồi mã truy cập số {} «{}» của tài khoản {}.",
                    token.id, token.name, token.username
                ),
                Err(baocao_app::AppError::Store(StoreError::NotFound { .. })) => {
                    bail!("there is no API token {id}; `baocao token list` shows the tokens")
                }
                Err(e) => return Err(e.into()),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn expiry(token: &ApiToken) -> String {
    match token.expires_at {
        Some(at) => format!("hết hạn lúc {at} UTC"),
        None => "không hết hạn".to_string(),
    }
}

/// "hoạt động", "đã thu hồi", "hết hạn" or, while its account is deactivated,
/// "tài khoản bị khóa" (the token opens nothing then; it works again when the account is
/// activated).
fn state(token: &ApiToken, account_locked: bool, now: NaiveDateTime) -> &'static str {
    if token.revoked_at.is_some() {
        "đã thu hồi"
    } else if !token.is_valid_at(now) {
        "hết hạn"
    } else if account_locked {
        "tài khoản bị khóa"
    } else {
        "hoạt động"
    }
}

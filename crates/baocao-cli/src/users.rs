//! `baocao user add|list|passwd|deactivate|activate|unit`: the accounts of the web application, over
//! `baocao_app::accounts`. A password is read from `BAOCAO_PASSWORD` or asked twice on the
//! terminal without echo; it is never an argument (other users of the machine could read it
//! in the process list), never printed and never logged.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use baocao_app::accounts;
use baocao_core::catalog::Field;
use baocao_store::audit::SYSTEM_ACTOR;
use baocao_store::{Role, Store};
use clap::Subcommand;

/// The environment variable a password is read from, for scripts.
pub const PASSWORD_VARIABLE: &str = "BAOCAO_PASSWORD";

/// What to do with accounts.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add an account (active). The password: BAOCAO_PASSWORD, or asked twice.
    Add {
        /// User name: 3–32 characters of a-z 0-9 . _ - (stored in lower case).
        username: String,
        /// Full name, e.g. "Nguyễn Văn An".
        #[arg(long)]
        name: String,
        /// quan_tri (administers, enters every field), chuyen_vien (enters their fields),
        /// lanh_dao (approves).
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// A field the user enters (repeat for several): chung, cntt, bcvt, ttbcxb,
        /// thanh_tra.
        #[arg(long = "field", value_parser = parse_field)]
        fields: Vec<Field>,
    },
    /// List the accounts.
    List,
    /// Set a new password (BAOCAO_PASSWORD, or asked twice); the account's sessions end.
    Passwd {
        /// The user name.
        username: String,
    },
    /// Deactivate (khóa) an account: it can no longer sign in, its sessions end at once and
    /// its API tokens open nothing while it stays deactivated. Its history is kept.
    Deactivate {
        /// The user name.
        username: String,
    },
    /// Activate (mở khóa) a deactivated account again; it signs in with its password.
    Activate {
        /// The user name.
        username: String,
    },
    /// Tie an account to the reporting unit it enters for (a district, an enterprise): it
    /// then enters and submits that org unit's figures only. Without ORG_UNIT, untie it.
    Unit {
        /// The user name.
        username: String,
        /// The org unit's id (e.g. DN_VNPT); omitted: the department's own staff.
        org_unit: Option<String>,
    },
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::from_code(text).ok_or_else(|| {
        let codes: Vec<&str> = Role::ALL.iter().map(|r| r.code()).collect();
        format!("expected one of {}", codes.join(", "))
    })
}

fn parse_field(text: &str) -> Result<Field, String> {
    Field::from_code(text).ok_or_else(|| {
        let codes: Vec<&str> = Field::ALL.iter().map(|f| f.code()).collect();
        format!("expected one of {}", codes.join(", "))
    })
}

/// Runs a `user` command.
pub async fn run(store: &Store, command: UserCommand) -> Result<ExitCode> {
    match command {
        UserCommand::Add {
            username,
            name,
            role,
            fields,
        } => {
            // The user name and full name are checked before a password is asked for.
            let normalized = accounts::normalize_username(&username);
            accounts::check_username(&normalized)?;
            if name.trim().is_empty() {
                bail!("--name is empty; expected the user's full name, e.g. \"Nguyễn Văn An\"");
            }
            if store.user_with_hash(&normalized).await?.is_some() {
                bail!(
                    "user `{normalized}` already exists; choose another user name, or `baocao user passwd {normalized}`"
                );
            }
            let password = read_password(&format!("Mật khẩu cho {normalized}: "))?;
            let user =
                accounts::create_user(store, &username, &name, role, fields, &password).await?;
            eprintln!(
                "Đã tạo tài khoản {} ({}, {}).",
                user.username,
                user.full_name,
                user.role.label_vi()
            );
        }
        UserCommand::List => list(store).await?,
        UserCommand::Passwd { username } => {
            let normalized = accounts::normalize_username(&username);
            if store.user_with_hash(&normalized).await?.is_none() {
                bail!("there is no user `{normalized}`; `baocao user list` shows the accounts");
            }
            let password = read_password(&format!("Mật khẩu mới cho {normalized}: "))?;
            accounts::set_password(store, &normalized, &password).await?;
            eprintln!("Đã đổi mật khẩu của {normalized}; các phiên đăng nhập cũ đã kết thúc.");
        }
        UserCommand::Deactivate { username } => set_active(store, &username, false).await?,
        UserCommand::Activate { username } => set_active(store, &username, true).await?,
        UserCommand::Unit { username, org_unit } => {
            let normalized = accounts::normalize_username(&username);
            store
                .set_user_org_unit(&normalized, org_unit.as_deref(), SYSTEM_ACTOR)
                .await?;
            match org_unit {
                Some(unit) => {
                    eprintln!("Tài khoản {normalized} nhập và gửi số liệu của đơn vị {unit}.")
                }
                None => eprintln!("Tài khoản {normalized} không gắn với đơn vị báo cáo nào."),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Deactivates or activates an account, audited (old → new) as the command line; a
/// deactivated account's sessions are deleted. Saying what is already so changes nothing.
///
/// Errors: no such account; storage errors.
async fn set_active(store: &Store, username: &str, active: bool) -> Result<()> {
    let normalized = accounts::normalize_username(username);
    let Some(mut user) = store
        .users()
        .await?
        .into_iter()
        .find(|u| u.username == normalized)
    else {
        bail!("there is no user `{normalized}`; `baocao user list` shows the accounts");
    };
    if user.active == active {
        eprintln!(
            "Tài khoản {normalized} {} từ trước; không có gì thay đổi.",
            if active {
                "đang hoạt động"
            } else {
                "đã bị khóa"
            }
        );
        return Ok(());
    }
    user.active = active;
    store.update_user_as(&user, SYSTEM_ACTOR).await?;
    if active {
        eprintln!("Đã mở khóa tài khoản {normalized}; tài khoản đăng nhập lại bằng mật khẩu cũ.");
    } else {
        let ended = store.delete_user_sessions(&normalized).await?;
        eprintln!(
            "Đã khóa tài khoản {normalized}: không đăng nhập được nữa; {ended} phiên đăng nhập đã kết thúc; mã truy cập API của tài khoản ngừng hoạt động."
        );
    }
    Ok(())
}

/// One line per account on stdout: user name, role, fields, state, full name, tab-separated.
async fn list(store: &Store) -> Result<()> {
    let users = store.users().await?;
    let mut out = std::io::stdout().lock();
    for user in &users {
        let fields: Vec<&str> = user.fields.iter().map(|f| f.code()).collect();
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}",
            user.username,
            user.role.code(),
            if fields.is_empty() {
                "-".to_string()
            } else {
                fields.join(",")
            },
            if user.active {
                "hoạt động"
            } else {
                "đã khóa"
            },
            user.full_name
        )?;
    }
    eprintln!("{} tài khoản.", users.len());
    Ok(())
}

/// The password from BAOCAO_PASSWORD, or typed twice on the terminal without echo. Checked
/// for length here, so that a short one is asked again before anything is written.
fn read_password(prompt: &str) -> Result<String> {
    if let Ok(password) = std::env::var(PASSWORD_VARIABLE) {
        accounts::check_password(&password)?;
        return Ok(password);
    }
    let first = rpassword::prompt_password(prompt).with_context(|| {
        format!("cannot read a password from the terminal; set {PASSWORD_VARIABLE} instead")
    })?;
    accounts::check_password(&first)?;
    let second = rpassword::prompt_password("Nhập lại mật khẩu: ")
        .context("cannot read the password again from the terminal")?;
    if first != second {
        bail!("the two passwords differ; nothing was changed");
    }
    Ok(first)
}

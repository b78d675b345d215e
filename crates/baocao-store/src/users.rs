//! Accounts and web sessions. The store keeps password hashes and hashed session tokens; it
//! never sees a password or a cookie (hashing and checking them is `baocao-app`'s
//! `accounts`). A change to an account is audited (action [`action::USER`]) in its own
//! transaction, never with the hash.

use std::fmt;

use baocao_core::catalog::Field;
use chrono::{NaiveDateTime, SubsecRound};
use serde::{Deserialize, Serialize};

use crate::audit::{self, NewEntry, SYSTEM_ACTOR, action};
use crate::codec::corrupt;
use crate::sql::{Db, Statement};
use crate::write::{next_change, now};
use crate::{Store, StoreError, in_transaction, with_db};

/// What a user may do. Who enters which figures is decided from the role and the user's
/// fields (`baocao_app::edit::Actor`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Quản trị: administers accounts, enters every field, approves and unlocks.
    QuanTri,
    /// Chuyên viên: enters the figures of their own fields and submits them.
    ChuyenVien,
    /// Lãnh đạo: reads everything, approves or returns what was submitted.
    LanhDao,
}

impl Role {
    /// Every role, in the order a form lists them.
    pub const ALL: [Role; 3] = [Role::QuanTri, Role::ChuyenVien, Role::LanhDao];

    /// The code stored and typed on the command line: `quan_tri`, `chuyen_vien`, `lanh_dao`.
    pub fn code(self) -> &'static str {
        match self {
            Role::QuanTri => "quan_tri",
            Role::ChuyenVien => "chuyen_vien",
            Role::LanhDao => "lanh_dao",
        }
    }

    /// The role of a code written by [`Role::code`]; `None` for anything else.
    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The Vietnamese name shown on screen: "Quản trị", "Chuyên viên", "Lãnh đạo".
    pub fn label_vi(self) -> &'static str {
        match self {
            Role::QuanTri => "Quản trị",
            Role::ChuyenVien => "Chuyên viên",
            Role::LanhDao => "Lãnh đạo",
        }
    }
}

impl fmt::Display for Role {
    /// The code, e.g. `chuyen_vien`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An account, without its password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// The user name typed at sign-in: 3–32 characters of `a-z 0-9 . _ -` (checked by
    /// `baocao_app::accounts::create_user`; the store takes it as given).
    pub username: String,
    /// Full name as shown and printed, e.g. "Nguyễn Văn An".
    pub full_name: String,
    /// What the user may do.
    pub role: Role,
    /// The fields whose figures a chuyên viên enters (stored as codes, comma-separated).
    pub fields: Vec<Field>,
    /// Whether the account may sign in; a deactivated account's sessions stop working.
    pub active: bool,
}

/// A session to store at sign-in.
#[derive(Clone, PartialEq, Eq)]
pub struct NewSession {
    /// SHA-256 of the cookie's token, as 64 lowercase hex digits. The token itself is never
    /// stored.
    pub token_hash: String,
    /// The signed-in user.
    pub username: String,
    /// The token forms must send back (CSRF), as given to the browser.
    pub csrf_token: String,
    /// When it was made (stored to the second).
    pub created_at: NaiveDateTime,
    /// When it stops working (stored to the second).
    pub expires_at: NaiveDateTime,
}

impl fmt::Debug for NewSession {
    // The CSRF token is a secret of the browser's: not in logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewSession")
            .field("username", &self.username)
            .field("created_at", &self.created_at)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// A valid session: its user as stored now (a changed role counts at once) and its CSRF
/// token.
#[derive(Clone, PartialEq, Eq)]
pub struct Session {
    /// The signed-in user (active).
    pub user: User,
    /// The token forms must send back.
    pub csrf_token: String,
    /// When it stops working.
    pub expires_at: NaiveDateTime,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("user", &self.user)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

#[derive(sqlx::FromRow)]
struct UserRow {
    username: String,
    full_name: String,
    role: String,
    fields: String,
    active: bool,
}

impl UserRow {
    fn into_user(self) -> Result<User, StoreError> {
        let role = Role::from_code(&self.role).ok_or_else(|| {
            corrupt(
                "app_user",
                &self.username,
                format!("unknown role `{}`", self.role),
            )
        })?;
        let fields = self
            .fields
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(|c| {
                Field::from_code(c).ok_or_else(|| {
                    corrupt("app_user", &self.username, format!("unknown field `{c}`"))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(User {
            username: self.username,
            full_name: self.full_name,
            role,
            fields,
            active: self.active,
        })
    }
}

const USER_COLUMNS: &str = "username, full_name, role, fields, active";

fn fields_text(fields: &[Field]) -> String {
    fields
        .iter()
        .map(|f| f.code())
        .collect::<Vec<_>>()
        .join(",")
}

/// What the audit log says of an account: "Nguyễn Văn An; chuyen_vien; cntt,bcvt; active".
fn user_summary(user: &User) -> String {
    format!(
        "{}; {}; {}; {}",
        user.full_name,
        user.role.code(),
        fields_text(&user.fields),
        if user.active { "active" } else { "inactive" }
    )
}

impl Store {
    /// Adds an account with its password hash (an argon2id PHC string); audited as
    /// [`action::USER`] by [`SYSTEM_ACTOR`].
    ///
    /// Errors: [`StoreError::UserExists`] when the user name is taken (nothing written);
    /// database errors.
    pub async fn create_user(&self, user: &User, password_hash: &str) -> Result<(), StoreError> {
        self.create_user_as(user, password_hash, SYSTEM_ACTOR).await
    }

    /// As [`Store::create_user`], audited as done by `actor` (e.g. the quản trị on the web).
    ///
    /// Errors: as [`Store::create_user`].
    pub async fn create_user_as(
        &self,
        user: &User,
        password_hash: &str,
        actor: &str,
    ) -> Result<(), StoreError> {
        in_transaction!(self, |db| {
            next_change(db).await?;
            let inserted = db
                .execute(
                    Statement::new(
                        "INSERT INTO app_user (username, full_name, password_hash, role, fields, \
                         active, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                         ON CONFLICT (username) DO NOTHING",
                    )
                    .bind(&user.username)
                    .bind(&user.full_name)
                    .bind(password_hash)
                    .bind(user.role.code())
                    .bind(fields_text(&user.fields))
                    .bind(user.active)
                    .bind(now()),
                )
                .await?;
            if inserted == 0 {
                return Err(StoreError::UserExists {
                    username: user.username.clone(),
                });
            }
            audit::append(
                db,
                &NewEntry {
                    actor,
                    action: action::USER,
                    entity: audit::entity::user(&user.username),
                    period: None,
                    old_value: None,
                    new_value: Some(user_summary(user)),
                    reason: Some("created".to_string()),
                },
            )
            .await?;
        });
        Ok(())
    }

    /// The account `username` and its password hash, active or not.
    pub async fn user_with_hash(
        &self,
        username: &str,
    ) -> Result<Option<(User, String)>, StoreError> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            user: UserRow,
            password_hash: String,
        }
        let sql = format!("SELECT {USER_COLUMNS}, password_hash FROM app_user WHERE username = $1");
        let statement = Statement::assembled(sql).bind(username);
        let row: Option<Row> = with_db!(self, |db| db.fetch_optional(statement).await?);
        row.map(|r| Ok((r.user.into_user()?, r.password_hash)))
            .transpose()
    }

    /// Every account, by user name.
    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM app_user ORDER BY username");
        let rows: Vec<UserRow> =
            with_db!(self, |db| db.fetch_all(Statement::assembled(sql)).await?);
        rows.into_iter().map(UserRow::into_user).collect()
    }

    /// Changes an account's full name, role, fields and whether it is active (the user name
    /// says which; the password is kept). Audited (old → new) by [`SYSTEM_ACTOR`].
    ///
    /// Errors: [`StoreError::NotFound`] when there is no such account; database errors.
    pub async fn update_user(&self, user: &User) -> Result<(), StoreError> {
        self.update_user_as(user, SYSTEM_ACTOR).await
    }

    /// As [`Store::update_user`], audited as done by `actor`.
    ///
    /// Errors: as [`Store::update_user`].
    pub async fn update_user_as(&self, user: &User, actor: &str) -> Result<(), StoreError> {
        in_transaction!(self, |db| {
            next_change(db).await?;
            let old = user_in(db, &user.username).await?;
            let Some(old) = old else {
                return Err(not_found(&user.username));
            };
            db.execute(
                Statement::new(
                    "UPDATE app_user SET full_name = $2, role = $3, fields = $4, active = $5 \
                     WHERE username = $1",
                )
                .bind(&user.username)
                .bind(&user.full_name)
                .bind(user.role.code())
                .bind(fields_text(&user.fields))
                .bind(user.active),
            )
            .await?;
            audit::append(
                db,
                &NewEntry {
                    actor,
                    action: action::USER,
                    entity: audit::entity::user(&user.username),
                    period: None,
                    old_value: Some(user_summary(&old)),
                    new_value: Some(user_summary(user)),
                    reason: Some("updated".to_string()),
                },
            )
            .await?;
        });
        Ok(())
    }

    /// Replaces an account's password hash; audited (without either hash) by
    /// [`SYSTEM_ACTOR`]. Sessions are kept: see [`Store::delete_user_sessions`].
    ///
    /// Errors: [`StoreError::NotFound`] when there is no such account; database errors.
    pub async fn set_password_hash(&self, username: &str, hash: &str) -> Result<(), StoreError> {
        self.set_password_hash_as(username, hash, SYSTEM_ACTOR)
            .await
    }

    /// As [`Store::set_password_hash`], audited as done by `actor`.
    ///
    /// Errors: as [`Store::set_password_hash`].
    pub async fn set_password_hash_as(
        &self,
        username: &str,
        hash: &str,
        actor: &str,
    ) -> Result<(), StoreError> {
        in_transaction!(self, |db| {
            next_change(db).await?;
            let changed = db
                .execute(
                    Statement::new("UPDATE app_user SET password_hash = $2 WHERE username = $1")
                        .bind(username)
                        .bind(hash),
                )
                .await?;
            if changed == 0 {
                return Err(not_found(username));
            }
            audit::append(
                db,
                &NewEntry {
                    actor,
                    action: action::USER,
                    entity: audit::entity::user(username),
                    period: None,
                    old_value: None,
                    new_value: None,
                    reason: Some("password changed".to_string()),
                },
            )
            .await?;
        });
        Ok(())
    }

    /// Stores a session made at sign-in (times to the second).
    ///
    /// Errors: database errors (an unknown user, a token hash stored already).
    pub async fn create_session(&self, session: &NewSession) -> Result<(), StoreError> {
        let statement = Statement::new(
            "INSERT INTO web_session (token_hash, username, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&session.token_hash)
        .bind(&session.username)
        .bind(&session.csrf_token)
        .bind(session.created_at.trunc_subsecs(0))
        .bind(session.expires_at.trunc_subsecs(0));
        with_db!(self, |db| db.execute(statement).await?);
        Ok(())
    }

    /// The session whose token hashes to `token_hash`, if it is valid at `now`: `None` when
    /// there is none, it expired (`expires_at <= now`) or its user is deactivated.
    pub async fn session(
        &self,
        token_hash: &str,
        now: NaiveDateTime,
    ) -> Result<Option<Session>, StoreError> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            user: UserRow,
            csrf_token: String,
            expires_at: NaiveDateTime,
        }
        let statement = Statement::new(
            "SELECT u.username, u.full_name, u.role, u.fields, u.active, s.csrf_token, \
             s.expires_at FROM web_session s JOIN app_user u ON u.username = s.username \
             WHERE s.token_hash = $1",
        )
        .bind(token_hash);
        let row: Option<Row> = with_db!(self, |db| db.fetch_optional(statement).await?);
        let Some(row) = row else {
            return Ok(None);
        };
        if row.expires_at <= now || !row.user.active {
            return Ok(None);
        }
        Ok(Some(Session {
            user: row.user.into_user()?,
            csrf_token: row.csrf_token,
            expires_at: row.expires_at,
        }))
    }

    /// Ends a session (sign-out); ending one that is not stored is not an error.
    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        let statement =
            Statement::new("DELETE FROM web_session WHERE token_hash = $1").bind(token_hash);
        with_db!(self, |db| db.execute(statement).await?);
        Ok(())
    }

    /// Ends every session of `username` (after a password change, or to sign someone out
    /// everywhere); returns how many there were.
    pub async fn delete_user_sessions(&self, username: &str) -> Result<u64, StoreError> {
        let statement =
            Statement::new("DELETE FROM web_session WHERE username = $1").bind(username);
        Ok(with_db!(self, |db| db.execute(statement).await?))
    }

    /// Removes the sessions expired at `now` (`expires_at <= now`); returns how many.
    pub async fn delete_expired_sessions(&self, now: NaiveDateTime) -> Result<u64, StoreError> {
        let statement = Statement::new("DELETE FROM web_session WHERE expires_at <= $1").bind(now);
        Ok(with_db!(self, |db| db.execute(statement).await?))
    }
}

async fn user_in<C: Db>(db: &mut C, username: &str) -> Result<Option<User>, StoreError> {
    let sql = format!("SELECT {USER_COLUMNS} FROM app_user WHERE username = $1");
    let row: Option<UserRow> = db
        .fetch_optional(Statement::assembled(sql).bind(username))
        .await?;
    row.map(UserRow::into_user).transpose()
}

fn not_found(username: &str) -> StoreError {
    StoreError::NotFound {
        what: format!("user `{username}`"),
    }
}

//! API tokens: a program calls the JSON API with `Authorization: Bearer <token>` and acts as
//! the account the token belongs to. The store keeps the SHA-256 of a token, never the token
//! (making and checking tokens is `baocao-app`'s `tokens`). Making and revoking a token are
//! audited ([`action::TOKEN_CREATE`], [`action::TOKEN_REVOKE`]) in their own transaction,
//! never with the token or its hash. A token opens nothing once it is revoked, once it has
//! expired, or while its account is deactivated.

use std::fmt;

use chrono::{NaiveDateTime, SubsecRound};
use serde::Serialize;

use crate::audit::{self, NewEntry, action};
use crate::sql::{Arg, Db, Statement};
use crate::users::User;
use crate::write::next_change;
use crate::{Store, StoreError, in_transaction, with_db};

/// How long after its last recorded use a token's `last_used_at` is written again: one write
/// a minute at most per token, however many requests it opens.
pub const LAST_USED_RESOLUTION: chrono::Duration = chrono::Duration::minutes(1);

/// A token to store.
#[derive(Clone, PartialEq, Eq)]
pub struct NewApiToken {
    /// The account it acts as (an existing user name).
    pub username: String,
    /// What it is for, e.g. "Đồng bộ DHIS2" (NFC, checked by `baocao-app`).
    pub name: String,
    /// SHA-256 of the token, as 64 lowercase hex digits. The token itself is never stored.
    pub token_hash: String,
    /// When it was made (UTC; stored to the second).
    pub created_at: NaiveDateTime,
    /// When it stops working (UTC; stored to the second); `None`: never.
    pub expires_at: Option<NaiveDateTime>,
}

impl fmt::Debug for NewApiToken {
    // The hash identifies the token: not in logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewApiToken")
            .field("username", &self.username)
            .field("name", &self.name)
            .field("created_at", &self.created_at)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// A stored token, without its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    /// Its number, given by the database (used to list and revoke it).
    pub id: i64,
    /// The account it acts as.
    pub username: String,
    /// What it is for.
    pub name: String,
    /// When it was made (UTC, to the second).
    pub created_at: NaiveDateTime,
    /// When it last opened a request (UTC, to the minute: see [`LAST_USED_RESOLUTION`]);
    /// `None`: never used.
    pub last_used_at: Option<NaiveDateTime>,
    /// When it stops working (UTC); `None`: never.
    pub expires_at: Option<NaiveDateTime>,
    /// When it was revoked (UTC); `None`: not revoked.
    pub revoked_at: Option<NaiveDateTime>,
}

impl ApiToken {
    /// Whether the token itself still works at `now`: not revoked and not expired
    /// (`expires_at <= now` is expired). Its account must be active too
    /// ([`Store::api_token_user`] checks both).
    pub fn is_valid_at(&self, now: NaiveDateTime) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|e| e > now)
    }
}

/// A token that opened a request, and its account as stored now (a changed role counts at
/// once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenUse {
    /// The token.
    pub token: ApiToken,
    /// Its account (active).
    pub user: User,
}

#[derive(sqlx::FromRow)]
struct TokenRow {
    id: i64,
    username: String,
    name: String,
    created_at: NaiveDateTime,
    last_used_at: Option<NaiveDateTime>,
    expires_at: Option<NaiveDateTime>,
    revoked_at: Option<NaiveDateTime>,
}

impl From<TokenRow> for ApiToken {
    fn from(row: TokenRow) -> ApiToken {
        ApiToken {
            id: row.id,
            username: row.username,
            name: row.name,
            created_at: row.created_at,
            last_used_at: row.last_used_at,
            expires_at: row.expires_at,
            revoked_at: row.revoked_at,
        }
    }
}

const TOKEN_COLUMNS: &str = "id, username, name, created_at, last_used_at, expires_at, revoked_at";

/// What the audit log says of a token: "Đồng bộ DHIS2; nva; expires 2024-05-05 08:00:00" (or
/// "no expiry").
fn token_summary(name: &str, username: &str, expires_at: Option<NaiveDateTime>) -> String {
    match expires_at {
        Some(at) => format!("{name}; {username}; expires {at}"),
        None => format!("{name}; {username}; no expiry"),
    }
}

fn timestamp(at: Option<NaiveDateTime>) -> Arg {
    Arg::Timestamp(at.map(|t| t.trunc_subsecs(0)))
}

impl Store {
    /// Stores a new token of an existing account and returns it as stored; audited as
    /// [`action::TOKEN_CREATE`] by `actor` (the name, account and expiry; never the hash).
    ///
    /// Errors: [`StoreError::NotFound`] when there is no such account;
    /// [`StoreError::Duplicate`] when a token with this hash is stored already (nothing
    /// written); database errors.
    pub async fn create_api_token(
        &self,
        token: &NewApiToken,
        actor: &str,
    ) -> Result<ApiToken, StoreError> {
        let created = in_transaction!(self, |db| {
            next_change(db).await?;
            let user: Option<(String,)> = db
                .fetch_optional(
                    Statement::new("SELECT username FROM app_user WHERE username = $1")
                        .bind(&token.username),
                )
                .await?;
            if user.is_none() {
                return Err(StoreError::NotFound {
                    what: format!("user `{}`", token.username),
                });
            }
            let taken: Option<(i64,)> = db
                .fetch_optional(
                    Statement::new("SELECT id FROM api_token WHERE token_hash = $1")
                        .bind(&token.token_hash),
                )
                .await?;
            if taken.is_some() {
                return Err(StoreError::Duplicate {
                    what: "an API token with this hash".to_string(),
                });
            }
            let sql = format!(
                "INSERT INTO api_token (username, name, token_hash, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING {TOKEN_COLUMNS}"
            );
            let row: Option<TokenRow> = db
                .fetch_optional(
                    Statement::assembled(sql)
                        .bind(&token.username)
                        .bind(&token.name)
                        .bind(&token.token_hash)
                        .bind(token.created_at.trunc_subsecs(0))
                        .bind(timestamp(token.expires_at)),
                )
                .await?;
            let created = ApiToken::from(row.ok_or_else(|| {
                crate::codec::corrupt("api_token", &token.username, "the insert returned no row")
            })?);
            audit::append(
                db,
                &NewEntry {
                    actor,
                    action: action::TOKEN_CREATE,
                    entity: audit::entity::token(created.id),
                    period: None,
                    old_value: None,
                    new_value: Some(token_summary(
                        &created.name,
                        &created.username,
                        created.expires_at,
                    )),
                    reason: None,
                },
            )
            .await?;
            created
        });
        Ok(created)
    }

    /// The tokens of `username`, or of every account when `None`, by id (revoked and
    /// expired ones included).
    pub async fn api_tokens(&self, username: Option<&str>) -> Result<Vec<ApiToken>, StoreError> {
        let statement = match username {
            Some(username) => Statement::assembled(format!(
                "SELECT {TOKEN_COLUMNS} FROM api_token WHERE username = $1 ORDER BY id"
            ))
            .bind(username),
            None => {
                Statement::assembled(format!("SELECT {TOKEN_COLUMNS} FROM api_token ORDER BY id"))
            }
        };
        let rows: Vec<TokenRow> = with_db!(self, |db| db.fetch_all(statement).await?);
        Ok(rows.into_iter().map(ApiToken::from).collect())
    }

    /// The token numbered `id`, if stored.
    pub async fn api_token(&self, id: i64) -> Result<Option<ApiToken>, StoreError> {
        let statement = Statement::assembled(format!(
            "SELECT {TOKEN_COLUMNS} FROM api_token WHERE id = $1"
        ))
        .bind(id);
        let row: Option<TokenRow> = with_db!(self, |db| db.fetch_optional(statement).await?);
        Ok(row.map(ApiToken::from))
    }

    /// The token whose hash is `token_hash` and its account, if the token works at `now`:
    /// `None` when there is none, it is revoked or expired ([`ApiToken::is_valid_at`]), or
    /// its account is deactivated.
    ///
    /// Errors: database errors; a stored account that cannot be read.
    pub async fn api_token_user(
        &self,
        token_hash: &str,
        now: NaiveDateTime,
    ) -> Result<Option<TokenUse>, StoreError> {
        let statement = Statement::assembled(format!(
            "SELECT {TOKEN_COLUMNS} FROM api_token WHERE token_hash = $1"
        ))
        .bind(token_hash);
        let row: Option<TokenRow> = with_db!(self, |db| db.fetch_optional(statement).await?);
        let Some(token) = row.map(ApiToken::from) else {
            return Ok(None);
        };
        if !token.is_valid_at(now) {
            return Ok(None);
        }
        let Some((user, _)) = self.user_with_hash(&token.username).await? else {
            return Ok(None);
        };
        if !user.active {
            return Ok(None);
        }
        Ok(Some(TokenUse { token, user }))
    }

    /// Records that token `id` opened a request at `now`, unless its last recorded use is
    /// less than [`LAST_USED_RESOLUTION`] before; returns whether it wrote. Not audited.
    ///
    /// Errors: database errors.
    pub async fn mark_api_token_used(
        &self,
        id: i64,
        now: NaiveDateTime,
    ) -> Result<bool, StoreError> {
        let now = now.trunc_subsecs(0);
        let statement = Statement::new(
            "UPDATE api_token SET last_used_at = $2 \
             WHERE id = $1 AND (last_used_at IS NULL OR last_used_at <= $3)",
        )
        .bind(id)
        .bind(now)
        .bind(now - LAST_USED_RESOLUTION);
        Ok(with_db!(self, |db| db.execute(statement).await?) > 0)
    }

    /// Revokes token `id` at `now`: it opens nothing from then on. Audited as
    /// [`action::TOKEN_REVOKE`] by `actor`. Revoking a revoked token changes nothing and
    /// writes no entry; the token is returned as stored either way.
    ///
    /// Errors: [`StoreError::NotFound`] when there is no such token; database errors.
    pub async fn revoke_api_token(
        &self,
        id: i64,
        actor: &str,
        now: NaiveDateTime,
    ) -> Result<ApiToken, StoreError> {
        let now = now.trunc_subsecs(0);
        let token = in_transaction!(self, |db| {
            next_change(db).await?;
            let row: Option<TokenRow> = db
                .fetch_optional(
                    Statement::assembled(format!(
                        "SELECT {TOKEN_COLUMNS} FROM api_token WHERE id = $1"
                    ))
                    .bind(id),
                )
                .await?;
            let Some(mut token) = row.map(ApiToken::from) else {
                return Err(StoreError::NotFound {
                    what: format!("API token {id}"),
                });
            };
            if token.revoked_at.is_none() {
                db.execute(
                    Statement::new("UPDATE api_token SET revoked_at = $2 WHERE id = $1")
                        .bind(id)
                        .bind(now),
                )
                .await?;
                token.revoked_at = Some(now);
                audit::append(
                    db,
                    &NewEntry {
                        actor,
                        action: action::TOKEN_REVOKE,
                        entity: audit::entity::token(id),
                        period: None,
                        old_value: Some(token_summary(
                            &token.name,
                            &token.username,
                            token.expires_at,
                        )),
                        new_value: None,
                        reason: Some("revoked".to_string()),
                    },
                )
                .await?;
            }
            token
        });
        Ok(token)
    }
}

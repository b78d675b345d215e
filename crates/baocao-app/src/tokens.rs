//! API tokens: a program (a script, another system such as DHIS2) calls the JSON API with
//! `Authorization: Bearer <token>` and acts as the token's account, with that account's role
//! and fields, as if it had signed in. A token is `bc_` and 32 random bytes from the
//! operating system as 64 hex digits (the prefix lets secret scanners spot a leaked one);
//! it is shown once, when it is made; the database keeps only its SHA-256. Making and
//! revoking a token are audited by the store. A token stops working when it is revoked, when
//! it expires, and while its account is deactivated.

use baocao_core::text::nfc;
use baocao_store::{ApiToken, NewApiToken, Store, User};
use chrono::NaiveDateTime;

use crate::AppError;
use crate::accounts::{hex, normalize_username, random_bytes, token_hash};

/// What every token starts with.
pub const TOKEN_PREFIX: &str = "bc_";
/// The length of a token: the prefix and 64 hex digits.
pub const TOKEN_CHARS: usize = TOKEN_PREFIX.len() + 64;
/// The longest token name, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// The longest lifetime a token may be given, in days (ten years).
pub const MAX_EXPIRY_DAYS: u32 = 3650;

/// A token just made: the only time the token itself is known.
#[derive(Clone, PartialEq, Eq)]
pub struct NewToken {
    /// The token, `bc_` and 64 hex digits: to hand to the program, never stored.
    pub token: String,
    /// The token as stored.
    pub info: ApiToken,
}

impl std::fmt::Debug for NewToken {
    // The token is a secret: not in logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewToken")
            .field("info", &self.info)
            .finish_non_exhaustive()
    }
}

/// The account a valid token acts as, and the token's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenUser {
    /// The account, as stored now (active).
    pub user: User,
    /// The token's id.
    pub token_id: i64,
}

/// Makes a token for the active account `username` (normalised as at sign-in) named `name`
/// (trimmed, NFC, 1–100 characters), valid from `now` for `expires_in_days` days (1–3650)
/// or without end; audited as made by `actor`.
///
/// Errors: [`AppError::InvalidAccount`] naming the field (`username`: no such account, or
/// deactivated; `name`; `expires`) with a Vietnamese message; the system's random generator
/// ([`AppError::PasswordHash`]); storage errors.
pub async fn create_token(
    store: &Store,
    username: &str,
    name: &str,
    expires_in_days: Option<u32>,
    now: NaiveDateTime,
    actor: &str,
) -> Result<NewToken, AppError> {
    let username = normalize_username(username);
    let name = nfc(name.trim());
    let chars = name.chars().count();
    if chars == 0 || chars > MAX_NAME_CHARS {
        return Err(invalid(
            "name",
            format!(
                "Tên mã truy cập cần 1–{MAX_NAME_CHARS} ký tự, nói mã dùng để làm gì, ví dụ «Đồng bộ DHIS2»"
            ),
        ));
    }
    if let Some(days) = expires_in_days
        && !(1..=MAX_EXPIRY_DAYS).contains(&days)
    {
        return Err(invalid(
            "expires",
            format!(
                "Thời hạn của mã truy cập là số ngày từ 1 đến {MAX_EXPIRY_DAYS}, hoặc bỏ trống nếu không hết hạn"
            ),
        ));
    }
    match store.user_with_hash(&username).await? {
        None => {
            return Err(invalid(
                "username",
                format!("Không có tài khoản «{username}»"),
            ));
        }
        Some((user, _)) if !user.active => {
            return Err(invalid(
                "username",
                format!("Tài khoản «{username}» đã bị khóa: mã truy cập của nó không dùng được"),
            ));
        }
        Some(_) => {}
    }
    let token = format!("{TOKEN_PREFIX}{}", hex(&random_bytes::<32>()?));
    let new = NewApiToken {
        username,
        name,
        token_hash: token_hash(&token),
        created_at: now,
        expires_at: expires_in_days.map(|days| now + chrono::Duration::days(i64::from(days))),
    };
    let info = store.create_api_token(&new, actor).await?;
    Ok(NewToken { token, info })
}

/// Whether `text` looks like a token (`bc_` and 64 lowercase hex digits): anything else is
/// refused without asking the database.
pub fn looks_like_token(text: &str) -> bool {
    text.len() == TOKEN_CHARS
        && text.starts_with(TOKEN_PREFIX)
        && text[TOKEN_PREFIX.len()..]
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The account `token` acts as at `now`: `None` when it is not a token, unknown, revoked,
/// expired or its account deactivated. Records the use (at most once a minute).
///
/// Errors: storage errors.
pub async fn verify_token(
    store: &Store,
    token: &str,
    now: NaiveDateTime,
) -> Result<Option<TokenUser>, AppError> {
    if !looks_like_token(token) {
        return Ok(None);
    }
    let Some(found) = store.api_token_user(&token_hash(token), now).await? else {
        return Ok(None);
    };
    store.mark_api_token_used(found.token.id, now).await?;
    Ok(Some(TokenUser {
        user: found.user,
        token_id: found.token.id,
    }))
}

/// Revokes token `id` at `now`, audited as done by `actor`; revoking it again changes
/// nothing. Returns the token as stored.
///
/// Errors: [`StoreError::NotFound`] when there is no such token; storage errors.
pub async fn revoke_token(
    store: &Store,
    id: i64,
    actor: &str,
    now: NaiveDateTime,
) -> Result<ApiToken, AppError> {
    Ok(store.revoke_api_token(id, actor, now).await?)
}

/// The tokens of `username` (normalised), or of every account, by id.
///
/// Errors: storage errors.
pub async fn list_tokens(store: &Store, username: Option<&str>) -> Result<Vec<ApiToken>, AppError> {
    let username = username.map(normalize_username);
    Ok(store.api_tokens(username.as_deref()).await?)
}

fn invalid(field: &'static str, message: String) -> AppError {
    AppError::InvalidAccount { field, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_shapes() {
        let good = format!("bc_{}", "0123456789abcdef".repeat(4));
        assert!(looks_like_token(&good));
        assert_eq!(good.len(), TOKEN_CHARS);
        for bad in [
            String::new(),
            "bc_".to_string(),
            format!("bc_{}", "0123456789ABCDEF".repeat(4)),
            format!("xx_{}", "0123456789abcdef".repeat(4)),
            format!("bc_{}0", "0123456789abcdef".repeat(4)),
            format!("bc_{}g", &"0123456789abcdef".repeat(4)[1..]),
            format!("bc_{}ạ", &"0123456789abcdef".repeat(4)[3..]),
        ] {
            assert!(!looks_like_token(&bad), "{bad}");
        }
    }
}

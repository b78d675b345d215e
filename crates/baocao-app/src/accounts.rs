//! Accounts and sign-in: passwords hashed with argon2id (RFC 9106; the argon2 crate's default
//! parameters, m = 19 MiB, t = 2, p = 1, as OWASP's password storage guidance recommends),
//! session tokens of 32 random bytes from the operating system, of which the database keeps
//! only the SHA-256. A password, a token or a hash is never logged, printed or put in an
//! error.

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use baocao_core::catalog::Field;
use baocao_core::text::nfc;
use baocao_store::{NewSession, Role, Session, Store, StoreError, User};
use chrono::NaiveDateTime;
use sha2::{Digest, Sha256};

use crate::AppError;

/// The shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// The longest password accepted, in characters (hashing a longer one is wasted work).
pub const MAX_PASSWORD_CHARS: usize = 1024;
/// User names: at least this many characters …
pub const MIN_USERNAME_CHARS: usize = 3;
/// … and at most this many.
pub const MAX_USERNAME_CHARS: usize = 32;

/// An argon2id PHC string of `password` with a new random salt, e.g.
/// `$argon2id$v=19$m=19456,t=2,p=1$…$…`.
///
/// Errors: [`AppError::PasswordHash`] when the system's random generator or the hash fails.
pub fn hash_password(password: &str) -> Result<String, AppError> {
    let salt_bytes = random_bytes::<16>()?;
    let salt = SaltString::encode_b64(&salt_bytes)
        .map_err(|e| AppError::PasswordHash(format!("salt: {e}")))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| AppError::PasswordHash(e.to_string()))
}

/// Whether `password` is the one `hash` (a PHC string made by [`hash_password`]) was made
/// from; false for a hash that does not parse. The hash's own parameters are used.
pub fn verify_password(password: &str, hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok()
}

/// A user name as stored: trimmed, NFC, lower case.
pub fn normalize_username(username: &str) -> String {
    nfc(username.trim()).to_lowercase()
}

/// Checks a (normalised) user name: 3–32 characters of `a-z 0-9 . _ -`.
///
/// Errors: [`AppError::InvalidAccount`] for field `username`.
pub fn check_username(username: &str) -> Result<(), AppError> {
    let chars = username.chars().count();
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c);
    if !(MIN_USERNAME_CHARS..=MAX_USERNAME_CHARS).contains(&chars) || !username.chars().all(allowed)
    {
        return Err(invalid(
            "username",
            format!(
                "Tên đăng nhập «{username}» không hợp lệ: cần {MIN_USERNAME_CHARS}–{MAX_USERNAME_CHARS} ký tự, chỉ gồm chữ thường không dấu (a–z), chữ số và các dấu . _ -, ví dụ nguyenvana"
            ),
        ));
    }
    Ok(())
}

/// Checks a new password: at least 8 characters (and at most 1024).
///
/// Errors: [`AppError::InvalidAccount`] for field `password` (the message never repeats it).
pub fn check_password(password: &str) -> Result<(), AppError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(invalid(
            "password",
            format!("Mật khẩu quá ngắn: cần ít nhất {MIN_PASSWORD_CHARS} ký tự"),
        ));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(invalid(
            "password",
            format!("Mật khẩu quá dài: tối đa {MAX_PASSWORD_CHARS} ký tự"),
        ));
    }
    Ok(())
}

/// Creates an account: the user name normalised (trimmed, NFC, lower case) and checked
/// (3–32 characters of `a-z 0-9 . _ -`), the full name trimmed and non-empty, the password at
/// least 8 characters, hashed with argon2id; fields kept in the order given, without
/// repeats. Returns the account as stored (active).
///
/// Errors: [`AppError::InvalidAccount`] naming the field (`username`, `full_name`,
/// `password`) with a Vietnamese message, also when the user name is taken; storage errors.
pub async fn create_user(
    store: &Store,
    username: &str,
    full_name: &str,
    role: Role,
    fields: Vec<Field>,
    password: &str,
) -> Result<User, AppError> {
    let username = normalize_username(username);
    check_username(&username)?;
    let full_name = nfc(full_name.trim());
    if full_name.is_empty() {
        return Err(invalid(
            "full_name",
            "Họ và tên không được để trống".to_string(),
        ));
    }
    check_password(password)?;
    let mut unique = Vec::new();
    for field in fields {
        if !unique.contains(&field) {
            unique.push(field);
        }
    }
    let user = User {
        username,
        full_name,
        role,
        fields: unique,
        active: true,
    };
    let hash = hash_password(password)?;
    match store.create_user(&user, &hash).await {
        Ok(()) => Ok(user),
        Err(StoreError::UserExists { username }) => Err(invalid(
            "username",
            format!("Tên đăng nhập «{username}» đã có người dùng; chọn tên khác"),
        )),
        Err(e) => Err(e.into()),
    }
}

/// Sets a new password (checked as at creation) and ends every session of the account, so
/// that whoever knew the old one is signed out. Audited by the store (without the hash).
///
/// Errors: [`AppError::InvalidAccount`] for field `password`; [`StoreError::NotFound`] when
/// there is no such account; storage errors.
pub async fn set_password(store: &Store, username: &str, password: &str) -> Result<(), AppError> {
    check_password(password)?;
    let username = normalize_username(username);
    let hash = hash_password(password)?;
    store.set_password_hash(&username, &hash).await?;
    store.delete_user_sessions(&username).await?;
    Ok(())
}

/// A successful sign-in.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedIn {
    /// The cookie's value: 32 random bytes as 64 hex digits. Only its SHA-256 is stored.
    pub token: String,
    /// The token forms must send back (32 random bytes, 64 hex digits).
    pub csrf_token: String,
    /// The signed-in user.
    pub user: User,
    /// When the session stops working (to the second).
    pub expires_at: NaiveDateTime,
}

impl std::fmt::Debug for SignedIn {
    // The tokens are secrets: not in logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignedIn")
            .field("user", &self.user)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// Signs in: checks the password of the active account `username` (normalised as at
/// creation) and stores a new session valid from `now` for `lifetime`. When there is no such
/// account, or it is deactivated, a password is still checked against a dummy hash, so that
/// the answer takes as long either way and does not tell which user names exist. Expired
/// sessions are removed on the way.
///
/// Errors: [`AppError::SignIn`] (one message for a wrong user name, a wrong password and a
/// deactivated account); storage errors.
pub async fn sign_in(
    store: &Store,
    username: &str,
    password: &str,
    now: NaiveDateTime,
    lifetime: chrono::Duration,
) -> Result<SignedIn, AppError> {
    let username = normalize_username(username);
    let found = store.user_with_hash(&username).await?;
    let password = password.to_string();
    let (user, valid) = match found {
        Some((user, hash)) if user.active => {
            let valid = verify_blocking(password, hash).await?;
            (Some(user), valid)
        }
        _ => {
            verify_blocking(password, dummy_hash()?.to_string()).await?;
            (None, false)
        }
    };
    let (Some(user), true) = (user, valid) else {
        return Err(AppError::SignIn);
    };
    let token = hex(&random_bytes::<32>()?);
    let csrf_token = hex(&random_bytes::<32>()?);
    let session = NewSession {
        token_hash: token_hash(&token),
        username: user.username.clone(),
        csrf_token: csrf_token.clone(),
        created_at: now,
        expires_at: now + lifetime,
    };
    store.create_session(&session).await?;
    // Sign-ins are rare enough to tidy up at.
    store.delete_expired_sessions(now).await?;
    Ok(SignedIn {
        token,
        csrf_token,
        user,
        expires_at: chrono::SubsecRound::trunc_subsecs(session.expires_at, 0),
    })
}

/// The valid session of a cookie's token at `now` (`None`: unknown, expired, or its user
/// deactivated).
///
/// Errors: storage errors.
pub async fn session_for_token(
    store: &Store,
    token: &str,
    now: NaiveDateTime,
) -> Result<Option<Session>, AppError> {
    Ok(store.session(&token_hash(token), now).await?)
}

/// Ends the session of a cookie's token (nothing happens for an unknown token).
///
/// Errors: storage errors.
pub async fn sign_out(store: &Store, token: &str) -> Result<(), AppError> {
    Ok(store.delete_session(&token_hash(token)).await?)
}

/// What the database keeps of a token: its SHA-256 as 64 lowercase hex digits.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Whether two tokens are equal, in time that depends only on their lengths (for the CSRF
/// check).
pub fn tokens_equal(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Argon2 takes tens of milliseconds of CPU: off the async threads.
async fn verify_blocking(password: String, hash: String) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .map_err(|e| AppError::PasswordHash(format!("verification did not finish: {e}")))
}

/// A hash of a random password, made once, to check passwords against when there is no
/// account.
fn dummy_hash() -> Result<&'static str, AppError> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    if let Some(hash) = DUMMY.get() {
        return Ok(hash);
    }
    let hash = hash_password(&hex(&random_bytes::<16>()?))?;
    Ok(DUMMY.get_or_init(|| hash))
}

pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N], AppError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes)
        .map_err(|e| AppError::PasswordHash(format!("the system's random generator: {e}")))?;
    Ok(bytes)
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}

fn invalid(field: &'static str, message: String) -> AppError {
    AppError::InvalidAccount { field, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ() {
        let a = hash_password("mật khẩu dài").unwrap();
        let b = hash_password("mật khẩu dài").unwrap();
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "a new salt each time");
        assert!(verify_password("mật khẩu dài", &a));
        assert!(verify_password("mật khẩu dài", &b));
        assert!(!verify_password("mật khẩu dai", &a));
        assert!(!verify_password("mật khẩu dài", "not a hash"));
        assert!(!a.contains("mật"));
    }

    #[test]
    fn token_hashes() {
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        assert_eq!(
            token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(tokens_equal("ab12", "ab12"));
        assert!(!tokens_equal("ab12", "ab13"));
        assert!(!tokens_equal("ab12", "ab1"));
    }

    #[test]
    fn user_names() {
        assert_eq!(normalize_username("  NguyenVanA "), "nguyenvana");
        for good in ["nva", "nguyen.van-a_2", "a23", &"x".repeat(32)] {
            assert!(check_username(good).is_ok(), "{good}");
        }
        for bad in ["ab", "nguyễn", "nguyen van", "a/b", "", &"x".repeat(33)] {
            let Err(AppError::InvalidAccount { field, message }) = check_username(bad) else {
                panic!("{bad} accepted");
            };
            assert_eq!(field, "username");
            assert!(message.starts_with("Tên đăng nhập"), "{message}");
        }
    }

    #[test]
    fn passwords() {
        assert!(check_password("12345678").is_ok());
        assert!(
            check_password("mậtkhẩu!").is_ok(),
            "eight characters, more bytes"
        );
        let Err(AppError::InvalidAccount { field, message }) = check_password("1234567") else {
            panic!("short password accepted");
        };
        assert_eq!(field, "password");
        assert!(!message.contains("1234567"));
    }
}

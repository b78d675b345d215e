//! Sessions and CSRF.
//!
//! A session is the cookie `baocao_session` (HttpOnly, SameSite=Lax, Path=/, Secure with
//! `--secure-cookies`) holding a random token; the database keeps only its SHA-256
//! (`baocao_app::accounts`). [`require_session`] guards every page but sign-in and
//! `/static`: without a valid session it answers 303 to `/dang-nhap?next=…`.
//!
//! CSRF: every POST behind the guard must carry the session's token, in the form field
//! `csrf` or the header `X-CSRF-Token`, compared in constant time; missing or wrong → 403
//! before the handler runs, so nothing changes. A multipart form (a file upload) carries the
//! field `csrf` first; only the beginning of its body is read to check it. The sign-in form has no session yet: it uses
//! a double-submit cookie, `baocao_csrf` (random, HttpOnly, SameSite=Lax, Path=/dang-nhap),
//! whose value the form repeats in `csrf`; a cross-site page can neither read the cookie nor
//! set it, so it cannot post a matching pair (login CSRF).
//!
//! Authorisation comes from the session's user only ([`Viewer::actor`]), never from a form.

use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use baocao_app::edit::Actor;
use baocao_core::catalog::Field;
use baocao_store::{Role, User};

use crate::{AppState, WebError, cookies, form};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "baocao_session";
/// The sign-in form's double-submit cookie.
pub const SIGN_IN_CSRF_COOKIE: &str = "baocao_csrf";
/// The form field carrying the CSRF token.
pub const CSRF_FIELD: &str = "csrf";
/// The header carrying the CSRF token (script requests).
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The largest form body read (a month's whole entry form is far smaller).
const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// The signed-in user of a request, put there by [`require_session`].
#[derive(Debug, Clone)]
pub struct Viewer {
    /// The user, as stored.
    pub user: User,
    /// The session's CSRF token, for the forms of the page.
    pub csrf: String,
    /// The session cookie's token (to sign out).
    pub token: String,
}

impl Viewer {
    /// What the user may do, from the session's role and fields.
    pub fn actor(&self) -> Actor {
        Actor::from(&self.user)
    }

    /// Whether the user is the IT officer (quản trị).
    pub fn is_admin(&self) -> bool {
        self.user.role == Role::QuanTri
    }

    /// Whether the user may enter the figures of `field`.
    pub fn may_edit(&self, field: Field) -> bool {
        self.actor().may_edit(field)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Viewer {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Viewer>().cloned().ok_or_else(|| {
            WebError::Internal("a handler needing a session is not behind require_session".into())
        })
    }
}

/// The time now (UTC), for sessions.
pub fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// Admits requests with a valid session (and, for POST, its CSRF token); redirects the
/// others to sign-in (303, `next` = the path and query asked for).
pub async fn require_session(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let Some(token) = cookies::get(request.headers(), SESSION_COOKIE) else {
        return to_sign_in(&request);
    };
    let session = match baocao_app::accounts::session_for_token(state.store(), &token, now()).await
    {
        Ok(Some(session)) => session,
        Ok(None) => return to_sign_in(&request),
        Err(e) => return WebError::from(e).into_response(),
    };
    let viewer = Viewer {
        user: session.user,
        csrf: session.csrf_token,
        token,
    };
    let mut request = if is_safe(request.method()) {
        request
    } else {
        match check_csrf(request, &viewer.csrf).await {
            Ok(request) => request,
            Err(e) => return e.into_response(),
        }
    };
    request.extensions_mut().insert(viewer);
    next.run(request).await
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn to_sign_in(request: &Request) -> Response {
    let asked = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "/".to_string());
    let target = if asked == "/" || !is_safe(request.method()) {
        "/dang-nhap".to_string()
    } else {
        format!("/dang-nhap?next={}", form::encode(&asked))
    };
    Redirect::to(&target).into_response()
}

/// The message of a refused CSRF check.
pub const CSRF_REFUSED: &str = "Yêu cầu bị từ chối vì thiếu mã xác thực của phiên làm việc (có thể trang đã mở quá lâu). Hãy tải lại trang rồi thử lại.";

/// Checks the token of a state-changing request: the header, else the form field. The body
/// is read (up to 2 MiB) and handed on unchanged.
async fn check_csrf(request: Request, expected: &str) -> Result<Request, WebError> {
    if let Some(sent) = request.headers().get(CSRF_HEADER) {
        return if same(sent.as_bytes(), expected.as_bytes()) {
            Ok(request)
        } else {
            Err(WebError::Forbidden(CSRF_REFUSED.into()))
        };
    }
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if content_type.starts_with("multipart/form-data") {
        let boundary = multer::parse_boundary(content_type)
            .map_err(|_| WebError::Forbidden(CSRF_REFUSED.into()))?;
        return check_multipart_csrf(request, &boundary, expected).await;
    }
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return Err(WebError::Forbidden(CSRF_REFUSED.into()));
    }
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, BODY_LIMIT)
        .await
        .map_err(|_| WebError::Forbidden("Dữ liệu gửi lên quá lớn.".into()))?;
    let pairs = form::parse_urlencoded(&bytes);
    if !same(
        form::value(&pairs, CSRF_FIELD).as_bytes(),
        expected.as_bytes(),
    ) {
        return Err(WebError::Forbidden(CSRF_REFUSED.into()));
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// How much of a multipart body is read to find its first field, the CSRF token.
const MULTIPART_HEAD_LIMIT: usize = 16 * 1024;

/// Checks the token of a multipart form (a file upload): its first field must be `csrf`
/// (browsers send the fields in the form's order, and the forms put it first). Only the
/// beginning of the body is read, up to the end of that field (at most 16 KiB); the body is
/// handed on whole, unread, so an upload is never held in memory here.
async fn check_multipart_csrf(
    request: Request,
    boundary: &str,
    expected: &str,
) -> Result<Request, WebError> {
    use futures_util::StreamExt;

    let refused = || WebError::Forbidden(CSRF_REFUSED.into());
    let (parts, body) = request.into_parts();
    let mut stream = body.into_data_stream();
    let delimiter = format!("--{boundary}");
    let mut head: Vec<u8> = Vec::new();
    // The first field is complete once the delimiter after it has arrived.
    while count(&head, delimiter.as_bytes(), 2) < 2 && head.len() < MULTIPART_HEAD_LIMIT {
        match stream.next().await {
            Some(Ok(chunk)) => head.extend_from_slice(&chunk),
            Some(Err(_)) => return Err(refused()),
            None => break,
        }
    }
    let head = axum::body::Bytes::from(head);
    let first = head.clone();
    let mut fields = multer::Multipart::new(
        futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(first) }),
        boundary,
    );
    let field = fields
        .next_field()
        .await
        .ok()
        .flatten()
        .ok_or_else(refused)?;
    if field.name() != Some(CSRF_FIELD) {
        return Err(refused());
    }
    let sent = field.text().await.map_err(|_| refused())?;
    if !same(sent.trim().as_bytes(), expected.as_bytes()) {
        return Err(refused());
    }
    let whole = futures_util::stream::once(async move { Ok::<_, axum::Error>(head) }).chain(stream);
    Ok(Request::from_parts(parts, Body::from_stream(whole)))
}

/// How many times `needle` occurs in `haystack` (without overlaps), counting up to `at_most`.
fn count(haystack: &[u8], needle: &[u8], at_most: usize) -> usize {
    let mut n = 0;
    let mut at = 0;
    while n < at_most
        && let Some(i) = haystack[at..]
            .windows(needle.len())
            .position(|w| w == needle)
    {
        n += 1;
        at += i + needle.len();
    }
    n
}

/// Compares two tokens in time that depends only on their lengths.
pub fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() || a.is_empty() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

/// 32 random bytes as hex: the sign-in form's double-submit token.
///
/// Errors: the operating system's random source failed.
pub fn random_token() -> Result<String, WebError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| WebError::Internal(format!("random source: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"ab"));
        assert!(!same(b"", b""));
    }

    #[test]
    fn delimiters_are_counted() {
        assert_eq!(count(b"--b\r\nx\r\n--b\r\ny", b"--b", 5), 2);
        assert_eq!(count(b"--b--b--b", b"--b", 2), 2);
        assert_eq!(count(b"--b", b"--b", 2), 1);
        assert_eq!(count(b"", b"--b", 2), 0);
    }

    #[test]
    fn random_tokens_differ() {
        let a = random_token().unwrap();
        let b = random_token().unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
    }
}

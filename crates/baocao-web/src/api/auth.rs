//! Bearer tokens: every endpoint but `/api/v1/openapi.json` needs `Authorization: Bearer
//! <token>` (a token of `baocao token add`, `baocao_app::tokens`). The token's account acts
//! with its role and fields, as in the web application ([`Actor::from`] of the stored user,
//! read again at every request, so a changed role counts at once). No cookie is read and no
//! CSRF token is asked for: a browser never sends a bearer token by itself, so another site
//! cannot make it act.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::header;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use baocao_app::edit::Actor;
use baocao_store::User;

use super::error::ApiError;
use crate::AppState;

/// The account a request's token acts as, put there by [`require_token`].
#[derive(Debug, Clone)]
pub struct ApiUser {
    /// The account, as stored now.
    pub user: User,
    /// The token's id.
    pub token_id: i64,
}

impl ApiUser {
    /// What the account may do.
    pub fn actor(&self) -> Actor {
        Actor::from(&self.user)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<ApiUser>()
            .cloned()
            .ok_or_else(|| ApiError::internal("an API handler is not behind require_token"))
    }
}

/// The message without a token.
pub const MISSING: &str = "Thiếu mã truy cập: gửi tiêu đề «Authorization: Bearer <mã>» với mã do quản trị tạo bằng «baocao token add»";
/// The message of a token that opens nothing.
pub const INVALID: &str =
    "Mã truy cập không đúng, đã bị thu hồi, đã hết hạn, hoặc tài khoản của nó đã bị khóa";

/// Admits requests with a valid bearer token; answers 401 JSON to the others.
pub async fn require_token(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(value) = request.headers().get(header::AUTHORIZATION) else {
        return ApiError::unauthorized(MISSING).into_response();
    };
    let Some(token) = value.to_str().ok().and_then(bearer) else {
        return ApiError::unauthorized(MISSING).into_response();
    };
    let now = crate::auth::now();
    match baocao_app::tokens::verify_token(state.store(), token, now).await {
        Ok(Some(found)) => {
            request.extensions_mut().insert(ApiUser {
                user: found.user,
                token_id: found.token_id,
            });
            next.run(request).await
        }
        Ok(None) => ApiError::unauthorized(INVALID).into_response(),
        Err(e) => ApiError::from(e).into_response(),
    }
}

/// The token of an `Authorization` value `Bearer <token>` (the scheme in any case, RFC 7235).
fn bearer(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::bearer;

    #[test]
    fn bearer_values() {
        assert_eq!(bearer("Bearer bc_abc"), Some("bc_abc"));
        assert_eq!(bearer("bearer   bc_abc "), Some("bc_abc"));
        assert_eq!(bearer("Basic dXNlcjpwYXNz"), None);
        assert_eq!(bearer("Bearer"), None);
        assert_eq!(bearer("Bearer   "), None);
        assert_eq!(bearer("bc_abc"), None);
    }
}

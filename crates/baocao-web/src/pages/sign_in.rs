//! `GET/POST /dang-nhap` and `POST /dang-xuat`. Sign-in fields: `username`, `password`,
//! `csrf` (the double-submit token, see `auth.rs`) and `next` (the local path to return to).
//! A wrong username or password gives one message, keeps the username and never echoes the
//! password.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use baocao_app::AppError;
use serde::Deserialize;

use crate::auth::{self, SESSION_COOKIE, SIGN_IN_CSRF_COOKIE, Viewer};
use crate::{AppState, WebError, cookies, form, templates};

/// The message of a refused sign-in (the same for an unknown user and a wrong password).
pub const WRONG_CREDENTIALS: &str = "Tên đăng nhập hoặc mật khẩu không đúng.";

/// `?next=` after sign-in.
#[derive(Debug, Default, Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

fn render(csrf: &str, username: &str, next: &str, error: Option<&str>) -> Result<String, WebError> {
    Ok(templates::render(
        "sign_in.html",
        crate::page_context! { csrf, username, next, error },
    )?)
}

fn with_csrf_cookie(
    state: &AppState,
    html: String,
    token: &str,
    status: axum::http::StatusCode,
) -> Response {
    let cookie = cookies::set(
        SIGN_IN_CSRF_COOKIE,
        token,
        "/dang-nhap",
        Some(3600),
        state.config().secure_cookies,
    );
    let mut response = (status, Html(html)).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `GET /dang-nhap`: the form (or, with a valid session already, straight to `next`).
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<NextQuery>,
) -> Result<Response, WebError> {
    let next = form::safe_next(&q.next);
    if let Some(token) = cookies::get(&headers, SESSION_COOKIE)
        && baocao_app::accounts::session_for_token(state.store(), &token, auth::now())
            .await?
            .is_some()
    {
        return Ok(Redirect::to(&next).into_response());
    }
    let token = auth::random_token()?;
    let html = render(&token, "", &next, None)?;
    Ok(with_csrf_cookie(
        &state,
        html,
        &token,
        axum::http::StatusCode::OK,
    ))
}

/// `POST /dang-nhap`: checks the double-submit token, then the password; sets the session
/// cookie and goes to `next` (303), or shows the form again with one message.
pub async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    let pairs = form::parse_urlencoded(&body);
    let sent = form::value(&pairs, "csrf");
    let cookie = cookies::get(&headers, SIGN_IN_CSRF_COOKIE).unwrap_or_default();
    if !auth::same(sent.as_bytes(), cookie.as_bytes()) {
        return Err(WebError::Forbidden(
            "Phiên đăng nhập đã hết hạn hoặc trình duyệt chặn cookie. Hãy tải lại trang đăng nhập rồi thử lại.".to_string(),
        ));
    }
    let username = form::value(&pairs, "username").trim().to_string();
    let password = form::value(&pairs, "password");
    let next = form::safe_next(form::value(&pairs, "next"));
    let lifetime = state.config().session_lifetime;
    match baocao_app::accounts::sign_in(state.store(), &username, password, auth::now(), lifetime)
        .await
    {
        Ok(signed) => {
            let secure = state.config().secure_cookies;
            let session = cookies::set(
                SESSION_COOKIE,
                &signed.token,
                "/",
                Some(lifetime.num_seconds()),
                secure,
            );
            let clear = cookies::set(SIGN_IN_CSRF_COOKIE, "", "/dang-nhap", Some(0), secure);
            let mut response = Redirect::to(&next).into_response();
            for value in [session, clear] {
                if let Ok(v) = HeaderValue::from_str(&value) {
                    response.headers_mut().append(header::SET_COOKIE, v);
                }
            }
            Ok(response)
        }
        Err(AppError::SignIn) => {
            let token = auth::random_token()?;
            let html = render(&token, &username, &next, Some(WRONG_CREDENTIALS))?;
            Ok(with_csrf_cookie(
                &state,
                html,
                &token,
                axum::http::StatusCode::UNAUTHORIZED,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /dang-xuat`: ends the session (deleted in the database) and clears the cookie.
pub async fn sign_out(State(state): State<AppState>, viewer: Viewer) -> Result<Response, WebError> {
    baocao_app::accounts::sign_out(state.store(), &viewer.token).await?;
    let clear = cookies::set(
        SESSION_COOKIE,
        "",
        "/",
        Some(0),
        state.config().secure_cookies,
    );
    let mut response = Redirect::to("/dang-nhap").into_response();
    if let Ok(v) = HeaderValue::from_str(&clear) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}

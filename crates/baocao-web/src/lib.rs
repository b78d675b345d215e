//! The baocao web application: a department's civil servants enter the month's figures,
//! registers and narrative in the browser, their leaders review and approve, and everyone
//! reads the report as it will print. Server-rendered HTML (minijinja, auto-escaped), one CSS
//! and one small script served from the binary; every page works without JavaScript.
//!
//! Entry points: [`router`] (the whole application as an axum `Router`, for tests and for
//! [`serve`]) and [`serve`] (a listener with graceful shutdown). Handlers are thin: they call
//! the `baocao-app` use cases and render a template. Paths are stable (the end-to-end tests
//! use them); see `docs/web.md`.

mod api;
mod auth;
mod cache;
mod cookies;
mod download;
mod error;
mod form;
mod grid;
mod layout;
mod log;
mod pages;
mod templates;
mod trends;
mod view;

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::{any, get, post};
use baocao_app::ReportFormat;
use baocao_store::Store;

pub use api::{api_routes, openapi_document};
pub use auth::{CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE, SIGN_IN_CSRF_COOKIE};
pub use error::WebError;

/// Settings of the web application, resolved once by the caller.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Sets `Secure` on the cookies: on behind HTTPS, off for plain-HTTP localhost.
    pub secure_cookies: bool,
    /// How long a session lasts after sign-in.
    pub session_lifetime: chrono::Duration,
    /// The folder where uploaded files wait between their preview and the confirmation
    /// (created when missing, readable by this user only; files older than an hour are
    /// removed).
    pub upload_dir: std::path::PathBuf,
}

impl Default for WebConfig {
    /// Cookies without `Secure`; sessions of 12 hours (a working day); uploads wait in
    /// `baocao-uploads` under the operating system's temporary folder.
    fn default() -> Self {
        WebConfig {
            secure_cookies: false,
            session_lifetime: chrono::Duration::hours(12),
            upload_dir: std::env::temp_dir().join("baocao-uploads"),
        }
    }
}

/// What every handler shares: the store, the settings and what is kept between requests
/// until the store changes (the compiled catalogue, the dashboard's charts). Cloning is
/// cheap.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    config: WebConfig,
    cache: cache::Cache,
}

impl AppState {
    /// The state over an opened store, with nothing kept yet.
    pub fn new(store: Store, config: WebConfig) -> AppState {
        AppState {
            inner: Arc::new(Inner {
                store,
                config,
                cache: cache::Cache::default(),
            }),
        }
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// The settings.
    pub fn config(&self) -> &WebConfig {
        &self.inner.config
    }

    /// What is kept between requests while the store does not change.
    pub(crate) fn cache(&self) -> &cache::Cache {
        &self.inner.cache
    }
}

/// Every path of the application that needs a session, with the methods it answers; the
/// tests iterate over it (each must redirect to sign-in without a session).
pub const PROTECTED_PATHS: &[(&str, &str)] = &[
    ("GET", "/"),
    ("GET", "/ky/2023-04"),
    ("POST", "/ky/2023-04/trang-thai"),
    ("GET", "/ky/2023-04/nhap/cntt"),
    ("POST", "/ky/2023-04/nhap/cntt"),
    ("POST", "/ky/2023-04/nhap/cntt/o"),
    ("GET", "/ky/2023-04/kiem-tra"),
    ("GET", "/ky/2023-04/van-ban"),
    ("POST", "/ky/2023-04/van-ban"),
    ("GET", "/ky/2023-04/nhiem-vu"),
    ("POST", "/ky/2023-04/nhiem-vu"),
    ("GET", "/ky/2023-04/noi-dung/2.2"),
    ("POST", "/ky/2023-04/noi-dung/2.2"),
    ("POST", "/ky/2023-04/noi-dung/2.2/xem-truoc"),
    ("GET", "/ky/2023-04/bao-cao"),
    ("GET", "/ky/2023-04/bao-cao.docx"),
    ("GET", "/ky/2023-04/bao-cao.md"),
    ("GET", "/ky/2023-04/bao-cao.pdf"),
    ("GET", "/ky/2023-04/bao-cao.xlsx"),
    ("GET", "/ky/2023-04/lich-su"),
    ("GET", "/ky/2023-04/nhap-tep"),
    ("POST", "/ky/2023-04/nhap-tep"),
    ("POST", "/ky/2023-04/nhap-tep/00/xac-nhan"),
    ("GET", "/ky/2023-04/nhap-tep/00/ket-qua"),
    ("GET", "/ky/2023-04/bieu-mau.xlsx"),
    ("GET", "/quan-tri/nguoi-dung"),
    ("POST", "/quan-tri/nguoi-dung"),
    ("POST", "/dang-xuat"),
];

/// The whole application. Pages other than sign-in and `/static/…` need a session (else
/// 303 to `/dang-nhap?next=…`); every POST needs the session's CSRF token (else 403).
pub fn router(state: AppState) -> Router {
    let protected = Router::new()
        .route("/", get(pages::dashboard::home))
        .route("/ky/{period}", get(pages::dashboard::page))
        .route(
            "/ky/{period}/trang-thai",
            post(pages::dashboard::change_status),
        )
        .route(
            "/ky/{period}/nhap/{field}",
            get(pages::entry::page).post(pages::entry::save_form),
        )
        .route("/ky/{period}/nhap/{field}/o", post(pages::entry::save_cell))
        .route("/ky/{period}/kiem-tra", get(pages::validation::page))
        .route(
            "/ky/{period}/van-ban",
            get(pages::documents::page).post(pages::documents::submit),
        )
        .route(
            "/ky/{period}/nhiem-vu",
            get(pages::tasks::page).post(pages::tasks::submit),
        )
        .route(
            "/ky/{period}/noi-dung/{section}",
            get(pages::narrative::page).post(pages::narrative::save),
        )
        .route(
            "/ky/{period}/noi-dung/{section}/xem-truoc",
            post(pages::narrative::preview),
        )
        .route("/ky/{period}/bao-cao", get(pages::report::page))
        .route(
            "/ky/{period}/bao-cao.docx",
            pages::report::download(ReportFormat::Docx),
        )
        .route(
            "/ky/{period}/bao-cao.md",
            pages::report::download(ReportFormat::Markdown),
        )
        .route(
            "/ky/{period}/bao-cao.pdf",
            pages::report::download(ReportFormat::Pdf),
        )
        .route(
            "/ky/{period}/bao-cao.xlsx",
            pages::report::download(ReportFormat::Xlsx),
        )
        .route("/ky/{period}/lich-su", get(pages::history::page))
        .route(
            "/ky/{period}/nhap-tep",
            get(pages::upload::page)
                .post(pages::upload::upload)
                .layer(DefaultBodyLimit::max(pages::upload::BODY_LIMIT)),
        )
        .route(
            "/ky/{period}/nhap-tep/{id}/xac-nhan",
            post(pages::upload::confirm),
        )
        .route(
            "/ky/{period}/nhap-tep/{id}/ket-qua",
            get(pages::upload::result),
        )
        .route("/ky/{period}/bieu-mau.xlsx", get(pages::upload::form))
        .route(
            "/quan-tri/nguoi-dung",
            get(pages::users::page).post(pages::users::submit),
        )
        .route("/dang-xuat", post(pages::sign_in::sign_out))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            auth::require_session,
        ));
    Router::new()
        .route(
            "/dang-nhap",
            get(pages::sign_in::page).post(pages::sign_in::submit),
        )
        .route("/static/{file}", get(pages::assets::file))
        .nest(api::PREFIX, api::router(state.clone()))
        .route("/api/v1/", any(api::unknown_path))
        .merge(protected)
        .fallback(pages::not_found)
        .layer(middleware::from_fn(log::security_headers))
        .layer(middleware::from_fn(log::log_request))
        .with_state(state)
}

/// Serves the application on `listener` until `shutdown` completes, then finishes the
/// requests in flight (graceful shutdown).
///
/// Errors: the listener's I/O errors.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}

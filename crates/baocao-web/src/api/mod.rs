//! The JSON API under `/api/v1` (issue 5): the catalogue, org units, periods, figures (read
//! with filters; written in bulk as DHIS2 dataValueSets), validation results, the rendered
//! report, the Excel form and the registers, for programs. `docs/api.md` describes every
//! endpoint; the OpenAPI 3.1 document generated from this code (utoipa) is served without a
//! token at `/api/v1/openapi.json`.
//!
//! Every endpoint but the document needs `Authorization: Bearer <token>` ([`auth`]): the
//! token's account acts with its role and fields, as in the web application; no cookie, no
//! CSRF. Every answer of an error is JSON (`{"error": {"code", "message"}}`, [`error`]),
//! the message in Vietnamese; bad input is a 4xx, never a 5xx. Bodies are limited: 64 MB for
//! a bulk write, 64 KB anywhere else. The routes are one table ([`table`]), from which both
//! the router and the list the tests compare with the OpenAPI document are made.

mod auth;
mod data_values;
mod error;
pub(crate) mod extract;
mod meta;
mod registers;
mod results;

use std::sync::LazyLock;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::header;
use axum::middleware;
use axum::response::IntoResponse;
use axum::routing::{MethodRouter, any, get, post};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

pub use error::{ErrorBody, unknown_path};

use crate::AppState;

/// Where the API is mounted.
pub const PREFIX: &str = "/api/v1";
/// The largest body of a bulk write (`POST /dataValueSets`): 64 MB.
pub const BULK_BODY_LIMIT: usize = 64 * 1024 * 1024;
/// The largest body anywhere else: 64 KB (no other endpoint reads one).
pub const BODY_LIMIT: usize = 64 * 1024;

/// One route of the API: its method, its path under [`PREFIX`], whether it needs a token,
/// and its handler.
struct Route {
    method: &'static str,
    path: &'static str,
    open: bool,
    handler: MethodRouter<AppState>,
}

fn route(method: &'static str, path: &'static str, handler: MethodRouter<AppState>) -> Route {
    Route {
        method,
        path,
        open: false,
        handler,
    }
}

/// Every route of the API, once.
fn table() -> Vec<Route> {
    vec![
        Route {
            open: true,
            ..route("GET", "/openapi.json", get(openapi_json))
        },
        route("GET", "/me", get(meta::me)),
        route("GET", "/catalog", get(meta::catalog)),
        route("GET", "/orgUnits", get(meta::org_units)),
        route("GET", "/periods", get(meta::periods)),
        route("GET", "/periods/{period}", get(meta::period)),
        route("GET", "/dataValues", get(data_values::list)),
        route(
            "POST",
            "/dataValueSets",
            post(data_values::import).layer(DefaultBodyLimit::max(BULK_BODY_LIMIT)),
        ),
        route("GET", "/validation", get(results::validation)),
        route("GET", "/reports/{period}", get(results::report)),
        route("GET", "/forms/{period}", get(results::form)),
        route("GET", "/documents", get(registers::documents)),
        route("GET", "/tasks", get(registers::tasks)),
    ]
}

/// Every route of the API as (method, full path), e.g. `("GET", "/api/v1/periods/{period}")`:
/// what the tests compare with the OpenAPI document's paths.
pub fn api_routes() -> Vec<(&'static str, String)> {
    table()
        .into_iter()
        .map(|r| (r.method, format!("{PREFIX}{}", r.path)))
        .collect()
}

/// The API's router, to nest at [`PREFIX`]: the open routes, the routes behind the bearer
/// token, JSON answers for unknown paths and methods, the body limits.
pub fn router(state: AppState) -> Router<AppState> {
    let mut open = Router::new();
    let mut protected = Router::new();
    for r in table() {
        if r.open {
            open = open.route(r.path, r.handler);
        } else {
            protected = protected.route(r.path, r.handler);
        }
    }
    let protected =
        protected.route_layer(middleware::from_fn_with_state(state, auth::require_token));
    open.merge(protected)
        // `/api/v1` itself (`/api/v1/` is routed beside the nest: its fallback does not
        // see an empty rest).
        .route("/", any(error::unknown_path))
        .method_not_allowed_fallback(error::method_not_allowed)
        .fallback(error::unknown_path)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "baocao API",
        version = "1",
        description = "The JSON API of baocao: the catalogue, org units, periods, figures (read with filters; written in bulk as DHIS2 dataValueSets, all or nothing), validation results, the rendered report, the Excel form and the registers. Every endpoint but this document needs `Authorization: Bearer <token>` (`baocao token add USER --name N`); the token acts with its account's role and fields. Errors are `{\"error\": {\"code\", \"message\"}}`, the message in Vietnamese. See docs/api.md."
    ),
    paths(
        openapi_json,
        meta::me,
        meta::catalog,
        meta::org_units,
        meta::periods,
        meta::period,
        data_values::list,
        data_values::import,
        results::validation,
        results::report,
        results::form,
        registers::documents,
        registers::tasks,
    ),
    components(schemas(ErrorBody)),
    modifiers(&BearerScheme),
    security(("bearer" = [])),
)]
struct ApiDoc;

/// Adds the bearer scheme the `security` requirement names.
struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("bc_ and 64 hex digits")
                    .description(Some(
                        "An API token made with `baocao token add USER --name N [--expires DAYS]`",
                    ))
                    .build(),
            ),
        );
    }
}

/// The OpenAPI document of the API.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
    openapi_document()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
});

/// `GET /api/v1/openapi.json`: this API's OpenAPI document (no token needed).
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "tài liệu",
    security(()),
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json", body = Object))
)]
pub async fn openapi_json() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        DOCUMENT.as_str(),
    )
}

//! One log line per request: method, path, status and milliseconds. Never the query string,
//! a body, a header or a cookie, so no password, token or figure reaches the log.

use std::time::Instant;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

/// Logs `GET /ky/2023-04 200 12ms` at info level, target `baocao_web::request`.
pub async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    tracing::info!(
        target: "baocao_web::request",
        "{method} {path} {} {}ms",
        response.status().as_u16(),
        started.elapsed().as_millis()
    );
    response
}

//! Tests of the web application, driving the router with `tower::ServiceExt::oneshot` over
//! the April 2023 example in a fresh SQLite database, with four users: `quantri`
//! (quản trị), `cv_cntt` and `cv_bcvt` (chuyên viên of cntt, bcvt) and `lanhdao`.

mod api;
mod pages;
mod security;
mod upload;

use std::sync::{Arc, LazyLock, Mutex, Once};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use baocao_core::catalog::Field;
use baocao_store::testing::TestDatabase;
use baocao_store::{Role, Store};
use baocao_web::{AppState, WebConfig};
use tower::ServiceExt;

/// The password of every test user.
pub(crate) const PASSWORD: &str = "mat-khau-rat-bi-mat-42";

/// The application over a fresh database holding the example and the test users.
pub(crate) struct App {
    pub(crate) router: Router,
    pub(crate) store: Store,
    pub(crate) db: TestDatabase,
}

/// Everything every test logged: one subscriber for the whole test binary (a per-test
/// subscriber misses events whose call sites other threads registered first).
pub(crate) static LOG: LazyLock<Arc<Mutex<Vec<u8>>>> = LazyLock::new(Arc::default);

struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture_logs() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(
                "info,baocao_web=trace,baocao_app=trace,baocao_store=trace,sqlx=debug",
            ))
            .with_writer(|| Captured(LOG.clone()))
            .finish();
        tracing::subscriber::set_global_default(subscriber).unwrap();
    });
}

impl App {
    pub(crate) async fn new() -> App {
        capture_logs();
        let db = TestDatabase::sqlite().await;
        let store = db.store.clone();
        let bundle = baocao_files::load_bundle_files(baocao_app::example::files()).unwrap();
        baocao_app::store_bundle(&store, bundle).await.unwrap();
        let users = [
            ("quantri", "Quản Trị Viên", Role::QuanTri, vec![]),
            (
                "cv_cntt",
                "Nguyễn Văn An",
                Role::ChuyenVien,
                vec![Field::Cntt],
            ),
            (
                "cv_bcvt",
                "Trần Thị Bình",
                Role::ChuyenVien,
                vec![Field::Bcvt],
            ),
            ("lanhdao", "Lê Văn Cường", Role::LanhDao, vec![]),
        ];
        for (username, name, role, fields) in users {
            baocao_app::accounts::create_user(&store, username, name, role, fields, PASSWORD)
                .await
                .unwrap();
        }
        let router = baocao_web::router(AppState::new(store.clone(), WebConfig::default()));
        App { router, store, db }
    }

    /// Sends a request; `cookie` is the `Cookie` header, `body` a form or JSON.
    pub(crate) async fn send(
        &self,
        method: Method,
        path: &str,
        cookie: Option<&str>,
        content_type: Option<&str>,
        extra: &[(&str, &str)],
        body: impl Into<Body>,
    ) -> Reply {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(c) = cookie {
            request = request.header(header::COOKIE, c);
        }
        if let Some(t) = content_type {
            request = request.header(header::CONTENT_TYPE, t);
        }
        for (name, value) in extra {
            request = request.header(*name, *value);
        }
        let response = self
            .router
            .clone()
            .oneshot(request.body(body.into()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), 64 * 1024 * 1024)
            .await
            .unwrap();
        Reply {
            status,
            headers,
            bytes: bytes.to_vec(),
        }
    }

    pub(crate) async fn get(&self, path: &str, session: Option<&Session>) -> Reply {
        self.send(
            Method::GET,
            path,
            session.map(|s| s.cookie.as_str()),
            None,
            &[],
            Body::empty(),
        )
        .await
    }

    /// A form POST with the session's cookie and CSRF token.
    pub(crate) async fn post_form(
        &self,
        path: &str,
        session: &Session,
        fields: &[(&str, &str)],
    ) -> Reply {
        let mut all: Vec<(&str, &str)> = vec![("csrf", session.csrf.as_str())];
        all.extend_from_slice(fields);
        self.send(
            Method::POST,
            path,
            Some(&session.cookie),
            Some("application/x-www-form-urlencoded"),
            &[],
            encode(&all),
        )
        .await
    }

    /// A JSON POST with the session's cookie and the CSRF header.
    pub(crate) async fn post_json(
        &self,
        path: &str,
        session: &Session,
        json: serde_json::Value,
    ) -> Reply {
        self.send(
            Method::POST,
            path,
            Some(&session.cookie),
            Some("application/json"),
            &[("x-csrf-token", session.csrf.as_str())],
            json.to_string(),
        )
        .await
    }

    /// Signs `username` in through the form and returns the session.
    pub(crate) async fn sign_in(&self, username: &str) -> Session {
        let (reply, pre) = self.sign_in_reply(username, PASSWORD).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text());
        let cookie = set_cookie(&reply.headers, "baocao_session").expect("a session cookie");
        let value = cookie.split(';').next().unwrap().to_string();
        drop(pre);
        let page = self
            .get(
                "/ky/2023-04",
                Some(&Session {
                    cookie: value.clone(),
                    csrf: String::new(),
                }),
            )
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text());
        let csrf = between(&page.text(), "<meta name=\"csrf-token\" content=\"", "\"").to_string();
        Session {
            cookie: value,
            csrf,
        }
    }

    /// Posts the sign-in form (after getting it, for the double-submit cookie).
    pub(crate) async fn sign_in_reply(&self, username: &str, password: &str) -> (Reply, String) {
        let form = self.get("/dang-nhap", None).await;
        assert_eq!(form.status, StatusCode::OK);
        let pre = set_cookie(&form.headers, "baocao_csrf").expect("the sign-in CSRF cookie");
        let pre_value = pre.split(';').next().unwrap().to_string();
        let token = between(&form.text(), "name=\"csrf\" value=\"", "\"").to_string();
        let reply = self
            .send(
                Method::POST,
                "/dang-nhap",
                Some(&pre_value),
                Some("application/x-www-form-urlencoded"),
                &[],
                encode(&[
                    ("csrf", &token),
                    ("username", username),
                    ("password", password),
                    ("next", "/ky/2023-04"),
                ]),
            )
            .await;
        (reply, pre_value)
    }

    /// The stored text of a cell, if any.
    pub(crate) async fn cell(&self, de: &str, coc: &str) -> Option<(String, i64)> {
        let catalog = baocao_app::catalog(&self.store).await.unwrap();
        let element = &catalog.catalog.data_elements[de];
        let options = baocao_core::coc::CategoryOptionCombo::split_code(coc);
        let key = baocao_store::ValueKey {
            data_element: de.to_string(),
            category_option_combo: catalog.catalog.selection(element, &options).unwrap(),
            org_unit: "58".to_string(),
            period: baocao_core::period::Period::parse("2023-04").unwrap(),
        };
        self.store
            .value(&key)
            .await
            .unwrap()
            .map(|v| (v.value.number.as_typed, v.version))
    }
}

/// A signed-in browser: its cookie header and the page's CSRF token.
pub(crate) struct Session {
    pub(crate) cookie: String,
    pub(crate) csrf: String,
}

/// A response, read whole.
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) bytes: Vec<u8>,
}

impl Reply {
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }

    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.bytes).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }

    pub(crate) fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }
}

/// The `Set-Cookie` header that sets `name`.
pub(crate) fn set_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

/// The text between `start` and the next `end` after it.
pub(crate) fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("`{start}` not in the page"))
        + start.len();
    let len = text[from..].find(end).unwrap();
    &text[from..from + len]
}

/// The HTML element with `id` (from its opening tag to the end of the line of markup it
/// starts), for assertions about one cell.
pub(crate) fn element<'a>(html: &'a str, id: &str) -> &'a str {
    let needle = format!("id=\"{id}\"");
    let at = html
        .find(&needle)
        .unwrap_or_else(|| panic!("no element with id {id}"));
    let start = html[..at].rfind('<').unwrap();
    let end = html[at..]
        .find("</td>")
        .map(|e| at + e)
        .unwrap_or(html.len().min(at + 2000));
    &html[start..end]
}

/// An urlencoded body.
pub(crate) fn encode(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", pct(k), pct(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn pct(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

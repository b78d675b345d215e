//! Sessions, CSRF and authorisation: every rule is tried the way an attacker would, by
//! crafting the request, and the database is checked unchanged.

use axum::body::Body;
use axum::http::{Method, StatusCode};
use baocao_web::PROTECTED_PATHS;
use serde_json::json;

use crate::{App, PASSWORD, encode, set_cookie};

#[tokio::test]
async fn without_a_session_every_page_but_sign_in_redirects() {
    let app = App::new().await;
    for (method, path) in PROTECTED_PATHS {
        let method: Method = method.parse().unwrap();
        let reply = app
            .send(
                method.clone(),
                path,
                None,
                Some("application/x-www-form-urlencoded"),
                &[],
                Body::from("csrf=x"),
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{method} {path}");
        assert!(
            reply.location().starts_with("/dang-nhap"),
            "{method} {path}: {}",
            reply.location()
        );
    }
    let reply = app.get("/ky/2023-04/nhap/cntt?dv=58", None).await;
    assert_eq!(
        reply.location(),
        "/dang-nhap?next=/ky/2023-04/nhap/cntt%3Fdv%3D58"
    );
    // A forged cookie is no session either.
    let reply = app
        .send(
            Method::GET,
            "/ky/2023-04",
            Some("baocao_session=forged"),
            None,
            &[],
            Body::empty(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    // Sign-in and the static files are open.
    assert_eq!(app.get("/dang-nhap", None).await.status, StatusCode::OK);
    let css = app.get("/static/app.css", None).await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.headers["content-type"], "text/css; charset=utf-8");
    assert!(
        css.headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age")
    );
}

#[tokio::test]
async fn sign_in_sets_an_http_only_cookie_and_sign_out_ends_the_session() {
    let app = App::new().await;
    let (reply, _) = app.sign_in_reply("cv_cntt", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/ky/2023-04");
    let cookie = set_cookie(&reply.headers, "baocao_session").unwrap();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(cookie.contains("Path=/;"), "{cookie}");
    assert!(!cookie.contains("Secure"), "{cookie}");
    let session = app.sign_in("cv_cntt").await;
    let out = app.post_form("/dang-xuat", &session, &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(
        set_cookie(&out.headers, "baocao_session")
            .unwrap()
            .contains("Max-Age=0")
    );
    // The old cookie no longer opens a page.
    assert_eq!(
        app.get("/ky/2023-04", Some(&session)).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_wrong_password_keeps_the_username_and_never_echoes_the_password() {
    let app = App::new().await;
    let (reply, _) = app.sign_in_reply("cv_cntt", "sai-mat-khau-123").await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let html = reply.text();
    assert!(
        html.contains("Tên đăng nhập hoặc mật khẩu không đúng."),
        "{html}"
    );
    assert!(html.contains("value=\"cv_cntt\""), "{html}");
    assert!(!html.contains("sai-mat-khau-123"));
    assert!(set_cookie(&reply.headers, "baocao_session").is_none());
    // An unknown user gets the very same message.
    let (reply, _) = app.sign_in_reply("khong_co", PASSWORD).await;
    assert!(
        reply
            .text()
            .contains("Tên đăng nhập hoặc mật khẩu không đúng.")
    );
}

#[tokio::test]
async fn sign_in_without_the_double_submit_cookie_is_refused() {
    let app = App::new().await;
    let reply = app
        .send(
            Method::POST,
            "/dang-nhap",
            None,
            Some("application/x-www-form-urlencoded"),
            &[],
            encode(&[
                ("csrf", "abc"),
                ("username", "cv_cntt"),
                ("password", PASSWORD),
            ]),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(set_cookie(&reply.headers, "baocao_session").is_none());
}

#[tokio::test]
async fn a_post_without_the_csrf_token_is_refused_and_changes_nothing() {
    let app = App::new().await;
    let session = app.sign_in("cv_cntt").await;
    let before = app.cell("CNTT_CHUNGTHUSO", "default").await;
    // Form without the field.
    let reply = app
        .send(
            Method::POST,
            "/ky/2023-04/nhap/cntt",
            Some(&session.cookie),
            Some("application/x-www-form-urlencoded"),
            &[],
            encode(&[
                ("v:CNTT_CHUNGTHUSO:default", "99"),
                ("was:CNTT_CHUNGTHUSO:default", "07"),
            ]),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    // A wrong token.
    let reply = app
        .send(
            Method::POST,
            "/ky/2023-04/nhap/cntt",
            Some(&session.cookie),
            Some("application/x-www-form-urlencoded"),
            &[],
            encode(&[
                ("csrf", "0000"),
                ("v:CNTT_CHUNGTHUSO:default", "99"),
                ("was:CNTT_CHUNGTHUSO:default", "07"),
            ]),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    // JSON without the header.
    let reply = app
        .send(
            Method::POST,
            "/ky/2023-04/nhap/cntt/o",
            Some(&session.cookie),
            Some("application/json"),
            &[],
            json!({"de": "CNTT_CHUNGTHUSO", "coc": "default", "text": "99"}).to_string(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(app.cell("CNTT_CHUNGTHUSO", "default").await, before);
    assert_eq!(before.unwrap().0, "07");
}

#[tokio::test]
async fn a_chuyen_vien_cannot_enter_another_fields_figures_even_by_crafting_a_request() {
    let app = App::new().await;
    let bcvt = app.sign_in("cv_bcvt").await;
    let before = app.cell("DVC_HOSO", "XA.QUAMANG").await.unwrap();
    // Through the cell endpoint of the cntt page.
    let reply = app
        .post_json(
            "/ky/2023-04/nhap/cntt/o",
            &bcvt,
            json!({"de": "DVC_HOSO", "coc": "XA.QUAMANG", "text": "1", "version": before.1}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(reply.json()["status"], "forbidden");
    // Through the bcvt page, naming a cntt cell.
    let reply = app
        .post_json(
            "/ky/2023-04/nhap/bcvt/o",
            &bcvt,
            json!({"de": "DVC_HOSO", "coc": "XA.QUAMANG", "text": "1", "version": before.1}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    // Through the whole form.
    let version = before.1.to_string();
    let reply = app
        .post_form(
            "/ky/2023-04/nhap/cntt",
            &bcvt,
            &[
                ("v:DVC_HOSO:XA.QUAMANG", "1"),
                ("was:DVC_HOSO:XA.QUAMANG", "15.074"),
                ("ver:DVC_HOSO:XA.QUAMANG", &version),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(app.cell("DVC_HOSO", "XA.QUAMANG").await.unwrap(), before);
    // Lãnh đạo enters nothing either.
    let leader = app.sign_in("lanhdao").await;
    let reply = app
        .post_json(
            "/ky/2023-04/nhap/cntt/o",
            &leader,
            json!({"de": "DVC_HOSO", "coc": "XA.QUAMANG", "text": "1", "version": before.1}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(app.cell("DVC_HOSO", "XA.QUAMANG").await.unwrap(), before);
}

#[tokio::test]
async fn a_chuyen_vien_cannot_approve() {
    let app = App::new().await;
    let cntt = app.sign_in("cv_cntt").await;
    let submitted = app
        .post_form(
            "/ky/2023-04/trang-thai",
            &cntt,
            &[("field", "cntt"), ("action", "gui")],
        )
        .await;
    assert_eq!(submitted.status, StatusCode::SEE_OTHER);
    let approve = app
        .post_form(
            "/ky/2023-04/trang-thai",
            &cntt,
            &[("field", "cntt"), ("action", "duyet")],
        )
        .await;
    assert_eq!(approve.status, StatusCode::FORBIDDEN);
    let period = baocao_core::period::Period::parse("2023-04").unwrap();
    let approvals = app.store.approvals(period).await.unwrap();
    let cntt_status = approvals.iter().find(|a| a.data_set == "cntt").unwrap();
    assert_eq!(cntt_status.status.code(), "submitted");
    // A chuyên viên of bcvt cannot submit cntt either.
    let bcvt = app.sign_in("cv_bcvt").await;
    let reply = app
        .post_form(
            "/ky/2023-04/trang-thai",
            &bcvt,
            &[("field", "cntt"), ("action", "tra-lai"), ("ly_do", "x")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_approved_field_is_locked() {
    let app = App::new().await;
    let cntt = app.sign_in("cv_cntt").await;
    let leader = app.sign_in("lanhdao").await;
    app.post_form(
        "/ky/2023-04/trang-thai",
        &cntt,
        &[("field", "cntt"), ("action", "gui")],
    )
    .await;
    let approved = app
        .post_form(
            "/ky/2023-04/trang-thai",
            &leader,
            &[("field", "cntt"), ("action", "duyet")],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER);
    let dashboard = app.get("/ky/2023-04", Some(&leader)).await.text();
    assert!(crate::element(&dashboard, "trang-thai-cntt").contains("Đã duyệt"));
    let before = app.cell("CNTT_CHUNGTHUSO", "default").await.unwrap();
    let reply = app
        .post_json(
            "/ky/2023-04/nhap/cntt/o",
            &cntt,
            json!({"de": "CNTT_CHUNGTHUSO", "coc": "default", "text": "08", "version": before.1}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["status"], "error");
    assert_eq!(
        app.cell("CNTT_CHUNGTHUSO", "default").await.unwrap(),
        before
    );
    let page = app.get("/ky/2023-04/nhap/cntt", Some(&cntt)).await.text();
    assert!(page.contains("đã được duyệt và khóa"));
    assert!(crate::element(&page, "in-CNTT_CHUNGTHUSO-default").contains("readonly"));
}

#[tokio::test]
async fn passwords_are_neither_logged_nor_stored_in_clear() {
    let app = App::new().await;
    let session = app.sign_in("cv_cntt").await;
    app.sign_in_reply("cv_cntt", "mot-mat-khau-sai-77").await;
    app.get("/ky/2023-04", Some(&session)).await;
    let log = String::from_utf8_lossy(&crate::LOG.lock().unwrap()).into_owned();
    assert!(log.contains("POST /dang-nhap 303"), "{log}");
    assert!(log.contains("GET /ky/2023-04 200"), "{log}");
    assert!(!log.contains(PASSWORD));
    assert!(!log.contains("mot-mat-khau-sai-77"));
    let token = session.cookie.trim_start_matches("baocao_session=");
    assert!(!log.contains(token), "the session token is in the log");
    // Stored as an argon2id hash; the database file holds no clear password.
    let (_, hash) = app.store.user_with_hash("cv_cntt").await.unwrap().unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    let file = app.db.url().trim_start_matches("sqlite://").to_string();
    app.store.clone().close().await;
    let bytes = std::fs::read(&file).unwrap();
    let clear = PASSWORD.as_bytes();
    assert!(!bytes.windows(clear.len()).any(|w| w == clear));
}

#[tokio::test]
async fn only_the_quan_tri_manages_users() {
    let app = App::new().await;
    let cntt = app.sign_in("cv_cntt").await;
    assert_eq!(
        app.get("/quan-tri/nguoi-dung", Some(&cntt)).await.status,
        StatusCode::FORBIDDEN
    );
    let reply = app
        .post_form(
            "/quan-tri/nguoi-dung",
            &cntt,
            &[
                ("action", "sua"),
                ("username", "cv_cntt"),
                ("full_name", "X"),
                ("role", "quan_tri"),
                ("active", "1"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let users = app.store.users().await.unwrap();
    assert_eq!(
        users
            .iter()
            .find(|u| u.username == "cv_cntt")
            .unwrap()
            .role
            .code(),
        "chuyen_vien"
    );
    let admin = app.sign_in("quantri").await;
    let added = app
        .post_form(
            "/quan-tri/nguoi-dung",
            &admin,
            &[
                ("action", "them"),
                ("username", "cv_ttbc"),
                ("full_name", "Phạm Thị Dung"),
                ("role", "chuyen_vien"),
                ("fields", "ttbcxb"),
                ("active", "1"),
                ("password", "mot-mat-khau-moi"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.text());
    let users = app.store.users().await.unwrap();
    let new = users.iter().find(|u| u.username == "cv_ttbc").unwrap();
    assert_eq!(new.fields, vec![baocao_core::catalog::Field::Ttbcxb]);
    assert_eq!(new.full_name, "Phạm Thị Dung");
}

#[tokio::test]
async fn a_form_with_a_crafted_cell_of_another_field_writes_nothing() {
    let app = App::new().await;
    let cntt = app.sign_in("cv_cntt").await;
    let own = app.cell("CNTT_CHUNGTHUSO", "default").await.unwrap();
    let other = app.cell("BC_BUUGUI", "default").await.unwrap();
    let (v1, v2) = (own.1.to_string(), other.1.to_string());
    let reply = app
        .post_form(
            "/ky/2023-04/nhap/cntt",
            &cntt,
            &[
                ("v:CNTT_CHUNGTHUSO:default", "08"),
                ("was:CNTT_CHUNGTHUSO:default", "07"),
                ("ver:CNTT_CHUNGTHUSO:default", &v1),
                ("v:BC_BUUGUI:default", "1"),
                ("was:BC_BUUGUI:default", &other.0),
                ("ver:BC_BUUGUI:default", &v2),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(app.cell("CNTT_CHUNGTHUSO", "default").await.unwrap(), own);
    assert_eq!(app.cell("BC_BUUGUI", "default").await.unwrap(), other);
}

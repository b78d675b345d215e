//! Figures from a file: the upload shows a preview with every problem located, the
//! confirmation writes as the session's user, and no one else, no stale id and no request
//! without the CSRF token writes anything.

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{Method, StatusCode};
use baocao_core::period::Period;
use baocao_interchange::copy::{Content, read_workbook, write_workbook};
use baocao_interchange::form::{CODES_HEADER_ROW, CODES_SHEET};
use baocao_store::{ApprovalStatus, AuditFilter, action};
use baocao_web::{AppState, WebConfig};

use crate::{App, Reply, Session, element};

const BOUNDARY: &str = "----baocaoKiemThu7MA4YWxkTrZu0gW";
const HEADER: &str = "data_element,coc,org_unit,period,value,comment\n";

fn april() -> Period {
    Period::parse("2023-04").unwrap()
}

/// A test's staging folder, removed with everything in it when the test ends.
struct Folder(PathBuf);

impl std::ops::Deref for Folder {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The example's application with its own staging folder.
async fn app() -> (App, Folder) {
    let mut app = App::new().await;
    let dir = std::env::temp_dir().join("baocao-web-tests").join(format!(
        "{}-{}",
        std::process::id(),
        unique()
    ));
    let config = WebConfig {
        upload_dir: dir.clone(),
        ..WebConfig::default()
    };
    app.router = baocao_web::router(AppState::new(app.store.clone(), config));
    (app, Folder(dir))
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// The names of the files in the staging folder.
fn staged(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// A multipart body: the fields in order, each `(name, file name, content)`.
fn multipart(fields: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file_name, content) in fields {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match file_name {
            Some(f) => body.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\n\
                     Content-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            ),
            None => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            ),
        }
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn post_multipart(app: &App, session: &Session, body: Vec<u8>) -> Reply {
    app.send(
        Method::POST,
        "/ky/2023-04/nhap-tep",
        Some(&session.cookie),
        Some(&format!("multipart/form-data; boundary={BOUNDARY}")),
        &[],
        Body::from(body),
    )
    .await
}

/// Uploads `content` as the file `file_name` with the session's CSRF token first.
async fn upload(app: &App, session: &Session, file_name: &str, content: &[u8]) -> Reply {
    let body = multipart(&[
        ("csrf", None, session.csrf.as_bytes()),
        ("tep", Some(file_name), content),
    ]);
    post_multipart(app, session, body).await
}

/// The text of the element with `id` (up to its first child or its end).
fn text_of<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no element with id {id}"));
    let start = at + html[at..].find('>').unwrap() + 1;
    let end = start + html[start..].find('<').unwrap();
    &html[start..end]
}

/// The upload id of the preview's confirm form.
fn confirm_path(html: &str) -> String {
    let start = html
        .find("action=\"/ky/2023-04/nhap-tep/")
        .unwrap_or_else(|| panic!("no confirm form: {html}"))
        + "action=\"".len();
    let end = start + html[start..].find('"').unwrap();
    html[start..end].to_string()
}

/// Every figure stored, with its version and who stored it.
async fn figures(app: &App) -> String {
    let periods = app.store.periods().await.unwrap();
    let mut out = String::new();
    for unit in app.store.org_units().await.unwrap() {
        for v in app.store.data_values(&unit.id, &periods).await.unwrap() {
            out.push_str(&format!("{v:?}\n"));
        }
    }
    out
}

/// (cell, data element, coc) of every input of a form.
fn inputs(sheets: &[baocao_interchange::copy::SheetData]) -> Vec<(String, String, String)> {
    let codes = sheets.iter().find(|s| s.name == CODES_SHEET).unwrap();
    let mut out = Vec::new();
    let mut row = CODES_HEADER_ROW + 2;
    while !codes.text(&format!("A{row}")).is_empty() {
        if codes.text(&format!("B{row}")) == "input" {
            out.push((
                codes.text(&format!("A{row}")),
                codes.text(&format!("C{row}")),
                codes.text(&format!("D{row}")),
            ));
        }
        row += 1;
    }
    out
}

#[tokio::test]
async fn the_page_offers_the_form_and_the_form_downloads_as_a_workbook() {
    let (app, _dir) = app().await;
    let session = app.sign_in("cv_cntt").await;
    let html = app.get("/ky/2023-04/nhap-tep", Some(&session)).await.text();
    assert!(html.contains("Nhập số liệu từ tệp"), "{html}");
    assert!(html.contains("enctype=\"multipart/form-data\""));
    assert!(html.contains("tối đa 64 MB"));
    // The CSRF field comes before the file: the guard reads it first.
    let form = &html[html.find("id=\"form-tai-len\"").unwrap()..];
    assert!(form.find("name=\"csrf\"").unwrap() < form.find("name=\"tep\"").unwrap());
    // The chuyên viên's own field is chosen for the form; the navigation links here.
    assert!(html.contains("<option value=\"cntt\" selected>"), "{html}");
    assert!(element(&html, "nav-nhap-tep").contains("aria-current=\"page\""));

    let reply = app
        .get(
            "/ky/2023-04/bieu-mau.xlsx?dv=58&linh_vuc=cntt",
            Some(&session),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.headers["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let disposition = reply.headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"bieu-mau-2023-04-58-cntt.xlsx\"; filename*=UTF-8''Bi%E1%BB%83u%20m%E1%BA%ABu%20Th%C3%A1ng%204-2023"),
        "{disposition}"
    );
    let sheets = read_workbook(&reply.bytes).unwrap();
    let cells = inputs(&sheets);
    assert!(
        cells
            .iter()
            .any(|(_, de, coc)| de == "DVC_HOSO" && coc == "XA.QUAMANG")
    );
    // Only the field asked for.
    assert!(
        cells.iter().all(|(_, de, _)| !de.starts_with("BC_")),
        "{cells:?}"
    );
    // An unknown field or org unit is a 404.
    let missing = app
        .get(
            "/ky/2023-04/bieu-mau.xlsx?linh_vuc=khong-co",
            Some(&session),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let missing = app
        .get("/ky/2023-04/bieu-mau.xlsx?dv=999999", Some(&session))
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    // A lãnh đạo enters nothing: no link in the navigation.
    let leader = app.sign_in("lanhdao").await;
    let html = app.get("/ky/2023-04/nhap-tep", Some(&leader)).await.text();
    assert!(!html.contains("id=\"nav-nhap-tep\""));
    assert!(html.contains("id=\"chi-xem\""));
}

#[tokio::test]
async fn a_form_with_a_bad_cell_shows_the_cell_and_offers_no_confirmation() {
    let (app, dir) = app().await;
    let session = app.sign_in("cv_cntt").await;
    let form = app
        .get("/ky/2023-04/bieu-mau.xlsx?linh_vuc=cntt", Some(&session))
        .await;
    let mut sheets = read_workbook(&form.bytes).unwrap();
    let cells = inputs(&sheets);
    let cell = |de: &str, coc: &str| {
        cells
            .iter()
            .find(|(_, d, c)| d == de && c == coc)
            .unwrap()
            .0
            .clone()
    };
    let bad = cell("DVC_HOSO", "XA.QUAMANG");
    let good = cell("CNTT_CHUNGTHUSO", "default");
    sheets[0].set(&bad, Content::Text("15.07x".into()));
    sheets[0].set(&good, Content::Number(9.0));
    let filled = write_workbook(&sheets).unwrap();
    let before = figures(&app).await;

    let reply = upload(&app, &session, "bieu-mau-cntt.xlsx", &filled).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = reply.text();
    let table = &html[html.find("id=\"bang-loi\"").expect("the problems table")..];
    let row = &table[table.find("<tbody>").unwrap()..table.find("</tbody>").unwrap()];
    assert!(
        row.contains(&format!(
            "<td class=\"nowrap\">Trang “{}”, ô {bad}</td>",
            sheets[0].name
        )),
        "{row}"
    );
    assert!(row.contains("<code>15.07x</code>"), "{row}");
    assert!(
        row.contains("ký tự “x” ở vị trí 6 không dùng được trong một số"),
        "{row}"
    );
    assert_eq!(row.matches("<tr>").count(), 1, "one problem: {row}");
    assert!(html.contains("Tệp có 1 lỗi nên không số liệu nào được ghi."));
    assert!(!html.contains("id=\"nut-xac-nhan\""), "no confirm button");
    assert!(!html.contains("id=\"form-xac-nhan\""));
    // Nothing written, nothing kept.
    assert_eq!(figures(&app).await, before);
    assert_eq!(staged(&dir), Vec::<String>::new());
}

#[tokio::test]
async fn a_good_file_is_previewed_then_written_by_its_user_on_confirmation() {
    let (app, dir) = app().await;
    let session = app.sign_in("cv_cntt").await;
    let (old_online, _) = app.cell("DVC_HOSO", "XA.QUAMANG").await.unwrap();
    assert_eq!(old_online, "15.074");
    let csv = format!(
        "{HEADER}DVC_HOSO,XA.QUAMANG,58,2023-04,16.074,\n\
         CNTT_CHUNGTHUSO,default,58,2023-04,07,\n\
         CNTT_CONG_TINBAI,default,58,2023-04,,\n"
    );
    let reply = upload(&app, &session, "so-lieu-thang-4.csv", csv.as_bytes()).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let html = reply.text();
    assert!(text_of(&html, "so-moi") == "0", "{html}");
    assert!(text_of(&html, "so-cap-nhat") == "1");
    assert!(text_of(&html, "so-khong-doi") == "1");
    assert!(text_of(&html, "so-bo-qua") == "1");
    assert!(html.contains("CSV dạng dài"));
    // The values beside the stored ones, located.
    let first = element(&html, "sl-1");
    assert!(first.contains("Dòng 2"), "{first}");
    assert!(first.contains("class=\"doi-khac\""), "{first}");
    let first = &html[html.find("id=\"sl-1\"").unwrap()..];
    let first = &first[..first.find("</tr>").unwrap()];
    assert!(
        first.contains("<td>cấp xã, tiếp nhận qua mạng</td>"),
        "{first}"
    );
    assert!(
        first.contains(">15.074<") && first.contains(">16.074 "),
        "{first}"
    );
    let second = &html[html.find("id=\"sl-2\"").unwrap()..];
    let second = &second[..second.find("</tr>").unwrap()];
    assert!(!second.contains("doi-"), "unchanged: {second}");
    assert!(html.contains("id=\"nut-xac-nhan\""));
    // Nothing written yet; the file waits, under a random name.
    assert_eq!(
        app.cell("DVC_HOSO", "XA.QUAMANG").await.unwrap().0,
        "15.074"
    );
    let path = confirm_path(&html);
    let id = path.split('/').nth(4).unwrap().to_string();
    assert_eq!(id.len(), 64);
    assert_eq!(
        staged(&dir),
        vec![format!("{id}.json"), format!("{id}.tep")]
    );

    let reply = app.post_form(&path, &session, &[]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text());
    let result = reply.location().to_string();
    assert_eq!(result, format!("/ky/2023-04/nhap-tep/{id}/ket-qua"));
    let html = app.get(&result, Some(&session)).await.text();
    assert!(
        html.contains("Đã ghi 0 số liệu mới và 1 số liệu cập nhật."),
        "{html}"
    );
    assert!(text_of(&html, "so-khong-doi") == "1");
    // Written as the user: the value, who stored it, the audit entry.
    let entry = app
        .get("/ky/2023-04/nhap/cntt", Some(&session))
        .await
        .text();
    assert!(
        element(&entry, "in-DVC_HOSO-XA-QUAMANG").contains("value=\"16.074\""),
        "{entry}"
    );
    let stored = app.store.versioned_values("58", april()).await.unwrap();
    let online = stored
        .iter()
        .find(|v| {
            v.value.data_element == "DVC_HOSO"
                && v.value.category_option_combo.code() == "XA.QUAMANG"
        })
        .unwrap();
    assert_eq!(online.value.stored_by, "cv_cntt");
    let loads = app
        .store
        .history(&AuditFilter {
            action: Some(action::LOAD.to_string()),
            entity_prefix: Some("import".to_string()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(loads.len(), 1, "{loads:?}");
    assert_eq!(loads[0].actor, "cv_cntt");
    assert!(
        loads[0]
            .new_value
            .as_deref()
            .unwrap()
            .starts_with("so-lieu-thang-4.csv: 0 số liệu mới, 1 thay đổi"),
        "{loads:?}"
    );
    // The staged file is gone; only the result is kept (an hour).
    assert_eq!(staged(&dir), vec![format!("{id}.ket-qua.json")]);
    // Confirming again writes nothing and says why.
    let version = app.cell("DVC_HOSO", "XA.QUAMANG").await.unwrap().1;
    let again = app.post_form(&path, &session, &[]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(
        again.text().contains("đã được nhập rồi"),
        "{}",
        again.text()
    );
    assert_eq!(app.cell("DVC_HOSO", "XA.QUAMANG").await.unwrap().1, version);
    // The result is its user's only.
    let other = app.sign_in("quantri").await;
    assert_eq!(
        app.get(&result, Some(&other)).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn nobody_else_confirms_an_upload_and_an_unknown_id_writes_nothing() {
    let (app, dir) = app().await;
    let owner = app.sign_in("cv_cntt").await;
    let csv = format!("{HEADER}CNTT_CHUNGTHUSO,default,58,2023-04,12,\n");
    let html = upload(&app, &owner, "so-lieu.csv", csv.as_bytes())
        .await
        .text();
    let path = confirm_path(&html);
    let before = figures(&app).await;
    for username in ["quantri", "cv_bcvt"] {
        let other = app.sign_in(username).await;
        let reply = app.post_form(&path, &other, &[]).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{username}");
        assert!(
            reply
                .text()
                .contains("Không còn tệp nào chờ xác nhận với mã này"),
            "{}",
            reply.text()
        );
    }
    // Another period's page does not confirm it either.
    let elsewhere = path.replace("2023-04", "2023-03");
    assert_eq!(
        app.post_form(&elsewhere, &owner, &[]).await.status,
        StatusCode::NOT_FOUND
    );
    for bad in ["00", "../../etc/passwd", &"f".repeat(64)] {
        let reply = app
            .post_form(
                &format!("/ky/2023-04/nhap-tep/{}/xac-nhan", bad.replace('/', "%2F")),
                &owner,
                &[],
            )
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{bad}");
    }
    assert_eq!(figures(&app).await, before);
    assert_eq!(
        staged(&dir).len(),
        2,
        "the upload still waits for its owner"
    );
    // Its owner still can.
    let reply = app.post_form(&path, &owner, &[]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.cell("CNTT_CHUNGTHUSO", "default").await.unwrap().0,
        "12"
    );
}

#[tokio::test]
async fn an_upload_or_a_confirmation_without_the_csrf_token_is_refused() {
    let (app, dir) = app().await;
    let session = app.sign_in("cv_cntt").await;
    let csv = format!("{HEADER}CNTT_CHUNGTHUSO,default,58,2023-04,12,\n");
    let file = ("tep", Some("so-lieu.csv"), csv.as_bytes());
    let bodies = [
        multipart(&[file]),
        multipart(&[("csrf", None, b"sai-ma"), file]),
        // The token after the file is not read.
        multipart(&[file, ("csrf", None, session.csrf.as_bytes())]),
    ];
    for body in bodies {
        let reply = post_multipart(&app, &session, body).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        assert!(
            reply.text().contains("thiếu mã xác thực"),
            "{}",
            reply.text()
        );
    }
    assert_eq!(staged(&dir), Vec::<String>::new(), "nothing staged");

    let html = upload(&app, &session, "so-lieu.csv", csv.as_bytes())
        .await
        .text();
    let path = confirm_path(&html);
    let reply = app
        .send(
            Method::POST,
            &path,
            Some(&session.cookie),
            Some("application/x-www-form-urlencoded"),
            &[],
            "",
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.cell("CNTT_CHUNGTHUSO", "default").await.unwrap().0,
        "07"
    );
}

#[tokio::test]
async fn a_chuyen_vien_sees_each_figure_of_another_field_refused() {
    let (app, dir) = app().await;
    let session = app.sign_in("cv_cntt").await;
    let before = figures(&app).await;
    let csv = format!(
        "{HEADER}CNTT_CHUNGTHUSO,default,58,2023-04,12,\n\
         BC_BUUGUI,default,58,2023-04,1.000,\n\
         VT_BTS_VITRI,default,58,2023-04,700,\n"
    );
    let reply = upload(&app, &session, "so-lieu.csv", csv.as_bytes()).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = reply.text();
    let table = &html[html.find("<tbody>").unwrap()..html.find("</tbody>").unwrap()];
    assert_eq!(table.matches("<tr>").count(), 2, "{table}");
    for (line, code) in [(3, "BC_BUUGUI"), (4, "VT_BTS_VITRI")] {
        let row = &table[table
            .find(&format!("Dòng {line}, cột data_element"))
            .unwrap_or_else(|| panic!("line {line}: {table}"))..];
        let row = &row[..row.find("</tr>").unwrap()];
        assert!(row.contains(&format!("<code>{code}</code>")), "{row}");
        assert!(
            row.contains(&format!(
                "tài khoản `cv_cntt` không được nhập số liệu của lĩnh vực bcvt (Bưu chính, viễn thông), như `{code}`; cần số liệu của các lĩnh vực tài khoản được nhập: cntt"
            )),
            "{row}"
        );
    }
    assert!(!html.contains("id=\"nut-xac-nhan\""));
    assert_eq!(figures(&app).await, before);
    assert_eq!(staged(&dir), Vec::<String>::new());
}

#[tokio::test]
async fn figures_approved_after_the_preview_are_refused_at_confirmation() {
    let (app, dir) = app().await;
    let session = app.sign_in("cv_cntt").await;
    let csv = format!("{HEADER}CNTT_CHUNGTHUSO,default,58,2023-04,12,\n");
    let html = upload(&app, &session, "so-lieu.csv", csv.as_bytes())
        .await
        .text();
    let path = confirm_path(&html);
    app.store
        .set_approval(
            "cntt",
            "58",
            april(),
            ApprovalStatus::Draft,
            ApprovalStatus::Approved,
            "lanhdao",
            None,
        )
        .await
        .unwrap();
    let before = figures(&app).await;
    let reply = app.post_form(&path, &session, &[]).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = reply.text();
    assert!(html.contains("id=\"loi-xac-nhan\""), "{html}");
    let table = &html[html.find("<tbody>").unwrap()..html.find("</tbody>").unwrap()];
    assert!(table.contains("Dòng 2, cột value"), "{table}");
    assert!(
        table.contains("đã được duyệt và bị khóa; cần số liệu của biểu mẫu chưa duyệt"),
        "{table}"
    );
    assert!(!html.contains("id=\"nut-xac-nhan\""));
    assert_eq!(figures(&app).await, before);
    assert_eq!(
        app.cell("CNTT_CHUNGTHUSO", "default").await.unwrap().0,
        "07"
    );
    assert_eq!(staged(&dir), Vec::<String>::new());
}

#[tokio::test]
async fn old_uploads_are_removed_and_no_longer_confirmed() {
    let (app, dir) = app().await;
    let session = app.sign_in("cv_cntt").await;
    let csv = format!("{HEADER}CNTT_CHUNGTHUSO,default,58,2023-04,12,\n");
    let html = upload(&app, &session, "so-lieu.csv", csv.as_bytes())
        .await
        .text();
    let path = confirm_path(&html);
    let id = path.split('/').nth(4).unwrap().to_string();
    // Uploaded two hours ago, as its description says.
    let description = dir.join(format!("{id}.json"));
    let mut staged_json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&description).unwrap()).unwrap();
    let at = staged_json["uploaded_at"].as_u64().unwrap();
    staged_json["uploaded_at"] = (at - 2 * 3600).into();
    std::fs::write(&description, staged_json.to_string()).unwrap();
    let reply = app.post_form(&path, &session, &[]).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.text().contains("đã chờ quá một giờ"));
    assert_eq!(
        app.cell("CNTT_CHUNGTHUSO", "default").await.unwrap().0,
        "07"
    );
    assert_eq!(staged(&dir), Vec::<String>::new());

    // Files left over for more than an hour go at the next upload; others' names stay.
    let old = dir.join(format!("{}.tep", "a".repeat(64)));
    let recent = dir.join(format!("{}.tep", "b".repeat(64)));
    let foreign = dir.join("ghi-chu.txt");
    for f in [&old, &recent, &foreign] {
        std::fs::write(f, "x").unwrap();
    }
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    for f in [&old, &foreign] {
        std::fs::File::options()
            .write(true)
            .open(f)
            .unwrap()
            .set_modified(two_hours_ago)
            .unwrap();
    }
    let bad = format!("{HEADER}CNTT_CHUNGTHUSO,default,58,2023-04,x,\n");
    upload(&app, &session, "so-lieu.csv", bad.as_bytes()).await;
    assert!(!old.exists());
    assert!(recent.exists() && foreign.exists());
}

#[tokio::test]
async fn no_file_an_empty_file_and_a_file_over_the_limit_are_explained() {
    let (app, dir) = app().await;
    let session = app.sign_in("cv_cntt").await;
    let reply = post_multipart(
        &app,
        &session,
        multipart(&[
            ("csrf", None, session.csrf.as_bytes()),
            ("tep", Some(""), b""),
        ]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text_of(&reply.text(), "loi-tep").starts_with("Chưa chọn tệp"));
    let reply = upload(&app, &session, "rong.csv", b"").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text_of(&reply.text(), "loi-tep").starts_with("Tệp «rong.csv» rỗng"));
    let big = vec![b'1'; 64 * 1024 * 1024 + 1];
    let reply = upload(&app, &session, "lon.csv", &big).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(text_of(&reply.text(), "loi-tep").starts_with("Tệp lớn hơn 64 MB"));
    assert_eq!(staged(&dir), Vec::<String>::new());
}

//! The pages over the April 2023 example: what they show, what a save does, how bad input is
//! reported.

use axum::http::StatusCode;
use serde_json::json;

use crate::{App, between, element};

#[tokio::test]
async fn the_entry_grid_shows_computed_totals_stated_figures_and_the_previous_period() {
    let app = App::new().await;
    let session = app.sign_in("cv_cntt").await;
    let reply = app.get("/ky/2023-04/nhap/cntt", Some(&session)).await;
    assert_eq!(reply.status, StatusCode::OK);
    let html = reply.text();
    // The commune subtotal: the parts make 22.155; the unit typed 22.115, flagged.
    let xa = element(&html, "o-DVC_HOSO-XA");
    assert!(xa.contains("class=\"cell total mismatch\""), "{xa}");
    assert!(
        element(&html, "tong-DVC_HOSO-XA").contains(">22.155</output>"),
        "{xa}"
    );
    assert!(
        element(&html, "in-DVC_HOSO-XA").contains("value=\"22.115\""),
        "{xa}"
    );
    // The script sums the cells marked as parts into the totals marked as totals.
    assert!(element(&html, "in-DVC_HOSO-XA").contains("data-total=\"true\""));
    assert!(element(&html, "in-DVC_HOSO-XA-QUAMANG").contains("data-total=\"false\""));
    assert!(
        xa.contains("Tổng đã khai 22.115 khác tổng các thành phần 22.155."),
        "{xa}"
    );
    // A cell as typed, with its version; the province total agrees with its parts.
    assert!(element(&html, "in-DVC_HOSO-XA-QUAMANG").contains("value=\"15.074\""));
    let total = element(&html, "o-DVC_HOSO-default");
    assert!(
        total.contains(">67.555</output>") && !total.contains("mismatch"),
        "{total}"
    );
    // The online rate computed from the figures beside the stated one.
    assert!(
        html.contains("id=\"cs-DVC_TYLE_TRUCTUYEN-XA\">68,04%</output>"),
        "{html}"
    );
    assert!(html.contains("<tr id=\"ind-DVC_TYLE_TRUCTUYEN-XA\" class=\"mismatch\">"));
    let stated = &html[html.find("id=\"cs-DVC_TYLE_TRUCTUYEN-XA\"").unwrap()..];
    assert!(
        stated[..stated.find("</tr>").unwrap()].contains("68,16%"),
        "{stated}"
    );
    // A count typed with a leading zero keeps it.
    assert!(element(&html, "in-CNTT_CHUNGTHUSO-default").contains("value=\"07\""));
    assert!(!element(&html, "in-CNTT_CHUNGTHUSO-default").contains("readonly"));
    // The previous period, on the bcvt page: March's postal volume implied by the growth.
    let bcvt = app
        .get("/ky/2023-04/nhap/bcvt", Some(&session))
        .await
        .text();
    assert!(
        element(&bcvt, "truoc-BC_BUUGUI-default").contains("330.277"),
        "{bcvt}"
    );
    // Another field is read-only for this chuyên viên.
    assert!(element(&bcvt, "in-BC_BUUGUI-default").contains("readonly"));
    assert!(bcvt.contains("Bạn chỉ được xem số liệu của lĩnh vực này."));
}

#[tokio::test]
async fn the_dashboard_counts_cells_statuses_and_violations() {
    let app = App::new().await;
    let session = app.sign_in("cv_cntt").await;
    let html = app.get("/ky/2023-04", Some(&session)).await.text();
    let data = baocao_app::load_period(
        &app.store,
        baocao_core::period::Period::parse("2023-04").unwrap(),
        None,
    )
    .await
    .unwrap();
    let report = baocao_app::validate(&data);
    let high = report
        .violations
        .iter()
        .filter(|v| v.importance == baocao_core::catalog::Importance::High)
        .count();
    assert_eq!(high, 5);
    let summary = element(&html, "tom-tat-kiem-tra");
    assert!(
        summary.contains(&format!("{} vi phạm", report.violations.len())),
        "{summary}"
    );
    assert!(summary.contains("5 mức cao"), "{summary}");
    assert!(element(&html, "trang-thai-cntt").contains("Đang nhập"));
    // The chuyên viên of cntt may submit cntt, not bcvt.
    assert!(html.contains("id=\"nut-gui-cntt\""));
    assert!(!html.contains("id=\"nut-gui-bcvt\""));
    // Every cell of TD.Office (3 × 2) and the single figures are counted.
    let cells = element(&html, "da-nhap-cntt");
    assert!(cells.contains("48/48"), "{cells}");
    // The twelve-month charts are drawn inline, months as categories.
    assert!(html.contains("<svg"), "no chart");
    assert!(html.contains("Tỷ lệ hồ sơ tiếp nhận trực tuyến"), "{html}");
    assert!(html.contains("T4/2023") && html.contains("T5/2022"));
}

#[tokio::test]
async fn bad_input_is_explained_beside_the_cell_and_the_other_cells_are_saved() {
    let app = App::new().await;
    let session = app.sign_in("cv_cntt").await;
    let chungthuso = app.cell("CNTT_CHUNGTHUSO", "default").await.unwrap();
    let bcci = app.cell("DVC_HOSO", "XA.BCCI").await.unwrap();
    let tinbai_version = app
        .cell("CNTT_CONG_TINBAI", "default")
        .await
        .map(|c| c.1.to_string())
        .unwrap_or_default();
    let tinbai_was = app
        .cell("CNTT_CONG_TINBAI", "default")
        .await
        .map(|c| c.0)
        .unwrap_or_default();
    let v1 = chungthuso.1.to_string();
    let v2 = bcci.1.to_string();
    let reply = app
        .post_form(
            "/ky/2023-04/nhap/cntt",
            &session,
            &[
                ("v:CNTT_CHUNGTHUSO:default", "12a"),
                ("was:CNTT_CHUNGTHUSO:default", &chungthuso.0),
                ("ver:CNTT_CHUNGTHUSO:default", &v1),
                ("v:DVC_HOSO:XA.BCCI", "-5"),
                ("was:DVC_HOSO:XA.BCCI", &bcci.0),
                ("ver:DVC_HOSO:XA.BCCI", &v2),
                ("v:CNTT_CONG_TINBAI:default", "1.234"),
                ("was:CNTT_CONG_TINBAI:default", &tinbai_was),
                ("ver:CNTT_CONG_TINBAI:default", &tinbai_version),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = reply.text();
    let letters = element(&html, "o-CNTT_CHUNGTHUSO-default");
    assert!(letters.contains("value=\"12a\""), "{letters}");
    assert!(letters.contains("«12a» không phải là số"), "{letters}");
    let negative = element(&html, "o-DVC_HOSO-XA-BCCI");
    assert!(negative.contains("value=\"-5\""), "{negative}");
    assert!(
        element(&html, "loi-DVC_HOSO-XA-BCCI").len()
            > "<span class=\"err\" id=\"loi-DVC_HOSO-XA-BCCI\" aria-live=\"polite\">".len()
    );
    assert!(html.contains("Đã lưu 1 ô; 2 ô chưa lưu"), "{html}");
    // Refused cells are unchanged; the good one is stored as typed.
    assert_eq!(
        app.cell("CNTT_CHUNGTHUSO", "default").await.unwrap(),
        chungthuso
    );
    assert_eq!(app.cell("DVC_HOSO", "XA.BCCI").await.unwrap(), bcci);
    assert_eq!(
        app.cell("CNTT_CONG_TINBAI", "default").await.unwrap().0,
        "1.234"
    );
    // Too large and decimals in a count, through the cell endpoint.
    for text in ["1.000.000.000.000.000", "3,5"] {
        let reply = app
            .post_json("/ky/2023-04/nhap/cntt/o", &session, json!({"de": "CNTT_CHUNGTHUSO", "coc": "default", "text": text, "version": chungthuso.1}))
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
        let answer = reply.json();
        assert_eq!(answer["status"], "error");
        assert!(!answer["message"].as_str().unwrap().is_empty());
    }
    assert_eq!(
        app.cell("CNTT_CHUNGTHUSO", "default").await.unwrap(),
        chungthuso
    );
}

#[tokio::test]
async fn a_saved_cell_answers_the_recomputed_totals_and_violations() {
    let app = App::new().await;
    let session = app.sign_in("cv_cntt").await;
    let (typed, version) = app.cell("DVC_HOSO", "XA").await.unwrap();
    assert_eq!(typed, "22.115");
    // Correct the commune total: the violation goes, the rate's stays.
    let reply = app
        .post_json(
            "/ky/2023-04/nhap/cntt/o",
            &session,
            json!({"de": "DVC_HOSO", "coc": "XA", "text": "22.155", "version": version}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let answer = reply.json();
    assert_eq!(answer["status"], "saved");
    assert_eq!(answer["key"], "DVC_HOSO-XA");
    assert_eq!(answer["text"], "22.155");
    let cells = answer["cells"].as_array().unwrap();
    let xa = cells.iter().find(|c| c["key"] == "DVC_HOSO-XA").unwrap();
    assert_eq!(xa["computed"], "22.155");
    assert_eq!(xa["mismatch"], false);
    let violations = answer["violations"].as_array().unwrap();
    assert!(
        !violations
            .iter()
            .any(|v| v["rule_code"] == "TONG:DVC_HOSO.XA")
    );
    assert!(
        violations
            .iter()
            .any(|v| v["rule_code"] == "TYLE:DVC_TYLE_TRUCTUYEN.XA")
    );
    // The history shows who changed it from what to what.
    let history = app
        .get("/ky/2023-04/lich-su?o=DVC_HOSO/XA", Some(&session))
        .await
        .text();
    assert!(
        history.contains("cv_cntt") && history.contains("22.115") && history.contains("22.155"),
        "{history}"
    );
}

#[tokio::test]
async fn a_version_conflict_is_reported_and_nothing_is_overwritten() {
    let app = App::new().await;
    let first = app.sign_in("cv_cntt").await;
    let admin = app.sign_in("quantri").await;
    let (_, version) = app.cell("CNTT_CHUNGTHUSO", "default").await.unwrap();
    let ok = app
        .post_json(
            "/ky/2023-04/nhap/cntt/o",
            &admin,
            json!({"de": "CNTT_CHUNGTHUSO", "coc": "default", "text": "09", "version": version}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    let stale = app
        .post_json(
            "/ky/2023-04/nhap/cntt/o",
            &first,
            json!({"de": "CNTT_CHUNGTHUSO", "coc": "default", "text": "08", "version": version}),
        )
        .await;
    assert_eq!(stale.status, StatusCode::UNPROCESSABLE_ENTITY);
    let answer = stale.json();
    assert_eq!(answer["status"], "conflict");
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .starts_with("Người khác vừa sửa ô này: giá trị hiện tại là 09"),
        "{answer}"
    );
    assert_eq!(
        app.cell("CNTT_CHUNGTHUSO", "default").await.unwrap().0,
        "09"
    );
    // Through the whole form: the typed value is kept with the message.
    let v = version.to_string();
    let reply = app
        .post_form(
            "/ky/2023-04/nhap/cntt",
            &first,
            &[
                ("v:CNTT_CHUNGTHUSO:default", "08"),
                ("was:CNTT_CHUNGTHUSO:default", "07"),
                ("ver:CNTT_CHUNGTHUSO:default", &v),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let cell = reply.text();
    let cell = element(&cell, "o-CNTT_CHUNGTHUSO-default");
    assert!(
        cell.contains("value=\"08\"") && cell.contains("giá trị hiện tại là 09"),
        "{cell}"
    );
    assert_eq!(
        app.cell("CNTT_CHUNGTHUSO", "default").await.unwrap().0,
        "09"
    );
}

#[tokio::test]
async fn the_document_register_checks_the_symbol_and_keeps_what_was_typed() {
    let app = App::new().await;
    let session = app.sign_in("cv_cntt").await;
    let page = app
        .get("/ky/2023-04/van-ban?q=ma+dinh+danh", Some(&session))
        .await
        .text();
    assert!(page.contains("166/QĐ-UBND"), "search by folded text");
    let before = app
        .store
        .documents(baocao_core::period::Period::parse("2023-04").unwrap())
        .await
        .unwrap()
        .len();
    let reply = app
        .post_form(
            "/ky/2023-04/van-ban",
            &session,
            &[
                ("action", "them"),
                ("so_ky_hieu", "12/QD-UBND"),
                ("loai", "QĐ"),
                ("ngay", "10/4/2023"),
                ("co_quan", ""),
                ("trich_yeu", "về việc thử nghiệm <b>đậm</b>"),
                ("linh_vuc", "cntt"),
                ("vai_tro", "advised"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = reply.text();
    assert!(element(&html, "loi-so_ky_hieu").contains("«QD»"), "{html}");
    assert!(element(&html, "loi-co_quan").contains("Cần ghi cơ quan ban hành"));
    // minijinja escapes "/" too: the browser shows 12/QD-UBND.
    assert!(html.contains("value=\"12&#x2f;QD-UBND\""), "{html}");
    assert!(html.contains("value=\"10&#x2f;4&#x2f;2023\""));
    assert!(
        html.contains("về việc thử nghiệm &lt;b&gt;đậm&lt;&#x2f;b&gt;</textarea>"),
        "typed text kept, escaped"
    );
    let after = app
        .store
        .documents(baocao_core::period::Period::parse("2023-04").unwrap())
        .await
        .unwrap()
        .len();
    assert_eq!(before, after);
    let added = app
        .post_form(
            "/ky/2023-04/van-ban",
            &session,
            &[
                ("action", "them"),
                ("so_ky_hieu", "12/QĐ-UBND"),
                ("loai", "QĐ"),
                ("ngay", "10/4/2023"),
                ("co_quan", "UBND tỉnh Ninh Thuận"),
                ("trich_yeu", "về việc thử nghiệm"),
                ("linh_vuc", "cntt"),
                ("vai_tro", "advised"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    assert!(app.store.document("12/QĐ-UBND").await.unwrap().is_some());
    // A chuyên viên of bcvt cannot add a cntt document.
    let bcvt = app.sign_in("cv_bcvt").await;
    let refused = app
        .post_form(
            "/ky/2023-04/van-ban",
            &bcvt,
            &[
                ("action", "them"),
                ("so_ky_hieu", "13/QĐ-UBND"),
                ("loai", "QĐ"),
                ("ngay", "10/4/2023"),
                ("co_quan", "UBND tỉnh"),
                ("trich_yeu", "về việc"),
                ("linh_vuc", "cntt"),
                ("vai_tro", "advised"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(app.store.document("13/QĐ-UBND").await.unwrap().is_none());
}

#[tokio::test]
async fn every_page_renders_for_the_quan_tri() {
    let app = App::new().await;
    let session = app.sign_in("quantri").await;
    for path in [
        "/ky/2023-04",
        "/ky/2023-05",
        "/ky/2023-04/nhap/cntt",
        "/ky/2023-04/nhap/bcvt",
        "/ky/2023-04/nhap/ttbcxb",
        "/ky/2023-04/nhap/thanh_tra",
        "/ky/2023-05/nhap/cntt",
        "/ky/2023-04/kiem-tra",
        "/ky/2023-04/van-ban",
        "/ky/2023-04/nhiem-vu",
        "/ky/2023-04/noi-dung/2.2",
        "/ky/2023-04/bao-cao",
        "/ky/2023-04/lich-su",
        "/quan-tri/nguoi-dung",
    ] {
        let reply = app.get(path, Some(&session)).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.text());
        assert!(reply.text().contains("lang=\"vi\""), "{path}");
    }
    let home = app.get("/", Some(&session)).await;
    assert_eq!(home.location(), "/ky/2023-04");
    assert_eq!(
        app.get("/ky/2023-04/nhap/khong-co", Some(&session))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/ky/thang-tu", Some(&session)).await.status,
        StatusCode::NOT_FOUND
    );
    let missing = app.get("/khong-co-trang-nay", Some(&session)).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.text().contains("Không tìm thấy trang"));
}

#[tokio::test]
async fn the_validation_page_links_each_violation_to_its_cell() {
    let app = App::new().await;
    let session = app.sign_in("lanhdao").await;
    let html = app.get("/ky/2023-04/kiem-tra", Some(&session)).await.text();
    assert!(
        html.contains("href=\"/ky/2023-04/nhap/cntt#o-DVC_HOSO-XA\""),
        "{html}"
    );
    assert!(html.contains("href=\"/ky/2023-04/nhap/cntt#ind-DVC_TYLE_TRUCTUYEN-XA\""));
    assert!(html.contains("S{DVC_HOSO.XA}"));
    assert!(html.contains("22.155") && html.contains("22.115"));
    // Lãnh đạo sees the figures read-only.
    let entry = app
        .get("/ky/2023-04/nhap/cntt", Some(&session))
        .await
        .text();
    assert!(element(&entry, "in-DVC_HOSO-XA-QUAMANG").contains("readonly"));
    assert!(!entry.contains("id=\"nut-luu\""));
}

#[tokio::test]
async fn downloads_carry_their_type_and_file_name() {
    let app = App::new().await;
    let session = app.sign_in("lanhdao").await;
    for (ext, content_type, magic) in [
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            &b"PK"[..],
        ),
        (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &b"PK"[..],
        ),
        ("md", "text/markdown; charset=utf-8", "BÁO CÁO".as_bytes()),
    ] {
        let reply = app
            .get(&format!("/ky/2023-04/bao-cao.{ext}"), Some(&session))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{ext}");
        assert_eq!(reply.headers["content-type"], content_type);
        assert_eq!(
            reply.headers["content-disposition"],
            format!("attachment; filename=\"bao-cao-2023-04.{ext}\"").as_str()
        );
        assert!(
            reply.bytes.windows(magic.len()).any(|w| w == magic),
            "{ext}"
        );
    }
    let markdown = app
        .get("/ky/2023-04/bao-cao.md", Some(&session))
        .await
        .text();
    assert!(markdown.contains("22.155"));
}

#[tokio::test]
async fn the_narrative_preview_prints_markup_literally() {
    let app = App::new().await;
    let session = app.sign_in("cv_cntt").await;
    let reply = app
        .post_form(
            "/ky/2023-04/noi-dung/2.2/xem-truoc",
            &session,
            &[(
                "noi_dung",
                "Đoạn có <script>alert(1)</script> và {{ v(\"DVC_HOSO.XA\") }} hồ sơ.",
            )],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let html = reply.text();
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script>"));
    assert!(html.contains("22.155"), "live figure rendered: {html}");
    // Saving by a chuyên viên of another field is refused.
    let bcvt = app.sign_in("cv_bcvt").await;
    let refused = app
        .post_form(
            "/ky/2023-04/noi-dung/2.2",
            &bcvt,
            &[("noi_dung", "x"), ("action", "luu")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let saved = app
        .post_form(
            "/ky/2023-04/noi-dung/2.2",
            &session,
            &[("noi_dung", "Đoạn mới."), ("action", "luu")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let narratives = app
        .store
        .narratives(baocao_core::period::Period::parse("2023-04").unwrap())
        .await
        .unwrap();
    assert_eq!(
        narratives.iter().find(|n| n.section == "2.2").unwrap().text,
        "Đoạn mới."
    );
}

#[tokio::test]
async fn a_period_without_a_valid_province_is_a_vietnamese_404_not_an_error() {
    let app = App::new().await;
    let session = app.sign_in("cv_cntt").await;
    for path in [
        "/ky/2099-12",
        "/ky/2099-12/bao-cao",
        "/ky/2099-12/bao-cao.docx",
    ] {
        let reply = app.get(path, Some(&session)).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        let html = reply.text();
        assert!(
            html.contains("Không có đơn vị cấp tỉnh nào còn hiệu lực trong kỳ này"),
            "{path}: {html}"
        );
        assert!(
            !html.contains("--org-unit"),
            "{path}: a command-line hint leaked"
        );
    }
}

/// The dashboard counts each declared data set's reports (expected, received, on time, late,
/// missing, against the regime's deadline) and moves a unit's data set: a chuyên viên of its
/// field submits it (late: long past 15/4/2023), another field's chuyên viên is refused with
/// the reason, the lãnh đạo approves it.
#[tokio::test]
async fn the_dashboard_shows_who_has_reported_and_moves_a_units_data_set() {
    let app = App::new().await;
    let bcvt = app.sign_in("cv_bcvt").await;
    let html = app.get("/ky/2023-04", Some(&bcvt)).await.text();
    let summary = element(&html, "bm-BM_VIENTHONG_DN-tom-tat");
    assert!(
        summary.contains("Phải gửi 4, đã nhận 0 (0,0%), đúng hạn 0, trễ hạn 0, chưa gửi 4."),
        "{summary}"
    );
    // minijinja escapes "/" as &#x2f;.
    assert!(html.contains("hạn gửi 15&#x2f;4&#x2f;2023"), "{html}");
    assert!(html.contains("id=\"nut-gui-BM_VIENTHONG_DN-DN_FPT\""));
    // The communes' dossier data set is cntt's, not bcvt's.
    assert!(!html.contains("id=\"nut-gui-BM_DVC_HUYEN-584\""));
    let cntt = app.sign_in("cv_cntt").await;
    let html = app.get("/ky/2023-04", Some(&cntt)).await.text();
    assert!(!html.contains("id=\"nut-gui-BM_VIENTHONG_DN-DN_FPT\""));
    let refused = app
        .post_form(
            "/ky/2023-04/trang-thai",
            &cntt,
            &[
                ("data_set", "BM_VIENTHONG_DN"),
                ("org_unit", "DN_FPT"),
                ("action", "gui"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        refused.text().contains("không có quyền"),
        "{}",
        refused.text()
    );

    let sent = app
        .post_form(
            "/ky/2023-04/trang-thai",
            &bcvt,
            &[
                ("data_set", "BM_VIENTHONG_DN"),
                ("org_unit", "DN_FPT"),
                ("action", "gui"),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text());
    assert_eq!(
        sent.location(),
        "/ky/2023-04?tb=bm-gui#bm-BM_VIENTHONG_DN-DN_FPT"
    );
    let html = app.get(sent.location(), Some(&bcvt)).await.text();
    assert!(html.contains("Đã gửi biểu mẫu của đơn vị để duyệt."));
    let summary = element(&html, "bm-BM_VIENTHONG_DN-tom-tat");
    assert!(
        summary.contains("Phải gửi 4, đã nhận 1 (25,0%), đúng hạn 0, trễ hạn 1, chưa gửi 3."),
        "{summary}"
    );
    let row = between(&html, "id=\"bm-BM_VIENTHONG_DN-DN_FPT\"", "</tr>");
    assert!(row.contains("Đã gửi") && row.contains("Trễ hạn"), "{row}");

    let leader = app.sign_in("lanhdao").await;
    let html = app.get("/ky/2023-04", Some(&leader)).await.text();
    assert!(html.contains("id=\"nut-duyet-BM_VIENTHONG_DN-DN_FPT\""));
    let approved = app
        .post_form(
            "/ky/2023-04/trang-thai",
            &leader,
            &[
                ("data_set", "BM_VIENTHONG_DN"),
                ("org_unit", "DN_FPT"),
                ("action", "duyet"),
            ],
        )
        .await;
    assert_eq!(
        approved.status,
        StatusCode::SEE_OTHER,
        "{}",
        approved.text()
    );
    let statuses = app
        .store
        .approvals(baocao_core::period::Period::parse("2023-04").unwrap())
        .await
        .unwrap();
    let fpt = statuses
        .iter()
        .find(|a| a.data_set == "BM_VIENTHONG_DN" && a.org_unit == "DN_FPT")
        .expect("FPT's status");
    assert_eq!(fpt.status, baocao_store::ApprovalStatus::Approved);
    assert_eq!(fpt.changed_by, "lanhdao");
}

/// A period of a year the system has no use for is a 404, not a panic (a report of 0001-01
/// would need the period before it).
#[tokio::test]
async fn a_period_of_year_0001_is_a_404() {
    let app = App::new().await;
    let session = app.sign_in("quantri").await;
    for path in [
        "/ky/0001-01",
        "/ky/0001",
        "/ky/9999Q4/bao-cao",
        "/ky/0001-01/kiem-tra",
    ] {
        let reply = app.get(path, Some(&session)).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
    }
}

/// The dashboard's charts are kept between views until the store changes: a figure saved
/// after a view, on this server or on another one over the same database, is drawn at the
/// next view.
#[tokio::test]
async fn an_edit_made_after_a_dashboard_view_shows_on_the_next_view() {
    let app = App::new().await;
    let session = app.sign_in("cv_bcvt").await;
    let postal = |html: &str| between(html, "<title>Bưu gửi, T4/2023: ", "</title>").to_string();
    let (typed, version) = app.cell("BC_BUUGUI", "default").await.unwrap();
    let first = app.get("/ky/2023-04", Some(&session)).await.text();
    assert_eq!(postal(&first), typed);
    let again = app.get("/ky/2023-04", Some(&session)).await.text();
    assert_eq!(postal(&again), typed);

    let reply = app
        .post_json(
            "/ky/2023-04/nhap/bcvt/o",
            &session,
            json!({"de": "BC_BUUGUI", "coc": "default", "text": "400.123", "version": version}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let html = app.get("/ky/2023-04", Some(&session)).await.text();
    assert_eq!(postal(&html), "400.123");
    // March's dashboard ends a month earlier: its own charts, not April's.
    let march = app.get("/ky/2023-03", Some(&session)).await.text();
    assert_eq!(
        between(&march, "<title>Bưu gửi, T3/2023: ", "</title>"),
        "330.277"
    );
    assert!(!march.contains("<title>Bưu gửi, T4/2023"));

    // Another server over the same database saves the figure again: this one's next view
    // draws it too.
    let mut app = app;
    let other = baocao_web::router(baocao_web::AppState::new(
        app.store.clone(),
        baocao_web::WebConfig::default(),
    ));
    let this_server = std::mem::replace(&mut app.router, other);
    let (_, version) = app.cell("BC_BUUGUI", "default").await.unwrap();
    let reply = app
        .post_json(
            "/ky/2023-04/nhap/bcvt/o",
            &session,
            json!({"de": "BC_BUUGUI", "coc": "default", "text": "401.000", "version": version}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    app.router = this_server;
    let html = app.get("/ky/2023-04", Some(&session)).await.text();
    assert_eq!(postal(&html), "401.000");
}

//! Quarters, half-years and years from the months stored; areas of org units before and
//! after the 2025 reorganisation, on the hierarchy of each date or of a date asked for.

use std::path::Path;

use tempfile::TempDir;

use super::{baocao, code, initialised, stderr, stdout};

#[test]
fn a_quarter_of_the_example_is_its_april_and_says_so() {
    let dir = initialised();
    let out = baocao(dir.path(), &["report", "--period", "2023Q2"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Tình hình thực hiện nhiệm vụ quý II năm 2023"),
        "{text}"
    );
    assert!(text.contains("KẾT QUẢ THỰC HIỆN NHIỆM VỤ QUÝ II NĂM 2023"));
    let err = stderr(&out);
    assert!(
        err.contains("(BC_BUUGUI): số liệu 1/3 tháng, thiếu tháng 5/2023, tháng 6/2023"),
        "{err}"
    );
    assert!(
        err.contains("Chưa có số, ngày ban hành của báo cáo quý II năm 2023"),
        "{err}"
    );

    let out = baocao(dir.path(), &["validate", "--period", "2023S1"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("Kiểm tra 6 tháng đầu năm 2023:"), "{err}");
    assert!(
        err.contains(
            "note: Văn bản hướng dẫn tuyên truyền (thông tin cơ sở) Sở ban hành (TTBC_VB_TUYENTRUYEN): số liệu 2/6 tháng, thiếu tháng 1/2023, tháng 2/2023, tháng 5/2023, tháng 6/2023."
        ),
        "March and April, on stderr:\n{err}"
    );
    assert!(
        !stdout(&out).contains("TYLE:"),
        "a month's stated rate is not the half-year's:\n{}",
        stdout(&out)
    );

    let out = baocao(dir.path(), &["report", "--period", "2024Q1"]);
    assert_eq!(code(&out), Some(2));
    assert!(
        stderr(&out).contains("no figures are stored for 2024Q1 (58)"),
        "{}",
        stderr(&out)
    );
}

fn example_2025() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/ninh-thuan-2025"
    ))
}

#[test]
fn ninh_thuan_2025_before_and_after_the_reorganisation() {
    let dir = TempDir::new().expect("temporary folder");
    let folder = example_2025().to_string_lossy().into_owned();
    let out = baocao(dir.path(), &["load", &folder]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));

    let out = baocao(
        dir.path(),
        &["report", "--period", "2025-06", "--org-unit", "584"],
    );
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("SỐ LIỆU THÁNG 6/2025"),
        "{}",
        stdout(&out)
    );

    let out = baocao(
        dir.path(),
        &["report", "--period", "2025Q3", "--org-unit", "58"],
    );
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "Tỉnh Ninh Thuận không còn từ ngày 01/7/2025; địa bàn nay là 24 đơn vị của Tỉnh Khánh Hòa kế thừa."
        ),
        "{}",
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("từ ngày 15/6/2025 đến ngày 14/9/2025"),
        "{}",
        stdout(&out)
    );

    // Khánh Hòa in March: nothing on the hierarchy of March, Ninh Thuận's communes on today's.
    let out = baocao(
        dir.path(),
        &["report", "--period", "2025-03", "--org-unit", "56"],
    );
    assert_eq!(code(&out), Some(2));
    assert!(
        stderr(&out).contains("no figures are stored for 2025-03 (56)"),
        "{}",
        stderr(&out)
    );
    let out = baocao(
        dir.path(),
        &[
            "report",
            "--period",
            "2025-03",
            "--org-unit",
            "56",
            "--hierarchy",
            "2026-01-01",
        ],
    );
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Số liệu theo địa giới hành chính ngày 01/01/2026"),
        "{}",
        stderr(&out)
    );

    let out = baocao(
        dir.path(),
        &["validate", "--period", "2025", "--hierarchy", "next year"],
    );
    assert_eq!(code(&out), Some(2));
    assert!(
        stderr(&out)
            .contains("--hierarchy `next year`: expected at-date, today or a date YYYY-MM-DD"),
        "{}",
        stderr(&out)
    );
}

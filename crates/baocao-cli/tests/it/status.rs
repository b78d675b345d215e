//! `baocao status`: the workflow from the command line, in an account's name and with its
//! rights — an enterprise's telecom figures submitted late, refused to a chuyên viên's
//! approval, approved by a lãnh đạo, counted by `completeness`, and unlocked only with a reason.

use std::process::{Command, Output};

use crate::{baocao, code, initialised, stderr, stdout};

fn add_user(dir: &std::path::Path, args: &[&str]) {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .args(["user", "add"])
        .args(args)
        .current_dir(dir)
        .env_remove("BAOCAO_DATABASE_URL")
        .env("BAOCAO_PASSWORD", "mật khẩu thử nghiệm")
        .output()
        .expect("baocao runs");
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
}

const FPT: [&str; 6] = [
    "--period",
    "2023-04",
    "--data-set",
    "BM_VIENTHONG_DN",
    "--org-unit",
    "DN_FPT",
];

fn status(dir: &std::path::Path, action: &str, user: &str, more: &[&str]) -> Output {
    let mut args = vec!["status", action];
    args.extend(FPT);
    args.extend(["--as", user]);
    args.extend(more);
    baocao(dir, &args)
}

/// `baocao status submit` of `data_set` for `org_unit` in April 2023, as `user`.
fn submit(dir: &std::path::Path, data_set: &str, org_unit: &str, user: &str) -> Output {
    baocao(
        dir,
        &[
            "status",
            "submit",
            "--period",
            "2023-04",
            "--data-set",
            data_set,
            "--org-unit",
            org_unit,
            "--as",
            user,
        ],
    )
}

#[test]
fn status_moves_in_an_accounts_name() {
    let dir = initialised();
    let path = dir.path();
    add_user(
        path,
        &[
            "nva",
            "--name",
            "Nguyễn Văn An",
            "--role",
            "chuyen_vien",
            "--field",
            "bcvt",
        ],
    );
    add_user(
        path,
        &["ttb", "--name", "Trần Thị Bình", "--role", "lanh_dao"],
    );
    add_user(
        path,
        &["quantri", "--name", "Quản trị", "--role", "quan_tri"],
    );

    let out = baocao(path, &["status", "list", "--period", "2023-04"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    // Every unit the data set expects is listed before anything moves, as being entered.
    let listed = stdout(&out);
    let fpt = listed
        .lines()
        .find(|l| l.starts_with("BM_VIENTHONG_DN") && l.contains("FPT Telecom Ninh Thuận"))
        .unwrap_or_else(|| panic!("a line for FPT in:\n{listed}"));
    assert!(
        fpt.contains("Đang nhập") && fpt.trim_end().ends_with(" -"),
        "{fpt}"
    );
    let viettel = listed
        .lines()
        .filter(|l| l.starts_with("BM_VIENTHONG_DN") && l.contains("Viettel"))
        .count();
    assert_eq!(viettel, 1, "{listed}");
    // The department's own fields come first, as data sets of the province.
    let first = listed.lines().nth(1).unwrap_or_default();
    assert!(
        first.starts_with("cntt ")
            && first.contains("Tỉnh Ninh Thuận")
            && first.contains("Đang nhập"),
        "{listed}"
    );
    assert!(
        listed
            .lines()
            .any(|l| l.starts_with("thanh_tra ") && l.contains("Tỉnh Ninh Thuận")),
        "{listed}"
    );

    // A lãnh đạo does not submit; a chuyên viên of the field does.
    let out = status(path, "submit", "ttb", &[]);
    assert_eq!(code(&out), Some(2));
    assert!(stderr(&out).contains("không có quyền"), "{}", stderr(&out));
    let out = status(path, "submit", "NVA", &[]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("FPT Telecom Ninh Thuận"),
        "{}",
        stderr(&out)
    );

    // The chuyên viên cannot approve; the lãnh đạo can.
    let out = status(path, "approve", "nva", &[]);
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    let out = status(path, "approve", "ttb", &[]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    // Approving twice: the status says why, nobody else is blamed.
    let out = status(path, "approve", "ttb", &[]);
    assert_eq!(code(&out), Some(2));
    assert!(
        stderr(&out).contains("trạng thái hiện tại là «Đã duyệt», không thể duyệt"),
        "{}",
        stderr(&out)
    );

    let out = baocao(path, &["status", "list", "--period", "2023-04"]);
    let listed = stdout(&out);
    let fpt = listed
        .lines()
        .find(|l| l.starts_with("BM_VIENTHONG_DN") && l.contains("FPT Telecom Ninh Thuận"))
        .unwrap_or_else(|| panic!("a line for FPT in:\n{listed}"));
    assert!(fpt.contains("Đã duyệt") && fpt.contains("ttb"), "{fpt}");

    // Received, and late: submitted now, long after the deadline of 15/4/2023.
    let out = baocao(
        path,
        &[
            "completeness",
            "--period",
            "2023-04",
            "--data-set",
            "BM_VIENTHONG_DN",
            "--format",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(json["data_sets"][0]["received"], 1);
    assert_eq!(json["data_sets"][0]["late"], 1);

    // Unlocking needs the administrator and a reason.
    let out = status(path, "unlock", "quantri", &[]);
    assert_eq!(code(&out), Some(2));
    assert!(
        stderr(&out).contains("Cần ghi rõ lý do"),
        "{}",
        stderr(&out)
    );
    let out = status(path, "unlock", "quantri", &["--reason", "Sửa số thuê bao"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));

    // A data set that does not exist, or a field with nothing to enter, is said as such.
    let out = submit(path, "BM_XYZ", "58", "quantri");
    assert_eq!(code(&out), Some(2));
    assert!(
        stderr(&out)
            .contains("--data-set `BM_XYZ`: không có biểu mẫu hay lĩnh vực nào mang mã này")
            && stderr(&out).contains("BM_VIENTHONG_DN"),
        "{}",
        stderr(&out)
    );
    let out = submit(path, "chung", "58", "quantri");
    assert_eq!(code(&out), Some(2));
    assert!(
        stderr(&out).contains("không có chỉ tiêu nào trong danh mục"),
        "{}",
        stderr(&out)
    );

    // Unknown accounts and units are named.
    let out = status(path, "submit", "khong_co", &[]);
    assert_eq!(code(&out), Some(2));
    assert!(
        stderr(&out).contains("--as `khong_co`: no such account"),
        "{}",
        stderr(&out)
    );
    let out = submit(path, "BM_VIENTHONG_DN", "DN_KHAC", "nva");
    assert_eq!(code(&out), Some(2));
    assert!(
        stderr(&out).contains("--org-unit `DN_KHAC`"),
        "{}",
        stderr(&out)
    );
}

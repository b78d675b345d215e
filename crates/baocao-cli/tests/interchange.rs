//! `baocao form export`, `baocao import` and `baocao export` run as a user runs them.

use std::path::Path;
use std::process::{Command, Output};

use tempfile::TempDir;

fn baocao(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_baocao"))
        .args(args)
        .current_dir(dir)
        .env_remove("BAOCAO_DATABASE_URL")
        .env_remove("BAOCAO_LOG")
        .output()
        .expect("baocao runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

fn initialised() -> TempDir {
    let dir = TempDir::new().expect("temporary folder");
    let out = baocao(dir.path(), &["init", "--example"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    dir
}

#[test]
fn form_export_then_import_of_the_blank_form() {
    let dir = initialised();
    let out = baocao(
        dir.path(),
        &[
            "form",
            "export",
            "--period",
            "2023-04",
            "--out",
            "bieu-mau.xlsx",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("Đã ghi biểu mẫu tháng 4/2023"));
    let form = std::fs::read(dir.path().join("bieu-mau.xlsx")).unwrap();
    assert!(form.starts_with(b"PK\x03\x04"));
    let out = baocao(dir.path(), &["import", "bieu-mau.xlsx", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["importCount"]["imported"], 0);
    assert_eq!(summary["status"], "WARNING", "empty inputs are ignored");
}

#[test]
fn a_bad_file_exits_2_with_every_problem_located_and_nothing_written() {
    let dir = initialised();
    std::fs::write(
        dir.path().join("so-lieu.csv"),
        "data_element,coc,org_unit,period,value\nDVC_HOSO,XA.TRUCTIEP,58,2023-04,-5\nDVC_HOSO,XA.QUAMANG,58,2023-04,\"1,234\"\nNOPE,,58,2023-04,1\n",
    )
    .unwrap();
    let before = baocao(
        dir.path(),
        &["export", "--format", "csv", "--period", "2023-04"],
    );
    let out = baocao(dir.path(), &["import", "so-lieu.csv", "--json"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    for expected in [
        "  Dòng 2, cột value: gặp “-5”: `DVC_HOSO` là số đếm (hồ sơ), không thể âm; cần số nguyên ≥ 0\n",
        "  Dòng 3, cột value: gặp “1,234”: đọc được theo hai cách: 1,234 (dấu phẩy thập phân, cách viết của Việt Nam) hoặc 1234",
        "  Dòng 4, cột data_element: gặp “NOPE”: danh mục không có chỉ tiêu `NOPE`; cần mã một chỉ tiêu của danh mục",
        "không ghi gì",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["status"], "ERROR");
    assert_eq!(summary["conflicts"].as_array().unwrap().len(), 3);
    let after = baocao(
        dir.path(),
        &["export", "--format", "csv", "--period", "2023-04"],
    );
    assert_eq!(before.stdout, after.stdout, "nothing was written");
}

#[test]
fn dhis2_export_imports_back_and_uids_are_listed() {
    let dir = initialised();
    let out = baocao(
        dir.path(),
        &[
            "export",
            "--format",
            "dhis2-json",
            "--period",
            "2023-04",
            "--id-scheme",
            "uid",
            "--out",
            "dhis2.json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("left out"),
        "stated subtotals are counted"
    );
    let out = baocao(
        dir.path(),
        &["import", "dhis2.json", "--id-scheme", "uid", "--dry-run"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("Chạy thử"),
        "{}",
        text(&out.stderr)
    );
    let out = baocao(dir.path(), &["export", "--format", "uid-map"]);
    let map = text(&out.stdout);
    assert!(map.starts_with("kind,code,uid\n"));
    assert!(map.contains("categoryOptionCombo,default,HllvX50cXC0"));
}

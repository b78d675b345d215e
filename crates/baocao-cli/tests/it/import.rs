//! `baocao import` as a user runs it: what it stored, counted on stderr in Vietnamese; a file
//! with problems refused with each problem located and exit code 2; no progress bar when
//! stderr is not a terminal (here a pipe).

use crate::{baocao, code, initialised, stderr, stdout};

#[test]
fn an_import_counts_what_it_stored_and_draws_no_bar_into_a_pipe() {
    let dir = initialised();
    let file = dir.path().join("so-lieu.csv");
    std::fs::write(
        &file,
        "data_element,coc,org_unit,period,value,comment\n\
         VT_VIBA,,58,2023-04,268,\n\
         VT_VIBA,,58,2023-03,266,\n\
         VT_CHUYENMACH,,58,2023-04,187,\n",
    )
    .unwrap();
    let out = baocao(dir.path(), &["import", "so-lieu.csv", "--json"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(
        err,
        "Đã nhập so-lieu.csv (csv): 1 giá trị mới, 1 cập nhật, 1 bỏ qua (trống hoặc không đổi).\n",
        "nothing else on stderr: no bar, no control characters"
    );
    let summary: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(summary["importCount"]["imported"], 1);
    assert_eq!(summary["importCount"]["updated"], 1);
    assert_eq!(summary["importCount"]["ignored"], 1);

    // The report prints the new figure.
    let report = baocao(
        dir.path(),
        &["report", "--period", "2023-04", "--format", "md"],
    );
    assert!(
        stdout(&report).contains("268 tuyến viba"),
        "{}",
        stdout(&report)
    );
}

#[test]
fn a_file_with_problems_is_refused_whole() {
    let dir = initialised();
    std::fs::write(
        dir.path().join("sai.csv"),
        "data_element,coc,org_unit,period,value,comment\n\
         VT_VIBA,,58,2023-04,268,\n\
         VT_VIBA,,58,2023-04,-1,\n",
    )
    .unwrap();
    let out = baocao(dir.path(), &["import", "sai.csv"]);
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("sai.csv (csv): 1 lỗi; không ghi gì")
            && err.contains(
                "  Dòng 3, cột value: gặp “-1”: `VT_VIBA` là số đếm (tuyến), không thể âm; cần số nguyên ≥ 0\n"
            ),
        "{err}"
    );
    let report = baocao(
        dir.path(),
        &["report", "--period", "2023-04", "--format", "md"],
    );
    assert!(
        stdout(&report).contains("267 tuyến viba"),
        "{}",
        stdout(&report)
    );
}

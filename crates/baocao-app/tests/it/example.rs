//! Validating the built-in example: the seed report's own figures disagree in exactly five
//! places, and validation must find those five and nothing else.

use baocao_core::catalog::Importance;

use crate::helpers::{april, april_data, example_db};

/// (rule code, stated value, stated display, recomputed value, recomputed display).
///
/// `TYLE:BC_DANSO_DIEMPHUCVU`: the seed typed "5,183" (a decimal comma) for 5.183 people per
/// service point; 596.049 / 115 = 5.183,035, compared at the 3 decimals typed.
const EXPECTED: [(&str, f64, &str, f64, &str); 5] = [
    ("TONG:DVC_HOSO.XA", 22_115.0, "22.115", 22_155.0, "22.155"),
    ("TYLE:DVC_TYLE_TRUCTUYEN.XA", 68.16, "68,16", 68.04, "68,04"),
    ("TYLE:VT_MATDO_DIENTHOAI", 116.4, "116,4", 116.1, "116,1"),
    ("TYLE:VT_MATDO_INTERNET", 97.9, "97,9", 56.9, "56,9"),
    (
        "TYLE:BC_DANSO_DIEMPHUCVU",
        5.183,
        "5,183",
        5_183.035,
        "5.183,035",
    ),
];

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 5e-4
}

#[tokio::test]
async fn example_has_exactly_the_five_mismatches_of_the_seed() {
    let db = example_db().await;
    assert!(db.path.is_file(), "the database file is created");
    let data = april_data(&db.store).await;
    assert_eq!(data.org_unit.code, "58", "the province is chosen");
    let report = baocao_app::validate(&data);

    let mut found: Vec<&str> = report
        .violations
        .iter()
        .map(|v| v.rule_code.as_str())
        .collect();
    found.sort_unstable();
    let mut expected: Vec<&str> = EXPECTED.iter().map(|e| e.0).collect();
    expected.sort_unstable();
    assert_eq!(found, expected, "violations: {:#?}", report.violations);

    for (code, stated, stated_display, recomputed, recomputed_display) in EXPECTED {
        let v = report
            .violations
            .iter()
            .find(|v| v.rule_code == code)
            .expect("listed above");
        assert_eq!(v.importance, Importance::High, "{code}");
        assert_eq!(v.period, april(), "{code}");
        assert_eq!(v.left.display, stated_display, "{code}: stated display");
        let left = v.left.value.expect("stated value");
        assert!(close(left, stated), "{code}: stated {left} ≠ {stated}");
        let right = v.right.value.expect("recomputed value");
        assert!(
            close(right, recomputed),
            "{code}: recomputed {right} ≠ {recomputed}"
        );
        assert!(
            v.right.display.starts_with(recomputed_display),
            "{code}: recomputed display `{}` should start with `{recomputed_display}`",
            v.right.display
        );
    }
    assert!(report.has_high());
}

#[tokio::test]
async fn rules_that_agree_are_evaluated_not_skipped() {
    let db = example_db().await;
    let data = april_data(&db.store).await;
    let report = baocao_app::validate(&data);
    assert!(
        report.rules_evaluated >= 150,
        "only {} rules evaluated ({} skipped)",
        report.rules_evaluated,
        report.rules_skipped
    );
    assert!(
        report.rules_skipped <= 5,
        "{} rules skipped",
        report.rules_skipped
    );

    // The grand total 67.555 agrees with its parts (40.992 + 4.408 + 22.155): only the
    // commune subtotal 22.115 is a typo. These generated rules exist and pass.
    let generated = baocao_engine::validate::generated_rules(&data.catalog, &data.table, april());
    for code in [
        "TONG:DVC_HOSO",
        "TONG:DVC_HOSO.TINH",
        "TONG:DVC_HOSO.HUYEN",
        "TONG:CNTT_TDOFFICE_VANBAN",
        "TONG:DVC_DICHVU",
        "TONG:VT_BTS",
        "TONG:VT_TB_DIENTHOAI",
        "TONG:VT_INTERNET",
        "TONG:BC_DIEMPHUCVU",
        "TONG:CNTT_PAHT_TIEPNHAN",
        "TYLE:DVC_TYLE_TRUCTUYEN",
        "TYLE:DVC_TYLE_TRUCTUYEN.TINH",
        "TYLE:DVC_TYLE_TRUCTUYEN.HUYEN",
        "TYLE:BC_TANG_BUUPHAT",
        "KHONG_AM:DVC_HOSO.XA.BCCI",
    ] {
        assert!(
            generated.iter().any(|r| r.rule.code == code),
            "rule {code} is generated from the data"
        );
        assert!(
            !report.violations.iter().any(|v| v.rule_code == code),
            "rule {code} holds for the example"
        );
    }

    let total = baocao_engine::Evaluator::new(&data.catalog, &data.table)
        .data_element("DVC_HOSO", &[], april())
        .expect("DVC_HOSO computed");
    assert_eq!(total, 67_555.0);
    let commune = baocao_engine::Evaluator::new(&data.catalog, &data.table)
        .data_element("DVC_HOSO", &["XA"], april())
        .expect("DVC_HOSO.XA computed");
    assert_eq!(commune, 22_155.0, "computed from its parts, not as typed");
}

#[tokio::test]
async fn documents_of_the_example_are_inside_the_cutoff_window() {
    // The documents advised in late March (1146/KH-UBND of 28/3) are inside Nghị định 09's
    // window 15/3–14/4, so no NGAY_VB rule fires; but they are checked.
    let db = example_db().await;
    let data = april_data(&db.store).await;
    let with_dates = data
        .documents
        .iter()
        .filter(|d| {
            d.date.is_some()
                && d.role != baocao_core::register::DocumentRole::Cited
                && d.period == Some(april())
        })
        .count();
    assert_eq!(with_dates, 6, "advised or issued documents with a date");
    let report = baocao_app::validate(&data);
    assert!(
        !report
            .violations
            .iter()
            .any(|v| v.rule_code.starts_with("NGAY_VB:")),
        "{:#?}",
        report.violations
    );
}

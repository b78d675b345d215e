//! A data element's cells, subtotals and total computed from their parts.

use baocao_engine::Evaluator;

use crate::helpers::{Table, assert_close, compiled, period};

/// Cells stored (options, value) and the expected value of each query (options, value).
struct Case {
    name: &'static str,
    stored: &'static [(&'static [&'static str], f64)],
    expected: &'static [(&'static [&'static str], Option<f64>)],
}

const CASES: &[Case] = &[
    Case {
        name: "leaves only: sums at every subtotal and the total",
        stored: &[
            (&["XA", "TRUCTIEP"], 10.0),
            (&["XA", "QUAMANG"], 20.0),
            (&["XA", "BCCI"], 1.0),
            (&["HUYEN", "TRUCTIEP"], 5.0),
            (&["HUYEN", "QUAMANG"], 7.0),
            (&["TINH", "QUAMANG"], 100.0),
        ],
        expected: &[
            (&["XA", "TRUCTIEP"], Some(10.0)),
            (&["XA", "QUAMANG"], Some(20.0)),
            (&["QUAMANG", "XA"], Some(20.0)),
            (&["XA"], Some(31.0)),
            (&["HUYEN"], Some(12.0)),
            (&["TINH"], Some(100.0)),
            (&["TRUCTIEP"], Some(15.0)),
            (&["QUAMANG"], Some(127.0)),
            (&["BCCI"], Some(1.0)),
            (&[], Some(143.0)),
            // A leaf that is not stored is missing itself.
            (&["TINH", "BCCI"], None),
        ],
    },
    Case {
        name: "a stated subtotal without leaves is the stated value",
        stored: &[(&["XA"], 50.0)],
        expected: &[
            (&["XA"], Some(50.0)),
            (&[], Some(50.0)),
            (&["TINH"], None),
            (&["XA", "QUAMANG"], None),
        ],
    },
    Case {
        name: "leaves win over a wrong stated subtotal",
        stored: &[
            (&["XA", "TRUCTIEP"], 10.0),
            (&["XA", "QUAMANG"], 20.0),
            (&["XA"], 99.0),
        ],
        expected: &[
            (&["XA"], Some(30.0)),
            (&[], Some(30.0)),
            (&["QUAMANG"], Some(20.0)),
        ],
    },
    Case {
        name: "leaves win over a wrong stated total",
        stored: &[
            (&["TINH", "TRUCTIEP"], 15_000.0),
            (&["XA", "QUAMANG"], 7_155.0),
            (&[], 22_115.0),
        ],
        expected: &[(&[], Some(22_155.0)), (&["XA"], Some(7_155.0))],
    },
    Case {
        name: "only level subtotals stated: the total is their sum",
        stored: &[(&["TINH"], 100.0), (&["HUYEN"], 200.0), (&["XA"], 300.0)],
        expected: &[
            (&[], Some(600.0)),
            (&["HUYEN"], Some(200.0)),
            (&["QUAMANG"], None),
        ],
    },
    Case {
        name: "level subtotals override a stated total that disagrees",
        stored: &[
            (&["TINH"], 100.0),
            (&["HUYEN"], 200.0),
            (&["XA"], 300.0),
            (&[], 650.0),
        ],
        expected: &[(&[], Some(600.0))],
    },
    Case {
        name: "a stated subtotal in the second category only",
        stored: &[(&["TRUCTIEP"], 40.0)],
        expected: &[
            (&[], Some(40.0)),
            (&["TRUCTIEP"], Some(40.0)),
            (&["QUAMANG"], None),
            (&["XA"], None),
        ],
    },
    Case {
        name: "subtotals in the second category only, summed",
        stored: &[(&["TRUCTIEP"], 40.0), (&["QUAMANG"], 60.0), (&[], 90.0)],
        expected: &[(&[], Some(100.0))],
    },
    Case {
        name: "missing parts count as zero once one part is there",
        stored: &[(&["XA", "QUAMANG"], 7.0)],
        expected: &[
            (&["XA"], Some(7.0)),
            (&["QUAMANG"], Some(7.0)),
            (&[], Some(7.0)),
            (&["XA", "TRUCTIEP"], None),
        ],
    },
    Case {
        name: "a mix of a stated subtotal and leaves under another subtotal",
        stored: &[
            (&["TINH"], 100.0),
            (&["XA", "QUAMANG"], 7.0),
            (&["XA", "TRUCTIEP"], 3.0),
            (&[], 1_000.0),
        ],
        expected: &[
            (&["TINH"], Some(100.0)),
            (&["XA"], Some(10.0)),
            (&[], Some(110.0)),
        ],
    },
    Case {
        name: "zeros are values, not missing",
        stored: &[(&["XA", "QUAMANG"], 0.0), (&["XA", "TRUCTIEP"], 0.0)],
        expected: &[(&["XA"], Some(0.0)), (&[], Some(0.0))],
    },
    Case {
        name: "nothing stored",
        stored: &[],
        expected: &[
            (&[], None),
            (&["XA"], None),
            (&["XA", "QUAMANG"], None),
            (&["TRUCTIEP"], None),
        ],
    },
];

#[test]
fn cells_subtotals_and_totals_are_computed_from_their_parts() {
    let compiled = compiled();
    for case in CASES {
        let mut table = Table::new(&compiled);
        for (options, value) in case.stored {
            table.put("DVC_HOSO", options, "2023-04", *value);
        }
        let evaluator = Evaluator::new(&compiled, &table.table);
        for (options, expected) in case.expected {
            let what = format!("{}: DVC_HOSO {options:?}", case.name);
            let actual = evaluator.data_element("DVC_HOSO", options, period("2023-04"));
            assert_close(actual, *expected, &what);
            // `computed` with the canonical cell agrees with `data_element`.
            let de = &compiled.catalog.data_elements["DVC_HOSO"];
            let coc = compiled.catalog.selection(de, options).unwrap();
            assert_close(
                evaluator.computed(de, &coc, period("2023-04")),
                *expected,
                &format!("{what} (computed)"),
            );
        }
    }
}

#[test]
fn figures_of_another_period_are_not_parts() {
    let compiled = compiled();
    let mut table = Table::new(&compiled);
    table
        .put("DVC_HOSO", &["XA", "QUAMANG"], "2023-03", 5.0)
        .put("DVC_HOSO", &["XA", "TRUCTIEP"], "2023-04", 3.0);
    let evaluator = Evaluator::new(&compiled, &table.table);
    assert_eq!(
        evaluator.data_element("DVC_HOSO", &["XA"], period("2023-04")),
        Some(3.0)
    );
    assert_eq!(
        evaluator.data_element("DVC_HOSO", &["XA"], period("2023-03")),
        Some(5.0)
    );
    assert_eq!(
        evaluator.data_element("DVC_HOSO", &[], period("2023-05")),
        None
    );
}

#[test]
fn default_combo_elements_have_one_cell() {
    let compiled = compiled();
    let mut table = Table::new(&compiled);
    table.put_typed("DOANHTHU", &[], "2023-04", 12.5, 1);
    let evaluator = Evaluator::new(&compiled, &table.table);
    assert_eq!(
        evaluator.data_element("DOANHTHU", &[], period("2023-04")),
        Some(12.5)
    );
    // An option the element does not have selects nothing.
    assert_eq!(
        evaluator.data_element("DOANHTHU", &["XA"], period("2023-04")),
        None
    );
    // Unknown elements and impossible selections are missing, not panics.
    assert_eq!(
        evaluator.data_element("KHONG_CO", &[], period("2023-04")),
        None
    );
    assert_eq!(
        evaluator.data_element("DVC_HOSO", &["XA", "TINH"], period("2023-04")),
        None
    );
}

#[test]
fn references_read_computed_and_stated_values() {
    let compiled = compiled();
    let mut table = Table::new(&compiled);
    table
        .put("DVC_HOSO", &["XA", "TRUCTIEP"], "2023-04", 10.0)
        .put("DVC_HOSO", &["XA", "QUAMANG"], "2023-04", 20.0)
        .put("DVC_HOSO", &["XA"], "2023-04", 99.0);
    let evaluator = Evaluator::new(&compiled, &table.table);
    let eval = |formula: &str| {
        let expr = baocao_engine::expr::parse(formula).unwrap();
        evaluator
            .eval(&expr, period("2023-04"), baocao_engine::Missing::Propagate)
            .value
    };
    assert_eq!(eval("#{DVC_HOSO.XA}"), Some(30.0));
    assert_eq!(eval("S{DVC_HOSO.XA}"), Some(99.0));
    assert_eq!(eval("S{DVC_HOSO.XA} - #{DVC_HOSO.XA}"), Some(69.0));
    // The total is not stated: S{} is missing while #{} is computed.
    assert_eq!(eval("S{DVC_HOSO}"), None);
    assert_eq!(eval("#{DVC_HOSO}"), Some(30.0));
    // Options in any order.
    assert_eq!(eval("#{DVC_HOSO.QUAMANG.XA}"), Some(20.0));
}

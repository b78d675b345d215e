//! Reads for aggregation: the figures of some data elements of many org units over many
//! periods (`Store::data_values_of_elements`) are exactly the stored rows that match, in
//! order, also past the number of org units one query names.

use baocao_core::orgunit::{OrgUnit, OrgUnitLevel, OrgUnitVersion};
use baocao_core::value::DataValue;
use baocao_store::testing::TestDatabase;
use baocao_store::{Dataset, ORG_UNITS_PER_QUERY};

use crate::fixtures::{PROVINCE, date, org_units, period, value};

/// A commune of the fixture's province, id `X<n>` (so that ids sort as numbers do when
/// padded: `X00001`).
fn commune(n: usize) -> OrgUnit {
    OrgUnit {
        id: format!("X{n:05}"),
        code: format!("X{n:05}"),
        level: OrgUnitLevel::Xa,
        kind: Default::default(),
        versions: vec![OrgUnitVersion {
            valid_from: date("2020-01-01"),
            valid_to: None,
            name: format!("Xã Thử Nghiệm {n}"),
            parent: Some(PROVINCE.to_string()),
        }],
    }
}

fn at(unit: &str, de: &str, coc: &[&str], period_id: &str, text: &str) -> DataValue {
    DataValue {
        org_unit: unit.to_string(),
        ..value(de, coc, period_id, text)
    }
}

/// The order the store returns: org unit, period, data element, cell.
fn in_store_order(mut values: Vec<DataValue>) -> Vec<DataValue> {
    values.sort_by_key(|v| {
        (
            v.org_unit.clone(),
            v.period,
            v.data_element.clone(),
            v.category_option_combo.code(),
        )
    });
    values
}

/// Three communes, three data elements (one with a breakdown), three months: a query for two
/// elements, two communes and two months gets exactly those rows, as stored, in order.
pub async fn values_of_elements_are_the_matching_rows(db: &TestDatabase) {
    let store = &db.store;
    let mut units = org_units();
    units.extend((1..=3).map(commune));
    let mut values = Vec::new();
    for unit in ["X00001", "X00002", "X00003"] {
        for (m, month) in ["2024-01", "2024-02", "2024-03"].iter().enumerate() {
            let n = unit[1..].parse::<usize>().unwrap() * 100 + m;
            values.push(at(unit, "HOSO", &["TRUCTIEP"], month, &format!("{n}")));
            values.push(at(unit, "HOSO", &["QUAMANG"], month, &format!("{}", n + 1)));
            values.push(at(unit, "THUEBAO", &[], month, &format!("{n}.000")));
            values.push(at(unit, "CAMERA", &[], month, "7"));
        }
    }
    store
        .save_dataset(&Dataset {
            org_units: units,
            values: values.clone(),
            ..Dataset::default()
        })
        .await
        .unwrap();

    let elements = ["HOSO".to_string(), "THUEBAO".to_string()];
    let wanted_units = ["X00003".to_string(), "X00001".to_string()];
    let months = [period("2024-03"), period("2024-01")];
    let got = store
        .data_values_of_elements(&elements, &wanted_units, &months)
        .await
        .unwrap();
    let expected: Vec<DataValue> = values
        .iter()
        .filter(|v| v.data_element != "CAMERA")
        .filter(|v| v.org_unit != "X00002")
        .filter(|v| v.period != period("2024-02"))
        .cloned()
        .collect();
    assert_eq!(expected.len(), 2 * 2 * 3);
    assert_eq!(got, in_store_order(expected));
    // The typed text and decimals come back as stored.
    assert!(
        got.iter()
            .any(|v| v.number.as_typed == "302.000" && v.number.value == 302_000.0)
    );

    // Empty lists, unknown codes: nothing.
    for (e, u, p) in [
        (&[][..], &wanted_units[..], &months[..]),
        (&elements[..], &[][..], &months[..]),
        (&elements[..], &wanted_units[..], &[][..]),
    ] {
        assert!(
            store
                .data_values_of_elements(e, u, p)
                .await
                .unwrap()
                .is_empty()
        );
    }
    let unknown = store
        .data_values_of_elements(&["KHONG_CO".to_string()], &wanted_units, &months)
        .await
        .unwrap();
    assert!(unknown.is_empty());
}

/// More org units than one query names: every one is read, once, in org unit order, and a
/// unit asked for twice gives its rows once.
pub async fn values_of_elements_past_one_query(db: &TestDatabase) {
    let store = &db.store;
    let n = ORG_UNITS_PER_QUERY + 3;
    let mut units = org_units();
    units.extend((1..=n).map(commune));
    let values: Vec<DataValue> = (1..=n)
        .flat_map(|i| {
            let id = format!("X{i:05}");
            [
                at(&id, "HOSO", &["TRUCTIEP"], "2024-01", &i.to_string()),
                at(&id, "CAMERA", &[], "2024-01", "1"),
            ]
        })
        .collect();
    store
        .save_dataset(&Dataset {
            org_units: units,
            values: values.clone(),
            ..Dataset::default()
        })
        .await
        .unwrap();
    let mut asked: Vec<String> = (1..=n).rev().map(|i| format!("X{i:05}")).collect();
    asked.push("X00002".to_string());
    let got = store
        .data_values_of_elements(&["HOSO".to_string()], &asked, &[period("2024-01")])
        .await
        .unwrap();
    let expected: Vec<DataValue> = values
        .into_iter()
        .filter(|v| v.data_element == "HOSO")
        .collect();
    assert_eq!(got.len(), n);
    assert_eq!(got, in_store_order(expected));
    let total: f64 = got.iter().map(|v| v.number.value).sum();
    assert_eq!(total, (n * (n + 1) / 2) as f64);
}

//! DHIS2 dataValueSets: the export has DHIS2's documented shape, the documented shape
//! imports with codes, UIDs round-trip, and numbers are plain with "." decimals.

use baocao_interchange::dhis2::{self, DataValueSet, IdMap, IdScheme};

use crate::helpers::{Kind, april, example, import, import_with, options, refused};

fn april_set(scheme: IdScheme) -> (DataValueSet, usize) {
    let bundle = example();
    let values: Vec<_> = bundle
        .values
        .iter()
        .filter(|v| v.period == april())
        .cloned()
        .collect();
    let ids = IdMap::new(scheme, &bundle.catalog.catalog, &bundle.org_units).unwrap();
    let (data_values, left_out) = dhis2::to_dhis2(&values, &bundle.catalog.catalog, &ids);
    (
        DataValueSet {
            period: Some("202304".into()),
            org_unit: Some(
                ids.entries()
                    .iter()
                    .find(|e| e.0 == "organisationUnit")
                    .unwrap()
                    .2
                    .clone(),
            ),
            data_values,
            ..DataValueSet::default()
        },
        left_out,
    )
}

#[test]
fn the_export_has_dhis2s_documented_shape() {
    let (set, left_out) = april_set(IdScheme::Code);
    let mut bytes = Vec::new();
    dhis2::write_json(&mut bytes, &set).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let allowed_top = [
        "dataSet",
        "completeDate",
        "period",
        "orgUnit",
        "attributeOptionCombo",
        "dataValues",
    ];
    for key in json.as_object().unwrap().keys() {
        assert!(allowed_top.contains(&key.as_str()), "{key}");
    }
    let allowed = [
        "dataElement",
        "categoryOptionCombo",
        "attributeOptionCombo",
        "period",
        "orgUnit",
        "value",
        "storedBy",
        "created",
        "lastUpdated",
        "comment",
        "followup",
    ];
    let values = json["dataValues"].as_array().unwrap();
    assert!(values.len() > 80, "{}", values.len());
    assert!(left_out > 0, "stated subtotals have no place in DHIS2");
    for v in values {
        for key in v.as_object().unwrap().keys() {
            assert!(allowed.contains(&key.as_str()), "{key}");
        }
        for required in [
            "dataElement",
            "categoryOptionCombo",
            "period",
            "orgUnit",
            "value",
        ] {
            assert!(v[required].is_string(), "{required} in {v}");
        }
        let value = v["value"].as_str().unwrap();
        assert!(
            value
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
                && !value.contains(','),
            "a plain number: {value}"
        );
        assert_eq!(v["period"], "202304");
        assert_eq!(v["followup"], false);
    }
    // 232.046 documents in TD.Office is stated; its cells go out as plain numbers.
    assert!(
        values
            .iter()
            .any(|v| v["dataElement"] == "CNTT_TDOFFICE_VANBAN"
                && v["categoryOptionCombo"] == "TINH.DEN"
                && v["value"] == "76753")
    );
    // 70,96-style decimals go out with a point.
    assert!(
        values
            .iter()
            .any(|v| v["value"].as_str().unwrap().contains('.'))
    );
}

#[test]
fn the_export_imports_back_with_codes_and_with_uids() {
    for scheme in [IdScheme::Code, IdScheme::Uid] {
        let (set, _) = april_set(scheme);
        for csv in [false, true] {
            let mut bytes = Vec::new();
            if csv {
                dhis2::write_csv(&mut bytes, &set.data_values).unwrap();
            } else {
                dhis2::write_json(&mut bytes, &set).unwrap();
            }
            let kind = if csv { Kind::Dhis2Csv } else { Kind::Dhis2Json };
            let checked = import_with(&bytes, kind, &options(), scheme)
                .unwrap_or_else(|p| panic!("{scheme:?} {csv}: {p}"));
            assert_eq!(checked.values.len(), set.data_values.len());
            let bundle = example();
            for v in &checked.values {
                let original = bundle
                    .values
                    .iter()
                    .find(|o| {
                        o.period == v.period
                            && o.data_element == v.data_element
                            && o.category_option_combo == v.category_option_combo
                    })
                    .unwrap();
                assert_eq!(
                    (v.number.value, v.number.decimals),
                    (original.number.value, original.number.decimals)
                );
            }
        }
    }
}

#[test]
fn uids_given_to_a_code_import_are_unknown_codes() {
    let (set, _) = april_set(IdScheme::Uid);
    let mut bytes = Vec::new();
    dhis2::write_json(&mut bytes, &set).unwrap();
    let problems = refused(&bytes, Kind::Dhis2Json);
    assert!(problems.contains("dataValues[0].dataElement"), "{problems}");
}

#[test]
fn dhis2s_documented_example_imports_with_codes() {
    // The shape of DHIS2's documentation: defaults at the top, values without period and
    // org unit, values as strings, a comment, dataSet and completeDate (ignored).
    let json = r#"{
      "dataSet": "cntt",
      "completeDate": "2023-04-14",
      "period": "202304",
      "orgUnit": "58",
      "attributeOptionCombo": "default",
      "dataValues": [
        { "dataElement": "DVC_HOSO", "categoryOptionCombo": "XA.QUAMANG", "value": "15074" },
        { "dataElement": "DVC_HOSO", "categoryOptionCombo": "TRUCTIEP.XA", "value": "7081", "comment": "số liệu ước" },
        { "dataElement": "VT_CAPQUANG_KM", "categoryOptionCombo": "HllvX50cXC0", "value": "70.96" },
        { "dataElement": "CNTT_CHUNGTHUSO", "value": 7, "followup": false, "storedBy": "dhis2" },
        { "dataElement": "CNTT_CAMERA_GT", "value": "" }
      ]
    }"#;
    let checked = import(json.as_bytes(), Kind::Dhis2Json).unwrap_or_else(|p| panic!("{p}"));
    let got: Vec<(String, String, String)> = checked
        .values
        .iter()
        .map(|v| {
            (
                v.data_element.clone(),
                v.category_option_combo.code(),
                v.number.as_typed.clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("DVC_HOSO".into(), "XA.QUAMANG".into(), "15.074".into()),
            ("DVC_HOSO".into(), "XA.TRUCTIEP".into(), "7.081".into()),
            ("VT_CAPQUANG_KM".into(), "default".into(), "70,96".into()),
            ("CNTT_CHUNGTHUSO".into(), "default".into(), "7".into()),
        ]
    );
    assert_eq!(checked.empty, 1, "an empty value is ignored");
    assert_eq!(checked.values[3].stored_by, "dhis2");
}

#[test]
fn a_dot_and_three_digits_in_a_dhis2_file_is_reported() {
    let json = r#"{"period":"202304","orgUnit":"58","dataValues":[{"dataElement":"DVC_HOSO","categoryOptionCombo":"XA.QUAMANG","value":"15.074"}]}"#;
    let problems = refused(json.as_bytes(), Kind::Dhis2Json);
    assert!(
        problems.contains("dataValues[0].value: found “15.074”"),
        "{problems}"
    );
    assert!(problems.contains("two ways"), "{problems}");
}

/// A set whose values member is misspelt, or missing, or an empty file, is refused: it
/// must not pass for an empty set (a program syncing figures would think they were sent).
#[test]
fn a_set_without_its_values_member_is_refused() {
    let misspelt = br#"{"period": "202304", "orgUnit": "58", "datavalues": [
        {"dataElement": "VT_BTS", "value": "1"}]}"#;
    let text = refused(misspelt, Kind::Dhis2Json);
    assert!(
        text.contains("line 1, column 1")
            && text.contains("spelt `datavalues`; expected `dataValues`"),
        "{text}"
    );
    let text = refused(b"{}", Kind::Dhis2Json);
    assert!(text.contains("no `dataValues` member"), "{text}");
    let text = refused(b"", Kind::Dhis2Json);
    assert!(text.contains("the file is empty"), "{text}");
    // An empty list is a set with nothing to import, as in DHIS2.
    let empty = import(br#"{"dataValues": []}"#, Kind::Dhis2Json).expect("accepted");
    assert!(empty.values.is_empty());
}

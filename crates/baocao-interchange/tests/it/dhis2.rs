//! DHIS2 dataValueSets: the export has DHIS2's documented shape, the documented shape
//! imports with codes, UIDs round-trip, and numbers are plain with "." decimals.

use baocao_interchange::Location;
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
    let problems = import(&bytes, Kind::Dhis2Json).unwrap_err();
    let first = &problems.listed[0];
    assert_eq!(first.location, member(0, "dataElement"));
    assert_eq!(
        first.message,
        format!(
            "danh mục không có chỉ tiêu `{}`; cần mã một chỉ tiêu của danh mục (lệnh baocao catalog liệt kê các mã)",
            first.found
        )
    );
}

fn member(index: usize, field: &str) -> Location {
    Location::JsonValue {
        index,
        field: field.to_string(),
    }
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
    assert_eq!(
        problems,
        "  dataValues[0].value: gặp “15.074”: đọc được theo hai cách: 15.074 với dấu chấm thập phân (cách của DHIS2) hoặc 15074 với dấu chấm ngăn cách hàng nghìn (cách viết của Việt Nam); cần ghi 15074 nếu là số nguyên, hoặc nhập với --decimal-point nếu mọi dấu chấm trong tệp đều là dấu thập phân\n"
    );
}

/// Two values of DHIS2 JSON with the same data element, breakdown, org unit and period: the
/// second is located at the member that makes it a duplicate — the org unit named by its
/// code after its id, the breakdown's options in another order — or, written alike, at its
/// figure; the message names both places. Not at `dataElement`, which is not at fault.
#[test]
fn a_figure_given_twice_is_located_at_the_member_at_fault() {
    let set = |first: &str, second: &str| {
        format!(r#"{{"period": "202304", "orgUnit": "58", "dataValues": [{first}, {second}]}}"#)
    };
    let one = |json: String| {
        let problems = import(json.as_bytes(), Kind::Dhis2Json).unwrap_err();
        assert_eq!(problems.listed.len(), 1, "{problems}");
        problems.listed[0].clone()
    };

    // The org unit by its id, then by its code.
    let p = one(set(
        r#"{"dataElement": "VT_BTS", "categoryOptionCombo": "TRAM_4G", "orgUnit": "DN_VNPT", "value": "120"}"#,
        r#"{"dataElement": "VT_BTS", "categoryOptionCombo": "TRAM_4G", "orgUnit": "VNPT_NT", "value": "121"}"#,
    ));
    assert_eq!(p.location, member(1, "orgUnit"));
    assert_eq!(p.found, "VNPT_NT");
    assert_eq!(
        p.message,
        "“VNPT_NT” và “DN_VNPT” (ở dataValues[0].orgUnit) cùng chỉ đơn vị DN_VNPT (VNPT Ninh Thuận), nên số liệu `VT_BTS` `TRAM_4G` của đơn vị DN_VNPT, tháng 4/2023 được khai hai lần; cần mỗi số liệu chỉ khai một lần: sửa mã đơn vị nếu số liệu là của đơn vị khác, hoặc xóa một trong hai"
    );

    // The breakdown's options in another order.
    let p = one(set(
        r#"{"dataElement": "DVC_HOSO", "categoryOptionCombo": "XA.QUAMANG", "value": "15074"}"#,
        r#"{"dataElement": "DVC_HOSO", "categoryOptionCombo": "QUAMANG.XA", "value": "15047"}"#,
    ));
    assert_eq!(p.location, member(1, "categoryOptionCombo"));
    assert_eq!(p.found, "QUAMANG.XA");
    assert_eq!(
        p.message,
        "“QUAMANG.XA” và “XA.QUAMANG” (ở dataValues[0].categoryOptionCombo) cùng chỉ ô phân tổ `XA.QUAMANG` của `DVC_HOSO`, nên số liệu `DVC_HOSO` `XA.QUAMANG` của đơn vị 58, tháng 4/2023 được khai hai lần; cần mỗi số liệu chỉ khai một lần: sửa phân tổ nếu số liệu là của ô phân tổ khác, hoặc xóa một trong hai"
    );

    // Written alike, the second's own org unit the set's: its figure is given twice.
    let p = one(set(
        r#"{"dataElement": "DVC_HOSO", "categoryOptionCombo": "XA.QUAMANG", "value": "15074"}"#,
        r#"{"dataElement": "DVC_HOSO", "categoryOptionCombo": "XA.QUAMANG", "orgUnit": "58", "value": "15047"}"#,
    ));
    assert_eq!(p.location, member(1, "value"));
    assert_eq!(p.found, "15047");
    assert_eq!(
        p.message,
        "số liệu `DVC_HOSO` `XA.QUAMANG` của đơn vị 58, tháng 4/2023 đã khai ở dataValues[0].value; cần mỗi số liệu chỉ khai một lần: xóa một trong hai, hoặc sửa chỉ tiêu, phân tổ, đơn vị hay kỳ của số liệu ghi nhầm"
    );

    // The org unit by its code twice, after its id for another cell: the two are written
    // alike, so the figure is at fault (the first's spelling is kept, not the unit's first).
    let json = r#"{"period": "202304", "dataValues": [
        {"dataElement": "VT_BTS", "categoryOptionCombo": "TRAM_2G", "orgUnit": "DN_VNPT", "value": "50"},
        {"dataElement": "VT_BTS", "categoryOptionCombo": "TRAM_4G", "orgUnit": "VNPT_NT", "value": "121"},
        {"dataElement": "VT_BTS", "categoryOptionCombo": "TRAM_4G", "orgUnit": "VNPT_NT", "value": "122"}]}"#;
    let p = one(json.to_string());
    assert_eq!(p.location, member(2, "value"));
    assert_eq!(p.found, "122");
    assert_eq!(
        p.message,
        "số liệu `VT_BTS` `TRAM_4G` của đơn vị DN_VNPT, tháng 4/2023 đã khai ở dataValues[1].value; cần mỗi số liệu chỉ khai một lần: xóa một trong hai, hoặc sửa chỉ tiêu, phân tổ, đơn vị hay kỳ của số liệu ghi nhầm"
    );

    // The same in DHIS2's CSV: the column by DHIS2's name.
    let csv = "dataelement,period,orgunit,catoptcombo,attroptcombo,value\n\
               VT_BTS,202304,DN_VNPT,TRAM_4G,,120\n\
               VT_BTS,202304,VNPT_NT,TRAM_4G,,121\n";
    let problems = import(csv.as_bytes(), Kind::Dhis2Csv).unwrap_err();
    assert_eq!(
        problems.to_string(),
        "  Dòng 3, cột orgunit: gặp “VNPT_NT”: “VNPT_NT” và “DN_VNPT” (ở dòng 2, cột orgunit) cùng chỉ đơn vị DN_VNPT (VNPT Ninh Thuận), nên số liệu `VT_BTS` `TRAM_4G` của đơn vị DN_VNPT, tháng 4/2023 được khai hai lần; cần mỗi số liệu chỉ khai một lần: sửa mã đơn vị nếu số liệu là của đơn vị khác, hoặc xóa một trong hai\n"
    );
}

/// A set whose values member is misspelt, or missing, or an empty file, is refused: it
/// must not pass for an empty set (a program syncing figures would think they were sent).
#[test]
fn a_set_without_its_values_member_is_refused() {
    let misspelt = br#"{"period": "202304", "orgUnit": "58", "datavalues": [
        {"dataElement": "VT_BTS", "value": "1"}]}"#;
    let text = refused(misspelt, Kind::Dhis2Json);
    assert_eq!(
        text,
        "  Dòng 1, ký tự 1: gặp “datavalues”: thành phần được viết là `datavalues`; cần `dataValues` (tên phân biệt chữ hoa, chữ thường)\n"
    );
    let text = refused(b"{}", Kind::Dhis2Json);
    assert_eq!(
        text,
        "  Dòng 1, ký tự 1: đối tượng không có thành phần `dataValues`: không có gì để nhập; cần đúng dạng dataValueSets của DHIS2: {\"dataValues\": […]}\n"
    );
    let text = refused(b"", Kind::Dhis2Json);
    assert!(
        text.starts_with("  Dòng 1, ký tự 0: tệp trống; cần đúng dạng dataValueSets của DHIS2: {\"dataValues\": [{\"dataElement\""),
        "{text}"
    );
    // An empty list is a set with nothing to import, as in DHIS2.
    let empty = import(br#"{"dataValues": []}"#, Kind::Dhis2Json).expect("accepted");
    assert!(empty.values.is_empty());
}

/// JSON that is not a dataValueSet is refused at its line and character, said in
/// Vietnamese, the names written in the file kept as they are.
#[test]
fn json_that_is_no_value_set_is_refused_in_vietnamese() {
    let shape = r#"{"dataValues": [{"dataElement", "period", "orgUnit", "categoryOptionCombo", "value", …}]}"#;
    let cases: [(&[u8], String); 5] = [
        (
            br#"{"dataValues": [{"dataElement": "VT_BTS", "catOptCombo": "TRAM_4G"}]}"#,
            "  Dòng 1, ký tự 56: trường lạ `catOptCombo` trong một giá trị; cần các trường của DHIS2: dataElement, period, orgUnit, categoryOptionCombo, attributeOptionCombo, value, storedBy, created, lastUpdated, comment, followup, deleted (tên phân biệt chữ hoa, chữ thường)\n".to_string(),
        ),
        (
            b"42",
            format!("  Dòng 1, ký tự 2: gặp số nguyên 42 ở chỗ cần một đối tượng dataValueSets; cần đúng dạng dataValueSets của DHIS2: {shape}\n"),
        ),
        (
            br#"{"dataValues": {"dataElement": "VT_BTS"}}"#,
            format!("  Dòng 1, ký tự 16: gặp đối tượng ở chỗ cần mảng các giá trị (dataValues); cần đúng dạng dataValueSets của DHIS2: {shape}\n"),
        ),
        (
            br#"{"dataValues": [{"dataElement": 7}]}"#,
            format!("  Dòng 1, ký tự 34: gặp số nguyên 7 ở chỗ cần một chuỗi; cần đúng dạng dataValueSets của DHIS2: {shape}\n"),
        ),
        (
            b"{\"dataValues\": [",
            "  Dòng 1, ký tự 16: JSON kết thúc giữa chừng (tệp bị cắt cụt?): thiếu dấu “]” đóng mảng; cần một tệp JSON trọn vẹn\n".to_string(),
        ),
    ];
    for (json, expected) in cases {
        assert_eq!(refused(json, Kind::Dhis2Json), expected);
    }
    let text = refused(b"{\"dataValues\" [] }", Kind::Dhis2Json);
    assert_eq!(
        text,
        format!(
            "  Dòng 1, ký tự 15: không phải JSON hợp lệ: cần dấu “:” sau tên trường; cần đúng dạng dataValueSets của DHIS2: {shape}\n"
        )
    );
}

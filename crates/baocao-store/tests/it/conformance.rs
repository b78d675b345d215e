//! What every backend must do the same: rows come back as stored, a load replaces what it
//! says it replaces, a failed load leaves nothing, and a missing database is not created by
//! a read. Each function is one test, run once per backend (see `main.rs`).

use baocao_core::value::DataValue;
use baocao_store::testing::TestDatabase;
use baocao_store::{Dataset, OpenOptions, Store, StoreError};
use unicode_normalization::UnicodeNormalization;

use crate::fixtures::{
    DISTRICT, PROVINCE, april, codes, document, narrative, period, snapshot, sorted_values, stated,
    task, value,
};

/// Every table: what was stored is read back, field for field.
pub async fn round_trip_every_table(db: &TestDatabase) {
    let store = &db.store;
    assert!(store.is_empty().await.unwrap());
    let data = april();
    store.save_dataset(&data).await.unwrap();
    assert!(!store.is_empty().await.unwrap());

    let got = snapshot(store).await;
    assert_eq!(got.catalog, data.catalog_source);
    assert_eq!(got.template, data.template_source);
    assert_eq!(got.org_units, data.org_units);
    assert_eq!(got.periods, vec![period("2023-03"), period("2023-04")]);
    assert_eq!(got.values, sorted_values(&data.values));
    let mut stated = data.stated.clone();
    stated.sort_by_key(|s| s.indicator.clone());
    assert_eq!(got.stated, stated);
    assert_eq!(got.documents, data.documents);
    assert_eq!(got.tasks, data.tasks);
    let mut narratives = data.narratives.clone();
    narratives.sort_by_key(|n| n.section.clone());
    assert_eq!(got.narratives, narratives);
    assert_eq!(got.issue, Some(data.report_issues[0].clone()));
}

/// The values as typed survive exactly: the text, the decimals, the parsed value to the bit.
pub async fn typed_numbers_exactly(db: &TestDatabase) {
    let texts = [
        "0",
        "1.234.567.890.123",
        "5,183",
        "68,16",
        "0,000001",
        "-12,5",
    ];
    let values: Vec<DataValue> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| value(&format!("DE_{i}"), &[], "2023-04", t))
        .collect();
    let data = Dataset {
        org_units: crate::fixtures::org_units(),
        values: values.clone(),
        ..Dataset::default()
    };
    db.store.save_dataset(&data).await.unwrap();
    let got = db
        .store
        .data_values(PROVINCE, &[period("2023-04")])
        .await
        .unwrap();
    assert_eq!(got, sorted_values(&values));
    for v in &got {
        let expected = values.iter().find(|e| e.data_element == v.data_element);
        assert_eq!(
            v.number.value.to_bits(),
            expected.unwrap().number.value.to_bits()
        );
    }
}

/// A value stored without a time gets the time of the write, to the second.
pub async fn stored_at_defaults_to_the_write(db: &TestDatabase) {
    let before = chrono::Utc::now().naive_utc() - chrono::Duration::seconds(1);
    let mut v = value("TB_DIDONG", &[], "2023-04", "691.872");
    v.stored_at = None;
    let data = Dataset {
        org_units: crate::fixtures::org_units(),
        values: vec![v],
        ..Dataset::default()
    };
    db.store.save_dataset(&data).await.unwrap();
    let got = db
        .store
        .data_values(PROVINCE, &[period("2023-04")])
        .await
        .unwrap();
    let stored_at = got[0].stored_at.expect("a stored time");
    let after = chrono::Utc::now().naive_utc() + chrono::Duration::seconds(1);
    assert!(before <= stored_at && stored_at <= after, "{stored_at}");
    assert_eq!(stored_at.and_utc().timestamp_subsec_nanos(), 0);
}

/// Vietnamese text comes back byte for byte: NFC stays NFC, and a store never normalises
/// (an NFD text, which the files would have normalised, also comes back as it went in).
pub async fn nfc_text_round_trip(db: &TestDatabase) {
    let nfc = "Ặ Ẫ Ỗ Ợ Ự Ỹ — Quyết định số 166/QĐ-UBND của Ủy ban nhân dân tỉnh";
    assert!(unicode_normalization::is_nfc(nfc));
    let nfd: String = "Nghị định 30/2020/NĐ-CP về công tác văn thư"
        .nfd()
        .collect();
    assert!(!unicode_normalization::is_nfc(&nfd));
    let mut data = april();
    data.narratives = vec![narrative("cntt", nfc), narrative("nfd", &nfd)];
    data.documents = vec![document("qd-166", Some("166/QĐ-UBND"), nfc)];
    data.values[0].comment = Some(nfc.to_string());
    data.org_units[0].versions[0].name = nfc.to_string();
    data.catalog_source = Some(("danh-mục.toml".to_string(), nfc.to_string()));
    db.store.save_dataset(&data).await.unwrap();

    let got = snapshot(&db.store).await;
    let texts = [
        got.narratives[0].text.as_str(),
        got.documents[0].abstract_text.as_str(),
        got.org_units[0].versions[0].name.as_str(),
        got.catalog.as_ref().unwrap().1.as_str(),
    ];
    for text in texts {
        assert_eq!(text.as_bytes(), nfc.as_bytes());
    }
    assert_eq!(got.catalog.unwrap().0, "danh-mục.toml");
    assert!(got.values.iter().any(|v| v.comment.as_deref() == Some(nfc)));
    assert_eq!(got.narratives[1].text.as_bytes(), nfd.as_bytes());
}

/// A load replaces the figures, stated values, narrative and report of the (period, org
/// unit) pairs it names; other periods' figures are added or replaced one by one, and other
/// org units are not touched.
pub async fn replace_periods_replace_whole_periods(db: &TestDatabase) {
    let store = &db.store;
    let mut first = april();
    let mut district = value("DVC_HOSO", &[], "2023-04", "1.200");
    district.org_unit = DISTRICT.to_string();
    first.values.push(district.clone());
    first
        .values
        .push(value("TB_DIDONG", &[], "2023-02", "689.000"));
    store.save_dataset(&first).await.unwrap();

    let kept = value("DVC_HOSO", &[], "2023-04", "67.600");
    let march = value("TB_DIDONG", &[], "2023-03", "690.500");
    let second = Dataset {
        values: vec![kept.clone(), march.clone()],
        stated: vec![stated("DVC_TYLE_TRUCTUYEN", "2023-04", "68,04")],
        replace_periods: vec![(period("2023-04"), PROVINCE.to_string())],
        ..Dataset::default()
    };
    store.save_dataset(&second).await.unwrap();

    let got = snapshot(store).await;
    let expected = sorted_values(&[value("TB_DIDONG", &[], "2023-02", "689.000"), march, kept]);
    let province: Vec<DataValue> = got
        .values
        .iter()
        .filter(|v| v.org_unit == PROVINCE)
        .cloned()
        .collect();
    assert_eq!(province, expected);
    assert!(got.values.contains(&district), "other org units are kept");
    assert_eq!(got.stated, second.stated);
    assert!(
        got.narratives.is_empty(),
        "the period's narrative is replaced"
    );
    assert_eq!(got.issue, None, "the period's report data is replaced");
    // Nothing said about the catalogue or the registers: they stay.
    assert_eq!(got.catalog, first.catalog_source);
    assert_eq!(got.documents, first.documents);
    assert_eq!(got.tasks, first.tasks);
}

/// Registers given whole replace the stored ones; otherwise entries are added or updated,
/// and an updated document keeps its place in the register.
pub async fn registers_replace_or_update(db: &TestDatabase) {
    let store = &db.store;
    store.save_dataset(&april()).await.unwrap();

    let updated = document("cv-1", None, "Công văn (đã sửa) về việc báo cáo số liệu");
    let added = document("cv-2", None, "Công văn mới");
    let partial = Dataset {
        documents: vec![added.clone(), updated.clone()],
        tasks: vec![task(3, "Nhiệm vụ bổ sung")],
        replace_registers: false,
        ..Dataset::default()
    };
    store.save_dataset(&partial).await.unwrap();
    let mut expected = april().documents;
    expected[1] = updated;
    expected.push(added);
    let got = snapshot(store).await;
    assert_eq!(got.documents, expected);
    assert_eq!(got.tasks.len(), 3);

    let whole = Dataset {
        documents: vec![document("kh-9", Some("9/KH-UBND"), "Kế hoạch duy nhất")],
        tasks: vec![task(1, "Nhiệm vụ duy nhất")],
        replace_registers: true,
        ..Dataset::default()
    };
    store.save_dataset(&whole).await.unwrap();
    let got = snapshot(store).await;
    assert_eq!(got.documents, whole.documents);
    assert_eq!(got.tasks, whole.tasks);
}

/// The register keeps the order documents were given in, not the order of their ids.
pub async fn documents_keep_register_order(db: &TestDatabase) {
    let ids = ["z-last-id", "a-first-id", "m-middle-id", "b-second-id"];
    let documents: Vec<_> = ids
        .iter()
        .map(|id| document(id, None, &format!("Văn bản {id}")))
        .collect();
    let data = Dataset {
        documents: documents.clone(),
        replace_registers: true,
        ..Dataset::default()
    };
    db.store.save_dataset(&data).await.unwrap();
    let got = db.store.documents(period("2023-04")).await.unwrap();
    assert_eq!(got, documents);
}

/// Within one data set the last row with a key wins, as a file read top to bottom.
pub async fn last_duplicate_wins(db: &TestDatabase) {
    let data = Dataset {
        org_units: crate::fixtures::org_units(),
        values: vec![
            value("TB_DIDONG", &[], "2023-04", "1"),
            value("TB_DIDONG", &[], "2023-04", "2"),
        ],
        documents: vec![
            document("cv-1", None, "bản đầu"),
            document("cv-2", None, "khác"),
            document("cv-1", None, "bản sau"),
        ],
        ..Dataset::default()
    };
    db.store.save_dataset(&data).await.unwrap();
    let got = snapshot(&db.store).await;
    assert_eq!(got.values.len(), 1);
    assert_eq!(got.values[0].number.as_typed, "2");
    let abstracts: Vec<&str> = got
        .documents
        .iter()
        .map(|d| d.abstract_text.as_str())
        .collect();
    assert_eq!(abstracts, ["khác", "bản sau"]);
}

/// Org units are added or updated, never deleted; the versions of a unit given are replaced.
pub async fn org_unit_versions_replaced(db: &TestDatabase) {
    let store = &db.store;
    store.save_dataset(&april()).await.unwrap();
    let mut district = crate::fixtures::org_units().remove(1);
    district.versions.truncate(1);
    district.versions[0].valid_to = None;
    district.code = "PR_TC".to_string();
    let data = Dataset {
        org_units: vec![district.clone()],
        ..Dataset::default()
    };
    store.save_dataset(&data).await.unwrap();
    let units = store.org_units().await.unwrap();
    assert_eq!(units.len(), 2, "the province stays");
    assert_eq!(units[1], district);
}

/// A catalogue that no longer defines codes of stored figures is refused, and nothing of
/// that load is written.
pub async fn orphaning_catalogue_refused(db: &TestDatabase) {
    let store = &db.store;
    store.save_dataset(&april()).await.unwrap();
    let before = snapshot(store).await;
    let mut data = april();
    data.catalog_source = Some(("catalog.toml".to_string(), "# mới\n".to_string()));
    data.values.retain(|v| v.data_element == "DVC_HOSO");
    data.replace_periods.clear();
    data.catalog_codes = Some(codes(&["DVC_HOSO"], &["DVC_TYLE_TRUCTUYEN"]));
    let error = store.save_dataset(&data).await.unwrap_err();
    let StoreError::Orphans(orphans) = &error else {
        panic!("expected orphans, got {error}");
    };
    assert_eq!(
        orphans,
        &[
            "TB_DIDONG (2023-03)",
            "TB_DIDONG (2023-04)",
            "BC_DANSO_DIEMPHUCVU (2023-04)"
        ]
    );
    assert_eq!(snapshot(store).await, before);
}

/// A write that fails half-way (a figure of an org unit nobody stored, after the catalogue,
/// org units and other figures were written) leaves the database as it was.
pub async fn failed_write_leaves_nothing(db: &TestDatabase) {
    let store = &db.store;
    store.save_dataset(&april()).await.unwrap();
    let before = snapshot(store).await;
    let mut data = april();
    data.catalog_source = Some(("catalog.toml".to_string(), "# khác\n".to_string()));
    data.org_units[0].versions[0].name = "Tên khác".to_string();
    let mut stray = value("DVC_HOSO", &[], "2023-04", "1");
    stray.org_unit = "KHONG_CO".to_string();
    data.values.insert(2, stray);
    data.values.push(value("TB_MOI", &[], "2023-04", "5"));
    let error = store.save_dataset(&data).await.unwrap_err();
    assert!(matches!(error, StoreError::Database(_)), "{error}");
    assert_eq!(snapshot(store).await, before);
    // And a database that was empty stays empty.
    let fresh = Store::open(&db.missing_url()).await.unwrap();
    assert!(fresh.save_dataset(&data).await.is_err());
    assert!(fresh.is_empty().await.unwrap());
    fresh.close().await;
}

/// Opening without `create` where there is no database is refused, and creates nothing.
pub async fn missing_database_is_not_created(db: &TestDatabase) {
    let url = db.missing_url();
    let error = Store::open_with(&url, false).await.unwrap_err();
    assert!(matches!(error, StoreError::Missing(_)), "{error}");
    assert!(error.to_string().contains("baocao init"), "{error}");
    assert!(!db.exists(&url).await);
    let options = OpenOptions {
        create: false,
        migrate: false,
    };
    assert!(Store::open_with_options(&url, options).await.is_err());
    assert!(!db.exists(&url).await);
    // With `create`, it is made and migrated.
    let store = Store::open_with(&url, true).await.unwrap();
    assert!(store.is_empty().await.unwrap());
    store.close().await;
    assert!(db.exists(&url).await);
}

/// Reads of nothing return nothing.
pub async fn empty_reads(db: &TestDatabase) {
    let store = &db.store;
    assert!(store.data_values(PROVINCE, &[]).await.unwrap().is_empty());
    assert!(
        store
            .stated_indicator_values(PROVINCE, &[])
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.periods().await.unwrap().is_empty());
    assert!(store.org_units().await.unwrap().is_empty());
    assert_eq!(store.source_file("catalog").await.unwrap(), None);
    assert_eq!(store.report_issue(period("2023-04")).await.unwrap(), None);
}

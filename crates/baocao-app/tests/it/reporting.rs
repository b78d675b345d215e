//! Reporting units through the use cases, on both backends (the issue's acceptance): accounts
//! of the four telecom enterprises of the example, each tied to its unit, enter and submit
//! April 2023 of `BM_VIENTHONG_DN` — two on time, one late, one never; the completeness
//! figures and overdue list follow; the approved data set refuses an edit and the refusal is
//! audited. Entry rights (own unit, own data sets, the data set's period type) and bottom-up
//! approval (a district submits after its communes are approved).

use baocao_app::completeness::{Timeliness, completeness};
use baocao_app::edit::{
    Actor, EntryError, StatusAction, StatusRequest, ValueInput, change_data_set_status,
    change_status, enter_value,
};
use baocao_core::catalog::Field;
use baocao_core::period::Period;
use baocao_engine::CompiledCatalog;
use baocao_store::testing::TestDatabase;
use baocao_store::{
    ApprovalStatus, AuditFilter, Backend, Role, Store, StoreError, User, ValueKey, action,
};
use chrono::{NaiveDate, NaiveDateTime};

use crate::helpers::{Folder, april};

const TELECOM: &str = "BM_VIENTHONG_DN";
const HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";

fn time(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
}

/// An account stored in `store`, tied to `unit` when given, and the actor of its session.
async fn account(
    store: &Store,
    username: &str,
    role: Role,
    fields: &[Field],
    unit: Option<&str>,
) -> Actor {
    let user = User {
        username: username.to_string(),
        full_name: format!("Người dùng {username}"),
        role,
        fields: fields.to_vec(),
        active: true,
    };
    store.create_user(&user, HASH).await.unwrap();
    if let Some(unit) = unit {
        store
            .set_user_org_unit(username, Some(unit), "admin")
            .await
            .unwrap();
    }
    Actor::from(&user)
}

fn figure(de: &str, unit: &str, period: &str, text: &str, expected: Option<i64>) -> ValueInput {
    ValueInput {
        data_element: de.to_string(),
        category_option_combo: "default".to_string(),
        org_unit: unit.to_string(),
        period: Period::parse(period).unwrap(),
        text: text.to_string(),
        expected_version: expected,
    }
}

fn request<'a>(
    data_set: &'a str,
    unit: &'a str,
    action: StatusAction,
    reason: Option<&'a str>,
    at: &str,
) -> StatusRequest<'a> {
    StatusRequest {
        data_set,
        org_unit: unit,
        period: april(),
        action,
        reason,
        at: time(at),
    }
}

async fn loaded(db: &TestDatabase, folder: Option<&Folder>) -> CompiledCatalog {
    match folder {
        Some(folder) => {
            baocao_app::load_folder(&db.store, folder.path())
                .await
                .unwrap();
        }
        None => {
            let bundle = baocao_files::load_bundle_files(baocao_app::example::files()).unwrap();
            baocao_app::store_bundle(&db.store, bundle).await.unwrap();
        }
    }
    baocao_app::catalog(&db.store).await.unwrap()
}

async fn enterprises_report(db: &TestDatabase) {
    let store = &db.store;
    let catalog = loaded(db, None).await;
    let bcvt = &[Field::Bcvt];
    let vnpt = account(store, "vnpt", Role::ChuyenVien, bcvt, Some("DN_VNPT")).await;
    let viettel = account(store, "viettel", Role::ChuyenVien, bcvt, Some("DN_VIETTEL")).await;
    let mobifone = account(
        store,
        "mobifone",
        Role::ChuyenVien,
        bcvt,
        Some("DN_MOBIFONE"),
    )
    .await;
    let leader = account(store, "lanhdao", Role::LanhDao, &[], None).await;
    let admin = account(store, "admin", Role::QuanTri, &[], None).await;

    // Each enterprise enters its own figures.
    let entered = enter_value(
        store,
        &catalog,
        &vnpt,
        &figure("VT_TB_DIENTHOAI", "DN_VNPT", "2023-04", "312.450", None),
    )
    .await
    .unwrap();
    let vnpt_version = entered.version;
    for (actor, unit, text) in [
        (&viettel, "DN_VIETTEL", "254.031"),
        (&mobifone, "DN_MOBIFONE", "98.772"),
    ] {
        enter_value(
            store,
            &catalog,
            actor,
            &figure("VT_TB_DIENTHOAI", unit, "2023-04", text, None),
        )
        .await
        .unwrap();
    }

    // Not another unit's figures, not a data element its data sets do not hold, not a period
    // its data set is not reported for.
    let refused = |e: &EntryError| e.message_vi();
    let error = enter_value(
        store,
        &catalog,
        &vnpt,
        &figure("VT_TB_DIENTHOAI", "DN_VIETTEL", "2023-04", "1", None),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&error, EntryError::OtherUnit { own } if own == "VNPT Ninh Thuận"),
        "{error}"
    );
    assert_eq!(
        refused(&error),
        "Tài khoản của bạn chỉ nhập và gửi số liệu của đơn vị VNPT Ninh Thuận"
    );
    let error = enter_value(
        store,
        &catalog,
        &vnpt,
        &figure("BC_BUUGUI", "DN_VNPT", "2023-04", "1", None),
    )
    .await
    .unwrap_err();
    assert!(matches!(error, EntryError::NotInDataSet { .. }), "{error}");
    assert!(refused(&error).starts_with("Đơn vị VNPT Ninh Thuận không báo cáo chỉ tiêu này"));
    let error = enter_value(
        store,
        &catalog,
        &vnpt,
        &figure("VT_TB_DIENTHOAI", "DN_VNPT", "2023Q2", "1", None),
    )
    .await
    .unwrap_err();
    assert_eq!(
        refused(&error),
        "Biểu mẫu BM_VIENTHONG_DN báo cáo hằng tháng, không báo cáo cho kỳ này"
    );
    // The province's own figures are still entered per field by the department's staff.
    let staff = account(store, "cv.bcvt", Role::ChuyenVien, bcvt, None).await;
    enter_value(
        store,
        &catalog,
        &staff,
        &figure(
            "VT_BTS",
            "58",
            "2023-04",
            "1.250",
            store_version(store, "VT_BTS", "58").await,
        ),
    )
    .await
    .unwrap();

    // Submissions: VNPT on 14/4 (09:00 in Việt Nam), Viettel at 23:30 on 15/4, MobiFone on
    // 19/4; FPT never. A unit submits only its own data set; a leader does not submit.
    for (actor, unit, at) in [
        (&vnpt, "DN_VNPT", "2023-04-14 02:00:00"),
        (&viettel, "DN_VIETTEL", "2023-04-15 16:30:00"),
        (&mobifone, "DN_MOBIFONE", "2023-04-19 02:00:00"),
    ] {
        change_data_set_status(
            store,
            &catalog,
            actor,
            &request(TELECOM, unit, StatusAction::Submit, None, at),
        )
        .await
        .unwrap();
    }
    let error = change_data_set_status(
        store,
        &catalog,
        &viettel,
        &request(
            TELECOM,
            "DN_FPT",
            StatusAction::Submit,
            None,
            "2023-04-15 01:00:00",
        ),
    )
    .await
    .unwrap_err();
    assert!(matches!(error, EntryError::OtherUnit { .. }), "{error}");
    let error = change_data_set_status(
        store,
        &catalog,
        &leader,
        &request(
            TELECOM,
            "DN_FPT",
            StatusAction::Submit,
            None,
            "2023-04-15 01:00:00",
        ),
    )
    .await
    .unwrap_err();
    assert!(matches!(error, EntryError::Forbidden), "{error}");
    // A field is not how an enterprise reports.
    let error = change_data_set_status(
        store,
        &catalog,
        &admin,
        &request(
            "bcvt",
            "DN_FPT",
            StatusAction::Submit,
            None,
            "2023-04-15 01:00:00",
        ),
    )
    .await
    .unwrap_err();
    assert_eq!(
        error.message_vi(),
        "Biểu mẫu bcvt không được giao cho đơn vị FPT Telecom Ninh Thuận"
    );
    change_data_set_status(
        store,
        &catalog,
        &leader,
        &request(
            TELECOM,
            "DN_VNPT",
            StatusAction::Approve,
            None,
            "2023-04-17 01:00:00",
        ),
    )
    .await
    .unwrap();

    // Completeness: 4 expected, 3 received, 2 on time, 1 late, 1 missing; on 20/5 FPT is
    // overdue (35 days).
    let on = NaiveDate::from_ymd_opt(2023, 5, 20).unwrap();
    let report = completeness(store, april(), on, Some(TELECOM))
        .await
        .unwrap();
    let telecom = &report.data_sets[0];
    assert_eq!(
        (
            telecom.expected,
            telecom.received,
            telecom.on_time,
            telecom.late,
            telecom.missing
        ),
        (4, 3, 2, 1, 1)
    );
    let states: Vec<(&str, ApprovalStatus, Timeliness)> = telecom
        .units
        .iter()
        .map(|u| (u.org_unit.as_str(), u.status, u.timeliness))
        .collect();
    assert_eq!(
        states,
        [
            ("DN_VNPT", ApprovalStatus::Approved, Timeliness::OnTime),
            ("DN_VIETTEL", ApprovalStatus::Submitted, Timeliness::OnTime),
            ("DN_MOBIFONE", ApprovalStatus::Submitted, Timeliness::Late),
            ("DN_FPT", ApprovalStatus::Draft, Timeliness::Missing),
        ]
    );
    let overdue: Vec<(&str, Option<i64>)> = report
        .overdue()
        .iter()
        .map(|(_, u)| (u.org_unit.as_str(), u.days_overdue))
        .collect();
    assert_eq!(overdue, [("DN_FPT", Some(35))]);

    // The approved data set cannot be edited: refused, audited, unchanged.
    let error = enter_value(
        store,
        &catalog,
        &vnpt,
        &figure(
            "VT_TB_DIENTHOAI",
            "DN_VNPT",
            "2023-04",
            "312.999",
            vnpt_version,
        ),
    )
    .await
    .unwrap_err();
    assert!(matches!(error, EntryError::Locked), "{error}");
    let key = ValueKey {
        data_element: "VT_TB_DIENTHOAI".to_string(),
        category_option_combo: baocao_core::coc::CategoryOptionCombo::total(),
        org_unit: "DN_VNPT".to_string(),
        period: april(),
    };
    let stored = store.value(&key).await.unwrap().unwrap();
    assert_eq!(stored.value.number.as_typed, "312.450");
    let refusals = store
        .history(&AuditFilter {
            action: Some(action::VALUE_REFUSED.to_string()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(refusals.len(), 1);
    assert_eq!(refusals[0].actor, "vnpt");
    assert_eq!(refusals[0].entity, key.to_string());
    assert_eq!(refusals[0].old_value.as_deref(), Some("312.450"));
    assert_eq!(refusals[0].new_value.as_deref(), Some("312.999"));
    assert_eq!(refusals[0].reason.as_deref(), Some("locked"));
    // Other enterprises' figures are not locked by VNPT's approval.
    enter_value(
        store,
        &catalog,
        &viettel,
        &figure(
            "VT_TB_DIENTHOAI",
            "DN_VIETTEL",
            "2023-04",
            "254.032",
            store_version(store, "VT_TB_DIENTHOAI", "DN_VIETTEL").await,
        ),
    )
    .await
    .unwrap();

    // Unlocking needs an administrator and a reason; then the figure can be corrected.
    let unlock = |reason| {
        request(
            TELECOM,
            "DN_VNPT",
            StatusAction::Unlock,
            reason,
            "2023-04-20 01:00:00",
        )
    };
    let error = change_data_set_status(store, &catalog, &leader, &unlock(Some("sai số")))
        .await
        .unwrap_err();
    assert!(matches!(error, EntryError::Forbidden), "{error}");
    let error = change_data_set_status(store, &catalog, &admin, &unlock(None))
        .await
        .unwrap_err();
    assert!(matches!(error, EntryError::ReasonRequired), "{error}");
    change_data_set_status(
        store,
        &catalog,
        &admin,
        &unlock(Some("VNPT báo sai số thuê bao")),
    )
    .await
    .unwrap();
    enter_value(
        store,
        &catalog,
        &vnpt,
        &figure(
            "VT_TB_DIENTHOAI",
            "DN_VNPT",
            "2023-04",
            "312.999",
            vnpt_version,
        ),
    )
    .await
    .unwrap();
    let moves = store
        .history(&AuditFilter {
            entity_prefix: Some(format!("status:{TELECOM} @ DN_VNPT")),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    let seen: Vec<(&str, Option<&str>, Option<&str>)> = moves
        .iter()
        .map(|e| {
            (
                e.actor.as_str(),
                e.new_value.as_deref(),
                e.reason.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("admin", Some("draft"), Some("VNPT báo sai số thuê bao")),
            ("lanhdao", Some("approved"), None),
            ("vnpt", Some("submitted"), None),
        ]
    );

    // A tied account cannot move another unit's field either.
    let error = change_status(
        store,
        &vnpt,
        Field::Bcvt,
        "58",
        april(),
        StatusAction::Submit,
        None,
    )
    .await
    .unwrap_err();
    assert!(matches!(error, EntryError::OtherUnit { .. }), "{error}");
}

async fn store_version(store: &Store, de: &str, unit: &str) -> Option<i64> {
    let key = ValueKey {
        data_element: de.to_string(),
        category_option_combo: baocao_core::coc::CategoryOptionCombo::total(),
        org_unit: unit.to_string(),
        period: april(),
    };
    store.value(&key).await.unwrap().map(|v| v.version)
}

/// The example with two communes of Huyện Bác Ái (584) reporting `BM_DVC_HUYEN` too.
fn with_communes() -> Folder {
    let folder = Folder::example_copy();
    let communes = r#"
[[org_unit]]
code = "22783"
name = "Xã Phước Bình"
level = "xa"
valid_from = "2023-01-01"
valid_to = "2025-06-30"
parent = "584"

[[org_unit]]
code = "22789"
name = "Xã Phước Tân"
level = "xa"
valid_from = "2023-01-01"
valid_to = "2025-06-30"
parent = "584"
"#;
    let units = folder.read("org_units.toml") + communes;
    std::fs::write(folder.path().join("org_units.toml"), units).unwrap();
    folder.replace(
        "catalog.toml",
        r#"reporting_units = ["582", "584","#,
        r#"reporting_units = ["22783", "22789", "582", "584","#,
    );
    folder
}

async fn districts_report_after_their_communes(db: &TestDatabase) {
    let store = &db.store;
    let folder = with_communes();
    let catalog = loaded(db, Some(&folder)).await;
    let admin = account(store, "admin", Role::QuanTri, &[], None).await;
    let district = "BM_DVC_HUYEN";
    let mv =
        |unit: &'static str, action, at: &'static str| request(district, unit, action, None, at);

    for (unit, action) in [
        ("22783", StatusAction::Submit),
        ("22783", StatusAction::Approve),
        ("22789", StatusAction::Submit),
    ] {
        change_data_set_status(
            store,
            &catalog,
            &admin,
            &mv(unit, action, "2023-04-16 01:00:00"),
        )
        .await
        .unwrap();
    }
    // Bác Ái's submission waits for Phước Tân's approval, and says so; nothing changes.
    let error = change_data_set_status(
        store,
        &catalog,
        &admin,
        &mv("584", StatusAction::Submit, "2023-04-17 01:00:00"),
    )
    .await
    .unwrap_err();
    assert_eq!(
        error.message_vi(),
        "Cần duyệt số liệu của các đơn vị cấp dưới trước: Xã Phước Tân"
    );
    let has_district =
        |submissions: &[baocao_store::Submission]| submissions.iter().any(|s| s.org_unit == "584");
    assert!(!has_district(&store.submissions(april()).await.unwrap()));
    assert!(
        !store
            .approvals(april())
            .await
            .unwrap()
            .iter()
            .any(|a| a.org_unit == "584")
    );
    // A district without communes that report submits at once.
    change_data_set_status(
        store,
        &catalog,
        &admin,
        &mv("585", StatusAction::Submit, "2023-04-17 01:00:00"),
    )
    .await
    .unwrap();

    change_data_set_status(
        store,
        &catalog,
        &admin,
        &mv("22789", StatusAction::Approve, "2023-04-17 02:00:00"),
    )
    .await
    .unwrap();
    for action in [StatusAction::Submit, StatusAction::Approve] {
        change_data_set_status(
            store,
            &catalog,
            &admin,
            &mv("584", action, "2023-04-17 03:00:00"),
        )
        .await
        .unwrap();
    }
    // Unlocking a commune afterwards is allowed (an administrator with a reason); the
    // district's approval then no longer covers it, which completeness shows.
    change_data_set_status(
        store,
        &catalog,
        &admin,
        &request(
            district,
            "22789",
            StatusAction::Unlock,
            Some("xã báo sai"),
            "2023-04-18 01:00:00",
        ),
    )
    .await
    .unwrap();
    let on = NaiveDate::from_ymd_opt(2023, 4, 19).unwrap();
    let report = completeness(store, april(), on, Some(district))
        .await
        .unwrap();
    let d = &report.data_sets[0];
    // 7 districts and 2 communes; received: Phước Bình, Bác Ái, Ninh Sơn.
    assert_eq!((d.expected, d.received, d.on_time, d.missing), (9, 3, 3, 6));
    let error = change_data_set_status(
        store,
        &catalog,
        &admin,
        &request(
            district,
            "58",
            StatusAction::Submit,
            None,
            "2023-04-18 01:00:00",
        ),
    )
    .await
    .unwrap_err();
    assert!(matches!(error, EntryError::NotAssigned { .. }), "{error}");
    let error = change_data_set_status(
        store,
        &catalog,
        &admin,
        &mv("585", StatusAction::Submit, "2023-04-18 01:00:00"),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(
            &error,
            EntryError::Store(StoreError::StatusChanged {
                current: ApprovalStatus::Submitted
            })
        ),
        "{error}"
    );
}

#[tokio::test]
async fn enterprises_report_on_sqlite() {
    let db = TestDatabase::new(Backend::Sqlite).await.unwrap();
    enterprises_report(&db).await;
}

#[tokio::test]
async fn enterprises_report_on_postgres() {
    if let Some(db) = TestDatabase::new(Backend::Postgres).await {
        enterprises_report(&db).await;
    }
}

#[tokio::test]
async fn bottom_up_on_sqlite() {
    let db = TestDatabase::new(Backend::Sqlite).await.unwrap();
    districts_report_after_their_communes(&db).await;
}

#[tokio::test]
async fn bottom_up_on_postgres() {
    if let Some(db) = TestDatabase::new(Backend::Postgres).await {
        districts_report_after_their_communes(&db).await;
    }
}

//! One figure entered at a time (`edit::enter_value`) and the workflow of a field
//! (`edit::change_status`), on the built-in example, on both backends: figures kept as typed,
//! bad input refused with its Vietnamese message and nothing written, rights from the role,
//! approved figures locked and the refusal audited, conflicts reported with the figure stored
//! now.

use baocao_app::edit::{
    self, Actor, Entered, EntryError, StatusAction, ValueInput, change_status, enter_value,
};
use baocao_core::catalog::Field;
use baocao_core::period::Period;
use baocao_core::value::ValueOrigin;
use baocao_engine::CompiledCatalog;
use baocao_store::testing::TestDatabase;
use baocao_store::{
    ApprovalStatus, AuditFilter, Backend, Role, Store, StoreError, ValueKey, action,
};

fn period(id: &str) -> Period {
    Period::parse(id).unwrap()
}

fn actor(username: &str, role: Role, fields: &[Field]) -> Actor {
    Actor {
        username: username.to_string(),
        role,
        fields: fields.to_vec(),
    }
}

fn cv_cntt() -> Actor {
    actor("cv.cntt", Role::ChuyenVien, &[Field::Cntt])
}

fn cv_bcvt() -> Actor {
    actor("cv.bcvt", Role::ChuyenVien, &[Field::Bcvt])
}

fn lanh_dao() -> Actor {
    actor("lanhdao", Role::LanhDao, &[])
}

fn quan_tri() -> Actor {
    actor("admin", Role::QuanTri, &[])
}

fn input(de: &str, coc: &str, period_id: &str, text: &str, expected: Option<i64>) -> ValueInput {
    ValueInput {
        data_element: de.to_string(),
        category_option_combo: coc.to_string(),
        org_unit: "58".to_string(),
        period: period(period_id),
        text: text.to_string(),
        expected_version: expected,
    }
}

/// The example on `backend`, with its compiled catalogue; `None` when PostgreSQL is skipped.
async fn example_on(backend: Backend) -> Option<(TestDatabase, CompiledCatalog)> {
    let db = TestDatabase::new(backend).await?;
    let bundle = baocao_files::load_bundle_files(baocao_app::example::files()).unwrap();
    baocao_app::store_bundle(&db.store, bundle).await.unwrap();
    let catalog = baocao_app::catalog(&db.store).await.unwrap();
    Some((db, catalog))
}

async fn version(store: &Store, de: &str, coc: &str, period_id: &str) -> Option<i64> {
    store
        .value(&key(de, coc, period_id))
        .await
        .unwrap()
        .map(|v| v.version)
}

fn key(de: &str, coc: &str, period_id: &str) -> ValueKey {
    let options = coc.split('.').filter(|o| !o.is_empty() && *o != "default");
    ValueKey {
        data_element: de.to_string(),
        category_option_combo: baocao_core::coc::CategoryOptionCombo::new(
            options.map(str::to_string).collect(),
        ),
        org_unit: "58".to_string(),
        period: period(period_id),
    }
}

async fn as_typed(store: &Store, de: &str, coc: &str, period_id: &str) -> Option<String> {
    store
        .value(&key(de, coc, period_id))
        .await
        .unwrap()
        .map(|v| v.value.number.as_typed)
}

#[tokio::test]
async fn figures_are_kept_as_typed() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some((db, catalog)) = example_on(backend).await else {
            continue;
        };
        let store = &db.store;
        // A new cell (May is empty): 232.046 is 232046, kept as typed.
        let entered = enter_value(
            store,
            &catalog,
            &cv_cntt(),
            &input(
                "CNTT_TDOFFICE_VANBAN",
                "default",
                "2023-05",
                " 232.046 ",
                None,
            ),
        )
        .await
        .unwrap();
        let stored = store
            .value(&key("CNTT_TDOFFICE_VANBAN", "", "2023-05"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(entered.version, Some(stored.version), "{backend:?}");
        assert_eq!(stored.value.number.value, 232046.0);
        assert_eq!(stored.value.number.decimals, 0);
        assert_eq!(stored.value.number.as_typed, "232.046");
        assert_eq!(stored.value.stored_by, "cv.cntt");
        assert_eq!(stored.value.origin, ValueOrigin::Typed);
        assert_eq!(entered.value.unwrap().number, stored.value.number);

        // A number with a decimal comma, in a field of its own, from the version read.
        let read = version(store, "VT_CAPQUANG_KM", "", "2023-04").await;
        assert!(read.is_some(), "the example states 7.312 km");
        enter_value(
            store,
            &catalog,
            &cv_bcvt(),
            &input("VT_CAPQUANG_KM", "", "2023-04", "1.234,5", read),
        )
        .await
        .unwrap();
        let km = store
            .value(&key("VT_CAPQUANG_KM", "", "2023-04"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (km.value.number.value, km.value.number.decimals),
            (1234.5, 1)
        );

        // A stored cell, its options in any order, from the version read.
        let read = version(store, "DVC_HOSO", "TINH.QUAMANG", "2023-04").await;
        assert!(read.is_some());
        let entered = enter_value(
            store,
            &catalog,
            &cv_cntt(),
            &input("DVC_HOSO", "QUAMANG.TINH", "2023-04", "29.466", read),
        )
        .await
        .unwrap();
        assert!(entered.version > read);
        assert_eq!(
            as_typed(store, "DVC_HOSO", "TINH.QUAMANG", "2023-04").await,
            Some("29.466".to_string())
        );

        // Empty text deletes the figure (from the version read).
        let v = entered.version;
        let deleted = enter_value(
            store,
            &catalog,
            &cv_cntt(),
            &input("DVC_HOSO", "TINH.QUAMANG", "2023-04", "  ", v),
        )
        .await
        .unwrap();
        assert_eq!(
            deleted,
            Entered {
                version: None,
                value: None
            }
        );
        assert_eq!(
            version(store, "DVC_HOSO", "TINH.QUAMANG", "2023-04").await,
            None
        );
        // Deleting what is not there is nothing.
        let nothing = enter_value(
            store,
            &catalog,
            &cv_cntt(),
            &input("DVC_HOSO", "TINH.QUAMANG", "2023-04", "", None),
        )
        .await
        .unwrap();
        assert_eq!(nothing.version, None);

        // Every write is in the log, by the user who typed it.
        let log = store
            .history(&AuditFilter {
                entity_prefix: Some("DVC_HOSO/TINH.QUAMANG".to_string()),
                ..AuditFilter::default()
            })
            .await
            .unwrap();
        let seen: Vec<(&str, &str, Option<&str>, Option<&str>)> = log
            .iter()
            .map(|e| {
                (
                    e.actor.as_str(),
                    e.action.as_str(),
                    e.old_value.as_deref(),
                    e.new_value.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("cv.cntt", action::VALUE_DELETE, Some("29.466"), None),
                ("cv.cntt", action::VALUE_SET, Some("29.465"), Some("29.466")),
            ],
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn bad_input_is_refused_and_nothing_written() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some((db, catalog)) = example_on(backend).await else {
            continue;
        };
        let store = &db.store;
        let read = version(store, "DVC_HOSO", "XA.TRUCTIEP", "2023-04").await;
        let before = store.history(&AuditFilter::default()).await.unwrap();
        let cases: Vec<(Actor, ValueInput, &str)> = vec![
            (
                cv_cntt(),
                input("DVC_HOSO", "XA.TRUCTIEP", "2023-04", "12a", read),
                "«12a» không phải là số: nhập như 232.046 hoặc 70,96",
            ),
            (
                cv_cntt(),
                input("DVC_HOSO", "XA.TRUCTIEP", "2023-04", "70,96", read),
                "Chỉ tiêu đếm chỉ nhận số nguyên",
            ),
            (
                cv_cntt(),
                input("DVC_HOSO", "XA.TRUCTIEP", "2023-04", "-5", read),
                "Số đếm không được âm",
            ),
            (
                cv_cntt(),
                input(
                    "DVC_HOSO",
                    "XA.TRUCTIEP",
                    "2023-04",
                    "1.000.000.000.000.000",
                    read,
                ),
                "Số quá lớn",
            ),
            (
                cv_bcvt(),
                input("DVC_HOSO", "XA.TRUCTIEP", "2023-04", "7.082", read),
                "Bạn không được nhập",
            ),
            (
                lanh_dao(),
                input("DVC_HOSO", "XA.TRUCTIEP", "2023-04", "7.082", read),
                "Bạn không được nhập",
            ),
            (
                cv_cntt(),
                input("DVC_HOSO_X", "", "2023-04", "1", None),
                "Ô này không có trong danh mục",
            ),
            (
                cv_cntt(),
                input("DVC_HOSO", "XA.KHAC", "2023-04", "1", None),
                "Ô này không có trong danh mục",
            ),
            (
                cv_cntt(),
                ValueInput {
                    org_unit: "99".to_string(),
                    ..input("DVC_HOSO", "", "2023-04", "1", None)
                },
                "Ô này không có trong danh mục",
            ),
        ];
        for (who, typed, message) in cases {
            let error = enter_value(store, &catalog, &who, &typed)
                .await
                .unwrap_err();
            assert!(
                error.to_string().starts_with(message),
                "{backend:?} {} {:?}: {error}",
                who.username,
                typed.text
            );
        }
        let error = enter_value(
            store,
            &catalog,
            &cv_cntt(),
            &input("DVC_HOSO", "XA.TRUCTIEP", "2023-04", "-5", read),
        )
        .await
        .unwrap_err();
        assert!(matches!(error, EntryError::Negative), "{error:?}");
        let error = enter_value(
            store,
            &catalog,
            &cv_bcvt(),
            &input("DVC_HOSO", "XA.TRUCTIEP", "2023-04", "1", read),
        )
        .await
        .unwrap_err();
        assert!(matches!(error, EntryError::Forbidden), "{error:?}");

        assert_eq!(
            as_typed(store, "DVC_HOSO", "XA.TRUCTIEP", "2023-04").await,
            Some("7.081".to_string())
        );
        assert_eq!(
            version(store, "DVC_HOSO", "XA.TRUCTIEP", "2023-04").await,
            read
        );
        assert_eq!(
            store.history(&AuditFilter::default()).await.unwrap(),
            before
        );
    }
}

#[tokio::test]
async fn a_stale_form_is_told_what_is_stored_now() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some((db, catalog)) = example_on(backend).await else {
            continue;
        };
        let store = &db.store;
        let read = version(store, "BC_BUUGUI", "", "2023-04").await;
        let theirs = enter_value(
            store,
            &catalog,
            &cv_bcvt(),
            &input("BC_BUUGUI", "", "2023-04", "12.345", read),
        )
        .await
        .unwrap();
        let error = enter_value(
            store,
            &catalog,
            &quan_tri(),
            &input("BC_BUUGUI", "", "2023-04", "99", read),
        )
        .await
        .unwrap_err();
        let EntryError::Conflict {
            current: Some(current),
        } = &error
        else {
            panic!("{backend:?}: expected a conflict, got {error:?}");
        };
        assert_eq!(Some(current.version), theirs.version);
        assert_eq!(current.value.number.as_typed, "12.345");
        assert_eq!(
            error.to_string(),
            "Người khác vừa sửa ô này: giá trị hiện tại là 12.345"
        );
        // A form that showed an empty cell someone has since filled.
        let error = enter_value(
            store,
            &catalog,
            &quan_tri(),
            &input("BC_BUUGUI", "", "2023-04", "", None),
        )
        .await
        .unwrap_err();
        assert!(
            matches!(error, EntryError::Conflict { current: Some(_) }),
            "{error:?}"
        );
        assert_eq!(
            as_typed(store, "BC_BUUGUI", "", "2023-04").await,
            Some("12.345".to_string())
        );
    }
}

#[tokio::test]
async fn approved_figures_are_locked_until_unlocked() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some((db, catalog)) = example_on(backend).await else {
            continue;
        };
        let store = &db.store;
        let april = period("2023-04");
        let status = |store: &Store| {
            let store = store.clone();
            async move {
                store
                    .approvals(april)
                    .await
                    .unwrap()
                    .into_iter()
                    .find(|a| a.data_set == "cntt" && a.org_unit == "58")
                    .map_or(ApprovalStatus::Draft, |a| a.status)
            }
        };
        let change = |who: Actor, action: StatusAction, reason: Option<&'static str>| {
            let store = store.clone();
            async move { change_status(&store, &who, Field::Cntt, "58", april, action, reason).await }
        };

        // Only the field's chuyên viên (or a quản trị) submits; only a leader approves.
        let error = change(cv_bcvt(), StatusAction::Submit, None)
            .await
            .unwrap_err();
        assert!(matches!(error, EntryError::Forbidden), "{error:?}");
        let error = change(lanh_dao(), StatusAction::Submit, None)
            .await
            .unwrap_err();
        assert!(matches!(error, EntryError::Forbidden), "{error:?}");
        change(cv_cntt(), StatusAction::Submit, None).await.unwrap();
        assert_eq!(status(store).await, ApprovalStatus::Submitted);
        let error = change(cv_cntt(), StatusAction::Submit, None)
            .await
            .unwrap_err();
        assert!(
            matches!(
                error,
                EntryError::Store(StoreError::StatusChanged {
                    current: ApprovalStatus::Submitted
                })
            ),
            "{error:?}"
        );
        assert_eq!(
            error.to_string(),
            "Trạng thái vừa được người khác thay đổi: hiện là «Đã gửi»; tải lại trang"
        );
        let error = change(cv_cntt(), StatusAction::Approve, None)
            .await
            .unwrap_err();
        assert!(matches!(error, EntryError::Forbidden), "{error:?}");
        let error = change(lanh_dao(), StatusAction::Return, Some("  "))
            .await
            .unwrap_err();
        assert!(matches!(error, EntryError::ReasonRequired), "{error:?}");
        change(lanh_dao(), StatusAction::Approve, None)
            .await
            .unwrap();
        assert_eq!(status(store).await, ApprovalStatus::Approved);

        // Approved: the chuyên viên's edit is refused, audited, and nothing changes.
        let read = version(store, "DVC_HOSO", "XA.TRUCTIEP", "2023-04").await;
        let error = enter_value(
            store,
            &catalog,
            &cv_cntt(),
            &input("DVC_HOSO", "XA.TRUCTIEP", "2023-04", "7.082", read),
        )
        .await
        .unwrap_err();
        assert!(matches!(error, EntryError::Locked), "{error:?}");
        assert!(
            error
                .to_string()
                .starts_with("Số liệu đã được duyệt, không sửa được"),
            "{error}"
        );
        assert_eq!(
            as_typed(store, "DVC_HOSO", "XA.TRUCTIEP", "2023-04").await,
            Some("7.081".to_string())
        );
        let refused = store
            .history(&AuditFilter {
                action: Some(action::VALUE_REFUSED.to_string()),
                ..AuditFilter::default()
            })
            .await
            .unwrap();
        assert_eq!(refused.len(), 1, "{backend:?}");
        assert_eq!(
            (
                refused[0].actor.as_str(),
                refused[0].entity.as_str(),
                refused[0].old_value.as_deref(),
                refused[0].new_value.as_deref(),
                refused[0].reason.as_deref()
            ),
            (
                "cv.cntt",
                "DVC_HOSO/XA.TRUCTIEP @ 58 2023-04",
                Some("7.081"),
                Some("7.082"),
                Some("locked")
            )
        );
        // Other fields are not locked.
        let read_bcvt = version(store, "BC_BUUGUI", "", "2023-04").await;
        enter_value(
            store,
            &catalog,
            &cv_bcvt(),
            &input("BC_BUUGUI", "", "2023-04", "1.000", read_bcvt),
        )
        .await
        .unwrap();

        // Only a quản trị unlocks, with a reason; then the edit goes through.
        let error = change(lanh_dao(), StatusAction::Unlock, Some("sửa"))
            .await
            .unwrap_err();
        assert!(matches!(error, EntryError::Forbidden), "{error:?}");
        let error = change(quan_tri(), StatusAction::Unlock, None)
            .await
            .unwrap_err();
        assert!(matches!(error, EntryError::ReasonRequired), "{error:?}");
        change(
            quan_tri(),
            StatusAction::Unlock,
            Some("Số liệu cấp xã điều chỉnh theo Văn phòng UBND tỉnh"),
        )
        .await
        .unwrap();
        assert_eq!(status(store).await, ApprovalStatus::Draft);
        enter_value(
            store,
            &catalog,
            &cv_cntt(),
            &input("DVC_HOSO", "XA.TRUCTIEP", "2023-04", "7.082", read),
        )
        .await
        .unwrap();
        assert_eq!(
            as_typed(store, "DVC_HOSO", "XA.TRUCTIEP", "2023-04").await,
            Some("7.082".to_string())
        );

        let moves = store
            .history(&AuditFilter {
                action: Some(action::STATUS.to_string()),
                ..AuditFilter::default()
            })
            .await
            .unwrap();
        let seen: Vec<(&str, &str, &str, Option<&str>)> = moves
            .iter()
            .rev()
            .map(|e| {
                (
                    e.actor.as_str(),
                    e.old_value.as_deref().unwrap(),
                    e.new_value.as_deref().unwrap(),
                    e.reason.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("cv.cntt", "draft", "submitted", None),
                ("lanhdao", "submitted", "approved", None),
                (
                    "admin",
                    "approved",
                    "draft",
                    Some("Số liệu cấp xã điều chỉnh theo Văn phòng UBND tỉnh")
                ),
            ]
        );
    }
}

/// Returned figures go back to draft with the leader's reason.
#[tokio::test]
async fn returned_with_a_reason() {
    let Some((db, _)) = example_on(Backend::Sqlite).await else {
        return;
    };
    let store = &db.store;
    let april = period("2023-04");
    let qt = quan_tri();
    edit::change_status(
        store,
        &qt,
        Field::Bcvt,
        "58",
        april,
        StatusAction::Submit,
        None,
    )
    .await
    .unwrap();
    edit::change_status(
        store,
        &lanh_dao(),
        Field::Bcvt,
        "58",
        april,
        StatusAction::Return,
        Some(" Thiếu số liệu bưu gửi quốc tế "),
    )
    .await
    .unwrap();
    let approvals = store.approvals(april).await.unwrap();
    assert_eq!(approvals[0].status, ApprovalStatus::Draft);
    assert_eq!(approvals[0].changed_by, "lanhdao");
    let last = &store.history(&AuditFilter::default()).await.unwrap()[0];
    assert_eq!(
        last.reason.as_deref(),
        Some("Thiếu số liệu bưu gửi quốc tế")
    );
}

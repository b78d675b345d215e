//! Imports check rights and locks, on both backends: a figure of an approved data set is
//! refused whoever imports it (the refusal audited once), an account imports only the fields
//! it enters and, when tied to a reporting unit, only that unit's figures; every problem of
//! the file is listed, located, and nothing is written. An import from a reader (a request's
//! body) does the same as from a file.

use baocao_app::edit::Actor;
use baocao_app::interchange::{self, ImportFormat, ImportOutcome, ImportRequest};
use baocao_core::catalog::Field;
use baocao_core::period::Period;
use baocao_interchange::{Location, Status};
use baocao_store::testing::TestDatabase;
use baocao_store::{ApprovalStatus, AuditFilter, Backend, Role, Store, User, action};

const HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";
const HEADER: &str = "data_element,coc,org_unit,period,value,comment\n";

fn april() -> Period {
    Period::parse("2023-04").unwrap()
}

async fn example_on(backend: Backend) -> Option<TestDatabase> {
    let db = TestDatabase::new(backend).await?;
    let bundle = baocao_files::load_bundle_files(baocao_app::example::files()).unwrap();
    baocao_app::store_bundle(&db.store, bundle).await.unwrap();
    Some(db)
}

/// An account stored in `store` (tied to `unit` when given), as its session acts.
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

/// Every figure stored, with its version, as text.
async fn figures(store: &Store) -> String {
    let periods = store.periods().await.unwrap();
    let mut out = String::new();
    for unit in store.org_units().await.unwrap() {
        for v in store.data_values(&unit.id, &periods).await.unwrap() {
            out.push_str(&format!("{v:?}\n"));
        }
    }
    out
}

async fn import_csv(
    store: &Store,
    actor: Option<&Actor>,
    lines: &str,
    dry_run: bool,
) -> ImportOutcome {
    let mut request = ImportRequest::new("tệp nhập");
    request.actor = actor.cloned();
    request.dry_run = dry_run;
    let body = format!("{HEADER}{lines}").into_bytes();
    interchange::import_reader(
        store,
        std::io::Cursor::new(body),
        "so-lieu.csv",
        &request,
        &mut |_| {},
    )
    .await
    .unwrap()
}

/// The problems as lines, to search.
fn listed(outcome: &ImportOutcome) -> Vec<String> {
    outcome
        .problems
        .listed
        .iter()
        .map(ToString::to_string)
        .collect()
}

async fn refusals(store: &Store) -> Vec<baocao_store::AuditEntry> {
    store
        .history(&AuditFilter {
            action: Some(action::VALUE_REFUSED.to_string()),
            entity_prefix: Some("import".to_string()),
            ..AuditFilter::default()
        })
        .await
        .unwrap()
}

async fn locked_figures_are_refused(backend: Backend) {
    let Some(db) = example_on(backend).await else {
        return;
    };
    let store = &db.store;
    store
        .set_approval(
            "cntt",
            "58",
            april(),
            ApprovalStatus::Draft,
            ApprovalStatus::Approved,
            "lanhdao",
            None,
        )
        .await
        .unwrap();
    let before = figures(store).await;
    // Line 2: a cntt figure, approved; line 3: a bcvt figure, not; line 4: not a number;
    // line 5: another approved figure.
    let lines = "CNTT_CHUNGTHUSO,,58,2023-04,9,\n\
                 VT_BTS_VITRI,,58,2023-04,700,\n\
                 VT_VIBA,,58,2023-04,1x,\n\
                 CNTT_CONG_TINBAI,,58,2023-04,1.234,\n";

    // A dry run says so and audits nothing.
    let dry = import_csv(store, None, lines, true).await;
    assert_eq!(dry.summary.status, Status::Error);
    assert!(refusals(store).await.is_empty());

    let outcome = import_csv(store, None, lines, false).await;
    assert!(!outcome.written);
    assert_eq!(outcome.summary.import_count, Default::default());
    let problems = listed(&outcome);
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(
        problems[0].starts_with("Dòng 4, cột value: gặp “1x”: ký tự “x” ở vị trí 2"),
        "{problems:#?}"
    );
    for (i, line, found) in [(1, 2, "9"), (2, 5, "1.234")] {
        assert_eq!(
            problems[i],
            format!(
                "Dòng {line}, cột value: gặp “{found}”: số liệu biểu mẫu `cntt` của đơn vị 58 (Tỉnh Ninh Thuận) kỳ tháng 4/2023 đã được duyệt và bị khóa; cần số liệu của biểu mẫu chưa duyệt: quản trị phải mở khóa biểu mẫu trước"
            ),
            "{problems:#?}"
        );
    }
    assert_eq!(figures(store).await, before, "nothing written");
    let audited = refusals(store).await;
    assert_eq!(audited.len(), 1, "one entry for the import");
    assert_eq!(audited[0].actor, baocao_store::audit::SYSTEM_ACTOR);
    assert_eq!(audited[0].period, Some(april()));
    assert_eq!(audited[0].reason.as_deref(), Some("locked"));
    assert_eq!(
        audited[0].new_value.as_deref(),
        Some("so-lieu.csv: 2 số liệu của biểu mẫu đã duyệt: cntt @ 58 2023-04")
    );

    // The bcvt figure alone is imported, audited as a load by the command line.
    let alone = import_csv(store, None, "VT_BTS_VITRI,,58,2023-04,700,\n", false).await;
    assert!(alone.problems.is_empty(), "{}", alone.problems);
    assert!(alone.written);
    assert_eq!(alone.summary.import_count.updated, 1);
    let loads = store
        .history(&AuditFilter {
            action: Some(action::LOAD.to_string()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(
        (loads[0].entity.as_str(), loads[0].new_value.as_deref()),
        (
            "import",
            Some("so-lieu.csv: 0 số liệu mới, 1 thay đổi, 0 không đổi")
        )
    );
}

#[tokio::test]
async fn locked_figures_are_refused_on_sqlite() {
    locked_figures_are_refused(Backend::Sqlite).await;
}

#[tokio::test]
async fn locked_figures_are_refused_on_postgres() {
    locked_figures_are_refused(Backend::Postgres).await;
}

async fn accounts_import_their_fields_and_unit(backend: Backend) {
    let Some(db) = example_on(backend).await else {
        return;
    };
    let store = &db.store;
    let bcvt = account(store, "cv_bcvt", Role::ChuyenVien, &[Field::Bcvt], None).await;
    let lead = account(store, "lanhdao", Role::LanhDao, &[Field::Cntt], None).await;
    let vnpt = account(
        store,
        "vnpt",
        Role::ChuyenVien,
        &[Field::Bcvt],
        Some("DN_VNPT"),
    )
    .await;
    let before = figures(store).await;

    let mixed = "VT_VIBA,,58,2023-04,12,\nCNTT_CHUNGTHUSO,,58,2023-04,9,\n";
    let outcome = import_csv(store, Some(&bcvt), mixed, false).await;
    let problems = listed(&outcome);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(
        problems[0],
        "Dòng 3, cột data_element: gặp “CNTT_CHUNGTHUSO”: tài khoản `cv_bcvt` không được nhập số liệu của lĩnh vực cntt (Công nghệ thông tin), như `CNTT_CHUNGTHUSO`; cần số liệu của các lĩnh vực tài khoản được nhập: bcvt",
        "{problems:#?}"
    );
    let outcome = import_csv(store, Some(&lead), mixed, false).await;
    assert_eq!(listed(&outcome).len(), 2, "a lãnh đạo enters no figure");
    assert!(
        listed(&outcome)[0].ends_with(
            "cần việc nhập do chuyên viên của lĩnh vực hoặc quản trị làm: lãnh đạo duyệt số liệu, không nhập số liệu"
        ),
        "{:#?}",
        listed(&outcome)
    );
    assert_eq!(figures(store).await, before);
    assert!(refusals(store).await.is_empty(), "rights are not locks");

    let own = import_csv(store, Some(&bcvt), "VT_VIBA,,58,2023-04,12,\n", false).await;
    assert!(own.problems.is_empty(), "{}", own.problems);
    assert!(own.written);
    let stored = store.data_values("58", &[april()]).await.unwrap();
    let viba = stored.iter().find(|v| v.data_element == "VT_VIBA").unwrap();
    assert_eq!(viba.number.as_typed, "12");
    let last = &store.history(&AuditFilter::default()).await.unwrap()[0];
    assert_eq!(
        (last.actor.as_str(), last.action.as_str()),
        ("cv_bcvt", action::LOAD)
    );

    // An account tied to an enterprise: its own figures only, of its data set only.
    let lines = "VT_BTS,TRAM_4G,DN_VNPT,2023-04,120,\n\
                 VT_BTS,TRAM_4G,DN_VIETTEL,2023-04,130,\n\
                 VT_VIBA,,DN_VNPT,2023-04,4,\n";
    let outcome = import_csv(store, Some(&vnpt), lines, false).await;
    let problems = listed(&outcome);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert_eq!(
        problems[0],
        "Dòng 3, cột org_unit: gặp “DN_VIETTEL”: tài khoản `vnpt` chỉ được nhập số liệu của đơn vị DN_VNPT (VNPT Ninh Thuận); cần số liệu của đơn vị DN_VNPT",
        "{problems:#?}"
    );
    assert_eq!(
        problems[1],
        "Dòng 4, cột data_element: gặp “VT_VIBA”: đơn vị DN_VNPT (VNPT Ninh Thuận) không báo cáo `VT_VIBA`: không biểu mẫu nào giao cho đơn vị có chỉ tiêu này; cần các chỉ tiêu thuộc biểu mẫu của đơn vị",
        "{problems:#?}"
    );
    let outcome = import_csv(
        store,
        Some(&vnpt),
        "VT_BTS,TRAM_4G,DN_VNPT,2023-04,120,\n",
        false,
    )
    .await;
    assert!(outcome.problems.is_empty(), "{}", outcome.problems);
    assert_eq!(outcome.summary.import_count.imported, 1);
}

#[tokio::test]
async fn accounts_import_their_fields_and_unit_on_sqlite() {
    accounts_import_their_fields_and_unit(Backend::Sqlite).await;
}

#[tokio::test]
async fn accounts_import_their_fields_and_unit_on_postgres() {
    accounts_import_their_fields_and_unit(Backend::Postgres).await;
}

/// A DHIS2 JSON value of a unit other than the account's is refused at its `orgUnit`, one of
/// a field the account does not enter at its `dataElement`: the member at fault.
#[tokio::test]
async fn dhis2_refusals_are_located_at_the_member_at_fault() {
    let db = example_on(Backend::Sqlite).await.unwrap();
    let store = &db.store;
    let vnpt = account(
        store,
        "vnpt",
        Role::ChuyenVien,
        &[Field::Bcvt],
        Some("DN_VNPT"),
    )
    .await;
    let before = figures(store).await;
    let body = r#"{"period": "202304", "dataValues": [
        {"dataElement": "VT_BTS", "categoryOptionCombo": "TRAM_4G", "orgUnit": "DN_VNPT", "value": "120"},
        {"dataElement": "VT_BTS", "categoryOptionCombo": "TRAM_4G", "orgUnit": "DN_VIETTEL", "value": "130"},
        {"dataElement": "CNTT_CHUNGTHUSO", "orgUnit": "DN_VNPT", "value": "9"}]}"#;
    let mut request = ImportRequest::new("vnpt");
    request.actor = Some(vnpt);
    let outcome = interchange::import_reader(
        store,
        std::io::Cursor::new(body.as_bytes().to_vec()),
        "api.json",
        &request,
        &mut |_| {},
    )
    .await
    .unwrap();
    let problems = &outcome.problems.listed;
    assert_eq!(problems.len(), 2, "{}", outcome.problems);
    assert_eq!(
        problems[0].location,
        Location::JsonValue {
            index: 1,
            field: "orgUnit".into()
        }
    );
    assert_eq!(problems[0].found, "DN_VIETTEL");
    assert_eq!(
        problems[0].message,
        "tài khoản `vnpt` chỉ được nhập số liệu của đơn vị DN_VNPT (VNPT Ninh Thuận); cần số liệu của đơn vị DN_VNPT"
    );
    assert_eq!(
        problems[1].location,
        Location::JsonValue {
            index: 2,
            field: "dataElement".into()
        }
    );
    assert_eq!(
        problems[1].to_string(),
        "dataValues[2].dataElement: gặp “CNTT_CHUNGTHUSO”: tài khoản `vnpt` không được nhập số liệu của lĩnh vực cntt (Công nghệ thông tin), như `CNTT_CHUNGTHUSO`; cần số liệu của các lĩnh vực tài khoản được nhập: bcvt"
    );
    assert!(!outcome.written);
    assert_eq!(figures(store).await, before);
}

/// A DHIS2 JSON body read from a reader, its format told from its first bytes; the set's
/// period and org unit given after the values still apply to them.
#[tokio::test]
async fn a_request_body_is_imported_like_a_file() {
    let db = example_on(Backend::Sqlite).await.unwrap();
    let body = r#"{"dataValues":[
        {"dataElement":"DVC_HOSO","categoryOptionCombo":"XA.BCCI","value":"3"},
        {"dataElement":"DVC_HOSO","categoryOptionCombo":"XA.QUAMANG","value":"15074"},
        {"dataElement":"VT_VIBA","period":"202303","value":"11"}],
        "period":"202304","orgUnit":"58"}"#;
    let request = ImportRequest::new("api");
    let mut seen = Vec::new();
    let outcome = interchange::import_reader(
        &db.store,
        std::io::Cursor::new(body.as_bytes().to_vec()),
        "yeu-cau",
        &request,
        &mut |n| seen.push(n),
    )
    .await
    .unwrap();
    assert_eq!(outcome.format, ImportFormat::Dhis2Json);
    assert!(outcome.problems.is_empty(), "{}", outcome.problems);
    let c = outcome.summary.import_count;
    assert_eq!((c.imported, c.updated, c.ignored), (1, 1, 1), "{c:?}");
    assert_eq!(seen.last().copied(), Some(body.len() as u64));
    let march = db
        .store
        .data_values("58", &[Period::parse("2023-03").unwrap()])
        .await
        .unwrap();
    assert!(
        march
            .iter()
            .any(|v| v.data_element == "VT_VIBA" && v.number.value == 11.0)
    );
}

/// The import's future can move between threads, as a web server's handler needs: this
/// compiles only if it is `Send`.
#[allow(dead_code)]
fn imports_are_send(store: &Store, request: &ImportRequest) {
    fn send<T: Send>(_: T) {}
    send(interchange::import_reader(
        store,
        std::io::Cursor::new(Vec::new()),
        "body.json",
        request,
        &mut |_| {},
    ));
    send(interchange::import_file(
        store,
        std::path::Path::new("a.csv"),
        request,
        &mut |_| {},
    ));
}

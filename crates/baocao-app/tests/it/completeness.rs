//! Completeness and timeliness on both backends, on the built-in example's data sets: of the
//! four telecom enterprises that report `BM_VIENTHONG_DN` (Thông tư 02/2023/TT-BTTTT: due by
//! the 15th of the report month), two submit April 2023 on time, one late and one never.
//! The figures and the overdue lists are counted by hand; submission times are fixed (UTC;
//! deadlines are days in Việt Nam, UTC+7).

use baocao_app::completeness::{Completeness, Timeliness, completeness};
use baocao_store::testing::TestDatabase;
use baocao_store::{ApprovalStatus, Backend, StatusMove, Store};
use chrono::{NaiveDate, NaiveDateTime};

use crate::helpers::april;

use ApprovalStatus::{Approved, Draft, Submitted};

const TELECOM: &str = "BM_VIENTHONG_DN";

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn time(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
}

async fn example_on(backend: Backend) -> Option<TestDatabase> {
    let db = TestDatabase::new(backend).await?;
    let bundle = baocao_files::load_bundle_files(baocao_app::example::files()).unwrap();
    baocao_app::store_bundle(&db.store, bundle).await.unwrap();
    Some(db)
}

async fn mv(store: &Store, unit: &str, from: ApprovalStatus, to: ApprovalStatus, at: &str) {
    store
        .move_status(&StatusMove {
            data_set: TELECOM,
            org_unit: unit,
            period: april(),
            from,
            to,
            actor: unit,
            reason: None,
            at: time(at),
            requires_approved: &[],
        })
        .await
        .unwrap();
}

/// VNPT on 14/4 (09:00 in Việt Nam), approved on 17/4; Viettel at 23:30 on 15/4 in Việt Nam
/// (16:30 UTC): still on time; MobiFone on 19/4, four days late; FPT never.
async fn scenario(store: &Store) {
    mv(store, "DN_VNPT", Draft, Submitted, "2023-04-14 02:00:00").await;
    mv(store, "DN_VNPT", Submitted, Approved, "2023-04-17 01:00:00").await;
    mv(store, "DN_VIETTEL", Draft, Submitted, "2023-04-15 16:30:00").await;
    mv(
        store,
        "DN_MOBIFONE",
        Draft,
        Submitted,
        "2023-04-19 02:00:00",
    )
    .await;
}

fn units(c: &Completeness, data_set: &str) -> Vec<(String, ApprovalStatus, Timeliness)> {
    c.data_sets
        .iter()
        .find(|d| d.data_set == data_set)
        .unwrap()
        .units
        .iter()
        .map(|u| (u.org_unit.clone(), u.status, u.timeliness))
        .collect()
}

fn overdue(c: &Completeness) -> Vec<(String, String, i64)> {
    c.overdue()
        .into_iter()
        .map(|(d, u)| {
            (
                d.data_set.clone(),
                u.org_unit.clone(),
                u.days_overdue.unwrap(),
            )
        })
        .collect()
}

async fn counts_on(backend: Backend) {
    let Some(db) = example_on(backend).await else {
        return;
    };
    let store = &db.store;
    scenario(store).await;

    let on = day("2023-05-20");
    let report = completeness(store, april(), on, None).await.unwrap();
    assert_eq!(report.period, april());
    assert_eq!(report.on, on);
    let codes: Vec<&str> = report
        .data_sets
        .iter()
        .map(|d| d.data_set.as_str())
        .collect();
    assert_eq!(codes, ["BM_BUUCHINH_DN", "BM_DVC_HUYEN", "BM_VIENTHONG_DN"]);

    let telecom = &report.data_sets[2];
    assert_eq!(telecom.deadline, day("2023-04-15"));
    assert_eq!(
        (telecom.window.start, telecom.window.end),
        (day("2023-03-15"), day("2023-04-14"))
    );
    assert_eq!(telecom.legal_basis, "Thông tư 02/2023/TT-BTTTT");
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
    assert_eq!(telecom.received_rate(), Some(75.0));
    assert_eq!(telecom.on_time_rate(), Some(50.0));
    assert_eq!(
        units(&report, TELECOM),
        [
            ("DN_VNPT".to_string(), Approved, Timeliness::OnTime),
            ("DN_VIETTEL".to_string(), Submitted, Timeliness::OnTime),
            ("DN_MOBIFONE".to_string(), Submitted, Timeliness::Late),
            ("DN_FPT".to_string(), Draft, Timeliness::Missing),
        ]
    );
    let mobifone = &telecom.units[2];
    assert_eq!(mobifone.name, "MobiFone Ninh Thuận");
    assert_eq!(mobifone.submitted_on, Some(day("2023-04-19")));
    assert_eq!(mobifone.days_late, Some(4));
    assert_eq!(
        mobifone.first_submitted_at,
        Some(time("2023-04-19 02:00:00"))
    );
    let viettel = &telecom.units[1];
    assert_eq!(viettel.submitted_on, Some(day("2023-04-15")));
    assert_eq!(viettel.days_late, None);

    // The postal enterprises sent nothing; nor did the districts (Quyết định 53/2019 regime
    // of the example: due on the 18th).
    let postal = &report.data_sets[0];
    assert_eq!(
        (postal.expected, postal.received, postal.missing),
        (2, 0, 2)
    );
    let districts = &report.data_sets[1];
    assert_eq!(districts.deadline, day("2023-04-18"));
    assert_eq!(
        (districts.expected, districts.received, districts.missing),
        (7, 0, 7)
    );

    // Overdue on 20/5: everyone who has not sent, 35 days after the 15th, 32 after the 18th.
    let late_list = overdue(&report);
    assert_eq!(late_list.len(), 2 + 7 + 1);
    assert!(late_list.contains(&("BM_VIENTHONG_DN".to_string(), "DN_FPT".to_string(), 35)));
    assert!(late_list.contains(&("BM_BUUCHINH_DN".to_string(), "DN_BUUDIEN".to_string(), 35)));
    assert!(late_list.contains(&("BM_DVC_HUYEN".to_string(), "582".to_string(), 32)));

    // On 17/4 MobiFone had not sent yet: overdue then, with FPT.
    let on_17 = completeness(store, april(), day("2023-04-17"), Some(TELECOM))
        .await
        .unwrap();
    assert_eq!(on_17.data_sets.len(), 1);
    assert_eq!(
        overdue(&on_17),
        [
            (TELECOM.to_string(), "DN_MOBIFONE".to_string(), 2),
            (TELECOM.to_string(), "DN_FPT".to_string(), 2),
        ]
    );
    // Counts do not depend on the date asked about; only the overdue list does.
    assert_eq!(on_17.data_sets[0].late, 1);
    // On the deadline itself nobody is overdue yet.
    let on_15 = completeness(store, april(), day("2023-04-15"), Some(TELECOM))
        .await
        .unwrap();
    assert!(overdue(&on_15).is_empty());

    // A return for correction: Viettel is no longer received (missing), and overdue again.
    mv(store, "DN_VIETTEL", Submitted, Draft, "2023-04-20 01:00:00").await;
    let after_return = completeness(store, april(), on, Some(TELECOM))
        .await
        .unwrap();
    let telecom = &after_return.data_sets[0];
    assert_eq!(
        (
            telecom.received,
            telecom.on_time,
            telecom.late,
            telecom.missing
        ),
        (2, 1, 1, 2)
    );
    // Sent again after the deadline, it counts by its first submission: on time.
    mv(store, "DN_VIETTEL", Draft, Submitted, "2023-04-21 01:00:00").await;
    let resent = completeness(store, april(), on, Some(TELECOM))
        .await
        .unwrap();
    assert_eq!(resent.data_sets[0].units[1].timeliness, Timeliness::OnTime);
    assert_eq!(
        resent.data_sets[0].units[1].last_submitted_at,
        Some(time("2023-04-21 01:00:00"))
    );

    // Another period type, another set of data sets: none is quarterly.
    let quarter = baocao_core::period::Period::parse("2023Q2").unwrap();
    let q = completeness(store, quarter, on, None).await.unwrap();
    assert!(q.data_sets.is_empty());
    let error = completeness(store, april(), on, Some("BM_KHONG_CO"))
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("BM_VIENTHONG_DN"),
        "the known data sets are listed: {error}"
    );
}

#[tokio::test]
async fn completeness_on_sqlite() {
    counts_on(Backend::Sqlite).await;
}

#[tokio::test]
async fn completeness_on_postgres() {
    counts_on(Backend::Postgres).await;
}

//! Reporting units and submissions: org unit kinds kept, submission times recorded with the
//! status move (first kept, last replaced), a move that needs the units below approved
//! refused with their ids and leaving nothing, accounts tied to a unit.

use baocao_core::orgunit::{OrgUnit, OrgUnitKind, OrgUnitLevel, OrgUnitVersion};
use baocao_store::testing::TestDatabase;
use baocao_store::{
    ApprovalStatus, AuditFilter, Dataset, StatusMove, Store, StoreError, Submission, action,
};

use crate::accounts::nva;
use crate::fixtures::{DISTRICT, PROVINCE, date, org_units, period, time};

use ApprovalStatus::{Approved, Draft, Submitted};

/// An enterprise reporting under the province.
const VNPT: &str = "DN_VNPT";

fn units() -> Vec<OrgUnit> {
    let mut units = org_units();
    units.push(OrgUnit {
        id: VNPT.to_string(),
        code: "VNPT_NT".to_string(),
        level: OrgUnitLevel::Tinh,
        kind: OrgUnitKind::DoanhNghiep,
        versions: vec![OrgUnitVersion {
            valid_from: date("2008-01-01"),
            valid_to: None,
            name: "VNPT Ninh Thuận".to_string(),
            parent: Some(PROVINCE.to_string()),
        }],
    });
    units
}

async fn stored(db: &TestDatabase) -> &Store {
    let dataset = Dataset {
        org_units: units(),
        ..Dataset::default()
    };
    db.store.save_dataset(&dataset).await.unwrap();
    &db.store
}

fn change<'a>(
    org_unit: &'a str,
    from: ApprovalStatus,
    to: ApprovalStatus,
    actor: &'a str,
    at: &str,
    below: &'a [String],
) -> StatusMove<'a> {
    StatusMove {
        data_set: "BCVT_DN",
        org_unit,
        period: period("2023-04"),
        from,
        to,
        actor,
        reason: None,
        at: time(at),
        requires_approved: below,
    }
}

/// Kinds come back as stored; units stored without one are administrative.
pub async fn org_unit_kinds_round_trip(db: &TestDatabase) {
    let store = stored(db).await;
    let kinds: Vec<(String, OrgUnitKind)> = store
        .org_units()
        .await
        .unwrap()
        .into_iter()
        .map(|u| (u.id, u.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            (PROVINCE.to_string(), OrgUnitKind::HanhChinh),
            (DISTRICT.to_string(), OrgUnitKind::HanhChinh),
            (VNPT.to_string(), OrgUnitKind::DoanhNghiep),
        ]
    );
    assert_eq!(store.org_units().await.unwrap(), units());
}

/// A submission's first time stays through a return and a second submission; the last is
/// replaced; approval records its own time and leaves the submission alone.
pub async fn submissions_first_and_last(db: &TestDatabase) {
    let store = stored(db).await;
    let april = period("2023-04");
    assert_eq!(store.submissions(april).await.unwrap(), []);
    for (from, to, actor, at) in [
        (Draft, Submitted, "vnpt", "2023-04-14 02:00:00"),
        (Submitted, Draft, "ld", "2023-04-14 09:00:00"),
        (Draft, Submitted, "vnpt2", "2023-04-16 03:30:00"),
        (Submitted, Approved, "ld", "2023-04-17 01:00:00"),
    ] {
        store
            .move_status(&change(VNPT, from, to, actor, at, &[]))
            .await
            .unwrap();
    }
    assert_eq!(
        store.submissions(april).await.unwrap(),
        [Submission {
            data_set: "BCVT_DN".to_string(),
            org_unit: VNPT.to_string(),
            period: april,
            first_submitted_at: time("2023-04-14 02:00:00"),
            first_submitted_by: "vnpt".to_string(),
            last_submitted_at: time("2023-04-16 03:30:00"),
            last_submitted_by: "vnpt2".to_string(),
        }]
    );
    let approvals = store.approvals(april).await.unwrap();
    assert_eq!(approvals.len(), 1);
    assert_eq!(approvals[0].status, Approved);
    assert_eq!(approvals[0].changed_at, time("2023-04-17 01:00:00"));
    assert_eq!(store.submissions(period("2023-05")).await.unwrap(), []);
    let moves = store
        .history(&AuditFilter {
            action: Some(action::STATUS.to_string()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(moves.len(), 4);
}

/// A move that needs the units below approved is refused, naming those that are not, and
/// changes nothing; once they are approved it goes through.
pub async fn units_below_must_be_approved(db: &TestDatabase) {
    let store = stored(db).await;
    let april = period("2023-04");
    let below = vec![DISTRICT.to_string(), VNPT.to_string()];
    for (unit, to) in [
        (DISTRICT, Submitted),
        (DISTRICT, Approved),
        (VNPT, Submitted),
    ] {
        let from = if to == Submitted { Draft } else { Submitted };
        store
            .move_status(&change(unit, from, to, "cv", "2023-04-14 02:00:00", &[]))
            .await
            .unwrap();
    }
    let entries_before = store.history(&AuditFilter::default()).await.unwrap().len();
    let error = store
        .move_status(&change(
            PROVINCE,
            Draft,
            Submitted,
            "tinh",
            "2023-04-15 02:00:00",
            &below,
        ))
        .await
        .unwrap_err();
    let StoreError::NotApprovedBelow {
        data_set,
        period: refused_period,
        org_units,
    } = &error
    else {
        panic!("expected NotApprovedBelow, got {error}");
    };
    assert_eq!(
        (data_set.as_str(), *refused_period, org_units.as_slice()),
        ("BCVT_DN", april, [VNPT.to_string()].as_slice())
    );
    assert!(error.to_string().contains(VNPT), "{error}");
    let province = |s: &Submission| s.org_unit == PROVINCE;
    assert!(!store.submissions(april).await.unwrap().iter().any(province));
    assert!(
        !store
            .approvals(april)
            .await
            .unwrap()
            .iter()
            .any(|a| a.org_unit == PROVINCE)
    );
    assert_eq!(
        store.history(&AuditFilter::default()).await.unwrap().len(),
        entries_before
    );

    store
        .move_status(&change(
            VNPT,
            Submitted,
            Approved,
            "ld",
            "2023-04-15 01:00:00",
            &[],
        ))
        .await
        .unwrap();
    store
        .move_status(&change(
            PROVINCE,
            Draft,
            Submitted,
            "tinh",
            "2023-04-15 02:00:00",
            &below,
        ))
        .await
        .unwrap();
    assert!(store.submissions(april).await.unwrap().iter().any(province));
}

/// An account is tied to a unit and untied, each change audited; an unknown account or
/// unit is refused.
pub async fn accounts_tied_to_a_unit(db: &TestDatabase) {
    let store = stored(db).await;
    let hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";
    store.create_user(&nva(), hash).await.unwrap();
    assert_eq!(store.user_org_unit("nva").await.unwrap(), None);
    store
        .set_user_org_unit("nva", Some(VNPT), "admin")
        .await
        .unwrap();
    assert_eq!(
        store.user_org_unit("nva").await.unwrap().as_deref(),
        Some(VNPT)
    );
    // The account itself is unchanged.
    assert_eq!(store.users().await.unwrap(), [nva()]);
    let error = store
        .set_user_org_unit("nva", Some("KHONG_CO"), "admin")
        .await
        .unwrap_err();
    assert!(
        matches!(&error, StoreError::NotFound { what } if what.contains("KHONG_CO")),
        "{error}"
    );
    let error = store
        .set_user_org_unit("khong_co", Some(VNPT), "admin")
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::NotFound { .. }), "{error}");
    store.set_user_org_unit("nva", None, "admin").await.unwrap();
    assert_eq!(store.user_org_unit("nva").await.unwrap(), None);
    assert_eq!(store.user_org_unit("khong_co").await.unwrap(), None);

    let entries = store
        .history(&AuditFilter {
            entity_prefix: Some("user:nva".to_string()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    let changes: Vec<(Option<&str>, Option<&str>, Option<&str>)> = entries
        .iter()
        .filter(|e| e.reason.as_deref() == Some("org unit"))
        .map(|e| {
            (
                e.old_value.as_deref(),
                e.new_value.as_deref(),
                Some(e.actor.as_str()),
            )
        })
        .collect();
    // Newest first.
    assert_eq!(
        changes,
        [
            (Some(VNPT), None, Some("admin")),
            (None, Some(VNPT), Some("admin"))
        ]
    );
}

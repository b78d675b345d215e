//! The approval workflow: moves from the state they expect, approved figures locked and the
//! refusal audited, concurrent edits of one figure.

use std::sync::Arc;

use baocao_store::testing::TestDatabase;
use baocao_store::{Approval, ApprovalStatus, AuditFilter, Store, StoreError, ValueKey, action};
use tokio::sync::Barrier;

use crate::fixtures::{PROVINCE, april, period, value};

use ApprovalStatus::{Approved, Draft, Submitted};

async fn loaded(db: &TestDatabase) -> &Store {
    db.store.save_dataset(&april()).await.unwrap();
    &db.store
}

/// Draft → submitted → approved → (unlock) draft, each recorded and audited; a move from a
/// state that is not the current one is refused and changes nothing.
pub async fn moves_from_the_expected_state(db: &TestDatabase) {
    let store = loaded(db).await;
    let april = period("2023-04");
    assert_eq!(store.approvals(april).await.unwrap(), []);

    let error = store
        .set_approval("bcvt", PROVINCE, april, Submitted, Approved, "ld", None)
        .await
        .unwrap_err();
    assert!(
        matches!(error, StoreError::StatusChanged { current: Draft }),
        "{error}"
    );
    assert!(error.to_string().contains("`draft`"), "{error}");

    store
        .set_approval("bcvt", PROVINCE, april, Draft, Submitted, "nva", None)
        .await
        .unwrap();
    store
        .set_approval("cntt", PROVINCE, april, Draft, Submitted, "ttb", None)
        .await
        .unwrap();
    store
        .set_approval("bcvt", PROVINCE, april, Submitted, Approved, "ld", None)
        .await
        .unwrap();
    // Approving twice: the second finds it approved.
    let error = store
        .set_approval("bcvt", PROVINCE, april, Submitted, Approved, "ld", None)
        .await
        .unwrap_err();
    assert!(
        matches!(error, StoreError::StatusChanged { current: Approved }),
        "{error}"
    );

    let approvals = store.approvals(april).await.unwrap();
    let seen: Vec<(&str, &str, ApprovalStatus, &str)> = approvals
        .iter()
        .map(|a| {
            (
                a.data_set.as_str(),
                a.org_unit.as_str(),
                a.status,
                a.changed_by.as_str(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("bcvt", PROVINCE, Approved, "ld"),
            ("cntt", PROVINCE, Submitted, "ttb")
        ]
    );
    assert_eq!(approvals[0].period, april);
    assert_eq!(store.approvals(period("2023-05")).await.unwrap(), []);

    store
        .set_approval(
            "bcvt",
            PROVINCE,
            april,
            Approved,
            Draft,
            "admin",
            Some("Sửa số thuê bao theo báo cáo của Viettel"),
        )
        .await
        .unwrap();
    let bcvt: Vec<Approval> = store
        .approvals(april)
        .await
        .unwrap()
        .into_iter()
        .filter(|a| a.data_set == "bcvt")
        .collect();
    assert_eq!(bcvt[0].status, Draft);

    let log = store
        .history(&AuditFilter {
            action: Some(action::STATUS.to_string()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    let moves: Vec<(&str, &str, &str, &str, Option<&str>)> = log
        .iter()
        .rev()
        .map(|e| {
            (
                e.actor.as_str(),
                e.entity.as_str(),
                e.old_value.as_deref().unwrap(),
                e.new_value.as_deref().unwrap(),
                e.reason.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        moves,
        [
            (
                "nva",
                "status:bcvt @ 58 2023-04",
                "draft",
                "submitted",
                None
            ),
            (
                "ttb",
                "status:cntt @ 58 2023-04",
                "draft",
                "submitted",
                None
            ),
            (
                "ld",
                "status:bcvt @ 58 2023-04",
                "submitted",
                "approved",
                None
            ),
            (
                "admin",
                "status:bcvt @ 58 2023-04",
                "approved",
                "draft",
                Some("Sửa số thuê bao theo báo cáo của Viettel")
            ),
        ]
    );
    assert!(log.iter().all(|e| e.period == Some(april)));
}

/// An approved data set refuses edits of its figures (writes and deletes): nothing changes,
/// and each refusal is audited; other data sets, org units and periods are not locked; once
/// unlocked, the edit goes through.
pub async fn approved_figures_are_locked(db: &TestDatabase) {
    let store = loaded(db).await;
    let april = period("2023-04");
    let figure = value("TB_DIDONG", &[], "2023-04", "691.872");
    let key = ValueKey::of(&figure);
    let stored = store.value(&key).await.unwrap().unwrap();
    for (from, to) in [(Draft, Submitted), (Submitted, Approved)] {
        store
            .set_approval("bcvt", PROVINCE, april, from, to, "ld", None)
            .await
            .unwrap();
    }

    let edit = value("TB_DIDONG", &[], "2023-04", "700.000");
    let error = store
        .write_value(&edit, Some(stored.version), "nva", "bcvt")
        .await
        .unwrap_err();
    let StoreError::Locked {
        data_set,
        org_unit,
        period: locked,
    } = &error
    else {
        panic!("expected Locked, got {error}");
    };
    assert_eq!(
        (data_set.as_str(), org_unit.as_str(), *locked),
        ("bcvt", PROVINCE, april)
    );
    let error = store
        .delete_value(&key, stored.version, "nva", "bcvt")
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::Locked { .. }), "{error}");
    let new_cell = value("TB_CODINH", &[], "2023-04", "12");
    let error = store
        .write_value(&new_cell, None, "nva", "bcvt")
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::Locked { .. }), "{error}");
    assert_eq!(store.value(&key).await.unwrap(), Some(stored.clone()));
    assert_eq!(store.value(&ValueKey::of(&new_cell)).await.unwrap(), None);

    let refused = store
        .history(&AuditFilter {
            action: Some(action::VALUE_REFUSED.to_string()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    let seen: Vec<crate::audit::Brief> = refused.iter().rev().map(crate::audit::brief).collect();
    assert_eq!(
        seen,
        [
            (
                "nva",
                "TB_DIDONG/default @ 58 2023-04",
                Some("691.872"),
                Some("700.000"),
                Some("locked")
            ),
            (
                "nva",
                "TB_DIDONG/default @ 58 2023-04",
                Some("691.872"),
                None,
                Some("locked")
            ),
            (
                "nva",
                "TB_CODINH/default @ 58 2023-04",
                None,
                Some("12"),
                Some("locked")
            ),
        ]
    );
    assert!(refused.iter().all(|e| e.period == Some(april)));
    let sets = store
        .history(&AuditFilter {
            action: Some(action::VALUE_SET.to_string()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(sets, []);

    // Another data set, another period: not locked.
    let cntt = value("DVC_HOSO", &[], "2023-04", "67.556");
    let v = store
        .value(&ValueKey::of(&cntt))
        .await
        .unwrap()
        .unwrap()
        .version;
    store
        .write_value(&cntt, Some(v), "ttb", "cntt")
        .await
        .unwrap();
    let march = value("TB_DIDONG", &[], "2023-03", "690.001");
    let v = store
        .value(&ValueKey::of(&march))
        .await
        .unwrap()
        .unwrap()
        .version;
    store
        .write_value(&march, Some(v), "nva", "bcvt")
        .await
        .unwrap();

    // Unlocked: the edit goes through.
    store
        .set_approval(
            "bcvt",
            PROVINCE,
            april,
            Approved,
            Draft,
            "admin",
            Some("sửa"),
        )
        .await
        .unwrap();
    let version = store
        .write_value(&edit, Some(stored.version), "nva", "bcvt")
        .await
        .unwrap();
    let now = store.value(&key).await.unwrap().unwrap();
    assert_eq!(
        (now.version, now.value.number.as_typed.as_str()),
        (version, "700.000")
    );
}

/// A status move of an org unit that is not stored is refused.
pub async fn approval_of_unknown_org_unit_refused(db: &TestDatabase) {
    let store = loaded(db).await;
    let error = store
        .set_approval(
            "bcvt",
            "99",
            period("2023-04"),
            Draft,
            Submitted,
            "nva",
            None,
        )
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::Database(_)), "{error}");
    assert_eq!(store.approvals(period("2023-04")).await.unwrap(), []);
}

/// Two people save the same figure from the same version at once: one wins, the other is
/// told (Conflict), and only the winner's edit is stored and audited.
pub async fn concurrent_edits_one_wins(db: &TestDatabase) {
    let store = loaded(db).await;
    let key = ValueKey::of(&value("TB_DIDONG", &[], "2023-04", "0"));
    for round in 0..5 {
        let read = store.value(&key).await.unwrap().unwrap();
        let barrier = Arc::new(Barrier::new(2));
        let writers: Vec<_> = [("nva", "701"), ("ttb", "702")]
            .into_iter()
            .map(|(actor, text)| {
                let (store, barrier) = (store.clone(), barrier.clone());
                let text = format!("{text}.{round:03}");
                tokio::spawn(async move {
                    barrier.wait().await;
                    let figure = value("TB_DIDONG", &[], "2023-04", &text);
                    let result = store
                        .write_value(&figure, Some(read.version), actor, "bcvt")
                        .await;
                    (text, result)
                })
            })
            .collect();
        let mut results = Vec::new();
        for writer in writers {
            results.push(writer.await.expect("the task ends"));
        }
        let winners: Vec<_> = results.iter().filter(|(_, r)| r.is_ok()).collect();
        assert_eq!(winners.len(), 1, "round {round}: {results:?}");
        let (winner, version) = (&winners[0].0, *winners[0].1.as_ref().unwrap());
        let loser = results.iter().find(|(_, r)| r.is_err()).unwrap();
        assert!(
            matches!(&loser.1, Err(StoreError::Conflict { expected, current, .. })
                if *expected == Some(read.version) && *current == Some(version)),
            "round {round}: {:?}",
            loser.1
        );
        let stored = store.value(&key).await.unwrap().unwrap();
        assert_eq!(&stored.value.number.as_typed, winner);
        let log = store
            .history(&AuditFilter {
                entity_prefix: Some(key.to_string()),
                limit: 1,
                ..AuditFilter::default()
            })
            .await
            .unwrap();
        assert_eq!(log[0].new_value.as_deref(), Some(winner.as_str()));
        assert_eq!(log[0].old_value, Some(read.value.number.as_typed.clone()));
    }
    let sets = store
        .history(&AuditFilter {
            action: Some(action::VALUE_SET.to_string()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(sets.len(), 5, "only the winners are audited");
}

/// An edit and an approval of the same data set racing: the edit either lands before the
/// approval (and the approval sees it) or is refused as locked; never stored after it.
pub async fn edit_racing_approval(db: &TestDatabase) {
    let store = loaded(db).await;
    let april = period("2023-04");
    store
        .set_approval("bcvt", PROVINCE, april, Draft, Submitted, "nva", None)
        .await
        .unwrap();
    let key = ValueKey::of(&value("TB_DIDONG", &[], "2023-04", "0"));
    let read = store.value(&key).await.unwrap().unwrap();
    let barrier = Arc::new(Barrier::new(2));
    let edit = {
        let (store, barrier) = (store.clone(), barrier.clone());
        tokio::spawn(async move {
            barrier.wait().await;
            let figure = value("TB_DIDONG", &[], "2023-04", "777");
            store
                .write_value(&figure, Some(read.version), "nva", "bcvt")
                .await
        })
    };
    let approve = {
        let (store, barrier) = (store.clone(), barrier.clone());
        tokio::spawn(async move {
            barrier.wait().await;
            store
                .set_approval("bcvt", PROVINCE, april, Submitted, Approved, "ld", None)
                .await
        })
    };
    let edited = edit.await.unwrap();
    approve.await.unwrap().unwrap();
    let stored = store.value(&key).await.unwrap().unwrap();
    let log = store.history(&AuditFilter::default()).await.unwrap();
    let approval_id = log.iter().find(|e| e.action == "status").unwrap().id;
    match edited {
        Ok(version) => {
            assert_eq!(stored.version, version);
            let set = log.iter().find(|e| e.action == "value.set").unwrap();
            assert!(set.id < approval_id, "stored before the approval");
        }
        Err(StoreError::Locked { .. }) => {
            assert_eq!(stored, read);
            let refused = log.iter().find(|e| e.action == "value.refused").unwrap();
            assert!(refused.id > approval_id);
        }
        Err(e) => panic!("{e}"),
    }
}

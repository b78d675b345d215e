//! Writing one value with the version it was read at: a writer that read an old version is
//! told, and concurrent writers lose nothing.

use std::sync::Arc;

use baocao_core::value::DataValue;
use baocao_store::testing::TestDatabase;
use baocao_store::{Dataset, Store, StoreError, ValueKey};
use tokio::sync::Barrier;

use crate::fixtures::{PROVINCE, april, period, typed, value};

fn figure(text: &str) -> DataValue {
    value("TB_DIDONG", &[], "2023-04", text)
}

async fn with_org_units(db: &TestDatabase) -> &Store {
    let data = Dataset {
        org_units: crate::fixtures::org_units(),
        ..Dataset::default()
    };
    db.store.save_dataset(&data).await.unwrap();
    &db.store
}

/// Create with "no value expected", update with the version read; a stale version or a
/// second create is refused with both versions, and nothing changes.
pub async fn set_value_checks_the_version(db: &TestDatabase) {
    let store = with_org_units(db).await;
    let key = ValueKey::of(&figure("1"));
    assert_eq!(store.value(&key).await.unwrap(), None);

    let v1 = store.set_value(&figure("691.872"), None).await.unwrap();
    let read = store.value(&key).await.unwrap().expect("stored");
    assert_eq!(read.version, v1);
    assert_eq!(read.value, figure("691.872"));

    let v2 = store.set_value(&figure("691.900"), Some(v1)).await.unwrap();
    assert!(v2 > v1);

    let stale = store.set_value(&figure("5"), Some(v1)).await.unwrap_err();
    let StoreError::Conflict {
        key: shown,
        expected,
        current,
    } = &stale
    else {
        panic!("expected a conflict, got {stale}");
    };
    assert_eq!(shown, "TB_DIDONG/default @ 58 2023-04");
    assert_eq!((*expected, *current), (Some(v1), Some(v2)));
    assert!(stale.to_string().contains("read it again"), "{stale}");

    let create = store.set_value(&figure("6"), None).await.unwrap_err();
    assert!(
        matches!(create, StoreError::Conflict { expected: None, current: Some(v), .. } if v == v2),
        "{create}"
    );
    let read = store.value(&key).await.unwrap().expect("stored");
    assert_eq!((read.version, read.value), (v2, figure("691.900")));
}

/// One read gives every value of an org unit and period with the version a single read
/// gives, and nothing of another period.
pub async fn versioned_values_match_single_reads(db: &TestDatabase) {
    let store = &db.store;
    store.save_dataset(&april()).await.unwrap();
    let key = ValueKey::of(&figure("1"));
    let loaded = store.value(&key).await.unwrap().expect("stored").version;
    let edited = store
        .set_value(&figure("700.000"), Some(loaded))
        .await
        .unwrap();
    let all = store
        .versioned_values(crate::fixtures::PROVINCE, period("2023-04"))
        .await
        .unwrap();
    assert_eq!(
        all.len(),
        april()
            .values
            .iter()
            .filter(|v| v.period == period("2023-04"))
            .count()
    );
    for v in &all {
        let single = store
            .value(&ValueKey::of(&v.value))
            .await
            .unwrap()
            .expect("stored");
        assert_eq!(&single, v);
    }
    let tb = all
        .iter()
        .find(|v| v.value.data_element == "TB_DIDONG")
        .expect("the edited value");
    assert_eq!(
        (tb.version, tb.value.number.as_typed.as_str()),
        (edited, "700.000")
    );
    assert!(
        store
            .versioned_values(crate::fixtures::PROVINCE, period("2023-03"))
            .await
            .unwrap()
            .iter()
            .all(|v| v.value.period == period("2023-03"))
    );
}

/// A load gives the values it writes a new version; an editor holding the old one is told.
/// A value a load deletes and stores again never gets back a version seen before.
pub async fn loads_give_new_versions(db: &TestDatabase) {
    let store = &db.store;
    store.save_dataset(&april()).await.unwrap();
    let key = ValueKey::of(&figure("1"));
    let loaded = store.value(&key).await.unwrap().expect("stored").version;
    let edited = store
        .set_value(&figure("700.000"), Some(loaded))
        .await
        .unwrap();

    store.save_dataset(&april()).await.unwrap();
    let reloaded = store.value(&key).await.unwrap().expect("stored");
    assert!(reloaded.version > edited);
    assert_eq!(reloaded.value.number, typed("691.872"));
    let late = store
        .set_value(&figure("1"), Some(edited))
        .await
        .unwrap_err();
    assert!(matches!(late, StoreError::Conflict { .. }), "{late}");

    // A load replacing April without this figure deletes it: the editor is told so.
    let mut without = april();
    without.values.retain(|v| v.data_element != "TB_DIDONG");
    without.catalog_codes = None;
    store.save_dataset(&without).await.unwrap();
    let gone = store
        .set_value(&figure("1"), Some(reloaded.version))
        .await
        .unwrap_err();
    assert!(
        matches!(gone, StoreError::Conflict { current: None, .. }),
        "{gone}"
    );
    assert!(gone.to_string().contains("deleted"), "{gone}");
}

/// Two tasks write the same value at once from the same version: exactly one wins, the
/// other is told, and the stored value is the winner's.
pub async fn concurrent_writers_one_wins(db: &TestDatabase) {
    let store = with_org_units(db).await;
    let start = store.set_value(&figure("100"), None).await.unwrap();
    for round in 0..10 {
        let read = store
            .value(&ValueKey::of(&figure("0")))
            .await
            .unwrap()
            .expect("stored");
        let barrier = Arc::new(Barrier::new(2));
        let writers: Vec<_> = ["200", "300"]
            .into_iter()
            .map(|text| {
                let (store, barrier) = (store.clone(), barrier.clone());
                let text = format!("{text}{round}");
                tokio::spawn(async move {
                    barrier.wait().await;
                    (
                        text.clone(),
                        store.set_value(&figure(&text), Some(read.version)).await,
                    )
                })
            })
            .collect();
        let mut results = Vec::new();
        for writer in writers {
            results.push(writer.await.expect("the task ends"));
        }
        let winners: Vec<_> = results.iter().filter(|(_, r)| r.is_ok()).collect();
        assert_eq!(winners.len(), 1, "round {round}: {results:?}");
        let (winner, version) = (&winners[0].0, winners[0].1.as_ref().unwrap());
        let loser = results.iter().find(|(_, r)| r.is_err()).unwrap();
        assert!(
            matches!(&loser.1, Err(StoreError::Conflict { expected, current, .. })
                if *expected == Some(read.version) && *current == Some(*version)),
            "round {round}: {:?}",
            loser.1
        );
        let stored = store
            .value(&ValueKey::of(&figure("0")))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(&stored.value.number.as_typed, winner);
        assert!(stored.version > start);
    }
}

/// Eight tasks each add 1 to the same counter ten times, reading it and retrying when told
/// it changed: the end value counts every increment (no lost update).
pub async fn concurrent_increments_lose_nothing(db: &TestDatabase) {
    const TASKS: usize = 8;
    const EACH: usize = 10;
    let store = with_org_units(db).await;
    store.set_value(&figure("0"), None).await.unwrap();
    let barrier = Arc::new(Barrier::new(TASKS));
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let (store, barrier) = (store.clone(), barrier.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                let mut conflicts = 0;
                for _ in 0..EACH {
                    loop {
                        let read = store
                            .value(&ValueKey::of(&figure("0")))
                            .await
                            .unwrap()
                            .unwrap();
                        let next = format!("{}", read.value.number.value + 1.0);
                        match store.set_value(&figure(&next), Some(read.version)).await {
                            Ok(_) => break,
                            Err(StoreError::Conflict { .. }) => conflicts += 1,
                            Err(e) => panic!("{e}"),
                        }
                    }
                }
                conflicts
            })
        })
        .collect();
    let mut conflicts = 0;
    for task in tasks {
        conflicts += task.await.expect("the task ends");
    }
    let end = store
        .value(&ValueKey::of(&figure("0")))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(end.value.number.value, (TASKS * EACH) as f64);
    eprintln!("{} increments, {conflicts} conflicts retried", TASKS * EACH);
    let all = store
        .data_values(PROVINCE, &[period("2023-04")])
        .await
        .unwrap();
    assert_eq!(all.len(), 1);
}

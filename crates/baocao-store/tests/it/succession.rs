//! Successions are stored with the org units: read back in the order each predecessor's
//! successors were given, replaced by a later load of the same units, and refused whole when
//! they name a unit that does not exist.

use baocao_core::orgunit::{OrgUnit, OrgUnitLevel, OrgUnitVersion, Succession};
use baocao_store::Dataset;
use baocao_store::testing::TestDatabase;

use crate::fixtures::date;

fn commune(id: &str, from: &str, to: Option<&str>) -> OrgUnit {
    OrgUnit {
        id: id.to_string(),
        code: id.split(':').next().unwrap_or(id).to_string(),
        level: OrgUnitLevel::Xa,
        kind: Default::default(),
        versions: vec![OrgUnitVersion {
            valid_from: date(from),
            valid_to: to.map(date),
            name: format!("Xã {id}"),
            parent: None,
        }],
    }
}

fn succession(from: &str, to: &str) -> Succession {
    Succession {
        from: from.to_string(),
        to: to.to_string(),
        date: date("2025-07-01"),
    }
}

fn units() -> Vec<OrgUnit> {
    vec![
        commune("22768", "2025-01-01", Some("2025-06-30")),
        commune("22771", "2025-01-01", Some("2025-06-30")),
        commune("22780:2025-07-01", "2025-07-01", None),
        commune("22777:2025-07-01", "2025-07-01", None),
    ]
}

/// A split commune's two successors come back in the order given, not sorted by id.
pub async fn successions_round_trip_in_order(db: &TestDatabase) {
    let given = vec![
        succession("22768", "22780:2025-07-01"),
        succession("22768", "22777:2025-07-01"),
        succession("22771", "22777:2025-07-01"),
    ];
    db.store
        .save_dataset(&Dataset {
            org_units: units(),
            successions: given.clone(),
            ..Dataset::default()
        })
        .await
        .unwrap();
    assert_eq!(db.store.successions().await.unwrap(), given);
}

/// Loading the units again with other successions replaces theirs; a load that names none of
/// a predecessor's units leaves its successions alone.
pub async fn successions_replaced_by_a_later_load(db: &TestDatabase) {
    db.store
        .save_dataset(&Dataset {
            org_units: units(),
            successions: vec![
                succession("22768", "22780:2025-07-01"),
                succession("22771", "22777:2025-07-01"),
            ],
            ..Dataset::default()
        })
        .await
        .unwrap();
    // The same units, 22768 now going to 22777 only.
    db.store
        .save_dataset(&Dataset {
            org_units: units(),
            successions: vec![succession("22768", "22777:2025-07-01")],
            ..Dataset::default()
        })
        .await
        .unwrap();
    assert_eq!(
        db.store.successions().await.unwrap(),
        vec![succession("22768", "22777:2025-07-01")]
    );
    // A load of other data (no org units) keeps them.
    db.store.save_dataset(&Dataset::default()).await.unwrap();
    assert_eq!(db.store.successions().await.unwrap().len(), 1);
}

/// A succession to a unit that is not stored fails the whole load.
pub async fn succession_to_an_unknown_unit_fails_whole(db: &TestDatabase) {
    let result = db
        .store
        .save_dataset(&Dataset {
            org_units: units(),
            successions: vec![
                succession("22768", "22780:2025-07-01"),
                succession("22771", "99999:2025-07-01"),
            ],
            ..Dataset::default()
        })
        .await;
    assert!(result.is_err(), "a succession to a missing unit must fail");
    assert!(db.store.successions().await.unwrap().is_empty());
    assert!(db.store.org_units().await.unwrap().is_empty());
}

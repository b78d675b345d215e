//! API tokens: stored by hash and read back, found only while valid (not revoked, not
//! expired, account active), their use recorded at most once a minute, revoked once, and
//! audited without the hash.

use baocao_store::testing::TestDatabase;
use baocao_store::{AuditFilter, NewApiToken, StoreError};

use crate::accounts::nva;
use crate::fixtures::time;

const HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";

fn new_token(username: &str, hash: &str, expires_at: Option<&str>) -> NewApiToken {
    NewApiToken {
        username: username.to_string(),
        name: "Đồng bộ DHIS2".to_string(),
        token_hash: hash.to_string(),
        created_at: time("2023-05-05 08:00:00"),
        expires_at: expires_at.map(time),
    }
}

/// Tokens come back as stored, by id and by account; a duplicate hash and an unknown account
/// are refused with nothing written; each creation is audited without the hash.
pub async fn tokens_round_trip(db: &TestDatabase) {
    let store = &db.store;
    store.create_user(&nva(), HASH).await.unwrap();
    let mut other = nva();
    other.username = "ttb".to_string();
    store.create_user(&other, HASH).await.unwrap();
    assert_eq!(store.api_tokens(None).await.unwrap(), []);

    let first = store
        .create_api_token(
            &new_token("nva", "aa11", Some("2023-06-04 08:00:00")),
            "admin",
        )
        .await
        .unwrap();
    assert_eq!(first.username, "nva");
    assert_eq!(first.name, "Đồng bộ DHIS2");
    assert_eq!(first.created_at, time("2023-05-05 08:00:00"));
    assert_eq!(first.expires_at, Some(time("2023-06-04 08:00:00")));
    assert_eq!(first.last_used_at, None);
    assert_eq!(first.revoked_at, None);
    let second = store
        .create_api_token(&new_token("ttb", "bb22", None), "baocao")
        .await
        .unwrap();
    assert!(second.id > first.id, "{} then {}", first.id, second.id);
    assert_eq!(second.expires_at, None);

    assert_eq!(
        store.api_tokens(None).await.unwrap(),
        [first.clone(), second.clone()]
    );
    assert_eq!(
        store.api_tokens(Some("nva")).await.unwrap(),
        std::slice::from_ref(&first)
    );
    assert_eq!(store.api_tokens(Some("ghost")).await.unwrap(), []);
    assert_eq!(
        store.api_token(first.id).await.unwrap(),
        Some(first.clone())
    );
    assert_eq!(store.api_token(second.id + 100).await.unwrap(), None);

    let error = store
        .create_api_token(&new_token("nva", "aa11", None), "admin")
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::Duplicate { .. }), "{error}");
    let error = store
        .create_api_token(&new_token("ghost", "cc33", None), "admin")
        .await
        .unwrap_err();
    assert!(
        matches!(&error, StoreError::NotFound { what } if what == "user `ghost`"),
        "{error}"
    );
    assert_eq!(store.api_tokens(None).await.unwrap().len(), 2);

    let log = store
        .history(&AuditFilter {
            entity_prefix: Some("token:".to_string()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    let seen: Vec<crate::audit::Brief> = log.iter().map(crate::audit::brief).collect();
    let first_entity = format!("token:{}", first.id);
    let second_entity = format!("token:{}", second.id);
    assert_eq!(
        seen,
        [
            (
                "baocao",
                second_entity.as_str(),
                None,
                Some("Đồng bộ DHIS2; ttb; no expiry"),
                None
            ),
            (
                "admin",
                first_entity.as_str(),
                None,
                Some("Đồng bộ DHIS2; nva; expires 2023-06-04 08:00:00"),
                None
            ),
        ]
    );
    assert!(log.iter().all(|e| e.action == "token.create"));
    assert!(!format!("{log:?}").contains("aa11"));
    assert!(!format!("{:?}", new_token("nva", "secret-hash", None)).contains("secret-hash"));
}

/// A token opens requests until it expires, is revoked, or its account is deactivated; its
/// use is recorded at most once a minute; revoking is audited once.
pub async fn tokens_stop_working(db: &TestDatabase) {
    let store = &db.store;
    store.create_user(&nva(), HASH).await.unwrap();
    let expiring = store
        .create_api_token(
            &new_token("nva", "aa11", Some("2023-06-04 08:00:00")),
            "admin",
        )
        .await
        .unwrap();
    let lasting = store
        .create_api_token(&new_token("nva", "bb22", None), "admin")
        .await
        .unwrap();
    let now = time("2023-05-05 09:00:00");

    let found = store.api_token_user("aa11", now).await.unwrap().unwrap();
    assert_eq!(found.token, expiring);
    assert_eq!(found.user, nva());
    assert_eq!(store.api_token_user("zz99", now).await.unwrap(), None);
    // Valid up to, not at, its expiry.
    let end = time("2023-06-04 08:00:00");
    let before = end - chrono::Duration::seconds(1);
    assert!(
        store
            .api_token_user("aa11", before)
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(store.api_token_user("aa11", end).await.unwrap(), None);
    assert!(store.api_token_user("bb22", end).await.unwrap().is_some());

    // Uses: written the first time, not again within the minute, then again.
    assert!(store.mark_api_token_used(lasting.id, now).await.unwrap());
    assert!(
        !store
            .mark_api_token_used(lasting.id, now + chrono::Duration::seconds(59))
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .api_token(lasting.id)
            .await
            .unwrap()
            .unwrap()
            .last_used_at,
        Some(now)
    );
    let later = now + chrono::Duration::seconds(60);
    assert!(store.mark_api_token_used(lasting.id, later).await.unwrap());
    assert_eq!(
        store
            .api_token(lasting.id)
            .await
            .unwrap()
            .unwrap()
            .last_used_at,
        Some(later)
    );

    // A deactivated account's tokens open nothing; reactivated, they work again.
    let mut changed = nva();
    changed.active = false;
    store.update_user(&changed).await.unwrap();
    assert_eq!(store.api_token_user("bb22", now).await.unwrap(), None);
    changed.active = true;
    store.update_user(&changed).await.unwrap();
    assert!(store.api_token_user("bb22", now).await.unwrap().is_some());

    // Revoked: found no more, whatever the time; a second revoke changes nothing.
    let revoked = store
        .revoke_api_token(lasting.id, "admin", later)
        .await
        .unwrap();
    assert_eq!(revoked.revoked_at, Some(later));
    assert!(!revoked.is_valid_at(now));
    assert_eq!(store.api_token_user("bb22", now).await.unwrap(), None);
    let again = store
        .revoke_api_token(lasting.id, "baocao", later + chrono::Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(again.revoked_at, Some(later));
    assert_eq!(store.api_token(lasting.id).await.unwrap().unwrap(), revoked);
    let error = store
        .revoke_api_token(lasting.id + 100, "admin", later)
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::NotFound { .. }), "{error}");
    // The other token still works.
    assert!(store.api_token_user("aa11", now).await.unwrap().is_some());

    let log = store
        .history(&AuditFilter {
            action: Some("token.revoke".to_string()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    let seen: Vec<crate::audit::Brief> = log.iter().map(crate::audit::brief).collect();
    let entity = format!("token:{}", lasting.id);
    assert_eq!(
        seen,
        [(
            "admin",
            entity.as_str(),
            Some("Đồng bộ DHIS2; nva; no expiry"),
            None,
            Some("revoked")
        )]
    );
}

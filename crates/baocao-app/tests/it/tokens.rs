//! API tokens on both backends: a token is shown once and works as its account until it is
//! revoked, expires, or its account is deactivated; the database holds only its hash; bad
//! names, lifetimes and accounts are refused with the field named.

use baocao_app::AppError;
use baocao_app::accounts::{create_user, token_hash};
use baocao_app::tokens::{
    TOKEN_CHARS, create_token, list_tokens, looks_like_token, revoke_token, verify_token,
};
use baocao_core::catalog::Field;
use baocao_store::testing::TestDatabase;
use baocao_store::{AuditFilter, Backend, Role};
use chrono::{Duration, NaiveDateTime};

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
}

#[tokio::test]
async fn tokens_act_as_their_account_until_revoked_or_expired() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(db) = TestDatabase::new(backend).await else {
            continue;
        };
        let store = &db.store;
        let user = create_user(
            store,
            "nva",
            "Nguyễn Văn An",
            Role::ChuyenVien,
            vec![Field::Cntt],
            "mat-khau-dai-du",
        )
        .await
        .unwrap();
        let now = at("2023-05-05 08:00:00");
        let made = create_token(store, " NVA ", "  Đồng bộ DHIS2 ", Some(30), now, "quantri")
            .await
            .unwrap();
        assert!(looks_like_token(&made.token), "{}", made.token);
        assert_eq!(made.token.len(), TOKEN_CHARS);
        assert!(made.token.starts_with("bc_"));
        assert_eq!(made.info.username, "nva");
        assert_eq!(made.info.name, "Đồng bộ DHIS2");
        assert_eq!(made.info.expires_at, Some(at("2023-06-04 08:00:00")));
        assert!(!format!("{made:?}").contains(&made.token));
        let other = create_token(store, "nva", "Báo cáo tự động", None, now, "quantri")
            .await
            .unwrap();
        assert_ne!(other.token, made.token, "random tokens");

        // The database holds the hash only: nowhere in the stored token or the log.
        let stored = list_tokens(store, Some("NVA")).await.unwrap();
        assert_eq!(stored, [made.info.clone(), other.info.clone()]);
        let log = store.history(&AuditFilter::default()).await.unwrap();
        let everything = format!("{stored:?}{log:?}");
        assert!(!everything.contains(&made.token));
        assert!(!everything.contains(&token_hash(&made.token)));

        let found = verify_token(store, &made.token, now + Duration::hours(1))
            .await
            .unwrap()
            .expect("a valid token");
        assert_eq!(found.user, user);
        assert_eq!(found.token_id, made.info.id);
        assert_eq!(
            store
                .api_token(made.info.id)
                .await
                .unwrap()
                .unwrap()
                .last_used_at,
            Some(now + Duration::hours(1))
        );
        // A wrong, malformed or expired token opens nothing.
        let mut wrong = made.token.clone();
        wrong.replace_range(10..11, if &wrong[10..11] == "0" { "1" } else { "0" });
        assert_eq!(verify_token(store, &wrong, now).await.unwrap(), None);
        assert_eq!(verify_token(store, "bc_x", now).await.unwrap(), None);
        assert_eq!(
            verify_token(store, &made.token, at("2023-06-04 08:00:00"))
                .await
                .unwrap(),
            None
        );
        // A deactivated account's tokens stop working.
        let mut inactive = user.clone();
        inactive.active = false;
        store.update_user(&inactive).await.unwrap();
        assert_eq!(verify_token(store, &other.token, now).await.unwrap(), None);
        let error = create_token(store, "nva", "Mới", None, now, "quantri")
            .await
            .unwrap_err();
        assert!(
            matches!(&error, AppError::InvalidAccount { field: "username", message } if message.contains("đã bị khóa")),
            "{error}"
        );
        store.update_user(&user).await.unwrap();
        assert!(
            verify_token(store, &other.token, now)
                .await
                .unwrap()
                .is_some()
        );
        // Revoked: refused from then on.
        let revoked = revoke_token(store, other.info.id, "quantri", now)
            .await
            .unwrap();
        assert_eq!(revoked.revoked_at, Some(now));
        assert_eq!(verify_token(store, &other.token, now).await.unwrap(), None);
        assert!(
            revoke_token(store, other.info.id + 100, "quantri", now)
                .await
                .is_err()
        );
    }
}

#[tokio::test]
async fn bad_token_requests_name_the_field() {
    let db = TestDatabase::sqlite().await;
    let store = &db.store;
    create_user(
        store,
        "nva",
        "Nguyễn Văn An",
        Role::LanhDao,
        vec![],
        "mat-khau-dai-du",
    )
    .await
    .unwrap();
    let now = at("2023-05-05 08:00:00");
    let cases = [
        ("khong_co", "Đồng bộ", Some(30), "username"),
        ("nva", "   ", Some(30), "name"),
        ("nva", &"x".repeat(101), None, "name"),
        ("nva", "Đồng bộ", Some(0), "expires"),
        ("nva", "Đồng bộ", Some(3651), "expires"),
    ];
    for (username, name, days, expected) in cases {
        let error = create_token(store, username, name, days, now, "quantri")
            .await
            .unwrap_err();
        let AppError::InvalidAccount { field, message } = &error else {
            panic!("{username} {name} {days:?}: {error}");
        };
        assert_eq!(*field, expected, "{message}");
    }
    assert_eq!(list_tokens(store, None).await.unwrap(), []);
    // The longest lifetime and name are accepted.
    let made = create_token(store, "nva", &"ư".repeat(100), Some(3650), now, "quantri")
        .await
        .unwrap();
    assert_eq!(made.info.expires_at, Some(now + Duration::days(3650)));
}

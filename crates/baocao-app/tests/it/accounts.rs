//! Accounts and sign-in on both backends: a created user signs in with their password only,
//! the database holds no password or token in clear, sessions expire and end at sign-out.

use baocao_app::AppError;
use baocao_app::accounts::{
    self, create_user, session_for_token, sign_in, sign_out, token_hash, verify_password,
};
use baocao_core::catalog::Field;
use baocao_store::testing::TestDatabase;
use baocao_store::{AuditFilter, Backend, Role};
use chrono::{Duration, NaiveDateTime};

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
}

const PASSWORD: &str = "Sở TTTT 2023!";

#[tokio::test]
async fn sign_in_and_out() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(db) = TestDatabase::new(backend).await else {
            continue;
        };
        let store = &db.store;
        let user = create_user(
            store,
            " NguyenVanAnh ",
            "  Nguyễn Văn Ánh ",
            Role::ChuyenVien,
            vec![Field::Cntt, Field::Bcvt, Field::Cntt],
            PASSWORD,
        )
        .await
        .unwrap();
        assert_eq!(user.username, "nguyenvananh");
        assert_eq!(user.full_name, "Nguyễn Văn Ánh");
        assert_eq!(user.fields, [Field::Cntt, Field::Bcvt]);
        assert!(user.active);
        assert_eq!(store.users().await.unwrap(), std::slice::from_ref(&user));

        // The database holds an argon2id hash, not the password.
        let (_, hash) = store.user_with_hash("nguyenvananh").await.unwrap().unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(!hash.contains(PASSWORD));
        assert!(verify_password(PASSWORD, &hash));

        let now = at("2023-05-05 08:00:00");
        let hours = Duration::hours(8);
        let signed = sign_in(store, "NGUYENVANANH", PASSWORD, now, hours)
            .await
            .unwrap();
        assert_eq!(signed.user, user);
        assert_eq!(signed.expires_at, at("2023-05-05 16:00:00"));
        assert_eq!(signed.token.len(), 64);
        assert!(signed.token.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(signed.token, signed.csrf_token);
        assert!(!format!("{signed:?}").contains(&signed.token));

        // Only the token's hash is stored: the token finds the session, its hash does not.
        let session = session_for_token(store, &signed.token, now)
            .await
            .unwrap()
            .expect("a session");
        assert_eq!(session.user, user);
        assert_eq!(session.csrf_token, signed.csrf_token);
        assert_eq!(
            session_for_token(store, &token_hash(&signed.token), now)
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            session_for_token(store, &signed.token, at("2023-05-05 16:00:00"))
                .await
                .unwrap(),
            None,
            "expired"
        );

        // Wrong password, unknown user, deactivated account: one message.
        for (name, password) in [
            ("nguyenvananh", "sai mật khẩu"),
            ("khongco", PASSWORD),
            ("nguyenvananh", ""),
        ] {
            let error = sign_in(store, name, password, now, hours)
                .await
                .unwrap_err();
            assert!(matches!(error, AppError::SignIn), "{error:?}");
            assert_eq!(error.to_string(), "Tên đăng nhập hoặc mật khẩu không đúng");
        }
        let mut inactive = user.clone();
        inactive.active = false;
        store.update_user(&inactive).await.unwrap();
        let error = sign_in(store, "nguyenvananh", PASSWORD, now, hours)
            .await
            .unwrap_err();
        assert!(matches!(error, AppError::SignIn), "{error:?}");
        assert_eq!(
            session_for_token(store, &signed.token, now).await.unwrap(),
            None
        );
        store.update_user(&user).await.unwrap();

        // Sign-out ends the session.
        assert!(
            session_for_token(store, &signed.token, now)
                .await
                .unwrap()
                .is_some()
        );
        sign_out(store, &signed.token).await.unwrap();
        assert_eq!(
            session_for_token(store, &signed.token, now).await.unwrap(),
            None
        );

        // A new password signs the account out everywhere; the old one no longer works.
        let again = sign_in(store, "nguyenvananh", PASSWORD, now, hours)
            .await
            .unwrap();
        accounts::set_password(store, "nguyenvananh", "mật khẩu mới 2023")
            .await
            .unwrap();
        assert_eq!(
            session_for_token(store, &again.token, now).await.unwrap(),
            None
        );
        assert!(
            sign_in(store, "nguyenvananh", PASSWORD, now, hours)
                .await
                .is_err()
        );
        sign_in(store, "nguyenvananh", "mật khẩu mới 2023", now, hours)
            .await
            .unwrap();

        // The log has the account's story, never a password or hash.
        let log = store.history(&AuditFilter::default()).await.unwrap();
        assert!(log.len() >= 4, "{log:?}");
        let text = format!("{log:?}");
        assert!(!text.contains(PASSWORD) && !text.contains("argon2") && !text.contains("mới"));
    }
}

#[tokio::test]
async fn bad_accounts_are_refused_naming_the_field() {
    let db = TestDatabase::sqlite().await;
    let store = &db.store;
    create_user(
        store,
        "nva",
        "Nguyễn Văn A",
        Role::QuanTri,
        vec![],
        PASSWORD,
    )
    .await
    .unwrap();
    let cases = [
        (
            "ab",
            "Nguyễn Văn B",
            PASSWORD,
            "username",
            "Tên đăng nhập «ab» không hợp lệ",
        ),
        (
            "nguyễn",
            "Nguyễn Văn B",
            PASSWORD,
            "username",
            "Tên đăng nhập «nguyễn» không hợp lệ",
        ),
        (
            "NVA",
            "Nguyễn Văn B",
            PASSWORD,
            "username",
            "Tên đăng nhập «nva» đã có người dùng",
        ),
        (
            "nvb",
            "   ",
            PASSWORD,
            "full_name",
            "Họ và tên không được để trống",
        ),
        (
            "nvb",
            "Nguyễn Văn B",
            "1234567",
            "password",
            "Mật khẩu quá ngắn: cần ít nhất 8 ký tự",
        ),
    ];
    for (username, full_name, password, expected_field, expected) in cases {
        let error = create_user(
            store,
            username,
            full_name,
            Role::ChuyenVien,
            vec![],
            password,
        )
        .await
        .unwrap_err();
        let AppError::InvalidAccount { field, message } = &error else {
            panic!("{username}: {error:?}");
        };
        assert_eq!(*field, expected_field, "{username}");
        assert!(message.starts_with(expected), "{message}");
        assert_eq!(error.to_string(), *message);
    }
    assert_eq!(store.users().await.unwrap().len(), 1);
}

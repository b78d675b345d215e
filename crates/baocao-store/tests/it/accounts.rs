//! Accounts and web sessions: stored and read back, changed, refused twice, expired.

use baocao_core::catalog::Field;
use baocao_store::testing::TestDatabase;
use baocao_store::{AuditFilter, NewSession, Role, StoreError, User, action};

use crate::fixtures::time;

/// A chuyên viên of two fields.
pub fn nva() -> User {
    User {
        username: "nva".to_string(),
        full_name: "Nguyễn Văn Ánh".to_string(),
        role: Role::ChuyenVien,
        fields: vec![Field::Cntt, Field::Bcvt],
        active: true,
    }
}

fn session(token_hash: &str, username: &str, expires_at: &str) -> NewSession {
    NewSession {
        token_hash: token_hash.to_string(),
        username: username.to_string(),
        csrf_token: format!("csrf-{token_hash}"),
        created_at: time("2023-05-05 08:00:00"),
        expires_at: time(expires_at),
    }
}

const HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";

/// Users come back as stored (role, fields in order, Vietnamese name), sorted by user name;
/// a second account with the same name is refused; changes and a new hash are kept, and
/// each is audited without the hash.
pub async fn users_round_trip(db: &TestDatabase) {
    let store = &db.store;
    assert_eq!(store.users().await.unwrap(), []);
    assert_eq!(store.user_with_hash("nva").await.unwrap(), None);

    let admin = User {
        username: "admin".to_string(),
        full_name: "Trần Thị Bích".to_string(),
        role: Role::QuanTri,
        fields: vec![],
        active: true,
    };
    store.create_user(&nva(), HASH).await.unwrap();
    store.create_user(&admin, "$argon2id$other").await.unwrap();
    assert_eq!(store.users().await.unwrap(), [admin.clone(), nva()]);
    assert_eq!(
        store.user_with_hash("nva").await.unwrap(),
        Some((nva(), HASH.to_string()))
    );

    let mut twin = nva();
    twin.full_name = "Người khác".to_string();
    let error = store.create_user(&twin, "x").await.unwrap_err();
    assert!(
        matches!(&error, StoreError::UserExists { username } if username == "nva"),
        "{error}"
    );
    assert_eq!(store.user_with_hash("nva").await.unwrap().unwrap().0, nva());

    let mut changed = nva();
    changed.role = Role::LanhDao;
    changed.fields = vec![Field::ThanhTra];
    changed.active = false;
    changed.full_name = "Nguyễn Văn Ánh (Phó Giám đốc)".to_string();
    store.update_user_as(&changed, "admin").await.unwrap();
    store
        .set_password_hash("nva", "$argon2id$new")
        .await
        .unwrap();
    assert_eq!(
        store.user_with_hash("nva").await.unwrap(),
        Some((changed.clone(), "$argon2id$new".to_string()))
    );

    let mut ghost = nva();
    ghost.username = "ghost".to_string();
    let error = store.update_user(&ghost).await.unwrap_err();
    assert!(
        matches!(&error, StoreError::NotFound { what } if what == "user `ghost`"),
        "{error}"
    );
    let error = store.set_password_hash("ghost", HASH).await.unwrap_err();
    assert!(matches!(error, StoreError::NotFound { .. }), "{error}");

    let log = store
        .history(&AuditFilter {
            action: Some(action::USER.to_string()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    let seen: Vec<crate::audit::Brief> = log.iter().map(crate::audit::brief).collect();
    assert_eq!(
        seen,
        [
            ("baocao", "user:nva", None, None, Some("password changed")),
            (
                "admin",
                "user:nva",
                Some("Nguyễn Văn Ánh; chuyen_vien; cntt,bcvt; active"),
                Some("Nguyễn Văn Ánh (Phó Giám đốc); lanh_dao; thanh_tra; inactive"),
                Some("updated")
            ),
            (
                "baocao",
                "user:admin",
                None,
                Some("Trần Thị Bích; quan_tri; ; active"),
                Some("created")
            ),
            (
                "baocao",
                "user:nva",
                None,
                Some("Nguyễn Văn Ánh; chuyen_vien; cntt,bcvt; active"),
                Some("created")
            ),
        ]
    );
    assert!(log.iter().all(|e| !format!("{e:?}").contains("argon2")));
}

/// A session is found by its token hash until it expires, with its user as stored now; it
/// ends on sign-out, when its user is deactivated or deleted with the expired ones.
pub async fn sessions_round_trip_and_expiry(db: &TestDatabase) {
    let store = &db.store;
    store.create_user(&nva(), HASH).await.unwrap();
    let now = time("2023-05-05 09:00:00");
    store
        .create_session(&session("aa11", "nva", "2023-05-05 17:00:00"))
        .await
        .unwrap();
    store
        .create_session(&session("bb22", "nva", "2023-05-05 08:59:59"))
        .await
        .unwrap();
    store
        .create_session(&session("cc33", "nva", "2023-05-06 08:00:00"))
        .await
        .unwrap();

    let found = store.session("aa11", now).await.unwrap().expect("valid");
    assert_eq!(found.user, nva());
    assert_eq!(found.csrf_token, "csrf-aa11");
    assert_eq!(found.expires_at, time("2023-05-05 17:00:00"));
    assert!(!format!("{found:?}").contains("csrf-aa11"), "{found:?}");
    assert_eq!(store.session("bb22", now).await.unwrap(), None, "expired");
    assert_eq!(store.session("zz99", now).await.unwrap(), None, "unknown");
    // Valid up to, not at, its end.
    let end = time("2023-05-05 17:00:00");
    assert!(
        store
            .session("aa11", end - chrono::Duration::seconds(1))
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(store.session("aa11", end).await.unwrap(), None);

    // A second session with the same token hash is refused.
    assert!(
        store
            .create_session(&session("aa11", "nva", "2023-05-07 00:00:00"))
            .await
            .is_err()
    );
    // A session of an unknown user is refused.
    assert!(
        store
            .create_session(&session("dd44", "ghost", "2023-05-07 00:00:00"))
            .await
            .is_err()
    );

    assert_eq!(store.delete_expired_sessions(now).await.unwrap(), 1);
    assert_eq!(store.delete_expired_sessions(now).await.unwrap(), 0);

    store.delete_session("aa11").await.unwrap();
    store.delete_session("aa11").await.unwrap();
    assert_eq!(store.session("aa11", now).await.unwrap(), None);

    // The role counts as stored now; a deactivated user's session stops working.
    let mut changed = nva();
    changed.role = Role::LanhDao;
    store.update_user(&changed).await.unwrap();
    let found = store.session("cc33", now).await.unwrap().expect("valid");
    assert_eq!(found.user.role, Role::LanhDao);
    changed.active = false;
    store.update_user(&changed).await.unwrap();
    assert_eq!(store.session("cc33", now).await.unwrap(), None);
    changed.active = true;
    store.update_user(&changed).await.unwrap();
    assert!(store.session("cc33", now).await.unwrap().is_some());
    assert_eq!(store.delete_user_sessions("nva").await.unwrap(), 1);
    assert_eq!(store.session("cc33", now).await.unwrap(), None);
}

/// Role and status codes and labels.
#[test]
fn codes_and_labels() {
    use baocao_store::ApprovalStatus;
    for role in Role::ALL {
        assert_eq!(Role::from_code(role.code()), Some(role));
    }
    let labels: Vec<&str> = Role::ALL.iter().map(|r| r.label_vi()).collect();
    assert_eq!(labels, ["Quản trị", "Chuyên viên", "Lãnh đạo"]);
    assert_eq!(Role::from_code("admin"), None);
    for status in ApprovalStatus::ALL {
        assert_eq!(ApprovalStatus::from_code(status.code()), Some(status));
    }
    let labels: Vec<&str> = ApprovalStatus::ALL.iter().map(|s| s.label_vi()).collect();
    assert_eq!(labels, ["Đang nhập", "Đã gửi", "Đã duyệt"]);
}

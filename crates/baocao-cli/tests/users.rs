//! `baocao user add|list|passwd` run as an administrator runs them: the password from
//! BAOCAO_PASSWORD (never an argument), never printed or logged, stored as an argon2id hash
//! that signs in.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use baocao_store::{Role, Store};
use tempfile::TempDir;

const PASSWORD: &str = "Mật-khẩu rất bí mật 2023";

/// Runs `baocao` in `dir` (database `baocao.db` there), with `password` in BAOCAO_PASSWORD,
/// logging everything.
fn baocao(dir: &Path, password: Option<&str>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_baocao"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("BAOCAO_DATABASE_URL")
        .env_remove("BAOCAO_PASSWORD")
        .env("BAOCAO_LOG", "trace")
        .stdin(Stdio::null());
    if let Some(password) = password {
        command.env("BAOCAO_PASSWORD", password);
    }
    command.output().expect("baocao runs")
}

fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8(output.stdout.clone()).unwrap(),
        String::from_utf8(output.stderr.clone()).unwrap(),
    )
}

fn assert_ok(output: &Output) -> (String, String) {
    let (out, err) = text(output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(
        !out.contains(PASSWORD) && !err.contains(PASSWORD),
        "{out}{err}"
    );
    (out, err)
}

async fn store(dir: &Path) -> Store {
    let url = format!("sqlite://{}", dir.join("baocao.db").display());
    Store::open_with(&url, false).await.unwrap()
}

#[tokio::test]
async fn add_list_and_change_a_password() {
    let dir = TempDir::new().unwrap();
    let out = baocao(
        dir.path(),
        Some(PASSWORD),
        &[
            "user",
            "add",
            "NVA",
            "--name",
            "Nguyễn Văn Ánh",
            "--role",
            "chuyen_vien",
            "--field",
            "cntt",
            "--field",
            "bcvt",
        ],
    );
    let (_, err) = assert_ok(&out);
    assert!(
        err.contains("Đã tạo tài khoản nva (Nguyễn Văn Ánh, Chuyên viên)"),
        "{err}"
    );
    let out = baocao(
        dir.path(),
        Some("một mật khẩu khác"),
        &[
            "user",
            "add",
            "lanhdao",
            "--name",
            "Trần Thị Bích",
            "--role",
            "lanh_dao",
        ],
    );
    assert_ok(&out);

    let (list, _) = assert_ok(&baocao(dir.path(), None, &["user", "list"]));
    assert_eq!(
        list,
        "lanhdao\tlanh_dao\t-\thoạt động\tTrần Thị Bích\n\
         nva\tchuyen_vien\tcntt,bcvt\thoạt động\tNguyễn Văn Ánh\n"
    );

    // Stored as a hash that signs in, the password nowhere in the database file.
    let store = store(dir.path()).await;
    let (user, hash) = store.user_with_hash("nva").await.unwrap().unwrap();
    assert_eq!(user.role, Role::ChuyenVien);
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    let now = chrono::NaiveDateTime::parse_from_str("2023-05-05 08:00:00", "%F %T").unwrap();
    let hours = chrono::Duration::hours(8);
    baocao_app::accounts::sign_in(&store, "nva", PASSWORD, now, hours)
        .await
        .unwrap();
    store.close().await;
    let mut bytes = std::fs::read(dir.path().join("baocao.db")).unwrap();
    if let Ok(wal) = std::fs::read(dir.path().join("baocao.db-wal")) {
        bytes.extend(wal);
    }
    let needle = PASSWORD.as_bytes();
    assert!(!bytes.windows(needle.len()).any(|w| w == needle));

    // A new password: the old one no longer signs in, and its sessions ended.
    let new = "mật khẩu mới tháng 5";
    let (_, err) = assert_ok(&baocao(dir.path(), Some(new), &["user", "passwd", "nva"]));
    assert!(!err.contains(new), "{err}");
    assert!(err.contains("Đã đổi mật khẩu của nva"), "{err}");
    let store = self::store(dir.path()).await;
    assert!(
        baocao_app::accounts::sign_in(&store, "nva", PASSWORD, now, hours)
            .await
            .is_err()
    );
    let signed_in = baocao_app::accounts::sign_in(&store, "nva", new, now, hours)
        .await
        .unwrap();
    store.close().await;

    // Deactivated: listed as locked, its session ended, it no longer signs in; saying it
    // twice changes nothing; activated again, the same password signs in.
    let (_, err) = assert_ok(&baocao(dir.path(), None, &["user", "deactivate", "NVA"]));
    assert!(
        err.contains("Đã khóa tài khoản nva") && err.contains("1 phiên đăng nhập đã kết thúc"),
        "{err}"
    );
    let (list, _) = assert_ok(&baocao(dir.path(), None, &["user", "list"]));
    assert!(
        list.contains("nva\tchuyen_vien\tcntt,bcvt\tđã khóa\t"),
        "{list}"
    );
    let store = self::store(dir.path()).await;
    let session = baocao_app::accounts::session_for_token(&store, &signed_in.token, now)
        .await
        .unwrap();
    assert!(session.is_none(), "the session ended");
    assert!(
        baocao_app::accounts::sign_in(&store, "nva", new, now, hours)
            .await
            .is_err()
    );
    store.close().await;
    let (_, err) = assert_ok(&baocao(dir.path(), None, &["user", "deactivate", "nva"]));
    assert!(err.contains("đã bị khóa từ trước"), "{err}");
    let (_, err) = assert_ok(&baocao(dir.path(), None, &["user", "activate", "nva"]));
    assert!(err.contains("Đã mở khóa tài khoản nva"), "{err}");
    let store = self::store(dir.path()).await;
    baocao_app::accounts::sign_in(&store, "nva", new, now, hours)
        .await
        .unwrap();
    let history = store.history(&Default::default()).await.unwrap();
    let changes = history
        .iter()
        .filter(|e| e.entity == "user:nva" && e.reason.as_deref() == Some("updated"))
        .count();
    assert_eq!(changes, 2, "deactivated and activated, each audited once");
    store.close().await;
    let output = baocao(dir.path(), None, &["user", "activate", "ghost"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("there is no user `ghost`"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn refusals_say_what_was_expected() {
    let dir = TempDir::new().unwrap();
    let add = |password: Option<&str>, args: &[&str]| {
        let mut all = vec!["user", "add"];
        all.extend_from_slice(args);
        baocao(dir.path(), password, &all)
    };
    // A short password: no account.
    let out = add(
        Some("ngắn"),
        &["nva", "--name", "Nguyễn Văn A", "--role", "quan_tri"],
    );
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("Mật khẩu quá ngắn: cần ít nhất 8 ký tự"),
        "{err}"
    );
    assert!(!err.contains("ngắn\n") && !err.contains("«ngắn»"), "{err}");

    // A bad user name, role or field.
    let out = add(
        Some(PASSWORD),
        &["nguyễn", "--name", "A", "--role", "quan_tri"],
    );
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("Tên đăng nhập «nguyễn» không hợp lệ"), "{err}");
    let out = add(Some(PASSWORD), &["nva", "--name", "A", "--role", "admin"]);
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("quan_tri, chuyen_vien, lanh_dao"), "{err}");
    let out = add(
        Some(PASSWORD),
        &[
            "nva",
            "--name",
            "A",
            "--role",
            "chuyen_vien",
            "--field",
            "it",
        ],
    );
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err.contains("chung, cntt, bcvt, ttbcxb, thanh_tra"),
        "{err}"
    );

    // There is no password argument.
    let out = add(
        None,
        &[
            "nva",
            "--name",
            "A",
            "--role",
            "quan_tri",
            "--password",
            PASSWORD,
        ],
    );
    assert_eq!(out.status.code(), Some(2));

    // Twice the same name.
    assert_ok(&add(
        Some(PASSWORD),
        &["nva", "--name", "A", "--role", "quan_tri"],
    ));
    let out = add(
        Some(PASSWORD),
        &["nva", "--name", "B", "--role", "quan_tri"],
    );
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("user `nva` already exists"), "{err}");

    // passwd of nobody.
    let out = baocao(dir.path(), Some(PASSWORD), &["user", "passwd", "khongco"]);
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("there is no user `khongco`"), "{err}");
}

/// `baocao user unit` ties an account to a reporting unit of the example and unties it; an
/// unknown unit or account is refused.
#[tokio::test]
async fn an_account_tied_to_a_reporting_unit() {
    let dir = TempDir::new().unwrap();
    assert_ok(&baocao(dir.path(), None, &["init", "--example"]));
    assert_ok(&baocao(
        dir.path(),
        Some(PASSWORD),
        &[
            "user",
            "add",
            "vnpt",
            "--name",
            "Lê Văn Cường",
            "--role",
            "chuyen_vien",
            "--field",
            "bcvt",
        ],
    ));
    let (_, err) = assert_ok(&baocao(
        dir.path(),
        None,
        &["user", "unit", "VNPT", "DN_VNPT"],
    ));
    assert!(
        err.contains("Tài khoản vnpt nhập và gửi số liệu của đơn vị DN_VNPT."),
        "{err}"
    );
    let store = store(dir.path()).await;
    assert_eq!(
        store.user_org_unit("vnpt").await.unwrap().as_deref(),
        Some("DN_VNPT")
    );

    let out = baocao(dir.path(), None, &["user", "unit", "vnpt", "DN_KHONG_CO"]);
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err.contains("org unit `DN_KHONG_CO` is not stored"),
        "{err}"
    );
    let out = baocao(dir.path(), None, &["user", "unit", "khongco", "DN_VNPT"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("user `khongco` is not stored"));

    let (_, err) = assert_ok(&baocao(dir.path(), None, &["user", "unit", "vnpt"]));
    assert!(err.contains("không gắn với đơn vị báo cáo nào"), "{err}");
    assert_eq!(store.user_org_unit("vnpt").await.unwrap(), None);
}

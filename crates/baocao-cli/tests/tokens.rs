//! `baocao token add|list|revoke` run as an administrator runs them: the token printed once,
//! alone on stdout, and never stored; listed with its state; revoked.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use baocao_store::Store;
use tempfile::TempDir;

fn baocao(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_baocao"))
        .args(args)
        .current_dir(dir)
        .env_remove("BAOCAO_DATABASE_URL")
        .env("BAOCAO_PASSWORD", "mat-khau-dai-du")
        .env("BAOCAO_LOG", "trace")
        .stdin(Stdio::null())
        .output()
        .expect("baocao runs")
}

fn ok(output: &Output) -> (String, String) {
    let out = String::from_utf8(output.stdout.clone()).unwrap();
    let err = String::from_utf8(output.stderr.clone()).unwrap();
    assert_eq!(output.status.code(), Some(0), "{err}");
    (out, err)
}

#[tokio::test]
async fn add_list_and_revoke_a_token() {
    let dir = TempDir::new().unwrap();
    ok(&baocao(
        dir.path(),
        &[
            "user",
            "add",
            "nva",
            "--name",
            "Nguyễn Văn An",
            "--role",
            "chuyen_vien",
            "--field",
            "cntt",
        ],
    ));
    let (out, err) = ok(&baocao(
        dir.path(),
        &[
            "token",
            "add",
            "nva",
            "--name",
            "Đồng bộ DHIS2",
            "--expires",
            "30",
        ],
    ));
    let token = out.trim().to_string();
    assert_eq!(out, format!("{token}\n"), "the token alone on stdout");
    assert!(baocao_app::tokens::looks_like_token(&token), "{token}");
    assert!(
        err.contains("Đã tạo mã truy cập số 1 «Đồng bộ DHIS2» cho tài khoản nva"),
        "{err}"
    );
    assert!(!err.contains(&token), "{err}");

    // The database holds its hash only, and the token acts as nva.
    let url = format!("sqlite://{}", dir.path().join("baocao.db").display());
    let store = Store::open_with(&url, false).await.unwrap();
    let now = chrono::Utc::now().naive_utc();
    let found = baocao_app::tokens::verify_token(&store, &token, now)
        .await
        .unwrap()
        .expect("the printed token works");
    assert_eq!(found.user.username, "nva");
    store.close().await;
    let bytes = std::fs::read(dir.path().join("baocao.db")).unwrap();
    assert!(
        !bytes.windows(token.len()).any(|w| w == token.as_bytes()),
        "the token is not in the database file"
    );

    let (out, err) = ok(&baocao(dir.path(), &["token", "list"]));
    let line: Vec<&str> = out.trim_end().split('\t').collect();
    assert_eq!(line.len(), 7, "{out}");
    assert_eq!(&line[..3], ["1", "nva", "Đồng bộ DHIS2"]);
    assert_eq!(line[6], "hoạt động");
    assert_ne!(line[4], "-", "an expiry");
    assert!(err.contains("1 mã truy cập."), "{err}");
    // While its account is deactivated the token opens nothing, and the list says why.
    ok(&baocao(dir.path(), &["user", "deactivate", "nva"]));
    let (out, _) = ok(&baocao(dir.path(), &["token", "list"]));
    assert!(out.trim_end().ends_with("\ttài khoản bị khóa"), "{out}");
    ok(&baocao(dir.path(), &["user", "activate", "nva"]));
    let (out, _) = ok(&baocao(dir.path(), &["token", "list"]));
    assert!(out.trim_end().ends_with("\thoạt động"), "{out}");
    let output = baocao(dir.path(), &["token", "list", "khac"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("không có tài khoản «khac»"), "{err}");

    let (_, err) = ok(&baocao(dir.path(), &["token", "revoke", "1"]));
    assert!(err.contains("Đã thu hồi mã truy cập số 1"), "{err}");
    let (out, _) = ok(&baocao(dir.path(), &["token", "list", "nva"]));
    assert!(out.trim_end().ends_with("\tđã thu hồi"), "{out}");
    // Revoking it again says so rather than claiming to have revoked it now.
    let (_, err) = ok(&baocao(dir.path(), &["token", "revoke", "1"]));
    assert!(
        err.contains("Mã truy cập số 1 «Đồng bộ DHIS2» của tài khoản nva đã bị thu hồi từ trước"),
        "{err}"
    );
    assert!(!err.contains("Đã thu hồi"), "{err}");

    // Refusals say what was expected.
    let output = baocao(dir.path(), &["token", "revoke", "7"]);
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("there is no API token 7"), "{err}");
    let output = baocao(dir.path(), &["token", "add", "ghost", "--name", "x"]);
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("Không có tài khoản «ghost»"), "{err}");
    assert!(output.stdout.is_empty());
}

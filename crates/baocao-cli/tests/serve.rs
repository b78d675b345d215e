//! `baocao serve` run as an IT officer runs it: refused without a catalogue, then serving
//! the example on a free port, logging each request, stopping cleanly on Ctrl-C (SIGINT).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use tempfile::TempDir;

fn baocao(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_baocao"))
        .args(args)
        .current_dir(dir)
        .env_remove("BAOCAO_DATABASE_URL")
        .env_remove("BAOCAO_LOG")
        .output()
        .expect("baocao runs")
}

#[test]
fn serve_refuses_a_database_without_a_catalogue() {
    let dir = TempDir::new().unwrap();
    assert!(baocao(dir.path(), &["migrate"]).status.success());
    let output = baocao(dir.path(), &["serve", "--addr", "127.0.0.1:0"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("hint: baocao init --example"), "{stderr}");
    // And no database is created where there is none.
    let empty = TempDir::new().unwrap();
    let output = baocao(empty.path(), &["serve", "--addr", "127.0.0.1:0"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!empty.path().join("baocao.db").exists());
}

/// A plain HTTP/1.1 GET; the whole response as text.
fn get(addr: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[test]
fn serve_prints_its_url_logs_requests_and_stops_on_ctrl_c() {
    let dir = TempDir::new().unwrap();
    assert!(baocao(dir.path(), &["init", "--example"]).status.success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .current_dir(dir.path())
        .env_remove("BAOCAO_DATABASE_URL")
        .env_remove("BAOCAO_LOG")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    let addr = first
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no URL in {first:?}"))
        .to_string();
    let page = get(&addr, "/dang-nhap");
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("Đăng nhập"));
    let protected = get(&addr, "/ky/2023-04");
    assert!(protected.starts_with("HTTP/1.1 303"), "{protected}");
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "{exit:?}");
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    assert!(rest.contains("GET /dang-nhap 200"), "{rest}");
    assert!(rest.contains("GET /ky/2023-04 303"), "{rest}");
}

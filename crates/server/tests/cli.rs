//! The `fenxiao` binary from the outside: bad configuration and unreachable databases stop start-up
//! with one line naming the setting; SIGTERM shuts down cleanly; `migrate`, `seed-demo` and
//! `create-admin` work on a fresh SQLite file.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn fenxiao() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_fenxiao"));
    // Start from a clean slate: no FENXIAO_* from the developer's shell.
    for (k, _) in std::env::vars() {
        if k.starts_with("FENXIAO_") {
            c.env_remove(k);
        }
    }
    c.env("FENXIAO_LOG", "warn");
    c
}

fn stderr_of(mut c: Command) -> (i32, String) {
    let out = c.output().expect("runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).to_string())
}

#[test]
fn an_invalid_setting_stops_startup_with_one_line_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("FENXIAO_LISTEN", "not-an-address"),
        ("FENXIAO_DATABASE_URL", "mysql://root@localhost/x"),
        ("FENXIAO_LOGIN_PER_IP_PER_MINUTE", "lots"),
        ("FENXIAO_DEV_MODE", "maybe"),
        ("FENXIAO_DATA_KEY", "tooshort"),
    ];
    for (k, v) in cases {
        let mut c = fenxiao();
        c.current_dir(dir.path()).env("FENXIAO_DEV_MODE", "true").env(k, v).arg("serve");
        let (code, err) = stderr_of(c);
        assert_ne!(code, 0, "{k}={v} must stop start-up");
        assert!(err.contains(k), "{k}={v}: stderr names the setting: {err}");
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    }
    // Outside dev mode a data key is required.
    let mut c = fenxiao();
    c.current_dir(dir.path()).arg("serve");
    let (code, err) = stderr_of(c);
    assert_ne!(code, 0);
    assert!(err.contains("FENXIAO_DATA_KEY"), "{err}");
}

#[test]
fn an_unreachable_database_stops_startup_naming_the_setting() {
    let mut c = fenxiao();
    c.env("FENXIAO_DEV_MODE", "true").env("FENXIAO_DATABASE_URL", "postgres://postgres:secretpw@127.0.0.1:1/nowhere").arg("serve");
    let t = Instant::now();
    let (code, err) = stderr_of(c);
    assert_ne!(code, 0);
    assert!(err.contains("FENXIAO_DATABASE_URL"), "{err}");
    assert!(!err.contains("secretpw"), "the password is redacted: {err}");
    assert!(t.elapsed() < Duration::from_secs(30));
}

fn http_get(port: u16, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(s, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    Some(out)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

#[test]
fn serve_answers_then_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut child = fenxiao()
        .current_dir(dir.path())
        .env("FENXIAO_DEV_MODE", "true")
        .env("FENXIAO_LISTEN", format!("127.0.0.1:{port}"))
        .args(["serve", "--demo"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut ready = None;
    while Instant::now() < deadline {
        if let Some(r) = http_get(port, "/readyz") {
            ready = Some(r);
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let ready = ready.expect("server came up");
    assert!(ready.starts_with("HTTP/1.1 200"), "{ready}");
    let products = http_get(port, "/api/v1/products").unwrap();
    assert!(products.contains("\"total\":10"), "demo data is there: {products}");
    // The default SQLite file lives under ./data/.
    assert!(dir.path().join("data/fenxiao.db").exists());
    let kill = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(kill.success());
    let deadline = Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "did not stop after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "clean exit: {status:?}");
    let mut out = String::new();
    child.stdout.take().unwrap().read_to_string(&mut out).unwrap();
    assert!(out.contains("Created super admin 'admin' with password:"), "first start prints the generated password once: {out}");
}

#[test]
fn migrate_seed_and_create_admin_commands_work() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], extra: &[(&str, &str)]| {
        let mut c = fenxiao();
        c.current_dir(dir.path()).env("FENXIAO_DEV_MODE", "true").args(args);
        for (k, v) in extra {
            c.env(k, v);
        }
        c.output().unwrap()
    };
    assert!(run(&["migrate"], &[]).status.success());
    let seeded = run(&["seed-demo"], &[]);
    assert!(String::from_utf8_lossy(&seeded.stdout).contains("seeded 9 categories, 10 products"));
    let again = run(&["seed-demo"], &[]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("nothing seeded"));
    let ok =
        run(&["create-admin", "--username", "finance.wang", "--role", "finance"], &[("FENXIAO_NEW_ADMIN_PASSWORD", "financ3-passw0rd")]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let dup =
        run(&["create-admin", "--username", "finance.wang", "--role", "finance"], &[("FENXIAO_NEW_ADMIN_PASSWORD", "financ3-passw0rd")]);
    assert!(!dup.status.success());
    let weak = run(&["create-admin", "--username", "x.y.z", "--password", "weak"], &[]);
    assert!(!weak.status.success());
    let openapi = fenxiao().arg("openapi").output().unwrap();
    assert!(String::from_utf8_lossy(&openapi.stdout).contains("/api/v1/auth/wechat/login"));
}

//! Test kit: start the real `fenxiao` application on a free port with a fresh database — a temp
//! SQLite file, or a new PostgreSQL database (`FENXIAO_TEST_POSTGRES_URL`, default the local
//! server) — and talk to it over HTTP with typed helpers.
//!
//! `both_engines!(name, scenario)` writes one `#[tokio::test]` per engine for `async fn
//! scenario(app: TestApp)`, so every integration story runs on SQLite and PostgreSQL. The
//! PostgreSQL variant never skips: if the server is down, it fails.

use fenxiao_server::{Application, Config, Secret};
use fenxiao_services::Services;
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};

pub use futures;
pub use serde_json;

pub const ADMIN_USER: &str = "root";
pub const ADMIN_PASSWORD: &str = "test-passw0rd-123";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

pub fn postgres_base_url() -> String {
    std::env::var("FENXIAO_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

pub fn redis_url() -> String {
    std::env::var("FENXIAO_TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

fn random_suffix() -> String {
    use rand::Rng;
    let mut r = rand::rng();
    (0..12).map(|_| char::from(b'a' + r.random_range(0..26u8))).collect()
}

/// Creates an empty PostgreSQL database for one test and returns its URL.
pub async fn fresh_postgres_database() -> String {
    let base = postgres_base_url();
    let name = format!("fxt_{}", random_suffix());
    let db = Database::connect(&base).await.unwrap_or_else(|e| panic!("PostgreSQL at {base} is required for this test: {e}"));
    db.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create test database");
    let _ = db.close().await;
    let (prefix, _) = base.rsplit_once('/').expect("database URL has a path");
    format!("{prefix}/{name}")
}

pub struct TestApp {
    pub base: String,
    pub http: reqwest::Client,
    pub engine: Engine,
    pub services: Services,
    pub database_url: String,
    _tmp: Option<tempfile::TempDir>,
    _stop: tokio::sync::oneshot::Sender<()>,
}

/// A test configuration: dev mode (sandbox login, dev clock), a known admin, generous login limits.
pub async fn test_config(engine: Engine) -> (Config, Option<tempfile::TempDir>) {
    let (url, tmp) = match engine {
        Engine::Sqlite => {
            let dir = tempfile::tempdir().expect("temp dir");
            (format!("sqlite://{}/fenxiao.db", dir.path().display()), Some(dir))
        }
        Engine::Postgres => (fresh_postgres_database().await, None),
    };
    let cfg = Config {
        listen: "127.0.0.1:0".into(),
        database_url: url,
        database_max_connections: 8,
        dev_mode: true,
        admin_username: ADMIN_USER.into(),
        admin_password: Some(Secret(ADMIN_PASSWORD.into())),
        login_per_ip_per_minute: 10_000,
        // Tests drive jobs through the admin route and the dev clock.
        jobs_interval_secs: 0,
        ..Config::default()
    };
    (cfg, tmp)
}

pub async fn spawn_app(engine: Engine) -> TestApp {
    spawn_app_with(engine, |_| {}).await
}

pub async fn spawn_app_with(engine: Engine, tweak: impl FnOnce(&mut Config)) -> TestApp {
    let (mut cfg, tmp) = test_config(engine).await;
    tweak(&mut cfg);
    spawn_config(engine, cfg, tmp).await
}

/// Starts an application on an exact configuration — e.g. a second instance on the same database
/// and Redis as another, as behind a load balancer.
pub async fn spawn_config(engine: Engine, cfg: Config, tmp: Option<tempfile::TempDir>) -> TestApp {
    // `FENXIAO_TEST_LOG=warn cargo test … -- --nocapture` shows the servers' logs.
    if let Ok(filter) = std::env::var("FENXIAO_TEST_LOG") {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| fenxiao_server::telemetry::init_logging("text", &filter));
    }
    cfg.validate().expect("test config is valid");
    let app = Application::build(&cfg).await.expect("application builds");
    let port = app.port();
    let services = app.services().clone();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(app.run_until_stopped(async move {
        let _ = rx.await;
    }));
    TestApp {
        base: format!("http://127.0.0.1:{port}"),
        http: reqwest::Client::builder().build().expect("client"),
        engine,
        services,
        database_url: cfg.database_url.clone(),
        _tmp: tmp,
        _stop: tx,
    }
}

/// An HTTP answer: status, headers and the body parsed as JSON (Null when empty or not JSON).
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Answer {
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }

    pub fn content_type(&self) -> &str {
        self.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    /// Asserts an RFC 9457 problem with this status and code.
    #[track_caller]
    pub fn assert_problem(&self, status: u16, code: &str) {
        assert_eq!(self.status, status, "status; body: {}", self.text);
        assert_eq!(self.content_type(), "application/problem+json", "content type; body: {}", self.text);
        assert_eq!(self.code(), code, "code; body: {}", self.text);
        assert_eq!(self.body["status"], json!(status));
        assert!(self.body["title"].as_str().is_some_and(|t| !t.is_empty()));
    }

    #[track_caller]
    pub fn assert_ok(&self) -> &Value {
        assert!((200..300).contains(&self.status), "expected success, got {}: {}", self.status, self.text);
        &self.body
    }
}

/// A logged-in shopper.
#[derive(Debug, Clone)]
pub struct ShopperLogin {
    pub token: String,
    pub id: i64,
    pub invite_code: String,
}

impl TestApp {
    pub async fn request(&self, method: &str, path: &str, token: Option<&str>, body: Option<Value>, headers: &[(&str, &str)]) -> Answer {
        let m = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut rb = self.http.request(m, format!("{}{}", self.base, path));
        if let Some(t) = token {
            rb = rb.bearer_auth(t);
        }
        for (k, v) in headers {
            rb = rb.header(*k, *v);
        }
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        let resp = rb.send().await.expect("request reaches the server");
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let text = resp.text().await.unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer { status, headers, body, text }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Answer {
        self.request("GET", path, token, None, &[]).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Answer {
        self.request("POST", path, token, Some(body), &[]).await
    }

    pub async fn put(&self, path: &str, token: Option<&str>, body: Value) -> Answer {
        self.request("PUT", path, token, Some(body), &[]).await
    }

    pub async fn patch(&self, path: &str, token: Option<&str>, body: Value) -> Answer {
        self.request("PATCH", path, token, Some(body), &[]).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> Answer {
        self.request("DELETE", path, token, None, &[]).await
    }

    /// Sends a raw body with a content type (for malformed-JSON tests).
    pub async fn post_raw(&self, path: &str, token: Option<&str>, content_type: &str, body: &str) -> Answer {
        let mut rb = self.http.post(format!("{}{}", self.base, path)).header("content-type", content_type).body(body.to_string());
        if let Some(t) = token {
            rb = rb.bearer_auth(t);
        }
        let resp = rb.send().await.expect("request reaches the server");
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let text = resp.text().await.unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer { status, headers, body, text }
    }

    /// Logs in through the WeChat sandbox: code `name` is openid `sandbox-name`.
    pub async fn login(&self, name: &str) -> ShopperLogin {
        self.login_invited(name, None).await
    }

    pub async fn login_invited(&self, name: &str, invite_code: Option<&str>) -> ShopperLogin {
        let a = self.post("/api/v1/auth/wechat/login", None, json!({"code": name, "invite_code": invite_code})).await;
        let b = a.assert_ok();
        ShopperLogin {
            token: b["token"].as_str().expect("token").to_string(),
            id: b["user"]["id"].as_i64().expect("user id"),
            invite_code: b["user"]["invite_code"].as_str().expect("invite code").to_string(),
        }
    }

    pub async fn admin_login(&self, username: &str, password: &str) -> Answer {
        self.post("/api/v1/admin/auth/login", None, json!({"username": username, "password": password})).await
    }

    /// A token of the bootstrap super admin.
    pub async fn admin_token(&self) -> String {
        let a = self.admin_login(ADMIN_USER, ADMIN_PASSWORD).await;
        a.assert_ok()["token"].as_str().expect("admin token").to_string()
    }

    /// Runs one SQL query straight against the test database (for asserting what is stored).
    pub async fn sql_one(&self, sql: &str) -> Option<sea_orm::QueryResult> {
        let db = Database::connect(&self.database_url).await.expect("connect to test db");
        let r = db.query_one_raw(sea_orm::Statement::from_string(db.get_database_backend(), sql.to_string())).await.expect("query");
        let _ = db.close().await;
        r
    }
}

/// One test per engine for `async fn $scenario(app: TestApp)`; an optional config tweak.
#[macro_export]
macro_rules! both_engines {
    ($name:ident, $scenario:ident) => {
        $crate::both_engines!($name, $scenario, |_c: &mut $crate::ConfigRef| {});
    };
    ($name:ident, $scenario:ident, $tweak:expr) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$scenario($crate::spawn_app_with($crate::Engine::Sqlite, $tweak).await).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$scenario($crate::spawn_app_with($crate::Engine::Postgres, $tweak).await).await
            }
        }
    };
}

pub type ConfigRef = Config;

/// Shop helpers used by the order and catalog stories.
impl TestApp {
    /// Creates a category and a product with one SKU per `(price, stock)` through the admin API;
    /// returns (product id, SKU ids).
    pub async fn product(&self, admin: &str, name: &str, skus: &[(i64, i64)]) -> (i64, Vec<i64>) {
        let cat = self.post("/api/v1/admin/categories", Some(admin), json!({"name": format!("{name} 类")})).await;
        let cat_id = cat.assert_ok()["id"].as_i64().unwrap();
        let skus_json: Vec<Value> = skus
            .iter()
            .enumerate()
            .map(|(i, (price, stock))| json!({"specs": {"规格": format!("S{i}")}, "price": price, "stock": stock, "weight_g": 500}))
            .collect();
        let p = self.post("/api/v1/admin/products", Some(admin), json!({"name": name, "category_id": cat_id, "skus": skus_json})).await;
        let b = p.assert_ok();
        let ids = b["skus"].as_array().unwrap().iter().map(|s| s["id"].as_i64().unwrap()).collect();
        (b["id"].as_i64().unwrap(), ids)
    }

    pub fn address_json() -> Value {
        json!({"name": "张三", "phone": "13800138000", "province": "广东省", "city": "深圳市", "district": "南山区", "detail": "科技园 1 号"})
    }

    /// Places an order for `quantity` of `sku` with an inline address.
    pub async fn order(&self, token: &str, sku: i64, quantity: i64) -> Answer {
        self.post("/api/v1/orders", Some(token), json!({"items": [{"sku_id": sku, "quantity": quantity}], "address": Self::address_json()}))
            .await
    }

    /// Pays an order through WeChat Pay and the bundled sandbox — the real path: prepay, the
    /// shopper "pays", the sandbox sends the signed notification. Returns the order afterwards.
    pub async fn pay_wechat(&self, token: &str, order_id: i64) -> Answer {
        let p = self.post(&format!("/api/v1/orders/{order_id}/pay"), Some(token), json!({"method": "wechat"})).await;
        let prepay = p.assert_ok()["wechat"]["prepay_id"].as_str().expect("prepay id").to_string();
        let s = self.post("/sandbox/wechatpay/pay", None, json!({"prepay_id": prepay})).await;
        assert_eq!(s.status, 200, "{}", s.text);
        assert_eq!(s.body["notify_status"], 204, "the notification was processed: {}", s.text);
        self.get(&format!("/api/v1/orders/{order_id}"), Some(token)).await
    }

    /// The reconciliation report (as the super admin).
    pub async fn reconciliation(&self) -> Value {
        let r = self.get("/api/v1/admin/reports/reconciliation", Some(&self.admin_token().await)).await;
        r.assert_ok().clone()
    }

    pub async fn stock_of(&self, product_id: i64, sku_id: i64) -> i64 {
        let p = self.get(&format!("/api/v1/admin/products/{product_id}"), Some(&self.admin_token().await)).await;
        p.assert_ok()["skus"].as_array().unwrap().iter().find(|s| s["id"] == sku_id).unwrap()["stock"].as_i64().unwrap()
    }
}

impl TestApp {
    /// Runs one SQL statement against the test database (to set up state that a later feature's API
    /// will own).
    pub async fn sql_exec(&self, sql: &str) {
        let db = Database::connect(&self.database_url).await.expect("connect to test db");
        db.execute_unprepared(sql).await.expect("statement");
        let _ = db.close().await;
    }
}

/// A temporary directory for test fixtures, removed when dropped.
pub fn tempfile_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

//! With Redis configured: readiness checks it, and login limits are shared by every instance.

use fenxiao_testkit::{Engine, redis_url, serde_json::json, spawn_app_with};

fn prefix() -> String {
    format!("fxtest:{}:", std::process::id() as u64 * 1000 + rand_suffix())
}

fn rand_suffix() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos() as u64 % 1000
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_checks_redis_and_login_limits_are_shared_across_instances() {
    let p = prefix();
    let tweak = |c: &mut fenxiao_testkit::ConfigRef| {
        c.redis_url = Some(redis_url());
        c.redis_prefix = p.clone();
        c.admin_failures_per_account = 3;
    };
    let a = spawn_app_with(Engine::Postgres, tweak).await;
    // A second instance on the same database and Redis, as behind a load balancer.
    let b = spawn_app_with(Engine::Sqlite, |c| {
        c.redis_url = Some(redis_url());
        c.redis_prefix = p.clone();
        c.admin_failures_per_account = 3;
    })
    .await;
    assert_eq!(a.get("/readyz", None).await.assert_ok()["status"], "ready");
    // Failures on instance A and B add up in Redis.
    a.admin_login("root", "bad-passw0rd-1").await.assert_problem(401, "unauthorized");
    b.admin_login("root", "bad-passw0rd-1").await.assert_problem(401, "unauthorized");
    a.admin_login("root", "bad-passw0rd-1").await.assert_problem(401, "unauthorized");
    b.admin_login("root", fenxiao_testkit::ADMIN_PASSWORD).await.assert_problem(429, "rate_limited");
    a.admin_login("root", fenxiao_testkit::ADMIN_PASSWORD).await.assert_problem(429, "rate_limited");
    // Shopper logins still work (a different key).
    a.post("/api/v1/auth/wechat/login", None, json!({"code": "alice"})).await.assert_ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_redis_makes_startup_fail_with_the_setting_named() {
    let (mut cfg, _tmp) = fenxiao_testkit::test_config(Engine::Sqlite).await;
    cfg.redis_url = Some("redis://127.0.0.1:1".into());
    let err = fenxiao_server::Application::build(&cfg).await.err().expect("start-up fails");
    assert!(err.to_string().contains("FENXIAO_REDIS_URL"), "{err}");
}

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_write_on_one_instance_invalidates_the_cache_of_every_instance() {
    let p = prefix();
    let (mut cfg, _) = fenxiao_testkit::test_config(Engine::Postgres).await;
    cfg.redis_url = Some(redis_url());
    cfg.redis_prefix = p.clone();
    let a = fenxiao_testkit::spawn_config(Engine::Postgres, cfg.clone(), None).await;
    let b = fenxiao_testkit::spawn_config(Engine::Postgres, cfg, None).await;
    let root = a.admin_token().await;
    let (pid, skus) = a.product(&root, "缓存测试", &[(1000, 5)]).await;
    // Both instances read (and cache) the product.
    assert_eq!(a.get(&format!("/api/v1/products/{pid}"), None).await.assert_ok()["name"], "缓存测试");
    assert_eq!(b.get(&format!("/api/v1/products/{pid}"), None).await.assert_ok()["name"], "缓存测试");
    let cat = a.get(&format!("/api/v1/admin/products/{pid}"), Some(&root)).await.body["category_id"].as_i64().unwrap();
    a.put(
        &format!("/api/v1/admin/products/{pid}"),
        Some(&root),
        json!({"name": "改名后", "category_id": cat, "skus": [{"id": skus[0], "price": 1000}]}),
    )
    .await
    .assert_ok();
    // Instance B sees the change at once: the cache is shared and was invalidated by A.
    assert_eq!(b.get(&format!("/api/v1/products/{pid}"), None).await.assert_ok()["name"], "改名后");
    a.post(&format!("/api/v1/admin/products/{pid}/shelf"), Some(&root), json!({"on_shelf": false})).await;
    b.get(&format!("/api/v1/products/{pid}"), None).await.assert_problem(404, "not_found");
    // And category trees too.
    a.post("/api/v1/admin/categories", Some(&root), json!({"name": "新分类"})).await.assert_ok();
    let tree = b.get("/api/v1/categories", None).await;
    assert!(tree.text.contains("新分类"), "{}", tree.text);
}

use fenxiao_testkit::{TestApp, both_engines, serde_json::json};

async fn health_readiness_and_metrics(app: TestApp) {
    assert_eq!(app.get("/healthz", None).await.assert_ok()["status"], "ok");
    assert_eq!(app.get("/readyz", None).await.assert_ok()["status"], "ready");
    // Make a few requests on a templated route, then find them in the metrics by route template.
    for id in [1, 2, 3] {
        app.get(&format!("/api/v1/products/{id}"), None).await;
    }
    let m = app.request("GET", "/metrics", None, None, &[]).await;
    assert_eq!(m.status, 200);
    assert!(m.text.contains("http_requests_total"), "{}", &m.text[..m.text.len().min(500)]);
    assert!(m.text.contains(r#"route="/api/v1/products/{id}""#), "metrics label by route template");
    assert!(m.text.contains("http_request_duration_seconds_bucket"));
}
both_engines!(health_readiness_and_metrics_work, health_readiness_and_metrics);

async fn openapi_documents_every_route(app: TestApp) {
    let doc = app.get("/api/openapi.json", None).await;
    let paths = doc.assert_ok()["paths"].as_object().expect("paths").clone();
    for p in [
        "/healthz",
        "/readyz",
        "/metrics",
        "/api/v1/auth/wechat/login",
        "/api/v1/auth/logout",
        "/api/v1/admin/auth/login",
        "/api/v1/me",
        "/api/v1/me/export",
        "/api/v1/categories",
        "/api/v1/products",
        "/api/v1/products/{id}",
        "/api/v1/admin/me",
        "/api/v1/admin/staff",
        "/api/v1/admin/staff/{id}",
        "/api/v1/admin/audit-log",
        "/api/v1/dev/clock/advance",
        "/api/v1/cart/items",
        "/api/v1/cart/items/{id}",
        "/api/v1/me/addresses",
        "/api/v1/me/addresses/{id}",
        "/api/v1/checkout/quote",
        "/api/v1/orders",
        "/api/v1/orders/{id}",
        "/api/v1/orders/{id}/cancel",
        "/api/v1/orders/{id}/confirm-receipt",
        "/api/v1/orders/{id}/refunds",
        "/api/v1/admin/categories",
        "/api/v1/admin/categories/{id}",
        "/api/v1/admin/products",
        "/api/v1/admin/products/{id}",
        "/api/v1/admin/products/{id}/shelf",
        "/api/v1/admin/skus/{id}/stock-adjustments",
        "/api/v1/admin/freight-templates",
        "/api/v1/admin/freight-templates/{id}",
        "/api/v1/admin/orders",
        "/api/v1/admin/orders/{id}",
        "/api/v1/admin/orders/{id}/ship",
        "/api/v1/admin/orders/{id}/cancel",
        "/api/v1/admin/refunds",
        "/api/v1/admin/refunds/{id}/approve",
        "/api/v1/admin/refunds/{id}/reject",
        "/api/v1/admin/settings/orders",
        "/api/v1/admin/jobs/{name}/run",
        "/api/v1/orders/{id}/pay",
        "/api/v1/payments/wechat/notify",
        "/api/v1/payments/wechat/refund-notify",
        "/api/v1/me/wallet",
        "/api/v1/me/wallet/transactions",
        "/api/v1/me/wallet/top-ups",
        "/api/v1/admin/users/{id}/wallet-adjustments",
        "/api/v1/admin/payments",
        "/api/v1/admin/payment-refunds",
        "/api/v1/admin/payment-refunds/{id}/retry",
        "/api/v1/admin/reports/reconciliation",
        "/api/v1/me/referrer",
        "/api/v1/distribution/apply",
        "/api/v1/distribution/rules",
        "/api/v1/distribution/rankings",
        "/api/v1/me/distributor",
        "/api/v1/me/commissions",
        "/api/v1/me/team",
        "/api/v1/me/withdrawals",
        "/api/v1/me/invite-qr.png",
        "/api/v1/payments/wechat/transfer-notify",
        "/api/v1/admin/distribution/settings",
        "/api/v1/admin/distribution/grades",
        "/api/v1/admin/distribution/grades/{id}",
        "/api/v1/admin/distributors",
        "/api/v1/admin/distributor-applications",
        "/api/v1/admin/distributors/{user_id}/approve",
        "/api/v1/admin/distributors/{user_id}/reject",
        "/api/v1/admin/distributors/{user_id}/status",
        "/api/v1/admin/distributors/{user_id}/grade",
        "/api/v1/admin/users/{id}/referrer",
        "/api/v1/admin/withdrawals",
        "/api/v1/admin/withdrawals/{id}/approve",
        "/api/v1/admin/withdrawals/{id}/reject",
        "/api/v1/admin/withdrawals/{id}/mark-paid",
        "/api/v1/admin/withdrawals/{id}/mark-failed",
        "/api/v1/admin/products/{id}/commission",
        "/api/v1/products/{id}/share-estimate",
        "/api/v1/me/team-rewards",
        "/api/v1/admin/team-rewards",
        "/api/v1/admin/team-rewards/{id}/reverse",
        "/api/v1/admin/withdrawals/{id}/retry",
        "/api/v1/admin/binding-attempts",
        "/api/v1/coupons",
        "/api/v1/coupons/{id}/claim",
        "/api/v1/me/coupons",
        "/api/v1/me/points",
        "/api/v1/me/check-in",
        "/api/v1/flash-sales",
        "/api/v1/flash-sales/{id}",
        "/api/v1/group-buys",
        "/api/v1/group-buys/{id}",
        "/api/v1/groups/{id}",
        "/api/v1/admin/coupons",
        "/api/v1/admin/coupons/{id}",
        "/api/v1/admin/coupons/{id}/stats",
        "/api/v1/admin/flash-sales",
        "/api/v1/admin/flash-sales/{id}",
        "/api/v1/admin/group-buys",
        "/api/v1/admin/group-buys/{id}",
        "/api/v1/admin/groups",
        "/api/v1/admin/marketing/settings",
        "/api/v1/admin/reports/dashboard",
        "/api/v1/events/page-view",
    ] {
        assert!(paths.contains_key(p), "{p} missing from the OpenAPI document");
    }
    let me = &paths["/api/v1/me"];
    assert!(me.get("get").is_some() && me.get("patch").is_some() && me.get("delete").is_some());
    // Swagger UI is served from the binary itself (vendored, no CDN).
    let ui = app.get("/docs/", None).await;
    assert_eq!(ui.status, 200);
    assert!(ui.text.contains("swagger"), "swagger ui page");
    assert!(!ui.text.contains("unpkg.com") && !ui.text.contains("cdn.jsdelivr"), "no CDN assets");
}
both_engines!(openapi_documents_every_route_and_swagger_is_offline, openapi_documents_every_route);

async fn unknown_routes_and_methods_are_problems(app: TestApp) {
    app.get("/api/v1/nope", None).await.assert_problem(404, "not_found");
    app.request("DELETE", "/api/v1/products", None, None, &[]).await.assert_problem(405, "method_not_allowed");
    // Chinese by default, English on request.
    let zh = app.get("/api/v1/nope", None).await;
    assert_eq!(zh.body["title"], "未找到");
    assert_eq!(zh.headers["content-language"], "zh-CN");
    let en = app.request("GET", "/api/v1/nope", None, None, &[("accept-language", "en-US,en;q=0.9")]).await;
    assert_eq!(en.body["title"], "Not found");
    assert_eq!(en.headers["content-language"], "en");
}
both_engines!(unknown_routes_and_methods_are_problems_in_two_languages, unknown_routes_and_methods_are_problems);

async fn bodies_that_are_not_json_are_422(app: TestApp) {
    let path = "/api/v1/auth/wechat/login";
    let a = app.post_raw(path, None, "application/json", "{not json").await;
    a.assert_problem(422, "validation_failed");
    assert_eq!(a.body["errors"][0]["reason"], "invalid_json");
    let a = app.post_raw(path, None, "application/json", r#"{"code": 12}"#).await;
    a.assert_problem(422, "validation_failed");
    assert_eq!(a.body["errors"][0]["field"], "code");
    let a = app.post_raw(path, None, "application/json", r#"{}"#).await;
    a.assert_problem(422, "validation_failed");
    assert_eq!(a.body["errors"][0]["field"], "code");
    assert_eq!(a.body["errors"][0]["reason"], "required");
    let a = app.post_raw(path, None, "text/plain", r#"{"code":"x"}"#).await;
    a.assert_problem(422, "validation_failed");
    let big = format!(r#"{{"code":"{}"}}"#, "a".repeat(2 * 1024 * 1024));
    app.post_raw(path, None, "application/json", &big).await.assert_problem(413, "payload_too_large");
    // None of it created anyone.
    assert_eq!(app.services.store.count_users().await.unwrap(), 0);
    let en = app.request("POST", path, None, Some(json!({"code": 1})), &[("accept-language", "en")]).await;
    assert_eq!(en.body["errors"][0]["message"], "has a wrong type or value");
}
both_engines!(bodies_that_are_not_json_are_422_problems, bodies_that_are_not_json_are_422);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_front_ends_are_served_with_cache_rules_and_no_way_out_of_their_folder() {
    let web = fenxiao_testkit::tempfile_dir();
    let h5 = web.path().join("storefront/dist/build/h5");
    std::fs::create_dir_all(h5.join("assets")).unwrap();
    std::fs::write(h5.join("index.html"), "<html>storefront</html>").unwrap();
    std::fs::write(h5.join("assets/app-123.js"), "console.log(1)").unwrap();
    std::fs::write(web.path().join("secret.txt"), "do not serve").unwrap();
    let dir = web.path().display().to_string();
    let app = fenxiao_testkit::spawn_app_with(fenxiao_testkit::Engine::Sqlite, move |c| c.web_dir = Some(dir)).await;
    let http = reqwest_no_redirect();
    let root = http.get(format!("{}/", app.base)).send().await.unwrap();
    assert_eq!(root.status().as_u16(), 307);
    assert_eq!(root.headers()["location"], "/h5/");
    let index = app.get("/h5/", None).await;
    assert_eq!(index.status, 200);
    assert_eq!(index.text, "<html>storefront</html>");
    assert_eq!(index.headers["cache-control"], "no-cache");
    assert!(index.content_type().starts_with("text/html"));
    let js = app.get("/h5/assets/app-123.js", None).await;
    assert_eq!(js.headers["cache-control"], "public, max-age=31536000, immutable");
    assert!(js.content_type().contains("javascript"));
    app.get("/h5/assets/missing.js", None).await.assert_problem(404, "not_found");
    // Encoded traversal reaches the handler as `../`; it is refused.
    let up = http.get(format!("{}/h5/..%2F..%2F..%2Fsecret.txt", app.base)).send().await.unwrap();
    assert_eq!(up.status().as_u16(), 404);
    assert!(!up.text().await.unwrap().contains("do not serve"));
    // The admin console is not built in this folder: a plain explanation, not a crash.
    let admin = app.get("/admin/", None).await;
    assert_eq!(admin.status, 404);
    assert!(admin.text.contains("not built"));
}

fn reqwest_no_redirect() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

//! Marketing over HTTP on both engines (and with Redis): coupons claimed by a crowd, coupons and
//! points through checkout and back on cancel and refund, flash sales under a burst of buyers,
//! group buys joined in parallel and refunded when they fail.

use fenxiao_testkit::futures::{StreamExt, stream};
use fenxiao_testkit::{Engine, ShopperLogin, TestApp, both_engines, redis_url, spawn_app_with};
use serde_json::{Value, json};

async fn sql_i64(app: &TestApp, sql: &str) -> i64 {
    app.sql_one(sql).await.expect("row").try_get_by_index::<i64>(0).expect("number")
}

/// Reconciliation, once the sandbox's asynchronous refund notifications have all arrived.
async fn assert_balanced(app: &TestApp) {
    for _ in 0..200 {
        if sql_i64(app, "SELECT COUNT(*) FROM payment_refunds WHERE status = 'processing'").await == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let r = app.reconciliation().await;
    assert_eq!(r["balanced"], true, "reconciliation: {r:#}");
}

fn iso(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339()
}

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

async fn coupon(app: &TestApp, root: &str, body: Value) -> i64 {
    let mut b = json!({
        "name": "满50减10", "kind": "amount_off", "amount": 1000, "threshold": 5000, "total": 100, "per_user_limit": 1,
        "valid_from": iso(now() - chrono::Duration::hours(1)), "valid_to": iso(now() + chrono::Duration::days(30)),
    });
    for (k, v) in body.as_object().unwrap() {
        b[k] = v.clone();
    }
    let r = app.post("/api/v1/admin/coupons", Some(root), b).await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].as_i64().unwrap()
}

async fn logins(app: &TestApp, prefix: &str, n: usize) -> Vec<ShopperLogin> {
    stream::iter(0..n).map(|i| async move { app.login(&format!("{prefix}{i}")).await }).buffer_unordered(32).collect().await
}

fn order_body(sku: i64, q: i64, extra: Value) -> Value {
    let mut b = json!({"items": [{"sku_id": sku, "quantity": q}], "address": TestApp::address_json()});
    for (k, v) in extra.as_object().unwrap() {
        b[k] = v.clone();
    }
    b
}

// ---------- coupons ----------

async fn a_crowd_claims_exactly_the_coupons_there_are(app: TestApp) {
    let root = app.admin_token().await;
    let id = coupon(&app, &root, json!({"total": 30})).await;
    let users = logins(&app, "crowd", 100).await;
    let answers: Vec<(u16, String)> = stream::iter(users.iter())
        .map(|u| {
            let app = &app;
            async move {
                let r = app.post(&format!("/api/v1/coupons/{id}/claim"), Some(&u.token), json!({})).await;
                (r.status, r.code().to_string())
            }
        })
        .buffer_unordered(100)
        .collect()
        .await;
    let ok = answers.iter().filter(|(s, _)| *s == 201).count();
    let sold_out = answers.iter().filter(|(s, c)| *s == 409 && c == "sold_out").count();
    assert_eq!((ok, sold_out), (30, 70), "{answers:?}");
    assert_eq!(sql_i64(&app, &format!("SELECT COUNT(*) FROM user_coupons WHERE template_id = {id}")).await, 30);
    assert_eq!(sql_i64(&app, &format!("SELECT claimed FROM coupon_templates WHERE id = {id}")).await, 30);

    // One shopper claiming in parallel beyond the per-user limit gets exactly the limit.
    let id2 = coupon(&app, &root, json!({"total": 1000, "per_user_limit": 3, "name": "限领3张"})).await;
    let u = &users[0];
    let answers: Vec<(u16, String)> = fenxiao_testkit::futures::future::join_all((0..10).map(|_| async {
        let r = app.post(&format!("/api/v1/coupons/{id2}/claim"), Some(&u.token), json!({})).await;
        (r.status, r.code().to_string())
    }))
    .await;
    let ok = answers.iter().filter(|(s, _)| *s == 201).count();
    let limited = answers.iter().filter(|(s, c)| *s == 409 && c == "limit_reached").count();
    assert_eq!((ok, limited), (3, 7), "{answers:?}");
    let list = app.get("/api/v1/coupons", Some(&u.token)).await;
    let t = list.assert_ok()["items"].as_array().unwrap().iter().find(|c| c["id"] == id2).cloned().unwrap();
    assert_eq!((t["claimed_by_me"].as_i64(), t["can_claim"].as_bool()), (Some(3), Some(false)));

    // Bad input changes nothing.
    app.post("/api/v1/coupons/999999/claim", Some(&u.token), json!({})).await.assert_problem(404, "not_found");
    app.post("/api/v1/coupons/abc/claim", Some(&u.token), json!({})).await.assert_problem(404, "not_found");
    app.post(&format!("/api/v1/coupons/{id2}/claim"), None, json!({})).await.assert_problem(401, "unauthorized");
    let bad = app
        .post(
            "/api/v1/admin/coupons",
            Some(&root),
            json!({"name": "", "kind": "percent_off", "percent_bp": 0, "total": 0,
            "valid_from": iso(now()), "valid_to": iso(now() - chrono::Duration::days(1))}),
        )
        .await;
    bad.assert_problem(422, "validation_failed");
    let fields: Vec<&str> = bad.body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    for f in ["name", "percent_bp", "total", "valid_to"] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
    // A distributor-only coupon refuses a shopper.
    let d = coupon(&app, &root, json!({"distributor_only": true, "name": "分销专享"})).await;
    app.post(&format!("/api/v1/coupons/{d}/claim"), Some(&u.token), json!({})).await.assert_problem(409, "distributors_only");
    // A stopped template can't be claimed; what was claimed stays.
    let mut body = app.get("/api/v1/admin/coupons", Some(&root)).await.body["items"][0].clone();
    assert_eq!(body["id"], d);
    for k in ["id", "claimed", "remaining", "claimed_by_me", "can_claim", "used", "created_at"] {
        body.as_object_mut().unwrap().remove(k);
    }
    body["active"] = json!(false);
    app.put(&format!("/api/v1/admin/coupons/{d}"), Some(&root), body).await.assert_ok();
    app.post(&format!("/api/v1/coupons/{d}/claim"), Some(&u.token), json!({})).await.assert_problem(409, "coupon_not_claimable");
}
both_engines!(a_crowd_claims_exactly_the_coupons_there_are_on, a_crowd_claims_exactly_the_coupons_there_are);

async fn coupons_apply_by_scope_and_come_back_on_cancel_and_full_refund(app: TestApp) {
    let root = app.admin_token().await;
    let (p1, s1) = app.product(&root, "券内商品", &[(3000, 50)]).await;
    let (_p2, s2) = app.product(&root, "券外商品", &[(4000, 50)]).await;
    let scoped = coupon(&app, &root, json!({"scope": "products", "scope_ids": [p1], "per_user_limit": 5})).await;
    let pct = coupon(
        &app,
        &root,
        json!({"name": "九折", "kind": "percent_off", "percent_bp": 1000, "cap": 500, "threshold": 0, "per_user_limit": 5}),
    )
    .await;
    let alice = app.login("alice").await;
    let bob = app.login("bob").await;
    let c1 = app.post(&format!("/api/v1/coupons/{scoped}/claim"), Some(&alice.token), json!({})).await.assert_ok()["id"].as_i64().unwrap();
    let c2 = app.post(&format!("/api/v1/coupons/{pct}/claim"), Some(&alice.token), json!({})).await.assert_ok()["id"].as_i64().unwrap();
    let bobs = app.post(&format!("/api/v1/coupons/{pct}/claim"), Some(&bob.token), json!({})).await.assert_ok()["id"].as_i64().unwrap();
    let t = Some(alice.token.as_str());

    // Quote: two lines, 2×30 in scope (6000 ≥ threshold 5000) and 1×40 out of scope.
    let cart = json!({"items": [{"sku_id": s1[0], "quantity": 2}, {"sku_id": s2[0], "quantity": 1}], "address": TestApp::address_json()});
    let q = app.post("/api/v1/checkout/quote", t, cart.clone()).await;
    let q = q.assert_ok();
    // Scoped: 1000 off; 10 % of 10000 capped at 500: the scoped one is best.
    assert_eq!(q["best_user_coupon_id"], c1, "{q:#}");
    let opt = |id: i64| q["coupons"].as_array().unwrap().iter().find(|c| c["user_coupon_id"] == id).unwrap().clone();
    assert_eq!(opt(c1)["discount"], 1000);
    assert_eq!(opt(c2)["discount"], 500);

    let mut body = cart.clone();
    body["user_coupon_id"] = json!(c1);
    let o = app.post("/api/v1/orders", t, body.clone()).await;
    assert_eq!(o.status, 201, "{}", o.text);
    let o = o.body;
    assert_eq!(o["coupon_discount"], 1000);
    assert_eq!(o["lines"][0]["coupon_discount"], 1000, "all of it on the line in scope");
    assert_eq!(o["lines"][1]["coupon_discount"], 0);
    assert_eq!(o["total"], 6000 + 4000 - 1000);
    assert_eq!(o["user_coupon_id"], c1);
    // The same coupon can't pay twice; another shopper's coupon is not found.
    let again = app.post("/api/v1/orders", t, body.clone()).await;
    again.assert_problem(409, "coupon_unusable");
    assert_eq!(again.body["reason"], "used");
    let mut foreign = cart.clone();
    foreign["user_coupon_id"] = json!(bobs);
    let f = app.post("/api/v1/orders", t, foreign).await;
    f.assert_problem(409, "coupon_unusable");
    assert_eq!(f.body["reason"], "not_found");
    // Out of scope and below threshold.
    let only_out = json!({"items": [{"sku_id": s2[0], "quantity": 1}], "address": TestApp::address_json(), "user_coupon_id": c2});
    let c3 = app.post(&format!("/api/v1/coupons/{scoped}/claim"), Some(&alice.token), json!({})).await.assert_ok()["id"].as_i64().unwrap();
    let mut oos = only_out.clone();
    oos["user_coupon_id"] = json!(c3);
    let r = app.post("/api/v1/orders", t, oos).await;
    assert_eq!((r.status, r.body["reason"].as_str()), (409, Some("out_of_scope")), "{}", r.text);
    let below = json!({"items": [{"sku_id": s1[0], "quantity": 1}], "address": TestApp::address_json(), "user_coupon_id": c3});
    let r = app.post("/api/v1/orders", t, below).await;
    assert_eq!((r.status, r.body["reason"].as_str()), (409, Some("below_threshold")), "{}", r.text);
    assert_eq!(sql_i64(&app, "SELECT COUNT(*) FROM orders").await, 1, "refused orders left nothing behind");

    // Cancel: the coupon is usable again and the template's used count goes back.
    let oid = o["id"].as_i64().unwrap();
    assert_eq!(sql_i64(&app, &format!("SELECT used FROM coupon_templates WHERE id = {scoped}")).await, 1);
    app.post(&format!("/api/v1/orders/{oid}/cancel"), t, json!({})).await.assert_ok();
    let usable = app.get("/api/v1/me/coupons?status=usable", t).await;
    assert!(usable.assert_ok()["items"].as_array().unwrap().iter().any(|c| c["id"] == c1));
    assert_eq!(sql_i64(&app, &format!("SELECT used FROM coupon_templates WHERE id = {scoped}")).await, 0);

    // Pay with it, refund everything: it comes back again.
    let o2 = app.post("/api/v1/orders", t, body).await;
    assert_eq!(o2.status, 201, "{}", o2.text);
    let oid2 = o2.body["id"].as_i64().unwrap();
    app.pay_wechat(&alice.token, oid2).await.assert_ok();
    let used = app.get("/api/v1/me/coupons?status=used", t).await;
    assert_eq!(used.assert_ok()["items"][0]["id"], c1);
    let rq = app.post(&format!("/api/v1/orders/{oid2}/refunds"), t, json!({"reason": "不要了"})).await;
    let rid = rq.assert_ok()["id"].as_i64().unwrap();
    app.post(&format!("/api/v1/admin/refunds/{rid}/approve"), Some(&root), json!({})).await.assert_ok();
    let o2 = app.get(&format!("/api/v1/orders/{oid2}"), t).await;
    assert_eq!(o2.assert_ok()["status"], "refunded");
    let usable = app.get("/api/v1/me/coupons?status=usable", t).await;
    assert!(usable.assert_ok()["items"].as_array().unwrap().iter().any(|c| c["id"] == c1), "returned after a full refund");
    let stats = app.get(&format!("/api/v1/admin/coupons/{scoped}/stats"), Some(&root)).await;
    assert_eq!(stats.assert_ok()["used"], 0);
    assert_eq!(stats.body["claimed"], 2);
    app.get("/api/v1/me/coupons?status=bogus", t).await.assert_problem(422, "validation_failed");
    assert_balanced(&app).await;
}
both_engines!(coupons_apply_by_scope_and_come_back, coupons_apply_by_scope_and_come_back_on_cancel_and_full_refund);

// ---------- points ----------

async fn points_are_earned_spent_capped_and_reversed_exactly(app: TestApp) {
    let root = app.admin_token().await;
    let (_, s) = app.product(&root, "积分商品", &[(10_000, 50)]).await;
    let u = app.login("pointy").await;
    let t = Some(u.token.as_str());
    // Check-in: 10 points, once a day; the 7th day in a row adds the streak bonus.
    let c = app.post("/api/v1/me/check-in", t, json!({})).await;
    assert_eq!((c.assert_ok()["points"].as_i64(), c.body["streak"].as_i64(), c.body["balance"].as_i64()), (Some(10), Some(1), Some(10)));
    app.post("/api/v1/me/check-in", t, json!({})).await.assert_problem(409, "already_checked_in");
    for day in 2..=7 {
        app.post("/api/v1/dev/clock/advance", None, json!({"seconds": 86_400})).await.assert_ok();
        let c = app.post("/api/v1/me/check-in", t, json!({})).await;
        assert_eq!(c.assert_ok()["streak"], day);
    }
    let p = app.get("/api/v1/me/points", t).await;
    assert_eq!(p.assert_ok()["balance"], 6 * 10 + 30);
    assert_eq!(p.body["checked_in_today"], true);
    assert_eq!(app.get("/api/v1/me/wallet", t).await.assert_ok()["points"], 90);
    let root = app.admin_token().await; // a week later: a fresh staff session

    // Spending: not above the balance, not above the cap (50 % of goods).
    let r = app.post("/api/v1/orders", t, order_body(s[0], 1, json!({"points": 91}))).await;
    r.assert_problem(409, "insufficient_points");
    app.put("/api/v1/admin/marketing/settings", Some(&root), json!({"points_max_deduct_bp": 50})).await.assert_ok(); // 0.5 % = 50 fen
    let r = app.post("/api/v1/orders", t, order_body(s[0], 1, json!({"points": 51}))).await;
    r.assert_problem(422, "points_above_cap");
    app.post("/api/v1/orders", t, order_body(s[0], 1, json!({"points": -1}))).await.assert_problem(422, "validation_failed");
    let q = app.post("/api/v1/checkout/quote", t, order_body(s[0], 1, json!({}))).await;
    assert_eq!(q.assert_ok()["points"]["max_usable"], 50);
    app.put("/api/v1/admin/marketing/settings", Some(&root), json!({"points_max_deduct_bp": 5000})).await.assert_ok();
    // Cancel restores them.
    let o = app.post("/api/v1/orders", t, order_body(s[0], 2, json!({"points": 90}))).await;
    assert_eq!(o.status, 201, "{}", o.text);
    assert_eq!(
        (o.body["points_discount"].as_i64(), o.body["points_used"].as_i64(), o.body["total"].as_i64()),
        (Some(90), Some(90), Some(20_000 - 90))
    );
    assert_eq!(app.get("/api/v1/me/points", t).await.body["balance"], 0);
    let oid = o.body["id"].as_i64().unwrap();
    app.post(&format!("/api/v1/orders/{oid}/cancel"), t, json!({})).await.assert_ok();
    assert_eq!(app.get("/api/v1/me/points", t).await.body["balance"], 90);

    // Spend 90 on 3 units, pay, ship, receive: earn 1 point per whole yuan of goods paid.
    let o = app.post("/api/v1/orders", t, order_body(s[0], 3, json!({"points": 90}))).await;
    let oid = o.body["id"].as_i64().unwrap();
    app.pay_wechat(&u.token, oid).await.assert_ok();
    app.post(&format!("/api/v1/admin/orders/{oid}/ship"), Some(&root), json!({"carrier": "SF", "tracking_no": "SF1"})).await.assert_ok();
    app.post(&format!("/api/v1/orders/{oid}/confirm-receipt"), t, json!({})).await.assert_ok();
    let earned = (30_000 - 90) / 100; // 299
    let o = app.get(&format!("/api/v1/orders/{oid}"), t).await;
    assert_eq!(o.assert_ok()["points_earned"], earned);
    assert_eq!(app.get("/api/v1/me/points", t).await.body["balance"], earned);
    // Refund 1 of 3 units: a third of the points used come back (30) and a third of the earned go (99).
    let line = o.body["lines"][0]["id"].as_i64().unwrap();
    let rq =
        app.post(&format!("/api/v1/orders/{oid}/refunds"), t, json!({"reason": "坏了", "lines": [{"line_id": line, "quantity": 1}]})).await;
    let rid = rq.assert_ok()["id"].as_i64().unwrap();
    app.post(&format!("/api/v1/admin/refunds/{rid}/approve"), Some(&root), json!({})).await.assert_ok();
    assert_eq!(app.get("/api/v1/me/points", t).await.body["balance"], earned + 30 - 99);
    // The other two: everything used is back, everything earned is gone.
    let rq = app.post(&format!("/api/v1/orders/{oid}/refunds"), t, json!({"reason": "都退了"})).await;
    let rid = rq.assert_ok()["id"].as_i64().unwrap();
    app.post(&format!("/api/v1/admin/refunds/{rid}/approve"), Some(&root), json!({})).await.assert_ok();
    let p = app.get("/api/v1/me/points", t).await;
    assert_eq!(p.assert_ok()["balance"], 90, "exactly what was there before the order");
    let kinds: Vec<&str> = p.body["items"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"refund_restore") && kinds.contains(&"refund_reverse") && kinds.contains(&"order_earn"), "{kinds:?}");
    // Bad settings are refused.
    app.put("/api/v1/admin/marketing/settings", Some(&root), json!({"points_max_deduct_bp": 10_001}))
        .await
        .assert_problem(422, "validation_failed");
    assert_balanced(&app).await;
}
both_engines!(points_earned_spent_capped_reversed, points_are_earned_spent_capped_and_reversed_exactly);

// ---------- flash sales ----------

async fn flash_sale(app: &TestApp, root: &str, sku: i64, quantity: i64, limit: i64) -> i64 {
    let r = app
        .post(
            "/api/v1/admin/flash-sales",
            Some(root),
            json!({"sku_id": sku, "price": 990, "quantity": quantity, "per_user_limit": limit,
                   "starts_at": iso(now() - chrono::Duration::minutes(1)), "ends_at": iso(now() + chrono::Duration::hours(2))}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].as_i64().unwrap()
}

/// 2,000 buyers at once for 50 units: exactly 50 orders; one buyer firing 10 orders at a limit of 2
/// gets 2; a cancelled unit can be bought again.
async fn flash_burst(app: TestApp) {
    let root = app.admin_token().await;
    let (pid, s) = app.product(&root, "秒杀商品", &[(9900, 10_000)]).await;
    // Bad input first.
    let bad = app
        .post(
            "/api/v1/admin/flash-sales",
            Some(&root),
            json!({"sku_id": s[0], "price": 990, "quantity": 0, "per_user_limit": 0,
            "starts_at": iso(now()), "ends_at": iso(now() - chrono::Duration::hours(1))}),
        )
        .await;
    bad.assert_problem(422, "validation_failed");
    let above = app
        .post(
            "/api/v1/admin/flash-sales",
            Some(&root),
            json!({"sku_id": s[0], "price": 99_000, "quantity": 5,
            "starts_at": iso(now()), "ends_at": iso(now() + chrono::Duration::hours(1))}),
        )
        .await;
    above.assert_problem(422, "validation_failed");
    let id = flash_sale(&app, &root, s[0], 50, 1).await;
    let overlap = app
        .post(
            "/api/v1/admin/flash-sales",
            Some(&root),
            json!({"sku_id": s[0], "price": 990, "quantity": 5,
            "starts_at": iso(now() + chrono::Duration::hours(1)), "ends_at": iso(now() + chrono::Duration::hours(3))}),
        )
        .await;
    overlap.assert_problem(409, "activity_overlaps");

    let buyers = logins(&app, "burst", 2000).await;
    let started = std::time::Instant::now();
    let answers: Vec<(u16, String)> = stream::iter(buyers.iter())
        .map(|u| {
            let app = &app;
            let sku = s[0];
            async move {
                let r = app.post("/api/v1/orders", Some(&u.token), order_body(sku, 1, json!({"flash_sale_id": id}))).await;
                (r.status, r.code().to_string())
            }
        })
        .buffer_unordered(256)
        .collect()
        .await;
    let elapsed = started.elapsed();
    let ok = answers.iter().filter(|(st, _)| *st == 201).count();
    let sold_out = answers.iter().filter(|(st, c)| *st == 409 && c == "sold_out").count();
    assert_eq!((ok, sold_out), (50, 1950), "{:?}", answers.iter().filter(|(st, _)| *st != 201 && *st != 409).take(5).collect::<Vec<_>>());
    eprintln!("flash burst: 2000 buyers in {elapsed:?}");
    assert_eq!(sql_i64(&app, &format!("SELECT COUNT(*) FROM orders WHERE activity_id = {id}")).await, 50);
    assert_eq!(sql_i64(&app, &format!("SELECT sold FROM flash_sales WHERE id = {id}")).await, 50);
    assert_eq!(app.stock_of(pid, s[0]).await, 10_000 - 50);
    let f = app.get(&format!("/api/v1/flash-sales/{id}"), None).await;
    assert_eq!(
        (f.assert_ok()["remaining"].as_i64(), f.body["status"].as_str(), f.body["price"].as_i64()),
        (Some(0), Some("running"), Some(990))
    );

    // A flash order's total is the flash price.
    let winner_order: i64 = sql_i64(&app, &format!("SELECT MIN(id) FROM orders WHERE activity_id = {id}")).await;
    let winner: i64 = sql_i64(&app, &format!("SELECT user_id FROM orders WHERE id = {winner_order}")).await;
    let w = buyers.iter().find(|b| b.id == winner).unwrap();
    let o = app.get(&format!("/api/v1/orders/{winner_order}"), Some(&w.token)).await;
    assert_eq!(o.assert_ok()["activity_discount"], 9900 - 990);
    assert_eq!(o.body["activity_kind"], "flash_sale");
    // Cancelling gives the unit back: a new buyer can take it, and then it is sold out again.
    app.post(&format!("/api/v1/orders/{winner_order}/cancel"), Some(&w.token), json!({})).await.assert_ok();
    assert_eq!(sql_i64(&app, &format!("SELECT sold FROM flash_sales WHERE id = {id}")).await, 49);
    let fresh = app.login("latecomer").await;
    let r = app.post("/api/v1/orders", Some(&fresh.token), order_body(s[0], 1, json!({"flash_sale_id": id}))).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let fresh2 = app.login("latecomer2").await;
    app.post("/api/v1/orders", Some(&fresh2.token), order_body(s[0], 1, json!({"flash_sale_id": id})))
        .await
        .assert_problem(409, "sold_out");
    assert_eq!(sql_i64(&app, &format!("SELECT sold FROM flash_sales WHERE id = {id}")).await, 50);

    // Per-user limit under parallel requests.
    let (_, s2) = app.product(&root, "限购秒杀", &[(5000, 1000)]).await;
    let id2 = flash_sale(&app, &root, s2[0], 100, 2).await;
    let greedy = app.login("greedy").await;
    let answers: Vec<(u16, String)> = fenxiao_testkit::futures::future::join_all((0..10).map(|_| async {
        let r = app.post("/api/v1/orders", Some(&greedy.token), order_body(s2[0], 1, json!({"flash_sale_id": id2}))).await;
        (r.status, r.code().to_string())
    }))
    .await;
    let ok = answers.iter().filter(|(st, _)| *st == 201).count();
    assert_eq!(ok, 2, "{answers:?}");
    assert!(answers.iter().all(|(st, c)| *st == 201 || (*st == 409 && c == "limit_reached")), "{answers:?}");
    app.post("/api/v1/orders", Some(&greedy.token), order_body(s2[0], 3, json!({"flash_sale_id": id2})))
        .await
        .assert_problem(409, "limit_reached");
    // An activity order has one line: its SKU.
    let two = json!({"items": [{"sku_id": s2[0], "quantity": 1}, {"sku_id": s[0], "quantity": 1}], "address": TestApp::address_json(), "flash_sale_id": id2});
    app.post("/api/v1/orders", Some(&greedy.token), two).await.assert_problem(422, "validation_failed");
    // Unpaid flash orders time out sooner (5 minutes) and give the units back.
    app.post("/api/v1/dev/clock/advance", None, json!({"seconds": 6 * 60})).await.assert_ok();
    app.post("/api/v1/admin/jobs/cancel-expired-orders/run", Some(&root), json!({})).await.assert_ok();
    assert_eq!(sql_i64(&app, &format!("SELECT sold FROM flash_sales WHERE id = {id2}")).await, 0);
    assert_eq!(
        sql_i64(&app, &format!("SELECT quantity FROM activity_purchases WHERE activity_id = {id2} AND user_id = {}", greedy.id)).await,
        0
    );
}
both_engines!(flash_sale_burst_never_oversells, flash_burst);

fn redis_prefix() -> String {
    format!(
        "fxflash:{}:{}:",
        std::process::id(),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos()
    )
}

/// The same burst with the Redis gate in front: still exactly 50, the Redis counter ends at 0, and
/// Redis refused the crowd before the database (only the winners' orders reached it).
async fn flash_burst_with_redis(engine: Engine) {
    let p = redis_prefix();
    let app = spawn_app_with(engine, |c| {
        c.redis_url = Some(redis_url());
        c.redis_prefix = p.clone();
    })
    .await;
    let root = app.admin_token().await;
    let (_, s) = app.product(&root, "Redis 秒杀", &[(9900, 10_000)]).await;
    let id = flash_sale(&app, &root, s[0], 50, 1).await;
    let buyers = logins(&app, "rburst", 2000).await;
    let answers: Vec<(u16, String)> = stream::iter(buyers.iter())
        .map(|u| {
            let app = &app;
            let sku = s[0];
            async move {
                let r = app.post("/api/v1/orders", Some(&u.token), order_body(sku, 1, json!({"flash_sale_id": id}))).await;
                (r.status, r.code().to_string())
            }
        })
        .buffer_unordered(256)
        .collect()
        .await;
    let ok = answers.iter().filter(|(st, _)| *st == 201).count();
    let sold_out = answers.iter().filter(|(st, c)| *st == 409 && c == "sold_out").count();
    assert_eq!((ok, sold_out), (50, 1950));
    assert_eq!(sql_i64(&app, &format!("SELECT sold FROM flash_sales WHERE id = {id}")).await, 50);
    let mut c = redis::Client::open(redis_url()).unwrap().get_multiplexed_async_connection().await.unwrap();
    let stock: i64 = redis::cmd("GET").arg(format!("{p}flash:{id}:stock")).query_async(&mut c).await.unwrap();
    assert_eq!(stock, 0, "the gate's counter matches the database");
    // A cancellation gives the unit back to the database and to Redis.
    let oid = sql_i64(&app, &format!("SELECT MIN(id) FROM orders WHERE activity_id = {id}")).await;
    let uid = sql_i64(&app, &format!("SELECT user_id FROM orders WHERE id = {oid}")).await;
    let w = buyers.iter().find(|b| b.id == uid).unwrap();
    app.post(&format!("/api/v1/orders/{oid}/cancel"), Some(&w.token), json!({})).await.assert_ok();
    let stock: i64 = redis::cmd("GET").arg(format!("{p}flash:{id}:stock")).query_async(&mut c).await.unwrap();
    assert_eq!(stock, 1);
    let mine: i64 = redis::cmd("GET").arg(format!("{p}flash:{id}:user:{uid}")).query_async(&mut c).await.unwrap();
    assert_eq!(mine, 0);
    // Losing Redis' counters reloads them from the database (49 sold → 1 left).
    let _: i64 = redis::cmd("DEL").arg(format!("{p}flash:{id}:stock")).query_async(&mut c).await.unwrap();
    let fresh = app.login("after-flush").await;
    let r = app.post("/api/v1/orders", Some(&fresh.token), order_body(s[0], 1, json!({"flash_sale_id": id}))).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let other = app.login("after-flush-2").await;
    app.post("/api/v1/orders", Some(&other.token), order_body(s[0], 1, json!({"flash_sale_id": id}))).await.assert_problem(409, "sold_out");
    assert_eq!(sql_i64(&app, &format!("SELECT sold FROM flash_sales WHERE id = {id}")).await, 50);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flash_sale_burst_with_redis_gate_sqlite() {
    flash_burst_with_redis(Engine::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flash_sale_burst_with_redis_gate_postgres() {
    flash_burst_with_redis(Engine::Postgres).await
}

// ---------- group buys ----------

async fn group_buy(app: &TestApp, root: &str, sku: i64, size: i64) -> i64 {
    let r = app
        .post(
            "/api/v1/admin/group-buys",
            Some(root),
            json!({"sku_id": sku, "group_price": 5000, "group_size": size, "hours": 24, "per_user_limit": 2, "leader_reward_points": 100,
                   "starts_at": iso(now() - chrono::Duration::minutes(1)), "ends_at": iso(now() + chrono::Duration::days(7))}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].as_i64().unwrap()
}

async fn groups_fill_exactly_and_failed_groups_refund_every_member_once(app: TestApp) {
    let root = app.admin_token().await;
    let (_, s) = app.product(&root, "拼团商品", &[(8000, 500)]).await;
    let gb = group_buy(&app, &root, s[0], 3).await;
    app.post(
        "/api/v1/admin/group-buys",
        Some(&root),
        json!({"sku_id": s[0], "group_price": 5000, "group_size": 1, "hours": 0,
        "starts_at": iso(now()), "ends_at": iso(now() + chrono::Duration::days(1))}),
    )
    .await
    .assert_problem(422, "validation_failed");

    // The leader opens a group.
    let leader = app.login("leader").await;
    let o = app.post("/api/v1/orders", Some(&leader.token), order_body(s[0], 1, json!({"group_buy_id": gb}))).await;
    assert_eq!(o.status, 201, "{}", o.text);
    assert_eq!(o.body["total"], 5000);
    let gid = o.body["group_id"].as_i64().unwrap();
    let lo = o.body["id"].as_i64().unwrap();
    app.pay_wechat(&leader.token, lo).await.assert_ok();
    // Own group twice: refused.
    app.post("/api/v1/orders", Some(&leader.token), order_body(s[0], 1, json!({"group_buy_id": gb, "group_id": gid})))
        .await
        .assert_problem(409, "already_in_group");
    // The group page tells a member their order; others (and anonymous visitors) get none.
    assert_eq!(app.get(&format!("/api/v1/groups/{gid}"), Some(&leader.token)).await.assert_ok()["my_order_id"], lo);
    assert_eq!(app.get(&format!("/api/v1/groups/{gid}"), None).await.assert_ok()["my_order_id"], Value::Null);
    // An open group's order can't ship yet.
    app.post(&format!("/api/v1/admin/orders/{lo}/ship"), Some(&root), json!({"carrier": "SF", "tracking_no": "SF1"}))
        .await
        .assert_problem(409, "group_not_complete");

    // 10 shoppers join in parallel: exactly 2 seats.
    let joiners = logins(&app, "joiner", 10).await;
    let answers: Vec<(u16, String, Option<i64>)> = fenxiao_testkit::futures::future::join_all(joiners.iter().map(|u| {
        let app = &app;
        let sku = s[0];
        async move {
            let r = app.post("/api/v1/orders", Some(&u.token), order_body(sku, 1, json!({"group_buy_id": gb, "group_id": gid}))).await;
            (r.status, r.code().to_string(), r.body["id"].as_i64())
        }
    }))
    .await;
    let winners: Vec<(usize, i64)> = answers.iter().enumerate().filter(|(_, a)| a.0 == 201).map(|(i, a)| (i, a.2.unwrap())).collect();
    assert_eq!(winners.len(), 2, "{answers:?}");
    assert!(answers.iter().all(|a| a.0 == 201 || (a.0 == 409 && a.1 == "group_full")), "{answers:?}");
    let g = app.get(&format!("/api/v1/groups/{gid}"), None).await;
    assert_eq!(
        (g.assert_ok()["joined"].as_i64(), g.body["seats_left"].as_i64(), g.body["members"].as_array().unwrap().len()),
        (Some(3), Some(0), 3)
    );
    let shown = g.body["members"][0]["nickname"].as_str().unwrap();
    assert!(shown.ends_with("**") && shown.chars().count() == 3, "names are masked: {shown}");
    assert_eq!(sql_i64(&app, &format!("SELECT COUNT(*) FROM group_members WHERE group_id = {gid}")).await, 3);
    // One member pays, the other cancels: a seat opens and another shopper takes it.
    let (i1, o1) = winners[0];
    let (i2, o2) = winners[1];
    app.pay_wechat(&joiners[i1].token, o1).await.assert_ok();
    app.post(&format!("/api/v1/orders/{o2}/cancel"), Some(&joiners[i2].token), json!({})).await.assert_ok();
    assert_eq!(app.get(&format!("/api/v1/groups/{gid}"), None).await.body["seats_left"], 1);
    let last = app.login("last-seat").await;
    let o3 = app.post("/api/v1/orders", Some(&last.token), order_body(s[0], 1, json!({"group_buy_id": gb, "group_id": gid}))).await;
    assert_eq!(o3.status, 201, "{}", o3.text);
    app.pay_wechat(&last.token, o3.body["id"].as_i64().unwrap()).await.assert_ok();
    let g = app.get(&format!("/api/v1/groups/{gid}"), None).await;
    assert_eq!(g.body["status"], "succeeded");
    // Now it ships; the leader got the reward.
    app.post(&format!("/api/v1/admin/orders/{lo}/ship"), Some(&root), json!({"carrier": "SF", "tracking_no": "SF1"})).await.assert_ok();
    assert_eq!(app.get("/api/v1/me/points", Some(&leader.token)).await.body["balance"], 100);
    // A full group can't be joined.
    let late = app.login("too-late").await;
    app.post("/api/v1/orders", Some(&late.token), order_body(s[0], 1, json!({"group_buy_id": gb, "group_id": gid})))
        .await
        .assert_problem(409, "group_closed");

    // A group that does not fill: two paid members, one unpaid, then it expires.
    let l2 = app.login("leader2").await;
    let a = app.post("/api/v1/orders", Some(&l2.token), order_body(s[0], 1, json!({"group_buy_id": gb}))).await;
    let g2 = a.body["group_id"].as_i64().unwrap();
    app.pay_wechat(&l2.token, a.body["id"].as_i64().unwrap()).await.assert_ok();
    let m2 = app.login("member2").await;
    let b = app.post("/api/v1/orders", Some(&m2.token), order_body(s[0], 1, json!({"group_buy_id": gb, "group_id": g2}))).await;
    app.pay_wechat(&m2.token, b.body["id"].as_i64().unwrap()).await.assert_ok();
    let m3 = app.login("member3").await;
    let c = app.post("/api/v1/orders", Some(&m3.token), order_body(s[0], 1, json!({"group_buy_id": gb, "group_id": g2}))).await;
    assert_eq!(c.status, 201, "{}", c.text);
    app.post("/api/v1/dev/clock/advance", None, json!({"seconds": 25 * 3600})).await.assert_ok();
    app.post("/api/v1/orders", Some(&late.token), order_body(s[0], 1, json!({"group_buy_id": gb, "group_id": g2})))
        .await
        .assert_problem(409, "group_closed");
    let root = app.admin_token().await; // a day later: a fresh staff session
    for _ in 0..3 {
        app.post("/api/v1/admin/jobs/expire-groups/run", Some(&root), json!({})).await.assert_ok();
    }
    assert_eq!(app.get(&format!("/api/v1/groups/{g2}"), None).await.body["status"], "failed");
    let st = |o: &Value, tok: String| {
        let app = &app;
        let id = o["id"].as_i64().unwrap();
        async move { app.get(&format!("/api/v1/orders/{id}"), Some(&tok)).await.body["status"].as_str().unwrap().to_string() }
    };
    assert_eq!(st(&a.body, l2.token.clone()).await, "refunded");
    assert_eq!(st(&b.body, m2.token.clone()).await, "refunded");
    assert_eq!(st(&c.body, m3.token.clone()).await, "cancelled");
    let refunds = sql_i64(
        &app,
        &format!(
            "SELECT COUNT(*) FROM payment_refunds r JOIN payments p ON p.id = r.payment_id WHERE p.order_id IN ({}, {})",
            a.body["id"], b.body["id"]
        ),
    )
    .await;
    assert_eq!(refunds, 2, "each paid member refunded once, however many runs");
    assert_balanced(&app).await;
    let admin_groups = app.get(&format!("/api/v1/admin/groups?group_buy_id={gb}&status=failed"), Some(&root)).await;
    assert_eq!(admin_groups.assert_ok()["total"], 1);
    // Unknown ids and bad filters.
    app.get("/api/v1/groups/999999", None).await.assert_problem(404, "not_found");
    app.get("/api/v1/group-buys/999999", None).await.assert_problem(404, "not_found");
    app.get("/api/v1/flash-sales/999999", None).await.assert_problem(404, "not_found");
    app.get("/api/v1/admin/groups?status=bogus", Some(&root)).await.assert_problem(422, "validation_failed");
    app.get("/api/v1/admin/groups", Some(&late.token)).await.assert_problem(403, "forbidden");
    app.put(
        &format!("/api/v1/admin/group-buys/{gb}"),
        Some(&root),
        json!({"sku_id": s[0], "group_price": 5000, "group_size": 5, "hours": 24,
        "starts_at": iso(now()), "ends_at": iso(now() + chrono::Duration::days(1))}),
    )
    .await
    .assert_problem(409, "group_size_locked");

    // A leader who cancels closes the group: nobody can join it, and no leader reward is ever paid.
    let l3 = app.login("fickle-leader").await;
    let o = app.post("/api/v1/orders", Some(&l3.token), order_body(s[0], 1, json!({"group_buy_id": gb}))).await;
    let g3 = o.body["group_id"].as_i64().unwrap();
    let j = app.login("early-joiner").await;
    let jo = app.post("/api/v1/orders", Some(&j.token), order_body(s[0], 1, json!({"group_buy_id": gb, "group_id": g3}))).await;
    assert_eq!(jo.status, 201, "{}", jo.text);
    app.post(&format!("/api/v1/orders/{}/cancel", o.body["id"]), Some(&l3.token), json!({})).await.assert_ok();
    assert_eq!(app.get(&format!("/api/v1/groups/{g3}"), None).await.body["status"], "failed");
    app.post("/api/v1/orders", Some(&late.token), order_body(s[0], 1, json!({"group_buy_id": gb, "group_id": g3})))
        .await
        .assert_problem(409, "group_closed");
    app.post("/api/v1/admin/jobs/expire-groups/run", Some(&root), json!({})).await.assert_ok();
    let jo = app.get(&format!("/api/v1/orders/{}", jo.body["id"]), Some(&j.token)).await;
    assert_eq!(jo.body["status"], "cancelled", "the joiner's unpaid order is cancelled with the group");
    assert_eq!(app.get("/api/v1/me/points", Some(&l3.token)).await.body["balance"], 0);
}
both_engines!(groups_fill_exactly_and_failed_groups_refund, groups_fill_exactly_and_failed_groups_refund_every_member_once);

/// An activity marked `pays_commission: false` books no commission; the same buyer's ordinary
/// order does.
async fn activities_can_pay_no_commission(app: TestApp) {
    let root = app.admin_token().await;
    let r = Some(root.as_str());
    app.put("/api/v1/admin/distribution/settings", r, json!({"mode": "everyone", "tiers": 1, "rates_bp": [1000, 0, 0]})).await.assert_ok();
    let (_, s) = app.product(&root, "不分佣秒杀", &[(5000, 100)]).await;
    let f = app
        .post(
            "/api/v1/admin/flash-sales",
            r,
            json!({"sku_id": s[0], "price": 3000, "quantity": 10, "per_user_limit": 1, "pays_commission": false,
                   "starts_at": iso(now() - chrono::Duration::minutes(1)), "ends_at": iso(now() + chrono::Duration::hours(1))}),
        )
        .await;
    let fid = f.assert_ok()["id"].as_i64().unwrap();
    assert_eq!(f.body["pays_commission"], false);
    let a = app.login("pc-a").await;
    let b = app.login_invited("pc-b", Some(&a.invite_code)).await;
    let flash = app.post("/api/v1/orders", Some(&b.token), order_body(s[0], 1, json!({"flash_sale_id": fid}))).await;
    let flash_id = flash.assert_ok()["id"].as_i64().unwrap();
    let paid = app.pay_wechat(&b.token, flash_id).await;
    assert_eq!(paid.assert_ok()["commissions"].as_array().unwrap().len(), 0, "{}", paid.text);
    let plain = app.order(&b.token, s[0], 1).await;
    let plain_id = plain.assert_ok()["id"].as_i64().unwrap();
    let paid = app.pay_wechat(&b.token, plain_id).await;
    let c = paid.assert_ok()["commissions"].as_array().unwrap().clone();
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0]["amount"], 500);
}
both_engines!(activities_can_pay_no_commission_on, activities_can_pay_no_commission);

//! The distribution engine over HTTP on both engines: settings, applications, binding rules,
//! commissions from the order snapshot, settlement, withdrawals through the WeChat sandbox
//! transfer, clawback into debt, and the books balancing at the end.

use fenxiao_testkit::{ShopperLogin, TestApp, both_engines};
use serde_json::{Value, json};

fn settings(tiers: i64, rates: [i64; 3]) -> Value {
    json!({
        "mode": "apply", "tiers": tiers, "rates_bp": rates, "freeze_days": 7, "bind_mode": "permanent",
        "withdrawal": {"min": 100, "max": 500000, "fee_bp": 0, "fee_fixed": 0, "fee_min": 0, "daily_count": 0,
                       "daily_amount": 0, "monthly_count": 0, "monthly_amount": 0, "methods": ["wechat", "balance"], "auto_approve_max": 0}
    })
}

async fn balanced(app: &TestApp) {
    let r = app.reconciliation().await;
    assert_eq!(r["balanced"], true, "{r:#}");
}

async fn figures(app: &TestApp, who: &ShopperLogin) -> Value {
    app.get("/api/v1/me/distributor", Some(&who.token)).await.assert_ok().clone()
}

async fn wait_withdrawal(app: &TestApp, who: &ShopperLogin, id: i64, want: &str) {
    for _ in 0..100 {
        let l = app.get("/api/v1/me/withdrawals", Some(&who.token)).await;
        if l.body["items"].as_array().unwrap().iter().any(|w| w["id"] == id && w["status"] == want) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("withdrawal {id} never became {want}");
}

/// A (distributor) ← B (distributor, invited by A) ← C (invited by B).
async fn chain(app: &TestApp, root: &str) -> (ShopperLogin, ShopperLogin, ShopperLogin) {
    chain_named(app, root, ["a", "b", "c"]).await
}

async fn chain_named(app: &TestApp, root: &str, names: [&str; 3]) -> (ShopperLogin, ShopperLogin, ShopperLogin) {
    let r = Some(root);
    app.put("/api/v1/admin/distribution/settings", r, settings(2, [1000, 500, 0])).await.assert_ok();
    let a = app.login(names[0]).await;
    app.post("/api/v1/distribution/apply", Some(&a.token), json!({"reason": "我想分销"})).await.assert_ok();
    app.post(&format!("/api/v1/admin/distributors/{}/approve", a.id), r, json!({})).await.assert_ok();
    let b_login = app.post("/api/v1/auth/wechat/login", None, json!({"code": names[1], "invite_code": a.invite_code})).await;
    assert_eq!(b_login.assert_ok()["binding"]["outcome"], "bound");
    let b = app.login(names[1]).await;
    app.post("/api/v1/distribution/apply", Some(&b.token), json!({})).await.assert_ok();
    app.post(&format!("/api/v1/admin/distributors/{}/approve", b.id), r, json!({})).await.assert_ok();
    let c = app.login_invited(names[2], Some(&b.invite_code)).await;
    (a, b, c)
}

async fn whole_path(app: TestApp) {
    let root = app.admin_token().await;
    let r = Some(root.as_str());
    // Settings: tiers 1..3 (3 warns), rates within 100 %.
    app.put("/api/v1/admin/distribution/settings", r, settings(4, [1000, 500, 0])).await.assert_problem(422, "tiers_exceed_limit");
    app.put("/api/v1/admin/distribution/settings", r, settings(0, [1000, 500, 0])).await.assert_problem(422, "validation_failed");
    app.put("/api/v1/admin/distribution/settings", r, settings(2, [9000, 2000, 0])).await.assert_problem(422, "validation_failed");
    app.put("/api/v1/admin/distribution/settings", r, settings(2, [-5, 0, 0])).await.assert_problem(422, "validation_failed");
    let three = app.put("/api/v1/admin/distribution/settings", r, settings(3, [1000, 500, 200])).await;
    assert_eq!(three.assert_ok()["warnings"], json!(["three_tiers"]));
    let (a, b, c) = chain(&app, &root).await;
    assert_eq!(app.get("/api/v1/admin/distribution/settings", r).await.body["version"], 2);
    let audit = app.get("/api/v1/admin/audit-log?action=distribution.settings", r).await;
    assert!(audit.text.contains("distribution.settings"));

    // Applications: once; decided once.
    app.post("/api/v1/distribution/apply", Some(&a.token), json!({})).await.assert_problem(409, "already_distributor");
    let d = app.login("d").await;
    app.post("/api/v1/distribution/apply", Some(&d.token), json!({})).await.assert_ok();
    app.post("/api/v1/distribution/apply", Some(&d.token), json!({})).await.assert_problem(409, "already_applied");
    app.post(&format!("/api/v1/admin/distributors/{}/reject", d.id), r, json!({"reason": ""}))
        .await
        .assert_problem(422, "validation_failed");
    app.post(&format!("/api/v1/admin/distributors/{}/reject", d.id), r, json!({"reason": "资料不全"})).await.assert_ok();
    app.post(&format!("/api/v1/admin/distributors/{}/approve", d.id), r, json!({})).await.assert_problem(409, "invalid_transition");
    assert_eq!(figures(&app, &d).await["status"], "none");

    // Binding refusals, each with its reason, changing nothing.
    let refuse = |who: &ShopperLogin, code: String| {
        let t = who.token.clone();
        let app = &app;
        async move { app.post("/api/v1/me/referrer", Some(&t), json!({"invite_code": code})).await }
    };
    let x = refuse(&c, c.invite_code.clone()).await;
    x.assert_problem(409, "binding_not_allowed");
    assert_eq!(x.body["reason"], "self");
    assert_eq!(refuse(&d, c.invite_code.clone()).await.body["reason"], "not_distributor");
    assert_eq!(refuse(&d, "ZZZZZZZZ".into()).await.body["reason"], "unknown_code");
    assert_eq!(refuse(&c, a.invite_code.clone()).await.body["reason"], "already_bound");
    app.post(&format!("/api/v1/admin/distributors/{}/status", c.id), r, json!({"status": "active"})).await.assert_ok();
    assert_eq!(refuse(&a, c.invite_code.clone()).await.body["reason"], "cycle", "A is above C");
    app.post(&format!("/api/v1/admin/users/{}/referrer", a.id), r, json!({"invite_code": c.invite_code, "reason": "客服调整"}))
        .await
        .assert_problem(409, "binding_not_allowed");
    app.post(&format!("/api/v1/admin/distributors/{}/status", c.id), r, json!({"status": "none"})).await.assert_ok();
    // Team figures from the counters.
    let t1 = app.get("/api/v1/me/team?depth=1", Some(&a.token)).await;
    assert_eq!(t1.assert_ok()["items"][0]["user_id"], b.id);
    assert_eq!(t1.body["levels"], json!([1, 1, 0]));
    assert_eq!(t1.body["new_members_per_day"][0]["members"], 2, "B and C joined A's team today: {}", t1.text);
    let log = app.get(&format!("/api/v1/admin/binding-attempts?user_id={}", c.id), r).await;
    let outcomes: Vec<&str> = log.assert_ok()["items"].as_array().unwrap().iter().map(|i| i["outcome"].as_str().unwrap()).collect();
    assert!(outcomes.contains(&"bound") && outcomes.contains(&"refused"), "{outcomes:?}");
    let t2 = app.get("/api/v1/me/team?depth=2", Some(&a.token)).await;
    assert_eq!(t2.body["items"][0]["user_id"], c.id);
    app.get("/api/v1/me/team?depth=3", Some(&a.token)).await.assert_problem(422, "validation_failed");
    let rules = app.get("/api/v1/distribution/rules", None).await;
    assert!(rules.assert_ok()["text"]["zh"].as_str().unwrap().contains("10.00% / 5.00%"), "{}", rules.text);
    assert!(rules.body["text"]["en"].as_str().unwrap().contains("2 tier"));

    // C buys 3 × ¥99.99 and pays through the WeChat sandbox: B earns tier 1, A tier 2, frozen.
    let (_pid, skus) = app.product(&root, "好茶", &[(9999, 10)]).await;
    let o = app.order(&c.token, skus[0], 3).await;
    let id = o.assert_ok()["id"].as_i64().unwrap();
    let paid = app.pay_wechat(&c.token, id).await;
    let line_paid = paid.body["lines"][0]["paid_amount"].as_i64().unwrap();
    assert_eq!(line_paid, 29997);
    let cs = paid.body["commissions"].as_array().unwrap().clone();
    assert_eq!(cs.len(), 2, "{cs:?}");
    assert_eq!((cs[0]["beneficiary_id"].as_i64(), cs[0]["amount"].as_i64(), cs[0]["tier"].as_i64()), (Some(b.id), Some(2999), Some(1)));
    assert_eq!((cs[1]["beneficiary_id"].as_i64(), cs[1]["amount"].as_i64()), (Some(a.id), Some(1499)));
    assert!(cs[0]["rule"].as_str().unwrap().contains("1000 bp"));
    assert_eq!(figures(&app, &b).await["commission"]["frozen"], 2999);
    assert_eq!(figures(&app, &a).await["commission"]["frozen"], 1499);
    assert_eq!(figures(&app, &a).await["team"]["team_sales"], paid.body["total"]);
    balanced(&app).await;

    // Received; settled only after the freeze window.
    app.post(&format!("/api/v1/admin/orders/{id}/ship"), r, json!({"carrier": "顺丰", "tracking_no": "SF1"})).await.assert_ok();
    app.post(&format!("/api/v1/orders/{id}/confirm-receipt"), Some(&c.token), json!({})).await.assert_ok();
    let run = app.post("/api/v1/admin/jobs/settle-commissions/run", r, json!({})).await;
    assert_eq!(run.assert_ok()["processed"], 0);
    app.post("/api/v1/dev/clock/advance", None, json!({"seconds": 8 * 86400})).await.assert_ok();
    // Staff sessions last 12 hours: log in again after the jump.
    let root = app.admin_token().await;
    let r = Some(root.as_str());
    let run = app.post("/api/v1/admin/jobs/settle-commissions/run", r, json!({})).await;
    assert_eq!(run.assert_ok()["processed"], 2);
    let fb = figures(&app, &b).await;
    assert_eq!((fb["commission"]["frozen"].as_i64(), fb["commission"]["settled"].as_i64()), (Some(0), Some(2999)));

    // B withdraws 2500 through the WeChat transfer (idempotent by key; approved by finance).
    let w = |amount: i64, key: &str| {
        let (t, key) = (b.token.clone(), key.to_string());
        let app = &app;
        async move {
            app.request(
                "POST",
                "/api/v1/me/withdrawals",
                Some(&t),
                Some(json!({"amount": amount, "method": "wechat"})),
                &[("Idempotency-Key", &key)],
            )
            .await
        }
    };
    w(50, "k0").await.assert_problem(409, "below_minimum");
    w(5000, "k0").await.assert_problem(409, "insufficient_balance");
    app.request("POST", "/api/v1/me/withdrawals", Some(&b.token), Some(json!({"amount": 500, "method": "wechat"})), &[])
        .await
        .assert_problem(422, "validation_failed");
    let w1 = w(2500, "k1").await;
    let wid = w1.assert_ok()["id"].as_i64().unwrap();
    assert_eq!(w1.body["status"], "requested");
    assert_eq!(w(2500, "k1").await.body["id"], wid, "same key, same withdrawal");
    assert_eq!(figures(&app, &b).await["commission"]["pending_withdrawal"], 2500);
    app.post(&format!("/api/v1/admin/withdrawals/{wid}/approve"), r, json!({})).await.assert_ok();
    wait_withdrawal(&app, &b, wid, "paid").await;
    app.post(&format!("/api/v1/admin/withdrawals/{wid}/approve"), r, json!({})).await.assert_problem(409, "invalid_transition");
    let fb = figures(&app, &b).await;
    assert_eq!((fb["commission"]["settled"].as_i64(), fb["commission"]["withdrawn"].as_i64()), (Some(499), Some(2500)));
    balanced(&app).await;

    // C's partial refund after settlement: B's share is clawed back — 499 available, 500 debt.
    let line = paid.body["lines"][0]["id"].as_i64().unwrap();
    let asale = app
        .post(
            &format!("/api/v1/orders/{id}/refunds"),
            Some(&c.token),
            json!({"reason": "少了一盒", "lines": [{"line_id": line, "quantity": 1}]}),
        )
        .await;
    let as_id = asale.assert_ok()["id"].as_i64().unwrap();
    app.post(&format!("/api/v1/admin/refunds/{as_id}/approve"), r, json!({})).await.assert_ok();
    let fb = figures(&app, &b).await;
    assert_eq!((fb["commission"]["settled"].as_i64(), fb["commission"]["debt"].as_i64()), (Some(0), Some(2999 / 3 - 499)));
    let fa = figures(&app, &a).await;
    assert_eq!(fa["commission"]["settled"], 1499 - 1499 / 3);
    w(100, "k2").await.assert_problem(409, "in_debt");
    let explain = app.get(&format!("/api/v1/orders/{id}"), Some(&c.token)).await;
    assert_eq!(explain.body["commissions"][0]["reversed"], 999);
    // The refund money reaches C through the sandbox; the books balance.
    for _ in 0..100 {
        let l = app.get("/api/v1/admin/payment-refunds", r).await;
        if l.body["items"][0]["status"] == "succeeded" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    balanced(&app).await;
}
both_engines!(a_invites_b_invites_c_commissions_settle_withdraw_and_claw_back_exactly, whole_path);

async fn parallel_money(app: TestApp) {
    let root = app.admin_token().await;
    let r = Some(root.as_str());
    let (_a, b, c) = chain(&app, &root).await;
    let mut s = settings(2, [1000, 500, 0]);
    s["withdrawal"]["auto_approve_max"] = json!(1_000_000);
    s["freeze_days"] = json!(0);
    app.put("/api/v1/admin/distribution/settings", r, s).await.assert_ok();
    let (_pid, skus) = app.product(&root, "杯", &[(10000, 100)]).await;
    let mut ids = Vec::new();
    for _ in 0..3 {
        let id = app.order(&c.token, skus[0], 1).await.assert_ok()["id"].as_i64().unwrap();
        app.pay_wechat(&c.token, id).await;
        app.post(&format!("/api/v1/admin/orders/{id}/ship"), r, json!({"carrier": "顺丰", "tracking_no": "SF1"})).await.assert_ok();
        app.post(&format!("/api/v1/orders/{id}/confirm-receipt"), Some(&c.token), json!({})).await.assert_ok();
        ids.push(id);
    }
    // Two settlement runs at once settle each commission once.
    let (r1, r2) = futures::future::join(
        app.post("/api/v1/admin/jobs/settle-commissions/run", r, json!({})),
        app.post("/api/v1/admin/jobs/settle-commissions/run", r, json!({})),
    )
    .await;
    let settled = r1.assert_ok()["processed"].as_i64().unwrap() + r2.assert_ok()["processed"].as_i64().unwrap();
    assert_eq!(settled, 6);
    let avail = figures(&app, &b).await["commission"]["settled"].as_i64().unwrap();
    assert_eq!(avail, 3000);
    // 20 parallel withdrawals of ¥3 to the wallet (auto-approved): never more than available.
    let keys: Vec<String> = (0..20).map(|i| format!("p{i}")).collect();
    let calls = keys.iter().map(|k| {
        let (app, t) = (&app, b.token.as_str());
        async move {
            app.request(
                "POST",
                "/api/v1/me/withdrawals",
                Some(t),
                Some(json!({"amount": 300, "method": "balance"})),
                &[("Idempotency-Key", k.as_str())],
            )
            .await
        }
    });
    let answers = futures::future::join_all(calls).await;
    let ok = answers.iter().filter(|a| a.status == 201).count() as i64;
    assert!(
        answers.iter().all(|a| a.status == 201 || a.code() == "insufficient_balance"),
        "{:?}",
        answers.iter().map(|a| &a.text).collect::<Vec<_>>()
    );
    assert_eq!(ok, 10);
    let fb = figures(&app, &b).await;
    assert_eq!(fb["commission"]["settled"], 0);
    assert_eq!(fb["commission"]["withdrawn"], 3000);
    assert_eq!(app.get("/api/v1/me/wallet", Some(&b.token)).await.body["balance"], 3000);
    balanced(&app).await;
}
both_engines!(parallel_settlements_and_withdrawals_never_pay_twice, parallel_money);

async fn grades_rankings_and_qr(app: TestApp) {
    let root = app.admin_token().await;
    let r = Some(root.as_str());
    let (a, b, c) = chain(&app, &root).await;
    let silver = json!({"name": "银牌", "level": 1, "rates_bp": [2000, 500, 0], "conditions": {"team_sales": 1}});
    let g = app.post("/api/v1/admin/distribution/grades", r, silver.clone()).await;
    let gid = g.assert_ok()["id"].as_i64().unwrap();
    app.post("/api/v1/admin/distribution/grades", r, silver).await.assert_problem(409, "level_taken");
    app.post("/api/v1/admin/distribution/grades", r, json!({"name": "金", "level": 2, "rates_bp": [9000, 2000, 0], "conditions": {}}))
        .await
        .assert_problem(422, "validation_failed");
    // C's order is B's first team sale: B moves up to 银牌 and earns its rate on it.
    let (_pid, skus) = app.product(&root, "壶", &[(10000, 10)]).await;
    let id = app.order(&c.token, skus[0], 1).await.assert_ok()["id"].as_i64().unwrap();
    let paid = app.pay_wechat(&c.token, id).await;
    let cs = paid.body["commissions"].as_array().unwrap();
    assert_eq!((cs[0]["beneficiary_id"].as_i64(), cs[0]["amount"].as_i64()), (Some(b.id), Some(2000)));
    assert!(cs[0]["rule"].as_str().unwrap().starts_with("grade rate"), "{}", cs[0]["rule"]);
    assert_eq!(figures(&app, &b).await["grade"], "银牌");
    // Only staff move a grade down; a held grade cannot be deleted.
    app.delete(&format!("/api/v1/admin/distribution/grades/{gid}"), r).await.assert_problem(409, "grade_in_use");
    app.put(&format!("/api/v1/admin/distributors/{}/grade", b.id), r, json!({"grade_id": null, "reason": "违规推广"})).await.assert_ok();
    assert_eq!(figures(&app, &b).await["grade"], Value::Null);
    assert_eq!(figures(&app, &a).await["grade"], "银牌", "A's team sales count too");
    app.delete(&format!("/api/v1/admin/distribution/grades/{gid}"), r).await.assert_problem(409, "grade_in_use");
    app.put(&format!("/api/v1/admin/distributors/{}/grade", a.id), r, json!({"grade_id": null, "reason": "调整"})).await.assert_ok();
    assert_eq!(app.delete(&format!("/api/v1/admin/distribution/grades/{gid}"), r).await.status, 204);

    // Rankings from aggregates; names masked.
    let top = app.get("/api/v1/distribution/rankings?period=week&by=commission", None).await;
    let items = top.assert_ok().as_array().unwrap().clone();
    assert_eq!((items[0]["user_id"].as_i64(), items[0]["value"].as_i64()), (Some(b.id), Some(2000)));
    assert_eq!((items[1]["user_id"].as_i64(), items[1]["value"].as_i64()), (Some(a.id), Some(500)));
    assert!(items[0]["nickname"].as_str().unwrap().ends_with("**"));
    let rec = app.get("/api/v1/distribution/rankings?period=month&by=recruits", None).await;
    assert_eq!(rec.assert_ok().as_array().unwrap().len(), 2);
    app.get("/api/v1/distribution/rankings?period=year", None).await.assert_problem(422, "validation_failed");

    // The invite QR code is a PNG.
    let qr = app.http.get(format!("{}/api/v1/me/invite-qr.png", app.base)).bearer_auth(&a.token).send().await.unwrap();
    assert_eq!(qr.status(), 200);
    assert_eq!(qr.headers()["content-type"], "image/png");
    let bytes = qr.bytes().await.unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    assert!(bytes.len() > 200);
    app.get("/api/v1/me/invite-qr.png?scale=1", Some(&a.token)).await.assert_problem(422, "validation_failed");
    balanced(&app).await;
}
both_engines!(grades_upgrade_on_sales_rankings_aggregate_and_the_invite_qr_is_a_png, grades_rankings_and_qr);

async fn refund_races_settlement(app: TestApp) {
    let root = app.admin_token().await;
    let (_a, b, c) = chain(&app, &root).await;
    let mut s = settings(2, [1000, 500, 0]);
    s["freeze_days"] = json!(0);
    app.put("/api/v1/admin/distribution/settings", Some(&root), s).await.assert_ok();
    let (_pid, skus) = app.product(&root, "碟", &[(3333, 50)]).await;
    let mut cases = Vec::new();
    for _ in 0..4 {
        let id = app.order(&c.token, skus[0], 3).await.assert_ok()["id"].as_i64().unwrap();
        let paid = app.pay_wechat(&c.token, id).await;
        app.post(&format!("/api/v1/admin/orders/{id}/ship"), Some(&root), json!({"carrier": "顺丰", "tracking_no": "SF1"}))
            .await
            .assert_ok();
        app.post(&format!("/api/v1/orders/{id}/confirm-receipt"), Some(&c.token), json!({})).await.assert_ok();
        let line = paid.body["lines"][0]["id"].as_i64().unwrap();
        let a = app
            .post(
                &format!("/api/v1/orders/{id}/refunds"),
                Some(&c.token),
                json!({"reason": "坏了", "lines": [{"line_id": line, "quantity": 1}]}),
            )
            .await;
        cases.push(a.assert_ok()["id"].as_i64().unwrap());
    }
    // Approvals race two settlement runs.
    let urls: Vec<String> = cases.iter().map(|id| format!("/api/v1/admin/refunds/{id}/approve")).collect();
    let approvals = urls.iter().map(|u| app.post(u, Some(&root), json!({})));
    let (answers, (j1, j2)) = futures::future::join(
        futures::future::join_all(approvals),
        futures::future::join(
            app.post("/api/v1/admin/jobs/settle-commissions/run", Some(&root), json!({})),
            app.post("/api/v1/admin/jobs/settle-commissions/run", Some(&root), json!({})),
        ),
    )
    .await;
    assert!(answers.iter().all(|a| a.status == 200), "{:?}", answers.iter().map(|a| &a.text).collect::<Vec<_>>());
    j1.assert_ok();
    j2.assert_ok();
    // Whatever the interleaving: B keeps exactly 2/3 of each 999 commission (rounded as the rules say).
    app.post("/api/v1/admin/jobs/settle-commissions/run", Some(&root), json!({})).await.assert_ok();
    let fb = figures(&app, &b).await;
    let kept = fb["commission"]["frozen"].as_i64().unwrap() + fb["commission"]["settled"].as_i64().unwrap()
        - fb["commission"]["debt"].as_i64().unwrap();
    assert_eq!(kept, 4 * (999 - 999 / 3), "{fb:#}");
    balanced(&app).await;
}
both_engines!(a_refund_racing_the_settlement_job_leaves_the_books_exact, refund_races_settlement);

async fn product_rules_and_new_member_reward(app: TestApp) {
    let root = app.admin_token().await;
    let r = Some(root.as_str());
    let (a, b, _c) = chain(&app, &root).await;
    let mut s = settings(2, [1000, 500, 0]);
    s["new_member_reward"] = json!(300);
    s["new_member_daily_cap"] = json!(1);
    app.put("/api/v1/admin/distribution/settings", r, s).await.assert_ok();
    let (pid, skus) = app.product(&root, "礼盒", &[(20000, 20)]).await;
    // The estimate and the real commission are the same function.
    let est = app.get(&format!("/api/v1/products/{pid}/share-estimate"), Some(&b.token)).await;
    assert_eq!(est.assert_ok()["skus"][0]["earn"], 2000);
    app.put(&format!("/api/v1/admin/products/{pid}/commission"), r, json!({"kind": "rates", "rates_bp": [9000, 2000, 0]}))
        .await
        .assert_problem(422, "validation_failed");
    app.put(&format!("/api/v1/admin/products/{pid}/commission"), r, json!({"kind": "fixed", "per_unit": [1234, 100, 0]})).await.assert_ok();
    assert_eq!(app.get(&format!("/api/v1/admin/products/{pid}/commission"), r).await.body["kind"], "fixed");
    let est = app.get(&format!("/api/v1/products/{pid}/share-estimate"), Some(&b.token)).await;
    assert_eq!(est.body["skus"][0]["earn"], 1234);
    let d = app.login("d").await;
    assert_eq!(app.get(&format!("/api/v1/products/{pid}/share-estimate"), Some(&d.token)).await.body["distributor"], false);

    // Two new members invited by B buy: the fixed rule × quantity, and B's new-member reward once (daily cap 1).
    let mut paid_ids = Vec::new();
    for name in ["e", "f"] {
        let m = app.login_invited(name, Some(&b.invite_code)).await;
        let id = app.order(&m.token, skus[0], 2).await.assert_ok()["id"].as_i64().unwrap();
        let paid = app.pay_wechat(&m.token, id).await;
        paid_ids.push(paid.body.clone());
    }
    let first = paid_ids[0]["commissions"].as_array().unwrap();
    let by = |cs: &Vec<Value>, kind: &str, tier: i64| {
        cs.iter().find(|c| c["kind"] == kind && c["tier"] == tier).map(|c| c["amount"].as_i64().unwrap())
    };
    assert_eq!(by(first, "order", 1), Some(2468), "1234 × 2");
    assert_eq!(by(first, "order", 2), Some(200));
    assert_eq!(by(first, "new_member", 0), Some(300));
    let second = paid_ids[1]["commissions"].as_array().unwrap();
    assert_eq!(by(second, "new_member", 0), None, "the daily cap is 1");
    assert_eq!(figures(&app, &b).await["commission"]["frozen"], 2468 * 2 + 300);
    assert_eq!(figures(&app, &a).await["commission"]["frozen"], 400);
    balanced(&app).await;
}
both_engines!(product_rules_pay_fixed_amounts_and_new_members_earn_a_capped_reward, product_rules_and_new_member_reward);

async fn monthly_team_reward(app: TestApp) {
    let root = app.admin_token().await;
    let (_a, b, c) = chain(&app, &root).await;
    let mut s = settings(2, [1000, 500, 0]);
    s["freeze_days"] = json!(0);
    s["team_reward_bands"] = json!([{"min_sales": 1, "rate_bp": 200}, {"min_sales": 1_000_000, "rate_bp": 500}]);
    s["team_reward_cap"] = json!(150);
    app.put("/api/v1/admin/distribution/settings", Some(&root), s).await.assert_ok();
    let (_pid, skus) = app.product(&root, "盏", &[(5000, 10)]).await;
    let id = app.order(&c.token, skus[0], 1).await.assert_ok()["id"].as_i64().unwrap();
    app.pay_wechat(&c.token, id).await;
    app.post(&format!("/api/v1/admin/orders/{id}/ship"), Some(&root), json!({"carrier": "顺丰", "tracking_no": "SF1"})).await.assert_ok();
    app.post(&format!("/api/v1/orders/{id}/confirm-receipt"), Some(&c.token), json!({})).await.assert_ok();
    app.post("/api/v1/admin/jobs/settle-commissions/run", Some(&root), json!({})).await.assert_ok();
    // Nothing for the current month; next month, last month's settled team sales earn their band.
    let run = app.post("/api/v1/admin/jobs/team-reward/run", Some(&root), json!({})).await;
    assert_eq!(run.assert_ok()["processed"], 0);
    // Into the next shop month (a day after it starts), whatever today is.
    let now = app.services.clock.now();
    let (_, month) = fenxiao_store::shop_day_and_month(now);
    let (_, next) = fenxiao_store::shop_day_and_month(month + chrono::Duration::days(40));
    let secs = (next - now).num_seconds() + 86_400;
    app.post("/api/v1/dev/clock/advance", None, json!({"seconds": secs})).await.assert_ok();
    let root = app.admin_token().await;
    for expected in [2, 0] {
        let run = app.post("/api/v1/admin/jobs/team-reward/run", Some(&root), json!({})).await;
        assert_eq!(run.assert_ok()["processed"], expected, "paid once per month");
    }
    let mine = app.get("/api/v1/me/team-rewards", Some(&b.token)).await;
    let r = &mine.assert_ok()["items"][0];
    assert_eq!((r["sales"].as_i64(), r["amount"].as_i64(), r["rate_bp"].as_i64()), (Some(5000), Some(100), Some(200)));
    let before = figures(&app, &b).await["commission"]["settled"].as_i64().unwrap();
    assert_eq!(before, 500 + 100);
    let rid = r["id"].as_i64().unwrap();
    app.post(&format!("/api/v1/admin/team-rewards/{rid}/reverse"), Some(&root), json!({"reason": ""}))
        .await
        .assert_problem(422, "validation_failed");
    app.post(&format!("/api/v1/admin/team-rewards/{rid}/reverse"), Some(&root), json!({"reason": "刷单"})).await.assert_ok();
    app.post(&format!("/api/v1/admin/team-rewards/{rid}/reverse"), Some(&root), json!({"reason": "刷单"}))
        .await
        .assert_problem(409, "invalid_transition");
    assert_eq!(figures(&app, &b).await["commission"]["settled"], 500);
    balanced(&app).await;
}
both_engines!(a_monthly_team_reward_is_paid_once_by_band_and_can_be_reversed, monthly_team_reward);

async fn failed_transfer_is_retried(app: TestApp) {
    let root = app.admin_token().await;
    let r = Some(root.as_str());
    let (_a, b, c) = chain_named(&app, &root, ["a2", "b2-fail", "c2"]).await;
    let mut s = settings(2, [1000, 500, 0]);
    s["freeze_days"] = json!(0);
    app.put("/api/v1/admin/distribution/settings", r, s).await.assert_ok();
    let (_pid, skus) = app.product(&root, "茶盘", &[(20000, 10)]).await;
    let id = app.order(&c.token, skus[0], 1).await.assert_ok()["id"].as_i64().unwrap();
    app.pay_wechat(&c.token, id).await;
    app.post(&format!("/api/v1/admin/orders/{id}/ship"), r, json!({"carrier": "顺丰", "tracking_no": "SF1"})).await.assert_ok();
    app.post(&format!("/api/v1/orders/{id}/confirm-receipt"), Some(&c.token), json!({})).await.assert_ok();
    app.post("/api/v1/admin/jobs/settle-commissions/run", r, json!({})).await.assert_ok();
    let w = app
        .request(
            "POST",
            "/api/v1/me/withdrawals",
            Some(&b.token),
            Some(json!({"amount": 1500, "method": "wechat"})),
            &[("Idempotency-Key", "f1")],
        )
        .await;
    let wid = w.assert_ok()["id"].as_i64().unwrap();
    let first_bill = w.body["out_bill_no"].as_str().unwrap().to_string();
    app.post(&format!("/api/v1/admin/withdrawals/{wid}/retry"), r, json!({})).await.assert_problem(409, "invalid_transition");
    app.post(&format!("/api/v1/admin/withdrawals/{wid}/approve"), r, json!({})).await.assert_ok();
    // The sandbox fails transfers to openids ending in -fail: the money comes back.
    wait_withdrawal(&app, &b, wid, "failed").await;
    assert_eq!(figures(&app, &b).await["commission"]["settled"], 2000);
    balanced(&app).await;
    let again = app.post(&format!("/api/v1/admin/withdrawals/{wid}/retry"), r, json!({})).await;
    assert_ne!(again.assert_ok()["out_bill_no"].as_str().unwrap(), first_bill, "a new bill number");
    wait_withdrawal(&app, &b, wid, "failed").await;
    assert_eq!(figures(&app, &b).await["commission"]["settled"], 2000);
    balanced(&app).await;
}
both_engines!(a_failed_transfer_returns_the_money_and_can_be_retried, failed_transfer_is_retried);

//! Payments over HTTP on both engines: WeChat Pay through the bundled sandbox (the production code
//! path), the wallet, refunds to the original method, late payments, hostile notifications, and
//! parallel requests that must not pay twice or overdraw.

use fenxiao_payments::wechatpay::{crypto, sandbox_keys as k};
use fenxiao_testkit::{TestApp, both_engines};
use serde_json::{Value, json};

async fn assert_balanced(app: &TestApp) {
    let r = app.reconciliation().await;
    assert_eq!(r["balanced"], true, "reconciliation: {r:#}");
}

async fn sql_count(app: &TestApp, sql: &str) -> i64 {
    app.sql_one(sql).await.expect("row").try_get_by_index::<i64>(0).expect("count")
}

/// A payment notification exactly as WeChat Pay (here: the sandbox's platform key) signs it.
fn notification(id: &str, out_trade_no: &str, amount: i64) -> String {
    let resource = json!({
        "mchid": k::MCHID, "appid": k::APPID, "out_trade_no": out_trade_no, "transaction_id": format!("4200TEST{id}"),
        "trade_type": "JSAPI", "trade_state": "SUCCESS", "trade_state_desc": "支付成功", "bank_type": "OTHERS", "attach": "",
        "success_time": "2026-11-25T12:00:00+08:00", "payer": {"openid": "sandbox-x"},
        "amount": {"total": amount, "payer_total": amount, "currency": "CNY", "payer_currency": "CNY"},
    });
    let nonce = "n0nce0123456";
    let ct = crypto::aead_encrypt(k::APIV3_KEY.as_bytes(), nonce, "transaction", resource.to_string().as_bytes()).unwrap();
    json!({
        "id": id, "create_time": "2026-11-25T12:00:05+08:00", "resource_type": "encrypt-resource", "event_type": "TRANSACTION.SUCCESS",
        "summary": "支付成功",
        "resource": {"original_type": "transaction", "algorithm": "AEAD_AES_256_GCM", "ciphertext": ct, "associated_data": "transaction", "nonce": nonce},
    })
    .to_string()
}

async fn deliver(app: &TestApp, body: &str, ts: i64, key_pem: &str) -> u16 {
    let nonce = "HEADERNONCE0123456789";
    let sig = crypto::Signer::from_pem(key_pem).unwrap().sign(&crypto::response_message(&ts.to_string(), nonce, body.as_bytes()));
    app.http
        .post(format!("{}/api/v1/payments/wechat/notify", app.base))
        .header("Content-Type", "application/json")
        .header("Wechatpay-Timestamp", ts.to_string())
        .header("Wechatpay-Nonce", nonce)
        .header("Wechatpay-Signature", sig)
        .header("Wechatpay-Serial", k::PLATFORM_KEY_ID)
        .body(body.to_string())
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn wait_refund_status(app: &TestApp, admin: &str, want: &str, n: usize) -> Value {
    for _ in 0..100 {
        let r = app.get("/api/v1/admin/payment-refunds", Some(admin)).await;
        let items = r.body["items"].as_array().cloned().unwrap_or_default();
        if items.len() >= n && items.iter().all(|i| i["status"] == want) {
            return r.body;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("refunds never became {want}");
}

async fn wechat_order_paid_and_refunded_end_to_end(app: TestApp) {
    let root = app.admin_token().await;
    let r = Some(root.as_str());
    let (_pid, skus) = app.product(&root, "茶叶", &[(3333, 10)]).await;
    let alice = app.login("alice").await;
    let t = Some(alice.token.as_str());
    let o = app.order(&alice.token, skus[0], 3).await;
    let id = o.assert_ok()["id"].as_i64().unwrap();
    let total = o.body["total"].as_i64().unwrap();
    // Prepay answers the signed wx.requestPayment bundle; asking twice gives the same prepay id.
    let p1 = app.post(&format!("/api/v1/orders/{id}/pay"), t, json!({"method": "wechat"})).await;
    let w = &p1.assert_ok()["wechat"];
    assert_eq!(w["signType"], "RSA");
    assert_eq!(w["package"], format!("prepay_id={}", w["prepay_id"].as_str().unwrap()));
    assert_eq!(p1.body["amount"], total);
    assert_eq!(p1.body["sandbox"], true);
    let p2 = app.post(&format!("/api/v1/orders/{id}/pay"), t, json!({"method": "wechat"})).await;
    assert_eq!(p2.body["wechat"]["prepay_id"], w["prepay_id"]);
    // Someone else cannot pay (or see) it.
    let bob = app.login("bob").await;
    app.post(&format!("/api/v1/orders/{id}/pay"), Some(&bob.token), json!({"method": "wechat"})).await.assert_problem(404, "not_found");
    app.post(&format!("/api/v1/orders/{id}/pay"), t, json!({"method": "cash"})).await.assert_problem(422, "validation_failed");
    let paid = app.pay_wechat(&alice.token, id).await;
    assert_eq!(paid.body["status"], "paid");
    app.post(&format!("/api/v1/orders/{id}/pay"), t, json!({"method": "wechat"})).await.assert_problem(409, "invalid_transition");
    let pays = app.get("/api/v1/admin/payments?method=wechat", r).await;
    assert_eq!(pays.assert_ok()["total"], 1);
    assert_eq!(pays.body["items"][0]["status"], "paid");
    assert!(pays.body["items"][0]["transaction_id"].as_str().unwrap().starts_with("4200"));
    assert_balanced(&app).await;

    // A partial after-sale refund, exact to the fen, back to WeChat; then the rest.
    let line = paid.body["lines"][0]["id"].as_i64().unwrap();
    let a1 =
        app.post(&format!("/api/v1/orders/{id}/refunds"), t, json!({"reason": "破损", "lines": [{"line_id": line, "quantity": 1}]})).await;
    let a1_id = a1.assert_ok()["id"].as_i64().unwrap();
    let a1_amount = a1.body["amount"].as_i64().unwrap();
    assert_eq!(a1_amount, 3333);
    app.post(&format!("/api/v1/admin/refunds/{a1_id}/approve"), r, json!({})).await.assert_ok();
    let refunds = wait_refund_status(&app, &root, "succeeded", 1).await;
    assert_eq!(refunds["items"][0]["amount"], a1_amount);
    assert_eq!(refunds["items"][0]["method"], "wechat");
    assert_balanced(&app).await;
    let a2 = app.post(&format!("/api/v1/orders/{id}/refunds"), t, json!({"reason": "不要了"})).await;
    let a2_id = a2.assert_ok()["id"].as_i64().unwrap();
    assert_eq!(a2.body["amount"].as_i64().unwrap() + a1_amount, total, "refunds add up to what was paid");
    app.post(&format!("/api/v1/admin/refunds/{a2_id}/approve"), r, json!({})).await.assert_ok();
    wait_refund_status(&app, &root, "succeeded", 2).await;
    assert_eq!(app.get(&format!("/api/v1/orders/{id}"), t).await.body["status"], "refunded");
    // Nothing is left to refund.
    app.post(&format!("/api/v1/orders/{id}/refunds"), t, json!({"reason": "再退"})).await.assert_problem(409, "invalid_transition");
    let pay = app.get("/api/v1/admin/payments", r).await;
    assert_eq!(pay.body["items"][0]["refunded"], total);
    assert_balanced(&app).await;
}
both_engines!(a_wechat_order_is_paid_through_the_sandbox_and_refunded_exactly, wechat_order_paid_and_refunded_end_to_end);

async fn wallet_top_up_adjust_pay_refund(app: TestApp) {
    let root = app.admin_token().await;
    let r = Some(root.as_str());
    let (_pid, skus) = app.product(&root, "杯子", &[(2500, 10)]).await;
    let alice = app.login("alice").await;
    let t = Some(alice.token.as_str());
    assert_eq!(app.get("/api/v1/me/wallet", t).await.assert_ok()["balance"], 0);
    app.post("/api/v1/me/wallet/top-ups", t, json!({"amount": 50})).await.assert_problem(422, "validation_failed");
    app.post("/api/v1/me/wallet/top-ups", t, json!({"amount": -100})).await.assert_problem(422, "validation_failed");
    let top = app.post("/api/v1/me/wallet/top-ups", t, json!({"amount": 10000})).await;
    let prepay = top.assert_ok()["wechat"]["prepay_id"].as_str().unwrap().to_string();
    assert!(top.body["top_up_id"].as_i64().is_some());
    let s = app.post("/sandbox/wechatpay/pay", None, json!({"prepay_id": prepay})).await;
    assert_eq!(s.body["notify_status"], 204, "{}", s.text);
    assert_eq!(app.get("/api/v1/me/wallet", t).await.body["balance"], 10000);

    // Staff adjustments: finance only, reason required, never below zero, once per Idempotency-Key.
    let url = format!("/api/v1/admin/users/{}/wallet-adjustments", alice.id);
    app.post(&url, r, json!({"amount": -20000, "reason": "扣回"})).await.assert_problem(409, "insufficient_balance");
    app.post(&url, r, json!({"amount": 500, "reason": ""})).await.assert_problem(422, "validation_failed");
    app.post(&url, r, json!({"amount": 0, "reason": "x"})).await.assert_problem(422, "validation_failed");
    app.post("/api/v1/admin/users/999999/wallet-adjustments", r, json!({"amount": 5, "reason": "x"}))
        .await
        .assert_problem(404, "not_found");
    for _ in 0..2 {
        let a = app.request("POST", &url, r, Some(json!({"amount": -3000, "reason": "活动扣回"})), &[("Idempotency-Key", "adj-1")]).await;
        assert_eq!(a.assert_ok()["balance"], 7000);
    }
    let op = app
        .post(
            "/api/v1/admin/staff",
            r,
            json!({"username": "ops1", "password": "Op3rator-Pass-2026", "role": "operator", "display_name": "运营"}),
        )
        .await;
    op.assert_ok();
    let op_token = app.admin_login("ops1", "Op3rator-Pass-2026").await.body["token"].as_str().unwrap().to_string();
    app.post(&url, Some(&op_token), json!({"amount": 100, "reason": "x"})).await.assert_problem(403, "forbidden");
    let audit = app.get("/api/v1/admin/audit-log?action=wallet.adjust", r).await;
    assert!(audit.text.contains("wallet.adjust"), "{}", audit.text);

    // Pay by balance, then an approved after-sale pays the wallet back at once.
    let id = app.order(&alice.token, skus[0], 2).await.assert_ok()["id"].as_i64().unwrap();
    let paid = app.post(&format!("/api/v1/orders/{id}/pay"), t, json!({"method": "balance"})).await;
    assert_eq!(paid.assert_ok()["status"], "paid");
    let total = paid.body["total"].as_i64().unwrap();
    assert_eq!(app.get("/api/v1/me/wallet", t).await.body["balance"], 7000 - total);
    let a = app.post(&format!("/api/v1/orders/{id}/refunds"), t, json!({"reason": "不要了"})).await;
    let a_id = a.assert_ok()["id"].as_i64().unwrap();
    app.post(&format!("/api/v1/admin/refunds/{a_id}/approve"), r, json!({})).await.assert_ok();
    assert_eq!(app.get("/api/v1/me/wallet", t).await.body["balance"], 7000);
    let tx = app.get("/api/v1/me/wallet/transactions", t).await;
    let kinds: Vec<&str> = tx.assert_ok()["items"].as_array().unwrap().iter().map(|i| i["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["refund", "order_payment", "adjustment", "top_up"]);
    assert_eq!(tx.body["items"][0]["balance_after"], 7000);
    // An order costing more than the wallet holds is refused and stays unpaid.
    let big = app.order(&alice.token, skus[0], 3).await.assert_ok()["id"].as_i64().unwrap();
    app.post(&format!("/api/v1/orders/{big}/pay"), t, json!({"method": "balance"})).await.assert_problem(409, "insufficient_balance");
    assert_eq!(app.get(&format!("/api/v1/orders/{big}"), t).await.body["status"], "pending_payment");
    assert_eq!(app.get("/api/v1/me/wallet", t).await.body["balance"], 7000);
    assert_balanced(&app).await;
}
both_engines!(the_wallet_is_topped_up_adjusted_spent_and_refunded_through_the_ledger, wallet_top_up_adjust_pay_refund);

async fn parallel_payments_hold(app: TestApp) {
    let root = app.admin_token().await;
    let (_pid, skus) = app.product(&root, "笔", &[(700, 100)]).await;
    let alice = app.login("alice").await;
    app.post(&format!("/api/v1/admin/users/{}/wallet-adjustments", alice.id), Some(&root), json!({"amount": 10000, "reason": "测试"}))
        .await
        .assert_ok();
    // 20 parallel balance payments of one order: one payment.
    let one = app.order(&alice.token, skus[0], 1).await;
    let one_id = one.assert_ok()["id"].as_i64().unwrap();
    let price = one.body["total"].as_i64().unwrap();
    let url = format!("/api/v1/orders/{one_id}/pay");
    let calls = (0..20).map(|_| app.post(&url, Some(&alice.token), json!({"method": "balance"})));
    let answers = futures::future::join_all(calls).await;
    assert_eq!(answers.iter().filter(|a| a.status == 200).count(), 1, "{:?}", answers.iter().map(|a| a.status).collect::<Vec<_>>());
    assert!(answers.iter().all(|a| a.status == 200 || a.code() == "invalid_transition"));
    let left = 10000 - price;
    assert_eq!(app.get("/api/v1/me/wallet", Some(&alice.token)).await.body["balance"], left);

    // 20 orders paid in parallel from one wallet: the balance never goes below zero.
    let mut ids = Vec::new();
    for _ in 0..20 {
        ids.push(app.order(&alice.token, skus[0], 1).await.assert_ok()["id"].as_i64().unwrap());
    }
    let urls: Vec<String> = ids.iter().map(|id| format!("/api/v1/orders/{id}/pay")).collect();
    let calls = urls.iter().map(|u| app.post(u, Some(&alice.token), json!({"method": "balance"})));
    let answers = futures::future::join_all(calls).await;
    let ok = answers.iter().filter(|a| a.status == 200).count() as i64;
    assert!(
        answers.iter().all(|a| a.status == 200 || a.code() == "insufficient_balance"),
        "{:?}",
        answers.iter().map(|a| &a.text).collect::<Vec<_>>()
    );
    assert_eq!(ok, left / price, "as many orders as the wallet covers");
    let bal = app.get("/api/v1/me/wallet", Some(&alice.token)).await.body["balance"].as_i64().unwrap();
    assert_eq!(bal, left - ok * price);
    assert!(bal >= 0);
    let paid_count = sql_count(&app, &format!("SELECT COUNT(*) FROM orders WHERE user_id = {} AND status = 'paid'", alice.id)).await;
    assert_eq!(paid_count, ok + 1);

    // 20 parallel WeChat prepays of one order: one payment row, one prepay id.
    let w = app.order(&alice.token, skus[0], 1).await.assert_ok()["id"].as_i64().unwrap();
    let url = format!("/api/v1/orders/{w}/pay");
    let calls = (0..20).map(|_| app.post(&url, Some(&alice.token), json!({"method": "wechat"})));
    let answers = futures::future::join_all(calls).await;
    assert!(answers.iter().all(|a| a.status == 200), "{:?}", answers.iter().map(|a| &a.text).collect::<Vec<_>>());
    assert_eq!(sql_count(&app, &format!("SELECT COUNT(*) FROM payments WHERE order_id = {w}")).await, 1);
    assert_balanced(&app).await;
}
both_engines!(parallel_payments_never_pay_twice_or_overdraw, parallel_payments_hold);

async fn notifications_are_verified_and_processed_once(app: TestApp) {
    let root = app.admin_token().await;
    let (_pid, skus) = app.product(&root, "碗", &[(1999, 10)]).await;
    let alice = app.login("alice").await;
    let o = app.order(&alice.token, skus[0], 1).await;
    let id = o.assert_ok()["id"].as_i64().unwrap();
    let no = o.body["order_no"].as_str().unwrap().to_string();
    let total = o.body["total"].as_i64().unwrap();
    app.post(&format!("/api/v1/orders/{id}/pay"), Some(&alice.token), json!({"method": "wechat"})).await.assert_ok();
    let now = app.services.clock.now().timestamp();
    let status_of = || async { app.get(&format!("/api/v1/orders/{id}"), Some(&alice.token)).await.body["status"].clone() };

    // Forged: signed by another key; stale; tampered ciphertext; unsigned.
    let good = notification("N-1", &no, total);
    assert_eq!(deliver(&app, &good, now, k::MERCHANT_PRIVATE_KEY).await, 401);
    assert_eq!(deliver(&app, &good, now - 301, k::PLATFORM_PRIVATE_KEY).await, 401);
    assert_eq!(deliver(&app, &good, now + 400, k::PLATFORM_PRIVATE_KEY).await, 401);
    let v: Value = serde_json::from_str(&good).unwrap();
    let ct = v["resource"]["ciphertext"].as_str().unwrap();
    let flipped = format!("{}{}", if ct.starts_with('A') { "B" } else { "A" }, &ct[1..]);
    let tampered = good.replace(ct, &flipped);
    assert_eq!(deliver(&app, &tampered, now, k::PLATFORM_PRIVATE_KEY).await, 401, "a ciphertext that does not decrypt");
    let raw = app.post_raw("/api/v1/payments/wechat/notify", None, "application/json", &good).await;
    assert_eq!(raw.status, 401);
    assert_eq!(raw.body["code"], "FAIL");
    // Verified but wrong: unknown trade, wrong amount → quarantined, nothing paid.
    assert_eq!(deliver(&app, &notification("N-2", "FX00000000000000000000", total), now, k::PLATFORM_PRIVATE_KEY).await, 204);
    assert_eq!(deliver(&app, &notification("N-3", &no, total - 1), now, k::PLATFORM_PRIVATE_KEY).await, 204);
    assert_eq!(status_of().await, "pending_payment");
    assert_eq!(app.reconciliation().await["quarantined_notifications"], 2);
    assert_eq!(sql_count(&app, "SELECT COUNT(*) FROM ledger_entries").await, 0);

    // The genuine one, ten times in parallel: credited once.
    let sends = (0..10).map(|_| deliver(&app, &good, now, k::PLATFORM_PRIVATE_KEY));
    let codes = futures::future::join_all(sends).await;
    assert!(codes.iter().all(|c| *c == 204), "{codes:?}");
    assert_eq!(status_of().await, "paid");
    assert_eq!(sql_count(&app, &format!("SELECT COUNT(*) FROM ledger_entries WHERE event_key = 'wxpay:{no}'")).await, 1);
    assert_eq!(sql_count(&app, "SELECT COUNT(*) FROM payment_notifications WHERE notify_id = 'N-1'").await, 1);
    // A different notification id for the same payment (WeChat re-sends with a new id) changes nothing.
    assert_eq!(deliver(&app, &notification("N-4", &no, total), now, k::PLATFORM_PRIVATE_KEY).await, 204);
    assert_eq!(sql_count(&app, "SELECT COUNT(*) FROM ledger_entries").await, 1);
    assert_eq!(sql_count(&app, "SELECT COUNT(*) FROM payment_refunds").await, 0);
    assert_balanced(&app).await;
}
both_engines!(notifications_are_verified_decrypted_and_processed_exactly_once, notifications_are_verified_and_processed_once);

async fn late_payment_is_refunded(app: TestApp) {
    let root = app.admin_token().await;
    let (pid, skus) = app.product(&root, "伞", &[(4000, 5)]).await;
    let alice = app.login("alice").await;
    let t = Some(alice.token.as_str());
    // Paid at WeChat but the notification is lost; the shopper cancels: closing the trade finds it
    // paid, so the money goes back automatically and the order stays cancelled.
    let id = app.order(&alice.token, skus[0], 2).await.assert_ok()["id"].as_i64().unwrap();
    let p = app.post(&format!("/api/v1/orders/{id}/pay"), t, json!({"method": "wechat"})).await;
    let prepay = p.assert_ok()["wechat"]["prepay_id"].as_str().unwrap().to_string();
    let no = p.body["out_trade_no"].as_str().unwrap().to_string();
    let s = app.post("/sandbox/wechatpay/pay", None, json!({"prepay_id": prepay, "notify": false})).await;
    assert_eq!(s.body["notified"], false);
    app.post(&format!("/api/v1/orders/{id}/cancel"), t, json!({})).await.assert_ok();
    assert_eq!(app.get(&format!("/api/v1/orders/{id}"), t).await.body["status"], "cancelled");
    assert_eq!(app.stock_of(pid, skus[0]).await, 5);
    let refunds = wait_refund_status(&app, &root, "succeeded", 1).await;
    assert_eq!(refunds["items"][0]["amount"], p.body["amount"]);
    assert_eq!(refunds["items"][0]["after_sale_id"], Value::Null);
    // The lost notification finally arrives (twice): nothing more happens.
    for _ in 0..2 {
        let again = app.post("/sandbox/wechatpay/notify", None, json!({"out_trade_no": no})).await;
        assert_eq!(again.body["notify_status"], 204);
    }
    assert_eq!(sql_count(&app, "SELECT COUNT(*) FROM payment_refunds").await, 1);
    assert_eq!(app.get(&format!("/api/v1/orders/{id}"), t).await.body["status"], "cancelled");

    // Timed out by the job, and the trade closed at WeChat: a later pay attempt is refused there.
    let id2 = app.order(&alice.token, skus[0], 1).await.assert_ok()["id"].as_i64().unwrap();
    let p2 = app.post(&format!("/api/v1/orders/{id2}/pay"), t, json!({"method": "wechat"})).await;
    let prepay2 = p2.assert_ok()["wechat"]["prepay_id"].as_str().unwrap().to_string();
    app.post("/api/v1/dev/clock/advance", None, json!({"seconds": 31 * 60})).await.assert_ok();
    app.post("/api/v1/admin/jobs/cancel-expired-orders/run", Some(&root), json!({})).await.assert_ok();
    assert_eq!(app.get(&format!("/api/v1/orders/{id2}"), t).await.body["status"], "cancelled");
    let late = app.post("/sandbox/wechatpay/pay", None, json!({"prepay_id": prepay2})).await;
    assert_eq!(late.status, 400);
    assert_eq!(late.body["code"], "ORDER_CLOSED");
    let pays = app.get("/api/v1/admin/payments?status=closed", Some(&root)).await;
    assert_eq!(pays.assert_ok()["total"], 1);
    assert_balanced(&app).await;
}
both_engines!(a_payment_arriving_after_the_order_closed_is_refunded_once, late_payment_is_refunded);

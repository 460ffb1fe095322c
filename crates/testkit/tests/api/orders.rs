use fenxiao_testkit::{TestApp, both_engines, futures, serde_json::json};

async fn cart_and_address_book(app: TestApp) {
    let root = app.admin_token().await;
    let (_, skus) = app.product(&root, "茶杯", &[(2500, 10), (3000, 0)]).await;
    let alice = app.login("alice").await;
    let bob = app.login("bob").await;
    let t = Some(alice.token.as_str());
    let c = app.post("/api/v1/cart/items", t, json!({"sku_id": skus[0], "quantity": 2})).await;
    assert_eq!(c.assert_ok()["items"][0]["quantity"], 2);
    let c = app.post("/api/v1/cart/items", t, json!({"sku_id": skus[0], "quantity": 3})).await;
    assert_eq!(c.assert_ok()["items"].as_array().unwrap().len(), 1, "same SKU merges");
    assert_eq!(c.body["items"][0]["quantity"], 5);
    assert_eq!(c.body["items"][0]["stock"], 10);
    assert_eq!(c.body["subtotal"], 12500);
    for q in [0, -1, 10_000, 9_999] {
        let a = app.post("/api/v1/cart/items", t, json!({"sku_id": skus[0], "quantity": q})).await;
        a.assert_problem(422, "validation_failed");
    }
    app.post("/api/v1/cart/items", t, json!({"sku_id": 999999, "quantity": 1})).await.assert_problem(422, "validation_failed");
    app.post("/api/v1/cart/items", t, json!({"sku_id": "1", "quantity": 1})).await.assert_problem(422, "validation_failed");
    let line = c.body["items"][0]["id"].as_i64().unwrap();
    // Bob can neither change nor delete Alice's line; it is simply not found.
    app.patch(&format!("/api/v1/cart/items/{line}"), Some(&bob.token), json!({"quantity": 1})).await.assert_problem(404, "not_found");
    app.delete(&format!("/api/v1/cart/items/{line}"), Some(&bob.token)).await.assert_problem(404, "not_found");
    assert_eq!(app.patch(&format!("/api/v1/cart/items/{line}"), t, json!({"quantity": 1})).await.assert_ok()["items"][0]["quantity"], 1);

    let a1 = app.post("/api/v1/me/addresses", t, TestApp::address_json()).await;
    assert_eq!(a1.status, 201);
    assert_eq!(a1.body["is_default"], true, "the first address is the default");
    assert_eq!(a1.body["phone"], "138****8000");
    let mut second = TestApp::address_json();
    second["is_default"] = json!(true);
    second["detail"] = json!("另一处");
    let a2 = app.post("/api/v1/me/addresses", t, second).await.assert_ok().clone();
    let list = app.get("/api/v1/me/addresses", t).await;
    let book = list.assert_ok().as_array().unwrap().clone();
    assert_eq!(book.len(), 2);
    assert_eq!(book.iter().filter(|a| a["is_default"] == true).count(), 1);
    assert_eq!(book[0]["id"], a2["id"]);
    let a1_id = a1.body["id"].as_i64().unwrap();
    app.put(&format!("/api/v1/me/addresses/{a1_id}"), Some(&bob.token), TestApp::address_json()).await.assert_problem(404, "not_found");
    app.delete(&format!("/api/v1/me/addresses/{a1_id}"), Some(&bob.token)).await.assert_problem(404, "not_found");
    let mut bad = TestApp::address_json();
    bad["phone"] = json!("12345");
    bad["detail"] = json!("");
    let e = app.post("/api/v1/me/addresses", t, bad).await;
    e.assert_problem(422, "validation_failed");
    assert_eq!(e.body["errors"].as_array().unwrap().len(), 2);
    assert_eq!(app.get("/api/v1/me/addresses", Some(&bob.token)).await.body.as_array().unwrap().len(), 0);
}
both_engines!(cart_lines_merge_and_addresses_stay_private, cart_and_address_book);

async fn checkout_prices_reserves_and_snapshots(app: TestApp) {
    app.services.seed_demo().await.unwrap();
    let root = app.admin_token().await;
    let (pid, skus) = app.product(&root, "咖啡豆", &[(4500, 10)]).await;
    let alice = app.login("alice").await;
    let t = Some(alice.token.as_str());
    // Below ¥99 the default template charges ¥8.
    let q = app
        .post("/api/v1/checkout/quote", t, json!({"items": [{"sku_id": skus[0], "quantity": 2}], "address": TestApp::address_json()}))
        .await;
    assert_eq!(q.assert_ok()["goods_amount"], 9000);
    assert_eq!(q.body["shipping_fee"], 800);
    assert_eq!(q.body["total"], 9800);
    assert_eq!(q.body["lines"][0]["product_name"], "咖啡豆");
    assert_eq!(q.body["lines"][0]["specs"]["规格"], "S0", "the quote names the variant");
    let o = app.order(&alice.token, skus[0], 3).await;
    assert_eq!(o.status, 201, "{}", o.text);
    assert_eq!(o.body["status"], "pending_payment");
    assert_eq!(o.body["goods_amount"], 13500);
    assert_eq!(o.body["shipping_fee"], 0, "free from ¥99");
    assert_eq!(o.body["total"], 13500);
    assert_eq!(o.body["lines"][0]["product_name"], "咖啡豆");
    assert_eq!(o.body["lines"][0]["paid_amount"], 13500);
    assert_eq!(app.stock_of(pid, skus[0]).await, 7, "stock is reserved at placement");
    let id = o.body["id"].as_i64().unwrap();

    // The snapshot survives later catalog changes.
    app.put(
        &format!("/api/v1/admin/products/{pid}"),
        Some(&root),
        json!({"name": "改名了", "category_id": 1, "skus": [{"id": skus[0], "price": 1}]}),
    )
    .await
    .assert_ok();
    let mine = app.get(&format!("/api/v1/orders/{id}"), t).await;
    assert_eq!(mine.assert_ok()["lines"][0]["product_name"], "咖啡豆");
    assert_eq!(mine.body["lines"][0]["unit_price"], 4500);
    assert_eq!(mine.body["address"]["phone"], "138****8000");
    assert_eq!(mine.body["history"][0]["event"], "place");
    assert_eq!(mine.body["history"][0]["actor_kind"], "shopper");

    // Nobody else sees it.
    let bob = app.login("bob").await;
    app.get(&format!("/api/v1/orders/{id}"), Some(&bob.token)).await.assert_problem(404, "not_found");
    app.post(&format!("/api/v1/orders/{id}/cancel"), Some(&bob.token), json!({})).await.assert_problem(404, "not_found");
    assert_eq!(app.get("/api/v1/orders", Some(&bob.token)).await.body["total"], 0);
    assert_eq!(app.get("/api/v1/orders?status=pending_payment", t).await.body["total"], 1);
    app.get("/api/v1/orders?status=bogus", t).await.assert_problem(422, "validation_failed");

    // Cancel releases the stock once; a second cancel is an invalid transition.
    let c = app.post(&format!("/api/v1/orders/{id}/cancel"), t, json!({"reason": "买错了"})).await;
    assert_eq!(c.assert_ok()["status"], "cancelled");
    assert_eq!(app.stock_of(pid, skus[0]).await, 10);
    app.post(&format!("/api/v1/orders/{id}/cancel"), t, json!({})).await.assert_problem(409, "invalid_transition");
    assert_eq!(app.stock_of(pid, skus[0]).await, 10);
}
both_engines!(checkout_prices_with_freight_reserves_stock_and_snapshots_the_order, checkout_prices_reserves_and_snapshots);

async fn bad_orders_change_nothing(app: TestApp) {
    let root = app.admin_token().await;
    let (pid, skus) = app.product(&root, "台灯", &[(9900, 5)]).await;
    let alice = app.login("alice").await;
    for q in [0, -1, 10_000, i64::MAX] {
        app.order(&alice.token, skus[0], q).await.assert_problem(422, "validation_failed");
    }
    app.order(&alice.token, 999_999, 1).await.assert_problem(422, "validation_failed");
    app.order(&alice.token, skus[0], 6).await.assert_problem(409, "out_of_stock");
    let t = Some(alice.token.as_str());
    app.post("/api/v1/orders", t, json!({"items": [{"sku_id": skus[0], "quantity": 1}]})).await.assert_problem(422, "validation_failed");
    app.post("/api/v1/orders", t, json!({"items": [], "address": TestApp::address_json()})).await.assert_problem(422, "validation_failed");
    app.post("/api/v1/orders", t, json!({"from_cart": true, "address": TestApp::address_json()}))
        .await
        .assert_problem(422, "validation_failed");
    app.post("/api/v1/orders", t, json!({"items": [{"sku_id": skus[0], "quantity": 1}], "address_id": 424242}))
        .await
        .assert_problem(422, "validation_failed");
    app.post(
        "/api/v1/orders",
        t,
        json!({"items": [{"sku_id": skus[0], "quantity": 1}], "address": TestApp::address_json(), "coupon_hack": 1}),
    )
    .await
    .assert_problem(422, "validation_failed");
    // Someone else's saved address is not usable.
    let bob = app.login("bob").await;
    let bob_addr = app.post("/api/v1/me/addresses", Some(&bob.token), TestApp::address_json()).await.body["id"].as_i64().unwrap();
    app.post("/api/v1/orders", t, json!({"items": [{"sku_id": skus[0], "quantity": 1}], "address_id": bob_addr}))
        .await
        .assert_problem(422, "validation_failed");
    // Off the shelf: not for sale.
    app.post(&format!("/api/v1/admin/products/{pid}/shelf"), Some(&root), json!({"on_shelf": false})).await;
    app.order(&alice.token, skus[0], 1).await.assert_problem(422, "validation_failed");
    assert_eq!(app.stock_of(pid, skus[0]).await, 5);
    assert_eq!(app.get("/api/v1/admin/orders", Some(&root)).await.body["total"], 0);
}
both_engines!(bad_orders_are_refused_and_change_nothing, bad_orders_change_nothing);

async fn cart_checkout_removes_lines_only_on_success(app: TestApp) {
    let root = app.admin_token().await;
    let (pid, skus) = app.product(&root, "围巾", &[(5000, 3), (6000, 1)]).await;
    let alice = app.login("alice").await;
    let t = Some(alice.token.as_str());
    app.post("/api/v1/cart/items", t, json!({"sku_id": skus[0], "quantity": 2})).await.assert_ok();
    app.post("/api/v1/cart/items", t, json!({"sku_id": skus[1], "quantity": 2})).await.assert_ok();
    // One line cannot be reserved: nothing is reserved and the cart stays as it was.
    let fail = app.post("/api/v1/orders", t, json!({"from_cart": true, "address": TestApp::address_json()})).await;
    fail.assert_problem(409, "out_of_stock");
    assert_eq!(app.stock_of(pid, skus[0]).await, 3);
    assert_eq!(app.get("/api/v1/cart/items", t).await.body["items"].as_array().unwrap().len(), 2);
    let second_line =
        app.get("/api/v1/cart/items", t).await.body["items"].as_array().unwrap().iter().find(|l| l["sku_id"] == skus[1]).unwrap()["id"]
            .as_i64()
            .unwrap();
    app.patch(&format!("/api/v1/cart/items/{second_line}"), t, json!({"quantity": 1})).await.assert_ok();
    let ok = app.post("/api/v1/orders", t, json!({"from_cart": true, "address": TestApp::address_json()})).await;
    assert_eq!(ok.status, 201, "{}", ok.text);
    assert_eq!(ok.body["lines"].as_array().unwrap().len(), 2);
    assert_eq!(app.get("/api/v1/cart/items", t).await.body["items"].as_array().unwrap().len(), 0);
    assert_eq!(app.stock_of(pid, skus[0]).await, 1);
    assert_eq!(app.stock_of(pid, skus[1]).await, 0);
}
both_engines!(ordering_from_the_cart_removes_lines_only_when_it_succeeds, cart_checkout_removes_lines_only_on_success);

async fn the_order_life_cycle(app: TestApp) {
    let root = app.admin_token().await;
    let r = Some(root.as_str());
    let (pid, skus) = app.product(&root, "背包", &[(20000, 5), (10000, 5)]).await;
    let alice = app.login("alice").await;
    let t = Some(alice.token.as_str());
    let o = app
        .post(
            "/api/v1/orders",
            t,
            json!({"items": [{"sku_id": skus[0], "quantity": 2}, {"sku_id": skus[1], "quantity": 1}], "address": TestApp::address_json()}),
        )
        .await;
    let id = o.assert_ok()["id"].as_i64().unwrap();
    // Illegal transitions are refused.
    app.post(&format!("/api/v1/admin/orders/{id}/ship"), r, json!({"carrier": "顺丰", "tracking_no": "SF123"}))
        .await
        .assert_problem(409, "invalid_transition");
    app.post(&format!("/api/v1/orders/{id}/confirm-receipt"), t, json!({})).await.assert_problem(409, "invalid_transition");
    app.post(&format!("/api/v1/orders/{id}/refunds"), t, json!({"reason": "不想要"})).await.assert_problem(409, "invalid_transition");
    assert_eq!(app.pay_wechat(&alice.token, id).await.body["status"], "paid");
    app.post(&format!("/api/v1/orders/{id}/cancel"), t, json!({})).await.assert_problem(409, "invalid_transition");
    app.post(&format!("/api/v1/admin/orders/{id}/ship"), r, json!({"carrier": "", "tracking_no": "x y"}))
        .await
        .assert_problem(422, "validation_failed");
    let shipped = app.post(&format!("/api/v1/admin/orders/{id}/ship"), r, json!({"carrier": "顺丰", "tracking_no": "SF123"})).await;
    assert_eq!(shipped.assert_ok()["status"], "shipped");
    assert_eq!(shipped.body["tracking_no"], "SF123");
    let received = app.post(&format!("/api/v1/orders/{id}/confirm-receipt"), t, json!({})).await;
    assert_eq!(received.assert_ok()["status"], "received");

    // After-sale: one unit of the first line, then the rest; never more than was bought.
    let line1 = received.body["lines"][0]["id"].as_i64().unwrap();
    let partial = app
        .post(
            &format!("/api/v1/orders/{id}/refunds"),
            t,
            json!({"reason": "有划痕", "kind": "return_and_refund", "lines": [{"line_id": line1, "quantity": 1}]}),
        )
        .await;
    assert_eq!(partial.status, 201, "{}", partial.text);
    assert_eq!(partial.body["amount"], 20000);
    app.post(&format!("/api/v1/orders/{id}/refunds"), t, json!({"reason": "x", "lines": [{"line_id": line1, "quantity": 2}]}))
        .await
        .assert_problem(409, "quantity_exceeds_refundable");
    app.post(&format!("/api/v1/orders/{id}/refunds"), t, json!({"reason": "x", "lines": [{"line_id": 999999, "quantity": 1}]}))
        .await
        .assert_problem(422, "validation_failed");
    app.post(&format!("/api/v1/orders/{id}/refunds"), t, json!({"reason": "x", "lines": [{"line_id": line1, "quantity": 0}]}))
        .await
        .assert_problem(422, "validation_failed");
    let bob = app.login("bob").await;
    app.post(&format!("/api/v1/orders/{id}/refunds"), Some(&bob.token), json!({"reason": "x"})).await.assert_problem(404, "not_found");
    let as_id = partial.body["id"].as_i64().unwrap();
    let approved = app.post(&format!("/api/v1/admin/refunds/{as_id}/approve"), r, json!({})).await;
    assert_eq!(approved.assert_ok()["status"], "refund_approved");
    app.post(&format!("/api/v1/admin/refunds/{as_id}/approve"), r, json!({})).await.assert_problem(409, "invalid_transition");
    assert_eq!(app.stock_of(pid, skus[0]).await, 4, "returned goods go back to stock");
    let rest = app.post(&format!("/api/v1/orders/{id}/refunds"), t, json!({"reason": "全部退"})).await;
    assert_eq!(rest.assert_ok()["amount"], 30000, "the rest of line 1 and all of line 2");
    let rest_id = rest.body["id"].as_i64().unwrap();
    app.post(&format!("/api/v1/admin/refunds/{rest_id}/reject"), r, json!({})).await.assert_problem(422, "validation_failed");
    let rejected = app.post(&format!("/api/v1/admin/refunds/{rest_id}/reject"), r, json!({"reason": "已超过退货期"})).await;
    assert_eq!(rejected.assert_ok()["status"], "refund_rejected");
    // A rejected request frees its units for a new one; approving it refunds the whole order.
    let again = app.post(&format!("/api/v1/orders/{id}/refunds"), t, json!({"reason": "再申请", "kind": "refund_only"})).await;
    let again_id = again.assert_ok()["id"].as_i64().unwrap();
    app.post(&format!("/api/v1/admin/refunds/{again_id}/approve"), r, json!({})).await.assert_ok();
    let done = app.get(&format!("/api/v1/orders/{id}"), t).await;
    assert_eq!(done.assert_ok()["status"], "refunded");
    assert_eq!(done.body["lines"][0]["refunded_quantity"], 2);
    assert_eq!(done.body["lines"][1]["refunded_quantity"], 1);
    assert_eq!(app.stock_of(pid, skus[1]).await, 4, "refund-only after shipping: the goods did not come back");
    let events: Vec<String> = done.body["history"].as_array().unwrap().iter().map(|e| e["event"].as_str().unwrap().to_string()).collect();
    assert_eq!(events.first().map(String::as_str), Some("place"));
    assert!(
        events.contains(&"ship".to_string())
            && events.contains(&"confirm_receipt".to_string())
            && events.contains(&"refund_all".to_string()),
        "{events:?}"
    );
    let ship_event = done.body["history"].as_array().unwrap().iter().find(|e| e["event"] == "ship").unwrap().clone();
    assert_eq!(ship_event["actor_kind"], "admin");
    let pending = app.get("/api/v1/admin/refunds?status=refund_approved", r).await;
    assert_eq!(pending.assert_ok()["total"], 2);
}
both_engines!(an_order_walks_paid_shipped_received_and_refunded_with_every_step_recorded, the_order_life_cycle);

async fn deadlines_run_on_the_service_clock(app: TestApp) {
    let root = app.admin_token().await;
    let r = Some(root.as_str());
    let (pid, skus) = app.product(&root, "雨伞", &[(3000, 4)]).await;
    let alice = app.login("alice").await;
    let unpaid = app.order(&alice.token, skus[0], 2).await.assert_ok()["id"].as_i64().unwrap();
    let paid = app.order(&alice.token, skus[0], 1).await.assert_ok()["id"].as_i64().unwrap();
    app.pay_wechat(&alice.token, paid).await;
    app.post(&format!("/api/v1/admin/orders/{paid}/ship"), r, json!({"carrier": "中通", "tracking_no": "ZT1"})).await.assert_ok();
    // Not due yet.
    let run = app.post("/api/v1/admin/jobs/cancel-expired-orders/run", r, json!({})).await;
    assert_eq!(run.assert_ok()["processed"], 0);
    app.post("/api/v1/dev/clock/advance", None, json!({"seconds": 31 * 60})).await.assert_ok();
    let run = app.post("/api/v1/admin/jobs/cancel-expired-orders/run", r, json!({})).await;
    assert_eq!(run.assert_ok()["processed"], 1);
    assert_eq!(app.get(&format!("/api/v1/orders/{unpaid}"), Some(&alice.token)).await.body["status"], "cancelled");
    assert_eq!(app.stock_of(pid, skus[0]).await, 3, "the expired order's units are back");
    // Running it again does nothing.
    assert_eq!(app.post("/api/v1/admin/jobs/cancel-expired-orders/run", r, json!({})).await.body["processed"], 0);
    app.post("/api/v1/dev/clock/advance", None, json!({"seconds": 7 * 86_400})).await.assert_ok();
    // Staff sessions last 12 hours on the same clock: log in again.
    app.get("/api/v1/admin/me", r).await.assert_problem(401, "unauthorized");
    let root = app.admin_token().await;
    let r = Some(root.as_str());
    assert_eq!(app.post("/api/v1/admin/jobs/auto-confirm-receipt/run", r, json!({})).await.assert_ok()["processed"], 1);
    let o = app.get(&format!("/api/v1/orders/{paid}"), Some(&alice.token)).await;
    assert_eq!(o.body["status"], "received");
    let last = o.body["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["actor_kind"], "system");
    app.post("/api/v1/admin/jobs/nope/run", r, json!({})).await.assert_problem(404, "not_found");
    // A shorter timeout applies to new orders.
    app.put("/api/v1/admin/settings/orders", r, json!({"payment_timeout_minutes": 5, "auto_confirm_days": 3})).await.assert_ok();
    app.put("/api/v1/admin/settings/orders", r, json!({"payment_timeout_minutes": 0, "auto_confirm_days": 3}))
        .await
        .assert_problem(422, "validation_failed");
    let quick = app.order(&alice.token, skus[0], 1).await.assert_ok()["id"].as_i64().unwrap();
    app.post("/api/v1/dev/clock/advance", None, json!({"seconds": 6 * 60})).await.assert_ok();
    app.post("/api/v1/admin/jobs/cancel-expired-orders/run", r, json!({})).await.assert_ok();
    assert_eq!(app.get(&format!("/api/v1/orders/{quick}"), Some(&alice.token)).await.body["status"], "cancelled");
}
both_engines!(unpaid_orders_expire_and_shipped_orders_auto_confirm_on_the_service_clock, deadlines_run_on_the_service_clock);

async fn idempotent_order_placement(app: TestApp) {
    let root = app.admin_token().await;
    let (pid, skus) = app.product(&root, "钢笔", &[(8800, 10)]).await;
    let alice = app.login("alice").await;
    let body = json!({"items": [{"sku_id": skus[0], "quantity": 1}], "address": TestApp::address_json()});
    let headers = [("idempotency-key", "checkout-abc-1")];
    let calls = (0..8).map(|_| app.request("POST", "/api/v1/orders", Some(&alice.token), Some(body.clone()), &headers));
    let answers = futures::future::join_all(calls).await;
    let ids: std::collections::HashSet<i64> = answers.iter().filter(|a| a.status == 201).map(|a| a.body["id"].as_i64().unwrap()).collect();
    assert_eq!(ids.len(), 1, "one order for one key");
    for a in &answers {
        assert!(a.status == 201 || a.code() == "idempotency_in_progress", "{}", a.text);
    }
    let again = app.request("POST", "/api/v1/orders", Some(&alice.token), Some(body.clone()), &headers).await;
    assert_eq!(again.status, 201);
    assert!(ids.contains(&again.body["id"].as_i64().unwrap()), "a repeat answers the first order");
    assert_eq!(app.stock_of(pid, skus[0]).await, 9);
    // The same key from another shopper is another request.
    let bob = app.login("bob").await;
    let b = app.request("POST", "/api/v1/orders", Some(&bob.token), Some(body.clone()), &headers).await;
    assert!(!ids.contains(&b.body["id"].as_i64().unwrap()));
    app.request("POST", "/api/v1/orders", Some(&bob.token), Some(body), &[("idempotency-key", "")])
        .await
        .assert_problem(422, "validation_failed");
}
both_engines!(an_idempotency_key_places_one_order_however_often_it_is_sent, idempotent_order_placement);

async fn fifty_buyers_twenty_units(app: TestApp) {
    let root = app.admin_token().await;
    let (pid, skus) = app.product(&root, "限量球鞋", &[(99900, 20)]).await;
    let mut buyers = Vec::new();
    for i in 0..50 {
        buyers.push(app.login(&format!("buyer{i}")).await);
    }
    let calls = buyers.iter().map(|b| app.order(&b.token, skus[0], 1));
    let answers = futures::future::join_all(calls).await;
    let ok = answers.iter().filter(|a| a.status == 201).count();
    let sold_out = answers.iter().filter(|a| a.status == 409 && a.code() == "out_of_stock").count();
    assert_eq!(
        (ok, sold_out),
        (20, 30),
        "{:?}",
        answers.iter().filter(|a| a.status != 201 && a.status != 409).map(|a| &a.text).collect::<Vec<_>>()
    );
    assert_eq!(app.stock_of(pid, skus[0]).await, 0);
    assert_eq!(app.get("/api/v1/admin/orders?status=pending_payment", Some(&root)).await.body["total"], 20);
}
both_engines!(fifty_parallel_buyers_for_twenty_units_make_exactly_twenty_orders, fifty_buyers_twenty_units);

async fn cancels_racing_orders(app: TestApp) {
    let root = app.admin_token().await;
    let (pid, skus) = app.product(&root, "盲盒", &[(5900, 10)]).await;
    let alice = app.login("alice").await;
    let mut first = Vec::new();
    for _ in 0..10 {
        first.push(app.order(&alice.token, skus[0], 1).await.assert_ok()["id"].as_i64().unwrap());
    }
    assert_eq!(app.stock_of(pid, skus[0]).await, 0);
    let bob = app.login("bob").await;
    let cancel_paths: Vec<String> = first.iter().map(|id| format!("/api/v1/orders/{id}/cancel")).collect();
    let cancels = cancel_paths.iter().map(|p| app.post(p, Some(&alice.token), json!({})));
    let orders = (0..20).map(|_| app.order(&bob.token, skus[0], 1));
    let (c, o) = futures::future::join(futures::future::join_all(cancels), futures::future::join_all(orders)).await;
    assert!(c.iter().all(|a| a.status == 200), "every cancel succeeds once");
    let placed = o.iter().filter(|a| a.status == 201).count() as i64;
    assert!(o.iter().all(|a| a.status == 201 || a.code() == "out_of_stock"));
    let stock = app.stock_of(pid, skus[0]).await;
    assert!((0..=10).contains(&stock), "stock {stock} within bounds");
    assert_eq!(stock + placed, 10, "every unit is either in stock or in exactly one live order");

    // The expiry job and the shopper racing on the same order release its stock once.
    let live: Vec<i64> = o.iter().filter(|a| a.status == 201).map(|a| a.body["id"].as_i64().unwrap()).collect();
    app.post("/api/v1/dev/clock/advance", None, json!({"seconds": 31 * 60})).await;
    let job = app.post("/api/v1/admin/jobs/cancel-expired-orders/run", Some(&root), json!({}));
    let live_paths: Vec<String> = live.iter().map(|id| format!("/api/v1/orders/{id}/cancel")).collect();
    let shopper = live_paths.iter().map(|p| app.post(p, Some(&bob.token), json!({})));
    let (_, s) = futures::future::join(job, futures::future::join_all(shopper)).await;
    assert!(s.iter().all(|a| a.status == 200 || a.code() == "invalid_transition"));
    assert_eq!(app.stock_of(pid, skus[0]).await, 10, "back to the initial stock, not more");
}
both_engines!(cancels_racing_new_orders_and_the_expiry_job_never_break_stock_bounds, cancels_racing_orders);

async fn distributors_pay_the_distributor_price_and_orders_snapshot_the_upline(app: TestApp) {
    let root = app.admin_token().await;
    let cat = app.post("/api/v1/admin/categories", Some(&root), json!({"name": "茶"})).await.assert_ok()["id"].as_i64().unwrap();
    let p = app
        .post(
            "/api/v1/admin/products",
            Some(&root),
            json!({"name": "白茶", "category_id": cat, "skus": [{"price": 10000, "distributor_price": 8000, "stock": 10}]}),
        )
        .await;
    let sku = p.assert_ok()["skus"][0]["id"].as_i64().unwrap();
    let (grandpa, dad, kid) = (app.login("grandpa").await, app.login("dad").await, app.login("kid").await);
    for d in [&grandpa, &dad] {
        app.post(&format!("/api/v1/admin/distributors/{}/status", d.id), Some(&root), json!({"status": "active"})).await.assert_ok();
    }
    let b = app.post("/api/v1/me/referrer", Some(&dad.token), json!({"invite_code": grandpa.invite_code})).await;
    assert_eq!(b.assert_ok()["outcome"], "bound");
    app.post("/api/v1/me/referrer", Some(&kid.token), json!({"invite_code": dad.invite_code})).await.assert_ok();
    let o = app.order(&kid.token, sku, 2).await;
    assert_eq!(o.assert_ok()["goods_amount"], 20000, "a shopper pays the price");
    let row = app.sql_one(&format!("SELECT upline1, upline2, upline3 FROM orders WHERE id = {}", o.body["id"])).await.unwrap();
    assert_eq!(row.try_get::<Option<i64>>("", "upline1").unwrap(), Some(dad.id));
    assert_eq!(row.try_get::<Option<i64>>("", "upline2").unwrap(), Some(grandpa.id));
    assert_eq!(row.try_get::<Option<i64>>("", "upline3").unwrap(), None);
    app.post(&format!("/api/v1/admin/distributors/{}/status", kid.id), Some(&root), json!({"status": "active"})).await.assert_ok();
    let cart = app.post("/api/v1/cart/items", Some(&kid.token), json!({"sku_id": sku, "quantity": 1})).await;
    assert_eq!(cart.assert_ok()["items"][0]["unit_price"], 8000, "a distributor sees the distributor price");
    let o2 = app.order(&kid.token, sku, 2).await;
    assert_eq!(o2.assert_ok()["goods_amount"], 16000, "and is charged it");
    assert_eq!(o2.body["lines"][0]["unit_price"], 8000);
}
both_engines!(
    distributors_pay_the_distributor_price_and_orders_snapshot_the_upline,
    distributors_pay_the_distributor_price_and_orders_snapshot_the_upline
);

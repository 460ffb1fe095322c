use fenxiao_testkit::{TestApp, both_engines, serde_json::json};

async fn staff_manage_the_catalog(app: TestApp) {
    let root = app.admin_token().await;
    let r = Some(root.as_str());
    let parent = app.post("/api/v1/admin/categories", r, json!({"name": "数码"})).await.assert_ok()["id"].as_i64().unwrap();
    let child =
        app.post("/api/v1/admin/categories", r, json!({"name": "耳机", "parent_id": parent})).await.assert_ok()["id"].as_i64().unwrap();
    app.post("/api/v1/admin/categories", r, json!({"name": "x", "parent_id": 999999})).await.assert_problem(422, "validation_failed");
    // Moving a category under its own child would make a cycle.
    app.put(&format!("/api/v1/admin/categories/{parent}"), r, json!({"parent_id": child})).await.assert_problem(409, "category_cycle");

    let body = json!({
        "name": "<b>降噪</b>耳机", "category_id": child,
        "description": "<p onclick=\"steal()\">好声音<script>alert(1)</script><img src=\"https://img.example.com/a.png\" onerror=\"x()\"></p>",
        "images": ["https://img.example.com/a.png"],
        "skus": [
            {"specs": {"颜色": "黑"}, "price": 59900, "original_price": 79900, "distributor_price": 49900, "stock": 10, "weight_g": 300},
            {"specs": {"颜色": "白"}, "price": 59900, "stock": 5, "weight_g": 300}
        ]
    });
    let created = app.post("/api/v1/admin/products", r, body).await;
    let p = created.assert_ok().clone();
    assert_eq!(created.status, 201);
    let pid = p["id"].as_i64().unwrap();
    let desc = p["description_html"].as_str().unwrap();
    assert!(!desc.contains("script") && !desc.contains("onclick") && !desc.contains("onerror"), "{desc}");
    assert!(desc.contains("好声音") && desc.contains("https://img.example.com/a.png"));
    assert_eq!(p["name"], "<b>降噪</b>耳机", "names are text, returned as JSON strings");

    // The shopper view is cached, and an admin write invalidates it.
    let shopper_view = app.get(&format!("/api/v1/products/{pid}"), None).await;
    assert_eq!(shopper_view.assert_ok()["skus"].as_array().unwrap().len(), 2);
    let sku_black = p["skus"][0]["id"].as_i64().unwrap();
    let update = json!({"name": "降噪耳机 Pro", "category_id": child, "skus": [
        {"id": sku_black, "specs": {"颜色": "黑"}, "price": 55900, "stock": 999, "weight_g": 300},
        {"specs": {"颜色": "蓝"}, "price": 55900, "stock": 3, "weight_g": 300}
    ]});
    let u = app.put(&format!("/api/v1/admin/products/{pid}"), r, update).await;
    let ub = u.assert_ok().clone();
    let skus = ub["skus"].as_array().unwrap();
    assert_eq!(skus.len(), 3, "the white SKU is retired, not deleted");
    let black = skus.iter().find(|s| s["id"] == sku_black).unwrap();
    assert_eq!(black["stock"], 10, "PUT never changes the stock of an existing SKU");
    assert_eq!(black["price"], 55900);
    assert_eq!(skus.iter().filter(|s| s["active"] == false).count(), 1);
    let after = app.get(&format!("/api/v1/products/{pid}"), None).await;
    assert_eq!(after.assert_ok()["name"], "降噪耳机 Pro");
    assert_eq!(after.body["skus"].as_array().unwrap().len(), 2, "shoppers see active SKUs only");

    // Stock adjustments: recorded with who and why, never below zero.
    let adj = app.post(&format!("/api/v1/admin/skus/{sku_black}/stock-adjustments"), r, json!({"delta": -4, "reason": "盘点损耗"})).await;
    assert_eq!(adj.assert_ok()["stock"], 6);
    app.post(&format!("/api/v1/admin/skus/{sku_black}/stock-adjustments"), r, json!({"delta": -7, "reason": "x"}))
        .await
        .assert_problem(409, "stock_below_zero");
    app.post(&format!("/api/v1/admin/skus/{sku_black}/stock-adjustments"), r, json!({"delta": 5, "reason": ""}))
        .await
        .assert_problem(422, "validation_failed");
    app.post("/api/v1/admin/skus/999999/stock-adjustments", r, json!({"delta": 5, "reason": "x"})).await.assert_problem(404, "not_found");
    let hist = app.get(&format!("/api/v1/admin/skus/{sku_black}/stock-adjustments"), r).await;
    assert_eq!(hist.assert_ok()[0]["reason"], "盘点损耗");
    assert_eq!(hist.body[0]["stock_after"], 6);
    assert_eq!(hist.body[0]["actor_kind"], "admin");

    // Off the shelf: gone for shoppers, still there for staff.
    assert_eq!(app.post(&format!("/api/v1/admin/products/{pid}/shelf"), r, json!({"on_shelf": false})).await.status, 204);
    app.get(&format!("/api/v1/products/{pid}"), None).await.assert_problem(404, "not_found");
    assert_eq!(app.get(&format!("/api/v1/products?category_id={parent}"), None).await.body["total"], 0);
    assert_eq!(app.get(&format!("/api/v1/admin/products?category_id={parent}"), r).await.body["total"], 1);

    // A category with products cannot be deleted; an empty one can.
    app.delete(&format!("/api/v1/admin/categories/{child}"), r).await.assert_problem(409, "category_not_empty");
    let empty = app.post("/api/v1/admin/categories", r, json!({"name": "空"})).await.assert_ok()["id"].as_i64().unwrap();
    assert_eq!(app.delete(&format!("/api/v1/admin/categories/{empty}"), r).await.status, 204);

    let log = app.get("/api/v1/admin/audit-log?action=product.", r).await;
    assert_eq!(log.assert_ok()["total"], 3, "create, update, off-shelf");
}
both_engines!(staff_manage_categories_products_shelf_and_stock, staff_manage_the_catalog);

async fn bad_product_input_changes_nothing(app: TestApp) {
    let root = app.admin_token().await;
    let r = Some(root.as_str());
    let cat = app.post("/api/v1/admin/categories", r, json!({"name": "c"})).await.assert_ok()["id"].as_i64().unwrap();
    let cases = [
        (json!({"name": "x", "category_id": cat, "skus": []}), "skus"),
        (json!({"name": "x", "category_id": cat, "skus": [{"price": -1}]}), "skus[0].price"),
        (json!({"name": "x", "category_id": cat, "skus": [{"price": 100, "distributor_price": 200}]}), "skus[0].distributor_price"),
        (
            json!({"name": "x", "category_id": cat, "skus": [{"specs": {"a": "1"}, "price": 1}, {"specs": {"a": "1"}, "price": 2}]}),
            "skus[1].specs",
        ),
        (json!({"name": "", "category_id": cat, "skus": [{"price": 1}]}), "name"),
        (json!({"name": "x", "category_id": 999999, "skus": [{"price": 1}]}), "category_id"),
        (json!({"name": "x", "category_id": cat, "skus": [{"price": 1, "stock": -5}]}), "skus[0].stock"),
        (json!({"name": "x", "category_id": cat, "images": ["javascript:alert(1)"], "skus": [{"price": 1}]}), "images[0]"),
    ];
    for (body, field) in cases {
        let a = app.post("/api/v1/admin/products", r, body.clone()).await;
        a.assert_problem(422, "validation_failed");
        assert!(a.body["errors"].as_array().unwrap().iter().any(|e| e["field"] == field), "{field}: {}", a.text);
    }
    assert_eq!(app.get("/api/v1/admin/products", r).await.body["total"], 0);
    // A support agent cannot edit the catalog; a shopper even less.
    app.post("/api/v1/admin/staff", r, json!({"username": "help.desk", "password": "supp0rt-pass", "role": "support"})).await.assert_ok();
    let support = app.admin_login("help.desk", "supp0rt-pass").await.body["token"].as_str().unwrap().to_string();
    app.post("/api/v1/admin/categories", Some(&support), json!({"name": "z"})).await.assert_problem(403, "forbidden");
    let alice = app.login("alice").await;
    app.post("/api/v1/admin/products", Some(&alice.token), json!({})).await.assert_problem(403, "forbidden");
}
both_engines!(bad_product_input_is_refused_and_roles_are_enforced, bad_product_input_changes_nothing);

async fn freight_templates_price_checkout(app: TestApp) {
    let root = app.admin_token().await;
    let r = Some(root.as_str());
    let rule = json!({"kind": "by_weight", "first_weight_g": 1000, "first_fee": 800, "step_weight_g": 500, "step_fee": 300,
        "regions": [{"provinces": ["新疆维吾尔自治区"], "first_fee": 2000, "step_fee": 1000}]});
    let t = app.post("/api/v1/admin/freight-templates", r, json!({"name": "按重量", "rule": rule, "is_default": true})).await;
    assert_eq!(t.status, 201, "{}", t.text);
    let tid = t.body["id"].as_i64().unwrap();
    app.post("/api/v1/admin/freight-templates", r, json!({"name": "坏", "rule": {"kind": "flat", "fee": -1}}))
        .await
        .assert_problem(422, "validation_failed");
    app.post("/api/v1/admin/freight-templates", r, json!({"name": "坏", "rule": {"kind": "teleport"}}))
        .await
        .assert_problem(422, "validation_failed");
    let (_, skus) = app.product(&root, "哑铃", &[(5000, 10)]).await; // 500 g each
    let alice = app.login("alice").await;
    let quote = |province: &'static str, q: i64| {
        let mut addr = TestApp::address_json();
        addr["province"] = json!(province);
        app.post("/api/v1/checkout/quote", Some(&alice.token), json!({"items": [{"sku_id": skus[0], "quantity": q}], "address": addr}))
    };
    assert_eq!(quote("广东省", 2).await.assert_ok()["shipping_fee"], 800, "1 kg: first weight");
    assert_eq!(quote("广东省", 3).await.assert_ok()["shipping_fee"], 1100, "1.5 kg: one step");
    assert_eq!(quote("新疆维吾尔自治区", 3).await.assert_ok()["shipping_fee"], 3000, "regional fees");
    let q = quote("广东省", 3).await;
    let shares: i64 = q.body["lines"].as_array().unwrap().iter().map(|l| l["shipping_share"].as_i64().unwrap()).sum();
    assert_eq!(shares, 1100, "shipping is allocated to lines exactly");
    assert_eq!(q.body["total"], 15000 + 1100);
    // A template in use cannot be deleted.
    let cat = app.post("/api/v1/admin/categories", r, json!({"name": "器械"})).await.body["id"].as_i64().unwrap();
    app.post("/api/v1/admin/products", r, json!({"name": "杠铃", "category_id": cat, "freight_template_id": tid, "skus": [{"price": 1}]}))
        .await
        .assert_ok();
    app.delete(&format!("/api/v1/admin/freight-templates/{tid}"), r).await.assert_problem(409, "template_in_use");
    app.post("/api/v1/admin/products", r, json!({"name": "x", "category_id": cat, "freight_template_id": 999999, "skus": [{"price": 1}]}))
        .await
        .assert_problem(422, "validation_failed");
    assert_eq!(app.get("/api/v1/admin/freight-templates", r).await.assert_ok().as_array().unwrap().len(), 1);
}
both_engines!(freight_templates_price_checkout_by_weight_and_region, freight_templates_price_checkout);

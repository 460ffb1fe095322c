use fenxiao_testkit::{TestApp, both_engines};

async fn demo_catalog_reads(app: TestApp) {
    let r = app.services.seed_demo().await.unwrap();
    assert_eq!(r.products, 10);
    assert!(app.services.seed_demo().await.unwrap().skipped, "seeding twice changes nothing");

    let tree = app.get("/api/v1/categories", None).await;
    let roots = tree.assert_ok().as_array().unwrap().clone();
    assert_eq!(roots[0]["name"], "服饰");
    assert_eq!(roots[0]["children"].as_array().unwrap().len(), 2);

    let page = app.get("/api/v1/products?page=1&page_size=4", None).await;
    assert_eq!(page.assert_ok()["total"], 10);
    assert_eq!(page.body["items"].as_array().unwrap().len(), 4);
    let page3 = app.get("/api/v1/products?page=3&page_size=4", None).await;
    assert_eq!(page3.body["items"].as_array().unwrap().len(), 2);

    // A top-level category includes its children's products.
    let food_id = roots.iter().find(|c| c["name"] == "食品饮料").unwrap()["id"].as_i64().unwrap();
    let food = app.get(&format!("/api/v1/products?category_id={food_id}"), None).await;
    assert_eq!(food.assert_ok()["total"], 4);

    let tea = app.get("/api/v1/products?q=%E8%8C%B6", None).await; // 茶
    assert_eq!(tea.assert_ok()["total"], 1);
    assert_eq!(tea.body["items"][0]["name"], "云南普洱熟茶饼 357g");
    let tees = app.get("/api/v1/products?q=t%E6%81%A4", None).await; // "t恤", any case
    assert_eq!(tees.assert_ok()["total"], 2);
    // SQL metacharacters are plain text.
    for q in ["%27%20OR%201%3D1%20--", "%25", "_", "%5C"] {
        let a = app.get(&format!("/api/v1/products?q={q}"), None).await;
        assert_eq!(a.assert_ok()["total"], 0, "q={q}");
    }
    let id = page.body["items"][0]["id"].as_i64().unwrap();
    let p = app.get(&format!("/api/v1/products/{id}"), None).await;
    let skus = p.assert_ok()["skus"].as_array().unwrap().clone();
    assert!(!skus.is_empty());
    assert!(skus[0]["price"].as_i64().unwrap() > 0);
    assert!(skus[0]["specs"].is_object());
    assert!(p.body["images"][0].as_str().unwrap().starts_with("/static/demo/"));
    let img = app.get(p.body["images"][0].as_str().unwrap(), None).await;
    assert_eq!(img.status, 200);
    assert!(img.text.starts_with("<svg"));

    app.get("/api/v1/products/999999", None).await.assert_problem(404, "not_found");
    app.get("/api/v1/products/abc", None).await.assert_problem(404, "not_found");
    app.get("/api/v1/products/-1", None).await.assert_problem(404, "not_found");
    app.get("/api/v1/products?page_size=0", None).await.assert_problem(422, "validation_failed");
    app.get("/api/v1/products?page=-1", None).await.assert_problem(422, "validation_failed");
    app.get("/api/v1/products?category_id=x", None).await.assert_problem(422, "validation_failed");
    app.get("/static/demo/../../etc/passwd", None).await.assert_problem(404, "not_found");
}
both_engines!(demo_catalog_is_browsable_searchable_and_safe, demo_catalog_reads);

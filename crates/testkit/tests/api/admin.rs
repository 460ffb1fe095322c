use fenxiao_testkit::{TestApp, both_engines, serde_json::json};

async fn super_admin_manages_staff_and_every_write_is_audited(app: TestApp) {
    let root = app.admin_token().await;
    let r = Some(root.as_str());
    let a = app
        .post(
            "/api/v1/admin/staff",
            r,
            json!({"username": "Ops.Li", "password": "operat0r-pass", "role": "operator", "display_name": "李运营"}),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.text);
    let ops_id = a.body["id"].as_i64().unwrap();
    assert_eq!(a.body["username"], "ops.li");
    assert!(a.body.get("password_hash").is_none(), "hashes never leave the server");
    app.post("/api/v1/admin/staff", r, json!({"username": "ops.li", "password": "operat0r-pass", "role": "operator"}))
        .await
        .assert_problem(409, "username_taken");
    let bad = app.post("/api/v1/admin/staff", r, json!({"username": "x", "password": "short", "role": "god"})).await;
    bad.assert_problem(422, "validation_failed");
    let fields: Vec<&str> = bad.body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, vec!["username", "password", "role"]);

    // The operator can log in but cannot manage staff or read the audit log.
    let ops = app.admin_login("ops.li", "operat0r-pass").await;
    let ops_token = ops.assert_ok()["token"].as_str().unwrap().to_string();
    app.get("/api/v1/admin/staff", Some(&ops_token)).await.assert_problem(403, "forbidden");
    app.post("/api/v1/admin/staff", Some(&ops_token), json!({"username": "sneaky", "password": "sneaky-passw0rd", "role": "super_admin"}))
        .await
        .assert_problem(403, "forbidden");
    app.get("/api/v1/admin/audit-log", Some(&ops_token)).await.assert_problem(403, "forbidden");

    // Promote to finance, then disable: the disabled account's session ends at once.
    let a = app.put(&format!("/api/v1/admin/staff/{ops_id}"), r, json!({"role": "finance"})).await;
    assert_eq!(a.assert_ok()["role"], "finance");
    app.get("/api/v1/admin/me", Some(&ops_token)).await.assert_ok();
    app.put(&format!("/api/v1/admin/staff/{ops_id}"), r, json!({"active": false})).await.assert_ok();
    app.get("/api/v1/admin/me", Some(&ops_token)).await.assert_problem(401, "unauthorized");
    app.admin_login("ops.li", "operat0r-pass").await.assert_problem(401, "unauthorized");

    app.put("/api/v1/admin/staff/999999", r, json!({"role": "finance"})).await.assert_problem(404, "not_found");
    app.put("/api/v1/admin/staff/abc", r, json!({"role": "finance"})).await.assert_problem(404, "not_found");
    app.put(&format!("/api/v1/admin/staff/{ops_id}"), r, json!({"username": "renamed"})).await.assert_problem(422, "validation_failed");

    let list = app.get("/api/v1/admin/staff", r).await;
    assert_eq!(list.assert_ok().as_array().unwrap().len(), 2);

    let log = app.get("/api/v1/admin/audit-log?action=staff.", r).await;
    let items = log.assert_ok()["items"].as_array().unwrap().clone();
    let actions: Vec<&str> = items.iter().map(|i| i["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["staff.update", "staff.update", "staff.create"], "newest first; refused writes leave no row");
    assert_eq!(items[2]["target_id"], ops_id.to_string());
    assert_eq!(items[2]["detail"]["role"], "operator");
    assert!(!log.text.contains("operat0r-pass"), "no secrets in the audit log");
    assert_eq!(log.body["total"], 3);
    app.get("/api/v1/admin/audit-log?page=0", r).await.assert_problem(422, "validation_failed");
    app.get("/api/v1/admin/audit-log?page_size=1000", r).await.assert_problem(422, "validation_failed");
    app.get("/api/v1/admin/audit-log?admin_id=abc", r).await.assert_problem(422, "validation_failed");
}
both_engines!(super_admin_manages_staff_and_every_write_is_audited, super_admin_manages_staff_and_every_write_is_audited);

async fn the_last_super_admin_cannot_be_removed(app: TestApp) {
    let root = app.admin_token().await;
    let me = app.get("/api/v1/admin/me", Some(&root)).await;
    let id = me.assert_ok()["id"].as_i64().unwrap();
    app.put(&format!("/api/v1/admin/staff/{id}"), Some(&root), json!({"active": false})).await.assert_problem(409, "last_super_admin");
    app.put(&format!("/api/v1/admin/staff/{id}"), Some(&root), json!({"role": "support"})).await.assert_problem(409, "last_super_admin");
    assert_eq!(app.get("/api/v1/admin/me", Some(&root)).await.assert_ok()["role"], "super_admin");
    // Password change ends the old sessions.
    app.put(&format!("/api/v1/admin/staff/{id}"), Some(&root), json!({"password": "new-passw0rd-99"})).await.assert_ok();
    app.get("/api/v1/admin/me", Some(&root)).await.assert_problem(401, "unauthorized");
    app.admin_login(fenxiao_testkit::ADMIN_USER, "new-passw0rd-99").await.assert_ok();
}
both_engines!(the_last_super_admin_cannot_be_disabled_or_demoted, the_last_super_admin_cannot_be_removed);

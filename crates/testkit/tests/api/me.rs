use fenxiao_testkit::{TestApp, both_engines, serde_json::json};

async fn profile_updates_and_phone_is_encrypted(app: TestApp) {
    let alice = app.login("alice").await;
    let t = Some(alice.token.as_str());
    let a = app
        .patch(
            "/api/v1/me",
            t,
            json!({"nickname": "  小爱  ", "avatar_url": "https://img.example.com/a.png", "phone": "+86 138-1234-5678"}),
        )
        .await;
    let b = a.assert_ok();
    assert_eq!(b["nickname"], "小爱");
    assert_eq!(b["avatar_url"], "https://img.example.com/a.png");
    assert_eq!(b["phone"], "138****5678");
    // At rest the phone is ciphertext, never the digits.
    let row = app.sql_one(&format!("SELECT phone_enc, phone_hash FROM users WHERE id = {}", alice.id)).await.unwrap();
    let enc: String = row.try_get("", "phone_enc").unwrap();
    assert!(enc.starts_with("v1:") && !enc.contains("13812345678") && !enc.contains("5678"), "{enc}");
    // Clearing the phone.
    let a = app.patch("/api/v1/me", t, json!({"phone": ""})).await;
    assert_eq!(a.assert_ok()["phone"], json!(null));
}
both_engines!(profile_updates_and_the_phone_is_encrypted_at_rest_and_shown_masked, profile_updates_and_phone_is_encrypted);

async fn bad_profile_input_changes_nothing(app: TestApp) {
    let alice = app.login("alice").await;
    let t = Some(alice.token.as_str());
    app.patch("/api/v1/me", t, json!({"nickname": "Alice"})).await.assert_ok();
    let cases = [
        (json!({"nickname": "x".repeat(33)}), "nickname", "too_long"),
        (json!({"nickname": "   "}), "nickname", "required"),
        (json!({"avatar_url": "javascript:alert(1)"}), "avatar_url", "invalid_format"),
        (json!({"phone": "12345"}), "phone", "invalid_format"),
        (json!({"privacy_consent_version": "1999-01"}), "privacy_consent_version", "unknown_policy_version"),
        (json!({"nickname": 42}), "nickname", "invalid_value"),
    ];
    for (body, field, reason) in cases {
        let a = app.patch("/api/v1/me", t, body.clone()).await;
        a.assert_problem(422, "validation_failed");
        assert_eq!(a.body["errors"][0]["field"], field, "{body}");
        assert_eq!(a.body["errors"][0]["reason"], reason, "{body}");
    }
    // A valid field next to an invalid one is not applied either.
    let a = app.patch("/api/v1/me", t, json!({"nickname": "Changed", "phone": "nope"})).await;
    a.assert_problem(422, "validation_failed");
    // Unknown fields are refused rather than silently dropped.
    app.patch("/api/v1/me", t, json!({"is_distributor": true})).await.assert_problem(422, "validation_failed");
    let me = app.get("/api/v1/me", t).await;
    assert_eq!(me.body["nickname"], "Alice");
    assert_eq!(me.body["is_distributor"], false);
    // Script in a nickname is stored as text and returned as JSON text, never interpreted here.
    let a = app.patch("/api/v1/me", t, json!({"nickname": "<script>x</script>"})).await;
    assert_eq!(a.assert_ok()["nickname"], "<script>x</script>");
    assert!(a.content_type().starts_with("application/json"));
}
both_engines!(bad_profile_input_is_refused_field_by_field_and_changes_nothing, bad_profile_input_changes_nothing);

async fn consent_export_and_deletion(app: TestApp) {
    let alice = app.login("alice").await;
    let t = Some(alice.token.as_str());
    let version = app.get("/api/v1/me", t).await.body["privacy_policy_version"].as_str().unwrap().to_string();
    let a = app.patch("/api/v1/me", t, json!({"privacy_consent_version": version, "phone": "13900001111"})).await;
    assert_eq!(a.assert_ok()["privacy_consent"]["version"], version.as_str());
    assert!(a.body["privacy_consent"]["accepted_at"].as_str().is_some());

    let e = app.get("/api/v1/me/export", t).await;
    let b = e.assert_ok();
    assert_eq!(b["profile"]["id"], alice.id);
    assert_eq!(b["profile"]["phone"], "13900001111", "the export holds the full data");
    assert_eq!(b["profile"]["openid"], "sandbox-alice");
    assert_eq!(b["privacy_consents"].as_array().unwrap().len(), 1);
    assert!(e.headers["content-disposition"].to_str().unwrap().contains("attachment"));

    assert_eq!(app.delete("/api/v1/me", t).await.status, 204);
    app.get("/api/v1/me", t).await.assert_problem(401, "unauthorized");
    let row = app.sql_one(&format!("SELECT nickname, openid, phone_enc, status FROM users WHERE id = {}", alice.id)).await.unwrap();
    assert_eq!(row.try_get::<String>("", "status").unwrap(), "deleted");
    assert_eq!(row.try_get::<Option<String>>("", "phone_enc").unwrap(), None);
    assert_ne!(row.try_get::<String>("", "openid").unwrap(), "sandbox-alice");
    assert_ne!(row.try_get::<String>("", "nickname").unwrap(), "Alice");
    // The same WeChat user coming back starts a new, empty account.
    let again = app.login("alice").await;
    assert_ne!(again.id, alice.id);
    assert_eq!(app.get("/api/v1/me", Some(&again.token)).await.body["phone"], json!(null));
}
both_engines!(consent_is_recorded_data_exports_and_deletion_erases_personal_data, consent_export_and_deletion);

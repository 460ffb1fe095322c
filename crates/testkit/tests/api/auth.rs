use fenxiao_testkit::{ADMIN_PASSWORD, ADMIN_USER, TestApp, both_engines, futures, serde_json::json};

async fn first_login_creates_a_shopper_with_an_invite_code(app: TestApp) {
    let a = app.post("/api/v1/auth/wechat/login", None, json!({"code": "alice"})).await;
    let b = a.assert_ok();
    assert_eq!(b["created"], true);
    let code = b["user"]["invite_code"].as_str().unwrap().to_string();
    assert_eq!(code.len(), 8);
    let again = app.post("/api/v1/auth/wechat/login", None, json!({"code": "alice"})).await;
    assert_eq!(again.assert_ok()["created"], false);
    assert_eq!(again.body["user"]["id"], b["user"]["id"]);
    assert_eq!(again.body["user"]["invite_code"], code.as_str());
    assert_ne!(again.body["token"], b["token"], "each login is its own session");
    // The sandbox maps code X to openid sandbox-X.
    let row = app.sql_one("SELECT openid FROM users WHERE provider = 'wechat'").await.unwrap();
    assert_eq!(row.try_get::<String>("", "openid").unwrap(), "sandbox-alice");
    let me = app.get("/api/v1/me", Some(b["token"].as_str().unwrap())).await;
    assert_eq!(me.assert_ok()["invite_code"], code.as_str());
}
both_engines!(
    first_login_creates_a_shopper_with_an_invite_code_and_later_logins_load_it,
    first_login_creates_a_shopper_with_an_invite_code
);

async fn invite_codes_are_kept_as_pending_referral(app: TestApp) {
    let alice = app.login("alice").await;
    let bob = app.login_invited("bob", Some(&alice.invite_code.to_lowercase())).await;
    let me = app.get("/api/v1/me", Some(&bob.token)).await;
    assert_eq!(me.assert_ok()["pending_invite_code"], alice.invite_code.as_str());
    assert_eq!(me.body["referrer_id"], json!(null));
    // The first code wins; a later one does not overwrite it.
    let carol = app.login("carol").await;
    app.login_invited("bob", Some(&carol.invite_code)).await;
    assert_eq!(app.get("/api/v1/me", Some(&bob.token)).await.body["pending_invite_code"], alice.invite_code.as_str());
    // One's own code is never a referral.
    let dave = app.login("dave").await;
    app.login_invited("dave", Some(&dave.invite_code)).await;
    assert_eq!(app.get("/api/v1/me", Some(&dave.token)).await.body["pending_invite_code"], json!(null));
    // Malformed codes are refused, and refused before anyone is created.
    let before = app.services.store.count_users().await.unwrap();
    let a = app.post("/api/v1/auth/wechat/login", None, json!({"code": "erin", "invite_code": "' OR 1=1 --"})).await;
    a.assert_problem(422, "validation_failed");
    assert_eq!(a.body["errors"][0]["field"], "invite_code");
    assert_eq!(app.services.store.count_users().await.unwrap(), before);
    // A well-formed code nobody owns is ignored (the login still works).
    let frank = app.login_invited("frank", Some("ZZZZZZZZ")).await;
    assert_eq!(app.get("/api/v1/me", Some(&frank.token)).await.body["pending_invite_code"], json!(null));
}
both_engines!(invite_codes_are_kept_as_pending_referral_source, invite_codes_are_kept_as_pending_referral);

async fn bad_login_codes_are_refused(app: TestApp) {
    for code in ["", "a b", "x'; DROP TABLE users; --", &"a".repeat(200)] {
        let a = app.post("/api/v1/auth/wechat/login", None, json!({"code": code})).await;
        a.assert_problem(422, "validation_failed");
        assert_eq!(a.body["errors"][0]["reason"], "invalid_login_code");
    }
    assert_eq!(app.services.store.count_users().await.unwrap(), 0);
}
both_engines!(bad_login_codes_are_refused_and_create_nobody, bad_login_codes_are_refused);

async fn parallel_first_logins_create_one_user(app: TestApp) {
    let calls = (0..12).map(|_| app.post("/api/v1/auth/wechat/login", None, json!({"code": "racer"})));
    let answers = futures::future::join_all(calls).await;
    let ids: std::collections::HashSet<i64> = answers.iter().map(|a| a.assert_ok()["user"]["id"].as_i64().unwrap()).collect();
    assert_eq!(ids.len(), 1, "one account for one openid");
    assert_eq!(app.services.store.count_users().await.unwrap(), 1);
}
both_engines!(parallel_first_logins_of_one_openid_create_exactly_one_user, parallel_first_logins_create_one_user);

async fn tokens_expire_and_can_be_revoked(app: TestApp) {
    app.get("/api/v1/me", None).await.assert_problem(401, "unauthorized");
    let a = app.get("/api/v1/me", Some("fx_forged-token")).await;
    a.assert_problem(401, "unauthorized");
    assert_eq!(a.headers["www-authenticate"], "Bearer");
    app.request("GET", "/api/v1/me", None, None, &[("authorization", "Basic abc")]).await.assert_problem(401, "unauthorized");
    let alice = app.login("alice").await;
    app.get("/api/v1/me", Some(&alice.token)).await.assert_ok();
    // Logout revokes only that token.
    let second = app.login("alice").await;
    assert_eq!(app.post("/api/v1/auth/logout", Some(&alice.token), json!({})).await.status, 204);
    app.get("/api/v1/me", Some(&alice.token)).await.assert_problem(401, "unauthorized");
    app.post("/api/v1/auth/logout", Some(&alice.token), json!({})).await.assert_problem(401, "unauthorized");
    app.get("/api/v1/me", Some(&second.token)).await.assert_ok();
    // Shopper sessions last 30 days: move the clock past that.
    app.post("/api/v1/dev/clock/advance", None, json!({"seconds": 29 * 86_400})).await.assert_ok();
    app.get("/api/v1/me", Some(&second.token)).await.assert_ok();
    app.post("/api/v1/dev/clock/advance", None, json!({"seconds": 2 * 86_400})).await.assert_ok();
    app.get("/api/v1/me", Some(&second.token)).await.assert_problem(401, "unauthorized");
    app.post("/api/v1/dev/clock/advance", None, json!({"seconds": -5})).await.assert_problem(422, "validation_failed");
}
both_engines!(tokens_are_required_expire_and_can_be_revoked, tokens_expire_and_can_be_revoked);

async fn shopper_and_staff_tokens_do_not_mix(app: TestApp) {
    let alice = app.login("alice").await;
    let admin = app.admin_token().await;
    app.get("/api/v1/admin/staff", Some(&alice.token)).await.assert_problem(403, "forbidden");
    app.get("/api/v1/admin/audit-log", Some(&alice.token)).await.assert_problem(403, "forbidden");
    app.get("/api/v1/me", Some(&admin)).await.assert_problem(403, "forbidden");
    app.get("/api/v1/admin/me", Some(&admin)).await.assert_ok();
}
both_engines!(shopper_tokens_on_admin_routes_and_staff_tokens_on_shopper_routes_are_403, shopper_and_staff_tokens_do_not_mix);

async fn staff_login_checks_passwords_and_locks_after_failures(app: TestApp) {
    let ok = app.admin_login(ADMIN_USER, ADMIN_PASSWORD).await;
    assert_eq!(ok.assert_ok()["admin"]["role"], "super_admin");
    app.admin_login(ADMIN_USER, "wrong-passw0rd").await.assert_problem(401, "unauthorized");
    app.admin_login("nobody-here", "wrong-passw0rd").await.assert_problem(401, "unauthorized");
    app.admin_login("x' OR '1'='1", "x' OR '1'='1").await.assert_problem(401, "unauthorized");
    for _ in 0..4 {
        app.admin_login(ADMIN_USER, "wrong-passw0rd").await.assert_problem(401, "unauthorized");
    }
    // Five failures: the account is locked for the window, even with the right password.
    let locked = app.admin_login(ADMIN_USER, ADMIN_PASSWORD).await;
    locked.assert_problem(429, "rate_limited");
    assert!(locked.headers.get("retry-after").is_some());
    // Usernames are case-insensitive and another account is unaffected by the lock.
    let admin_after = app.admin_login("NOBODY-HERE", "x").await;
    admin_after.assert_problem(401, "unauthorized");
}
both_engines!(
    staff_login_checks_passwords_and_locks_the_account_after_repeated_failures,
    staff_login_checks_passwords_and_locks_after_failures
);

async fn logins_are_limited_per_ip(app: TestApp) {
    for i in 0..3 {
        app.login(&format!("u{i}")).await;
    }
    let a = app.post("/api/v1/auth/wechat/login", None, json!({"code": "u9"})).await;
    a.assert_problem(429, "rate_limited");
    app.admin_login(ADMIN_USER, ADMIN_PASSWORD).await.assert_problem(429, "rate_limited");
}
both_engines!(logins_are_rate_limited_per_ip, logins_are_limited_per_ip, |c: &mut fenxiao_testkit::ConfigRef| c.login_per_ip_per_minute =
    3);

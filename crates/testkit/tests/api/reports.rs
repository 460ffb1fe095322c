//! The dashboard over HTTP on both engines: page views and visitors, paid orders and GMV per shop
//! day, refunds, buyers, conversion, repurchase, active and top distributors.

use fenxiao_testkit::{TestApp, both_engines};
use serde_json::json;

async fn dashboard_counts_what_happened(app: TestApp) {
    let root = app.admin_token().await;
    let r = Some(root.as_str());
    // Everyone is a distributor; one tier at 10 %.
    app.put("/api/v1/admin/distribution/settings", r, json!({"mode": "everyone", "tiers": 1, "rates_bp": [1000, 0, 0]})).await.assert_ok();
    let (_, s) = app.product(&root, "报表商品", &[(10_000, 100)]).await;
    // Three visitors, one of them twice.
    for v in ["visitor-aaaa", "visitor-bbbb", "visitor-cccc", "visitor-aaaa"] {
        let a = app.post("/api/v1/events/page-view", None, json!({"visitor_id": v, "path": "/pages/index/index"})).await;
        assert_eq!(a.status, 204, "{}", a.text);
    }
    app.post("/api/v1/events/page-view", None, json!({"visitor_id": "x"})).await.assert_problem(422, "validation_failed");
    app.post("/api/v1/events/page-view", None, json!({"visitor_id": "<script>alert(1)</script>"}))
        .await
        .assert_problem(422, "validation_failed");
    // A recruits B; B pays for two orders, C for one; C's is refunded.
    let a = app.login("rep-a").await;
    let b = app.login_invited("rep-b", Some(&a.invite_code)).await;
    let c = app.login("rep-c").await;
    for (who, n) in [(&b, 2), (&c, 1)] {
        for _ in 0..n {
            let o = app.order(&who.token, s[0], 1).await;
            let id = o.assert_ok()["id"].as_i64().unwrap();
            app.pay_wechat(&who.token, id).await.assert_ok();
        }
    }
    let unpaid = app.order(&c.token, s[0], 1).await;
    assert_eq!(unpaid.status, 201, "unpaid orders are not counted");
    let co = app.get("/api/v1/orders?status=paid", Some(&c.token)).await.body["items"][0]["id"].as_i64().unwrap();
    let rq = app.post(&format!("/api/v1/orders/{co}/refunds"), Some(&c.token), json!({"reason": "不要了"})).await;
    let rid = rq.assert_ok()["id"].as_i64().unwrap();
    app.post(&format!("/api/v1/admin/refunds/{rid}/approve"), r, json!({})).await.assert_ok();

    let d = app.get("/api/v1/admin/reports/dashboard?days=7", r).await;
    let d = d.assert_ok();
    assert_eq!(d["days"].as_array().unwrap().len(), 7);
    let today = d["days"][6].clone();
    assert_eq!(today["day"], d["to"]);
    assert_eq!(
        (today["orders"].as_i64(), today["gmv"].as_i64(), today["refunds"].as_i64()),
        (Some(3), Some(30_000), Some(10_000)),
        "{today}"
    );
    assert_eq!((today["visitors"].as_i64(), today["page_views"].as_i64(), today["buyers"].as_i64()), (Some(3), Some(4), Some(2)));
    assert_eq!(today["conversion_bp"], 6666);
    let t = &d["totals"];
    assert_eq!((t["buyers"].as_i64(), t["repeat_buyers"].as_i64(), t["repurchase_bp"].as_i64()), (Some(2), Some(1), Some(5000)), "{t}");
    assert_eq!(t["average_order"], 10_000);
    assert_eq!(t["active_distributors"], 1);
    assert_eq!(d["top_distributors"][0]["user_id"], a.id);
    assert_eq!(d["top_distributors"][0]["commission"], 2 * 1000);
    assert_eq!(d["days"][0]["orders"], 0, "quiet days are listed with zeros");

    // A week later the same orders sit on an earlier day of a 30-day window.
    app.post("/api/v1/dev/clock/advance", None, json!({"seconds": 8 * 86_400})).await.assert_ok();
    let root = app.admin_token().await;
    let d = app.get("/api/v1/admin/reports/dashboard", Some(&root)).await;
    let d = d.assert_ok();
    assert_eq!(d["days"].as_array().unwrap().len(), 30);
    assert_eq!(d["totals"]["orders"], 3);
    assert_eq!(d["days"][29]["orders"], 0);
    // Bad input and the wrong token.
    app.get("/api/v1/admin/reports/dashboard?days=0", Some(&root)).await.assert_problem(422, "validation_failed");
    app.get("/api/v1/admin/reports/dashboard?days=400", Some(&root)).await.assert_problem(422, "validation_failed");
    app.get("/api/v1/admin/reports/dashboard", Some(&b.token)).await.assert_problem(403, "forbidden");
}
both_engines!(dashboard_counts_what_happened_on, dashboard_counts_what_happened);

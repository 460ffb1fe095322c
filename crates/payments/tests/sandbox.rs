//! The real client against the local sandbox over HTTP: every call the mall makes, with signed
//! requests, verified answers and verified, decrypted notifications.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::post;
use fenxiao_payments::wechatpay::sandbox::{Sandbox, SandboxConfig};
use fenxiao_payments::wechatpay::{
    Notification, PlatformKeys, PrepayParams, ProfitSharingParams, ProfitSharingReceiver, RefundParams, SignedHeaders, Signer, Transaction,
    TransferParams, WechatPayClient, WechatPayConfig, WechatPayError, crypto, sandbox_keys as k,
};
use std::sync::{Arc, Mutex};
use std::time::Duration;

type Inbox = Arc<Mutex<Vec<Notification>>>;

async fn receive(State((keys, inbox)): State<(PlatformKeys, Inbox)>, headers: HeaderMap, body: Bytes) -> axum::http::StatusCode {
    let h = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let (t, n, s, se) = (h("Wechatpay-Timestamp"), h("Wechatpay-Nonce"), h("Wechatpay-Signature"), h("Wechatpay-Serial"));
    let sh = SignedHeaders { timestamp: &t, nonce: &n, signature: &s, serial: &se };
    match fenxiao_payments::wechatpay::parse_notification(&keys, k::APIV3_KEY.as_bytes(), &sh, &body, chrono::Utc::now().timestamp()) {
        Ok(note) => {
            inbox.lock().unwrap().push(note);
            axum::http::StatusCode::NO_CONTENT
        }
        Err(_) => axum::http::StatusCode::UNAUTHORIZED,
    }
}

async fn start() -> (WechatPayClient, String, Inbox) {
    fenxiao_payments::install_crypto_provider();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let base = format!("http://127.0.0.1:{port}");
    let (_, merchant_pub) = crypto::certificate_from_pem(k::MERCHANT_CERTIFICATE).unwrap();
    let sb = Sandbox::new(SandboxConfig {
        mchid: k::MCHID.into(),
        appid: k::APPID.into(),
        merchant_public_key: merchant_pub,
        merchant_serial: k::MERCHANT_SERIAL.into(),
        platform_key: Signer::from_pem(k::PLATFORM_PRIVATE_KEY).unwrap(),
        platform_key_id: k::PLATFORM_KEY_ID.into(),
        apiv3_key: k::APIV3_KEY.as_bytes().to_vec(),
        clock: Arc::new(|| chrono::Utc::now().timestamp()),
        settle_delay: Duration::from_millis(20),
    });
    let mut keys = PlatformKeys::new();
    keys.add_public_key(k::PLATFORM_KEY_ID, k::PLATFORM_PUBLIC_KEY).unwrap();
    let inbox: Inbox = Arc::default();
    let notify: Router = Router::new().route("/notify", post(receive)).with_state((keys.clone(), inbox.clone()));
    let app = Router::new().nest("/sandbox/wechatpay", sb.router()).merge(notify);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = WechatPayClient::new(WechatPayConfig {
        base_url: format!("{base}/sandbox/wechatpay"),
        mchid: k::MCHID.into(),
        appid: k::APPID.into(),
        merchant_serial: k::MERCHANT_SERIAL.into(),
        merchant_key: Signer::from_pem(k::MERCHANT_PRIVATE_KEY).unwrap(),
        apiv3_key: k::APIV3_KEY.as_bytes().to_vec(),
        platform: keys,
        notify_url: format!("{base}/notify"),
        refund_notify_url: format!("{base}/notify"),
        transfer_notify_url: format!("{base}/notify"),
    });
    (client, base, inbox)
}

async fn wait_for(inbox: &Inbox, event: &str) -> Notification {
    for _ in 0..200 {
        if let Some(n) = inbox.lock().unwrap().iter().find(|n| n.event_type == event).cloned() {
            return n;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("no {event} notification");
}

#[tokio::test]
async fn prepay_pay_notify_query_refund_close() {
    let (client, base, inbox) = start().await;
    let prepay = client
        .jsapi_prepay(&PrepayParams {
            description: "好茶🍵".into(),
            out_trade_no: "T2026112500001".into(),
            total: 1999,
            openid: "sandbox-alice".into(),
            attach: "order:1".into(),
            time_expire: None,
            profit_sharing: true,
        })
        .await
        .unwrap();
    // Asking again for the same trade gives the same prepay id.
    let again = client
        .jsapi_prepay(&PrepayParams {
            description: "好茶".into(),
            out_trade_no: "T2026112500001".into(),
            total: 1999,
            openid: "sandbox-alice".into(),
            attach: String::new(),
            time_expire: None,
            profit_sharing: true,
        })
        .await
        .unwrap();
    assert_eq!(prepay, again);
    let rp = client.request_payment(&prepay);
    assert_eq!(rp.package, format!("prepay_id={prepay}"));
    let msg = crypto::pay_sign_message(&rp.app_id, &rp.time_stamp, &rp.nonce_str, &rp.package);
    let (_, merchant_pub) = crypto::certificate_from_pem(k::MERCHANT_CERTIFICATE).unwrap();
    crypto::verify(&merchant_pub, msg.as_bytes(), &rp.pay_sign).unwrap();

    assert_eq!(client.query_order("T2026112500001").await.unwrap().trade_state, "NOTPAY");
    let r = reqwest::Client::new()
        .post(format!("{base}/sandbox/wechatpay/pay"))
        .json(&serde_json::json!({"prepay_id": prepay}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let n = wait_for(&inbox, "TRANSACTION.SUCCESS").await;
    let t: Transaction = serde_json::from_slice(&n.plaintext).unwrap();
    assert_eq!((t.out_trade_no.as_str(), t.amount.total, t.trade_state.as_str()), ("T2026112500001", 1999, "SUCCESS"));
    assert_eq!(t.attach.as_deref(), Some("order:1"));
    let q = client.query_order("T2026112500001").await.unwrap();
    assert_eq!(q.transaction_id, t.transaction_id);
    // Paying twice is refused; closing a paid trade is refused.
    let r = reqwest::Client::new()
        .post(format!("{base}/sandbox/wechatpay/pay"))
        .json(&serde_json::json!({"prepay_id": prepay}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(client.close_order("T2026112500001").await.unwrap_err().code(), Some("ORDERPAID"));

    // Refunds: partial, then more than is left is refused.
    let refund = client
        .refund(&RefundParams {
            out_trade_no: "T2026112500001".into(),
            out_refund_no: "R1".into(),
            reason: "质量问题".into(),
            refund: 999,
            total: 1999,
        })
        .await
        .unwrap();
    assert_eq!((refund.status.as_str(), refund.amount.refund), ("PROCESSING", 999));
    let over = client
        .refund(&RefundParams {
            out_trade_no: "T2026112500001".into(),
            out_refund_no: "R2".into(),
            reason: String::new(),
            refund: 1001,
            total: 1999,
        })
        .await
        .unwrap_err();
    assert_eq!(over.code(), Some("NOT_ENOUGH"));
    let rn = wait_for(&inbox, "REFUND.SUCCESS").await;
    let rr: fenxiao_payments::wechatpay::Refund = serde_json::from_slice(&rn.plaintext).unwrap();
    assert_eq!((rr.out_refund_no.as_str(), rr.status.as_str(), rr.amount.refund), ("R1", "SUCCESS", 999));
    assert_eq!(client.query_refund("R1").await.unwrap().status, "SUCCESS");

    // Profit sharing within the 30 % cap; above it refused.
    let tid = t.transaction_id.clone().unwrap();
    let ps = client
        .profit_sharing(&ProfitSharingParams {
            transaction_id: tid.clone(),
            out_order_no: "P1".into(),
            receivers: vec![ProfitSharingReceiver { openid: "sandbox-bob".into(), amount: 500, description: "佣金".into() }],
            unfreeze_unsplit: false,
        })
        .await
        .unwrap();
    assert_eq!(ps.state, "FINISHED");
    assert_eq!(client.query_profit_sharing("P1", &tid).await.unwrap().receivers[0].result, "SUCCESS");
    let too_much = client
        .profit_sharing(&ProfitSharingParams {
            transaction_id: tid.clone(),
            out_order_no: "P2".into(),
            receivers: vec![ProfitSharingReceiver { openid: "sandbox-bob".into(), amount: 200, description: "佣金".into() }],
            unfreeze_unsplit: true,
        })
        .await
        .unwrap_err();
    assert_eq!(too_much.code(), Some("INVALID_REQUEST"));
    client.profit_sharing_return("P1", "RET1", 100, "退款回退").await.unwrap();
    client.profit_sharing_unfreeze(&tid, "U1").await.unwrap();
    client.add_profit_sharing_receiver("sandbox-bob", "DISTRIBUTOR").await.unwrap();

    // An unpaid trade closes.
    client
        .jsapi_prepay(&PrepayParams {
            description: "x".into(),
            out_trade_no: "T2026112500002".into(),
            total: 100,
            openid: "sandbox-alice".into(),
            attach: String::new(),
            time_expire: None,
            profit_sharing: false,
        })
        .await
        .unwrap();
    client.close_order("T2026112500002").await.unwrap();
    assert_eq!(client.query_order("T2026112500002").await.unwrap().trade_state, "CLOSED");
}

#[tokio::test]
async fn transfers_succeed_or_fail_and_notify() {
    let (client, _base, inbox) = start().await;
    let t = |bill: &str, openid: &str, name: Option<&str>, amount| TransferParams {
        out_bill_no: bill.into(),
        scene_id: "1005".into(),
        openid: openid.into(),
        user_name: name.map(String::from),
        amount,
        remark: "佣金提现".into(),
        perception: "劳务报酬".into(),
        report_infos: vec![("岗位类型".into(), "分销员".into()), ("报酬说明".into(), "佣金".into())],
    };
    let ok = client.transfer(&t("W1", "sandbox-bob", None, 1000)).await.unwrap();
    assert_eq!(ok.state, "ACCEPTED");
    // Idempotent by out_bill_no.
    assert_eq!(client.transfer(&t("W1", "sandbox-bob", None, 1000)).await.unwrap().transfer_bill_no, ok.transfer_bill_no);
    // Large amounts need the (encrypted) name.
    let e = client.transfer(&t("W2", "sandbox-bob", None, 300_000)).await.unwrap_err();
    assert_eq!(e.code(), Some("PARAM_ERROR"));
    client.transfer(&t("W3", "sandbox-bob", Some("张三"), 300_000)).await.unwrap();
    client.transfer(&t("W4", "carol-fail", None, 100)).await.unwrap();
    let _ = wait_for(&inbox, "MCHTRANSFER.BILL.FINISHED").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let bills: Vec<fenxiao_payments::wechatpay::TransferBill> = inbox
        .lock()
        .unwrap()
        .iter()
        .filter(|n| n.event_type == "MCHTRANSFER.BILL.FINISHED")
        .map(|n| serde_json::from_slice(&n.plaintext).unwrap())
        .collect();
    assert_eq!(bills.len(), 3);
    assert_eq!(bills.iter().find(|b| b.out_bill_no == "W4").unwrap().state, "FAIL");
    assert_eq!(bills.iter().find(|b| b.out_bill_no == "W1").unwrap().state, "SUCCESS");
    assert_eq!(client.query_transfer("W3").await.unwrap().state, "SUCCESS");
}

#[tokio::test]
async fn a_wrong_merchant_key_is_refused_and_an_unsigned_answer_is_not_trusted() {
    let (client, base, _inbox) = start().await;
    // Requests signed with another key: SIGN_ERROR.
    let mut cfg = client.config().clone();
    cfg.merchant_key = Signer::from_pem(k::PLATFORM_PRIVATE_KEY).unwrap();
    let bad = WechatPayClient::new(cfg);
    match bad.query_order("nope00").await.unwrap_err() {
        WechatPayError::Api { status: 401, code, .. } => assert_eq!(code, "SIGN_ERROR"),
        e => panic!("{e:?}"),
    }
    // Answers signed by a key we do not trust: refused even though the request was fine.
    let mut cfg = client.config().clone();
    let mut other = PlatformKeys::new();
    other.insert(k::PLATFORM_KEY_ID, Signer::from_pem(k::MERCHANT_PRIVATE_KEY).unwrap().public_key());
    cfg.platform = other;
    let distrustful = WechatPayClient::new(cfg);
    let e = distrustful
        .jsapi_prepay(&PrepayParams {
            description: "x".into(),
            out_trade_no: "T2026112500009".into(),
            total: 100,
            openid: "o".into(),
            attach: String::new(),
            time_expire: None,
            profit_sharing: false,
        })
        .await
        .unwrap_err();
    assert!(matches!(e, WechatPayError::Unverified(_)), "{e:?}");
    let _ = base;
}

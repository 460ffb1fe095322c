//! Our own WeChat Pay API v3 client (STACK.md): signed requests, verified responses and
//! notifications, and the calls the mall makes — JSAPI/mini-program prepay with the
//! `wx.requestPayment` bundle, order query and close, refunds, merchant transfers (商家转账, 2025 API)
//! and profit sharing (分账). The base URL is configuration: the real API or the local sandbox
//! ([`sandbox`]), with no special case for either.

pub mod crypto;
pub mod model;
pub mod sandbox;

pub use crypto::{CryptoError, PlatformKeys, SignedHeaders, Signer, VerifyError};
pub use model::*;

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::sync::Arc;
use std::time::Duration;

/// Everything the client needs. `notify_url` receives payment notifications, `refund_notify_url`
/// refund notifications and `transfer_notify_url` transfer results.
#[derive(Clone)]
pub struct WechatPayConfig {
    pub base_url: String,
    pub mchid: String,
    pub appid: String,
    pub merchant_serial: String,
    pub merchant_key: Signer,
    pub apiv3_key: Vec<u8>,
    pub platform: PlatformKeys,
    pub notify_url: String,
    pub refund_notify_url: String,
    pub transfer_notify_url: String,
}

impl std::fmt::Debug for WechatPayConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WechatPayConfig")
            .field("base_url", &self.base_url)
            .field("mchid", &self.mchid)
            .field("appid", &self.appid)
            .field("merchant_serial", &self.merchant_serial)
            .field("platform", &self.platform)
            .field("notify_url", &self.notify_url)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WechatPayError {
    #[error("WeChat Pay could not be reached: {0}")]
    Transport(String),
    #[error("WeChat Pay answered {status} {code}: {message}")]
    Api { status: u16, code: String, message: String },
    #[error("WeChat Pay's answer is not signed by a known platform key: {0}")]
    Unverified(VerifyError),
    #[error("WeChat Pay's answer cannot be read: {0}")]
    Decode(String),
}

impl WechatPayError {
    /// The WeChat error code, for `Api` errors.
    pub fn code(&self) -> Option<&str> {
        match self {
            WechatPayError::Api { code, .. } => Some(code),
            _ => None,
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum NotifyError {
    #[error("signature: {0}")]
    Verify(#[from] VerifyError),
    #[error("the notification body is not a v3 notification")]
    Malformed,
    #[error("the resource cannot be decrypted")]
    Decrypt,
}

#[derive(Clone)]
pub struct WechatPayClient {
    cfg: Arc<WechatPayConfig>,
    http: reqwest::Client,
    clock: Arc<dyn Fn() -> i64 + Send + Sync>,
}

impl std::fmt::Debug for WechatPayClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.cfg.fmt(f)
    }
}

fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Keeps only 1–3-byte UTF-8 characters (WeChat refuses emoji and other 4-byte ones) and at most
/// `max_chars` characters.
pub fn wechat_safe_text(s: &str, max_chars: usize) -> String {
    s.chars().filter(|c| c.len_utf8() <= 3).take(max_chars).collect()
}

impl WechatPayClient {
    pub fn new(cfg: WechatPayConfig) -> Self {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .user_agent(concat!("fenxiao-mall/", env!("CARGO_PKG_VERSION"), " (wechatpay-apiv3)"))
            .build()
            .expect("the HTTP client builds");
        WechatPayClient { cfg: Arc::new(cfg), http, clock: Arc::new(unix_now) }
    }

    /// The clock used to sign and to check response timestamps (tests inject it).
    pub fn with_clock(mut self, clock: Arc<dyn Fn() -> i64 + Send + Sync>) -> Self {
        self.clock = clock;
        self
    }

    pub fn config(&self) -> &WechatPayConfig {
        &self.cfg
    }

    /// The path part of the base URL, which prefixes every signed canonical URL.
    fn path_prefix(&self) -> &str {
        let after_scheme = self.cfg.base_url.split_once("://").map(|x| x.1).unwrap_or(&self.cfg.base_url);
        after_scheme.find('/').map(|i| after_scheme[i..].trim_end_matches('/')).unwrap_or("")
    }

    /// Signs and sends a request; verifies the signature of every answer that carries a body and
    /// parses it. `Ok(None)` for 204.
    async fn call<R: DeserializeOwned>(
        &self,
        method: reqwest::Method,
        path_and_query: &str,
        body: Option<String>,
        extra_serial: Option<&str>,
    ) -> Result<Option<R>, WechatPayError> {
        let canonical = format!("{}{}", self.path_prefix(), path_and_query);
        let url = format!("{}{}", self.cfg.base_url.trim_end_matches('/'), path_and_query);
        let ts = (self.clock)();
        let nonce = crypto::random_nonce(32);
        let body_str = body.unwrap_or_default();
        let msg = crypto::request_message(method.as_str(), &canonical, ts, &nonce, &body_str);
        let sig = self.cfg.merchant_key.sign(msg.as_bytes());
        let mut req = self
            .http
            .request(method, &url)
            .header("Authorization", crypto::authorization(&self.cfg.mchid, &self.cfg.merchant_serial, &nonce, ts, &sig))
            .header("Accept", "application/json");
        if let Some(serial) = extra_serial {
            req = req.header("Wechatpay-Serial", serial);
        }
        if !body_str.is_empty() {
            req = req.header("Content-Type", "application/json").body(body_str);
        }
        let resp = req.send().await.map_err(|e| WechatPayError::Transport(e.to_string()))?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let bytes = resp.bytes().await.map_err(|e| WechatPayError::Transport(e.to_string()))?;
        let request_id = headers.get("Request-ID").and_then(|v| v.to_str().ok()).unwrap_or("");
        tracing::debug!(status, request_id, path = path_and_query, "wechatpay call");
        if !(200..300).contains(&status) {
            let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
            return Err(WechatPayError::Api {
                status,
                code: v["code"].as_str().unwrap_or("UNKNOWN").to_string(),
                message: v["message"].as_str().unwrap_or("").to_string(),
            });
        }
        let h = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        let (t, n, s, se) = (h("Wechatpay-Timestamp"), h("Wechatpay-Nonce"), h("Wechatpay-Signature"), h("Wechatpay-Serial"));
        if t.is_empty() || n.is_empty() || s.is_empty() || se.is_empty() {
            return Err(WechatPayError::Unverified(VerifyError::MissingHeader));
        }
        self.cfg
            .platform
            .verify_signed(&SignedHeaders { timestamp: &t, nonce: &n, signature: &s, serial: &se }, &bytes, (self.clock)())
            .map_err(WechatPayError::Unverified)?;
        if status == 204 || bytes.is_empty() {
            return Ok(None);
        }
        serde_json::from_slice(&bytes).map(Some).map_err(|e| WechatPayError::Decode(e.to_string()))
    }

    async fn post<B: Serialize, R: DeserializeOwned>(&self, path: &str, body: &B) -> Result<R, WechatPayError> {
        let body = serde_json::to_string(body).expect("request bodies serialise");
        self.call(reqwest::Method::POST, path, Some(body), None).await?.ok_or_else(|| WechatPayError::Decode("empty body".into()))
    }

    async fn get<R: DeserializeOwned>(&self, path: &str) -> Result<R, WechatPayError> {
        self.call(reqwest::Method::GET, path, None, None).await?.ok_or_else(|| WechatPayError::Decode("empty body".into()))
    }

    /// `POST /v3/pay/transactions/jsapi` → prepay id.
    pub async fn jsapi_prepay(&self, p: &PrepayParams) -> Result<String, WechatPayError> {
        let body = serde_json::json!({
            "appid": self.cfg.appid,
            "mchid": self.cfg.mchid,
            "description": wechat_safe_text(&p.description, 127),
            "out_trade_no": p.out_trade_no,
            "time_expire": p.time_expire.map(|t| t.with_timezone(&china()).to_rfc3339()),
            "attach": p.attach,
            "notify_url": self.cfg.notify_url,
            "amount": {"total": p.total, "currency": "CNY"},
            "payer": {"openid": p.openid},
            "settle_info": {"profit_sharing": p.profit_sharing},
        });
        let r: PrepayResponse = self.post("/v3/pay/transactions/jsapi", &body).await?;
        Ok(r.prepay_id)
    }

    /// The `wx.requestPayment` parameters for a prepay id, signed with the merchant key.
    pub fn request_payment(&self, prepay_id: &str) -> RequestPayment {
        let time_stamp = (self.clock)().to_string();
        let nonce_str = crypto::random_nonce(32);
        let package = format!("prepay_id={prepay_id}");
        let pay_sign = self.cfg.merchant_key.sign(crypto::pay_sign_message(&self.cfg.appid, &time_stamp, &nonce_str, &package).as_bytes());
        RequestPayment { app_id: self.cfg.appid.clone(), time_stamp, nonce_str, package, sign_type: "RSA".into(), pay_sign }
    }

    /// `GET /v3/pay/transactions/out-trade-no/{no}?mchid=…`.
    pub async fn query_order(&self, out_trade_no: &str) -> Result<Transaction, WechatPayError> {
        self.get(&format!("/v3/pay/transactions/out-trade-no/{out_trade_no}?mchid={}", self.cfg.mchid)).await
    }

    /// `POST /v3/pay/transactions/out-trade-no/{no}/close` (204).
    pub async fn close_order(&self, out_trade_no: &str) -> Result<(), WechatPayError> {
        let body = serde_json::json!({ "mchid": self.cfg.mchid }).to_string();
        self.call::<serde_json::Value>(
            reqwest::Method::POST,
            &format!("/v3/pay/transactions/out-trade-no/{out_trade_no}/close"),
            Some(body),
            None,
        )
        .await?;
        Ok(())
    }

    /// `POST /v3/refund/domestic/refunds`.
    pub async fn refund(&self, r: &RefundParams) -> Result<Refund, WechatPayError> {
        let body = serde_json::json!({
            "out_trade_no": r.out_trade_no,
            "out_refund_no": r.out_refund_no,
            "reason": wechat_safe_text(&r.reason, 80),
            "notify_url": self.cfg.refund_notify_url,
            "amount": {"refund": r.refund, "total": r.total, "currency": "CNY"},
        });
        self.post("/v3/refund/domestic/refunds", &body).await
    }

    /// `GET /v3/refund/domestic/refunds/{out_refund_no}`.
    pub async fn query_refund(&self, out_refund_no: &str) -> Result<Refund, WechatPayError> {
        self.get(&format!("/v3/refund/domestic/refunds/{out_refund_no}")).await
    }

    /// 商家转账 (2025): `POST /v3/fund-app/mch-transfer/transfer-bills`. A name (required from
    /// 2,000 yuan) is RSA-OAEP encrypted to a platform key named in `Wechatpay-Serial`.
    pub async fn transfer(&self, t: &TransferParams) -> Result<TransferBill, WechatPayError> {
        let (serial, user_name) = match &t.user_name {
            Some(name) => {
                let (id, key) = self.cfg.platform.any().ok_or(WechatPayError::Decode("no platform key to encrypt with".into()))?;
                (Some(id.to_string()), Some(crypto::oaep_encrypt(key, name).map_err(|e| WechatPayError::Decode(e.to_string()))?))
            }
            None => (None, None),
        };
        let body = serde_json::json!({
            "appid": self.cfg.appid,
            "out_bill_no": t.out_bill_no,
            "transfer_scene_id": t.scene_id,
            "openid": t.openid,
            "user_name": user_name,
            "transfer_amount": t.amount,
            "transfer_remark": wechat_safe_text(&t.remark, 32),
            "notify_url": self.cfg.transfer_notify_url,
            "user_recv_perception": t.perception,
            "transfer_scene_report_infos": t.report_infos.iter().map(|(k, v)| serde_json::json!({"info_type": k, "info_content": v})).collect::<Vec<_>>(),
        })
        .to_string();
        self.call(reqwest::Method::POST, "/v3/fund-app/mch-transfer/transfer-bills", Some(body), serial.as_deref())
            .await?
            .ok_or_else(|| WechatPayError::Decode("empty body".into()))
    }

    /// `GET /v3/fund-app/mch-transfer/transfer-bills/out-bill-no/{out_bill_no}`.
    pub async fn query_transfer(&self, out_bill_no: &str) -> Result<TransferBill, WechatPayError> {
        self.get(&format!("/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/{out_bill_no}")).await
    }

    /// 分账: `POST /v3/profitsharing/receivers/add` (a distributor as a PERSONAL_OPENID receiver).
    pub async fn add_profit_sharing_receiver(&self, openid: &str, relation: &str) -> Result<serde_json::Value, WechatPayError> {
        let body = serde_json::json!({"appid": self.cfg.appid, "type": "PERSONAL_OPENID", "account": openid, "relation_type": relation});
        self.post("/v3/profitsharing/receivers/add", &body).await
    }

    /// 分账: `POST /v3/profitsharing/orders`.
    pub async fn profit_sharing(&self, p: &ProfitSharingParams) -> Result<ProfitSharingOrder, WechatPayError> {
        if p.receivers.is_empty() || p.receivers.len() > 50 {
            return Err(WechatPayError::Decode("a profit-sharing request takes 1–50 receivers".into()));
        }
        let body = serde_json::json!({
            "appid": self.cfg.appid,
            "transaction_id": p.transaction_id,
            "out_order_no": p.out_order_no,
            "receivers": p.receivers.iter().map(|r| serde_json::json!({
                "type": "PERSONAL_OPENID", "account": r.openid, "amount": r.amount, "description": wechat_safe_text(&r.description, 80)
            })).collect::<Vec<_>>(),
            "unfreeze_unsplit": p.unfreeze_unsplit,
        });
        self.post("/v3/profitsharing/orders", &body).await
    }

    /// 分账: `GET /v3/profitsharing/orders/{out_order_no}?transaction_id=…`.
    pub async fn query_profit_sharing(&self, out_order_no: &str, transaction_id: &str) -> Result<ProfitSharingOrder, WechatPayError> {
        self.get(&format!("/v3/profitsharing/orders/{out_order_no}?transaction_id={transaction_id}")).await
    }

    /// 分账回退: `POST /v3/profitsharing/return-orders`.
    pub async fn profit_sharing_return(
        &self,
        out_order_no: &str,
        out_return_no: &str,
        amount: i64,
        description: &str,
    ) -> Result<serde_json::Value, WechatPayError> {
        let body = serde_json::json!({
            "out_order_no": out_order_no, "out_return_no": out_return_no, "return_mchid": self.cfg.mchid,
            "amount": amount, "description": wechat_safe_text(description, 80),
        });
        self.post("/v3/profitsharing/return-orders", &body).await
    }

    /// 解冻剩余资金: `POST /v3/profitsharing/orders/unfreeze`.
    pub async fn profit_sharing_unfreeze(&self, transaction_id: &str, out_order_no: &str) -> Result<ProfitSharingOrder, WechatPayError> {
        let body = serde_json::json!({"transaction_id": transaction_id, "out_order_no": out_order_no, "description": "解冻全部剩余资金"});
        self.post("/v3/profitsharing/orders/unfreeze", &body).await
    }

    /// Verifies a notification on its raw body (signature, ±5 min) and decrypts its resource.
    pub fn parse_notification(&self, h: &SignedHeaders<'_>, body: &[u8]) -> Result<Notification, NotifyError> {
        parse_notification(&self.cfg.platform, &self.cfg.apiv3_key, h, body, (self.clock)())
    }
}

/// The sandbox's key material: the official SDKs' published test keys (never real secrets). The
/// merchant side is the Java SDK's merchant key and certificate; the platform side its "WeChat Pay"
/// key pair, used in public-key mode under [`SANDBOX_PLATFORM_KEY_ID`].
pub mod sandbox_keys {
    pub const MERCHANT_PRIVATE_KEY: &str = include_str!("testdata/java_merchant_private_key.pem");
    pub const MERCHANT_CERTIFICATE: &str = include_str!("testdata/java_merchant_cert.pem");
    pub const MERCHANT_SERIAL: &str = "5F1C72E2A8931B72A2E13AF8DEE92471EB397115";
    pub const PLATFORM_PRIVATE_KEY: &str = include_str!("testdata/java_wechatpay_private_key.pem");
    pub const PLATFORM_PUBLIC_KEY: &str = include_str!("testdata/java_wechatpay_public_key.pem");
    pub const PLATFORM_KEY_ID: &str = "PUB_KEY_ID_0114232134912410000000000000000000";
    pub const APIV3_KEY: &str = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
    pub const MCHID: &str = "1230000109";
    pub const APPID: &str = "wxd678efh567hg6787";
}

/// Asia/Shanghai (+08:00), the offset WeChat writes its times in.
pub fn china() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(8 * 3600).expect("+08:00 is a valid offset")
}

/// Verifies and decrypts a notification (see [`WechatPayClient::parse_notification`]).
pub fn parse_notification(
    keys: &PlatformKeys,
    apiv3_key: &[u8],
    h: &SignedHeaders<'_>,
    body: &[u8],
    now_unix: i64,
) -> Result<Notification, NotifyError> {
    if h.timestamp.is_empty() || h.nonce.is_empty() || h.signature.is_empty() || h.serial.is_empty() {
        return Err(VerifyError::MissingHeader.into());
    }
    keys.verify_signed(h, body, now_unix)?;
    let env: NotificationEnvelope = serde_json::from_slice(body).map_err(|_| NotifyError::Malformed)?;
    if env.resource.algorithm != "AEAD_AES_256_GCM" {
        return Err(NotifyError::Malformed);
    }
    let plain = crypto::aead_decrypt(apiv3_key, &env.resource.nonce, &env.resource.associated_data, &env.resource.ciphertext)
        .map_err(|_| NotifyError::Decrypt)?;
    Ok(Notification {
        id: env.id,
        event_type: env.event_type,
        original_type: env.resource.original_type,
        create_time: env.create_time,
        plaintext: plain,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const JAVA_WXP_PUB: &str = include_str!("testdata/java_wechatpay_public_key.pem");
    const D1_BODY: &str = r#"{"id":"EV-2026-0001","create_time":"2026-01-01T12:00:05+08:00","resource_type":"encrypt-resource","event_type":"TRANSACTION.SUCCESS","summary":"支付成功","resource":{"original_type":"transaction","algorithm":"AEAD_AES_256_GCM","ciphertext":"WGYQSp5Uc1kdc1Z/YKf+DmPgRiIqic6kNfUFjpapF4FodK+BwWbgjAhJ809+yOeMPsXnjiQeFqnGErw/SBa9FhQ+CcBxJDDHolDUJ0VFI348YVsfkUFavd/riVnxkd8W+ul6Tv5opyWtk0QYTL9YvgJ+Uef4j+Fr95860VDaaHxwkLzzq4JlD8F12DJFluA1LV5izE2LophDOlyP0KIz0mZiO8t/RFkCw0vrXuVyKZgAzGpTuvky5lHCAGuIgKMCiydbansNnLDbVTrnePX5EfcFkZWXbOhvrkZ9unlVL+Q6eSOd+EWkhR76j1XsnOnC6u4pPCZMJtJjrrHrybQtiMVV4PfUEV0nYeHT2JQMe0hE8zB8Xo3GBj2+4LhkTzOJFyAY2mnif5rPMHSMLbV1gQh8u+aPc7e31HiYXert4wSShSZP/nXf01L2Ynmz4oOj0VAXGCdHBaS3tKsk63d5Rb0PRPEWN/zd28FV8iq+IvAWnLYMCWPGIP0nf8sMkAIx9tL03f+3MDBFDb8CydtP6y5NdY4iipzBzthi+RK7BAwSGFqGxQrkISW1DPwp11Mfteh6j+iUdA==","associated_data":"transaction","nonce":"5K8264ILTKCH"}}"#;
    const D1_SIG: &str = "b739LYDANjVw5Tn+wwQj5/9BkqCQhYS18XNDKWLSXtVWD9DZOWCMLFOsdP/p1HeUvKnahGo1N1MAADb3oDxaMnwZtV9kkq6FXzd3Eux1yOjrPxdtQr6ZIl8u/sp9G1cVuTzWQIX81N9f/v+dWaPwQFJdGKytDEX1K6qNwn+Fd4e/xsdHA4LW+xutilMzQX8rA2+8NYZj2VN4WreAsTjGKoXXGnmseaezvB/DWj9kB4aKvrpAWtnjClG5ybPq7N5NuiyDL+Dh9xo7xB9PPA6cl0zhtOgNfPOo0qA1UWQWseiGn6CBFS4fA8jXUWlRm3IsvhxNRVNjFyVwQcEdYISNrA==";

    fn d1_keys() -> PlatformKeys {
        let mut k = PlatformKeys::new();
        k.add_public_key("PUB_KEY_ID_0000000000000024101100397200000006", JAVA_WXP_PUB).unwrap();
        k
    }

    fn d1_headers() -> SignedHeaders<'static> {
        SignedHeaders {
            timestamp: "1767240005",
            nonce: "n0nceFromHeader0123456789abcdef0",
            signature: D1_SIG,
            serial: "PUB_KEY_ID_0000000000000024101100397200000006",
        }
    }

    #[test]
    fn v_d1_payment_notification_in_public_key_mode() {
        use sha2::Digest;
        assert_eq!(
            hex::encode(sha2::Sha256::digest(D1_BODY.as_bytes())),
            "d71ff3513ba68e9ec1ccae47f30682a6790cef6579ae6f13b4d671dd9eee95c6"
        );
        let n = parse_notification(&d1_keys(), b"a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb", &d1_headers(), D1_BODY.as_bytes(), 1767240005 + 10)
            .unwrap();
        assert_eq!(n.id, "EV-2026-0001");
        assert_eq!(n.event_type, "TRANSACTION.SUCCESS");
        let t: Transaction = serde_json::from_slice(&n.plaintext).unwrap();
        assert_eq!(t.out_trade_no, "MALL20260101000001");
        assert_eq!(t.transaction_id.as_deref(), Some("4200000000202601010000000001"));
        assert_eq!(t.trade_state, "SUCCESS");
        assert_eq!(t.amount.total, 1999);
        assert_eq!(t.mchid, "1230000109");
        assert_eq!(t.payer.as_ref().unwrap().openid, "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o");
    }

    #[test]
    fn v_d1_rejections() {
        let key = b"a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
        let now = 1767240005;
        // Stale.
        assert_eq!(
            parse_notification(&d1_keys(), key, &d1_headers(), D1_BODY.as_bytes(), now + 400),
            Err(NotifyError::Verify(VerifyError::StaleTimestamp))
        );
        // Forged: body changed by one amount digit.
        let forged = D1_BODY.replace("EV-2026-0001", "EV-2026-0002");
        assert_eq!(
            parse_notification(&d1_keys(), key, &d1_headers(), forged.as_bytes(), now),
            Err(NotifyError::Verify(VerifyError::BadSignature))
        );
        // Missing header.
        let h = SignedHeaders { signature: "", ..d1_headers() };
        assert_eq!(parse_notification(&d1_keys(), key, &h, D1_BODY.as_bytes(), now), Err(NotifyError::Verify(VerifyError::MissingHeader)));
        // Right signature, wrong APIv3 key: cannot decrypt.
        assert_eq!(
            parse_notification(&d1_keys(), b"0000000000000000000000000000000x", &d1_headers(), D1_BODY.as_bytes(), now),
            Err(NotifyError::Decrypt)
        );
    }

    #[test]
    fn emoji_are_stripped_for_wechat() {
        assert_eq!(wechat_safe_text("好茶🍵 tea", 100), "好茶 tea");
        assert_eq!(wechat_safe_text("abcdef", 3), "abc");
    }
}

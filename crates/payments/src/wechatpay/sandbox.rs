//! A local WeChat Pay: the v3 endpoints our client calls, speaking the real wire protocol. It checks
//! the merchant's request signature, signs every answer with its own platform key, and sends
//! signed, AES-256-GCM-encrypted notifications to the notify URL given at prepay (payments) or in
//! the refund/transfer request — exactly what WeChat does, so the client and the notification
//! handler run the production code path. State is in memory: it is a development tool.
//!
//! Extra, sandbox-only routes: `POST /pay {prepay_id, notify?}` (the shopper pays; `notify: false`
//! holds the notification back, as a lost callback would) and `POST /notify {out_trade_no}`
//! (delivers the payment notification again, as WeChat's retries do).
//! Sandbox rules: an openid ending in `-fail` makes transfers fail (`ACCOUNT_NOT_EXIST`); profit
//! sharing is capped at 30 % of the order, the common default maximum ratio.

use super::crypto::{self, Signer};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use rsa::PublicKey;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub struct SandboxConfig {
    pub mchid: String,
    pub appid: String,
    /// The merchant's public key, to check request signatures.
    pub merchant_public_key: PublicKey,
    pub merchant_serial: String,
    /// The sandbox's platform key and the id it announces in `Wechatpay-Serial`.
    pub platform_key: Signer,
    pub platform_key_id: String,
    pub apiv3_key: Vec<u8>,
    /// Unix seconds; the server passes its service clock so the dev clock moves both sides.
    pub clock: Arc<dyn Fn() -> i64 + Send + Sync>,
    /// Delay before a refund or transfer completes and its notification goes out.
    pub settle_delay: Duration,
}

#[derive(Debug, Clone)]
struct Trade {
    appid: String,
    total: i64,
    openid: String,
    notify_url: String,
    attach: String,
    state: &'static str,
    transaction_id: Option<String>,
    success_time: Option<String>,
    refunded: i64,
    profit_sharing: bool,
    shared: i64,
}

#[derive(Default)]
struct Data {
    trades: HashMap<String, Trade>,
    prepay: HashMap<String, String>,
    refunds: HashMap<String, Value>,
    transfers: HashMap<String, Value>,
    sharing: HashMap<String, Value>,
    seq: u64,
}

#[derive(Clone)]
pub struct Sandbox {
    cfg: Arc<SandboxConfig>,
    data: Arc<Mutex<Data>>,
    http: reqwest::Client,
}

fn err(status: StatusCode, code: &str, message: &str) -> (StatusCode, Value) {
    (status, json!({"code": code, "message": message}))
}

fn china_time(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0).unwrap_or_default().with_timezone(&super::china()).to_rfc3339()
}

impl Sandbox {
    pub fn new(cfg: SandboxConfig) -> Self {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().expect("the HTTP client builds");
        Sandbox { cfg: Arc::new(cfg), data: Arc::new(Mutex::new(Data::default())), http }
    }

    /// The router, to nest where the client's base URL points (e.g. `/sandbox/wechatpay`).
    pub fn router(&self) -> Router {
        Router::new().route("/pay", post(pay_route)).route("/notify", post(renotify_route)).fallback(dispatch).with_state(self.clone())
    }

    fn now(&self) -> i64 {
        (self.cfg.clock)()
    }

    /// Signs an answer the way WeChat Pay does.
    fn signed(&self, status: StatusCode, body: Option<Value>) -> Response {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let ts = self.now().to_string();
        let nonce = crypto::random_nonce(32);
        let sig = self.cfg.platform_key.sign(&crypto::response_message(&ts, &nonce, body.as_bytes()));
        let has_body = !body.is_empty();
        let mut resp = if has_body { (status, body).into_response() } else { status.into_response() };
        let h = resp.headers_mut();
        let hv = |s: &str| HeaderValue::from_str(s).unwrap_or(HeaderValue::from_static(""));
        h.insert("Wechatpay-Timestamp", hv(&ts));
        h.insert("Wechatpay-Nonce", hv(&nonce));
        h.insert("Wechatpay-Signature", hv(&sig));
        h.insert("Wechatpay-Serial", hv(&self.cfg.platform_key_id));
        h.insert("Request-ID", hv(&crypto::random_nonce(24)));
        if has_body {
            h.insert("Content-Type", HeaderValue::from_static("application/json"));
        }
        resp
    }

    fn check_signature(&self, method: &Method, uri: &Uri, headers: &HeaderMap, body: &[u8]) -> Result<(), (StatusCode, Value)> {
        let auth = headers.get("Authorization").and_then(|v| v.to_str().ok()).unwrap_or("");
        let f = crypto::parse_authorization(auth).ok_or_else(|| err(StatusCode::UNAUTHORIZED, "SIGN_ERROR", "Authorization 格式错误"))?;
        let get = |k: &str| f.get(k).cloned().unwrap_or_default();
        if get("mchid") != self.cfg.mchid {
            return Err(err(StatusCode::UNAUTHORIZED, "SIGN_ERROR", "商户号与签名不匹配"));
        }
        if !get("serial_no").eq_ignore_ascii_case(&self.cfg.merchant_serial) {
            return Err(err(StatusCode::UNAUTHORIZED, "SIGN_ERROR", "证书序列号错误"));
        }
        let ts: i64 = get("timestamp").parse().map_err(|_| err(StatusCode::UNAUTHORIZED, "SIGN_ERROR", "时间戳错误"))?;
        if (self.now() - ts).abs() >= 300 {
            return Err(err(StatusCode::UNAUTHORIZED, "SIGN_ERROR", "请求已过期"));
        }
        let canonical = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
        let body = std::str::from_utf8(body).map_err(|_| err(StatusCode::BAD_REQUEST, "PARAM_ERROR", "body 不是 UTF-8"))?;
        let msg = crypto::request_message(method.as_str(), canonical, ts, &get("nonce_str"), body);
        crypto::verify(&self.cfg.merchant_public_key, msg.as_bytes(), &get("signature"))
            .map_err(|_| err(StatusCode::UNAUTHORIZED, "SIGN_ERROR", "签名错误"))
    }

    fn transaction_json(&self, out_trade_no: &str, t: &Trade) -> Value {
        json!({
            "appid": t.appid, "mchid": self.cfg.mchid, "out_trade_no": out_trade_no,
            "transaction_id": t.transaction_id, "trade_type": "JSAPI", "trade_state": t.state,
            "trade_state_desc": match t.state { "SUCCESS" => "支付成功", "NOTPAY" => "未支付", "CLOSED" => "已关闭", "REFUND" => "转入退款", _ => "" },
            "bank_type": "OTHERS", "attach": t.attach, "success_time": t.success_time,
            "payer": {"openid": t.openid},
            "amount": {"total": t.total, "payer_total": t.total, "currency": "CNY", "payer_currency": "CNY"},
        })
    }

    /// Sends a signed, encrypted notification like WeChat's; returns the HTTP status it got.
    pub async fn send_notification(
        &self,
        url: &str,
        event_type: &str,
        original_type: &str,
        summary: &str,
        resource: &Value,
    ) -> Result<u16, String> {
        let nonce = crypto::random_nonce(12);
        let ct =
            crypto::aead_encrypt(&self.cfg.apiv3_key, &nonce, original_type, resource.to_string().as_bytes()).map_err(|e| e.to_string())?;
        let body = json!({
            "id": format!("{}-{}", original_type, crypto::random_nonce(20)),
            "create_time": china_time(self.now()),
            "resource_type": "encrypt-resource",
            "event_type": event_type,
            "summary": summary,
            "resource": {"original_type": original_type, "algorithm": "AEAD_AES_256_GCM", "ciphertext": ct, "associated_data": original_type, "nonce": nonce},
        })
        .to_string();
        self.post_signed(url, body).await
    }

    /// POSTs an already-built notification body with fresh signature headers.
    async fn post_signed(&self, url: &str, body: String) -> Result<u16, String> {
        let ts = self.now().to_string();
        let nonce = crypto::random_nonce(32);
        let sig = self.cfg.platform_key.sign(&crypto::response_message(&ts, &nonce, body.as_bytes()));
        let r = self
            .http
            .post(url)
            .header("Content-Type", "application/json")
            .header("Wechatpay-Timestamp", ts)
            .header("Wechatpay-Nonce", nonce)
            .header("Wechatpay-Signature", sig)
            .header("Wechatpay-Serial", self.cfg.platform_key_id.clone())
            .header("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048")
            .body(body)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        Ok(r.status().as_u16())
    }

    /// Sends a notification, retrying a few times in the background when it is not acknowledged
    /// (WeChat retries for a day; the sandbox for a few seconds).
    fn deliver(&self, url: String, event_type: &'static str, original_type: &'static str, summary: &'static str, resource: Value) {
        let sb = self.clone();
        tokio::spawn(async move {
            for attempt in 0..4u64 {
                match sb.send_notification(&url, event_type, original_type, summary, &resource).await {
                    Ok(s) if (200..300).contains(&s) => return,
                    other => tracing::warn!(?other, attempt, url, event_type, "sandbox notification not acknowledged"),
                }
                tokio::time::sleep(Duration::from_millis(500 * (attempt + 1))).await;
            }
        });
    }

    /// The shopper pays for a prepay id. Returns the HTTP status the notify URL answered (or
    /// `None` when the notification was held back).
    pub async fn pay(&self, prepay_id: &str, notify: bool) -> Result<Option<u16>, (StatusCode, Value)> {
        let (url, resource) = {
            let mut d = self.data.lock().expect("sandbox lock");
            let no =
                d.prepay.get(prepay_id).cloned().ok_or_else(|| err(StatusCode::NOT_FOUND, "RESOURCE_NOT_EXISTS", "prepay_id 不存在"))?;
            let now = self.now();
            d.seq += 1;
            let seq = d.seq;
            let t = d.trades.get_mut(&no).expect("prepay points at a trade");
            match t.state {
                "NOTPAY" => {}
                "CLOSED" => return Err(err(StatusCode::BAD_REQUEST, "ORDER_CLOSED", "订单已关闭")),
                _ => return Err(err(StatusCode::BAD_REQUEST, "ORDERPAID", "订单已支付")),
            }
            t.state = "SUCCESS";
            t.transaction_id =
                Some(format!("4200{}{:012}", chrono::DateTime::from_timestamp(now, 0).unwrap_or_default().format("%Y%m%d"), seq));
            t.success_time = Some(china_time(now));
            let t = t.clone();
            (t.notify_url.clone(), self.transaction_json(&no, &t))
        };
        if !notify {
            return Ok(None);
        }
        match self.send_notification(&url, "TRANSACTION.SUCCESS", "transaction", "支付成功", &resource).await {
            Ok(s) if (200..300).contains(&s) => Ok(Some(s)),
            other => {
                tracing::warn!(?other, "payment notification not acknowledged; retrying in the background");
                self.deliver(url, "TRANSACTION.SUCCESS", "transaction", "支付成功", resource);
                Ok(other.ok())
            }
        }
    }

    /// Delivers the payment notification of a paid trade again.
    pub async fn renotify(&self, out_trade_no: &str) -> Result<u16, (StatusCode, Value)> {
        let (url, resource) = {
            let d = self.data.lock().expect("sandbox lock");
            let t = d.trades.get(out_trade_no).ok_or_else(|| err(StatusCode::NOT_FOUND, "ORDER_NOT_EXIST", "订单不存在"))?;
            if t.transaction_id.is_none() {
                return Err(err(StatusCode::BAD_REQUEST, "ORDERNOTPAID", "订单未支付"));
            }
            (t.notify_url.clone(), self.transaction_json(out_trade_no, t))
        };
        self.send_notification(&url, "TRANSACTION.SUCCESS", "transaction", "支付成功", &resource)
            .await
            .map_err(|e| err(StatusCode::BAD_GATEWAY, "NOTIFY_FAILED", &e))
    }

    fn handle(
        &self,
        method: &Method,
        path: &str,
        query: &HashMap<String, String>,
        body: &Value,
    ) -> Result<(StatusCode, Option<Value>), (StatusCode, Value)> {
        let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
        let s = |k: &str| body[k].as_str().unwrap_or("").to_string();
        match (method.as_str(), segs.as_slice()) {
            ("POST", ["v3", "pay", "transactions", "jsapi"]) => {
                if s("mchid") != self.cfg.mchid || s("appid") != self.cfg.appid {
                    return Err(err(StatusCode::BAD_REQUEST, "MCH_NOT_EXISTS", "商户号或 appid 不匹配"));
                }
                let no = s("out_trade_no");
                let total = body["amount"]["total"].as_i64().unwrap_or(0);
                let desc = s("description");
                if !(6..=32).contains(&no.len())
                    || total <= 0
                    || desc.is_empty()
                    || s("notify_url").is_empty()
                    || body["payer"]["openid"].as_str().unwrap_or("").is_empty()
                {
                    return Err(err(StatusCode::BAD_REQUEST, "PARAM_ERROR", "参数错误"));
                }
                if desc.chars().any(|c| c.len_utf8() > 3) {
                    return Err(err(StatusCode::BAD_REQUEST, "PARAM_ERROR", "description 含有不支持的字符"));
                }
                let mut d = self.data.lock().expect("sandbox lock");
                if let Some(t) = d.trades.get(&no) {
                    if t.state != "NOTPAY" {
                        return Err(err(
                            StatusCode::BAD_REQUEST,
                            if t.state == "CLOSED" { "ORDER_CLOSED" } else { "ORDERPAID" },
                            "订单状态不可支付",
                        ));
                    }
                    if t.total != total {
                        return Err(err(StatusCode::BAD_REQUEST, "OUT_TRADE_NO_USED", "商户订单号重复"));
                    }
                    let existing = d.prepay.iter().find(|(_, v)| **v == no).map(|(k, _)| k.clone());
                    if let Some(p) = existing {
                        return Ok((StatusCode::OK, Some(json!({"prepay_id": p}))));
                    }
                }
                d.seq += 1;
                let prepay_id = format!("wx{}{}", crypto::random_nonce(16).to_ascii_lowercase(), d.seq);
                d.trades.insert(
                    no.clone(),
                    Trade {
                        appid: s("appid"),
                        total,
                        openid: body["payer"]["openid"].as_str().unwrap_or("").into(),
                        notify_url: s("notify_url"),
                        attach: s("attach"),
                        state: "NOTPAY",
                        transaction_id: None,
                        success_time: None,
                        refunded: 0,
                        profit_sharing: body["settle_info"]["profit_sharing"].as_bool().unwrap_or(false),
                        shared: 0,
                    },
                );
                d.prepay.insert(prepay_id.clone(), no);
                Ok((StatusCode::OK, Some(json!({"prepay_id": prepay_id}))))
            }
            ("GET", ["v3", "pay", "transactions", "out-trade-no", no]) => {
                if query.get("mchid").map(|m| m.as_str()) != Some(self.cfg.mchid.as_str()) {
                    return Err(err(StatusCode::BAD_REQUEST, "PARAM_ERROR", "mchid 缺失或错误"));
                }
                let d = self.data.lock().expect("sandbox lock");
                let t = d.trades.get(*no).ok_or_else(|| err(StatusCode::NOT_FOUND, "ORDER_NOT_EXIST", "订单不存在"))?;
                Ok((StatusCode::OK, Some(self.transaction_json(no, t))))
            }
            ("POST", ["v3", "pay", "transactions", "out-trade-no", no, "close"]) => {
                let mut d = self.data.lock().expect("sandbox lock");
                let t = d.trades.get_mut(*no).ok_or_else(|| err(StatusCode::NOT_FOUND, "ORDER_NOT_EXIST", "订单不存在"))?;
                match t.state {
                    "NOTPAY" | "CLOSED" => {
                        t.state = "CLOSED";
                        Ok((StatusCode::NO_CONTENT, None))
                    }
                    _ => Err(err(StatusCode::BAD_REQUEST, "ORDERPAID", "订单已支付")),
                }
            }
            ("POST", ["v3", "refund", "domestic", "refunds"]) => {
                let no = s("out_trade_no");
                let rno = s("out_refund_no");
                let refund = body["amount"]["refund"].as_i64().unwrap_or(0);
                let total = body["amount"]["total"].as_i64().unwrap_or(0);
                let mut d = self.data.lock().expect("sandbox lock");
                if let Some(existing) = d.refunds.get(&rno) {
                    return Ok((StatusCode::OK, Some(existing.clone())));
                }
                let t = d.trades.get_mut(&no).ok_or_else(|| err(StatusCode::NOT_FOUND, "RESOURCE_NOT_EXISTS", "订单不存在"))?;
                if t.transaction_id.is_none() {
                    return Err(err(StatusCode::BAD_REQUEST, "INVALID_REQUEST", "订单未支付"));
                }
                if total != t.total || refund <= 0 || rno.is_empty() {
                    return Err(err(StatusCode::BAD_REQUEST, "PARAM_ERROR", "退款金额参数错误"));
                }
                if t.refunded + refund > t.total {
                    return Err(err(StatusCode::BAD_REQUEST, "NOT_ENOUGH", "可退金额不足"));
                }
                t.refunded += refund;
                t.state = "REFUND";
                let tid = t.transaction_id.clone();
                d.seq += 1;
                let r = json!({
                    "refund_id": format!("5030{:016}", d.seq), "out_refund_no": rno, "transaction_id": tid, "out_trade_no": no,
                    "channel": "ORIGINAL", "user_received_account": "支付用户零钱", "create_time": china_time(self.now()),
                    "status": "PROCESSING", "funds_account": "AVAILABLE",
                    "amount": {"total": total, "refund": refund, "payer_total": total, "payer_refund": refund, "settlement_refund": refund, "settlement_total": total, "discount_refund": 0, "currency": "CNY"},
                });
                d.refunds.insert(rno.clone(), r.clone());
                drop(d);
                let sb = self.clone();
                let url = s("notify_url");
                tokio::spawn(async move {
                    tokio::time::sleep(sb.cfg.settle_delay).await;
                    let resource = {
                        let mut d = sb.data.lock().expect("sandbox lock");
                        let Some(r) = d.refunds.get_mut(&rno) else { return };
                        r["status"] = json!("SUCCESS");
                        r["success_time"] = json!(china_time(sb.now()));
                        json!({
                            "mchid": sb.cfg.mchid, "out_trade_no": r["out_trade_no"], "transaction_id": r["transaction_id"],
                            "out_refund_no": r["out_refund_no"], "refund_id": r["refund_id"], "refund_status": "SUCCESS",
                            "success_time": r["success_time"], "user_received_account": r["user_received_account"],
                            "amount": {"total": r["amount"]["total"], "refund": r["amount"]["refund"], "payer_total": r["amount"]["payer_total"], "payer_refund": r["amount"]["payer_refund"]},
                        })
                    };
                    if !url.is_empty() {
                        sb.deliver(url, "REFUND.SUCCESS", "refund", "退款成功", resource);
                    }
                });
                Ok((StatusCode::OK, Some(r)))
            }
            ("GET", ["v3", "refund", "domestic", "refunds", rno]) => {
                let d = self.data.lock().expect("sandbox lock");
                d.refunds
                    .get(*rno)
                    .cloned()
                    .map(|r| (StatusCode::OK, Some(r)))
                    .ok_or_else(|| err(StatusCode::NOT_FOUND, "RESOURCE_NOT_EXISTS", "退款单不存在"))
            }
            ("POST", ["v3", "fund-app", "mch-transfer", "transfer-bills"]) => {
                let bill = s("out_bill_no");
                let amount = body["transfer_amount"].as_i64().unwrap_or(0);
                let openid = s("openid");
                if s("appid") != self.cfg.appid || bill.is_empty() || amount <= 0 || openid.is_empty() || s("transfer_scene_id").is_empty()
                {
                    return Err(err(StatusCode::BAD_REQUEST, "PARAM_ERROR", "参数错误"));
                }
                if amount >= 200_000 && body["user_name"].as_str().is_none() {
                    return Err(err(StatusCode::BAD_REQUEST, "PARAM_ERROR", "转账金额 >= 2000 元时收款用户姓名必填"));
                }
                if let Some(name) = body["user_name"].as_str() {
                    self.cfg
                        .platform_key
                        .oaep_decrypt(name)
                        .map_err(|_| err(StatusCode::BAD_REQUEST, "PARAM_ERROR", "user_name 解密失败"))?;
                }
                let mut d = self.data.lock().expect("sandbox lock");
                if let Some(existing) = d.transfers.get(&bill) {
                    return Ok((StatusCode::OK, Some(existing.clone())));
                }
                d.seq += 1;
                let t = json!({
                    "out_bill_no": bill, "transfer_bill_no": format!("1330{:016}", d.seq), "create_time": china_time(self.now()),
                    "state": "ACCEPTED", "transfer_amount": amount, "openid": openid, "mch_id": self.cfg.mchid,
                });
                d.transfers.insert(bill.clone(), t.clone());
                drop(d);
                let sb = self.clone();
                let url = s("notify_url");
                tokio::spawn(async move {
                    tokio::time::sleep(sb.cfg.settle_delay).await;
                    let resource = {
                        let mut d = sb.data.lock().expect("sandbox lock");
                        let Some(t) = d.transfers.get_mut(&bill) else { return };
                        if openid.ends_with("-fail") {
                            t["state"] = json!("FAIL");
                            t["fail_reason"] = json!("ACCOUNT_NOT_EXIST");
                        } else {
                            t["state"] = json!("SUCCESS");
                        }
                        t["update_time"] = json!(china_time(sb.now()));
                        t.clone()
                    };
                    if !url.is_empty() {
                        sb.deliver(url, "MCHTRANSFER.BILL.FINISHED", "mch_payment", "商家转账单据终态通知", resource);
                    }
                });
                Ok((StatusCode::OK, Some(t)))
            }
            ("GET", ["v3", "fund-app", "mch-transfer", "transfer-bills", "out-bill-no", bill]) => {
                let d = self.data.lock().expect("sandbox lock");
                d.transfers
                    .get(*bill)
                    .cloned()
                    .map(|r| (StatusCode::OK, Some(r)))
                    .ok_or_else(|| err(StatusCode::NOT_FOUND, "NOT_FOUND", "转账单不存在"))
            }
            ("POST", ["v3", "profitsharing", "receivers", "add"]) => Ok((
                StatusCode::OK,
                Some(json!({"type": body["type"], "account": body["account"], "relation_type": body["relation_type"]})),
            )),
            ("POST", ["v3", "profitsharing", "orders"]) => {
                let tid = s("transaction_id");
                let ono = s("out_order_no");
                let mut d = self.data.lock().expect("sandbox lock");
                if let Some(existing) = d.sharing.get(&ono) {
                    return Ok((StatusCode::OK, Some(existing.clone())));
                }
                let t = d
                    .trades
                    .values_mut()
                    .find(|t| t.transaction_id.as_deref() == Some(tid.as_str()))
                    .ok_or_else(|| err(StatusCode::NOT_FOUND, "RESOURCE_NOT_EXISTS", "订单不存在"))?;
                if !t.profit_sharing {
                    return Err(err(StatusCode::FORBIDDEN, "NO_AUTH", "订单未设置分账"));
                }
                let receivers = body["receivers"].as_array().cloned().unwrap_or_default();
                let sum: i64 = receivers.iter().map(|r| r["amount"].as_i64().unwrap_or(0)).sum();
                if receivers.is_empty() || receivers.len() > 50 || receivers.iter().any(|r| r["amount"].as_i64().unwrap_or(0) <= 0) {
                    return Err(err(StatusCode::BAD_REQUEST, "PARAM_ERROR", "分账接收方参数错误"));
                }
                if (t.shared + sum) * 10_000 > t.total * 3_000 {
                    return Err(err(StatusCode::BAD_REQUEST, "INVALID_REQUEST", "分账金额超出最大分账比例"));
                }
                t.shared += sum;
                d.seq += 1;
                let o = json!({
                    "transaction_id": tid, "out_order_no": ono, "order_id": format!("3008{:016}", d.seq), "state": "FINISHED",
                    "receivers": receivers.iter().map(|r| json!({"amount": r["amount"], "description": r["description"], "type": r["type"], "account": r["account"], "result": "SUCCESS", "create_time": china_time(self.now()), "finish_time": china_time(self.now())})).collect::<Vec<_>>(),
                });
                d.sharing.insert(ono, o.clone());
                Ok((StatusCode::OK, Some(o)))
            }
            ("GET", ["v3", "profitsharing", "orders", ono]) => {
                let d = self.data.lock().expect("sandbox lock");
                d.sharing
                    .get(*ono)
                    .cloned()
                    .map(|r| (StatusCode::OK, Some(r)))
                    .ok_or_else(|| err(StatusCode::NOT_FOUND, "RESOURCE_NOT_EXISTS", "分账单不存在"))
            }
            ("POST", ["v3", "profitsharing", "return-orders"]) => {
                let d = self.data.lock().expect("sandbox lock");
                if !d.sharing.contains_key(&s("out_order_no")) {
                    return Err(err(StatusCode::NOT_FOUND, "RESOURCE_NOT_EXISTS", "分账单不存在"));
                }
                Ok((
                    StatusCode::OK,
                    Some(
                        json!({"out_order_no": s("out_order_no"), "out_return_no": s("out_return_no"), "amount": body["amount"], "result": "SUCCESS", "return_mchid": self.cfg.mchid}),
                    ),
                ))
            }
            ("POST", ["v3", "profitsharing", "orders", "unfreeze"]) => Ok((
                StatusCode::OK,
                Some(
                    json!({"transaction_id": s("transaction_id"), "out_order_no": s("out_order_no"), "order_id": "unfreeze", "state": "FINISHED", "receivers": []}),
                ),
            )),
            _ => Err(err(StatusCode::NOT_FOUND, "NOT_FOUND", "接口不存在")),
        }
    }
}

async fn dispatch(
    State(sb): State<Sandbox>,
    method: Method,
    uri: Uri,
    OriginalUri(orig): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err((status, v)) = sb.check_signature(&method, &orig, &headers, &body) {
        return sb.signed(status, Some(v));
    }
    let json_body: Value = if body.is_empty() {
        Value::Null
    } else {
        match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(_) => return sb.signed(StatusCode::BAD_REQUEST, Some(json!({"code": "PARAM_ERROR", "message": "body 不是 JSON"}))),
        }
    };
    let query: HashMap<String, String> =
        uri.query().unwrap_or("").split('&').filter_map(|kv| kv.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect();
    match sb.handle(&method, uri.path(), &query, &json_body) {
        Ok((status, body)) => sb.signed(status, body),
        Err((status, v)) => sb.signed(status, Some(v)),
    }
}

async fn pay_route(State(sb): State<Sandbox>, axum::Json(b): axum::Json<Value>) -> Response {
    let prepay = b["prepay_id"].as_str().unwrap_or("");
    let notify = b["notify"].as_bool().unwrap_or(true);
    match sb.pay(prepay, notify).await {
        Ok(status) => axum::Json(json!({"trade_state": "SUCCESS", "notified": status.is_some(), "notify_status": status})).into_response(),
        Err((status, v)) => (status, axum::Json(v)).into_response(),
    }
}

async fn renotify_route(State(sb): State<Sandbox>, axum::Json(b): axum::Json<Value>) -> Response {
    match sb.renotify(b["out_trade_no"].as_str().unwrap_or("")).await {
        Ok(s) => axum::Json(json!({"notify_status": s})).into_response(),
        Err((status, v)) => (status, axum::Json(v)).into_response(),
    }
}

//! Paying orders, the wallet, WeChat Pay notifications, and the finance views (payments, refunds,
//! wallet adjustments, reconciliation).

use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{Json, Path, Query, Shopper, Staff};
use crate::routes::orders::{OrderDto, detail_dto};
use crate::routes::{Page, PageQuery};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use fenxiao_payments::wechatpay::{RequestPayment, SignedHeaders};
use fenxiao_services::payments::{NotificationError, PayAnswer, Reconciliation, WechatPayment};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(pay_order))
        .routes(routes!(wechat_notify))
        .routes(routes!(wechat_refund_notify))
        .routes(routes!(get_wallet))
        .routes(routes!(wallet_transactions))
        .routes(routes!(top_up))
        .routes(routes!(adjust_wallet))
        .routes(routes!(list_payments))
        .routes(routes!(list_refunds))
        .routes(routes!(retry_refund))
        .routes(routes!(reconciliation))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PayBody {
    /// `balance` or `wechat`.
    pub method: String,
}

/// The `wx.requestPayment` parameters.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WechatParamsDto {
    #[serde(rename = "prepay_id")]
    pub prepay_id: String,
    pub app_id: String,
    pub time_stamp: String,
    pub nonce_str: String,
    pub package: String,
    pub sign_type: String,
    pub pay_sign: String,
}

fn params_dto(prepay_id: String, p: RequestPayment) -> WechatParamsDto {
    WechatParamsDto {
        prepay_id,
        app_id: p.app_id,
        time_stamp: p.time_stamp,
        nonce_str: p.nonce_str,
        package: p.package,
        sign_type: p.sign_type,
        pay_sign: p.pay_sign,
    }
}

/// A WeChat payment to complete in the client (`wx.requestPayment`, or the sandbox sheet when
/// `sandbox` is true).
#[derive(Serialize, ToSchema)]
pub struct WechatPayDto {
    pub order_id: Option<i64>,
    pub top_up_id: Option<i64>,
    pub out_trade_no: String,
    pub amount: i64,
    pub sandbox: bool,
    pub wechat: WechatParamsDto,
}

fn wechat_dto(order_id: Option<i64>, p: WechatPayment) -> WechatPayDto {
    WechatPayDto {
        order_id,
        top_up_id: order_id.is_none().then_some(p.payment_id),
        out_trade_no: p.out_trade_no,
        amount: p.amount,
        sandbox: p.sandbox,
        wechat: params_dto(p.prepay_id, p.params),
    }
}

/// Pays a pending order: `balance` answers the paid order; `wechat` answers the parameters for
/// `wx.requestPayment` (the order turns paid when WeChat's notification arrives).
#[utoipa::path(post, path = "/api/v1/orders/{id}/pay", tag = "payments", security(("bearer" = [])), params(("id" = i64, Path)), request_body = PayBody,
    responses((status = 200, description = "the paid order (balance) or `WechatPayDto` (wechat)", body = OrderDto),
        (status = 409, description = "insufficient_balance, invalid_transition", body = crate::routes::Problem),
        (status = 503, description = "payment_method_unavailable", body = crate::routes::Problem)))]
async fn pay_order(State(s): State<AppState>, me: Shopper, Path(id): Path<i64>, Json(b): Json<PayBody>) -> ApiResult<Response> {
    Ok(match s.services.pay_order(me.user_id, id, &b.method).await? {
        PayAnswer::Paid(d) => axum::Json(detail_dto(*d)).into_response(),
        PayAnswer::Wechat { order_id, payment } => axum::Json(wechat_dto(Some(order_id), *payment)).into_response(),
    })
}

fn fail(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(serde_json::json!({"code": "FAIL", "message": message}))).into_response()
}

fn signed_headers(h: &HeaderMap) -> [String; 4] {
    let g = |n: &str| h.get(n).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    [g("Wechatpay-Timestamp"), g("Wechatpay-Nonce"), g("Wechatpay-Signature"), g("Wechatpay-Serial")]
}

pub(crate) fn notify_response(r: Result<(), NotificationError>) -> Response {
    match r {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(NotificationError::Unverified(e)) => {
            tracing::warn!(error = %e, "refused a WeChat Pay notification");
            fail(StatusCode::UNAUTHORIZED, "signature verification failed")
        }
        Err(NotificationError::NotConfigured) => fail(StatusCode::NOT_FOUND, "WeChat Pay is not configured"),
        Err(NotificationError::Failed(e)) => {
            tracing::error!(error = %e, "processing a WeChat Pay notification failed");
            fail(StatusCode::INTERNAL_SERVER_ERROR, "processing failed, retry later")
        }
    }
}

/// WeChat Pay payment notification: verified on the raw body (signature, ±5 minutes), decrypted,
/// checked against our merchant and the amount, processed once per notification id. 204 when done;
/// 401 when the signature does not verify (nothing changes).
#[utoipa::path(post, path = "/api/v1/payments/wechat/notify", tag = "payments",
    request_body(content = String, content_type = "application/json", description = "the notification exactly as WeChat Pay sends it"),
    responses((status = 204), (status = 401, description = "`{code: FAIL}`: not signed by WeChat Pay")))]
async fn wechat_notify(State(s): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let [t, n, sig, se] = signed_headers(&headers);
    let h = SignedHeaders { timestamp: &t, nonce: &n, signature: &sig, serial: &se };
    notify_response(s.services.handle_payment_notification(&h, &body).await)
}

/// WeChat Pay refund notification (`REFUND.SUCCESS`, `REFUND.ABNORMAL`, `REFUND.CLOSED`).
#[utoipa::path(post, path = "/api/v1/payments/wechat/refund-notify", tag = "payments",
    request_body(content = String, content_type = "application/json", description = "the notification exactly as WeChat Pay sends it"),
    responses((status = 204), (status = 401, description = "`{code: FAIL}`: not signed by WeChat Pay")))]
async fn wechat_refund_notify(State(s): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let [t, n, sig, se] = signed_headers(&headers);
    let h = SignedHeaders { timestamp: &t, nonce: &n, signature: &sig, serial: &se };
    notify_response(s.services.handle_refund_notification(&h, &body).await)
}

#[derive(Serialize, ToSchema)]
pub struct WalletDto {
    /// Stored value, fen.
    pub balance: i64,
    /// Points (the marketing issue fills these; 0 until then).
    pub points: i64,
}

#[utoipa::path(get, path = "/api/v1/me/wallet", tag = "payments", security(("bearer" = [])), responses((status = 200, body = WalletDto)))]
async fn get_wallet(State(s): State<AppState>, me: Shopper) -> ApiResult<axum::Json<WalletDto>> {
    Ok(axum::Json(WalletDto {
        balance: s.services.wallet_balance(me.user_id).await?,
        points: s.services.store.points_balance(me.user_id).await.map_err(fenxiao_services::ServiceError::from)?,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct WalletTransactionDto {
    pub id: i64,
    /// Signed fen: positive into the wallet.
    pub amount: i64,
    pub balance_after: i64,
    /// `order_payment`, `top_up`, `refund`, `adjustment`.
    pub kind: String,
    pub memo: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Deserialize, IntoParams)]
pub struct PageParams {
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

#[utoipa::path(get, path = "/api/v1/me/wallet/transactions", tag = "payments", security(("bearer" = [])), params(PageParams),
    responses((status = 200, body = Page<WalletTransactionDto>)))]
async fn wallet_transactions(
    State(s): State<AppState>,
    me: Shopper,
    Query(q): Query<PageParams>,
) -> ApiResult<axum::Json<Page<WalletTransactionDto>>> {
    let (page, page_size) = PageQuery { page: q.page, page_size: q.page_size }.resolve()?;
    let (items, total) = s.services.wallet_transactions(me.user_id, page, page_size).await?;
    Ok(axum::Json(Page {
        items: items
            .into_iter()
            .map(|t| WalletTransactionDto {
                id: t.id,
                amount: t.amount,
                balance_after: t.balance_after,
                kind: t.kind.into(),
                memo: t.memo,
                created_at: t.created_at,
            })
            .collect(),
        total,
        page,
        page_size,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TopUpBody {
    /// Fen, 100 (¥1) to 1,000,000 (¥10,000).
    pub amount: i64,
}

/// Starts a wallet top-up through WeChat Pay; the wallet is credited when the payment notification arrives.
#[utoipa::path(post, path = "/api/v1/me/wallet/top-ups", tag = "payments", security(("bearer" = [])), request_body = TopUpBody,
    responses((status = 200, body = WechatPayDto), (status = 422, body = crate::routes::Problem), (status = 503, body = crate::routes::Problem)))]
async fn top_up(State(s): State<AppState>, me: Shopper, Json(b): Json<TopUpBody>) -> ApiResult<axum::Json<WechatPayDto>> {
    Ok(axum::Json(wechat_dto(None, s.services.top_up(me.user_id, b.amount).await?)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdjustBody {
    /// Signed fen: positive credits the wallet, negative debits it.
    pub amount: i64,
    pub reason: String,
}

#[derive(Serialize, ToSchema)]
pub struct BalanceDto {
    pub balance: i64,
}

/// Credits or debits a shopper's wallet (finance; audited; `Idempotency-Key` makes a retry post once).
#[utoipa::path(post, path = "/api/v1/admin/users/{id}/wallet-adjustments", tag = "payments", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = AdjustBody, responses((status = 200, body = BalanceDto), (status = 409, description = "insufficient_balance", body = crate::routes::Problem)))]
async fn adjust_wallet(
    State(s): State<AppState>,
    st: Staff,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Json(b): Json<AdjustBody>,
) -> ApiResult<axum::Json<BalanceDto>> {
    let key = headers.get("Idempotency-Key").and_then(|v| v.to_str().ok());
    Ok(axum::Json(BalanceDto { balance: s.services.adjust_wallet(&st.0, id, b.amount, &b.reason, key).await? }))
}

#[derive(Serialize, ToSchema)]
pub struct PaymentDto {
    pub id: i64,
    pub out_trade_no: String,
    /// `order` or `top_up`.
    pub purpose: String,
    pub order_id: Option<i64>,
    pub user_id: i64,
    /// `balance` or `wechat`.
    pub method: String,
    pub amount: i64,
    pub refunded: i64,
    /// `pending`, `paid`, `closed`.
    pub status: String,
    pub transaction_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub paid_at: Option<DateTime<Utc>>,
}

#[derive(Deserialize, IntoParams)]
pub struct PaymentQuery {
    pub status: Option<String>,
    pub method: Option<String>,
    pub user_id: Option<i64>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

#[utoipa::path(get, path = "/api/v1/admin/payments", tag = "payments", security(("bearer" = [])), params(PaymentQuery),
    responses((status = 200, body = Page<PaymentDto>)))]
async fn list_payments(State(s): State<AppState>, st: Staff, Query(q): Query<PaymentQuery>) -> ApiResult<axum::Json<Page<PaymentDto>>> {
    let (page, page_size) = PageQuery { page: q.page, page_size: q.page_size }.resolve()?;
    let nonempty = |o: &Option<String>| o.as_deref().filter(|x| !x.is_empty()).map(String::from);
    let (status, method) = (nonempty(&q.status), nonempty(&q.method));
    let (items, total) = s.services.admin_payments(&st.0, status.as_deref(), method.as_deref(), q.user_id, page, page_size).await?;
    Ok(axum::Json(Page {
        items: items
            .into_iter()
            .map(|p| PaymentDto {
                id: p.id,
                out_trade_no: p.out_trade_no,
                purpose: p.purpose,
                order_id: p.order_id,
                user_id: p.user_id,
                method: p.method,
                amount: p.amount,
                refunded: p.refunded,
                status: p.status,
                transaction_id: p.transaction_id,
                created_at: p.created_at,
                paid_at: p.paid_at,
            })
            .collect(),
        total,
        page,
        page_size,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct RefundDto {
    pub id: i64,
    pub payment_id: i64,
    pub out_refund_no: String,
    /// The after-sale it pays; none for a late payment returned in full.
    pub after_sale_id: Option<i64>,
    pub amount: i64,
    pub method: String,
    /// `processing`, `succeeded`, `failed`.
    pub status: String,
    pub reason: String,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

fn refund_dto(r: fenxiao_store::RefundRecord, method: String) -> RefundDto {
    RefundDto {
        id: r.id,
        payment_id: r.payment_id,
        out_refund_no: r.out_refund_no,
        after_sale_id: r.after_sale_id,
        amount: r.amount,
        method,
        status: r.status,
        reason: r.reason,
        created_at: r.created_at,
        finished_at: r.finished_at,
    }
}

#[utoipa::path(get, path = "/api/v1/admin/payment-refunds", tag = "payments", security(("bearer" = [])), params(PageParams),
    responses((status = 200, body = Page<RefundDto>)))]
async fn list_refunds(State(s): State<AppState>, st: Staff, Query(q): Query<PageParams>) -> ApiResult<axum::Json<Page<RefundDto>>> {
    let (page, page_size) = PageQuery { page: q.page, page_size: q.page_size }.resolve()?;
    let (items, total) = s.services.admin_refunds(&st.0, page, page_size).await?;
    Ok(axum::Json(Page { items: items.into_iter().map(|(r, m)| refund_dto(r, m)).collect(), total, page, page_size }))
}

/// Sends a failed channel refund again (finance; audited).
#[utoipa::path(post, path = "/api/v1/admin/payment-refunds/{id}/retry", tag = "payments", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = RefundDto), (status = 409, description = "invalid_transition", body = crate::routes::Problem)))]
async fn retry_refund(State(s): State<AppState>, st: Staff, Path(id): Path<i64>) -> ApiResult<axum::Json<RefundDto>> {
    let r = s.services.retry_refund(&st.0, id).await?;
    let method = s.services.store.get_payment(r.payment_id).await.map(|p| p.method).unwrap_or_default();
    Ok(axum::Json(refund_dto(r, method)))
}

#[derive(Serialize, ToSchema)]
pub struct CheckDto {
    pub name: String,
    pub expected: i64,
    pub actual: i64,
    pub ok: bool,
}

#[derive(Serialize, ToSchema)]
pub struct AccountTotalDto {
    pub kind: String,
    pub accounts: i64,
    pub balance: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ReconciliationDto {
    /// True when every check holds.
    pub balanced: bool,
    pub generated_at: DateTime<Utc>,
    pub checks: Vec<CheckDto>,
    pub accounts: Vec<AccountTotalDto>,
    pub entries: i64,
    /// Verified notifications that did not match a payment (staff review them).
    pub quarantined_notifications: u64,
}

/// Ledger totals that must balance, and whether they do.
#[utoipa::path(get, path = "/api/v1/admin/reports/reconciliation", tag = "payments", security(("bearer" = [])),
    responses((status = 200, body = ReconciliationDto)))]
async fn reconciliation(State(s): State<AppState>, st: Staff) -> ApiResult<axum::Json<ReconciliationDto>> {
    let r: Reconciliation = s.services.reconciliation(&st.0).await?;
    Ok(axum::Json(ReconciliationDto {
        balanced: r.balanced,
        generated_at: r.generated_at,
        checks: r.checks.into_iter().map(|c| CheckDto { name: c.name.into(), expected: c.expected, actual: c.actual, ok: c.ok }).collect(),
        accounts: r.accounts.into_iter().map(|a| AccountTotalDto { kind: a.kind, accounts: a.accounts, balance: a.balance }).collect(),
        entries: r.entries,
        quarantined_notifications: r.quarantined_notifications,
    }))
}

//! Shopper cart, address book, checkout and orders.

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path, Query, Shopper};
use crate::routes::{Page, PageQuery};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use fenxiao_domain::ValidationError;
use fenxiao_domain::order::OrderStatus;
use fenxiao_services::cart::{AddressInput, AddressView, CartLineView};
use fenxiao_services::orders::{CheckoutRequest, OrderDetail, specs_of};
use fenxiao_services::{AfterSaleRecord, OrderEventRecord, OrderRecord, Reservation};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_cart, add_to_cart))
        .routes(routes!(update_cart_line, delete_cart_line))
        .routes(routes!(list_addresses, add_address))
        .routes(routes!(update_address, delete_address))
        .routes(routes!(quote))
        .routes(routes!(list_orders, place_order))
        .routes(routes!(get_order))
        .routes(routes!(cancel_order))
        .routes(routes!(confirm_receipt))
        .routes(routes!(request_refund))
}

// ---------- views ----------

#[derive(Serialize, ToSchema)]
pub struct CartLineDto {
    pub id: i64,
    pub sku_id: i64,
    pub product_id: i64,
    pub product_name: String,
    pub image: String,
    pub specs: BTreeMap<String, String>,
    /// What the caller pays per unit now (distributor price for distributors).
    pub unit_price: i64,
    pub quantity: i64,
    pub stock: i64,
    pub available: bool,
}

impl From<CartLineView> for CartLineDto {
    fn from(c: CartLineView) -> Self {
        CartLineDto {
            id: c.id,
            sku_id: c.sku_id,
            product_id: c.product_id,
            product_name: c.product_name,
            image: c.image,
            specs: c.specs,
            unit_price: c.unit_price,
            quantity: c.quantity,
            stock: c.stock,
            available: c.available,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CartDto {
    pub items: Vec<CartLineDto>,
    /// Sum of available lines, fen (before shipping and discounts).
    pub subtotal: i64,
}

fn cart_dto(lines: Vec<CartLineView>) -> CartDto {
    let subtotal = lines.iter().filter(|l| l.available).map(|l| l.unit_price * l.quantity).sum();
    CartDto { items: lines.into_iter().map(Into::into).collect(), subtotal }
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct AddressDto {
    pub id: i64,
    pub name: String,
    /// Masked, e.g. `138****5678`.
    pub phone: String,
    pub province: String,
    pub city: String,
    pub district: String,
    pub detail: String,
    pub is_default: bool,
}

impl From<AddressView> for AddressDto {
    fn from(a: AddressView) -> Self {
        AddressDto {
            id: a.id,
            name: a.name,
            phone: a.phone,
            province: a.province,
            city: a.city,
            district: a.district,
            detail: a.detail,
            is_default: a.is_default,
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddressBody {
    pub name: String,
    pub phone: String,
    pub province: String,
    pub city: String,
    pub district: String,
    pub detail: String,
    #[serde(default)]
    pub is_default: bool,
}

impl From<AddressBody> for AddressInput {
    fn from(b: AddressBody) -> Self {
        AddressInput {
            name: b.name,
            phone: b.phone,
            province: b.province,
            city: b.city,
            district: b.district,
            detail: b.detail,
            is_default: b.is_default,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct OrderLineDto {
    pub id: i64,
    pub product_id: i64,
    pub sku_id: i64,
    pub product_name: String,
    pub specs: BTreeMap<String, String>,
    pub image: String,
    pub unit_price: i64,
    pub quantity: i64,
    pub list_amount: i64,
    pub activity_discount: i64,
    pub coupon_discount: i64,
    pub points_discount: i64,
    /// The line after every discount, shipping excluded.
    pub paid_amount: i64,
    pub shipping_share: i64,
    pub refunded_quantity: i64,
}

#[derive(Serialize, ToSchema)]
pub struct OrderEventDto {
    pub from_status: Option<String>,
    pub to_status: String,
    pub event: String,
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    pub note: String,
    pub at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct AfterSaleLineDto {
    pub order_line_id: i64,
    pub quantity: i64,
    pub amount: i64,
}

#[derive(Serialize, ToSchema)]
pub struct AfterSaleDto {
    pub id: i64,
    pub order_id: i64,
    pub user_id: i64,
    /// `refund_only` or `return_and_refund`.
    pub kind: String,
    /// `refund_requested`, `refund_approved`, `refund_rejected`, `refunded`.
    pub status: String,
    pub reason: String,
    /// What will be refunded, fen.
    pub amount: i64,
    pub reject_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub lines: Vec<AfterSaleLineDto>,
}

impl From<AfterSaleRecord> for AfterSaleDto {
    fn from(a: AfterSaleRecord) -> Self {
        AfterSaleDto {
            id: a.id,
            order_id: a.order_id,
            user_id: a.user_id,
            kind: a.kind.as_str().into(),
            status: a.status.as_str().into(),
            reason: a.reason,
            amount: a.amount,
            reject_reason: a.reject_reason,
            created_at: a.created_at,
            decided_at: a.decided_at,
            lines: a
                .lines
                .into_iter()
                .map(|l| AfterSaleLineDto { order_line_id: l.order_line_id, quantity: l.quantity, amount: l.amount })
                .collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct OrderDto {
    pub id: i64,
    pub order_no: String,
    pub user_id: i64,
    /// `pending_payment`, `paid`, `shipped`, `received`, `completed`, `cancelled`, `refunded`.
    pub status: String,
    pub goods_amount: i64,
    pub activity_discount: i64,
    pub coupon_discount: i64,
    pub points_discount: i64,
    pub shipping_fee: i64,
    pub total: i64,
    pub note: String,
    pub pay_deadline: DateTime<Utc>,
    pub paid_at: Option<DateTime<Utc>>,
    pub shipped_at: Option<DateTime<Utc>>,
    pub carrier: Option<String>,
    pub tracking_no: Option<String>,
    pub received_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub cancel_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub user_coupon_id: Option<i64>,
    /// Points spent on the order (1 point = 1 fen of `points_discount`).
    pub points_used: i64,
    /// Points earned when the order was received (net of units refunded before).
    pub points_earned: i64,
    /// `flash_sale` or `group_buy` when bought through an activity.
    pub activity_kind: Option<String>,
    pub activity_id: Option<i64>,
    pub group_id: Option<i64>,
    pub lines: Vec<OrderLineDto>,
    /// Present on single-order answers.
    pub address: Option<AddressDto>,
    /// Every transition with actor and time (single-order answers).
    pub history: Option<Vec<OrderEventDto>>,
    pub after_sales: Option<Vec<AfterSaleDto>>,
    /// The commission explanation: who earns what on which line, by which rule (single-order answers).
    pub commissions: Option<Vec<crate::routes::distribution::CommissionDto>>,
    /// Payments of the order, any status (single-order answers).
    pub payments: Option<Vec<OrderPaymentDto>>,
}

#[derive(Serialize, ToSchema)]
pub struct OrderPaymentDto {
    pub method: String,
    pub status: String,
    pub amount: i64,
    pub refunded: i64,
    pub paid_at: Option<DateTime<Utc>>,
}

pub fn order_dto(o: OrderRecord) -> OrderDto {
    OrderDto {
        id: o.id,
        order_no: o.order_no,
        user_id: o.user_id,
        status: o.status.as_str().into(),
        goods_amount: o.goods_amount,
        activity_discount: o.activity_discount,
        coupon_discount: o.coupon_discount,
        points_discount: o.points_discount,
        shipping_fee: o.shipping_fee,
        total: o.total,
        note: o.note,
        pay_deadline: o.pay_deadline,
        paid_at: o.paid_at,
        shipped_at: o.shipped_at,
        carrier: o.carrier,
        tracking_no: o.tracking_no,
        received_at: o.received_at,
        completed_at: o.completed_at,
        cancelled_at: o.cancelled_at,
        cancel_reason: o.cancel_reason,
        created_at: o.created_at,
        user_coupon_id: o.user_coupon_id,
        points_used: o.points_used,
        points_earned: o.points_earned,
        activity_kind: o.activity_kind,
        activity_id: o.activity_id,
        group_id: o.group_id,
        lines: o
            .lines
            .into_iter()
            .map(|l| OrderLineDto {
                id: l.id,
                product_id: l.product_id,
                sku_id: l.sku_id,
                product_name: l.product_name,
                specs: specs_of(&l.sku_specs),
                image: l.image,
                unit_price: l.unit_price,
                quantity: l.quantity,
                list_amount: l.list_amount,
                activity_discount: l.activity_discount,
                coupon_discount: l.coupon_discount,
                points_discount: l.points_discount,
                paid_amount: l.paid_amount,
                shipping_share: l.shipping_share,
                refunded_quantity: l.refunded_quantity,
            })
            .collect(),
        address: None,
        history: None,
        after_sales: None,
        commissions: None,
        payments: None,
    }
}

fn event_dto(e: OrderEventRecord) -> OrderEventDto {
    OrderEventDto {
        from_status: e.from_status,
        to_status: e.to_status,
        event: e.event,
        actor_kind: e.actor_kind,
        actor_id: e.actor_id,
        note: e.note,
        at: e.at,
    }
}

pub fn detail_dto(d: OrderDetail) -> OrderDto {
    let mut o = order_dto(d.order);
    o.address = Some(d.address.into());
    o.history = Some(d.events.into_iter().map(event_dto).collect());
    o.after_sales = Some(d.after_sales.into_iter().map(Into::into).collect());
    o.commissions = Some(d.commissions.into_iter().map(crate::routes::distribution::commission_dto).collect());
    o.payments = Some(
        d.payments
            .into_iter()
            .map(|p| OrderPaymentDto { method: p.method, status: p.status, amount: p.amount, refunded: p.refunded, paid_at: p.paid_at })
            .collect(),
    );
    o
}

// ---------- cart ----------

#[utoipa::path(get, path = "/api/v1/cart/items", tag = "orders", security(("bearer" = [])), responses((status = 200, body = CartDto)))]
async fn get_cart(State(s): State<AppState>, me: Shopper) -> ApiResult<axum::Json<CartDto>> {
    Ok(axum::Json(cart_dto(s.services.cart(me.user_id).await?)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CartAdd {
    pub sku_id: i64,
    /// 1..9999; merged with a line of the same SKU.
    pub quantity: i64,
}

#[utoipa::path(post, path = "/api/v1/cart/items", tag = "orders", security(("bearer" = [])), request_body = CartAdd,
    responses((status = 200, body = CartDto), (status = 422, body = crate::routes::Problem), (status = 409, body = crate::routes::Problem)))]
async fn add_to_cart(State(s): State<AppState>, me: Shopper, Json(b): Json<CartAdd>) -> ApiResult<axum::Json<CartDto>> {
    Ok(axum::Json(cart_dto(s.services.cart_add(me.user_id, b.sku_id, b.quantity).await?)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CartQuantity {
    pub quantity: i64,
}

#[utoipa::path(patch, path = "/api/v1/cart/items/{id}", tag = "orders", security(("bearer" = [])), request_body = CartQuantity, params(("id" = i64, Path)),
    responses((status = 200, body = CartDto), (status = 404, body = crate::routes::Problem), (status = 422, body = crate::routes::Problem)))]
async fn update_cart_line(
    State(s): State<AppState>,
    me: Shopper,
    Path(id): Path<i64>,
    Json(b): Json<CartQuantity>,
) -> ApiResult<axum::Json<CartDto>> {
    Ok(axum::Json(cart_dto(s.services.cart_set_quantity(me.user_id, id, b.quantity).await?)))
}

#[utoipa::path(delete, path = "/api/v1/cart/items/{id}", tag = "orders", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = crate::routes::Problem)))]
async fn delete_cart_line(State(s): State<AppState>, me: Shopper, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    s.services.cart_remove(me.user_id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---------- addresses ----------

#[utoipa::path(get, path = "/api/v1/me/addresses", tag = "orders", security(("bearer" = [])), responses((status = 200, body = Vec<AddressDto>)))]
async fn list_addresses(State(s): State<AppState>, me: Shopper) -> ApiResult<axum::Json<Vec<AddressDto>>> {
    Ok(axum::Json(s.services.addresses(me.user_id).await?.into_iter().map(Into::into).collect()))
}

#[utoipa::path(post, path = "/api/v1/me/addresses", tag = "orders", security(("bearer" = [])), request_body = AddressBody,
    responses((status = 201, body = AddressDto), (status = 422, body = crate::routes::Problem)))]
async fn add_address(
    State(s): State<AppState>,
    me: Shopper,
    Json(b): Json<AddressBody>,
) -> ApiResult<(StatusCode, axum::Json<AddressDto>)> {
    Ok((StatusCode::CREATED, axum::Json(s.services.add_address(me.user_id, b.into()).await?.into())))
}

#[utoipa::path(put, path = "/api/v1/me/addresses/{id}", tag = "orders", security(("bearer" = [])), request_body = AddressBody, params(("id" = i64, Path)),
    responses((status = 200, body = AddressDto), (status = 404, body = crate::routes::Problem), (status = 422, body = crate::routes::Problem)))]
async fn update_address(
    State(s): State<AppState>,
    me: Shopper,
    Path(id): Path<i64>,
    Json(b): Json<AddressBody>,
) -> ApiResult<axum::Json<AddressDto>> {
    Ok(axum::Json(s.services.update_address(me.user_id, id, b.into()).await?.into()))
}

#[utoipa::path(delete, path = "/api/v1/me/addresses/{id}", tag = "orders", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = crate::routes::Problem)))]
async fn delete_address(State(s): State<AppState>, me: Shopper, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    s.services.delete_address(me.user_id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---------- checkout ----------

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemBody {
    pub sku_id: i64,
    pub quantity: i64,
}

/// Either `items` or `from_cart: true`; either `address_id`, an inline `address`, or neither (the
/// default address).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckoutBody {
    pub items: Option<Vec<ItemBody>>,
    #[serde(default)]
    pub from_cart: bool,
    pub address_id: Option<i64>,
    pub address: Option<AddressBody>,
    #[serde(default)]
    pub note: String,
    /// One of the caller's coupons (`/me/coupons`).
    pub user_coupon_id: Option<i64>,
    /// Points to spend (1 point = 1 fen), at most the quote's `points.max_usable`.
    #[serde(default)]
    pub points: i64,
    /// Buy through a running flash sale (one line: its SKU).
    pub flash_sale_id: Option<i64>,
    /// Buy through a group buy: opens a group, or joins `group_id`.
    pub group_buy_id: Option<i64>,
    pub group_id: Option<i64>,
}

impl From<CheckoutBody> for CheckoutRequest {
    fn from(b: CheckoutBody) -> Self {
        CheckoutRequest {
            items: b.items.map(|v| v.into_iter().map(|i| (i.sku_id, i.quantity)).collect()),
            from_cart: b.from_cart,
            address_id: b.address_id,
            address: b.address.map(Into::into),
            note: b.note,
            marketing: fenxiao_services::marketing::MarketingAsk {
                user_coupon_id: b.user_coupon_id,
                points: b.points,
                flash_sale_id: b.flash_sale_id,
                group_buy_id: b.group_buy_id,
                group_id: b.group_id,
            },
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct QuoteLineDto {
    pub sku_id: i64,
    pub product_name: String,
    pub specs: BTreeMap<String, String>,
    pub image: String,
    pub quantity: i64,
    pub unit_price: i64,
    pub list_amount: i64,
    pub paid_amount: i64,
    pub shipping_share: i64,
    pub stock: i64,
}

#[derive(Serialize, ToSchema)]
pub struct QuoteDto {
    pub lines: Vec<QuoteLineDto>,
    pub goods_amount: i64,
    pub activity_discount: i64,
    pub coupon_discount: i64,
    pub points_discount: i64,
    pub shipping_fee: i64,
    pub total: i64,
    /// The caller's coupons as they apply to this checkout.
    pub coupons: Vec<CouponOptionDto>,
    /// The coupon giving the largest discount (earliest expiry on a tie).
    pub best_user_coupon_id: Option<i64>,
    pub points: QuotePointsDto,
    pub activity: Option<QuoteActivityDto>,
}

#[derive(Serialize, ToSchema)]
pub struct CouponOptionDto {
    pub user_coupon_id: i64,
    pub name: String,
    pub discount: i64,
    pub usable: bool,
    /// Why not usable: `out_of_scope`, `below_threshold`, `not_started`, ...
    pub reason: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct QuotePointsDto {
    pub balance: i64,
    pub max_usable: i64,
    pub used: i64,
}

#[derive(Serialize, ToSchema)]
pub struct QuoteActivityDto {
    /// `flash_sale` or `group_buy`.
    pub kind: String,
    pub id: i64,
    pub unit_price: i64,
}

/// Prices a checkout (freight included) without placing it.
#[utoipa::path(post, path = "/api/v1/checkout/quote", tag = "orders", security(("bearer" = [])), request_body = CheckoutBody,
    responses((status = 200, body = QuoteDto), (status = 422, body = crate::routes::Problem)))]
async fn quote(State(s): State<AppState>, me: Shopper, Json(b): Json<CheckoutBody>) -> ApiResult<axum::Json<QuoteDto>> {
    let (q, _) = s.services.quote_checkout(me.user_id, &b.into()).await?;
    let p = q.priced;
    Ok(axum::Json(QuoteDto {
        lines: p
            .lines
            .iter()
            .zip(&q.skus)
            .map(|(l, sk)| QuoteLineDto {
                sku_id: l.sku_id,
                product_name: sk.product_name.clone(),
                specs: sk.sku.specs.clone(),
                image: sk.product_image.clone(),
                quantity: l.quantity,
                unit_price: l.unit_price,
                list_amount: l.list_amount,
                paid_amount: l.paid_amount,
                shipping_share: l.shipping_share,
                stock: sk.sku.stock,
            })
            .collect(),
        goods_amount: p.goods_amount,
        activity_discount: p.activity_discount,
        coupon_discount: p.coupon_discount,
        points_discount: p.points_discount,
        shipping_fee: p.shipping,
        total: p.total,
        coupons: q
            .coupons
            .into_iter()
            .map(|c| CouponOptionDto {
                user_coupon_id: c.user_coupon_id,
                name: c.name,
                discount: c.discount,
                usable: c.usable,
                reason: c.reason.map(Into::into),
            })
            .collect(),
        best_user_coupon_id: q.best_user_coupon_id,
        points: QuotePointsDto { balance: q.points_balance, max_usable: q.points_max, used: p.points_discount },
        activity: q.activity.map(|a| QuoteActivityDto { kind: a.kind.into(), id: a.id, unit_price: a.unit_price }),
    }))
}

fn idempotency_key(h: &HeaderMap) -> ApiResult<Option<String>> {
    match h.get("idempotency-key") {
        None => Ok(None),
        Some(v) => {
            let k = v.to_str().map_err(|_| ApiError::from(ValidationError::field("Idempotency-Key", "invalid_format")))?.trim();
            if k.is_empty() || k.len() > 128 || !k.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(ValidationError::field("Idempotency-Key", "invalid_format").into());
            }
            Ok(Some(k.to_string()))
        }
    }
}

/// Places an order; stock is reserved at once and released if it is not paid in time. With an
/// `Idempotency-Key`, a repeat of a successful request answers the first order again.
#[utoipa::path(post, path = "/api/v1/orders", tag = "orders", security(("bearer" = [])), request_body = CheckoutBody,
    params(("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = OrderDto), (status = 409, body = crate::routes::Problem), (status = 422, body = crate::routes::Problem)))]
async fn place_order(State(s): State<AppState>, me: Shopper, headers: HeaderMap, Json(b): Json<CheckoutBody>) -> ApiResult<Response> {
    const SCOPE: &str = "orders.place";
    let key = idempotency_key(&headers)?;
    let store = &s.services.store;
    if let Some(k) = &key {
        match store.reserve_idempotency(me.user_id, SCOPE, k, s.services.clock.now()).await.map_err(fenxiao_services::ServiceError::from)? {
            Reservation::Fresh => {}
            Reservation::Done { status, body } => {
                let code = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
                return Ok((code, [(axum::http::header::CONTENT_TYPE, "application/json")], body).into_response());
            }
            Reservation::InProgress => return Err(ApiError::new(StatusCode::CONFLICT, "idempotency_in_progress")),
        }
    }
    let result = s.services.place_order(me.user_id, b.into()).await;
    match (result, key) {
        (Ok(o), key) => {
            let body = serde_json::to_string(&order_dto(o)).map_err(|e| ApiError::internal(e.to_string()))?;
            if let Some(k) = key {
                store.complete_idempotency(me.user_id, SCOPE, &k, 201, &body).await.map_err(fenxiao_services::ServiceError::from)?;
            }
            Ok((StatusCode::CREATED, [(axum::http::header::CONTENT_TYPE, "application/json")], body).into_response())
        }
        (Err(e), key) => {
            // Nothing was placed, so the key is freed: a retry is evaluated afresh.
            if let Some(k) = key {
                let _ = store.release_idempotency(me.user_id, SCOPE, &k).await;
            }
            Err(e.into())
        }
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct OrderListQuery {
    pub status: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

pub fn parse_status(s: &Option<String>) -> ApiResult<Option<OrderStatus>> {
    match s.as_deref() {
        None | Some("") => Ok(None),
        Some(x) => OrderStatus::parse(x).map(Some).ok_or_else(|| ValidationError::field("status", "invalid_value").into()),
    }
}

#[utoipa::path(get, path = "/api/v1/orders", tag = "orders", security(("bearer" = [])), params(OrderListQuery),
    responses((status = 200, body = Page<OrderDto>), (status = 422, body = crate::routes::Problem)))]
async fn list_orders(State(s): State<AppState>, me: Shopper, Query(q): Query<OrderListQuery>) -> ApiResult<axum::Json<Page<OrderDto>>> {
    let (page, page_size) = PageQuery { page: q.page, page_size: q.page_size }.resolve()?;
    let status = parse_status(&q.status)?;
    let (items, total) = s.services.my_orders(me.user_id, status, page, page_size).await?;
    Ok(axum::Json(Page { items: items.into_iter().map(order_dto).collect(), total, page, page_size }))
}

#[utoipa::path(get, path = "/api/v1/orders/{id}", tag = "orders", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = OrderDto), (status = 404, body = crate::routes::Problem)))]
async fn get_order(State(s): State<AppState>, me: Shopper, Path(id): Path<i64>) -> ApiResult<axum::Json<OrderDto>> {
    Ok(axum::Json(detail_dto(s.services.my_order(me.user_id, id).await?)))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ReasonBody {
    #[serde(default)]
    pub reason: String,
}

/// Cancels an unpaid order and releases its stock.
#[utoipa::path(post, path = "/api/v1/orders/{id}/cancel", tag = "orders", security(("bearer" = [])), params(("id" = i64, Path)), request_body = ReasonBody,
    responses((status = 200, body = OrderDto), (status = 404, body = crate::routes::Problem), (status = 409, body = crate::routes::Problem)))]
async fn cancel_order(
    State(s): State<AppState>,
    me: Shopper,
    Path(id): Path<i64>,
    body: crate::extract::OptionalJson<ReasonBody>,
) -> ApiResult<axum::Json<OrderDto>> {
    let reason = body.0.map(|b| b.reason).unwrap_or_default();
    Ok(axum::Json(detail_dto(s.services.cancel_my_order(me.user_id, id, &reason).await?)))
}

#[utoipa::path(post, path = "/api/v1/orders/{id}/confirm-receipt", tag = "orders", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = OrderDto), (status = 404, body = crate::routes::Problem), (status = 409, body = crate::routes::Problem)))]
async fn confirm_receipt(State(s): State<AppState>, me: Shopper, Path(id): Path<i64>) -> ApiResult<axum::Json<OrderDto>> {
    Ok(axum::Json(detail_dto(s.services.confirm_receipt(me.user_id, id).await?)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefundLine {
    pub line_id: i64,
    pub quantity: i64,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefundBody {
    pub reason: String,
    /// `refund_only` (default) or `return_and_refund`.
    pub kind: Option<String>,
    /// Units to refund; absent = everything not yet claimed.
    pub lines: Option<Vec<RefundLine>>,
}

/// Opens an after-sale request (refund only, or return and refund) on a paid order.
#[utoipa::path(post, path = "/api/v1/orders/{id}/refunds", tag = "orders", security(("bearer" = [])), params(("id" = i64, Path)), request_body = RefundBody,
    responses((status = 201, body = AfterSaleDto), (status = 404, body = crate::routes::Problem), (status = 409, body = crate::routes::Problem), (status = 422, body = crate::routes::Problem)))]
async fn request_refund(
    State(s): State<AppState>,
    me: Shopper,
    Path(id): Path<i64>,
    Json(b): Json<RefundBody>,
) -> ApiResult<(StatusCode, axum::Json<AfterSaleDto>)> {
    let lines = b.lines.map(|v| v.into_iter().map(|l| (l.line_id, l.quantity)).collect());
    let a = s.services.request_after_sale(me.user_id, id, b.kind.as_deref().unwrap_or("refund_only"), &b.reason, lines).await?;
    Ok((StatusCode::CREATED, axum::Json(a.into())))
}

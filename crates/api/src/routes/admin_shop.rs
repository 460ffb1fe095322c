//! Staff routes for the shop: catalog, stock, freight, orders, after-sales, settings, jobs.

use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{Json, Path, Query, Staff};
use crate::routes::catalog::{ProductSummaryView, ProductView};
use crate::routes::orders::{AfterSaleDto, OrderDto, detail_dto, order_dto, parse_status};
use crate::routes::{Page, PageQuery};
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use fenxiao_domain::ValidationError;
use fenxiao_domain::catalog::ProductInput;
use fenxiao_domain::freight::FreightRule;
use fenxiao_domain::order::AfterSaleStatus;
use fenxiao_services::ProductFilter;
use fenxiao_services::orders::OrderSettings;
use fenxiao_services::{CategoryPatch, OrderQuery};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_category))
        .routes(routes!(update_category, delete_category))
        .routes(routes!(list_products, create_product))
        .routes(routes!(get_product, update_product))
        .routes(routes!(set_shelf))
        .routes(routes!(stock_history, adjust_stock))
        .routes(routes!(list_freight, create_freight))
        .routes(routes!(update_freight, delete_freight))
        .routes(routes!(list_orders))
        .routes(routes!(get_order))
        .routes(routes!(ship_order))
        .routes(routes!(cancel_order))
        .routes(routes!(list_refunds))
        .routes(routes!(approve_refund))
        .routes(routes!(reject_refund))
        .routes(routes!(get_order_settings, put_order_settings))
        .routes(routes!(run_job))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryBody {
    pub name: String,
    pub parent_id: Option<i64>,
    #[serde(default)]
    pub sort: i32,
    #[serde(default)]
    pub icon_url: String,
}

#[derive(Serialize, ToSchema)]
pub struct IdDto {
    pub id: i64,
}

#[utoipa::path(post, path = "/api/v1/admin/categories", tag = "admin", security(("bearer" = [])), request_body = CategoryBody,
    responses((status = 201, body = IdDto), (status = 422, body = crate::routes::Problem), (status = 403, body = crate::routes::Problem)))]
async fn create_category(State(s): State<AppState>, st: Staff, Json(b): Json<CategoryBody>) -> ApiResult<(StatusCode, axum::Json<IdDto>)> {
    let id = s.services.create_category(&st.0, &b.name, b.parent_id, b.sort, &b.icon_url).await?;
    Ok((StatusCode::CREATED, axum::Json(IdDto { id })))
}

/// Fields to change. `parent_id: null` moves the category to the root; omit it to keep the parent.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryPatchBody {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub parent_id: Option<Option<i64>>,
    pub sort: Option<i32>,
    pub icon_url: Option<String>,
}

fn double_option<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<i64>>, D::Error> {
    Ok(Some(Option::<i64>::deserialize(d)?))
}

#[utoipa::path(put, path = "/api/v1/admin/categories/{id}", tag = "admin", security(("bearer" = [])), request_body = CategoryPatchBody, params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = crate::routes::Problem), (status = 409, body = crate::routes::Problem), (status = 422, body = crate::routes::Problem)))]
async fn update_category(
    State(s): State<AppState>,
    st: Staff,
    Path(id): Path<i64>,
    Json(b): Json<CategoryPatchBody>,
) -> ApiResult<StatusCode> {
    let patch = CategoryPatch { name: b.name, parent_id: b.parent_id, sort: b.sort, icon_url: b.icon_url };
    s.services.update_category(&st.0, id, patch).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deletes an empty category (409 `category_not_empty` otherwise).
#[utoipa::path(delete, path = "/api/v1/admin/categories/{id}", tag = "admin", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = crate::routes::Problem), (status = 409, body = crate::routes::Problem)))]
async fn delete_category(State(s): State<AppState>, st: Staff, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    s.services.delete_category(&st.0, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct AdminProductQuery {
    pub category_id: Option<i64>,
    pub q: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

/// Every product, on shelf or not.
#[utoipa::path(get, path = "/api/v1/admin/products", tag = "admin", security(("bearer" = [])), params(AdminProductQuery),
    responses((status = 200, body = Page<ProductSummaryView>)))]
async fn list_products(
    State(s): State<AppState>,
    st: Staff,
    Query(q): Query<AdminProductQuery>,
) -> ApiResult<axum::Json<Page<ProductSummaryView>>> {
    let (page, page_size) = PageQuery { page: q.page, page_size: q.page_size }.resolve()?;
    let f = ProductFilter {
        category_id: q.category_id,
        q: q.q.map(|t| t.chars().take(64).collect()),
        page,
        page_size,
        include_off_shelf: true,
    };
    let (items, total) = s.services.admin_list_products(&st.0, f).await?;
    Ok(axum::Json(Page { items: items.into_iter().map(Into::into).collect(), total, page, page_size }))
}

#[derive(Deserialize, ToSchema)]
pub struct SkuBody {
    /// An existing SKU's id (update); absent for a new SKU.
    pub id: Option<i64>,
    pub specs: Option<std::collections::BTreeMap<String, String>>,
    pub price: i64,
    pub original_price: Option<i64>,
    pub distributor_price: Option<i64>,
    /// Initial stock of a new SKU; existing SKUs change stock only through stock adjustments.
    pub stock: Option<i64>,
    pub weight_g: Option<i64>,
    pub code: Option<String>,
}

/// A product as staff submit it. `description` is HTML; it is sanitised (no scripts, handlers or
/// `javascript:` links) before it is stored.
#[derive(Deserialize, ToSchema)]
#[schema(as = ProductBody)]
pub struct ProductBody {
    pub name: String,
    pub category_id: i64,
    pub subtitle: Option<String>,
    pub description: Option<String>,
    pub images: Option<Vec<String>>,
    pub on_shelf: Option<bool>,
    pub sort: Option<i32>,
    pub freight_template_id: Option<i64>,
    pub skus: Vec<SkuBody>,
}

fn product_input(b: serde_json::Value) -> ApiResult<ProductInput> {
    serde_json::from_value::<ProductInput>(b)
        .map_err(|e| crate::error::ApiError::invalid_body("body".into(), "invalid_value", e.to_string().chars().take(200).collect()))
}

#[utoipa::path(post, path = "/api/v1/admin/products", tag = "admin", security(("bearer" = [])), request_body = ProductBody,
    responses((status = 201, body = ProductView), (status = 422, body = crate::routes::Problem), (status = 403, body = crate::routes::Problem)))]
async fn create_product(
    State(s): State<AppState>,
    st: Staff,
    Json(b): Json<serde_json::Value>,
) -> ApiResult<(StatusCode, axum::Json<ProductView>)> {
    let p = s.services.create_product(&st.0, product_input(b)?).await?;
    Ok((StatusCode::CREATED, axum::Json(ProductView::admin(p))))
}

#[utoipa::path(get, path = "/api/v1/admin/products/{id}", tag = "admin", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = ProductView), (status = 404, body = crate::routes::Problem)))]
async fn get_product(State(s): State<AppState>, st: Staff, Path(id): Path<i64>) -> ApiResult<axum::Json<ProductView>> {
    Ok(axum::Json(ProductView::admin(s.services.admin_product(&st.0, id).await?)))
}

/// Replaces the product. SKUs listed with `id` are changed (not their stock), SKUs without `id` are
/// added, SKUs left out are retired (kept for old orders, no longer sold).
#[utoipa::path(put, path = "/api/v1/admin/products/{id}", tag = "admin", security(("bearer" = [])), request_body = ProductBody, params(("id" = i64, Path)),
    responses((status = 200, body = ProductView), (status = 404, body = crate::routes::Problem), (status = 422, body = crate::routes::Problem)))]
async fn update_product(
    State(s): State<AppState>,
    st: Staff,
    Path(id): Path<i64>,
    Json(b): Json<serde_json::Value>,
) -> ApiResult<axum::Json<ProductView>> {
    Ok(axum::Json(ProductView::admin(s.services.update_product(&st.0, id, product_input(b)?).await?)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShelfBody {
    pub on_shelf: bool,
}

#[utoipa::path(post, path = "/api/v1/admin/products/{id}/shelf", tag = "admin", security(("bearer" = [])), request_body = ShelfBody, params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = crate::routes::Problem)))]
async fn set_shelf(State(s): State<AppState>, st: Staff, Path(id): Path<i64>, Json(b): Json<ShelfBody>) -> ApiResult<StatusCode> {
    s.services.set_on_shelf(&st.0, id, b.on_shelf).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StockBody {
    /// Units to add (negative to remove); stock never goes below zero.
    pub delta: i64,
    pub reason: String,
}

#[derive(Serialize, ToSchema)]
pub struct StockDto {
    pub sku_id: i64,
    pub stock: i64,
}

#[utoipa::path(post, path = "/api/v1/admin/skus/{id}/stock-adjustments", tag = "admin", security(("bearer" = [])), request_body = StockBody, params(("id" = i64, Path)),
    responses((status = 200, body = StockDto), (status = 404, body = crate::routes::Problem), (status = 409, body = crate::routes::Problem), (status = 422, body = crate::routes::Problem)))]
async fn adjust_stock(
    State(s): State<AppState>,
    st: Staff,
    Path(id): Path<i64>,
    Json(b): Json<StockBody>,
) -> ApiResult<axum::Json<StockDto>> {
    let stock = s.services.adjust_stock(&st.0, id, b.delta, &b.reason).await?;
    Ok(axum::Json(StockDto { sku_id: id, stock }))
}

#[derive(Serialize, ToSchema)]
pub struct StockMoveDto {
    pub delta: i64,
    pub stock_after: i64,
    pub reason: String,
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    pub at: DateTime<Utc>,
}

/// Every manual stock change of a SKU (who, why, when), newest first.
#[utoipa::path(get, path = "/api/v1/admin/skus/{id}/stock-adjustments", tag = "admin", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = Vec<StockMoveDto>)))]
async fn stock_history(State(s): State<AppState>, st: Staff, Path(id): Path<i64>) -> ApiResult<axum::Json<Vec<StockMoveDto>>> {
    let rows = s.services.stock_history(&st.0, id).await?;
    Ok(axum::Json(
        rows.into_iter()
            .map(|(delta, stock_after, reason, actor_kind, actor_id, at)| StockMoveDto {
                delta,
                stock_after,
                reason,
                actor_kind,
                actor_id,
                at,
            })
            .collect(),
    ))
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct FreightDto {
    pub id: i64,
    pub name: String,
    /// `{"kind": "flat", "fee"}`, `{"kind": "free_over", "fee", "threshold"}` or `{"kind": "by_weight",
    /// "first_weight_g", "first_fee", "step_weight_g", "step_fee", "free_over"?, "regions": [{"provinces", "first_fee", "step_fee"}]}`.
    #[schema(value_type = Object)]
    pub rule: FreightRule,
    pub is_default: bool,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FreightBody {
    pub name: String,
    #[schema(value_type = Object)]
    pub rule: FreightRule,
    #[serde(default)]
    pub is_default: bool,
}

#[utoipa::path(get, path = "/api/v1/admin/freight-templates", tag = "admin", security(("bearer" = [])), responses((status = 200, body = Vec<FreightDto>)))]
async fn list_freight(State(s): State<AppState>, st: Staff) -> ApiResult<axum::Json<Vec<FreightDto>>> {
    let t = s.services.freight_templates(&st.0).await?;
    Ok(axum::Json(t.into_iter().map(|t| FreightDto { id: t.id, name: t.name, rule: t.rule, is_default: t.is_default }).collect()))
}

#[utoipa::path(post, path = "/api/v1/admin/freight-templates", tag = "admin", security(("bearer" = [])), request_body = FreightBody,
    responses((status = 201, body = IdDto), (status = 422, body = crate::routes::Problem)))]
async fn create_freight(State(s): State<AppState>, st: Staff, Json(b): Json<FreightBody>) -> ApiResult<(StatusCode, axum::Json<IdDto>)> {
    let id = s.services.save_freight_template(&st.0, None, &b.name, b.rule, b.is_default).await?;
    Ok((StatusCode::CREATED, axum::Json(IdDto { id })))
}

#[utoipa::path(put, path = "/api/v1/admin/freight-templates/{id}", tag = "admin", security(("bearer" = [])), request_body = FreightBody, params(("id" = i64, Path)),
    responses((status = 200, body = IdDto), (status = 404, body = crate::routes::Problem), (status = 422, body = crate::routes::Problem)))]
async fn update_freight(
    State(s): State<AppState>,
    st: Staff,
    Path(id): Path<i64>,
    Json(b): Json<FreightBody>,
) -> ApiResult<axum::Json<IdDto>> {
    let id = s.services.save_freight_template(&st.0, Some(id), &b.name, b.rule, b.is_default).await?;
    Ok(axum::Json(IdDto { id }))
}

#[utoipa::path(delete, path = "/api/v1/admin/freight-templates/{id}", tag = "admin", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = crate::routes::Problem), (status = 409, body = crate::routes::Problem)))]
async fn delete_freight(State(s): State<AppState>, st: Staff, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    s.services.delete_freight_template(&st.0, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct AdminOrderQuery {
    pub status: Option<String>,
    pub user_id: Option<i64>,
    pub order_no: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

#[utoipa::path(get, path = "/api/v1/admin/orders", tag = "admin", security(("bearer" = [])), params(AdminOrderQuery),
    responses((status = 200, body = Page<OrderDto>), (status = 422, body = crate::routes::Problem)))]
async fn list_orders(State(s): State<AppState>, st: Staff, Query(q): Query<AdminOrderQuery>) -> ApiResult<axum::Json<Page<OrderDto>>> {
    let (page, page_size) = PageQuery { page: q.page, page_size: q.page_size }.resolve()?;
    let status = parse_status(&q.status)?;
    let order_no = q.order_no.filter(|n| !n.is_empty()).map(|n| n.chars().take(32).collect());
    let (items, total) = s.services.admin_orders(&st.0, OrderQuery { user_id: q.user_id, status, order_no, page, page_size }).await?;
    Ok(axum::Json(Page { items: items.into_iter().map(order_dto).collect(), total, page, page_size }))
}

#[utoipa::path(get, path = "/api/v1/admin/orders/{id}", tag = "admin", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = OrderDto), (status = 404, body = crate::routes::Problem)))]
async fn get_order(State(s): State<AppState>, st: Staff, Path(id): Path<i64>) -> ApiResult<axum::Json<OrderDto>> {
    Ok(axum::Json(detail_dto(s.services.admin_order(&st.0, id).await?)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShipBody {
    pub carrier: String,
    pub tracking_no: String,
}

/// Ships a paid order (409 `invalid_transition` otherwise).
#[utoipa::path(post, path = "/api/v1/admin/orders/{id}/ship", tag = "admin", security(("bearer" = [])), request_body = ShipBody, params(("id" = i64, Path)),
    responses((status = 200, body = OrderDto), (status = 404, body = crate::routes::Problem), (status = 409, body = crate::routes::Problem), (status = 422, body = crate::routes::Problem)))]
async fn ship_order(State(s): State<AppState>, st: Staff, Path(id): Path<i64>, Json(b): Json<ShipBody>) -> ApiResult<axum::Json<OrderDto>> {
    Ok(axum::Json(detail_dto(s.services.ship_order(&st.0, id, &b.carrier, &b.tracking_no).await?)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdminReasonBody {
    pub reason: String,
}

/// Cancels an unpaid order (with a reason) and releases its stock.
#[utoipa::path(post, path = "/api/v1/admin/orders/{id}/cancel", tag = "admin", security(("bearer" = [])), request_body = AdminReasonBody, params(("id" = i64, Path)),
    responses((status = 200, body = OrderDto), (status = 404, body = crate::routes::Problem), (status = 409, body = crate::routes::Problem)))]
async fn cancel_order(
    State(s): State<AppState>,
    st: Staff,
    Path(id): Path<i64>,
    Json(b): Json<AdminReasonBody>,
) -> ApiResult<axum::Json<OrderDto>> {
    Ok(axum::Json(detail_dto(s.services.admin_cancel_order(&st.0, id, &b.reason).await?)))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct RefundQuery {
    pub status: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

#[utoipa::path(get, path = "/api/v1/admin/refunds", tag = "admin", security(("bearer" = [])), params(RefundQuery),
    responses((status = 200, body = Page<AfterSaleDto>)))]
async fn list_refunds(State(s): State<AppState>, st: Staff, Query(q): Query<RefundQuery>) -> ApiResult<axum::Json<Page<AfterSaleDto>>> {
    let (page, page_size) = PageQuery { page: q.page, page_size: q.page_size }.resolve()?;
    let status = match q.status.as_deref() {
        None | Some("") => None,
        Some(x) => Some(AfterSaleStatus::parse(x).ok_or_else(|| ValidationError::field("status", "invalid_value"))?),
    };
    let (items, total) = s.services.admin_after_sales(&st.0, status, page, page_size).await?;
    Ok(axum::Json(Page { items: items.into_iter().map(Into::into).collect(), total, page, page_size }))
}

/// Approves an after-sale request: refunded units are recorded and stock comes back when the goods
/// do (return and refund, or an order not shipped yet).
#[utoipa::path(post, path = "/api/v1/admin/refunds/{id}/approve", tag = "admin", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = AfterSaleDto), (status = 404, body = crate::routes::Problem), (status = 409, body = crate::routes::Problem)))]
async fn approve_refund(
    State(s): State<AppState>,
    st: Staff,
    Path(id): Path<i64>,
    body: crate::extract::OptionalJson<crate::routes::orders::ReasonBody>,
) -> ApiResult<axum::Json<AfterSaleDto>> {
    let reason = body.0.map(|b| b.reason).unwrap_or_default();
    Ok(axum::Json(s.services.decide_after_sale(&st.0, id, true, &reason).await?.into()))
}

#[utoipa::path(post, path = "/api/v1/admin/refunds/{id}/reject", tag = "admin", security(("bearer" = [])), request_body = AdminReasonBody, params(("id" = i64, Path)),
    responses((status = 200, body = AfterSaleDto), (status = 404, body = crate::routes::Problem), (status = 409, body = crate::routes::Problem), (status = 422, body = crate::routes::Problem)))]
async fn reject_refund(
    State(s): State<AppState>,
    st: Staff,
    Path(id): Path<i64>,
    Json(b): Json<AdminReasonBody>,
) -> ApiResult<axum::Json<AfterSaleDto>> {
    Ok(axum::Json(s.services.decide_after_sale(&st.0, id, false, &b.reason).await?.into()))
}

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderSettingsDto {
    /// Unpaid orders are cancelled after this many minutes (1–10080, default 30).
    pub payment_timeout_minutes: i64,
    /// Shipped orders count as received this many days after shipping (1–60, default 7).
    pub auto_confirm_days: i64,
}

#[utoipa::path(get, path = "/api/v1/admin/settings/orders", tag = "admin", security(("bearer" = [])), responses((status = 200, body = OrderSettingsDto)))]
async fn get_order_settings(State(s): State<AppState>, _st: Staff) -> ApiResult<axum::Json<OrderSettingsDto>> {
    let o = s.services.order_settings().await?;
    Ok(axum::Json(OrderSettingsDto { payment_timeout_minutes: o.payment_timeout_minutes, auto_confirm_days: o.auto_confirm_days }))
}

#[utoipa::path(put, path = "/api/v1/admin/settings/orders", tag = "admin", security(("bearer" = [])), request_body = OrderSettingsDto,
    responses((status = 200, body = OrderSettingsDto), (status = 422, body = crate::routes::Problem)))]
async fn put_order_settings(
    State(s): State<AppState>,
    st: Staff,
    Json(b): Json<OrderSettingsDto>,
) -> ApiResult<axum::Json<OrderSettingsDto>> {
    let o = s
        .services
        .put_order_settings(
            &st.0,
            OrderSettings { payment_timeout_minutes: b.payment_timeout_minutes, auto_confirm_days: b.auto_confirm_days },
        )
        .await?;
    Ok(axum::Json(OrderSettingsDto { payment_timeout_minutes: o.payment_timeout_minutes, auto_confirm_days: o.auto_confirm_days }))
}

#[derive(Serialize, ToSchema)]
pub struct JobRunDto {
    pub job: String,
    pub due: usize,
    pub processed: usize,
}

/// Runs a background job now: `cancel-expired-orders`, `auto-confirm-receipt`.
#[utoipa::path(post, path = "/api/v1/admin/jobs/{name}/run", tag = "admin", security(("bearer" = [])), params(("name" = String, Path)),
    responses((status = 200, body = JobRunDto), (status = 404, body = crate::routes::Problem)))]
async fn run_job(State(s): State<AppState>, st: Staff, Path(name): Path<String>) -> ApiResult<axum::Json<JobRunDto>> {
    st.0.require(&[fenxiao_domain::auth::Role::Operator])?;
    let r = s.services.run_job(&name).await?;
    Ok(axum::Json(JobRunDto { job: r.job, due: r.due, processed: r.processed }))
}

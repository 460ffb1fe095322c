//! Marketing: coupons (claim, mine, staff templates and statistics), points (balance, history,
//! check-in), flash sales, group buys and groups, and the marketing settings. Rules: docs/marketing.md.

use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{Json, MaybeShopper, Path, Query, Shopper, Staff};
use crate::routes::{Page, PageQuery};
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use fenxiao_domain::ValidationError;
use fenxiao_domain::marketing::{CouponKind, CouponRule, CouponScope, MarketingSettings};
use fenxiao_services::marketing::{FlashView, GroupBuyView};
use fenxiao_store::{CouponTemplateRecord, GroupRecord, NewFlashSale, NewGroupBuy, UserCouponRecord};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(claimable_coupons))
        .routes(routes!(claim_coupon))
        .routes(routes!(my_coupons))
        .routes(routes!(my_points))
        .routes(routes!(check_in))
        .routes(routes!(flash_sales))
        .routes(routes!(flash_sale))
        .routes(routes!(group_buys))
        .routes(routes!(group_buy))
        .routes(routes!(group))
        .routes(routes!(admin_coupons, create_coupon))
        .routes(routes!(update_coupon))
        .routes(routes!(coupon_stats))
        .routes(routes!(admin_flash_sales, create_flash_sale))
        .routes(routes!(update_flash_sale))
        .routes(routes!(admin_group_buys, create_group_buy))
        .routes(routes!(update_group_buy))
        .routes(routes!(admin_groups))
        .routes(routes!(get_settings, put_settings))
}

// ---------- coupons ----------

#[derive(Serialize, ToSchema)]
pub struct CouponDto {
    pub id: i64,
    pub name: String,
    /// `amount_off` or `percent_off`.
    pub kind: String,
    pub amount: i64,
    pub percent_bp: i64,
    pub cap: i64,
    pub threshold: i64,
    /// `all`, `categories`, `products`.
    pub scope: String,
    pub scope_ids: Vec<i64>,
    pub total: i64,
    pub claimed: i64,
    pub remaining: i64,
    pub per_user_limit: i64,
    pub valid_from: DateTime<Utc>,
    pub valid_to: Option<DateTime<Utc>>,
    pub valid_days: Option<i64>,
    pub distributor_only: bool,
    pub claimed_by_me: i64,
    pub can_claim: bool,
}

fn coupon_dto(t: CouponTemplateRecord, mine: i64, can: bool) -> CouponDto {
    CouponDto {
        id: t.id,
        name: t.rule.name,
        kind: t.rule.kind.as_str().into(),
        amount: t.rule.amount,
        percent_bp: t.rule.percent_bp,
        cap: t.rule.cap,
        threshold: t.rule.threshold,
        scope: t.rule.scope.as_str().into(),
        scope_ids: t.rule.scope_ids,
        total: t.rule.total,
        claimed: t.claimed,
        remaining: (t.rule.total - t.claimed).max(0),
        per_user_limit: t.rule.per_user_limit,
        valid_from: t.rule.valid_from,
        valid_to: t.rule.valid_to,
        valid_days: t.rule.valid_days,
        distributor_only: t.rule.distributor_only,
        claimed_by_me: mine,
        can_claim: can,
    }
}

#[derive(Serialize, ToSchema)]
pub struct ItemsDto<T: ToSchema> {
    pub items: Vec<T>,
}

/// Coupons the caller can see in the coupon centre now, with how many they hold and whether they can claim one more.
#[utoipa::path(get, path = "/api/v1/coupons", tag = "marketing", security(("bearer" = [])), responses((status = 200, body = ItemsDto<CouponDto>)))]
async fn claimable_coupons(State(s): State<AppState>, me: Shopper) -> ApiResult<axum::Json<ItemsDto<CouponDto>>> {
    let items = s.services.claimable_coupons(Some(me.user_id)).await?.into_iter().map(|(t, n, c)| coupon_dto(t, n, c)).collect();
    Ok(axum::Json(ItemsDto { items }))
}

#[derive(Serialize, ToSchema)]
pub struct UserCouponDto {
    pub id: i64,
    pub template_id: i64,
    pub name: String,
    pub kind: String,
    pub amount: i64,
    pub percent_bp: i64,
    pub cap: i64,
    pub threshold: i64,
    pub scope: String,
    pub scope_ids: Vec<i64>,
    /// `usable`, `used` or `expired`.
    pub status: String,
    pub valid_from: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub order_id: Option<i64>,
    pub claimed_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
}

fn user_coupon_dto(c: UserCouponRecord, now: DateTime<Utc>) -> UserCouponDto {
    UserCouponDto {
        status: c.display_status(now).into(),
        id: c.id,
        template_id: c.template.id,
        name: c.template.rule.name,
        kind: c.template.rule.kind.as_str().into(),
        amount: c.template.rule.amount,
        percent_bp: c.template.rule.percent_bp,
        cap: c.template.rule.cap,
        threshold: c.template.rule.threshold,
        scope: c.template.rule.scope.as_str().into(),
        scope_ids: c.template.rule.scope_ids,
        valid_from: c.usable_from,
        expires_at: c.expires_at,
        order_id: c.order_id,
        claimed_at: c.claimed_at,
        used_at: c.used_at,
    }
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ClaimBody {
    /// A distributor's invite code: the coupon was handed out through their link.
    pub invite_code: Option<String>,
}

/// Claims a coupon. 409 `sold_out`, `limit_reached`, `coupon_not_claimable`, `distributors_only`.
#[utoipa::path(post, path = "/api/v1/coupons/{id}/claim", tag = "marketing", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = ClaimBody, responses((status = 201, body = UserCouponDto), (status = 409, body = crate::routes::Problem), (status = 404, body = crate::routes::Problem)))]
async fn claim_coupon(
    State(s): State<AppState>,
    me: Shopper,
    Path(id): Path<i64>,
    b: crate::extract::OptionalJson<ClaimBody>,
) -> ApiResult<(StatusCode, axum::Json<UserCouponDto>)> {
    let b = b.0.unwrap_or_default();
    let c = s.services.claim_coupon(me.user_id, id, b.invite_code.as_deref()).await?;
    Ok((StatusCode::CREATED, axum::Json(user_coupon_dto(c, s.services.clock.now()))))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatusPage {
    pub status: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

#[utoipa::path(get, path = "/api/v1/me/coupons", tag = "marketing", security(("bearer" = [])), params(StatusPage),
    responses((status = 200, body = Page<UserCouponDto>), (status = 422, body = crate::routes::Problem)))]
async fn my_coupons(State(s): State<AppState>, me: Shopper, Query(q): Query<StatusPage>) -> ApiResult<axum::Json<Page<UserCouponDto>>> {
    let (page, page_size) = PageQuery { page: q.page, page_size: q.page_size }.resolve()?;
    let (items, total) = s.services.my_coupons(me.user_id, nonempty(&q.status), page, page_size).await?;
    let now = s.services.clock.now();
    Ok(axum::Json(Page { items: items.into_iter().map(|c| user_coupon_dto(c, now)).collect(), total, page, page_size }))
}

/// A coupon template as staff write it.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CouponBody {
    pub name: String,
    /// `amount_off` or `percent_off`.
    pub kind: String,
    #[serde(default)]
    pub amount: i64,
    #[serde(default)]
    pub percent_bp: i64,
    #[serde(default)]
    pub cap: i64,
    #[serde(default)]
    pub threshold: i64,
    /// `all`, `categories`, `products`.
    #[serde(default = "all")]
    pub scope: String,
    #[serde(default)]
    pub scope_ids: Vec<i64>,
    pub total: i64,
    #[serde(default = "one")]
    pub per_user_limit: i64,
    pub valid_from: DateTime<Utc>,
    pub valid_to: Option<DateTime<Utc>>,
    pub valid_days: Option<i64>,
    #[serde(default)]
    pub distributor_only: bool,
    #[serde(default = "yes")]
    pub active: bool,
}

fn all() -> String {
    "all".into()
}
fn one() -> i64 {
    1
}
fn yes() -> bool {
    true
}

impl CouponBody {
    fn rule(self) -> Result<(CouponRule, bool), ValidationError> {
        let mut e = ValidationError::default();
        let kind = CouponKind::parse(&self.kind).unwrap_or_else(|| {
            e.push("kind", "invalid_value");
            CouponKind::AmountOff
        });
        let scope = CouponScope::parse(&self.scope).unwrap_or_else(|| {
            e.push("scope", "invalid_value");
            CouponScope::All
        });
        e.into_result()?;
        Ok((
            CouponRule {
                name: self.name,
                kind,
                amount: self.amount,
                percent_bp: self.percent_bp,
                cap: self.cap,
                threshold: self.threshold,
                scope,
                scope_ids: self.scope_ids,
                total: self.total,
                per_user_limit: self.per_user_limit,
                valid_from: self.valid_from,
                valid_to: self.valid_to,
                valid_days: self.valid_days,
                distributor_only: self.distributor_only,
            },
            self.active,
        ))
    }
}

#[derive(Serialize, ToSchema)]
pub struct AdminCouponDto {
    #[serde(flatten)]
    pub coupon: CouponDto,
    pub used: i64,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

fn admin_coupon_dto(t: CouponTemplateRecord) -> AdminCouponDto {
    let (used, active, created_at) = (t.used, t.active, t.created_at);
    AdminCouponDto { coupon: coupon_dto(t, 0, false), used, active, created_at }
}

#[utoipa::path(get, path = "/api/v1/admin/coupons", tag = "marketing", security(("bearer" = [])), params(PageQuery),
    responses((status = 200, body = Page<AdminCouponDto>)))]
async fn admin_coupons(State(s): State<AppState>, st: Staff, Query(q): Query<PageQuery>) -> ApiResult<axum::Json<Page<AdminCouponDto>>> {
    let (page, page_size) = q.resolve()?;
    let (items, total) = s.services.admin_coupons(&st.0, page, page_size).await?;
    Ok(axum::Json(Page { items: items.into_iter().map(admin_coupon_dto).collect(), total, page, page_size }))
}

/// Creates a coupon template (operator; audited). 422 with the fields at fault.
#[utoipa::path(post, path = "/api/v1/admin/coupons", tag = "marketing", security(("bearer" = [])), request_body = CouponBody,
    responses((status = 201, body = AdminCouponDto), (status = 422, body = crate::routes::Problem)))]
async fn create_coupon(
    State(s): State<AppState>,
    st: Staff,
    Json(b): Json<CouponBody>,
) -> ApiResult<(StatusCode, axum::Json<AdminCouponDto>)> {
    let (rule, active) = b.rule()?;
    Ok((StatusCode::CREATED, axum::Json(admin_coupon_dto(s.services.save_coupon(&st.0, None, rule, active).await?))))
}

/// Changes a template; 409 `total_below_claimed` when `total` would fall below what was claimed.
#[utoipa::path(put, path = "/api/v1/admin/coupons/{id}", tag = "marketing", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = CouponBody, responses((status = 200, body = AdminCouponDto), (status = 404, body = crate::routes::Problem), (status = 409, body = crate::routes::Problem)))]
async fn update_coupon(
    State(s): State<AppState>,
    st: Staff,
    Path(id): Path<i64>,
    Json(b): Json<CouponBody>,
) -> ApiResult<axum::Json<AdminCouponDto>> {
    let (rule, active) = b.rule()?;
    Ok(axum::Json(admin_coupon_dto(s.services.save_coupon(&st.0, Some(id), rule, active).await?)))
}

#[derive(Serialize, ToSchema)]
pub struct DistributorIssueDto {
    pub user_id: i64,
    pub nickname: String,
    pub claimed: i64,
    pub used: i64,
}

#[derive(Serialize, ToSchema)]
pub struct CouponStatsDto {
    pub claimed: i64,
    pub used: i64,
    pub unused: i64,
    pub expired: i64,
    /// Fen taken off orders that used it.
    pub discount_total: i64,
    pub by_distributor: Vec<DistributorIssueDto>,
}

/// Issuance figures of a template, with the distributors who handed it out.
#[utoipa::path(get, path = "/api/v1/admin/coupons/{id}/stats", tag = "marketing", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = CouponStatsDto), (status = 404, body = crate::routes::Problem)))]
async fn coupon_stats(State(s): State<AppState>, st: Staff, Path(id): Path<i64>) -> ApiResult<axum::Json<CouponStatsDto>> {
    let (x, names) = s.services.coupon_stats(&st.0, id).await?;
    Ok(axum::Json(CouponStatsDto {
        claimed: x.claimed,
        used: x.used,
        unused: x.unused,
        expired: x.expired,
        discount_total: x.discount_total,
        by_distributor: x
            .by_distributor
            .into_iter()
            .zip(names)
            .map(|((user_id, claimed, used), nickname)| DistributorIssueDto { user_id, nickname, claimed, used })
            .collect(),
    }))
}

// ---------- points ----------

#[derive(Serialize, ToSchema)]
pub struct PointsEntryDto {
    pub delta: i64,
    pub balance_after: i64,
    /// `order_earn`, `order_spend`, `order_cancel`, `refund_restore`, `refund_reverse`, `check_in`, `group_leader`.
    pub kind: String,
    pub memo: String,
    pub order_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct PointsDto {
    pub balance: i64,
    pub checked_in_today: bool,
    pub streak: i64,
    pub items: Vec<PointsEntryDto>,
    pub total: u64,
    pub page: u64,
    pub page_size: u64,
}

#[utoipa::path(get, path = "/api/v1/me/points", tag = "marketing", security(("bearer" = [])), params(PageQuery),
    responses((status = 200, body = PointsDto)))]
async fn my_points(State(s): State<AppState>, me: Shopper, Query(q): Query<PageQuery>) -> ApiResult<axum::Json<PointsDto>> {
    let (page, page_size) = q.resolve()?;
    let v = s.services.points(me.user_id, page, page_size).await?;
    Ok(axum::Json(PointsDto {
        balance: v.balance,
        checked_in_today: v.checked_in_today,
        streak: v.streak,
        items: v
            .entries
            .into_iter()
            .map(|e| PointsEntryDto {
                delta: e.delta,
                balance_after: e.balance_after,
                kind: e.kind,
                memo: e.memo,
                order_id: e.order_id,
                created_at: e.created_at,
            })
            .collect(),
        total: v.total,
        page,
        page_size,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct CheckInDto {
    pub points: i64,
    pub streak: i64,
    pub balance: i64,
}

/// Today's check-in (shop day, Asia/Shanghai). 409 `already_checked_in`.
#[utoipa::path(post, path = "/api/v1/me/check-in", tag = "marketing", security(("bearer" = [])),
    responses((status = 200, body = CheckInDto), (status = 409, body = crate::routes::Problem)))]
async fn check_in(State(s): State<AppState>, me: Shopper) -> ApiResult<axum::Json<CheckInDto>> {
    let (points, streak, balance) = s.services.check_in(me.user_id).await?;
    Ok(axum::Json(CheckInDto { points, streak, balance }))
}

// ---------- flash sales ----------

#[derive(Serialize, ToSchema)]
pub struct FlashSaleDto {
    pub id: i64,
    pub sku_id: i64,
    pub product_id: i64,
    pub product_name: String,
    pub image: String,
    pub specs: BTreeMap<String, String>,
    pub price: i64,
    pub original_price: i64,
    pub quantity: i64,
    pub sold: i64,
    pub remaining: i64,
    pub per_user_limit: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// `upcoming`, `running`, `ended`.
    pub status: String,
    pub pays_commission: bool,
    pub active: bool,
}

fn flash_dto(v: FlashView, now: DateTime<Utc>) -> FlashSaleDto {
    let f = v.sale;
    let status = if now < f.starts_at {
        "upcoming"
    } else if now < f.ends_at {
        "running"
    } else {
        "ended"
    };
    FlashSaleDto {
        id: f.id,
        sku_id: f.sku_id,
        product_id: f.product_id,
        product_name: v.sku.as_ref().map(|s| s.product_name.clone()).unwrap_or_default(),
        image: v.sku.as_ref().map(|s| s.product_image.clone()).unwrap_or_default(),
        specs: v.sku.as_ref().map(|s| s.sku.specs.clone()).unwrap_or_default(),
        price: f.price,
        original_price: v.sku.as_ref().map(|s| s.sku.price).unwrap_or(f.price),
        quantity: f.quantity,
        sold: f.sold,
        remaining: (f.quantity - f.sold).max(0),
        per_user_limit: f.per_user_limit,
        starts_at: f.starts_at,
        ends_at: f.ends_at,
        status: status.into(),
        pays_commission: f.pays_commission,
        active: f.active,
    }
}

/// Running and upcoming flash sales, soonest first.
#[utoipa::path(get, path = "/api/v1/flash-sales", tag = "marketing", responses((status = 200, body = ItemsDto<FlashSaleDto>)))]
async fn flash_sales(State(s): State<AppState>) -> ApiResult<axum::Json<ItemsDto<FlashSaleDto>>> {
    let now = s.services.clock.now();
    let (rows, _) = s.services.flash_sales(true, 1, 100).await?;
    Ok(axum::Json(ItemsDto { items: rows.into_iter().map(|v| flash_dto(v, now)).collect() }))
}

#[utoipa::path(get, path = "/api/v1/flash-sales/{id}", tag = "marketing", params(("id" = i64, Path)),
    responses((status = 200, body = FlashSaleDto), (status = 404, body = crate::routes::Problem)))]
async fn flash_sale(State(s): State<AppState>, Path(id): Path<i64>) -> ApiResult<axum::Json<FlashSaleDto>> {
    Ok(axum::Json(flash_dto(s.services.flash_sale_view(id).await?, s.services.clock.now())))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FlashSaleBody {
    pub sku_id: i64,
    pub price: i64,
    pub quantity: i64,
    #[serde(default = "one")]
    pub per_user_limit: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    #[serde(default = "yes")]
    pub pays_commission: bool,
    #[serde(default = "yes")]
    pub active: bool,
}

impl From<FlashSaleBody> for NewFlashSale {
    fn from(b: FlashSaleBody) -> Self {
        NewFlashSale {
            sku_id: b.sku_id,
            price: b.price,
            quantity: b.quantity,
            per_user_limit: b.per_user_limit,
            starts_at: b.starts_at,
            ends_at: b.ends_at,
            pays_commission: b.pays_commission,
            active: b.active,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/admin/flash-sales", tag = "marketing", security(("bearer" = [])), params(PageQuery),
    responses((status = 200, body = Page<FlashSaleDto>)))]
async fn admin_flash_sales(State(s): State<AppState>, st: Staff, Query(q): Query<PageQuery>) -> ApiResult<axum::Json<Page<FlashSaleDto>>> {
    st.0.require(&[fenxiao_domain::auth::Role::Operator, fenxiao_domain::auth::Role::Support, fenxiao_domain::auth::Role::Finance])?;
    let (page, page_size) = q.resolve()?;
    let now = s.services.clock.now();
    let (rows, total) = s.services.flash_sales(false, page, page_size).await?;
    Ok(axum::Json(Page { items: rows.into_iter().map(|v| flash_dto(v, now)).collect(), total, page, page_size }))
}

/// Creates a flash sale (operator; audited). 422 for a reversed window or bad figures; 409
/// `activity_overlaps` when another active sale on the SKU overlaps.
#[utoipa::path(post, path = "/api/v1/admin/flash-sales", tag = "marketing", security(("bearer" = [])), request_body = FlashSaleBody,
    responses((status = 201, body = FlashSaleDto), (status = 409, body = crate::routes::Problem), (status = 422, body = crate::routes::Problem)))]
async fn create_flash_sale(
    State(s): State<AppState>,
    st: Staff,
    Json(b): Json<FlashSaleBody>,
) -> ApiResult<(StatusCode, axum::Json<FlashSaleDto>)> {
    let f = s.services.save_flash_sale(&st.0, None, b.into()).await?;
    let v = s.services.flash_sale_view_any(f.id).await?;
    Ok((StatusCode::CREATED, axum::Json(flash_dto(v, s.services.clock.now()))))
}

/// Changes a flash sale; 409 `quantity_below_sold`, `activity_overlaps`.
#[utoipa::path(put, path = "/api/v1/admin/flash-sales/{id}", tag = "marketing", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = FlashSaleBody, responses((status = 200, body = FlashSaleDto), (status = 409, body = crate::routes::Problem), (status = 422, body = crate::routes::Problem)))]
async fn update_flash_sale(
    State(s): State<AppState>,
    st: Staff,
    Path(id): Path<i64>,
    Json(b): Json<FlashSaleBody>,
) -> ApiResult<axum::Json<FlashSaleDto>> {
    s.services.save_flash_sale(&st.0, Some(id), b.into()).await?;
    let v = s.services.flash_sale_view_any(id).await?;
    Ok(axum::Json(flash_dto(v, s.services.clock.now())))
}

// ---------- group buys ----------

#[derive(Serialize, ToSchema)]
pub struct OpenGroupDto {
    pub id: i64,
    /// The leader's masked nickname.
    pub leader: String,
    pub seats_left: i64,
    pub expires_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct GroupBuyDto {
    pub id: i64,
    pub sku_id: i64,
    pub product_id: i64,
    pub product_name: String,
    pub image: String,
    pub specs: BTreeMap<String, String>,
    pub group_price: i64,
    pub price: i64,
    pub group_size: i64,
    pub hours: i64,
    pub per_user_limit: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub status: String,
    pub pays_commission: bool,
    pub virtual_completion: bool,
    pub leader_reward_points: i64,
    pub active: bool,
    pub open_groups: Vec<OpenGroupDto>,
}

fn group_buy_dto(v: GroupBuyView, now: DateTime<Utc>) -> GroupBuyDto {
    let g = v.buy;
    let status = if now < g.starts_at {
        "upcoming"
    } else if now < g.ends_at {
        "running"
    } else {
        "ended"
    };
    GroupBuyDto {
        id: g.id,
        sku_id: g.sku_id,
        product_id: g.product_id,
        product_name: v.sku.as_ref().map(|s| s.product_name.clone()).unwrap_or_default(),
        image: v.sku.as_ref().map(|s| s.product_image.clone()).unwrap_or_default(),
        specs: v.sku.as_ref().map(|s| s.sku.specs.clone()).unwrap_or_default(),
        group_price: g.group_price,
        price: v.sku.as_ref().map(|s| s.sku.price).unwrap_or(g.group_price),
        group_size: g.group_size,
        hours: g.hours,
        per_user_limit: g.per_user_limit,
        starts_at: g.starts_at,
        ends_at: g.ends_at,
        status: status.into(),
        pays_commission: g.pays_commission,
        virtual_completion: g.virtual_completion,
        leader_reward_points: g.leader_reward_points,
        active: g.active,
        open_groups: v
            .open_groups
            .into_iter()
            .map(|(gr, leader)| OpenGroupDto {
                id: gr.id,
                leader,
                seats_left: (gr.group_size - gr.joined).max(0),
                expires_at: gr.expires_at,
            })
            .collect(),
    }
}

#[utoipa::path(get, path = "/api/v1/group-buys", tag = "marketing", responses((status = 200, body = ItemsDto<GroupBuyDto>)))]
async fn group_buys(State(s): State<AppState>) -> ApiResult<axum::Json<ItemsDto<GroupBuyDto>>> {
    let now = s.services.clock.now();
    let (rows, _) = s.services.group_buys(true, 1, 100).await?;
    Ok(axum::Json(ItemsDto { items: rows.into_iter().map(|v| group_buy_dto(v, now)).collect() }))
}

#[utoipa::path(get, path = "/api/v1/group-buys/{id}", tag = "marketing", params(("id" = i64, Path)),
    responses((status = 200, body = GroupBuyDto), (status = 404, body = crate::routes::Problem)))]
async fn group_buy(State(s): State<AppState>, Path(id): Path<i64>) -> ApiResult<axum::Json<GroupBuyDto>> {
    Ok(axum::Json(group_buy_dto(s.services.group_buy_view(id).await?, s.services.clock.now())))
}

#[derive(Serialize, ToSchema)]
pub struct GroupMemberDto {
    pub nickname: String,
    pub is_leader: bool,
    pub paid: bool,
}

#[derive(Serialize, ToSchema)]
pub struct GroupDto {
    pub id: i64,
    pub group_buy_id: i64,
    /// `open`, `succeeded`, `failed`.
    pub status: String,
    pub group_size: i64,
    pub joined: i64,
    pub paid: i64,
    pub seats_left: i64,
    pub expires_at: DateTime<Utc>,
    pub product_id: i64,
    pub sku_id: i64,
    pub product_name: String,
    pub image: String,
    pub group_price: i64,
    pub members: Vec<GroupMemberDto>,
    /// The caller's order in this group, when a shopper token is sent and they are a member.
    pub my_order_id: Option<i64>,
}

/// A group as its share link shows it: members (masked), seats left, expiry.
#[utoipa::path(get, path = "/api/v1/groups/{id}", tag = "marketing", params(("id" = i64, Path)),
    responses((status = 200, body = GroupDto), (status = 404, body = crate::routes::Problem)))]
async fn group(State(s): State<AppState>, me: MaybeShopper, Path(id): Path<i64>) -> ApiResult<axum::Json<GroupDto>> {
    let v = s.services.group_view(id).await?;
    let my_order_id = me.0.and_then(|u| v.members.iter().find(|(m, _)| m.user_id == u && m.status != "refunded").map(|(m, _)| m.order_id));
    let g = v.group;
    Ok(axum::Json(GroupDto {
        id: g.id,
        group_buy_id: g.group_buy_id,
        seats_left: if g.status == "open" { (g.group_size - g.joined).max(0) } else { 0 },
        status: g.status,
        group_size: g.group_size,
        joined: g.joined,
        paid: g.paid,
        expires_at: g.expires_at,
        product_id: v.buy.product_id,
        sku_id: v.buy.sku_id,
        product_name: v.sku.as_ref().map(|s| s.product_name.clone()).unwrap_or_default(),
        image: v.sku.as_ref().map(|s| s.product_image.clone()).unwrap_or_default(),
        group_price: v.buy.group_price,
        members: v
            .members
            .into_iter()
            .filter(|(m, _)| m.status != "refunded")
            .map(|(m, nickname)| GroupMemberDto { nickname, is_leader: m.is_leader, paid: m.status == "paid" })
            .collect(),
        my_order_id,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupBuyBody {
    pub sku_id: i64,
    pub group_price: i64,
    pub group_size: i64,
    pub hours: i64,
    #[serde(default = "one")]
    pub per_user_limit: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    #[serde(default = "yes")]
    pub pays_commission: bool,
    #[serde(default)]
    pub virtual_completion: bool,
    #[serde(default)]
    pub leader_reward_points: i64,
    #[serde(default = "yes")]
    pub active: bool,
}

impl From<GroupBuyBody> for NewGroupBuy {
    fn from(b: GroupBuyBody) -> Self {
        NewGroupBuy {
            sku_id: b.sku_id,
            group_price: b.group_price,
            group_size: b.group_size,
            hours: b.hours,
            per_user_limit: b.per_user_limit,
            starts_at: b.starts_at,
            ends_at: b.ends_at,
            pays_commission: b.pays_commission,
            virtual_completion: b.virtual_completion,
            leader_reward_points: b.leader_reward_points,
            active: b.active,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/admin/group-buys", tag = "marketing", security(("bearer" = [])), params(PageQuery),
    responses((status = 200, body = Page<GroupBuyDto>)))]
async fn admin_group_buys(State(s): State<AppState>, st: Staff, Query(q): Query<PageQuery>) -> ApiResult<axum::Json<Page<GroupBuyDto>>> {
    st.0.require(&[fenxiao_domain::auth::Role::Operator, fenxiao_domain::auth::Role::Support, fenxiao_domain::auth::Role::Finance])?;
    let (page, page_size) = q.resolve()?;
    let now = s.services.clock.now();
    let (rows, total) = s.services.group_buys(false, page, page_size).await?;
    Ok(axum::Json(Page { items: rows.into_iter().map(|v| group_buy_dto(v, now)).collect(), total, page, page_size }))
}

/// Creates a group buy (operator; audited). 422 for bad figures; 409 `activity_overlaps`.
#[utoipa::path(post, path = "/api/v1/admin/group-buys", tag = "marketing", security(("bearer" = [])), request_body = GroupBuyBody,
    responses((status = 201, body = GroupBuyDto), (status = 409, body = crate::routes::Problem), (status = 422, body = crate::routes::Problem)))]
async fn create_group_buy(
    State(s): State<AppState>,
    st: Staff,
    Json(b): Json<GroupBuyBody>,
) -> ApiResult<(StatusCode, axum::Json<GroupBuyDto>)> {
    let g = s.services.save_group_buy(&st.0, None, b.into()).await?;
    let v = s.services.group_buy_view_any(g.id).await?;
    Ok((StatusCode::CREATED, axum::Json(group_buy_dto(v, s.services.clock.now()))))
}

/// Changes a group buy; 409 `group_size_locked` once groups exist, `activity_overlaps`.
#[utoipa::path(put, path = "/api/v1/admin/group-buys/{id}", tag = "marketing", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = GroupBuyBody, responses((status = 200, body = GroupBuyDto), (status = 409, body = crate::routes::Problem), (status = 422, body = crate::routes::Problem)))]
async fn update_group_buy(
    State(s): State<AppState>,
    st: Staff,
    Path(id): Path<i64>,
    Json(b): Json<GroupBuyBody>,
) -> ApiResult<axum::Json<GroupBuyDto>> {
    s.services.save_group_buy(&st.0, Some(id), b.into()).await?;
    let v = s.services.group_buy_view_any(id).await?;
    Ok(axum::Json(group_buy_dto(v, s.services.clock.now())))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GroupsQuery {
    pub group_buy_id: Option<i64>,
    pub status: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

#[derive(Serialize, ToSchema)]
pub struct AdminGroupDto {
    pub id: i64,
    pub group_buy_id: i64,
    pub leader_id: i64,
    pub status: String,
    pub group_size: i64,
    pub joined: i64,
    pub paid: i64,
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

fn admin_group_dto(g: GroupRecord) -> AdminGroupDto {
    AdminGroupDto {
        id: g.id,
        group_buy_id: g.group_buy_id,
        leader_id: g.leader_id,
        status: g.status,
        group_size: g.group_size,
        joined: g.joined,
        paid: g.paid,
        expires_at: g.expires_at,
        created_at: g.created_at,
        finished_at: g.finished_at,
    }
}

#[utoipa::path(get, path = "/api/v1/admin/groups", tag = "marketing", security(("bearer" = [])), params(GroupsQuery),
    responses((status = 200, body = Page<AdminGroupDto>), (status = 422, body = crate::routes::Problem)))]
async fn admin_groups(State(s): State<AppState>, st: Staff, Query(q): Query<GroupsQuery>) -> ApiResult<axum::Json<Page<AdminGroupDto>>> {
    let (page, page_size) = PageQuery { page: q.page, page_size: q.page_size }.resolve()?;
    let (items, total) = s.services.admin_groups(&st.0, q.group_buy_id, nonempty(&q.status), page, page_size).await?;
    Ok(axum::Json(Page { items: items.into_iter().map(admin_group_dto).collect(), total, page, page_size }))
}

// ---------- settings ----------

#[utoipa::path(get, path = "/api/v1/admin/marketing/settings", tag = "marketing", security(("bearer" = [])),
    responses((status = 200, description = "points and flash-sale settings", body = Object)))]
async fn get_settings(State(s): State<AppState>, st: Staff) -> ApiResult<axum::Json<MarketingSettings>> {
    st.0.require(&[fenxiao_domain::auth::Role::Operator, fenxiao_domain::auth::Role::Support, fenxiao_domain::auth::Role::Finance])?;
    Ok(axum::Json(s.services.marketing_settings().await?))
}

/// Replaces the marketing settings (operator; audited; 422 for values out of range).
#[utoipa::path(put, path = "/api/v1/admin/marketing/settings", tag = "marketing", security(("bearer" = [])),
    request_body(content = Object, description = "points_per_yuan, points_max_deduct_bp, check_in_points, check_in_streak_bonus, flash_pay_minutes"),
    responses((status = 200, body = Object), (status = 422, body = crate::routes::Problem)))]
async fn put_settings(State(s): State<AppState>, st: Staff, Json(b): Json<MarketingSettings>) -> ApiResult<axum::Json<MarketingSettings>> {
    Ok(axum::Json(s.services.put_marketing_settings(&st.0, b).await?))
}

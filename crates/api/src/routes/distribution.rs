//! Distribution: binding, applying, the distributor centre (figures, commissions, team,
//! withdrawals), the public rules, and the staff side (settings, distributors, applications,
//! withdrawals, rebinding).

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path, Query, Shopper, Staff};
use crate::routes::{Page, PageQuery};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use fenxiao_domain::distribution::{DistributionSettings, Grade, ProductRule};
use fenxiao_payments::wechatpay::SignedHeaders;
use fenxiao_store::{ApplicationRecord, BindOutcome, CommissionRecord, MemberRecord, WithdrawalRecord};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(bind_referrer))
        .routes(routes!(apply))
        .routes(routes!(rules))
        .routes(routes!(my_distributor))
        .routes(routes!(my_commissions))
        .routes(routes!(my_team))
        .routes(routes!(list_my_withdrawals, request_withdrawal))
        .routes(routes!(transfer_notify))
        .routes(routes!(get_settings, put_settings))
        .routes(routes!(list_distributors))
        .routes(routes!(list_applications))
        .routes(routes!(approve_distributor))
        .routes(routes!(reject_distributor))
        .routes(routes!(set_distributor_status))
        .routes(routes!(rebind))
        .routes(routes!(list_withdrawals))
        .routes(routes!(approve_withdrawal))
        .routes(routes!(reject_withdrawal))
        .routes(routes!(mark_withdrawal_paid))
        .routes(routes!(mark_withdrawal_failed))
        .routes(routes!(list_grades, create_grade))
        .routes(routes!(update_grade, delete_grade))
        .routes(routes!(set_grade))
        .routes(routes!(rankings))
        .routes(routes!(invite_qr))
        .routes(routes!(get_product_rule, put_product_rule))
        .routes(routes!(share_estimate))
        .routes(routes!(my_team_rewards))
        .routes(routes!(admin_team_rewards))
        .routes(routes!(reverse_team_reward))
        .routes(routes!(retry_withdrawal))
        .routes(routes!(binding_attempts))
}

/// Retries a failed payout (finance; audited): the amount is taken from available again and a
/// WeChat transfer is sent under a new bill number. 409 `invalid_transition` unless failed; `in_debt`.
#[utoipa::path(post, path = "/api/v1/admin/withdrawals/{id}/retry", tag = "distribution", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = WithdrawalDto), (status = 409, body = crate::routes::Problem)))]
async fn retry_withdrawal(State(s): State<AppState>, st: Staff, Path(id): Path<i64>) -> ApiResult<axum::Json<WithdrawalDto>> {
    Ok(axum::Json(withdrawal_dto(s.services.retry_withdrawal(&st.0, id).await?)))
}

#[derive(Deserialize, IntoParams)]
pub struct AttemptQuery {
    pub user_id: Option<i64>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

#[derive(Serialize, ToSchema)]
pub struct BindingAttemptDto {
    pub id: i64,
    pub user_id: i64,
    pub referrer_id: Option<i64>,
    pub invite_code: String,
    pub channel: String,
    pub scene: String,
    /// `bound`, `unchanged`, `deferred`, `refused`.
    pub outcome: String,
    pub reason: String,
    pub created_at: DateTime<Utc>,
}

/// The binding log: every attempt with channel, scene, outcome and reason (staff).
#[utoipa::path(get, path = "/api/v1/admin/binding-attempts", tag = "distribution", security(("bearer" = [])), params(AttemptQuery),
    responses((status = 200, body = Page<BindingAttemptDto>)))]
async fn binding_attempts(
    State(s): State<AppState>,
    st: Staff,
    Query(q): Query<AttemptQuery>,
) -> ApiResult<axum::Json<Page<BindingAttemptDto>>> {
    st.0.require(&[fenxiao_domain::auth::Role::Operator, fenxiao_domain::auth::Role::Support])?;
    let (page, page_size) = PageQuery { page: q.page, page_size: q.page_size }.resolve()?;
    let (rows, total) =
        s.services.store.binding_attempts(q.user_id, page, page_size).await.map_err(fenxiao_services::ServiceError::from)?;
    Ok(axum::Json(Page {
        items: rows
            .into_iter()
            .map(|a| BindingAttemptDto {
                id: a.id,
                user_id: a.user_id,
                referrer_id: a.referrer_id,
                invite_code: a.invite_code,
                channel: a.channel,
                scene: a.scene,
                outcome: a.outcome,
                reason: a.reason,
                created_at: a.created_at,
            })
            .collect(),
        total,
        page,
        page_size,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct TeamRewardDto {
    pub id: i64,
    pub user_id: i64,
    /// `YYYY-MM` (shop month).
    pub period: String,
    pub sales: i64,
    pub rate_bp: i64,
    pub amount: i64,
    /// `paid` or `reversed`.
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub reversed_at: Option<DateTime<Utc>>,
}

fn team_reward_dto(t: fenxiao_store::TeamRewardRecord) -> TeamRewardDto {
    TeamRewardDto {
        id: t.id,
        user_id: t.user_id,
        period: t.period,
        sales: t.sales,
        rate_bp: t.rate_bp,
        amount: t.amount,
        status: t.status,
        created_at: t.created_at,
        reversed_at: t.reversed_at,
    }
}

#[utoipa::path(get, path = "/api/v1/me/team-rewards", tag = "distribution", security(("bearer" = [])), params(StatusPage),
    responses((status = 200, body = Page<TeamRewardDto>)))]
async fn my_team_rewards(
    State(s): State<AppState>,
    me: Shopper,
    Query(q): Query<StatusPage>,
) -> ApiResult<axum::Json<Page<TeamRewardDto>>> {
    let (page, page_size) = PageQuery { page: q.page, page_size: q.page_size }.resolve()?;
    let (items, total) = s.services.my_team_rewards(me.user_id, page, page_size).await?;
    Ok(axum::Json(Page { items: items.into_iter().map(team_reward_dto).collect(), total, page, page_size }))
}

#[derive(Deserialize, IntoParams)]
pub struct PeriodPage {
    /// `YYYY-MM`.
    pub period: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

#[utoipa::path(get, path = "/api/v1/admin/team-rewards", tag = "distribution", security(("bearer" = [])), params(PeriodPage),
    responses((status = 200, body = Page<TeamRewardDto>)))]
async fn admin_team_rewards(
    State(s): State<AppState>,
    st: Staff,
    Query(q): Query<PeriodPage>,
) -> ApiResult<axum::Json<Page<TeamRewardDto>>> {
    let (page, page_size) = PageQuery { page: q.page, page_size: q.page_size }.resolve()?;
    let (items, total) = s.services.admin_team_rewards(&st.0, nonempty(&q.period), page, page_size).await?;
    Ok(axum::Json(Page { items: items.into_iter().map(team_reward_dto).collect(), total, page, page_size }))
}

/// Reverses a paid team reward (reason required): clawed back from frozen, available, then debt.
#[utoipa::path(post, path = "/api/v1/admin/team-rewards/{id}/reverse", tag = "distribution", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = ReasonBody, responses((status = 200, body = TeamRewardDto), (status = 409, body = crate::routes::Problem)))]
async fn reverse_team_reward(
    State(s): State<AppState>,
    st: Staff,
    Path(id): Path<i64>,
    Json(b): Json<ReasonBody>,
) -> ApiResult<axum::Json<TeamRewardDto>> {
    Ok(axum::Json(team_reward_dto(s.services.reverse_team_reward(&st.0, id, &b.reason).await?)))
}

/// A product's own commission rule: `{kind: "default"}`, `{kind: "rates", rates_bp: [t1, t2, t3]}`,
/// `{kind: "fixed", per_unit: [t1, t2, t3]}` (fen per unit) or `{kind: "none"}`.
#[utoipa::path(get, path = "/api/v1/admin/products/{id}/commission", tag = "distribution", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = Object), (status = 404, body = crate::routes::Problem)))]
async fn get_product_rule(State(s): State<AppState>, st: Staff, Path(id): Path<i64>) -> ApiResult<axum::Json<ProductRule>> {
    Ok(axum::Json(s.services.product_commission_rule(&st.0, id).await?))
}

#[utoipa::path(put, path = "/api/v1/admin/products/{id}/commission", tag = "distribution", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body(content = Object, description = "the rule"), responses((status = 200, body = Object), (status = 422, body = crate::routes::Problem)))]
async fn put_product_rule(
    State(s): State<AppState>,
    st: Staff,
    Path(id): Path<i64>,
    Json(r): Json<ProductRule>,
) -> ApiResult<axum::Json<ProductRule>> {
    Ok(axum::Json(s.services.set_product_commission_rule(&st.0, id, r).await?))
}

#[derive(Serialize, ToSchema)]
pub struct SkuEarning {
    pub sku_id: i64,
    pub price: i64,
    /// What the caller earns (tier 1) when an invited shopper buys one unit at this price.
    pub earn: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ShareEstimateDto {
    /// False when the caller is not an active distributor (then `skus` is empty).
    pub distributor: bool,
    pub skus: Vec<SkuEarning>,
}

/// "Share and earn ¥x" for a product — the same calculation as real commission.
#[utoipa::path(get, path = "/api/v1/products/{id}/share-estimate", tag = "distribution", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = ShareEstimateDto), (status = 404, body = crate::routes::Problem)))]
async fn share_estimate(State(s): State<AppState>, me: Shopper, Path(id): Path<i64>) -> ApiResult<axum::Json<ShareEstimateDto>> {
    Ok(axum::Json(match s.services.share_estimate(me.user_id, id).await? {
        Some(v) => ShareEstimateDto {
            distributor: true,
            skus: v.into_iter().map(|(sku_id, price, earn)| SkuEarning { sku_id, price, earn }).collect(),
        },
        None => ShareEstimateDto { distributor: false, skus: vec![] },
    }))
}

#[derive(Deserialize, IntoParams)]
pub struct QrQuery {
    /// Pixels per module, 2..16 (default 8).
    pub scale: Option<u32>,
}

/// The caller's invite link as a QR code PNG: the H5 home with `invite=<code>` (the code is the
/// scene a mini-program code would carry). The link's origin is the request's `Host`.
#[utoipa::path(get, path = "/api/v1/me/invite-qr.png", tag = "distribution", security(("bearer" = [])), params(QrQuery),
    responses((status = 200, content_type = "image/png", description = "the QR code")))]
async fn invite_qr(State(s): State<AppState>, me: Shopper, headers: HeaderMap, Query(q): Query<QrQuery>) -> ApiResult<Response> {
    use axum::response::IntoResponse;
    let scale = q.scale.unwrap_or(8);
    if !(2..=16).contains(&scale) {
        return Err(fenxiao_domain::ValidationError::field("scale", "out_of_range").into());
    }
    let u = s.services.store.get_user(me.user_id).await.map_err(fenxiao_services::ServiceError::from)?;
    let host = headers
        .get("host")
        .and_then(|v| v.to_str().ok())
        .filter(|h| h.chars().all(|c| c.is_ascii_alphanumeric() || ".:-[]".contains(c)))
        .unwrap_or("localhost");
    let link = format!("http://{host}/h5/#/pages/index/index?invite={}", u.invite_code);
    let png = qr_png(&link, scale).map_err(ApiError::internal)?;
    Ok(([(axum::http::header::CONTENT_TYPE, "image/png"), (axum::http::header::CACHE_CONTROL, "private, max-age=3600")], png)
        .into_response())
}

/// Renders `data` as a QR code PNG with a 4-module quiet zone.
pub fn qr_png(data: &str, scale: u32) -> Result<Vec<u8>, String> {
    let code = qrcode::QrCode::new(data.as_bytes()).map_err(|e| e.to_string())?;
    let w = code.width() as u32;
    let colors = code.to_colors();
    let side = (w + 8) * scale;
    let img = image::GrayImage::from_fn(side, side, |x, y| {
        let (mx, my) = ((x / scale) as i64 - 4, (y / scale) as i64 - 4);
        let dark =
            mx >= 0 && my >= 0 && (mx as u32) < w && (my as u32) < w && colors[(my as u32 * w + mx as u32) as usize] == qrcode::Color::Dark;
        image::Luma([if dark { 0 } else { 255 }])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

#[utoipa::path(get, path = "/api/v1/admin/distribution/grades", tag = "distribution", security(("bearer" = [])),
    responses((status = 200, description = "grades by level", body = Object)))]
async fn list_grades(State(s): State<AppState>, st: Staff) -> ApiResult<axum::Json<Vec<Grade>>> {
    st.0.require(&[fenxiao_domain::auth::Role::Operator, fenxiao_domain::auth::Role::Finance, fenxiao_domain::auth::Role::Support])?;
    Ok(axum::Json(s.services.grades().await?))
}

/// Creates a grade: `{name, level, rates_bp: [t1, t2, t3], conditions: {own_spend?, direct_recruits?, team_sales?, order_count?, all}}`.
/// 409 `level_taken`; 422 for bad rates.
#[utoipa::path(post, path = "/api/v1/admin/distribution/grades", tag = "distribution", security(("bearer" = [])),
    request_body(content = Object, description = "a grade"), responses((status = 201, body = Object), (status = 409, body = crate::routes::Problem), (status = 422, body = crate::routes::Problem)))]
async fn create_grade(State(s): State<AppState>, st: Staff, Json(g): Json<Grade>) -> ApiResult<(StatusCode, axum::Json<Grade>)> {
    Ok((StatusCode::CREATED, axum::Json(s.services.save_grade(&st.0, None, g).await?)))
}

#[utoipa::path(put, path = "/api/v1/admin/distribution/grades/{id}", tag = "distribution", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body(content = Object, description = "a grade"), responses((status = 200, body = Object), (status = 404, body = crate::routes::Problem)))]
async fn update_grade(State(s): State<AppState>, st: Staff, Path(id): Path<i64>, Json(g): Json<Grade>) -> ApiResult<axum::Json<Grade>> {
    Ok(axum::Json(s.services.save_grade(&st.0, Some(id), g).await?))
}

/// Deletes a grade nobody holds (409 `grade_in_use`).
#[utoipa::path(delete, path = "/api/v1/admin/distribution/grades/{id}", tag = "distribution", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 204), (status = 409, body = crate::routes::Problem)))]
async fn delete_grade(State(s): State<AppState>, st: Staff, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    s.services.delete_grade(&st.0, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GradeBody {
    pub grade_id: Option<i64>,
    pub reason: String,
}

/// Staff set or clear a member's grade (downgrades only happen here; reason required, audited).
#[utoipa::path(put, path = "/api/v1/admin/distributors/{user_id}/grade", tag = "distribution", security(("bearer" = [])), params(("user_id" = i64, Path)),
    request_body = GradeBody, responses((status = 200, body = DistributorRowDto)))]
async fn set_grade(
    State(s): State<AppState>,
    st: Staff,
    Path(user_id): Path<i64>,
    Json(b): Json<GradeBody>,
) -> ApiResult<axum::Json<DistributorRowDto>> {
    let m = s.services.set_member_grade(&st.0, user_id, b.grade_id, &b.reason).await?;
    let nickname = s.services.store.get_user(user_id).await.map(|u| u.nickname).unwrap_or_default();
    Ok(axum::Json(row_dto(m, nickname)))
}

#[derive(Deserialize, IntoParams)]
pub struct RankingQuery {
    /// `week` or `month` (the last 7 or 30 days).
    pub period: Option<String>,
    /// `commission` or `recruits`.
    pub by: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct RankDto {
    pub rank: i64,
    pub user_id: i64,
    /// Masked: first character and `**`.
    pub nickname: String,
    pub value: i64,
}

/// Top 20 distributors of the last week or month by commission earned (net of reversals) or by new direct members.
#[utoipa::path(get, path = "/api/v1/distribution/rankings", tag = "distribution", params(RankingQuery), responses((status = 200, body = [RankDto])))]
async fn rankings(State(s): State<AppState>, Query(q): Query<RankingQuery>) -> ApiResult<axum::Json<Vec<RankDto>>> {
    let days = match q.period.as_deref().unwrap_or("week") {
        "week" => 7,
        "month" => 30,
        _ => return Err(fenxiao_domain::ValidationError::field("period", "invalid_value").into()),
    };
    let by = match q.by.as_deref().unwrap_or("commission") {
        b @ ("commission" | "recruits") => b,
        _ => return Err(fenxiao_domain::ValidationError::field("by", "invalid_value").into()),
    };
    let rows = s.services.rankings(by, days).await?;
    let mut out = Vec::new();
    for (i, (user_id, value)) in rows.into_iter().enumerate() {
        let name = s.services.store.get_user(user_id).await.map(|u| u.nickname).unwrap_or_default();
        let first: String = name.chars().take(1).collect();
        out.push(RankDto { rank: i as i64 + 1, user_id, nickname: format!("{first}**"), value });
    }
    Ok(axum::Json(out))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BindBody {
    pub invite_code: String,
    /// Where the link came from: `link`, `qrcode`, `poster`, `login`…
    #[serde(default)]
    pub channel: Option<String>,
    /// The mini-program code's scene, if any.
    #[serde(default)]
    pub scene: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct BindDto {
    /// `bound`, `unchanged`, `deferred` (binds at the first paid order).
    pub outcome: String,
    pub referrer_id: Option<i64>,
}

/// What a binding attempt did, for the login answer too.
pub fn bind_result(o: BindOutcome) -> Result<BindDto, ApiError> {
    match o {
        BindOutcome::Bound { referrer_id } => Ok(BindDto { outcome: "bound".into(), referrer_id: Some(referrer_id) }),
        BindOutcome::Unchanged { referrer_id } => Ok(BindDto { outcome: "unchanged".into(), referrer_id: Some(referrer_id) }),
        BindOutcome::Deferred => Ok(BindDto { outcome: "deferred".into(), referrer_id: None }),
        BindOutcome::Refused(why) => {
            let mut e = ApiError::new(StatusCode::CONFLICT, "binding_not_allowed");
            e.reason = Some(why);
            Err(e)
        }
    }
}

/// Binds the caller to the owner of an invite code, by the shop's binding rules. A refusal is 409
/// `binding_not_allowed` with `reason`: `self`, `cycle`, `not_distributor`, `unknown_code`,
/// `already_bound`, `has_paid_order`, `disabled`, `distribution_off`.
#[utoipa::path(post, path = "/api/v1/me/referrer", tag = "distribution", security(("bearer" = [])), request_body = BindBody,
    responses((status = 200, body = BindDto), (status = 409, description = "binding_not_allowed", body = crate::routes::Problem)))]
async fn bind_referrer(State(s): State<AppState>, me: Shopper, Json(b): Json<BindBody>) -> ApiResult<axum::Json<BindDto>> {
    let o = s
        .services
        .bind_referrer(me.user_id, &b.invite_code, b.channel.as_deref().unwrap_or("link"), b.scene.as_deref().unwrap_or(""))
        .await?;
    Ok(axum::Json(bind_result(o)?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ApplyBody {
    #[serde(default)]
    pub reason: String,
}

#[derive(Serialize, ToSchema)]
pub struct ApplicationDto {
    pub id: i64,
    pub user_id: i64,
    /// `pending`, `approved`, `rejected`.
    pub status: String,
    pub reason: String,
    pub reject_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

fn app_dto(a: ApplicationRecord) -> ApplicationDto {
    ApplicationDto {
        id: a.id,
        user_id: a.user_id,
        status: a.status,
        reason: a.reason,
        reject_reason: a.reject_reason,
        created_at: a.created_at,
        decided_at: a.decided_at,
    }
}

/// Applies to become a distributor (mode `apply`). 409 `already_applied`, `already_distributor`,
/// `below_minimum` (spend condition), `invalid_transition` (another mode).
#[utoipa::path(post, path = "/api/v1/distribution/apply", tag = "distribution", security(("bearer" = [])), request_body = ApplyBody,
    responses((status = 201, body = ApplicationDto), (status = 409, body = crate::routes::Problem)))]
async fn apply(
    State(s): State<AppState>,
    me: Shopper,
    b: crate::extract::OptionalJson<ApplyBody>,
) -> ApiResult<(StatusCode, axum::Json<ApplicationDto>)> {
    let b = b.0.unwrap_or_default();
    Ok((StatusCode::CREATED, axum::Json(app_dto(s.services.apply_distributor(me.user_id, &b.reason).await?))))
}

#[derive(Serialize, ToSchema)]
pub struct RulesText {
    pub zh: String,
    pub en: String,
}

#[derive(Serialize, ToSchema)]
pub struct RulesDto {
    pub version: i64,
    #[schema(value_type = Object)]
    pub settings: DistributionSettings,
    /// The rules in plain words, generated from the live settings.
    pub text: RulesText,
}

/// The live commission rules, structured and in plain words (public).
#[utoipa::path(get, path = "/api/v1/distribution/rules", tag = "distribution", responses((status = 200, body = RulesDto)))]
async fn rules(State(s): State<AppState>) -> ApiResult<axum::Json<RulesDto>> {
    let (version, settings, zh, en) = s.services.rules_text().await?;
    Ok(axum::Json(RulesDto { version, settings, text: RulesText { zh, en } }))
}

#[derive(Serialize, ToSchema)]
pub struct CommissionSummary {
    pub frozen: i64,
    pub settled: i64,
    pub withdrawn: i64,
    pub pending_withdrawal: i64,
    /// What the distributor owes after clawbacks (withdrawals are blocked while > 0).
    pub debt: i64,
}

#[derive(Serialize, ToSchema)]
pub struct TeamSummary {
    /// Members 1, 2 and 3 levels below.
    pub levels: [i64; 3],
    pub team_sales: i64,
}

#[derive(Serialize, ToSchema)]
pub struct DistributorDto {
    /// `none`, `pending`, `active`, `disabled`.
    pub status: String,
    pub mode: String,
    pub grade: Option<String>,
    pub invite_code: String,
    pub referrer_id: Option<i64>,
    pub commission: CommissionSummary,
    pub team: TeamSummary,
    pub own_spend: i64,
    pub application: Option<ApplicationDto>,
}

impl DistributorDto {
    fn grade_name(g: &Option<Grade>) -> Option<String> {
        g.as_ref().map(|g| g.name.clone())
    }
}

#[utoipa::path(get, path = "/api/v1/me/distributor", tag = "distribution", security(("bearer" = [])), responses((status = 200, body = DistributorDto)))]
async fn my_distributor(State(s): State<AppState>, me: Shopper) -> ApiResult<axum::Json<DistributorDto>> {
    let f = s.services.distributor_figures(me.user_id).await?;
    Ok(axum::Json(DistributorDto {
        status: f.status,
        mode: serde_json::to_value(f.mode).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default(),
        grade: DistributorDto::grade_name(&f.grade),
        invite_code: f.invite_code,
        referrer_id: f.referrer_id,
        commission: CommissionSummary {
            frozen: f.frozen,
            settled: f.settled,
            withdrawn: f.withdrawn,
            pending_withdrawal: f.withdrawing,
            debt: f.debt,
        },
        team: TeamSummary { levels: f.team, team_sales: f.team_sales },
        own_spend: f.own_spend,
        application: f.application.map(app_dto),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct CommissionDto {
    pub id: i64,
    pub order_id: i64,
    pub order_line_id: i64,
    pub tier: i64,
    pub beneficiary_id: i64,
    pub base: i64,
    pub rate_bp: Option<i64>,
    pub fixed_per_unit: Option<i64>,
    pub amount: i64,
    /// Reversed by refunds so far.
    pub reversed: i64,
    /// `frozen`, `settled`, `reversed`.
    pub status: String,
    /// How it was computed.
    pub rule: String,
    pub created_at: DateTime<Utc>,
    pub settled_at: Option<DateTime<Utc>>,
    /// `order` (tiers 1..3) or `new_member` (拉新奖励, tier 0).
    pub kind: String,
}

pub fn commission_dto(c: CommissionRecord) -> CommissionDto {
    CommissionDto {
        id: c.id,
        order_id: c.order_id,
        order_line_id: c.order_line_id,
        tier: c.tier,
        beneficiary_id: c.beneficiary_id,
        base: c.base,
        rate_bp: c.rate_bp,
        fixed_per_unit: c.fixed_per_unit,
        amount: c.amount,
        reversed: c.reversed,
        status: c.status,
        rule: c.rule,
        created_at: c.created_at,
        settled_at: c.settled_at,
        kind: c.kind,
    }
}

#[derive(Deserialize, IntoParams)]
pub struct StatusPage {
    pub status: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|x| !x.is_empty())
}

#[utoipa::path(get, path = "/api/v1/me/commissions", tag = "distribution", security(("bearer" = [])), params(StatusPage),
    responses((status = 200, body = Page<CommissionDto>)))]
async fn my_commissions(State(s): State<AppState>, me: Shopper, Query(q): Query<StatusPage>) -> ApiResult<axum::Json<Page<CommissionDto>>> {
    let (page, page_size) = PageQuery { page: q.page, page_size: q.page_size }.resolve()?;
    let (items, total) = s.services.my_commissions(me.user_id, nonempty(&q.status), page, page_size).await?;
    Ok(axum::Json(Page { items: items.into_iter().map(commission_dto).collect(), total, page, page_size }))
}

#[derive(Deserialize, IntoParams)]
pub struct TeamQuery {
    /// 1..tiers (default 1).
    pub depth: Option<u8>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

#[derive(Serialize, ToSchema)]
pub struct MemberDto {
    pub user_id: i64,
    pub nickname: String,
    pub bound_at: Option<DateTime<Utc>>,
    pub is_distributor: bool,
    /// Their own direct members.
    pub members: i64,
    pub own_orders: i64,
}

#[derive(Serialize, ToSchema)]
pub struct TeamDto {
    pub depth: u8,
    pub items: Vec<MemberDto>,
    pub total: u64,
    pub page: u64,
    pub page_size: u64,
    pub levels: [i64; 3],
    pub team_sales: i64,
    /// New members per shop day over the last 14 days, whole team down to the shop's tiers.
    pub new_members_per_day: Vec<DayCount>,
}

#[derive(Serialize, ToSchema)]
pub struct DayCount {
    /// `YYYY-MM-DD` in the shop's time zone.
    pub day: String,
    pub members: i64,
}

async fn member_dtos(s: &AppState, rows: Vec<MemberRecord>) -> Vec<MemberDto> {
    let mut out = Vec::with_capacity(rows.len());
    for m in rows {
        let nickname = s.services.store.get_user(m.user_id).await.map(|u| u.nickname).unwrap_or_default();
        out.push(MemberDto {
            user_id: m.user_id,
            nickname,
            bound_at: m.bound_at,
            is_distributor: m.status == "active",
            members: m.d1,
            own_orders: m.own_orders,
        });
    }
    out
}

/// Members of the caller's team at one depth, with the team counters (kept incrementally).
#[utoipa::path(get, path = "/api/v1/me/team", tag = "distribution", security(("bearer" = [])), params(TeamQuery),
    responses((status = 200, body = TeamDto), (status = 422, body = crate::routes::Problem)))]
async fn my_team(State(s): State<AppState>, me: Shopper, Query(q): Query<TeamQuery>) -> ApiResult<axum::Json<TeamDto>> {
    let (page, page_size) = PageQuery { page: q.page, page_size: q.page_size }.resolve()?;
    let depth = q.depth.unwrap_or(1);
    let (rows, total) = s.services.my_team(me.user_id, depth, page, page_size).await?;
    let m = s.services.store.member(me.user_id).await.map_err(fenxiao_services::ServiceError::from)?;
    let per_day = s.services.new_members_per_day(me.user_id).await?;
    Ok(axum::Json(TeamDto {
        depth,
        items: member_dtos(&s, rows).await,
        total,
        page,
        page_size,
        levels: [m.d1, m.d2, m.d3],
        team_sales: m.team_sales,
        new_members_per_day: per_day.into_iter().map(|(day, members)| DayCount { day, members }).collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawBody {
    pub amount: i64,
    /// `wechat`, `balance`, `bank`, `alipay` (as the settings allow).
    pub method: String,
}

#[derive(Serialize, ToSchema)]
pub struct WithdrawalDto {
    pub id: i64,
    pub user_id: i64,
    pub amount: i64,
    pub fee: i64,
    pub net: i64,
    pub method: String,
    /// `requested`, `approved`, `transferring`, `paid`, `rejected`, `failed`.
    pub status: String,
    pub out_bill_no: String,
    pub note: String,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
}

fn withdrawal_dto(w: WithdrawalRecord) -> WithdrawalDto {
    WithdrawalDto {
        id: w.id,
        user_id: w.user_id,
        amount: w.amount,
        fee: w.fee,
        net: w.net,
        method: w.method,
        status: w.status,
        out_bill_no: w.out_bill_no,
        note: w.note,
        created_at: w.created_at,
        decided_at: w.decided_at,
        finished_at: w.finished_at,
    }
}

/// Requests a withdrawal of settled commission. `Idempotency-Key` is required: the same key
/// answers the same withdrawal. 409 `below_minimum`, `insufficient_balance`, `in_debt`, `limit_reached`.
#[utoipa::path(post, path = "/api/v1/me/withdrawals", tag = "distribution", security(("bearer" = [])), request_body = WithdrawBody,
    params(("Idempotency-Key" = String, Header)),
    responses((status = 201, body = WithdrawalDto), (status = 409, body = crate::routes::Problem), (status = 422, body = crate::routes::Problem)))]
async fn request_withdrawal(
    State(s): State<AppState>,
    me: Shopper,
    headers: HeaderMap,
    Json(b): Json<WithdrawBody>,
) -> ApiResult<(StatusCode, axum::Json<WithdrawalDto>)> {
    let key = headers.get("Idempotency-Key").and_then(|v| v.to_str().ok()).unwrap_or("");
    let w = s.services.request_withdrawal(me.user_id, b.amount, &b.method, key).await?;
    Ok((StatusCode::CREATED, axum::Json(withdrawal_dto(w))))
}

#[utoipa::path(get, path = "/api/v1/me/withdrawals", tag = "distribution", security(("bearer" = [])), params(StatusPage),
    responses((status = 200, body = Page<WithdrawalDto>)))]
async fn list_my_withdrawals(
    State(s): State<AppState>,
    me: Shopper,
    Query(q): Query<StatusPage>,
) -> ApiResult<axum::Json<Page<WithdrawalDto>>> {
    let (page, page_size) = PageQuery { page: q.page, page_size: q.page_size }.resolve()?;
    let (items, total) = s.services.my_withdrawals(me.user_id, page, page_size).await?;
    Ok(axum::Json(Page { items: items.into_iter().map(withdrawal_dto).collect(), total, page, page_size }))
}

/// WeChat Pay merchant-transfer notification (`MCHTRANSFER.BILL.FINISHED`).
#[utoipa::path(post, path = "/api/v1/payments/wechat/transfer-notify", tag = "payments",
    request_body(content = String, content_type = "application/json", description = "the notification exactly as WeChat Pay sends it"),
    responses((status = 204), (status = 401, description = "`{code: FAIL}`: not signed by WeChat Pay")))]
async fn transfer_notify(State(s): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let g = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let (t, n, sig, se) = (g("Wechatpay-Timestamp"), g("Wechatpay-Nonce"), g("Wechatpay-Signature"), g("Wechatpay-Serial"));
    let h = SignedHeaders { timestamp: &t, nonce: &n, signature: &sig, serial: &se };
    crate::routes::payments::notify_response(s.services.handle_transfer_notification(&h, &body).await)
}

#[derive(Serialize, ToSchema)]
pub struct SettingsDto {
    pub version: i64,
    #[schema(value_type = Object)]
    pub settings: DistributionSettings,
    /// e.g. `three_tiers`: the compliance warning for three-tier distribution.
    pub warnings: Vec<String>,
}

#[utoipa::path(get, path = "/api/v1/admin/distribution/settings", tag = "distribution", security(("bearer" = [])), responses((status = 200, body = SettingsDto)))]
async fn get_settings(State(s): State<AppState>, st: Staff) -> ApiResult<axum::Json<SettingsDto>> {
    st.0.require(&[fenxiao_domain::auth::Role::Operator, fenxiao_domain::auth::Role::Finance, fenxiao_domain::auth::Role::Support])?;
    let (version, settings) = s.services.distribution_settings().await?;
    let warnings = settings.validate().unwrap_or_default().into_iter().map(String::from).collect();
    Ok(axum::Json(SettingsDto { version, settings, warnings }))
}

/// Saves new settings as a new version (audited). 422 `tiers_exceed_limit` above three tiers;
/// 422 `validation_failed` for bad rates (negative, above 100 %, or summing above 100 %).
#[utoipa::path(put, path = "/api/v1/admin/distribution/settings", tag = "distribution", security(("bearer" = [])),
    request_body(content = Object, description = "the whole settings object (see GET)"),
    responses((status = 200, body = SettingsDto), (status = 422, body = crate::routes::Problem)))]
async fn put_settings(State(s): State<AppState>, st: Staff, Json(b): Json<DistributionSettings>) -> ApiResult<axum::Json<SettingsDto>> {
    let (version, warnings) = s.services.put_distribution_settings(&st.0, b.clone()).await?;
    Ok(axum::Json(SettingsDto { version, settings: b, warnings: warnings.into_iter().map(String::from).collect() }))
}

#[derive(Serialize, ToSchema)]
pub struct DistributorRowDto {
    pub user_id: i64,
    pub nickname: String,
    pub status: String,
    pub referrer_id: Option<i64>,
    pub levels: [i64; 3],
    pub team_sales: i64,
    pub own_spend: i64,
    pub became_at: Option<DateTime<Utc>>,
}

fn row_dto(m: MemberRecord, nickname: String) -> DistributorRowDto {
    DistributorRowDto {
        user_id: m.user_id,
        nickname,
        status: m.status,
        referrer_id: m.parent_id,
        levels: [m.d1, m.d2, m.d3],
        team_sales: m.team_sales,
        own_spend: m.own_spend,
        became_at: m.became_at,
    }
}

#[utoipa::path(get, path = "/api/v1/admin/distributors", tag = "distribution", security(("bearer" = [])), params(StatusPage),
    responses((status = 200, body = Page<DistributorRowDto>)))]
async fn list_distributors(
    State(s): State<AppState>,
    st: Staff,
    Query(q): Query<StatusPage>,
) -> ApiResult<axum::Json<Page<DistributorRowDto>>> {
    let (page, page_size) = PageQuery { page: q.page, page_size: q.page_size }.resolve()?;
    let (rows, total) = s.services.distributors(&st.0, nonempty(&q.status), page, page_size).await?;
    let mut items = Vec::new();
    for m in rows {
        let nickname = s.services.store.get_user(m.user_id).await.map(|u| u.nickname).unwrap_or_default();
        items.push(row_dto(m, nickname));
    }
    Ok(axum::Json(Page { items, total, page, page_size }))
}

#[utoipa::path(get, path = "/api/v1/admin/distributor-applications", tag = "distribution", security(("bearer" = [])), params(StatusPage),
    responses((status = 200, body = Page<ApplicationDto>)))]
async fn list_applications(
    State(s): State<AppState>,
    st: Staff,
    Query(q): Query<StatusPage>,
) -> ApiResult<axum::Json<Page<ApplicationDto>>> {
    let (page, page_size) = PageQuery { page: q.page, page_size: q.page_size }.resolve()?;
    let (rows, total) = s.services.applications(&st.0, nonempty(&q.status), page, page_size).await?;
    Ok(axum::Json(Page { items: rows.into_iter().map(app_dto).collect(), total, page, page_size }))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ReasonBody {
    #[serde(default)]
    pub reason: String,
}

async fn decide(s: &AppState, st: &Staff, user_id: i64, approve: bool, reason: &str) -> ApiResult<ApplicationDto> {
    let app = s
        .services
        .store
        .latest_application(user_id)
        .await
        .map_err(fenxiao_services::ServiceError::from)?
        .ok_or_else(ApiError::not_found)?;
    Ok(app_dto(s.services.decide_application(&st.0, app.id, approve, reason).await?))
}

/// Approves the user's open application. 409 `invalid_transition` when it was already decided.
#[utoipa::path(post, path = "/api/v1/admin/distributors/{user_id}/approve", tag = "distribution", security(("bearer" = [])), params(("user_id" = i64, Path)),
    request_body = ReasonBody, responses((status = 200, body = ApplicationDto), (status = 404, body = crate::routes::Problem), (status = 409, body = crate::routes::Problem)))]
async fn approve_distributor(
    State(s): State<AppState>,
    st: Staff,
    Path(user_id): Path<i64>,
    b: crate::extract::OptionalJson<ReasonBody>,
) -> ApiResult<axum::Json<ApplicationDto>> {
    Ok(axum::Json(decide(&s, &st, user_id, true, &b.0.unwrap_or_default().reason).await?))
}

/// Rejects the user's open application (reason required).
#[utoipa::path(post, path = "/api/v1/admin/distributors/{user_id}/reject", tag = "distribution", security(("bearer" = [])), params(("user_id" = i64, Path)),
    request_body = ReasonBody, responses((status = 200, body = ApplicationDto), (status = 409, body = crate::routes::Problem), (status = 422, body = crate::routes::Problem)))]
async fn reject_distributor(
    State(s): State<AppState>,
    st: Staff,
    Path(user_id): Path<i64>,
    Json(b): Json<ReasonBody>,
) -> ApiResult<axum::Json<ApplicationDto>> {
    Ok(axum::Json(decide(&s, &st, user_id, false, &b.reason).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusBody {
    /// `active` (designate / enable), `disabled`, `none`.
    pub status: String,
    #[serde(default)]
    pub reason: String,
}

#[utoipa::path(post, path = "/api/v1/admin/distributors/{user_id}/status", tag = "distribution", security(("bearer" = [])), params(("user_id" = i64, Path)),
    request_body = StatusBody, responses((status = 200, body = DistributorRowDto)))]
async fn set_distributor_status(
    State(s): State<AppState>,
    st: Staff,
    Path(user_id): Path<i64>,
    Json(b): Json<StatusBody>,
) -> ApiResult<axum::Json<DistributorRowDto>> {
    let m = s.services.set_distributor(&st.0, user_id, &b.status, &b.reason).await?;
    let nickname = s.services.store.get_user(user_id).await.map(|u| u.nickname).unwrap_or_default();
    Ok(axum::Json(row_dto(m, nickname)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RebindBody {
    pub invite_code: String,
    pub reason: String,
}

/// Staff move a user under another distributor (reason required; audited; never a cycle).
#[utoipa::path(post, path = "/api/v1/admin/users/{id}/referrer", tag = "distribution", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = RebindBody, responses((status = 200, body = BindDto), (status = 409, body = crate::routes::Problem)))]
async fn rebind(State(s): State<AppState>, st: Staff, Path(id): Path<i64>, Json(b): Json<RebindBody>) -> ApiResult<axum::Json<BindDto>> {
    Ok(axum::Json(bind_result(s.services.rebind(&st.0, id, &b.invite_code, &b.reason).await?)?))
}

#[utoipa::path(get, path = "/api/v1/admin/withdrawals", tag = "distribution", security(("bearer" = [])), params(StatusPage),
    responses((status = 200, body = Page<WithdrawalDto>)))]
async fn list_withdrawals(State(s): State<AppState>, st: Staff, Query(q): Query<StatusPage>) -> ApiResult<axum::Json<Page<WithdrawalDto>>> {
    let (page, page_size) = PageQuery { page: q.page, page_size: q.page_size }.resolve()?;
    let (items, total) = s.services.admin_withdrawals(&st.0, nonempty(&q.status), page, page_size).await?;
    Ok(axum::Json(Page { items: items.into_iter().map(withdrawal_dto).collect(), total, page, page_size }))
}

#[utoipa::path(post, path = "/api/v1/admin/withdrawals/{id}/approve", tag = "distribution", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = ReasonBody, responses((status = 200, body = WithdrawalDto), (status = 409, body = crate::routes::Problem)))]
async fn approve_withdrawal(
    State(s): State<AppState>,
    st: Staff,
    Path(id): Path<i64>,
    b: crate::extract::OptionalJson<ReasonBody>,
) -> ApiResult<axum::Json<WithdrawalDto>> {
    Ok(axum::Json(withdrawal_dto(s.services.decide_withdrawal(&st.0, id, true, &b.0.unwrap_or_default().reason).await?)))
}

#[utoipa::path(post, path = "/api/v1/admin/withdrawals/{id}/reject", tag = "distribution", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = ReasonBody, responses((status = 200, body = WithdrawalDto), (status = 409, body = crate::routes::Problem)))]
async fn reject_withdrawal(
    State(s): State<AppState>,
    st: Staff,
    Path(id): Path<i64>,
    Json(b): Json<ReasonBody>,
) -> ApiResult<axum::Json<WithdrawalDto>> {
    Ok(axum::Json(withdrawal_dto(s.services.decide_withdrawal(&st.0, id, false, &b.reason).await?)))
}

/// Finance mark a manual payout (bank, Alipay) paid.
#[utoipa::path(post, path = "/api/v1/admin/withdrawals/{id}/mark-paid", tag = "distribution", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = ReasonBody, responses((status = 200, body = WithdrawalDto), (status = 409, body = crate::routes::Problem)))]
async fn mark_withdrawal_paid(
    State(s): State<AppState>,
    st: Staff,
    Path(id): Path<i64>,
    b: crate::extract::OptionalJson<ReasonBody>,
) -> ApiResult<axum::Json<WithdrawalDto>> {
    Ok(axum::Json(withdrawal_dto(s.services.finish_withdrawal_by_staff(&st.0, id, true, &b.0.unwrap_or_default().reason).await?)))
}

/// Finance mark a payout failed: the amount returns to the distributor's available commission.
#[utoipa::path(post, path = "/api/v1/admin/withdrawals/{id}/mark-failed", tag = "distribution", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = ReasonBody, responses((status = 200, body = WithdrawalDto), (status = 409, body = crate::routes::Problem)))]
async fn mark_withdrawal_failed(
    State(s): State<AppState>,
    st: Staff,
    Path(id): Path<i64>,
    Json(b): Json<ReasonBody>,
) -> ApiResult<axum::Json<WithdrawalDto>> {
    Ok(axum::Json(withdrawal_dto(s.services.finish_withdrawal_by_staff(&st.0, id, false, &b.reason).await?)))
}

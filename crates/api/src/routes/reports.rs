//! The dashboard report and the storefront's page-view events that feed its conversion rate.

use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{ClientIp, Json, Query, Staff};
use axum::extract::State;
use axum::http::StatusCode;
use fenxiao_services::reports::ratio_bp;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(dashboard)).routes(routes!(page_view))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DaysQuery {
    /// 1..366 shop days ending today (default 30).
    pub days: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct DayDto {
    /// Shop day (Asia/Shanghai), `YYYY-MM-DD`.
    pub day: String,
    pub orders: i64,
    /// Paid order totals (fen).
    pub gmv: i64,
    /// Approved after-sale refunds (fen).
    pub refunds: i64,
    pub page_views: i64,
    pub visitors: i64,
    pub buyers: i64,
    /// Buyers ÷ visitors of the day, in basis points.
    pub conversion_bp: i64,
}

#[derive(Serialize, ToSchema)]
pub struct TopDistributorDto {
    pub user_id: i64,
    pub nickname: String,
    /// Commission earned in the period, net of reversals (fen).
    pub commission: i64,
}

#[derive(Serialize, ToSchema)]
pub struct TotalsDto {
    pub orders: i64,
    pub gmv: i64,
    pub refunds: i64,
    pub page_views: i64,
    /// Daily visitors added up (a visitor who came on two days counts twice).
    pub visitors: i64,
    /// Distinct buyers of the period.
    pub buyers: i64,
    /// Buyers who paid for two orders or more in the period.
    pub repeat_buyers: i64,
    /// Daily buyers ÷ daily visitors over the period, basis points.
    pub conversion_bp: i64,
    /// Repeat buyers ÷ buyers, basis points.
    pub repurchase_bp: i64,
    /// GMV ÷ orders (fen).
    pub average_order: i64,
    /// Distributors who earned commission in the period.
    pub active_distributors: i64,
}

#[derive(Serialize, ToSchema)]
pub struct DashboardDto {
    pub from: String,
    pub to: String,
    pub days: Vec<DayDto>,
    pub totals: TotalsDto,
    pub top_distributors: Vec<TopDistributorDto>,
}

/// GMV and orders per day, conversion, repurchase rate, active and top distributors (staff).
#[utoipa::path(get, path = "/api/v1/admin/reports/dashboard", tag = "reports", security(("bearer" = [])), params(DaysQuery),
    responses((status = 200, body = DashboardDto), (status = 422, body = crate::routes::Problem)))]
async fn dashboard(State(s): State<AppState>, st: Staff, Query(q): Query<DaysQuery>) -> ApiResult<axum::Json<DashboardDto>> {
    let d = s.services.dashboard(&st.0, q.days.unwrap_or(30)).await?;
    let sum = |f: fn(&fenxiao_store::DayFigures) -> i64| d.days.iter().map(f).sum::<i64>();
    let (orders, gmv, refunds, pv, visitors, day_buyers) =
        (sum(|x| x.orders), sum(|x| x.gmv), sum(|x| x.refunds), sum(|x| x.page_views), sum(|x| x.visitors), sum(|x| x.buyers));
    Ok(axum::Json(DashboardDto {
        totals: TotalsDto {
            orders,
            gmv,
            refunds,
            page_views: pv,
            visitors,
            buyers: d.buyers,
            repeat_buyers: d.repeat_buyers,
            conversion_bp: ratio_bp(day_buyers, visitors),
            repurchase_bp: ratio_bp(d.repeat_buyers, d.buyers),
            average_order: if orders > 0 { gmv / orders } else { 0 },
            active_distributors: d.active_distributors,
        },
        days: d
            .days
            .into_iter()
            .map(|x| DayDto {
                conversion_bp: ratio_bp(x.buyers, x.visitors),
                day: x.day,
                orders: x.orders,
                gmv: x.gmv,
                refunds: x.refunds,
                page_views: x.page_views,
                visitors: x.visitors,
                buyers: x.buyers,
            })
            .collect(),
        top_distributors: d
            .top_distributors
            .into_iter()
            .map(|(user_id, nickname, commission)| TopDistributorDto { user_id, nickname, commission })
            .collect(),
        from: d.from,
        to: d.to,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PageViewBody {
    /// The anonymous id the storefront keeps on the device (8..64 of `A-Za-z0-9-_`).
    pub visitor_id: String,
    /// The page shown (not stored; for logs).
    #[serde(default)]
    pub path: String,
}

/// A storefront page view (no login needed): feeds visitors and the conversion rate. 429 past 600 a minute per address.
#[utoipa::path(post, path = "/api/v1/events/page-view", tag = "reports", request_body = PageViewBody,
    responses((status = 204), (status = 422, body = crate::routes::Problem), (status = 429, body = crate::routes::Problem)))]
async fn page_view(State(s): State<AppState>, ip: ClientIp, Json(b): Json<PageViewBody>) -> ApiResult<StatusCode> {
    s.services.record_page_view(&b.visitor_id, ip.0.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}

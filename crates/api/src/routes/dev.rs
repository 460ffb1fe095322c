//! Dev-mode helpers; absent (404) outside dev mode.

use crate::AppState;
use crate::error::ApiResult;
use crate::extract::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use fenxiao_domain::ValidationError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router(dev_mode: bool) -> OpenApiRouter<AppState> {
    if dev_mode { OpenApiRouter::new().routes(routes!(get_clock)).routes(routes!(advance_clock)) } else { OpenApiRouter::new() }
}

#[derive(Serialize, ToSchema)]
pub struct ClockView {
    pub now: DateTime<Utc>,
}

#[derive(Deserialize, ToSchema)]
pub struct Advance {
    /// 1 … 31,536,000 (one year).
    pub seconds: i64,
}

#[utoipa::path(get, path = "/api/v1/dev/clock", tag = "dev", responses((status = 200, body = ClockView)))]
async fn get_clock(State(s): State<AppState>) -> axum::Json<ClockView> {
    axum::Json(ClockView { now: s.services.clock.now() })
}

/// Moves the service clock forward so deadlines can be tested end to end (dev mode only).
#[utoipa::path(post, path = "/api/v1/dev/clock/advance", tag = "dev", request_body = Advance,
    responses((status = 200, body = ClockView), (status = 422, body = crate::routes::Problem)))]
async fn advance_clock(State(s): State<AppState>, Json(b): Json<Advance>) -> ApiResult<axum::Json<ClockView>> {
    if !(1..=31_536_000).contains(&b.seconds) {
        return Err(ValidationError::field("seconds", "out_of_range").into());
    }
    Ok(axum::Json(ClockView { now: s.services.clock.advance(b.seconds) }))
}

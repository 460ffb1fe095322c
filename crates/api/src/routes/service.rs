//! Liveness, readiness, Prometheus metrics.

use crate::AppState;
use crate::error::ApiError;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(healthz)).routes(routes!(readyz)).routes(routes!(metrics))
}

#[derive(Serialize, ToSchema)]
pub struct Health {
    pub status: &'static str,
}

/// Liveness: the process answers.
#[utoipa::path(get, path = "/healthz", tag = "service", responses((status = 200, body = Health)))]
async fn healthz() -> axum::Json<Health> {
    axum::Json(Health { status: "ok" })
}

/// Readiness: the database (and Redis, when configured) answer.
#[utoipa::path(get, path = "/readyz", tag = "service", responses((status = 200, body = Health), (status = 503, body = crate::routes::Problem)))]
async fn readyz(State(s): State<AppState>) -> Result<axum::Json<Health>, ApiError> {
    match s.services.ready().await {
        Ok(()) => Ok(axum::Json(Health { status: "ready" })),
        Err(why) => {
            let mut e = ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "not_ready");
            e.log = Some(why);
            Err(e)
        }
    }
}

/// Prometheus text exposition: `http_requests_total` and `http_request_duration_seconds` by method,
/// route and status.
#[utoipa::path(get, path = "/metrics", tag = "service", responses((status = 200, content_type = "text/plain", body = String)))]
async fn metrics(State(s): State<AppState>) -> impl IntoResponse {
    ([(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4")], s.metrics.render())
}

//! Logins and logout.

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ClientIp, Json, bearer};
use crate::routes::admin::StaffView;
use crate::routes::me::MeView;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(wechat_login)).routes(routes!(logout)).routes(routes!(admin_login))
}

#[derive(Deserialize, ToSchema)]
pub struct WechatLogin {
    /// The code from `wx.login`. In the sandbox, code `X` logs in openid `sandbox-X`.
    pub code: String,
    /// The invite code of the share link or mini-program code the shopper came through.
    pub invite_code: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ShopperSession {
    pub token: String,
    pub expires_in: u64,
    /// True on the first login (the account was just created).
    pub created: bool,
    pub user: MeView,
    /// What the invite code did: `bound`, `unchanged`, `deferred`, or `refused` with `reason`.
    pub binding: Option<BindingOutcome>,
}

#[derive(Serialize, ToSchema)]
pub struct BindingOutcome {
    pub outcome: String,
    pub reason: Option<String>,
    pub referrer_id: Option<i64>,
}

fn binding_outcome(o: fenxiao_services::distribution::BindOutcomeView) -> BindingOutcome {
    BindingOutcome { outcome: o.0.into(), reason: o.1.map(String::from), referrer_id: o.2 }
}

#[utoipa::path(post, path = "/api/v1/auth/wechat/login", tag = "auth", request_body = WechatLogin,
    responses((status = 200, body = ShopperSession), (status = 422, body = crate::routes::Problem), (status = 429, body = crate::routes::Problem), (status = 502, body = crate::routes::Problem)))]
async fn wechat_login(
    State(s): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(b): Json<WechatLogin>,
) -> ApiResult<axum::Json<ShopperSession>> {
    let out = s.services.login_wechat(&b.code, b.invite_code.as_deref(), ip.as_deref()).await?;
    Ok(axum::Json(ShopperSession {
        token: out.token,
        expires_in: s.services.settings.shopper_session_ttl.as_secs(),
        created: out.created,
        user: MeView::build(&s.services, &out.user),
        binding: out.binding.map(|b| binding_outcome(fenxiao_services::distribution::view(b))),
    }))
}

/// Revokes the bearer token (shopper or staff). Idempotent.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = crate::routes::Problem)))]
async fn logout(State(s): State<AppState>, parts: Parts) -> ApiResult<StatusCode> {
    let token = bearer(&parts).ok_or_else(ApiError::unauthorized)?;
    s.services.authenticate(token).await?;
    s.services.logout(token).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct AdminLogin {
    pub username: String,
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct StaffSession {
    pub token: String,
    pub expires_in: u64,
    pub admin: StaffView,
}

/// Staff login. Repeated failures lock the account for 15 minutes (429), and each IP has a login
/// budget per minute.
#[utoipa::path(post, path = "/api/v1/admin/auth/login", tag = "auth", request_body = AdminLogin,
    responses((status = 200, body = StaffSession), (status = 401, body = crate::routes::Problem), (status = 429, body = crate::routes::Problem)))]
async fn admin_login(State(s): State<AppState>, ClientIp(ip): ClientIp, Json(b): Json<AdminLogin>) -> ApiResult<axum::Json<StaffSession>> {
    if b.password.len() > 1024 {
        return Err(ApiError::unauthorized());
    }
    let (token, a) = s.services.login_admin(&b.username, &b.password, ip.as_deref()).await?;
    Ok(axum::Json(StaffSession { token, expires_in: s.services.settings.admin_session_ttl.as_secs(), admin: StaffView::from(a) }))
}

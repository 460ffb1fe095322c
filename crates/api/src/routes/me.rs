//! The shopper's own account.

use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{ClientIp, Json, Shopper};
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use fenxiao_domain::user::User;
use fenxiao_services::Services;
use fenxiao_services::users::ProfileUpdate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_me, patch_me, delete_me)).routes(routes!(export_me))
}

#[derive(Serialize, ToSchema)]
pub struct ConsentView {
    pub version: String,
    pub accepted_at: DateTime<Utc>,
}

/// The shopper as they see themselves. The phone is always masked (`138****5678`).
#[derive(Serialize, ToSchema)]
pub struct MeView {
    pub id: i64,
    pub nickname: String,
    pub avatar_url: String,
    pub phone: Option<String>,
    pub invite_code: String,
    /// The invite code the shopper arrived with, waiting for the binding rules.
    pub pending_invite_code: Option<String>,
    pub referrer_id: Option<i64>,
    pub is_distributor: bool,
    pub privacy_consent: Option<ConsentView>,
    /// The policy version the storefront must ask consent for when `privacy_consent` is older.
    pub privacy_policy_version: String,
    pub created_at: DateTime<Utc>,
}

impl MeView {
    pub fn build(s: &Services, u: &User) -> MeView {
        MeView {
            id: u.id,
            nickname: u.nickname.clone(),
            avatar_url: u.avatar_url.clone(),
            phone: s.masked_phone(u),
            invite_code: u.invite_code.clone(),
            pending_invite_code: u.pending_invite_code.clone(),
            referrer_id: u.referrer_id,
            is_distributor: u.is_distributor,
            privacy_consent: match (&u.consent_version, u.consent_at) {
                (Some(v), Some(at)) => Some(ConsentView { version: v.clone(), accepted_at: at }),
                _ => None,
            },
            privacy_policy_version: s.settings.privacy_policy_version.clone(),
            created_at: u.created_at,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/me", tag = "me", security(("bearer" = [])),
    responses((status = 200, body = MeView), (status = 401, body = crate::routes::Problem), (status = 403, body = crate::routes::Problem)))]
async fn get_me(State(s): State<AppState>, me: Shopper) -> ApiResult<axum::Json<MeView>> {
    let u = s.services.get_user(me.user_id).await?;
    Ok(axum::Json(MeView::build(&s.services, &u)))
}

/// Fields to change; absent fields stay. `phone: ""` removes the phone.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchMe {
    pub nickname: Option<String>,
    pub avatar_url: Option<String>,
    pub phone: Option<String>,
    /// Records consent to this privacy-policy version (must be the current one).
    pub privacy_consent_version: Option<String>,
}

#[utoipa::path(patch, path = "/api/v1/me", tag = "me", security(("bearer" = [])), request_body = PatchMe,
    responses((status = 200, body = MeView), (status = 422, body = crate::routes::Problem), (status = 401, body = crate::routes::Problem)))]
async fn patch_me(State(s): State<AppState>, me: Shopper, ClientIp(ip): ClientIp, Json(b): Json<PatchMe>) -> ApiResult<axum::Json<MeView>> {
    let up = ProfileUpdate {
        nickname: b.nickname,
        avatar_url: b.avatar_url,
        phone: b.phone,
        privacy_consent_version: b.privacy_consent_version,
    };
    let u = s.services.update_profile(me.user_id, up, ip.as_deref()).await?;
    Ok(axum::Json(MeView::build(&s.services, &u)))
}

/// Deletes the account (个人信息保护法): personal data is erased, every session revoked; order and
/// ledger records stay, attached to an anonymous account.
#[utoipa::path(delete, path = "/api/v1/me", tag = "me", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = crate::routes::Problem)))]
async fn delete_me(State(s): State<AppState>, me: Shopper) -> ApiResult<StatusCode> {
    s.services.delete_user(me.user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Everything the shop holds about the caller, as one JSON document.
#[utoipa::path(get, path = "/api/v1/me/export", tag = "me", security(("bearer" = [])),
    responses((status = 200, body = Object), (status = 401, body = crate::routes::Problem)))]
async fn export_me(
    State(s): State<AppState>,
    me: Shopper,
) -> ApiResult<([(axum::http::HeaderName, &'static str); 1], axum::Json<serde_json::Value>)> {
    let v = s.services.export_user(me.user_id).await?;
    Ok(([(axum::http::header::CONTENT_DISPOSITION, "attachment; filename=\"fenxiao-my-data.json\"")], axum::Json(v)))
}

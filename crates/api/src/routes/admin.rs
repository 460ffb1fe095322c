//! Staff accounts and the audit log (super admins), and the caller's own staff profile.

use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{Json, Path, Query, Staff};
use crate::routes::{Page, PageQuery};
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use fenxiao_services::admins::StaffInput;
use fenxiao_services::{AdminRecord, AuditRecord};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(admin_me))
        .routes(routes!(list_staff, create_staff))
        .routes(routes!(update_staff))
        .routes(routes!(audit_log))
}

#[derive(Serialize, ToSchema)]
pub struct StaffView {
    pub id: i64,
    pub username: String,
    /// `super_admin`, `operator`, `finance` or `support`.
    pub role: String,
    pub display_name: String,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
}

impl From<AdminRecord> for StaffView {
    fn from(a: AdminRecord) -> Self {
        StaffView {
            id: a.id,
            username: a.username,
            role: a.role.as_str().into(),
            display_name: a.display_name,
            active: a.active,
            created_at: a.created_at,
            last_login_at: a.last_login_at,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/admin/me", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = StaffView), (status = 401, body = crate::routes::Problem), (status = 403, body = crate::routes::Problem)))]
async fn admin_me(State(s): State<AppState>, staff: Staff) -> ApiResult<axum::Json<StaffView>> {
    Ok(axum::Json(s.services.get_admin(staff.0.admin_id).await?.into()))
}

#[utoipa::path(get, path = "/api/v1/admin/staff", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = Vec<StaffView>), (status = 403, body = crate::routes::Problem)))]
async fn list_staff(State(s): State<AppState>, staff: Staff) -> ApiResult<axum::Json<Vec<StaffView>>> {
    Ok(axum::Json(s.services.list_staff(&staff.0).await?.into_iter().map(StaffView::from).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StaffBody {
    pub username: Option<String>,
    pub password: Option<String>,
    pub role: Option<String>,
    pub display_name: Option<String>,
    pub active: Option<bool>,
}

impl From<StaffBody> for StaffInput {
    fn from(b: StaffBody) -> Self {
        StaffInput { username: b.username, password: b.password, role: b.role, display_name: b.display_name, active: b.active }
    }
}

/// Creates a staff account (super admin only; audited).
#[utoipa::path(post, path = "/api/v1/admin/staff", tag = "admin", security(("bearer" = [])), request_body = StaffBody,
    responses((status = 201, body = StaffView), (status = 409, body = crate::routes::Problem), (status = 422, body = crate::routes::Problem), (status = 403, body = crate::routes::Problem)))]
async fn create_staff(State(s): State<AppState>, staff: Staff, Json(b): Json<StaffBody>) -> ApiResult<(StatusCode, axum::Json<StaffView>)> {
    let a = s.services.create_staff(&staff.0, b.into()).await?;
    Ok((StatusCode::CREATED, axum::Json(a.into())))
}

/// Changes role, display name, password or active flag (super admin only; audited). Disabling an
/// account or changing its password ends its sessions; the last active super admin cannot be
/// demoted or disabled.
#[utoipa::path(put, path = "/api/v1/admin/staff/{id}", tag = "admin", security(("bearer" = [])), request_body = StaffBody,
    params(("id" = i64, Path)),
    responses((status = 200, body = StaffView), (status = 404, body = crate::routes::Problem), (status = 409, body = crate::routes::Problem), (status = 422, body = crate::routes::Problem)))]
async fn update_staff(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Json(b): Json<StaffBody>,
) -> ApiResult<axum::Json<StaffView>> {
    Ok(axum::Json(s.services.update_staff(&staff.0, id, b.into()).await?.into()))
}

#[derive(Serialize, ToSchema)]
pub struct AuditView {
    pub id: i64,
    pub admin_id: i64,
    pub action: String,
    pub target_kind: String,
    pub target_id: Option<String>,
    pub detail: serde_json::Value,
    pub ip: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<AuditRecord> for AuditView {
    fn from(a: AuditRecord) -> Self {
        AuditView {
            id: a.id,
            admin_id: a.admin_id,
            action: a.action,
            target_kind: a.target_kind,
            target_id: a.target_id,
            detail: a.detail,
            ip: a.ip,
            created_at: a.created_at,
        }
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct AuditQuery {
    pub admin_id: Option<i64>,
    /// Only actions starting with this, e.g. `staff.`.
    pub action: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

/// Every admin write, newest first (super admin only).
#[utoipa::path(get, path = "/api/v1/admin/audit-log", tag = "admin", security(("bearer" = [])), params(AuditQuery),
    responses((status = 200, body = Page<AuditView>), (status = 403, body = crate::routes::Problem)))]
async fn audit_log(State(s): State<AppState>, staff: Staff, Query(q): Query<AuditQuery>) -> ApiResult<axum::Json<Page<AuditView>>> {
    let (page, page_size) = PageQuery { page: q.page, page_size: q.page_size }.resolve()?;
    let action = q.action.as_deref().filter(|a| !a.is_empty() && a.len() <= 64);
    let (items, total) = s.services.audit_log(&staff.0, q.admin_id, action, page, page_size).await?;
    Ok(axum::Json(Page { items: items.into_iter().map(AuditView::from).collect(), total, page, page_size }))
}

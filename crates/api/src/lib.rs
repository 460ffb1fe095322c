//! The HTTP layer of Fenxiao Mall: one router per area, merged at the root; auth as extractors;
//! one [`ApiError`] rendered as `application/problem+json`; the OpenAPI document generated from the
//! handlers themselves (utoipa), served at `/api/openapi.json` with Swagger UI at `/docs`.
//!
//! Tour: [`routes::service`] (health, readiness, metrics), [`routes::auth`] (shopper and staff
//! login/logout), [`routes::me`] (profile, privacy export/deletion), [`routes::catalog`],
//! [`routes::admin`] (staff, audit log), [`routes::dev`] (dev-mode clock).

pub mod error;
pub mod extract;
pub mod i18n;
pub mod middleware;
pub mod routes;

pub use error::{ApiError, ApiResult};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use fenxiao_services::Services;
use metrics_exporter_prometheus::PrometheusHandle;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

#[derive(Clone)]
pub struct AppState {
    pub services: Services,
    pub metrics: PrometheusHandle,
    /// Take the client IP from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_proxy: bool,
    pub dev_mode: bool,
    /// Serve the front ends from this `web/` directory instead of the embedded copies.
    pub web_dir: Option<std::path::PathBuf>,
    /// The bundled WeChat Pay sandbox, served at `/sandbox/wechatpay` (dev mode).
    pub wechat_sandbox: Option<fenxiao_payments::wechatpay::sandbox::Sandbox>,
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Fenxiao Mall API", description = "分销商城 — storefront, distribution and admin API. Money is integer fen; rates are basis points; errors are application/problem+json with a stable `code`."),
    modifiers(&SecurityAddon),
    components(schemas(routes::Problem)),
    tags((name = "service"), (name = "auth"), (name = "me"), (name = "catalog"), (name = "orders"), (name = "payments"), (name = "distribution"), (name = "admin"), (name = "dev"))
)]
struct ApiDoc;

struct SecurityAddon;

impl utoipa::Modify for SecurityAddon {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
        let c = openapi.components.get_or_insert_with(Default::default);
        c.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

/// The whole HTTP application. `extra` is merged in (the server adds the web front ends there).
pub fn router(state: AppState) -> Router {
    let (api, openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(routes::service::router())
        .merge(routes::auth::router())
        .merge(routes::me::router())
        .merge(routes::catalog::router())
        .merge(routes::admin::router())
        .merge(routes::admin_shop::router())
        .merge(routes::orders::router())
        .merge(routes::payments::router())
        .merge(routes::distribution::router())
        .merge(routes::marketing::router())
        .merge(routes::reports::router())
        .merge(routes::dev::router(state.dev_mode))
        .split_for_parts();
    let openapi_json = openapi.clone();
    let mut root = Router::new();
    if let Some(sb) = &state.wechat_sandbox {
        root = root.nest_service("/sandbox/wechatpay", sb.router());
    }
    root.merge(api)
        .route("/api/openapi.json", axum::routing::get(move || async move { axum::Json(openapi_json) }))
        .merge(SwaggerUi::new("/docs"))
        .route("/static/demo/{file}", axum::routing::get(routes::demo_assets::image))
        .route("/", axum::routing::get(routes::web::root))
        .route("/h5", axum::routing::get(routes::web::h5_redirect))
        .route("/h5/", axum::routing::get(routes::web::h5_index))
        .route("/h5/{*path}", axum::routing::get(routes::web::h5))
        .route("/admin", axum::routing::get(routes::web::admin_redirect))
        .route("/admin/", axum::routing::get(routes::web::admin_index))
        .route("/admin/{*path}", axum::routing::get(routes::web::admin))
        .fallback(routes::not_found)
        .layer(axum::middleware::from_fn(middleware::metrics))
        .layer(axum::middleware::from_fn(middleware::problems))
        .layer(DefaultBodyLimit::max(1024 * 1024))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// The OpenAPI document on its own (for tests and the `openapi` export).
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, o) = OpenApiRouter::<AppState>::with_openapi(ApiDoc::openapi())
        .merge(routes::service::router())
        .merge(routes::auth::router())
        .merge(routes::me::router())
        .merge(routes::catalog::router())
        .merge(routes::admin::router())
        .merge(routes::admin_shop::router())
        .merge(routes::orders::router())
        .merge(routes::payments::router())
        .merge(routes::distribution::router())
        .merge(routes::marketing::router())
        .merge(routes::reports::router())
        .merge(routes::dev::router(true))
        .split_for_parts();
    o
}

//! One error type for every handler. It renders as `application/problem+json` (RFC 9457) with a
//! stable machine `code`; `title` and `detail` follow the request's `Accept-Language` (zh-CN by
//! default, en). Internals never reach a client: 5xx causes are logged and the body stays generic.

use crate::i18n::{Lang, reason_text, title_and_detail};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use fenxiao_domain::{FieldError, ValidationError};
use fenxiao_services::ServiceError;
use serde::Serialize;

#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    /// Free text for the log only (never sent).
    pub log: Option<String>,
    /// Extra English/Chinese-neutral detail that is safe to show (e.g. serde's description of
    /// what is wrong with the body).
    pub detail_extra: Option<String>,
    pub errors: Vec<FieldError>,
    pub retry_after: Option<u32>,
    /// A machine reason beside the code (e.g. why a binding was refused), sent as `reason`.
    pub reason: Option<&'static str>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str) -> Self {
        Self { status, code, log: None, detail_extra: None, errors: Vec::new(), retry_after: None, reason: None }
    }

    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found")
    }

    pub fn unauthorized() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized")
    }

    pub fn forbidden() -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden")
    }

    pub fn validation(v: ValidationError) -> Self {
        let mut e = Self::new(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        e.errors = v.errors;
        e
    }

    pub fn invalid_body(field: String, reason: &'static str, extra: String) -> Self {
        let mut e = Self::new(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        e.errors = vec![FieldError { field, reason }];
        e.detail_extra = Some(extra);
        e
    }

    pub fn internal(log: impl Into<String>) -> Self {
        let mut e = Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal_error");
        e.log = Some(log.into());
        e
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Validation(v) => ApiError::validation(v),
            ServiceError::Unauthorized => ApiError::unauthorized(),
            ServiceError::Forbidden => ApiError::forbidden(),
            ServiceError::NotFound => ApiError::not_found(),
            ServiceError::Conflict { code, detail } => {
                let mut e = ApiError::new(StatusCode::CONFLICT, code);
                e.log = Some(detail);
                e
            }
            ServiceError::Refused { code, reason } => {
                let mut e = ApiError::new(StatusCode::CONFLICT, code);
                e.reason = Some(reason);
                e
            }
            ServiceError::RateLimited { retry_after_secs } => {
                let mut e = ApiError::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited");
                e.retry_after = Some(u32::try_from(retry_after_secs).unwrap_or(u32::MAX));
                e
            }
            ServiceError::Unprocessable(code) => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code),
            ServiceError::Unavailable(code) => ApiError::new(StatusCode::SERVICE_UNAVAILABLE, code),
            ServiceError::Upstream(m) => {
                let mut e = ApiError::new(StatusCode::BAD_GATEWAY, "upstream_unavailable");
                e.log = Some(m);
                e
            }
            ServiceError::Internal(m) => ApiError::internal(m),
        }
    }
}

#[derive(Serialize)]
struct ProblemBody<'a> {
    #[serde(rename = "type")]
    kind: String,
    title: &'a str,
    status: u16,
    code: &'a str,
    detail: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<ProblemField<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

#[derive(Serialize)]
struct ProblemField<'a> {
    field: &'a str,
    reason: &'a str,
    message: &'static str,
}

impl ApiError {
    /// Renders the problem in `lang`.
    pub fn render(&self, lang: Lang) -> Response {
        if self.status.is_server_error() {
            tracing::error!(code = self.code, cause = self.log.as_deref().unwrap_or(""), "request failed");
        } else if let Some(l) = &self.log {
            tracing::debug!(code = self.code, cause = %l, "request refused");
        }
        let (title, detail) = title_and_detail(self.code, lang);
        let mut detail = detail.to_string();
        if !self.errors.is_empty() {
            let parts: Vec<String> = self.errors.iter().map(|f| format!("{}: {}", f.field, reason_text(f.reason, lang))).collect();
            detail = format!("{detail} {}", parts.join("; "));
        }
        if let Some(x) = &self.detail_extra {
            detail = format!("{detail} ({x})");
        }
        let body = ProblemBody {
            kind: format!("https://fenxiao.dev/problems/{}", self.code.replace('_', "-")),
            title,
            status: self.status.as_u16(),
            code: self.code,
            detail,
            errors: self
                .errors
                .iter()
                .map(|f| ProblemField { field: &f.field, reason: f.reason, message: reason_text(f.reason, lang) })
                .collect(),
            reason: self.reason,
        };
        let mut resp = (self.status, serde_json::to_vec(&body).unwrap_or_default()).into_response();
        let h = resp.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        h.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(lang.tag()));
        if let Some(s) = self.retry_after {
            h.insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            h.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        resp
    }
}

/// Handlers return this; the problem layer (which knows the request's language) renders it.
impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut r = StatusCode::INTERNAL_SERVER_ERROR.into_response();
        *r.status_mut() = self.status;
        r.extensions_mut().insert(self);
        r
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

impl From<ValidationError> for ApiError {
    fn from(v: ValidationError) -> Self {
        ApiError::validation(v)
    }
}

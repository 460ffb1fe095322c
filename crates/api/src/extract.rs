//! Extractors: JSON and query bodies whose rejections are problems, the authenticated shopper or
//! staff member, the client IP.

use crate::AppState;
use crate::error::ApiError;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use fenxiao_domain::auth::Role;
use fenxiao_services::admins::Actor;
use fenxiao_services::auth::Principal;
use serde::de::DeserializeOwned;
use std::net::SocketAddr;

/// `axum::Json`, but a malformed body, a wrong type or a missing field is a 422
/// `validation_failed` problem naming the field.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Json(v)),
            Err(rej) => Err(json_rejection(rej)),
        }
    }
}

fn json_rejection(rej: JsonRejection) -> ApiError {
    match rej {
        JsonRejection::JsonDataError(e) => {
            // serde_path_to_error's text is "<path>: <what>"; the path names the field.
            let text = std::error::Error::source(&e).map(|s| s.to_string()).unwrap_or_else(|| e.body_text());
            if let Some(name) = text.split("missing field `").nth(1).and_then(|r| r.split('`').next()) {
                let what = text.rsplit(": ").next().unwrap_or(&text).to_string();
                return ApiError::invalid_body(name.to_string(), "required", truncate(&what, 200));
            }
            let (field, what) = match text.split_once(": ") {
                Some((p, w)) if !p.contains(' ') && p != "." => (p.to_string(), w.to_string()),
                _ => ("body".to_string(), text.clone()),
            };
            let reason = "invalid_value";
            ApiError::invalid_body(field, reason, truncate(&what, 200))
        }
        JsonRejection::JsonSyntaxError(e) => ApiError::invalid_body("body".into(), "invalid_json", truncate(&e.body_text(), 200)),
        JsonRejection::MissingJsonContentType(_) => ApiError::invalid_body("content-type".into(), "expected_json", String::new()),
        JsonRejection::BytesRejection(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
        }
        other => ApiError::invalid_body("body".into(), "invalid_json", truncate(&other.body_text(), 200)),
    }
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// `axum::extract::Query` with problem rejections.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(Query(v)),
            Err(QueryRejection::FailedToDeserializeQueryString(e)) => {
                let text = e.body_text();
                let what = text.rsplit(": ").next().unwrap_or(&text).to_string();
                Err(ApiError::invalid_body("query".into(), "invalid_value", truncate(&what, 200)))
            }
            Err(other) => Err(ApiError::invalid_body("query".into(), "invalid_value", truncate(&other.body_text(), 200))),
        }
    }
}

/// The caller's IP: the socket peer, or the first `X-Forwarded-For` hop when the server is told it
/// sits behind a trusted proxy.
#[derive(Debug, Clone)]
pub struct ClientIp(pub Option<String>);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if state.trust_proxy {
            if let Some(ip) = parts
                .headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty() && s.len() <= 64)
            {
                return Ok(ClientIp(Some(ip)));
            }
        }
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string());
        Ok(ClientIp(peer))
    }
}

pub fn bearer(parts: &Parts) -> Option<&str> {
    let v = parts.headers.get(axum::http::header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim()).filter(|t| !t.is_empty())
}

/// The logged-in shopper. Missing/invalid token → 401; a staff token → 403.
#[derive(Debug, Clone)]
pub struct Shopper {
    pub user_id: i64,
}

impl FromRequestParts<AppState> for Shopper {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = bearer(parts).ok_or_else(ApiError::unauthorized)?;
        match state.services.authenticate(token).await? {
            Principal::Shopper { user_id } => Ok(Shopper { user_id }),
            Principal::Admin { .. } => Err(ApiError::forbidden()),
        }
    }
}

/// The shopper when a valid shopper token is sent; `None` otherwise (public pages that say more
/// to their own members).
#[derive(Debug, Clone)]
pub struct MaybeShopper(pub Option<i64>);

impl FromRequestParts<AppState> for MaybeShopper {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(token) = bearer(parts) else { return Ok(MaybeShopper(None)) };
        Ok(MaybeShopper(match state.services.authenticate(token).await {
            Ok(Principal::Shopper { user_id }) => Some(user_id),
            _ => None,
        }))
    }
}

/// The logged-in staff member, with role and IP for authorisation and the audit log. Missing or
/// invalid token → 401; a shopper token → 403.
#[derive(Debug, Clone)]
pub struct Staff(pub Actor);

impl FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = bearer(parts).ok_or_else(ApiError::unauthorized)?;
        match state.services.authenticate(token).await? {
            Principal::Admin { admin_id, role } => {
                let ClientIp(ip) = ClientIp::from_request_parts(parts, state).await?;
                Ok(Staff(Actor { admin_id, role, ip }))
            }
            Principal::Shopper { .. } => Err(ApiError::forbidden()),
        }
    }
}

impl Staff {
    pub fn role(&self) -> Role {
        self.0.role
    }
}

/// `axum::extract::Path`; an id that does not parse is simply not found.
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(v)| Path(v))
            .map_err(|_| ApiError::not_found())
    }
}

/// A JSON body that may be absent (empty body): `None` then. A present body must be valid JSON of `T`.
pub struct OptionalJson<T>(pub Option<T>);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for OptionalJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
            } else {
                ApiError::invalid_body("body".into(), "invalid_json", String::new())
            }
        })?;
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            return Ok(OptionalJson(None));
        }
        serde_json::from_slice::<T>(&bytes).map(|v| OptionalJson(Some(v))).map_err(|e| {
            let reason = if e.is_syntax() || e.is_eof() { "invalid_json" } else { "invalid_value" };
            ApiError::invalid_body("body".into(), reason, truncate(&e.to_string(), 200))
        })
    }
}

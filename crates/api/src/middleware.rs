//! Cross-cutting layers: problem rendering in the caller's language, request metrics.

use crate::error::ApiError;
use crate::i18n::Lang;
use axum::extract::{MatchedPath, Request};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;

/// Renders any [`ApiError`] a handler or extractor returned, in the request's language, and turns
/// axum's own bare 405s into problems too.
pub async fn problems(req: Request, next: Next) -> Response {
    let lang = Lang::from_headers(req.headers());
    let mut resp = next.run(req).await;
    if let Some(e) = resp.extensions_mut().remove::<ApiError>() {
        return e.render(lang);
    }
    if resp.status() == StatusCode::METHOD_NOT_ALLOWED && !is_problem(&resp) {
        return ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").render(lang);
    }
    resp
}

fn is_problem(r: &Response) -> bool {
    r.headers().get(axum::http::header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"))
}

/// Counts requests and observes latency by method, route template and status.
pub async fn metrics(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().as_str().to_owned();
    let route = req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_owned()).unwrap_or_else(|| "unmatched".into());
    let resp = next.run(req).await;
    let status = resp.status().as_u16().to_string();
    let labels = [("method", method), ("route", route), ("status", status)];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels).record(start.elapsed().as_secs_f64());
    resp
}

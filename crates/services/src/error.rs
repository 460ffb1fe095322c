//! The one error type of the use-cases. Each variant has a stable machine code the API turns into
//! an `application/problem+json` answer.

use fenxiao_domain::ValidationError;
use fenxiao_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("validation failed: {0}")]
    Validation(#[from] ValidationError),
    #[error("unauthorized")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// A business conflict with its stable code (`out_of_stock`, `last_super_admin`, …).
    #[error("conflict: {code}")]
    Conflict { code: &'static str, detail: String },
    /// A business conflict with a machine `reason` beside its code (409), e.g. `coupon_unusable`
    /// because the coupon `expired`.
    #[error("refused: {code} ({reason})")]
    Refused { code: &'static str, reason: &'static str },
    #[error("rate limited")]
    RateLimited { retry_after_secs: u64 },
    /// Input that is well-formed but refused by a business rule with its own 422 code.
    #[error("unprocessable: {0}")]
    Unprocessable(&'static str),
    /// A feature that is not configured on this shop (e.g. a payment method): its stable code.
    #[error("unavailable: {0}")]
    Unavailable(&'static str),
    /// An outside provider (WeChat…) failed; the message is for logs.
    #[error("upstream failure: {0}")]
    Upstream(String),
    /// A bug or an infrastructure failure; the message is for logs, never for clients.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ServiceError::NotFound,
            StoreError::Conflict(m) => ServiceError::Conflict { code: "conflict", detail: m },
            StoreError::Db(e) => ServiceError::Internal(e.to_string()),
        }
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;

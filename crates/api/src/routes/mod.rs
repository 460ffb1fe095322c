pub mod admin;
pub mod admin_shop;
pub mod auth;
pub mod catalog;
pub mod demo_assets;
pub mod dev;
pub mod distribution;
pub mod marketing;
pub mod me;
pub mod orders;
pub mod payments;
pub mod reports;
pub mod service;
pub mod web;

use crate::error::ApiError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An RFC 9457 problem, as every error answer carries it.
#[derive(Serialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    /// Stable machine code, e.g. `validation_failed`, `unauthorized`, `out_of_stock`.
    pub code: String,
    pub detail: String,
    /// For `validation_failed`: which fields and why.
    pub errors: Option<Vec<ProblemField>>,
    /// A machine reason beside the code where one applies, e.g. why `binding_not_allowed`
    /// (`self`, `cycle`, `not_distributor`, …).
    pub reason: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ProblemField {
    pub field: String,
    pub reason: String,
    pub message: String,
}

/// `?page=1&page_size=20`; page_size is capped at 100.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct PageQuery {
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

impl PageQuery {
    pub fn resolve(&self) -> Result<(u64, u64), ApiError> {
        let page = self.page.unwrap_or(1);
        let size = self.page_size.unwrap_or(20);
        if page == 0 || page > 1_000_000 {
            return Err(ApiError::validation(fenxiao_domain::ValidationError::field("page", "out_of_range")));
        }
        if size == 0 || size > 100 {
            return Err(ApiError::validation(fenxiao_domain::ValidationError::field("page_size", "out_of_range")));
        }
        Ok((page, size))
    }
}

#[derive(Serialize, ToSchema)]
pub struct Page<T: ToSchema> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub page_size: u64,
}

pub async fn not_found() -> ApiError {
    ApiError::not_found()
}

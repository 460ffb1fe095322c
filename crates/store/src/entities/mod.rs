//! SeaORM entities. They never leave this crate: repositories map them to domain types.

pub mod admin;
pub mod audit_log;
pub mod category;
pub mod privacy_consent;
pub mod product;
pub mod session;
pub mod sku;
pub mod user;

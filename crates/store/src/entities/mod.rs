//! SeaORM entities. They never leave this crate: repositories map them to domain types.

pub mod address;
pub mod admin;
pub mod after_sale;
pub mod after_sale_line;
pub mod audit_log;
pub mod cart_item;
pub mod category;
pub mod freight_template;
pub mod idempotency_key;
pub mod ledger_account;
pub mod ledger_entry;
pub mod ledger_posting;
pub mod order;
pub mod order_event;
pub mod order_line;
pub mod payment;
pub mod payment_notification;
pub mod payment_refund;
pub mod privacy_consent;
pub mod product;
pub mod session;
pub mod setting;
pub mod sku;
pub mod stock_adjustment;
pub mod user;

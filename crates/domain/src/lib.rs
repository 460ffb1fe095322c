//! Pure types and rules of Fenxiao Mall: money in fen, rates in basis points, validated value types,
//! roles. No IO, no async: everything here is plain data and arithmetic, unit- and property-tested.

pub mod auth;
pub mod catalog;
pub mod distribution;
pub mod freight;
pub mod ledger;
pub mod marketing;
pub mod money;
pub mod order;
pub mod pricing;
pub mod user;
pub mod validation;

pub use money::{Bp, Money, allocate};
pub use validation::{FieldError, ValidationError};

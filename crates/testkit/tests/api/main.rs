//! The HTTP integration suite: the real server on a free port, on SQLite and on PostgreSQL.

mod admin;
mod auth;
mod catalog;
mod distribution;
mod marketing;
mod me;
mod orders;
mod payments;
mod redis;
mod reports;
mod service;
mod shop_admin;

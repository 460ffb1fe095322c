//! Use-cases of Fenxiao Mall. The API layer calls these; they speak domain types and
//! [`ServiceError`], and reach storage only through [`fenxiao_store::Store`] methods and the outside
//! world only through provider traits.

pub mod admins;
pub mod auth;
pub mod cache;
pub mod cart;
pub mod catalog;
pub mod clock;
pub mod crypto;
pub mod distribution;
pub mod error;
pub mod flash_gate;
pub mod jobs;
pub mod marketing;
pub mod orders;
pub mod password;
pub mod payments;
pub mod ratelimit;
pub mod reports;
pub mod seed;
pub mod users;

pub use clock::Clock;
pub use error::{ServiceError, ServiceResult};
pub use fenxiao_store::{
    AdminRecord, AfterSaleRecord, AuditRecord, CategoryPatch, FreightTemplate, OrderEventRecord, OrderQuery, OrderRecord, ProductFilter,
    Reservation,
};

use fenxiao_payments::LoginProvider;
use fenxiao_store::Store;
use std::sync::Arc;
use std::time::Duration;

/// Limits and lifetimes the services enforce; the server fills this from configuration.
#[derive(Debug, Clone)]
pub struct ServiceSettings {
    pub dev_mode: bool,
    pub shopper_session_ttl: Duration,
    pub admin_session_ttl: Duration,
    /// Login attempts (shopper or staff) per client IP per minute.
    pub login_per_ip_per_minute: u32,
    /// Failed staff logins per account per 15 minutes before the account is locked for the rest of
    /// the window.
    pub admin_failures_per_account: u32,
    /// The privacy-policy version the storefront currently shows.
    pub privacy_policy_version: String,
}

impl Default for ServiceSettings {
    fn default() -> Self {
        Self {
            dev_mode: false,
            shopper_session_ttl: Duration::from_secs(30 * 24 * 3600),
            admin_session_ttl: Duration::from_secs(12 * 3600),
            login_per_ip_per_minute: 60,
            admin_failures_per_account: 5,
            privacy_policy_version: "2026-11".into(),
        }
    }
}

/// Everything a request handler needs, cheap to clone.
#[derive(Clone)]
pub struct Services {
    pub store: Store,
    pub clock: Clock,
    pub settings: Arc<ServiceSettings>,
    pub login: Arc<dyn LoginProvider>,
    pub cipher: Arc<crypto::FieldCipher>,
    pub limiter: Arc<dyn ratelimit::RateLimiter>,
    pub cache: Arc<dyn cache::Cache>,
    /// Live SKU stock per product, kept for at most a second: product pages show stock that is at
    /// most one second old, while orders always decrement the database itself.
    pub stock_cache: moka::future::Cache<i64, Arc<Vec<(i64, i64)>>>,
    pub redis: Option<redis::aio::ConnectionManager>,
    /// The flash-sale gate, when Redis is configured.
    pub flash_gate: Option<Arc<flash_gate::FlashGate>>,
    /// WeChat Pay, when configured (always, in dev mode: the bundled sandbox).
    pub wechatpay: Option<Arc<payments::WechatPay>>,
}

impl Services {
    /// Readiness: the database answers, and Redis too when one is configured.
    pub async fn ready(&self) -> Result<(), String> {
        self.store.ping().await.map_err(|e| format!("database: {e}"))?;
        if let Some(r) = &self.redis {
            let mut c = r.clone();
            let pong: Result<String, _> = tokio::time::timeout(Duration::from_secs(2), redis::cmd("PING").query_async(&mut c))
                .await
                .map_err(|_| "redis: timeout".to_string())?;
            pong.map_err(|e| format!("redis: {e}"))?;
        }
        Ok(())
    }
}

/// The per-product stock cache used by [`Services::stock_cache`].
pub fn new_stock_cache() -> moka::future::Cache<i64, Arc<Vec<(i64, i64)>>> {
    moka::future::Cache::builder().max_capacity(100_000).time_to_live(Duration::from_secs(1)).build()
}

//! Read cache for hot catalog data (category tree, product detail). In-process (moka) by default;
//! Redis when configured, which makes every instance share one cache — so an admin write on one
//! instance invalidates it for all.

use async_trait::async_trait;
use std::time::Duration;

#[async_trait]
pub trait Cache: Send + Sync {
    async fn get(&self, key: &str) -> Option<String>;
    async fn set(&self, key: &str, value: String);
    async fn del(&self, keys: &[String]);
}

pub struct MemoryCache {
    inner: moka::future::Cache<String, String>,
}

impl MemoryCache {
    pub fn new(ttl: Duration) -> Self {
        Self { inner: moka::future::Cache::builder().max_capacity(50_000).time_to_live(ttl).build() }
    }
}

#[async_trait]
impl Cache for MemoryCache {
    async fn get(&self, key: &str) -> Option<String> {
        self.inner.get(key).await
    }

    async fn set(&self, key: &str, value: String) {
        self.inner.insert(key.to_string(), value).await;
    }

    async fn del(&self, keys: &[String]) {
        for k in keys {
            self.inner.invalidate(k).await;
        }
    }
}

pub struct RedisCache {
    conn: redis::aio::ConnectionManager,
    prefix: String,
    ttl: Duration,
}

impl RedisCache {
    pub fn new(conn: redis::aio::ConnectionManager, prefix: &str, ttl: Duration) -> Self {
        Self { conn, prefix: format!("{prefix}cache:"), ttl }
    }
}

#[async_trait]
impl Cache for RedisCache {
    async fn get(&self, key: &str) -> Option<String> {
        let mut c = self.conn.clone();
        redis::cmd("GET").arg(format!("{}{key}", self.prefix)).query_async::<Option<String>>(&mut c).await.unwrap_or_else(|e| {
            tracing::warn!(error = %e, "cache get failed; reading through");
            None
        })
    }

    async fn set(&self, key: &str, value: String) {
        let mut c = self.conn.clone();
        let r: Result<(), _> = redis::cmd("SET")
            .arg(format!("{}{key}", self.prefix))
            .arg(value)
            .arg("EX")
            .arg(self.ttl.as_secs().max(1))
            .query_async(&mut c)
            .await;
        if let Err(e) = r {
            tracing::warn!(error = %e, "cache set failed");
        }
    }

    async fn del(&self, keys: &[String]) {
        if keys.is_empty() {
            return;
        }
        let mut c = self.conn.clone();
        let mut cmd = redis::cmd("DEL");
        for k in keys {
            cmd.arg(format!("{}{k}", self.prefix));
        }
        if let Err(e) = cmd.query_async::<i64>(&mut c).await {
            // A stale entry would outlive its TTL only if Redis is down, in which case reads miss anyway.
            tracing::error!(error = %e, "cache invalidation failed");
        }
    }
}

pub fn product_key(id: i64) -> String {
    format!("product:{id}")
}

pub const CATEGORIES_KEY: &str = "categories";

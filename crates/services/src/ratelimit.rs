//! Fixed-window rate limits (login attempts per IP and per account). In-process by default; in
//! Redis when configured so every instance shares the counts.

use async_trait::async_trait;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[async_trait]
pub trait RateLimiter: Send + Sync {
    /// Counts one hit on `key`. `Err(retry_after_secs)` when the window already holds `limit` hits.
    async fn hit(&self, key: &str, limit: u32, window: Duration) -> Result<(), u64>;
    /// Whether `key` is at its limit, without counting a hit.
    async fn is_limited(&self, key: &str, limit: u32) -> Option<u64>;
    /// Forgets `key` (e.g. failures after a successful login).
    async fn reset(&self, key: &str);
}

#[derive(Default)]
pub struct MemoryRateLimiter {
    windows: Mutex<HashMap<String, (Instant, Duration, u32)>>,
}

#[async_trait]
impl RateLimiter for MemoryRateLimiter {
    async fn hit(&self, key: &str, limit: u32, window: Duration) -> Result<(), u64> {
        let mut m = self.windows.lock().expect("rate limiter lock");
        let now = Instant::now();
        if m.len() > 100_000 {
            m.retain(|_, (start, w, _)| now.duration_since(*start) < *w);
        }
        let e = m.entry(key.to_string()).or_insert((now, window, 0));
        if now.duration_since(e.0) >= e.1 {
            *e = (now, window, 0);
        }
        if e.2 >= limit {
            return Err(e.1.saturating_sub(now.duration_since(e.0)).as_secs().max(1));
        }
        e.2 += 1;
        Ok(())
    }

    async fn is_limited(&self, key: &str, limit: u32) -> Option<u64> {
        let m = self.windows.lock().expect("rate limiter lock");
        let now = Instant::now();
        m.get(key)
            .filter(|(start, w, n)| now.duration_since(*start) < *w && *n >= limit)
            .map(|(start, w, _)| w.saturating_sub(now.duration_since(*start)).as_secs().max(1))
    }

    async fn reset(&self, key: &str) {
        self.windows.lock().expect("rate limiter lock").remove(key);
    }
}

pub struct RedisRateLimiter {
    conn: redis::aio::ConnectionManager,
    prefix: String,
}

impl RedisRateLimiter {
    pub fn new(conn: redis::aio::ConnectionManager, prefix: &str) -> Self {
        Self { conn, prefix: prefix.to_string() }
    }
}

#[async_trait]
impl RateLimiter for RedisRateLimiter {
    async fn hit(&self, key: &str, limit: u32, window: Duration) -> Result<(), u64> {
        let k = format!("{}rl:{key}", self.prefix);
        let mut c = self.conn.clone();
        let r: Result<(i64, i64, i64), _> = redis::pipe()
            .atomic()
            .cmd("INCR")
            .arg(&k)
            .cmd("EXPIRE")
            .arg(&k)
            .arg(window.as_secs().max(1))
            .arg("NX")
            .cmd("TTL")
            .arg(&k)
            .query_async(&mut c)
            .await;
        match r {
            Ok((n, _, ttl)) if n > limit as i64 => Err(ttl.max(1) as u64),
            Ok(_) => Ok(()),
            // Fail open: a Redis outage must not lock every shopper out; it is logged.
            Err(e) => {
                tracing::warn!(error = %e, "rate limiter: redis unavailable, allowing");
                Ok(())
            }
        }
    }

    async fn is_limited(&self, key: &str, limit: u32) -> Option<u64> {
        let k = format!("{}rl:{key}", self.prefix);
        let mut c = self.conn.clone();
        let r: Result<(Option<i64>, i64), _> = redis::pipe().cmd("GET").arg(&k).cmd("TTL").arg(&k).query_async(&mut c).await;
        match r {
            Ok((Some(n), ttl)) if n >= limit as i64 => Some(ttl.max(1) as u64),
            _ => None,
        }
    }

    async fn reset(&self, key: &str) {
        let k = format!("{}rl:{key}", self.prefix);
        let mut c = self.conn.clone();
        let _: Result<i64, _> = redis::cmd("DEL").arg(&k).query_async(&mut c).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn memory_limiter_counts_per_key_and_resets() {
        let l = MemoryRateLimiter::default();
        let w = Duration::from_secs(60);
        for _ in 0..3 {
            assert!(l.hit("a", 3, w).await.is_ok());
        }
        let retry = l.hit("a", 3, w).await.unwrap_err();
        assert!((1..=60).contains(&retry));
        assert!(l.is_limited("a", 3).await.is_some());
        assert!(l.hit("b", 3, w).await.is_ok());
        l.reset("a").await;
        assert!(l.hit("a", 3, w).await.is_ok());
    }
}

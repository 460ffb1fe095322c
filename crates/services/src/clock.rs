//! The service clock. Every deadline (session expiry, order timeout, freeze period) reads time from
//! here, and dev mode can move it forward (`POST /api/v1/dev/clock/advance`) so deadlines are
//! tested end to end without sleeping.

use chrono::{DateTime, Duration, Utc};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

#[derive(Clone, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::milliseconds(self.offset_ms.load(Ordering::Relaxed))
    }

    /// Moves this process's clock forward; the offset only ever grows, so time never runs back.
    pub fn advance(&self, seconds: i64) -> DateTime<Utc> {
        self.offset_ms.fetch_add(seconds.max(0) * 1000, Ordering::Relaxed);
        self.now()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_moves_now_forward_only() {
        let c = Clock::default();
        let t0 = c.now();
        let t1 = c.advance(3600);
        assert!(t1 - t0 >= Duration::seconds(3600));
        let t2 = c.advance(-100);
        assert!(t2 >= t1);
    }
}

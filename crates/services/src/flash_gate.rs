//! The Redis gate in front of flash-sale orders. One Lua script takes the units and the shopper's
//! count atomically, so a burst of buyers is answered by Redis (`sold_out`, `limit_reached`)
//! without reaching the database. The database stays the source of truth: it takes the same units
//! with its own conditional updates, and whatever it refuses is given back here.

use redis::Script;

/// KEYS: stock, the shopper's count. ARGV: quantity, per-user limit, key lifetime (s), and — only
/// on the second call, after `-3` — the stock and the shopper's count from the database.
/// Returns the stock left, `-1` sold out, `-2` limit reached, `-3` counters not loaded.
const TAKE: &str = r#"
local q = tonumber(ARGV[1])
if ARGV[4] then
  redis.call('SET', KEYS[1], ARGV[4], 'NX', 'EX', ARGV[3])
  redis.call('SET', KEYS[2], ARGV[5], 'NX', 'EX', ARGV[3])
end
local stock = redis.call('GET', KEYS[1])
local mine = redis.call('GET', KEYS[2])
if not stock or not mine then return -3 end
stock = tonumber(stock)
if stock < q then return -1 end
if tonumber(mine) + q > tonumber(ARGV[2]) then return -2 end
redis.call('DECRBY', KEYS[1], q)
redis.call('INCRBY', KEYS[2], q)
return stock - q
"#;

/// Gives units back, only to counters that still exist (a lost key is reloaded from the database).
const GIVE_BACK: &str = r#"
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('INCRBY', KEYS[1], ARGV[1]) end
if redis.call('EXISTS', KEYS[2]) == 1 then
  local m = redis.call('DECRBY', KEYS[2], ARGV[1])
  if m < 0 then redis.call('SET', KEYS[2], 0, 'KEEPTTL') end
end
return 1
"#;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GateAnswer {
    Taken,
    SoldOut,
    LimitReached,
    /// The counters are not in Redis yet: call again with the database figures.
    NotLoaded,
    /// Redis did not answer; the database alone decides.
    Unavailable,
}

pub struct FlashGate {
    conn: redis::aio::ConnectionManager,
    prefix: String,
    take: Script,
    give_back: Script,
}

impl FlashGate {
    pub fn new(conn: redis::aio::ConnectionManager, prefix: &str) -> Self {
        Self { conn, prefix: prefix.to_string(), take: Script::new(TAKE), give_back: Script::new(GIVE_BACK) }
    }

    fn keys(&self, sale: i64, user: i64) -> (String, String) {
        (format!("{}flash:{sale}:stock", self.prefix), format!("{}flash:{sale}:user:{user}", self.prefix))
    }

    /// Takes `quantity` units for `user`. `loaded` carries (stock left, units the shopper holds) from
    /// the database when the first call answered `NotLoaded`.
    pub async fn take(&self, sale: i64, user: i64, quantity: i64, limit: i64, ttl_secs: i64, loaded: Option<(i64, i64)>) -> GateAnswer {
        let (stock, mine) = self.keys(sale, user);
        let mut inv = self.take.prepare_invoke();
        inv.key(stock).key(mine).arg(quantity).arg(limit).arg(ttl_secs.max(60));
        if let Some((s, m)) = loaded {
            inv.arg(s.max(0)).arg(m.max(0));
        }
        let mut c = self.conn.clone();
        match inv.invoke_async::<i64>(&mut c).await {
            Ok(n) if n >= 0 => GateAnswer::Taken,
            Ok(-1) => GateAnswer::SoldOut,
            Ok(-2) => GateAnswer::LimitReached,
            Ok(_) => GateAnswer::NotLoaded,
            Err(e) => {
                tracing::warn!(error = %e, "flash gate: redis unavailable, the database decides alone");
                GateAnswer::Unavailable
            }
        }
    }

    pub async fn give_back(&self, sale: i64, user: i64, quantity: i64) {
        let (stock, mine) = self.keys(sale, user);
        let mut c = self.conn.clone();
        if let Err(e) = self.give_back.key(stock).key(mine).arg(quantity).invoke_async::<i64>(&mut c).await {
            tracing::warn!(error = %e, sale, "flash gate: could not give units back; the counter reloads when it expires");
        }
    }

    /// Forgets an activity's stock counter (after staff change it), so it reloads from the database.
    pub async fn reset(&self, sale: i64) {
        let (stock, _) = self.keys(sale, 0);
        let mut c = self.conn.clone();
        let _: Result<i64, _> = redis::cmd("DEL").arg(stock).query_async(&mut c).await;
    }

    /// The stock counter as Redis holds it (tests and the bench).
    pub async fn stock(&self, sale: i64) -> Option<i64> {
        let (stock, _) = self.keys(sale, 0);
        let mut c = self.conn.clone();
        redis::cmd("GET").arg(stock).query_async::<Option<i64>>(&mut c).await.ok().flatten()
    }
}

//! Dashboard figures, pre-aggregated as they happen so that a year of orders reads a few hundred
//! rows: per shop day (Asia/Shanghai) paid orders, GMV, refunds, page views and visitors — each day
//! split over 8 shard rows by order or visitor, so parallel payments don't queue on one row — plus
//! the day's distinct visitors and buyers (with their order counts, for the repurchase rate).

use crate::{Store, StoreResult};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseBackend, FromQueryResult, Statement, TransactionTrait, Value};

const SHARDS: i64 = 8;

pub fn shop_day(t: DateTime<Utc>) -> String {
    (t + chrono::Duration::hours(8)).format("%Y-%m-%d").to_string()
}

fn sql_for(be: DatabaseBackend, sql: &str) -> String {
    if be == DatabaseBackend::Postgres {
        return sql.to_string();
    }
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch == '$' && chars.peek().is_some_and(|c| c.is_ascii_digit()) {
            while chars.peek().is_some_and(|c| c.is_ascii_digit()) {
                chars.next();
            }
            out.push('?');
        } else {
            out.push(ch);
        }
    }
    out
}

async fn exec<C: ConnectionTrait>(c: &C, sql: &str, values: Vec<Value>) -> StoreResult<u64> {
    let be = c.get_database_backend();
    Ok(c.execute_raw(Statement::from_sql_and_values(be, sql_for(be, sql), values)).await?.rows_affected())
}

/// Adds to one shard row of a day: (orders, gmv, refunds, page views, visitors, buyers).
async fn bump<C: ConnectionTrait>(c: &C, day: &str, shard: i64, d: [i64; 6]) -> StoreResult<()> {
    exec(
        c,
        "INSERT INTO report_days (day, shard, orders, gmv, refunds, page_views, visitors, buyers) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (day, shard) DO UPDATE SET orders = report_days.orders + excluded.orders, gmv = report_days.gmv + excluded.gmv, \
         refunds = report_days.refunds + excluded.refunds, page_views = report_days.page_views + excluded.page_views, \
         visitors = report_days.visitors + excluded.visitors, buyers = report_days.buyers + excluded.buyers",
        vec![day.into(), shard.into(), d[0].into(), d[1].into(), d[2].into(), d[3].into(), d[4].into(), d[5].into()],
    )
    .await?;
    Ok(())
}

/// A paid order, in its payment transaction.
pub(crate) async fn record_paid<C: ConnectionTrait>(c: &C, order_id: i64, user_id: i64, total: i64, now: DateTime<Utc>) -> StoreResult<()> {
    let day = shop_day(now);
    // The day's first order of this buyer adds a buyer; later ones add to their count.
    let first = exec(
        c,
        "INSERT INTO report_buyers (day, user_id, orders) VALUES ($1, $2, 1) ON CONFLICT (day, user_id) DO NOTHING",
        vec![day.clone().into(), user_id.into()],
    )
    .await?;
    if first == 0 {
        exec(c, "UPDATE report_buyers SET orders = orders + 1 WHERE day = $1 AND user_id = $2", vec![day.clone().into(), user_id.into()])
            .await?;
    }
    bump(c, &day, order_id.rem_euclid(SHARDS), [1, total, 0, 0, 0, first as i64]).await
}

/// An approved after-sale refund, in its approval transaction.
pub(crate) async fn record_refund<C: ConnectionTrait>(c: &C, after_sale_id: i64, amount: i64, now: DateTime<Utc>) -> StoreResult<()> {
    bump(c, &shop_day(now), after_sale_id.rem_euclid(SHARDS), [0, 0, amount, 0, 0, 0]).await
}

#[derive(Debug, Clone, Default)]
pub struct DayFigures {
    pub day: String,
    pub orders: i64,
    pub gmv: i64,
    pub refunds: i64,
    pub page_views: i64,
    pub visitors: i64,
    pub buyers: i64,
}

#[derive(Debug, Clone, Default)]
pub struct PeriodFigures {
    pub buyers: i64,
    pub repeat_buyers: i64,
    pub active_distributors: i64,
}

fn visitor_shard(v: &str) -> i64 {
    v.bytes().fold(0i64, |a, b| (a * 31 + b as i64).rem_euclid(1 << 30)) % SHARDS
}

impl Store {
    /// A storefront page view by an anonymous visitor id: the day's page views, and its visitors the
    /// first time this id shows up that day.
    pub async fn record_visit(&self, visitor: &str, now: DateTime<Utc>) -> StoreResult<()> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let r = async {
            let day = shop_day(now);
            let new = exec(
                &txn,
                "INSERT INTO report_visitors (day, visitor) VALUES ($1, $2) ON CONFLICT (day, visitor) DO NOTHING",
                vec![day.clone().into(), visitor.into()],
            )
            .await?;
            bump(&txn, &day, visitor_shard(visitor), [0, 0, 0, 1, new as i64, 0]).await
        }
        .await;
        crate::finish(txn, r).await
    }

    /// Day by day from `from_day` to `to_day` (inclusive, `YYYY-MM-DD`); days without figures are absent.
    pub async fn report_days(&self, from_day: &str, to_day: &str) -> StoreResult<Vec<DayFigures>> {
        #[derive(FromQueryResult)]
        struct R {
            day: String,
            orders: Option<i64>,
            gmv: Option<i64>,
            refunds: Option<i64>,
            page_views: Option<i64>,
            visitors: Option<i64>,
            buyers: Option<i64>,
        }
        let be = self.db.get_database_backend();
        let rows = R::find_by_statement(Statement::from_sql_and_values(
            be,
            sql_for(
                be,
                "SELECT day, CAST(SUM(orders) AS BIGINT) AS orders, CAST(SUM(gmv) AS BIGINT) AS gmv, CAST(SUM(refunds) AS BIGINT) AS refunds, \
                 CAST(SUM(page_views) AS BIGINT) AS page_views, CAST(SUM(visitors) AS BIGINT) AS visitors, CAST(SUM(buyers) AS BIGINT) AS buyers \
                 FROM report_days WHERE day >= $1 AND day <= $2 GROUP BY day ORDER BY day",
            ),
            [from_day.into(), to_day.into()],
        ))
        .all(&self.db)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| DayFigures {
                buyers: r.buyers.unwrap_or(0),
                day: r.day,
                orders: r.orders.unwrap_or(0),
                gmv: r.gmv.unwrap_or(0),
                refunds: r.refunds.unwrap_or(0),
                page_views: r.page_views.unwrap_or(0),
                visitors: r.visitors.unwrap_or(0),
            })
            .collect())
    }

    /// Over a period: distinct buyers, those who paid for two orders or more (repurchase), and the
    /// distributors who earned commission.
    pub async fn report_period(&self, from_day: &str, to_day: &str, since: DateTime<Utc>) -> StoreResult<PeriodFigures> {
        #[derive(FromQueryResult)]
        struct R {
            buyers: Option<i64>,
            repeat: Option<i64>,
        }
        #[derive(FromQueryResult)]
        struct D {
            n: Option<i64>,
        }
        let be = self.db.get_database_backend();
        let r = R::find_by_statement(Statement::from_sql_and_values(
            be,
            sql_for(
                be,
                "SELECT CAST(COUNT(*) AS BIGINT) AS buyers, CAST(SUM(CASE WHEN n >= 2 THEN 1 ELSE 0 END) AS BIGINT) AS repeat \
                 FROM (SELECT user_id, SUM(orders) AS n FROM report_buyers WHERE day >= $1 AND day <= $2 GROUP BY user_id) t",
            ),
            [from_day.into(), to_day.into()],
        ))
        .one(&self.db)
        .await?;
        let d = D::find_by_statement(Statement::from_sql_and_values(
            be,
            sql_for(be, "SELECT CAST(COUNT(DISTINCT beneficiary_id) AS BIGINT) AS n FROM commissions WHERE created_at >= $1"),
            [since.into()],
        ))
        .one(&self.db)
        .await?;
        Ok(PeriodFigures {
            buyers: r.as_ref().and_then(|r| r.buyers).unwrap_or(0),
            repeat_buyers: r.and_then(|r| r.repeat).unwrap_or(0),
            active_distributors: d.and_then(|d| d.n).unwrap_or(0),
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    #[test]
    fn the_shop_day_is_beijing_time() {
        assert_eq!(super::shop_day(chrono::Utc.with_ymd_and_hms(2026, 11, 24, 16, 0, 0).unwrap()), "2026-11-25");
        assert_eq!(super::shop_day(chrono::Utc.with_ymd_and_hms(2026, 11, 24, 15, 59, 59).unwrap()), "2026-11-24");
        assert!(super::visitor_shard("abc") < super::SHARDS);
    }
}

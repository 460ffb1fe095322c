//! Pre-aggregated dashboard figures: per shop day (Asia/Shanghai) and shard, paid orders, GMV,
//! refunds, page views and visitors; the day's distinct visitors and buyers; an index for the
//! commission figures by time. Existing paid orders and approved refunds are folded in once.

use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ReportDays {
    Table,
    Day,
    Shard,
    Orders,
    Gmv,
    Refunds,
    PageViews,
    Visitors,
    Buyers,
}

#[derive(DeriveIden)]
enum ReportVisitors {
    Table,
    Day,
    Visitor,
}

#[derive(DeriveIden)]
enum ReportBuyers {
    Table,
    Day,
    UserId,
    Orders,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ReportDays::Table)
                .col(string_len(ReportDays::Day, 10))
                .col(integer(ReportDays::Shard))
                .col(big_integer(ReportDays::Orders))
                .col(big_integer(ReportDays::Gmv))
                .col(big_integer(ReportDays::Refunds))
                .col(big_integer(ReportDays::PageViews))
                .col(big_integer(ReportDays::Visitors))
                .col(big_integer(ReportDays::Buyers))
                .primary_key(Index::create().col(ReportDays::Day).col(ReportDays::Shard))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ReportVisitors::Table)
                .col(string_len(ReportVisitors::Day, 10))
                .col(string_len(ReportVisitors::Visitor, 64))
                .primary_key(Index::create().col(ReportVisitors::Day).col(ReportVisitors::Visitor))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ReportBuyers::Table)
                .col(string_len(ReportBuyers::Day, 10))
                .col(big_integer(ReportBuyers::UserId))
                .col(big_integer(ReportBuyers::Orders))
                .primary_key(Index::create().col(ReportBuyers::Day).col(ReportBuyers::UserId))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ix_commissions_created").table(Alias::new("commissions")).col(Alias::new("created_at")).to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("ix_orders_paid_at").table(Alias::new("orders")).col(Alias::new("paid_at")).to_owned()).await?;
        backfill(m).await
    }
}

/// Folds the paid orders and approved after-sale refunds already in the database into the tables.
async fn backfill(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use std::collections::BTreeMap;
    let c = m.get_connection();
    let be = c.get_database_backend();
    let day = |t: chrono::DateTime<chrono::Utc>| (t + chrono::Duration::hours(8)).format("%Y-%m-%d").to_string();
    let mut days: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
    let mut buyers: BTreeMap<(String, i64), i64> = BTreeMap::new();
    let rows = c.query_all_raw(Statement::from_string(be, "SELECT user_id, total, paid_at FROM orders WHERE paid_at IS NOT NULL")).await?;
    for r in rows {
        let (u, total, at): (i64, i64, chrono::DateTime<chrono::Utc>) =
            (r.try_get_by_index(0)?, r.try_get_by_index(1)?, r.try_get_by_index(2)?);
        let d = day(at);
        let e = days.entry(d.clone()).or_default();
        e.0 += 1;
        e.1 += total;
        *buyers.entry((d, u)).or_default() += 1;
    }
    let rows = c
        .query_all_raw(Statement::from_string(
            be,
            "SELECT amount, decided_at FROM after_sales WHERE status = 'refund_approved' AND decided_at IS NOT NULL",
        ))
        .await?;
    for r in rows {
        let (amount, at): (i64, chrono::DateTime<chrono::Utc>) = (r.try_get_by_index(0)?, r.try_get_by_index(1)?);
        days.entry(day(at)).or_default().2 += amount;
    }
    let mut day_buyers: BTreeMap<String, i64> = BTreeMap::new();
    for (d, _) in buyers.keys() {
        *day_buyers.entry(d.clone()).or_default() += 1;
    }
    for (d, (orders, gmv, refunds)) in days {
        let b = day_buyers.get(&d).copied().unwrap_or(0);
        let q = Query::insert()
            .into_table(ReportDays::Table)
            .columns([
                ReportDays::Day,
                ReportDays::Shard,
                ReportDays::Orders,
                ReportDays::Gmv,
                ReportDays::Refunds,
                ReportDays::PageViews,
                ReportDays::Visitors,
                ReportDays::Buyers,
            ])
            .values_panic([d.into(), 0.into(), orders.into(), gmv.into(), refunds.into(), 0i64.into(), 0i64.into(), b.into()])
            .to_owned();
        m.exec_stmt(q).await?;
    }
    for ((d, u), n) in buyers {
        let q = Query::insert()
            .into_table(ReportBuyers::Table)
            .columns([ReportBuyers::Day, ReportBuyers::UserId, ReportBuyers::Orders])
            .values_panic([d.into(), u.into(), n.into()])
            .to_owned();
        m.exec_stmt(q).await?;
    }
    Ok(())
}

//! Monthly team rewards (团队奖励): a bonus on a distributor's settled team sales of a shop month,
//! paid once per distributor and month straight to available commission (repaying debt first), and
//! reversible by staff as a clawback.

use crate::entities::team_reward;
use crate::ledger::{balance_in, post};
use crate::{AuditEntry, Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use fenxiao_domain::ledger::{Account, AccountKind, Entry, Posting};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};

#[derive(Debug, Clone)]
pub struct TeamRewardRecord {
    pub id: i64,
    pub user_id: i64,
    pub period: String,
    pub sales: i64,
    pub rate_bp: i64,
    pub amount: i64,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub reversed_at: Option<DateTime<Utc>>,
}

fn rec(m: team_reward::Model) -> TeamRewardRecord {
    TeamRewardRecord {
        id: m.id,
        user_id: m.user_id,
        period: m.period,
        sales: m.sales,
        rate_bp: m.rate_bp,
        amount: m.amount,
        status: m.status,
        created_at: m.created_at,
        reversed_at: m.reversed_at,
    }
}

fn entry(key: String, ps: Vec<Posting>) -> StoreResult<Entry> {
    Entry::new(key, ps.into_iter().filter(|p| p.amount != 0).collect()).map_err(|e| StoreError::Conflict(format!("ledger:{e}")))
}

impl Store {
    /// Settled team sales per distributor in `[from, to)`: the bases of their settled order
    /// commissions (each a line bought by someone in their team), net of reversed shares.
    pub async fn settled_team_sales(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> StoreResult<Vec<(i64, i64)>> {
        use sea_orm::FromQueryResult;
        #[derive(FromQueryResult)]
        struct R {
            u: i64,
            s: Option<i64>,
        }
        let be = self.db.get_database_backend();
        let (a, b) = if be == sea_orm::DatabaseBackend::Postgres { ("$1", "$2") } else { ("?", "?") };
        let sql = format!(
            "SELECT beneficiary_id AS u, CAST(SUM(base - (base * reversed) / amount) AS BIGINT) AS s FROM commissions \
             WHERE kind = 'order' AND status = 'settled' AND amount > 0 AND settled_at >= {a} AND settled_at < {b} GROUP BY beneficiary_id"
        );
        let rows = R::find_by_statement(sea_orm::Statement::from_sql_and_values(be, &sql, [from.into(), to.into()])).all(&self.db).await?;
        Ok(rows.into_iter().map(|r| (r.u, r.s.unwrap_or(0))).collect())
    }

    /// Pays one distributor's reward for `period` (once: unique per user and period).
    pub async fn pay_team_reward(
        &self,
        user_id: i64,
        period: &str,
        sales: i64,
        rate_bp: i64,
        amount: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let n = team_reward::Entity::insert(team_reward::ActiveModel {
            user_id: Set(user_id),
            period: Set(period.into()),
            sales: Set(sales),
            rate_bp: Set(rate_bp),
            amount: Set(amount),
            status: Set("paid".into()),
            created_at: Set(now),
            reversed_at: Set(None),
            ..Default::default()
        })
        .on_conflict(OnConflict::columns([team_reward::Column::UserId, team_reward::Column::Period]).do_nothing().to_owned())
        .exec_without_returning(&txn)
        .await?;
        if n == 0 {
            return Ok(false);
        }
        let debt = -balance_in(&txn, Account::user(AccountKind::CommissionDebt, user_id)).await?.min(0);
        let repay = debt.min(amount);
        post(
            &txn,
            &entry(
                format!("team-reward:{user_id}:{period}"),
                vec![
                    Posting { account: Account::shop(AccountKind::MerchantExpense), amount: -amount },
                    Posting { account: Account::user(AccountKind::CommissionAvailable, user_id), amount: amount - repay },
                    Posting { account: Account::user(AccountKind::CommissionDebt, user_id), amount: repay },
                ],
            )?,
            &format!("team reward {period}"),
            now,
        )
        .await?;
        txn.commit().await?;
        Ok(true)
    }

    /// Staff reverse a paid reward: clawed back from frozen, then available, the rest as debt.
    pub async fn reverse_team_reward(&self, id: i64, audit: &AuditEntry) -> StoreResult<TeamRewardRecord> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let r = team_reward::Entity::update_many()
            .col_expr(team_reward::Column::Status, Expr::value("reversed"))
            .col_expr(team_reward::Column::ReversedAt, Expr::value(Some(audit.at)))
            .filter(team_reward::Column::Id.eq(id))
            .filter(team_reward::Column::Status.eq("paid"))
            .exec(&txn)
            .await?;
        if r.rows_affected == 0 {
            let exists = team_reward::Entity::find_by_id(id).one(&txn).await?.is_some();
            return Err(if exists { StoreError::Conflict("invalid_transition".into()) } else { StoreError::NotFound });
        }
        let m = team_reward::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let mut ps = vec![Posting { account: Account::shop(AccountKind::MerchantExpense), amount: m.amount }];
        ps.extend(crate::commissions::clawback_postings(&txn, m.user_id, m.amount, 0).await?);
        post(&txn, &entry(format!("team-reward-reversed:{id}"), ps)?, "team reward reversed", audit.at).await?;
        crate::admins::insert_audit(&txn, audit).await?;
        txn.commit().await?;
        Ok(rec(m))
    }

    pub async fn team_rewards(
        &self,
        user_id: Option<i64>,
        period: Option<&str>,
        page: u64,
        page_size: u64,
    ) -> StoreResult<(Vec<TeamRewardRecord>, u64)> {
        let mut f = team_reward::Entity::find();
        if let Some(u) = user_id {
            f = f.filter(team_reward::Column::UserId.eq(u));
        }
        if let Some(p) = period {
            f = f.filter(team_reward::Column::Period.eq(p));
        }
        let total = f.clone().count(&self.db).await?;
        let rows =
            f.order_by_desc(team_reward::Column::Id).offset(page.saturating_sub(1) * page_size).limit(page_size).all(&self.db).await?;
        Ok((rows.into_iter().map(rec).collect(), total))
    }
}

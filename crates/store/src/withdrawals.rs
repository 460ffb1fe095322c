//! Withdrawals of settled commission. Requesting moves the amount from available to withdrawing in
//! one conditional ledger update (so parallel requests can never take more than is available);
//! paying moves it out (fee to the shop, net to the channel or the wallet); rejecting or a failed
//! transfer moves it back. Idempotent by the shopper's request key; every step conditional on status.

use crate::admins::insert_audit;
use crate::entities::withdrawal;
use crate::ledger::{balance_in, post};
use crate::{AuditEntry, Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use fenxiao_domain::ledger::{Account, AccountKind, Entry, Posting};
use sea_orm::ExprTrait;
use sea_orm::sea_query::{Expr, LockType};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};

#[derive(Debug, Clone)]
pub struct WithdrawalRecord {
    pub id: i64,
    pub user_id: i64,
    pub request_key: String,
    pub amount: i64,
    pub fee: i64,
    pub net: i64,
    pub method: String,
    /// `requested`, `approved`, `transferring`, `paid`, `rejected`, `failed`.
    pub status: String,
    pub out_bill_no: String,
    pub transfer_bill_no: Option<String>,
    pub note: String,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
}

fn rec(m: withdrawal::Model) -> WithdrawalRecord {
    WithdrawalRecord {
        id: m.id,
        user_id: m.user_id,
        request_key: m.request_key,
        amount: m.amount,
        fee: m.fee,
        net: m.net,
        method: m.method,
        status: m.status,
        out_bill_no: m.out_bill_no,
        transfer_bill_no: m.transfer_bill_no,
        note: m.note,
        created_at: m.created_at,
        decided_at: m.decided_at,
        finished_at: m.finished_at,
    }
}

/// A new request, as the service checked it.
#[derive(Debug, Clone)]
pub struct NewWithdrawal {
    pub user_id: i64,
    pub request_key: String,
    pub amount: i64,
    pub fee: i64,
    pub method: &'static str,
    pub out_bill_no: String,
    pub auto_approve: bool,
    /// (since, max count, max amount) windows to enforce: the shop day and month (0 = no limit).
    pub limits: Vec<(DateTime<Utc>, i64, i64)>,
}

fn user(kind: AccountKind, u: i64) -> Account {
    Account::user(kind, u)
}

async fn post_ps<C: ConnectionTrait>(c: &C, key: String, ps: Vec<Posting>, memo: &str, now: DateTime<Utc>) -> StoreResult<()> {
    let ps: Vec<Posting> = ps.into_iter().filter(|p| p.amount != 0).collect();
    if ps.is_empty() {
        return Ok(());
    }
    let e = Entry::new(key, ps).map_err(|e| StoreError::Conflict(format!("ledger:{e}")))?;
    post(c, &e, memo, now).await.map_err(|e| match e {
        StoreError::Conflict(m) if m.starts_with("insufficient_funds") => StoreError::Conflict("insufficient_balance".into()),
        e => e,
    })?;
    Ok(())
}

/// The entry that pays a withdrawal out: withdrawing → fee income + (wallet or channel).
fn payout(w: &withdrawal::Model) -> Vec<Posting> {
    let to = if w.method == "balance" { user(AccountKind::UserWallet, w.user_id) } else { Account::shop(AccountKind::PlatformClearing) };
    vec![
        Posting { account: user(AccountKind::CommissionWithdrawing, w.user_id), amount: -w.amount },
        Posting { account: Account::shop(AccountKind::FeeIncome), amount: w.fee },
        Posting { account: to, amount: w.net },
    ]
}

fn give_back(w: &withdrawal::Model) -> Vec<Posting> {
    vec![
        Posting { account: user(AccountKind::CommissionWithdrawing, w.user_id), amount: -w.amount },
        Posting { account: user(AccountKind::CommissionAvailable, w.user_id), amount: w.amount },
    ]
}

impl Store {
    /// Files a withdrawal. Returns the existing one for a repeated request key (`false`).
    /// Refusals: `in_debt`, `limit_reached`, `insufficient_balance`.
    pub async fn request_withdrawal(&self, n: NewWithdrawal, now: DateTime<Utc>) -> StoreResult<(WithdrawalRecord, bool)> {
        use withdrawal::Column as W;
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let r = async {
            if let Some(m) = withdrawal::Entity::find()
                .filter(W::UserId.eq(n.user_id))
                .filter(W::RequestKey.eq(n.request_key.as_str()))
                .one(&txn)
                .await?
            {
                return Ok((rec(m), false));
            }
            // One request per distributor at a time: the member row is the lock (PostgreSQL; SQLite
            // writers are queued anyway), taken before any account so requests never deadlock.
            crate::distribution::ensure_member(&txn, n.user_id, now).await?;
            crate::entities::distribution_member::Entity::find_by_id(n.user_id).lock(LockType::Update).one(&txn).await?;
            if balance_in(&txn, user(AccountKind::CommissionDebt, n.user_id)).await? < 0 {
                return Err(StoreError::Conflict("in_debt".into()));
            }
            for (since, max_count, max_amount) in n.limits.iter().filter(|(_, c, a)| *c > 0 || *a > 0) {
                let rows = withdrawal::Entity::find()
                    .filter(W::UserId.eq(n.user_id))
                    .filter(W::CreatedAt.gte(*since))
                    .filter(W::Status.is_not_in(["rejected", "failed"]))
                    .all(&txn)
                    .await?;
                if *max_count > 0 && rows.len() as i64 >= *max_count {
                    return Err(StoreError::Conflict("limit_reached".into()));
                }
                if *max_amount > 0 && rows.iter().map(|r| r.amount).sum::<i64>() + n.amount > *max_amount {
                    return Err(StoreError::Conflict("limit_reached".into()));
                }
            }
            post_ps(
                &txn,
                format!("withdraw:{}", n.out_bill_no),
                vec![
                    Posting { account: user(AccountKind::CommissionAvailable, n.user_id), amount: -n.amount },
                    Posting { account: user(AccountKind::CommissionWithdrawing, n.user_id), amount: n.amount },
                ],
                "withdrawal requested",
                now,
            )
            .await?;
            let mut m = withdrawal::ActiveModel {
                user_id: Set(n.user_id),
                request_key: Set(n.request_key.clone()),
                amount: Set(n.amount),
                fee: Set(n.fee),
                net: Set(n.amount - n.fee),
                method: Set(n.method.into()),
                status: Set(if n.auto_approve { "approved" } else { "requested" }.into()),
                out_bill_no: Set(n.out_bill_no.clone()),
                transfer_bill_no: Set(None),
                note: Set(String::new()),
                created_at: Set(now),
                decided_at: Set(n.auto_approve.then_some(now)),
                finished_at: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(StoreError::from_db)?;
            if n.auto_approve && m.method == "balance" {
                post_ps(&txn, format!("withdraw-paid:{}", m.out_bill_no), payout(&m), "withdrawal paid to the wallet", now).await?;
                withdrawal::Entity::update_many()
                    .col_expr(W::Status, Expr::value("paid"))
                    .col_expr(W::FinishedAt, Expr::value(Some(now)))
                    .filter(W::Id.eq(m.id))
                    .exec(&txn)
                    .await?;
                m = withdrawal::Entity::find_by_id(m.id).one(&txn).await?.ok_or(StoreError::NotFound)?;
            }
            Ok((rec(m), true))
        }
        .await;
        crate::finish(txn, r).await
    }

    /// Staff approve (wallet withdrawals are then paid at once) or reject (the amount goes back).
    pub async fn decide_withdrawal(&self, id: i64, approve: bool, note: &str, audit: &AuditEntry) -> StoreResult<WithdrawalRecord> {
        use withdrawal::Column as W;
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let now = audit.at;
        let r = withdrawal::Entity::update_many()
            .col_expr(W::Status, Expr::value(if approve { "approved" } else { "rejected" }))
            .col_expr(W::Note, Expr::value(note.chars().take(256).collect::<String>()))
            .col_expr(W::DecidedAt, Expr::value(Some(now)))
            .filter(W::Id.eq(id))
            .filter(W::Status.eq("requested"))
            .exec(&txn)
            .await?;
        if r.rows_affected == 0 {
            let exists = withdrawal::Entity::find_by_id(id).one(&txn).await?.is_some();
            return Err(if exists { StoreError::Conflict("invalid_transition".into()) } else { StoreError::NotFound });
        }
        let m = withdrawal::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        if !approve {
            post_ps(&txn, format!("withdraw-back:{}", m.out_bill_no), give_back(&m), "withdrawal rejected", now).await?;
        } else if m.method == "balance" {
            post_ps(&txn, format!("withdraw-paid:{}", m.out_bill_no), payout(&m), "withdrawal paid to the wallet", now).await?;
            withdrawal::Entity::update_many()
                .col_expr(W::Status, Expr::value("paid"))
                .col_expr(W::FinishedAt, Expr::value(Some(now)))
                .filter(W::Id.eq(id))
                .exec(&txn)
                .await?;
        }
        insert_audit(&txn, audit).await?;
        let m = withdrawal::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        txn.commit().await?;
        Ok(rec(m))
    }

    /// `approved → transferring` once the channel accepted the transfer (false if not approved).
    pub async fn mark_withdrawal_transferring(&self, id: i64, transfer_bill_no: Option<&str>, now: DateTime<Utc>) -> StoreResult<bool> {
        use withdrawal::Column as W;
        let _w = self.write_guard().await;
        let r = withdrawal::Entity::update_many()
            .col_expr(W::Status, Expr::value("transferring"))
            .col_expr(W::TransferBillNo, Expr::value(transfer_bill_no.map(String::from)))
            .col_expr(W::DecidedAt, Expr::col(W::DecidedAt).if_null(Expr::value(now)))
            .filter(W::Id.eq(id))
            .filter(W::Status.eq("approved"))
            .exec(&self.db)
            .await?;
        Ok(r.rows_affected == 1)
    }

    /// The final word on a payout: paid (money leaves) or failed (money back to available).
    /// `None` when it was already final (a repeated callback changes nothing).
    pub async fn finish_withdrawal(
        &self,
        out_bill_no: &str,
        paid: bool,
        note: &str,
        audit: Option<&AuditEntry>,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<WithdrawalRecord>> {
        use withdrawal::Column as W;
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let Some(m) = withdrawal::Entity::find().filter(W::OutBillNo.eq(out_bill_no)).lock(LockType::Update).one(&txn).await? else {
            return Err(StoreError::NotFound);
        };
        let r = withdrawal::Entity::update_many()
            .col_expr(W::Status, Expr::value(if paid { "paid" } else { "failed" }))
            .col_expr(W::Note, Expr::value(note.chars().take(256).collect::<String>()))
            .col_expr(W::FinishedAt, Expr::value(Some(now)))
            .filter(W::Id.eq(m.id))
            .filter(W::Status.is_in(["approved", "transferring"]))
            .exec(&txn)
            .await?;
        if r.rows_affected != 1 {
            return Ok(None);
        }
        if paid {
            post_ps(&txn, format!("withdraw-paid:{}", m.out_bill_no), payout(&m), "withdrawal paid", now).await?;
        } else {
            post_ps(&txn, format!("withdraw-back:{}", m.out_bill_no), give_back(&m), "withdrawal failed", now).await?;
        }
        if let Some(a) = audit {
            insert_audit(&txn, a).await?;
        }
        let m = withdrawal::Entity::find_by_id(m.id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        txn.commit().await?;
        Ok(Some(rec(m)))
    }

    pub async fn withdrawals_by_bill(&self, out_bill_no: &str) -> StoreResult<WithdrawalRecord> {
        withdrawal::Entity::find()
            .filter(withdrawal::Column::OutBillNo.eq(out_bill_no))
            .one(&self.db)
            .await?
            .map(rec)
            .ok_or(StoreError::NotFound)
    }

    /// Staff retry a failed payout: the amount moves from available to withdrawing again and the
    /// withdrawal goes back to `approved` under a new bill number (the old one is final at WeChat).
    pub async fn retry_withdrawal(&self, id: i64, new_out_bill_no: &str, audit: &AuditEntry) -> StoreResult<WithdrawalRecord> {
        use withdrawal::Column as W;
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let r = withdrawal::Entity::update_many()
            .col_expr(W::Status, Expr::value("approved"))
            .col_expr(W::OutBillNo, Expr::value(new_out_bill_no))
            .col_expr(W::TransferBillNo, Expr::value(Option::<String>::None))
            .col_expr(W::FinishedAt, Expr::value(Option::<DateTime<Utc>>::None))
            .filter(W::Id.eq(id))
            .filter(W::Status.eq("failed"))
            .exec(&txn)
            .await?;
        if r.rows_affected == 0 {
            let exists = withdrawal::Entity::find_by_id(id).one(&txn).await?.is_some();
            return Err(if exists { StoreError::Conflict("invalid_transition".into()) } else { StoreError::NotFound });
        }
        let m = withdrawal::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        if balance_in(&txn, user(AccountKind::CommissionDebt, m.user_id)).await? < 0 {
            return Err(StoreError::Conflict("in_debt".into()));
        }
        post_ps(
            &txn,
            format!("withdraw:{new_out_bill_no}"),
            vec![
                Posting { account: user(AccountKind::CommissionAvailable, m.user_id), amount: -m.amount },
                Posting { account: user(AccountKind::CommissionWithdrawing, m.user_id), amount: m.amount },
            ],
            "withdrawal retried",
            audit.at,
        )
        .await?;
        insert_audit(&txn, audit).await?;
        txn.commit().await?;
        Ok(rec(m))
    }

    pub async fn get_withdrawal(&self, id: i64) -> StoreResult<WithdrawalRecord> {
        withdrawal::Entity::find_by_id(id).one(&self.db).await?.map(rec).ok_or(StoreError::NotFound)
    }

    pub async fn withdrawals(
        &self,
        user_id: Option<i64>,
        status: Option<&str>,
        page: u64,
        page_size: u64,
    ) -> StoreResult<(Vec<WithdrawalRecord>, u64)> {
        let mut f = withdrawal::Entity::find();
        if let Some(u) = user_id {
            f = f.filter(withdrawal::Column::UserId.eq(u));
        }
        if let Some(s) = status {
            f = f.filter(withdrawal::Column::Status.eq(s));
        }
        let total = f.clone().count(&self.db).await?;
        let rows =
            f.order_by_desc(withdrawal::Column::Id).offset(page.saturating_sub(1) * page_size).limit(page_size).all(&self.db).await?;
        Ok((rows.into_iter().map(rec).collect(), total))
    }

    /// (withdrawing now, net paid out through channels, net paid into wallets), for reconciliation.
    pub async fn withdrawal_totals(&self) -> StoreResult<(i64, i64, i64)> {
        use sea_orm::FromQueryResult;
        #[derive(FromQueryResult)]
        struct S {
            open: Option<i64>,
            paid: Option<i64>,
            wallet: Option<i64>,
        }
        let be = self.db.get_database_backend();
        let r = S::find_by_statement(sea_orm::Statement::from_string(
            be,
            "SELECT CAST(SUM(CASE WHEN status IN ('requested','approved','transferring') THEN amount ELSE 0 END) AS BIGINT) AS open, \
             CAST(SUM(CASE WHEN status = 'paid' AND method <> 'balance' THEN net ELSE 0 END) AS BIGINT) AS paid, \
             CAST(SUM(CASE WHEN status = 'paid' AND method = 'balance' THEN net ELSE 0 END) AS BIGINT) AS wallet FROM withdrawals"
                .to_string(),
        ))
        .one(&self.db)
        .await?;
        Ok(r.map(|r| (r.open.unwrap_or(0), r.paid.unwrap_or(0), r.wallet.unwrap_or(0))).unwrap_or((0, 0, 0)))
    }
}

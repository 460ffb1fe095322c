//! Payments and refunds, each money movement posted to the ledger in the same transaction as the
//! state change that caused it:
//! - balance payment: order `pending_payment → paid` + wallet → merchant revenue, or nothing at all;
//! - channel payment (WeChat): payment `pending|closed → paid` once, then order `→ paid` with
//!   clearing → revenue, or — when the order is no longer payable — clearing → refunds payable and
//!   a refund row to send back ("late payment");
//! - top-up: clearing → the user's wallet;
//! - refund: revenue → wallet (balance, immediate) or revenue → refunds payable (channel), then
//!   refunds payable → clearing when the channel confirms.
//!
//! Notifications are recorded by id in the same transaction as their effect, so each is processed once.

use crate::entities::{order, payment, payment_notification, payment_refund};
use crate::ledger::post;
use crate::orders::{Actor, insert_event};
use crate::{AuditEntry, Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use fenxiao_domain::ledger::{Account, AccountKind, Entry};
use fenxiao_domain::order::OrderStatus;
use sea_orm::ExprTrait;
use sea_orm::sea_query::{Expr, LockType, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};

#[derive(Debug, Clone)]
pub struct PaymentRecord {
    pub id: i64,
    pub out_trade_no: String,
    pub purpose: String,
    pub order_id: Option<i64>,
    pub user_id: i64,
    pub method: String,
    pub amount: i64,
    pub refunded: i64,
    pub status: String,
    pub prepay_id: Option<String>,
    pub transaction_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub paid_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct RefundRecord {
    pub id: i64,
    pub payment_id: i64,
    pub out_refund_no: String,
    pub after_sale_id: Option<i64>,
    pub amount: i64,
    pub status: String,
    pub reason: String,
    pub channel_refund_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct NewPayment {
    pub out_trade_no: String,
    pub purpose: &'static str,
    pub order_id: Option<i64>,
    pub user_id: i64,
    pub method: &'static str,
    pub amount: i64,
}

/// What a channel payment (notification or query) did.
#[derive(Debug, Clone)]
pub enum PaidOutcome {
    /// Money credited: the order is paid, or the wallet topped up.
    Credited(PaymentRecord),
    /// This payment (or this notification) was already processed; nothing changed.
    AlreadyProcessed,
    /// The money arrived for an order that can no longer be paid: it is owed back.
    Late { payment: PaymentRecord, refund: RefundRecord },
    /// Verified but inconsistent (unknown trade, wrong amount): recorded, nothing else changed.
    Quarantined(String),
}

/// Totals from the payment tables, for reconciliation against the ledger.
#[derive(Debug, Clone, Default)]
pub struct PaymentTotals {
    /// Order payments received, by method.
    pub orders_wechat: i64,
    pub orders_balance: i64,
    /// Wallet top-ups received through the channel.
    pub top_ups: i64,
    /// Payments that arrived for closed orders (owed back in full).
    pub late: i64,
    /// Refunds decided for after-sales (any status), and those paid to wallets.
    pub after_sale_refunds: i64,
    pub balance_refunds: i64,
    /// Channel refunds confirmed, and those still open (processing or failed).
    pub channel_refunded: i64,
    pub channel_refunds_open: i64,
    pub quarantined_notifications: u64,
}

fn pay_rec(m: payment::Model) -> PaymentRecord {
    PaymentRecord {
        id: m.id,
        out_trade_no: m.out_trade_no,
        purpose: m.purpose,
        order_id: m.order_id,
        user_id: m.user_id,
        method: m.method,
        amount: m.amount,
        refunded: m.refunded,
        status: m.status,
        prepay_id: m.prepay_id,
        transaction_id: m.transaction_id,
        created_at: m.created_at,
        paid_at: m.paid_at,
    }
}

fn refund_rec(m: payment_refund::Model) -> RefundRecord {
    RefundRecord {
        id: m.id,
        payment_id: m.payment_id,
        out_refund_no: m.out_refund_no,
        after_sale_id: m.after_sale_id,
        amount: m.amount,
        status: m.status,
        reason: m.reason,
        channel_refund_id: m.channel_refund_id,
        created_at: m.created_at,
        finished_at: m.finished_at,
    }
}

fn entry(key: String, from: Account, to: Account, amount: i64) -> StoreResult<Entry> {
    Entry::transfer(key, from, to, amount).map_err(|e| StoreError::Conflict(format!("ledger:{e}")))
}

fn shop(kind: AccountKind) -> Account {
    Account::shop(kind)
}

fn insufficient(e: StoreError) -> StoreError {
    match e {
        StoreError::Conflict(m) if m.starts_with("insufficient_funds") => StoreError::Conflict("insufficient_balance".into()),
        e => e,
    }
}

/// `pending_payment → paid` if still pending; false otherwise.
async fn mark_order_paid<C: ConnectionTrait>(c: &C, order_id: i64, now: DateTime<Utc>) -> StoreResult<bool> {
    let r = order::Entity::update_many()
        .col_expr(order::Column::Status, Expr::value(OrderStatus::Paid.as_str()))
        .col_expr(order::Column::PaidAt, Expr::value(now))
        .col_expr(order::Column::UpdatedAt, Expr::value(now))
        .filter(order::Column::Id.eq(order_id))
        .filter(order::Column::Status.eq(OrderStatus::PendingPayment.as_str()))
        .exec(c)
        .await?;
    Ok(r.rows_affected == 1)
}

/// Records a notification id; false when it was already recorded (processed or quarantined).
async fn claim_notification<C: ConnectionTrait>(
    c: &C,
    notify_id: &str,
    event_type: &str,
    status: &str,
    detail: &str,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let n = payment_notification::Entity::insert(payment_notification::ActiveModel {
        notify_id: Set(notify_id.chars().take(64).collect()),
        event_type: Set(event_type.chars().take(64).collect()),
        status: Set(status.into()),
        detail: Set(detail.chars().take(256).collect()),
        received_at: Set(now),
        ..Default::default()
    })
    .on_conflict(OnConflict::column(payment_notification::Column::NotifyId).do_nothing().to_owned())
    .exec_without_returning(c)
    .await?;
    Ok(n == 1)
}

#[allow(clippy::too_many_arguments)] // one row's columns
async fn insert_refund<C: ConnectionTrait>(
    c: &C,
    payment_id: i64,
    out_refund_no: &str,
    after_sale_id: Option<i64>,
    amount: i64,
    status: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> StoreResult<RefundRecord> {
    let m = payment_refund::ActiveModel {
        payment_id: Set(payment_id),
        out_refund_no: Set(out_refund_no.into()),
        after_sale_id: Set(after_sale_id),
        amount: Set(amount),
        status: Set(status.into()),
        reason: Set(reason.chars().take(256).collect()),
        channel_refund_id: Set(None),
        created_at: Set(now),
        finished_at: Set((status == "succeeded").then_some(now)),
        ..Default::default()
    }
    .insert(c)
    .await
    .map_err(StoreError::from_db)?;
    Ok(refund_rec(m))
}

/// Inside an after-sale approval: pays `amount` back to the order's payment method. Balance
/// refunds complete at once; channel refunds are recorded `processing` for the caller to submit.
/// `Conflict("refund_exceeds_paid")` when the payment has less left than asked.
pub(crate) async fn refund_for_after_sale(
    txn: &DatabaseTransaction,
    order_id: i64,
    after_sale_id: i64,
    amount: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<RefundRecord>> {
    let Some(p) = payment::Entity::find()
        .filter(payment::Column::OrderId.eq(order_id))
        .filter(payment::Column::Purpose.eq("order"))
        .filter(payment::Column::Status.eq("paid"))
        .lock(LockType::Update)
        .one(txn)
        .await?
    else {
        return Ok(None);
    };
    let r = payment::Entity::update_many()
        .col_expr(payment::Column::Refunded, Expr::col(payment::Column::Refunded).add(amount))
        .col_expr(payment::Column::UpdatedAt, Expr::value(now))
        .filter(payment::Column::Id.eq(p.id))
        .filter(Expr::col(payment::Column::Refunded).add(amount).lte(Expr::col(payment::Column::Amount)))
        .exec(txn)
        .await?;
    if r.rows_affected != 1 {
        return Err(StoreError::Conflict("refund_exceeds_paid".into()));
    }
    let no = format!("AS{after_sale_id}");
    let balance = p.method == "balance";
    let status = if balance || amount == 0 { "succeeded" } else { "processing" };
    if amount > 0 {
        let to = if balance { Account::user(AccountKind::UserWallet, p.user_id) } else { shop(AccountKind::RefundsPayable) };
        post(
            txn,
            &entry(format!("refund:{no}"), shop(AccountKind::MerchantRevenue), to, amount)?,
            &format!("refund of after-sale #{after_sale_id}"),
            now,
        )
        .await?;
    }
    Ok(Some(insert_refund(txn, p.id, &no, Some(after_sale_id), amount, status, reason, now).await?))
}

impl Store {
    /// Pays a pending order from the buyer's wallet: the order transition, the payment row and the
    /// ledger entry commit together or not at all. `Conflict("insufficient_balance")`,
    /// `Conflict("invalid_transition")`, `NotFound` (also for someone else's order).
    pub async fn pay_order_with_balance(&self, order_id: i64, user_id: i64, now: DateTime<Utc>) -> StoreResult<PaymentRecord> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let r = async {
            let o = order::Entity::find_by_id(order_id)
                .filter(order::Column::UserId.eq(user_id))
                .one(&txn)
                .await?
                .ok_or(StoreError::NotFound)?;
            if !mark_order_paid(&txn, order_id, now).await? {
                return Err(StoreError::Conflict("invalid_transition".into()));
            }
            let m = payment::ActiveModel {
                out_trade_no: Set(format!("B{}", o.order_no)),
                purpose: Set("order".into()),
                order_id: Set(Some(order_id)),
                user_id: Set(user_id),
                method: Set("balance".into()),
                amount: Set(o.total),
                refunded: Set(0),
                status: Set("paid".into()),
                prepay_id: Set(None),
                transaction_id: Set(None),
                created_at: Set(now),
                paid_at: Set(Some(now)),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(StoreError::from_db)?;
            if o.total > 0 {
                post(
                    &txn,
                    &entry(
                        format!("pay:{}", m.out_trade_no),
                        Account::user(AccountKind::UserWallet, user_id),
                        shop(AccountKind::MerchantRevenue),
                        o.total,
                    )?,
                    &format!("order {}", o.order_no),
                    now,
                )
                .await
                .map_err(insufficient)?;
            }
            crate::commissions::book_order(&txn, order_id, now).await?;
            crate::marketing::on_paid(&txn, order_id, now).await?;
            crate::reports::record_paid(&txn, order_id, user_id, o.total, now).await?;
            insert_event(
                &txn,
                order_id,
                Some(OrderStatus::PendingPayment),
                OrderStatus::Paid,
                "pay",
                Actor { kind: "shopper", id: Some(user_id) },
                "balance",
                now,
            )
            .await?;
            Ok(pay_rec(m))
        }
        .await;
        crate::finish(txn, r).await
    }

    /// Opens a channel payment, or returns the one already open under this `out_trade_no`.
    pub async fn open_payment(&self, p: NewPayment, now: DateTime<Utc>) -> StoreResult<PaymentRecord> {
        let _w = self.write_guard().await;
        payment::Entity::insert(payment::ActiveModel {
            out_trade_no: Set(p.out_trade_no.clone()),
            purpose: Set(p.purpose.into()),
            order_id: Set(p.order_id),
            user_id: Set(p.user_id),
            method: Set(p.method.into()),
            amount: Set(p.amount),
            refunded: Set(0),
            status: Set("pending".into()),
            prepay_id: Set(None),
            transaction_id: Set(None),
            created_at: Set(now),
            paid_at: Set(None),
            updated_at: Set(now),
            ..Default::default()
        })
        .on_conflict(OnConflict::column(payment::Column::OutTradeNo).do_nothing().to_owned())
        .exec_without_returning(&self.db)
        .await?;
        self.payment_by_out_trade_no(&p.out_trade_no).await
    }

    pub async fn set_prepay_id(&self, payment_id: i64, prepay_id: &str, now: DateTime<Utc>) -> StoreResult<()> {
        let _w = self.write_guard().await;
        payment::Entity::update_many()
            .col_expr(payment::Column::PrepayId, Expr::value(prepay_id))
            .col_expr(payment::Column::UpdatedAt, Expr::value(now))
            .filter(payment::Column::Id.eq(payment_id))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    pub async fn payment_by_out_trade_no(&self, no: &str) -> StoreResult<PaymentRecord> {
        payment::Entity::find().filter(payment::Column::OutTradeNo.eq(no)).one(&self.db).await?.map(pay_rec).ok_or(StoreError::NotFound)
    }

    pub async fn get_payment(&self, id: i64) -> StoreResult<PaymentRecord> {
        payment::Entity::find_by_id(id).one(&self.db).await?.map(pay_rec).ok_or(StoreError::NotFound)
    }

    /// Payments of one order (any method, any status), oldest first.
    pub async fn payments_of_order(&self, order_id: i64) -> StoreResult<Vec<PaymentRecord>> {
        Ok(payment::Entity::find()
            .filter(payment::Column::OrderId.eq(order_id))
            .order_by_asc(payment::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(pay_rec)
            .collect())
    }

    /// Channel payments still `pending` created at or before `before` (for the query job).
    pub async fn stale_pending_payments(&self, before: DateTime<Utc>, limit: u64) -> StoreResult<Vec<PaymentRecord>> {
        Ok(payment::Entity::find()
            .filter(payment::Column::Status.eq("pending"))
            .filter(payment::Column::Method.ne("balance"))
            .filter(payment::Column::CreatedAt.lte(before))
            .order_by_asc(payment::Column::Id)
            .limit(limit)
            .all(&self.db)
            .await?
            .into_iter()
            .map(pay_rec)
            .collect())
    }

    /// `pending → closed` (the channel trade was closed).
    pub async fn close_payment(&self, id: i64, now: DateTime<Utc>) -> StoreResult<bool> {
        let _w = self.write_guard().await;
        let r = payment::Entity::update_many()
            .col_expr(payment::Column::Status, Expr::value("closed"))
            .col_expr(payment::Column::UpdatedAt, Expr::value(now))
            .filter(payment::Column::Id.eq(id))
            .filter(payment::Column::Status.eq("pending"))
            .exec(&self.db)
            .await?;
        Ok(r.rows_affected == 1)
    }

    /// Records a notification id as processed; false when it was seen before.
    pub async fn claim_notification_once(&self, notify_id: &str, event_type: &str, detail: &str, now: DateTime<Utc>) -> StoreResult<bool> {
        let _w = self.write_guard().await;
        claim_notification(&self.db, notify_id, event_type, "processed", detail, now).await
    }

    /// Records a notification that changes nothing (e.g. quarantined for a wrong merchant).
    pub async fn quarantine_notification(&self, notify_id: &str, event_type: &str, detail: &str, now: DateTime<Utc>) -> StoreResult<()> {
        let _w = self.write_guard().await;
        claim_notification(&self.db, notify_id, event_type, "quarantined", detail, now).await?;
        Ok(())
    }

    /// A channel says `out_trade_no` was paid `amount` (from a verified notification — `notify`
    /// = (id, event type) — or from a query). Exactly-once by notification id and by the payment's
    /// own conditional status change.
    pub async fn record_channel_payment(
        &self,
        notify: Option<(&str, &str)>,
        out_trade_no: &str,
        transaction_id: &str,
        amount: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<PaidOutcome> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        if let Some((id, ev)) = notify {
            if !claim_notification(&txn, id, ev, "processed", out_trade_no, now).await? {
                return Ok(PaidOutcome::AlreadyProcessed);
            }
        }
        let Some(p) = payment::Entity::find().filter(payment::Column::OutTradeNo.eq(out_trade_no)).one(&txn).await? else {
            return self.quarantine_in(txn, notify, "unknown out_trade_no").await;
        };
        if p.amount != amount {
            return self.quarantine_in(txn, notify, &format!("amount {amount} != expected {}", p.amount)).await;
        }
        let r = payment::Entity::update_many()
            .col_expr(payment::Column::Status, Expr::value("paid"))
            .col_expr(payment::Column::TransactionId, Expr::value(transaction_id))
            .col_expr(payment::Column::PaidAt, Expr::value(now))
            .col_expr(payment::Column::UpdatedAt, Expr::value(now))
            .filter(payment::Column::Id.eq(p.id))
            .filter(payment::Column::Status.is_in(["pending", "closed"]))
            .exec(&txn)
            .await?;
        if r.rows_affected != 1 {
            txn.commit().await?; // keeps the notification id: a repeat is recognised sooner
            return Ok(PaidOutcome::AlreadyProcessed);
        }
        let key = format!("wxpay:{out_trade_no}");
        let clearing = shop(AccountKind::PlatformClearing);
        let outcome = match (p.purpose.as_str(), p.order_id) {
            ("order", Some(order_id)) if mark_order_paid(&txn, order_id, now).await? => {
                post(
                    &txn,
                    &entry(key, clearing, shop(AccountKind::MerchantRevenue), amount)?,
                    &format!("order payment {out_trade_no}"),
                    now,
                )
                .await?;
                crate::commissions::book_order(&txn, order_id, now).await?;
                crate::marketing::on_paid(&txn, order_id, now).await?;
                crate::reports::record_paid(&txn, order_id, p.user_id, amount, now).await?;
                insert_event(
                    &txn,
                    order_id,
                    Some(OrderStatus::PendingPayment),
                    OrderStatus::Paid,
                    "pay",
                    Actor { kind: "system", id: None },
                    &format!("wechat {transaction_id}"),
                    now,
                )
                .await?;
                None
            }
            ("top_up", _) => {
                post(
                    &txn,
                    &entry(key, clearing, Account::user(AccountKind::UserWallet, p.user_id), amount)?,
                    &format!("top-up {out_trade_no}"),
                    now,
                )
                .await?;
                None
            }
            _ => {
                // Late: the order was cancelled (or paid otherwise) before this money arrived.
                post(&txn, &entry(key, clearing, shop(AccountKind::RefundsPayable), amount)?, &format!("late payment {out_trade_no}"), now)
                    .await?;
                payment::Entity::update_many()
                    .col_expr(payment::Column::Refunded, Expr::value(amount))
                    .filter(payment::Column::Id.eq(p.id))
                    .exec(&txn)
                    .await?;
                Some(
                    insert_refund(
                        &txn,
                        p.id,
                        &format!("LATE{}", p.id),
                        None,
                        amount,
                        "processing",
                        "order closed before the payment arrived",
                        now,
                    )
                    .await?,
                )
            }
        };
        let fresh = payment::Entity::find_by_id(p.id).one(&txn).await?.map(pay_rec).ok_or(StoreError::NotFound)?;
        txn.commit().await?;
        Ok(match outcome {
            None => PaidOutcome::Credited(fresh),
            Some(refund) => PaidOutcome::Late { payment: fresh, refund },
        })
    }

    async fn quarantine_in(&self, txn: DatabaseTransaction, notify: Option<(&str, &str)>, why: &str) -> StoreResult<PaidOutcome> {
        if let Some((id, _)) = notify {
            payment_notification::Entity::update_many()
                .col_expr(payment_notification::Column::Status, Expr::value("quarantined"))
                .col_expr(payment_notification::Column::Detail, Expr::value(why.chars().take(256).collect::<String>()))
                .filter(payment_notification::Column::NotifyId.eq(id))
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        Ok(PaidOutcome::Quarantined(why.to_string()))
    }

    /// The channel's final word on a refund: success moves refunds payable → clearing; failure
    /// marks it `failed` (the money stays payable until staff retry). `None`: already processed.
    pub async fn record_refund_result(
        &self,
        notify: Option<(&str, &str)>,
        out_refund_no: &str,
        success: bool,
        channel_refund_id: Option<&str>,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<RefundRecord>> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        if let Some((id, ev)) = notify {
            if !claim_notification(&txn, id, ev, "processed", out_refund_no, now).await? {
                return Ok(None);
            }
        }
        let Some(r) = payment_refund::Entity::find().filter(payment_refund::Column::OutRefundNo.eq(out_refund_no)).one(&txn).await? else {
            self.quarantine_in(txn, notify, "unknown out_refund_no").await?;
            return Ok(None);
        };
        let to = if success { "succeeded" } else { "failed" };
        let upd = payment_refund::Entity::update_many()
            .col_expr(payment_refund::Column::Status, Expr::value(to))
            .col_expr(payment_refund::Column::ChannelRefundId, Expr::value(channel_refund_id.map(String::from)))
            .col_expr(payment_refund::Column::FinishedAt, Expr::value(now))
            .filter(payment_refund::Column::Id.eq(r.id))
            .filter(payment_refund::Column::Status.eq("processing"))
            .exec(&txn)
            .await?;
        if upd.rows_affected != 1 {
            txn.commit().await?;
            return Ok(None);
        }
        if success && r.amount > 0 {
            post(
                &txn,
                &entry(
                    format!("refund-done:{out_refund_no}"),
                    shop(AccountKind::RefundsPayable),
                    shop(AccountKind::PlatformClearing),
                    r.amount,
                )?,
                &format!("refund {out_refund_no} confirmed"),
                now,
            )
            .await?;
        }
        let fresh = payment_refund::Entity::find_by_id(r.id).one(&txn).await?.map(refund_rec).ok_or(StoreError::NotFound)?;
        txn.commit().await?;
        Ok(Some(fresh))
    }

    /// A failed channel refund goes back to `processing` to be submitted again (staff action).
    pub async fn reopen_refund(&self, id: i64, audit: &AuditEntry) -> StoreResult<RefundRecord> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let r = payment_refund::Entity::update_many()
            .col_expr(payment_refund::Column::Status, Expr::value("processing"))
            .col_expr(payment_refund::Column::FinishedAt, Expr::value(Option::<DateTime<Utc>>::None))
            .filter(payment_refund::Column::Id.eq(id))
            .filter(payment_refund::Column::Status.eq("failed"))
            .exec(&txn)
            .await?;
        if r.rows_affected != 1 {
            let exists = payment_refund::Entity::find_by_id(id).one(&txn).await?.is_some();
            return Err(if exists { StoreError::Conflict("invalid_transition".into()) } else { StoreError::NotFound });
        }
        crate::admins::insert_audit(&txn, audit).await?;
        let fresh = payment_refund::Entity::find_by_id(id).one(&txn).await?.map(refund_rec).ok_or(StoreError::NotFound)?;
        txn.commit().await?;
        Ok(fresh)
    }

    pub async fn get_refund(&self, id: i64) -> StoreResult<RefundRecord> {
        payment_refund::Entity::find_by_id(id).one(&self.db).await?.map(refund_rec).ok_or(StoreError::NotFound)
    }

    /// Channel refunds still `processing` (to submit or re-query).
    pub async fn processing_refunds(&self, limit: u64) -> StoreResult<Vec<(RefundRecord, PaymentRecord)>> {
        let rs = payment_refund::Entity::find()
            .filter(payment_refund::Column::Status.eq("processing"))
            .order_by_asc(payment_refund::Column::Id)
            .limit(limit)
            .all(&self.db)
            .await?;
        let mut out = Vec::new();
        for r in rs {
            let p = self.get_payment(r.payment_id).await?;
            out.push((refund_rec(r), p));
        }
        Ok(out)
    }

    /// Staff credit (positive) or debit (negative) a wallet. The entry key makes a retried request
    /// post once; a debit beyond the balance is `Conflict("insufficient_balance")`.
    pub async fn adjust_wallet(&self, user_id: i64, amount: i64, event_key: &str, audit: &AuditEntry) -> StoreResult<i64> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let wallet = Account::user(AccountKind::UserWallet, user_id);
        let expense = shop(AccountKind::MerchantExpense);
        let e =
            if amount > 0 { entry(event_key.into(), expense, wallet, amount)? } else { entry(event_key.into(), wallet, expense, -amount)? };
        let reason = audit.detail.get("reason").and_then(|v| v.as_str()).unwrap_or("").to_string();
        let r = async {
            if post(&txn, &e, &format!("adjustment: {reason}"), audit.at).await.map_err(insufficient)? {
                crate::admins::insert_audit(&txn, audit).await?;
            }
            Ok(())
        }
        .await;
        crate::finish(txn, r).await?;
        self.ledger_balance(wallet).await
    }

    pub async fn list_payments(
        &self,
        status: Option<&str>,
        method: Option<&str>,
        user_id: Option<i64>,
        page: u64,
        page_size: u64,
    ) -> StoreResult<(Vec<PaymentRecord>, u64)> {
        let mut f = payment::Entity::find();
        if let Some(s) = status {
            f = f.filter(payment::Column::Status.eq(s));
        }
        if let Some(m) = method {
            f = f.filter(payment::Column::Method.eq(m));
        }
        if let Some(u) = user_id {
            f = f.filter(payment::Column::UserId.eq(u));
        }
        let total = f.clone().count(&self.db).await?;
        let rows = f.order_by_desc(payment::Column::Id).offset(page.saturating_sub(1) * page_size).limit(page_size).all(&self.db).await?;
        Ok((rows.into_iter().map(pay_rec).collect(), total))
    }

    pub async fn list_refunds(&self, page: u64, page_size: u64) -> StoreResult<(Vec<(RefundRecord, String)>, u64)> {
        let f = payment_refund::Entity::find();
        let total = f.clone().count(&self.db).await?;
        let rows =
            f.order_by_desc(payment_refund::Column::Id).offset(page.saturating_sub(1) * page_size).limit(page_size).all(&self.db).await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.payment_id).collect();
        let pays = payment::Entity::find().filter(payment::Column::Id.is_in(ids)).all(&self.db).await?;
        Ok((
            rows.into_iter()
                .map(|r| {
                    let m = pays.iter().find(|p| p.id == r.payment_id).map(|p| p.method.clone()).unwrap_or_default();
                    (refund_rec(r), m)
                })
                .collect(),
            total,
        ))
    }

    /// Refunds of one order's payments.
    pub async fn refunds_of_order(&self, order_id: i64) -> StoreResult<Vec<RefundRecord>> {
        let ids: Vec<i64> = self.payments_of_order(order_id).await?.into_iter().map(|p| p.id).collect();
        Ok(payment_refund::Entity::find()
            .filter(payment_refund::Column::PaymentId.is_in(ids))
            .order_by_asc(payment_refund::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(refund_rec)
            .collect())
    }

    /// Totals from the payment tables, to compare with the ledger (aggregated in the database).
    pub async fn payment_totals(&self) -> StoreResult<PaymentTotals> {
        use sea_orm::FromQueryResult;
        #[derive(Debug, FromQueryResult)]
        struct Row {
            k: String,
            s: Option<i64>,
        }
        let be = self.db.get_database_backend();
        let rows = Row::find_by_statement(sea_orm::Statement::from_string(
            be,
            "SELECT 'p:' || purpose || ':' || method AS k, CAST(SUM(amount) AS BIGINT) AS s FROM payments WHERE status = 'paid' GROUP BY purpose, method \
             UNION ALL SELECT 'r:' || p.method || ':' || r.status || ':' || CASE WHEN r.after_sale_id IS NULL THEN 'late' ELSE 'as' END AS k, \
             CAST(SUM(r.amount) AS BIGINT) AS s FROM payment_refunds r JOIN payments p ON p.id = r.payment_id \
             GROUP BY p.method, r.status, CASE WHEN r.after_sale_id IS NULL THEN 'late' ELSE 'as' END"
                .to_string(),
        ))
        .all(&self.db)
        .await?;
        let mut t = PaymentTotals::default();
        for r in rows {
            let v = r.s.unwrap_or(0);
            let parts: Vec<&str> = r.k.split(':').collect();
            match parts.as_slice() {
                ["p", "order", "balance"] => t.orders_balance += v,
                ["p", "order", _] => t.orders_wechat += v,
                ["p", "top_up", _] => t.top_ups += v,
                ["r", method, status, kind] => {
                    if *kind == "late" {
                        t.late += v;
                    } else {
                        t.after_sale_refunds += v;
                    }
                    match (*method, *status) {
                        ("balance", _) => t.balance_refunds += v,
                        (_, "succeeded") => t.channel_refunded += v,
                        _ => t.channel_refunds_open += v,
                    }
                }
                _ => {}
            }
        }
        t.quarantined_notifications =
            payment_notification::Entity::find().filter(payment_notification::Column::Status.eq("quarantined")).count(&self.db).await?;
        Ok(t)
    }
}

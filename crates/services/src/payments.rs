//! Paying: orders by wallet balance or WeChat Pay, wallet top-ups, WeChat notifications (payments
//! and refunds), refunds back to the original method, closing channel trades of cancelled orders,
//! the query fallback when a notification never comes, staff wallet adjustments, and the
//! reconciliation report. Business rules: docs/payments.md.

use crate::admins::Actor;
use crate::catalog::audit_entry;
use crate::orders::OrderDetail;
use crate::{ServiceError, ServiceResult, Services};
use chrono::Utc;
use fenxiao_domain::auth::Role;
use fenxiao_domain::ledger::{Account, AccountKind};
use fenxiao_domain::order::OrderStatus;
use fenxiao_domain::validation::{ValidationError, text};
use fenxiao_payments::wechatpay::{
    NotifyError, PrepayParams, RefundParams, RequestPayment, SignedHeaders, Transaction, WechatPayClient, WechatPayError,
};
use fenxiao_store::{NewPayment, PaidOutcome, PaymentRecord, RefundRecord, StoreError};
use rand::Rng;
use serde::Serialize;
use serde_json::json;

/// The configured WeChat Pay merchant: the client (real API or the sandbox, by base URL).
pub struct WechatPay {
    pub client: WechatPayClient,
    /// The client points at the bundled sandbox (dev mode): the storefront offers the sandbox sheet.
    pub sandbox: bool,
}

pub const TOP_UP_MIN: i64 = 100;
pub const TOP_UP_MAX: i64 = 1_000_000;
pub const ADJUST_MAX: i64 = 10_000_000;

/// What `POST /orders/{id}/pay` and `POST /me/wallet/top-ups` answer for WeChat.
#[derive(Debug, Clone, Serialize)]
pub struct WechatPayment {
    pub payment_id: i64,
    pub out_trade_no: String,
    pub amount: i64,
    pub sandbox: bool,
    pub prepay_id: String,
    pub params: RequestPayment,
}

pub enum PayAnswer {
    Paid(Box<OrderDetail>),
    Wechat { order_id: i64, payment: Box<WechatPayment> },
}

#[derive(Debug, Clone, Serialize)]
pub struct WalletTransaction {
    pub id: i64,
    pub amount: i64,
    pub balance_after: i64,
    pub kind: &'static str,
    pub memo: String,
    pub created_at: chrono::DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub name: &'static str,
    pub expected: i64,
    pub actual: i64,
    pub ok: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct AccountTotal {
    pub kind: String,
    pub accounts: i64,
    pub balance: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Reconciliation {
    pub balanced: bool,
    pub generated_at: chrono::DateTime<Utc>,
    pub checks: Vec<Check>,
    pub accounts: Vec<AccountTotal>,
    pub entries: i64,
    pub quarantined_notifications: u64,
}

/// Why a notification was refused (the handler answers 4xx so WeChat retries or gives up).
#[derive(Debug, thiserror::Error)]
pub enum NotificationError {
    #[error("not verified: {0}")]
    Unverified(NotifyError),
    #[error("WeChat Pay is not configured")]
    NotConfigured,
    #[error("{0}")]
    Failed(ServiceError),
}

fn kind_of(event_key: &str) -> &'static str {
    match event_key.split(':').next().unwrap_or("") {
        "pay" => "order_payment",
        "wxpay" => "top_up",
        "refund" => "refund",
        "adjust" => "adjustment",
        _ => "other",
    }
}

fn upstream(e: WechatPayError) -> ServiceError {
    ServiceError::Upstream(e.to_string())
}

fn pay_conflict(e: StoreError) -> ServiceError {
    match e {
        StoreError::Conflict(m) if m == "insufficient_balance" => ServiceError::Conflict { code: "insufficient_balance", detail: m },
        StoreError::Conflict(m) if m == "invalid_transition" => ServiceError::Conflict { code: "invalid_transition", detail: m },
        StoreError::Conflict(m) if m == "refund_exceeds_paid" => ServiceError::Conflict { code: "refund_exceeds_paid", detail: m },
        e => e.into(),
    }
}

impl Services {
    fn wechat(&self) -> ServiceResult<&WechatPay> {
        self.wechatpay.as_deref().ok_or(ServiceError::Unavailable("payment_method_unavailable"))
    }

    /// Pays one of the caller's pending orders.
    pub async fn pay_order(&self, user_id: i64, order_id: i64, method: &str) -> ServiceResult<PayAnswer> {
        match method {
            "balance" => {
                self.store.pay_order_with_balance(order_id, user_id, self.clock.now()).await.map_err(pay_conflict)?;
                self.close_channel_payments(order_id).await;
                self.bind_pending(user_id).await;
                Ok(PayAnswer::Paid(Box::new(self.my_order(user_id, order_id).await?)))
            }
            "wechat" => {
                let wx = self.wechat()?;
                let o = self.store.get_order(order_id).await?;
                if o.user_id != user_id {
                    return Err(ServiceError::NotFound);
                }
                let now = self.clock.now();
                if o.status != OrderStatus::PendingPayment || o.pay_deadline <= now {
                    return Err(ServiceError::Conflict { code: "invalid_transition", detail: o.status.to_string() });
                }
                let user = self.store.get_user(user_id).await?;
                let p = self
                    .store
                    .open_payment(
                        NewPayment {
                            out_trade_no: o.order_no.clone(),
                            purpose: "order",
                            order_id: Some(o.id),
                            user_id,
                            method: "wechat",
                            amount: o.total,
                        },
                        now,
                    )
                    .await?;
                if p.status != "pending" {
                    return Err(ServiceError::Conflict { code: "invalid_transition", detail: format!("payment {}", p.status) });
                }
                let first = o.lines.first().map(|l| l.product_name.clone()).unwrap_or_default();
                let description = if o.lines.len() > 1 { format!("{first} 等{}件商品", o.lines.len()) } else { first };
                let payment = self.prepay(wx, &p, &description, &user.openid, format!("order:{}", o.id), Some(o.pay_deadline)).await?;
                Ok(PayAnswer::Wechat { order_id: o.id, payment: Box::new(payment) })
            }
            _ => Err(ValidationError::field("method", "invalid_value").into()),
        }
    }

    async fn prepay(
        &self,
        wx: &WechatPay,
        p: &PaymentRecord,
        description: &str,
        openid: &str,
        attach: String,
        expire: Option<chrono::DateTime<Utc>>,
    ) -> ServiceResult<WechatPayment> {
        let prepay_id = match &p.prepay_id {
            Some(id) => id.clone(),
            None => {
                let id = wx
                    .client
                    .jsapi_prepay(&PrepayParams {
                        description: if description.is_empty() { "Fenxiao Mall".into() } else { description.into() },
                        out_trade_no: p.out_trade_no.clone(),
                        total: p.amount,
                        openid: openid.into(),
                        attach,
                        time_expire: expire,
                        profit_sharing: false,
                    })
                    .await
                    .map_err(upstream)?;
                self.store.set_prepay_id(p.id, &id, self.clock.now()).await?;
                id
            }
        };
        Ok(WechatPayment {
            payment_id: p.id,
            out_trade_no: p.out_trade_no.clone(),
            amount: p.amount,
            sandbox: wx.sandbox,
            params: wx.client.request_payment(&prepay_id),
            prepay_id,
        })
    }

    /// Starts a wallet top-up through WeChat Pay.
    pub async fn top_up(&self, user_id: i64, amount: i64) -> ServiceResult<WechatPayment> {
        if !(TOP_UP_MIN..=TOP_UP_MAX).contains(&amount) {
            return Err(ValidationError::field("amount", "out_of_range").into());
        }
        let wx = self.wechat()?;
        let user = self.store.get_user(user_id).await?;
        let now = self.clock.now();
        let no = format!("TU{}{:08}", now.format("%Y%m%d%H%M%S"), rand::rng().random_range(0..100_000_000));
        let p = self
            .store
            .open_payment(NewPayment { out_trade_no: no, purpose: "top_up", order_id: None, user_id, method: "wechat", amount }, now)
            .await?;
        self.prepay(wx, &p, "余额充值", &user.openid, format!("top_up:{user_id}"), Some(now + chrono::Duration::hours(2))).await
    }

    pub async fn wallet_balance(&self, user_id: i64) -> ServiceResult<i64> {
        Ok(self.store.ledger_balance(Account::user(AccountKind::UserWallet, user_id)).await?)
    }

    pub async fn wallet_transactions(&self, user_id: i64, page: u64, page_size: u64) -> ServiceResult<(Vec<WalletTransaction>, u64)> {
        let (rows, total) = self.store.ledger_postings(Account::user(AccountKind::UserWallet, user_id), page, page_size).await?;
        Ok((
            rows.into_iter()
                .map(|p| WalletTransaction {
                    id: p.id,
                    amount: p.amount,
                    balance_after: p.balance_after,
                    kind: kind_of(&p.event_key),
                    memo: p.memo,
                    created_at: p.created_at,
                })
                .collect(),
            total,
        ))
    }

    /// A payment notification (`TRANSACTION.SUCCESS`): verified on the raw body, decrypted,
    /// checked against our merchant and the payment's amount, processed once per notification id.
    pub async fn handle_payment_notification(&self, h: &SignedHeaders<'_>, body: &[u8]) -> Result<(), NotificationError> {
        let wx = self.wechatpay.as_deref().ok_or(NotificationError::NotConfigured)?;
        let n = wx.client.parse_notification(h, body).map_err(NotificationError::Unverified)?;
        let now = self.clock.now();
        let fail = NotificationError::Failed;
        if n.event_type != "TRANSACTION.SUCCESS" {
            self.store.quarantine_notification(&n.id, &n.event_type, "unexpected event type", now).await.map_err(|e| fail(e.into()))?;
            return Ok(());
        }
        let t: Transaction = match serde_json::from_slice(&n.plaintext) {
            Ok(t) => t,
            Err(_) => {
                self.store.quarantine_notification(&n.id, &n.event_type, "unreadable resource", now).await.map_err(|e| fail(e.into()))?;
                return Ok(());
            }
        };
        let cfg = wx.client.config();
        if t.mchid != cfg.mchid || t.appid != cfg.appid || t.trade_state != "SUCCESS" {
            let why = format!("mchid {} appid {} state {}", t.mchid, t.appid, t.trade_state);
            self.store.quarantine_notification(&n.id, &n.event_type, &why, now).await.map_err(|e| fail(e.into()))?;
            return Ok(());
        }
        let outcome = self
            .store
            .record_channel_payment(
                Some((&n.id, &n.event_type)),
                &t.out_trade_no,
                t.transaction_id.as_deref().unwrap_or(""),
                t.amount.total,
                now,
            )
            .await
            .map_err(|e| fail(e.into()))?;
        self.after_channel_payment(outcome).await;
        Ok(())
    }

    async fn after_channel_payment(&self, outcome: PaidOutcome) {
        match outcome {
            PaidOutcome::Late { payment, refund } => {
                tracing::warn!(out_trade_no = payment.out_trade_no, "payment arrived for a closed order; refunding");
                self.submit_refund(&refund, &payment).await;
            }
            PaidOutcome::Quarantined(why) => tracing::warn!(why, "payment notification quarantined"),
            PaidOutcome::Credited(p) => {
                if p.purpose == "order" {
                    self.bind_pending(p.user_id).await;
                }
            }
            PaidOutcome::AlreadyProcessed => {}
        }
    }

    /// A refund notification (`REFUND.SUCCESS`, `REFUND.ABNORMAL`, `REFUND.CLOSED`).
    pub async fn handle_refund_notification(&self, h: &SignedHeaders<'_>, body: &[u8]) -> Result<(), NotificationError> {
        let wx = self.wechatpay.as_deref().ok_or(NotificationError::NotConfigured)?;
        let n = wx.client.parse_notification(h, body).map_err(NotificationError::Unverified)?;
        let now = self.clock.now();
        let r: fenxiao_payments::wechatpay::Refund = match serde_json::from_slice(&n.plaintext) {
            Ok(r) if n.event_type.starts_with("REFUND.") => r,
            _ => {
                self.store
                    .quarantine_notification(&n.id, &n.event_type, "not a refund", now)
                    .await
                    .map_err(|e| NotificationError::Failed(e.into()))?;
                return Ok(());
            }
        };
        if r.mchid.as_deref().is_some_and(|m| m != wx.client.config().mchid) {
            self.store
                .quarantine_notification(&n.id, &n.event_type, "wrong merchant", now)
                .await
                .map_err(|e| NotificationError::Failed(e.into()))?;
            return Ok(());
        }
        let success = n.event_type == "REFUND.SUCCESS" && r.status == "SUCCESS";
        self.store
            .record_refund_result(Some((&n.id, &n.event_type)), &r.out_refund_no, success, r.refund_id.as_deref(), now)
            .await
            .map_err(|e| NotificationError::Failed(e.into()))?;
        Ok(())
    }

    /// Sends a `processing` channel refund to WeChat (idempotent by `out_refund_no`). Failures are
    /// logged; the `sync-payments` job submits or queries it again.
    pub async fn submit_refund(&self, r: &RefundRecord, p: &PaymentRecord) {
        if r.status != "processing" || p.method == "balance" {
            return;
        }
        let Some(wx) = self.wechatpay.as_deref() else { return };
        let res = wx
            .client
            .refund(&RefundParams {
                out_trade_no: p.out_trade_no.clone(),
                out_refund_no: r.out_refund_no.clone(),
                reason: r.reason.clone(),
                refund: r.amount,
                total: p.amount,
            })
            .await;
        match res {
            Ok(answer) if answer.status == "SUCCESS" => {
                let _ = self.store.record_refund_result(None, &r.out_refund_no, true, answer.refund_id.as_deref(), self.clock.now()).await;
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(out_refund_no = r.out_refund_no, error = %e, "refund not accepted yet"),
        }
    }

    /// After an order left `pending_payment` otherwise (cancelled, or paid by balance): closes its
    /// open WeChat trades. A trade that turns out to be paid is processed as a late payment.
    pub async fn close_channel_payments(&self, order_id: i64) {
        let Some(wx) = self.wechatpay.as_deref() else { return };
        let Ok(pays) = self.store.payments_of_order(order_id).await else { return };
        for p in pays.into_iter().filter(|p| p.status == "pending" && p.method == "wechat") {
            match wx.client.close_order(&p.out_trade_no).await {
                Ok(()) => {
                    let _ = self.store.close_payment(p.id, self.clock.now()).await;
                }
                Err(e) if e.code() == Some("ORDERPAID") => self.sync_payment(&p).await,
                Err(e) if e.code() == Some("ORDER_NOT_EXIST") => {
                    let _ = self.store.close_payment(p.id, self.clock.now()).await;
                }
                Err(e) => tracing::warn!(out_trade_no = p.out_trade_no, error = %e, "could not close the WeChat trade"),
            }
        }
    }

    /// Asks WeChat about one pending payment and records what it says.
    pub async fn sync_payment(&self, p: &PaymentRecord) {
        let Some(wx) = self.wechatpay.as_deref() else { return };
        match wx.client.query_order(&p.out_trade_no).await {
            Ok(t) if t.trade_state == "SUCCESS" || t.trade_state == "REFUND" => {
                match self
                    .store
                    .record_channel_payment(
                        None,
                        &p.out_trade_no,
                        t.transaction_id.as_deref().unwrap_or(""),
                        t.amount.total,
                        self.clock.now(),
                    )
                    .await
                {
                    Ok(o) => self.after_channel_payment(o).await,
                    Err(e) => tracing::warn!(error = %e, "recording a queried payment failed"),
                }
            }
            Ok(t) if t.trade_state == "CLOSED" || t.trade_state == "REVOKED" => {
                let _ = self.store.close_payment(p.id, self.clock.now()).await;
            }
            Ok(_) => {}
            Err(e) if e.code() == Some("ORDER_NOT_EXIST") => {}
            Err(e) => tracing::warn!(out_trade_no = p.out_trade_no, error = %e, "payment query failed"),
        }
    }

    /// The query fallback and refund retries (job `sync-payments`): pending WeChat payments older
    /// than a minute are queried; `processing` refunds are queried and (re)submitted if WeChat has
    /// not got them. Returns (due, acted on).
    pub async fn sync_payments(&self) -> ServiceResult<(usize, usize)> {
        let Some(wx) = self.wechatpay.as_deref() else { return Ok((0, 0)) };
        let before = self.clock.now() - chrono::Duration::minutes(1);
        let pays = self.store.stale_pending_payments(before, 200).await?;
        let refunds = self.store.processing_refunds(200).await?;
        let due = pays.len() + refunds.len();
        let mut acted = 0;
        for p in &pays {
            self.sync_payment(p).await;
            if self.store.get_payment(p.id).await.map(|x| x.status != "pending").unwrap_or(false) {
                acted += 1;
            }
        }
        for (r, p) in &refunds {
            if p.method == "balance" {
                continue;
            }
            match wx.client.query_refund(&r.out_refund_no).await {
                Ok(q) if q.status == "SUCCESS" || q.status == "CLOSED" || q.status == "ABNORMAL" => {
                    if self
                        .store
                        .record_refund_result(None, &r.out_refund_no, q.status == "SUCCESS", q.refund_id.as_deref(), self.clock.now())
                        .await?
                        .is_some()
                    {
                        acted += 1;
                    }
                }
                Ok(_) => {}
                Err(e) if e.code() == Some("RESOURCE_NOT_EXISTS") => {
                    self.submit_refund(r, p).await;
                    acted += 1;
                }
                Err(e) => tracing::warn!(out_refund_no = r.out_refund_no, error = %e, "refund query failed"),
            }
        }
        Ok((due, acted))
    }

    /// Staff credit or debit a wallet (finance). `key` (an Idempotency-Key) makes a retry post once.
    pub async fn adjust_wallet(&self, actor: &Actor, user_id: i64, amount: i64, reason: &str, key: Option<&str>) -> ServiceResult<i64> {
        actor.require(&[Role::Finance])?;
        let mut e = ValidationError::default();
        if amount == 0 || amount.abs() > ADJUST_MAX {
            e.push("amount", "out_of_range");
        }
        let reason = text("reason", reason, 200, true).unwrap_or_else(|x| {
            e.errors.extend(x.errors);
            String::new()
        });
        e.into_result()?;
        self.store.get_user(user_id).await?;
        let key = match key {
            Some(k) => format!("adjust:{}:{}", actor.admin_id, k.chars().take(64).collect::<String>()),
            None => format!("adjust:{}:{}:{:016x}", actor.admin_id, self.clock.now().timestamp_millis(), rand::rng().random::<u64>()),
        };
        let audit =
            audit_entry(self, actor, "wallet.adjust", "user", Some(user_id.to_string()), json!({"amount": amount, "reason": reason}));
        self.store.adjust_wallet(user_id, amount, &key, &audit).await.map_err(pay_conflict)
    }

    pub async fn admin_payments(
        &self,
        actor: &Actor,
        status: Option<&str>,
        method: Option<&str>,
        user_id: Option<i64>,
        page: u64,
        page_size: u64,
    ) -> ServiceResult<(Vec<PaymentRecord>, u64)> {
        actor.require(&[Role::Finance, Role::Operator, Role::Support])?;
        Ok(self.store.list_payments(status, method, user_id, page, page_size).await?)
    }

    pub async fn admin_refunds(&self, actor: &Actor, page: u64, page_size: u64) -> ServiceResult<(Vec<(RefundRecord, String)>, u64)> {
        actor.require(&[Role::Finance, Role::Operator, Role::Support])?;
        Ok(self.store.list_refunds(page, page_size).await?)
    }

    /// Staff send a failed channel refund again.
    pub async fn retry_refund(&self, actor: &Actor, id: i64) -> ServiceResult<RefundRecord> {
        actor.require(&[Role::Finance])?;
        let audit = audit_entry(self, actor, "refund.retry", "payment_refund", Some(id.to_string()), json!({}));
        let r = self.store.reopen_refund(id, &audit).await.map_err(pay_conflict)?;
        let p = self.store.get_payment(r.payment_id).await?;
        self.submit_refund(&r, &p).await;
        Ok(self.store.get_refund(id).await?)
    }

    /// Ledger and payment totals that must agree.
    pub async fn reconciliation(&self, actor: &Actor) -> ServiceResult<Reconciliation> {
        actor.require(&[Role::Finance, Role::Operator])?;
        let f = self.store.ledger_figures().await?;
        let t = self.store.payment_totals().await?;
        let bal = |k: AccountKind| f.kinds.iter().find(|x| x.kind == k.as_str()).map(|x| x.balance).unwrap_or(0);
        let check = |name, expected: i64, actual: i64| Check { name, expected, actual, ok: expected == actual };
        let (withdrawing_open, paid_out, paid_to_wallets) = self.store.withdrawal_totals().await?;
        let adjustments = self.store.ledger_sum_by_prefix(AccountKind::UserWallet, "adjust:").await?;
        let frozen_rows = self.store.frozen_commission_total().await?;
        let (points_entries, points_balances) = self.store.points_totals().await?;
        let checks = vec![
            check("postings_sum_to_zero", 0, f.postings_sum),
            check("entries_balanced", 0, f.unbalanced_entries),
            check("balances_match_postings", 0, f.drifted_accounts),
            check("no_negative_user_accounts", 0, f.negative_accounts),
            // Channel money in, minus what went back out (refunds confirmed, withdrawals paid).
            check(
                "clearing_matches_channel",
                -(t.orders_wechat + t.top_ups - t.channel_refunded - paid_out),
                bal(AccountKind::PlatformClearing),
            ),
            check("refunds_payable_matches_open_refunds", t.channel_refunds_open, bal(AccountKind::RefundsPayable)),
            check(
                "revenue_matches_orders",
                t.orders_wechat + t.orders_balance - t.late - t.after_sale_refunds,
                bal(AccountKind::MerchantRevenue),
            ),
            // Wallets: top-ups − wallet payments + refunds to wallets + staff adjustments + commission withdrawn to wallets.
            check(
                "wallets_match_sources",
                t.top_ups - t.orders_balance + t.balance_refunds + adjustments + paid_to_wallets,
                bal(AccountKind::UserWallet),
            ),
            check("frozen_commission_matches_commissions", frozen_rows, bal(AccountKind::CommissionFrozen)),
            check("withdrawing_matches_open_withdrawals", withdrawing_open, bal(AccountKind::CommissionWithdrawing)),
            // The points ledger: every balance is the sum of its entries.
            check("points_balances_match_entries", points_entries, points_balances),
        ];
        Ok(Reconciliation {
            balanced: checks.iter().all(|c| c.ok),
            generated_at: self.clock.now(),
            checks,
            accounts: f.kinds.into_iter().map(|k| AccountTotal { kind: k.kind, accounts: k.accounts, balance: k.balance }).collect(),
            entries: f.entries,
            quarantined_notifications: t.quarantined_notifications,
        })
    }
}

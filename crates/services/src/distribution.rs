//! Distribution use-cases: settings, binding, becoming a distributor, commission figures,
//! settlement, withdrawals (WeChat merchant transfer through the payments client), and the live
//! rules text. Rules as implemented: docs/distribution.md.

use crate::admins::Actor;
use crate::catalog::audit_entry;
use crate::{ServiceError, ServiceResult, Services};
use chrono::Duration;
use fenxiao_domain::auth::Role;
use fenxiao_domain::distribution::{
    BindTrigger, DistributionSettings, DistributorMode, Earner, Grade, LineInput, ProductRule, SettingsError, WithdrawMethod,
    compute_commissions,
};
use fenxiao_domain::ledger::{Account, AccountKind};
use fenxiao_domain::validation::{ValidationError, text};
use fenxiao_payments::wechatpay::{SignedHeaders, TransferBill, TransferParams};
use fenxiao_store::{
    ApplicationRecord, BindOutcome, BindRequest, CommissionRecord, MemberRecord, NewWithdrawal, StoreError, WithdrawalRecord,
};
use rand::Rng;
use serde_json::json;

/// A distributor's own figures.
#[derive(Debug, Clone)]
pub struct DistributorFigures {
    /// `none`, `pending` (application open), `active`, `disabled`.
    pub status: String,
    pub mode: DistributorMode,
    pub invite_code: String,
    pub referrer_id: Option<i64>,
    pub frozen: i64,
    pub settled: i64,
    pub withdrawing: i64,
    pub withdrawn: i64,
    pub debt: i64,
    pub team: [i64; 3],
    pub team_sales: i64,
    pub own_spend: i64,
    pub application: Option<ApplicationRecord>,
    pub grade: Option<Grade>,
}

fn conflict(code: &'static str) -> impl Fn(StoreError) -> ServiceError {
    move |e| match e {
        StoreError::Conflict(m) => ServiceError::Conflict {
            code: match m.as_str() {
                "already_applied" => "already_applied",
                "already_distributor" => "already_distributor",
                "invalid_transition" => "invalid_transition",
                "in_debt" => "in_debt",
                "limit_reached" => "limit_reached",
                "insufficient_balance" => "insufficient_balance",
                _ => code,
            },
            detail: m,
        },
        e => e.into(),
    }
}

/// (outcome, refusal reason, referrer) of a binding attempt.
pub type BindOutcomeView = (&'static str, Option<&'static str>, Option<i64>);

pub fn view(o: BindOutcome) -> BindOutcomeView {
    match o {
        BindOutcome::Bound { referrer_id } => ("bound", None, Some(referrer_id)),
        BindOutcome::Unchanged { referrer_id } => ("unchanged", None, Some(referrer_id)),
        BindOutcome::Deferred => ("deferred", None, None),
        BindOutcome::Refused(why) => ("refused", Some(why), None),
    }
}

use fenxiao_store::shop_day_and_month;

impl Services {
    pub async fn distribution_settings(&self) -> ServiceResult<(i64, DistributionSettings)> {
        Ok(self.store.distribution_settings().await?)
    }

    /// Saves new settings (operators; audited; versioned). Returns the version and warnings.
    pub async fn put_distribution_settings(&self, actor: &Actor, s: DistributionSettings) -> ServiceResult<(i64, Vec<&'static str>)> {
        actor.require(&[Role::Operator])?;
        let warnings = match s.validate() {
            Ok(w) => w,
            Err(SettingsError::TiersExceedLimit) => return Err(ServiceError::Unprocessable("tiers_exceed_limit")),
            Err(SettingsError::Invalid(e)) => return Err(e.into()),
        };
        let audit = audit_entry(self, actor, "distribution.settings", "distribution_settings", None, json!(s));
        let v = self.store.save_distribution_settings(&s, &audit).await?;
        Ok((v, warnings))
    }

    /// Binds the caller under the owner of `invite_code` (link, QR scene or login).
    pub async fn bind_referrer(&self, user_id: i64, invite_code: &str, channel: &str, scene: &str) -> ServiceResult<BindOutcome> {
        let code = invite_code.trim();
        if code.is_empty() || code.len() > 32 {
            return Err(ValidationError::field("invite_code", "invalid_format").into());
        }
        let (_, s) = self.store.distribution_settings().await?;
        if !s.enabled {
            return Ok(BindOutcome::Refused("distribution_off"));
        }
        if s.bind_trigger == BindTrigger::FirstPaidOrder && channel != "order" {
            // Remembered on the account; the first paid order binds it.
            let _ = self.store.set_pending_invite_code(user_id, code, self.clock.now()).await?;
            return Ok(BindOutcome::Deferred);
        }
        let channel = text("channel", channel, 32, false)?;
        let scene = text("scene", scene, 64, false)?;
        let out = self
            .store
            .bind(
                &BindRequest { user_id, invite_code: code, channel: &channel, scene: &scene, by_staff: false },
                &s,
                self.clock.now(),
                None,
            )
            .await?;
        if out == BindOutcome::Refused("not_distributor") && channel == "login" {
            // Remembered: it binds at the first paid order if the inviter is a distributor by then.
            let _ = self.store.set_pending_invite_code(user_id, code, self.clock.now()).await?;
        }
        Ok(out)
    }

    /// After a paid order: a remembered invite code binds now (trigger `first_paid_order`, or an
    /// inviter who was not yet a distributor at the visit).
    pub async fn bind_pending(&self, user_id: i64) {
        let Ok(u) = self.store.get_user(user_id).await else { return };
        if let (None, Some(code)) = (u.referrer_id, u.pending_invite_code) {
            if let Err(e) = self.bind_referrer(user_id, &code, "order", "").await {
                tracing::warn!(error = %e, "binding a pending invite failed");
            }
        }
    }

    /// Staff move a user under another distributor (reason required, audited).
    pub async fn rebind(&self, actor: &Actor, user_id: i64, invite_code: &str, reason: &str) -> ServiceResult<BindOutcome> {
        actor.require(&[Role::Operator])?;
        let reason = text("reason", reason, 200, true)?;
        let (_, s) = self.store.distribution_settings().await?;
        let audit = audit_entry(
            self,
            actor,
            "distribution.rebind",
            "user",
            Some(user_id.to_string()),
            json!({"invite_code": invite_code, "reason": reason}),
        );
        Ok(self
            .store
            .bind(&BindRequest { user_id, invite_code, channel: "staff", scene: "", by_staff: true }, &s, self.clock.now(), Some(&audit))
            .await?)
    }

    /// Applies to become a distributor (`apply` mode); auto-approved when the conditions hold and
    /// auto-approve is on.
    pub async fn apply_distributor(&self, user_id: i64, reason: &str) -> ServiceResult<ApplicationRecord> {
        let reason = text("reason", reason, 200, false)?;
        let (_, s) = self.store.distribution_settings().await?;
        if !s.enabled || s.mode != DistributorMode::Apply {
            return Err(ServiceError::Conflict { code: "invalid_transition", detail: format!("mode {:?}", s.mode) });
        }
        let me = self.store.member(user_id).await?;
        if me.own_spend < s.apply_min_spend {
            return Err(ServiceError::Conflict {
                code: "below_minimum",
                detail: format!("spend {} < {}", me.own_spend, s.apply_min_spend),
            });
        }
        self.store.apply_distributor(user_id, &reason, s.auto_approve, self.clock.now()).await.map_err(conflict("conflict"))
    }

    pub async fn decide_application(&self, actor: &Actor, id: i64, approve: bool, reason: &str) -> ServiceResult<ApplicationRecord> {
        actor.require(&[Role::Operator])?;
        let reason = text("reason", reason, 200, !approve)?;
        let action = if approve { "distributor.approve" } else { "distributor.reject" };
        let audit = audit_entry(self, actor, action, "distributor_application", Some(id.to_string()), json!({"reason": reason}));
        self.store.decide_application(id, approve, (!approve).then_some(reason.as_str()), &audit).await.map_err(conflict("conflict"))
    }

    /// Staff designate, disable or re-enable a distributor.
    pub async fn set_distributor(&self, actor: &Actor, user_id: i64, status: &str, reason: &str) -> ServiceResult<MemberRecord> {
        actor.require(&[Role::Operator])?;
        if !matches!(status, "active" | "disabled" | "none") {
            return Err(ValidationError::field("status", "invalid_value").into());
        }
        let reason = text("reason", reason, 200, false)?;
        self.store.get_user(user_id).await?;
        let audit =
            audit_entry(self, actor, "distributor.status", "user", Some(user_id.to_string()), json!({"status": status, "reason": reason}));
        self.store.set_distributor_status(user_id, status, self.clock.now(), Some(&audit)).await?;
        Ok(self.store.member(user_id).await?)
    }

    pub async fn applications(
        &self,
        actor: &Actor,
        status: Option<&str>,
        page: u64,
        size: u64,
    ) -> ServiceResult<(Vec<ApplicationRecord>, u64)> {
        actor.require(&[Role::Operator, Role::Support, Role::Finance])?;
        Ok(self.store.applications(status, page, size).await?)
    }

    pub async fn distributors(&self, actor: &Actor, status: Option<&str>, page: u64, size: u64) -> ServiceResult<(Vec<MemberRecord>, u64)> {
        actor.require(&[Role::Operator, Role::Support, Role::Finance])?;
        Ok(self.store.distributors(status, page, size).await?)
    }

    pub async fn distributor_figures(&self, user_id: i64) -> ServiceResult<DistributorFigures> {
        let (_, s) = self.store.distribution_settings().await?;
        let u = self.store.get_user(user_id).await?;
        let m = self.store.member(user_id).await?;
        let app = self.store.latest_application(user_id).await?;
        let bal = |k| self.store.ledger_balance(Account::user(k, user_id));
        let status = if m.is_active(s.mode) {
            "active".to_string()
        } else if m.status == "disabled" {
            "disabled".into()
        } else if app.as_ref().is_some_and(|a| a.status == "pending") {
            "pending".into()
        } else {
            "none".into()
        };
        let (_, withdrawn) = self.withdrawn_total(user_id).await?;
        let grade = match m.grade_id {
            Some(g) => self.store.grades().await?.into_iter().find(|x| x.id == g),
            None => None,
        };
        Ok(DistributorFigures {
            status,
            mode: s.mode,
            invite_code: u.invite_code,
            referrer_id: m.parent_id,
            frozen: bal(AccountKind::CommissionFrozen).await?,
            settled: bal(AccountKind::CommissionAvailable).await?,
            withdrawing: bal(AccountKind::CommissionWithdrawing).await?,
            withdrawn,
            debt: -bal(AccountKind::CommissionDebt).await?,
            team: [m.d1, m.d2, m.d3],
            team_sales: m.team_sales,
            own_spend: m.own_spend,
            application: app,
            grade,
        })
    }

    async fn withdrawn_total(&self, user_id: i64) -> ServiceResult<(i64, i64)> {
        let (rows, n) = self.store.withdrawals(Some(user_id), Some("paid"), 1, 1000).await?;
        Ok((n as i64, rows.iter().map(|w| w.amount).sum()))
    }

    pub async fn my_commissions(
        &self,
        user_id: i64,
        status: Option<&str>,
        page: u64,
        size: u64,
    ) -> ServiceResult<(Vec<CommissionRecord>, u64)> {
        Ok(self.store.commissions_of(user_id, status, page, size).await?)
    }

    pub async fn order_commissions(&self, order_id: i64) -> ServiceResult<Vec<CommissionRecord>> {
        Ok(self.store.order_commissions(order_id).await?)
    }

    pub async fn my_team(&self, user_id: i64, depth: u8, page: u64, size: u64) -> ServiceResult<(Vec<MemberRecord>, u64)> {
        let (_, s) = self.store.distribution_settings().await?;
        if depth < 1 || i64::from(depth) > s.tiers {
            return Err(ValidationError::field("depth", "out_of_range").into());
        }
        Ok(self.store.team_members(user_id, depth, page, size).await?)
    }

    /// The `settle-commissions` job: frozen commissions of orders received more than `freeze_days`
    /// ago with no open after-sale on their line. Returns (due, settled).
    pub async fn settle_commissions(&self) -> ServiceResult<(usize, usize)> {
        let (_, s) = self.store.distribution_settings().await?;
        let now = self.clock.now();
        let ids = self.store.due_commissions(now - Duration::days(s.freeze_days), 500).await?;
        let mut n = 0;
        for id in &ids {
            if self.store.settle_commission(*id, now).await? {
                n += 1;
            }
        }
        Ok((ids.len(), n))
    }

    /// Files a withdrawal of settled commission (idempotent by `key`).
    pub async fn request_withdrawal(&self, user_id: i64, amount: i64, method: &str, key: &str) -> ServiceResult<WithdrawalRecord> {
        let (_, s) = self.store.distribution_settings().await?;
        let w = &s.withdrawal;
        let key = text("Idempotency-Key", key, 64, true)?;
        let m = WithdrawMethod::parse(method)
            .filter(|m| w.methods.contains(m))
            .ok_or_else(|| ValidationError::field("method", "invalid_value"))?;
        if amount < w.min {
            return Err(ServiceError::Conflict { code: "below_minimum", detail: format!("{amount} < {}", w.min) });
        }
        if amount > w.max {
            return Err(ValidationError::field("amount", "out_of_range").into());
        }
        let now = self.clock.now();
        let (day, month) = shop_day_and_month(now);
        let out_bill_no = format!("WD{}{:08}", now.format("%Y%m%d%H%M%S"), rand::rng().random_range(0..100_000_000));
        let (rec, created) = self
            .store
            .request_withdrawal(
                NewWithdrawal {
                    user_id,
                    request_key: key,
                    amount,
                    fee: w.fee(amount),
                    method: m.as_str(),
                    out_bill_no,
                    auto_approve: w.auto_approve_max > 0 && amount <= w.auto_approve_max,
                    limits: vec![(day, w.daily_count, w.daily_amount), (month, w.monthly_count, w.monthly_amount)],
                },
                now,
            )
            .await
            .map_err(conflict("conflict"))?;
        if created && rec.status == "approved" && rec.method == "wechat" {
            self.start_transfer(&rec).await;
        }
        Ok(self.store.get_withdrawal(rec.id).await?)
    }

    async fn start_transfer(&self, w: &WithdrawalRecord) {
        let Some(wx) = self.wechatpay.as_deref() else { return };
        let Ok(u) = self.store.get_user(w.user_id).await else { return };
        let res = wx
            .client
            .transfer(&TransferParams {
                out_bill_no: w.out_bill_no.clone(),
                scene_id: "1005".into(),
                openid: u.openid,
                user_name: None,
                amount: w.net,
                remark: "佣金提现".into(),
                perception: "劳务报酬".into(),
                report_infos: vec![("岗位类型".into(), "分销员".into()), ("报酬说明".into(), "分销佣金".into())],
            })
            .await;
        match res {
            Ok(bill) => {
                let _ = self.store.mark_withdrawal_transferring(w.id, bill.transfer_bill_no.as_deref(), self.clock.now()).await;
                if bill.state == "SUCCESS" || bill.state == "FAIL" {
                    let _ = self
                        .store
                        .finish_withdrawal(
                            &w.out_bill_no,
                            bill.state == "SUCCESS",
                            bill.fail_reason.as_deref().unwrap_or(""),
                            None,
                            self.clock.now(),
                        )
                        .await;
                }
            }
            Err(e) => tracing::warn!(out_bill_no = w.out_bill_no, error = %e, "transfer not accepted; staff can retry"),
        }
    }

    pub async fn my_withdrawals(&self, user_id: i64, page: u64, size: u64) -> ServiceResult<(Vec<WithdrawalRecord>, u64)> {
        Ok(self.store.withdrawals(Some(user_id), None, page, size).await?)
    }

    pub async fn admin_withdrawals(
        &self,
        actor: &Actor,
        status: Option<&str>,
        page: u64,
        size: u64,
    ) -> ServiceResult<(Vec<WithdrawalRecord>, u64)> {
        actor.require(&[Role::Finance, Role::Operator])?;
        Ok(self.store.withdrawals(None, status, page, size).await?)
    }

    /// Finance approve (WeChat withdrawals then go to the transfer) or reject.
    pub async fn decide_withdrawal(&self, actor: &Actor, id: i64, approve: bool, note: &str) -> ServiceResult<WithdrawalRecord> {
        actor.require(&[Role::Finance])?;
        let note = text("reason", note, 200, !approve)?;
        let action = if approve { "withdrawal.approve" } else { "withdrawal.reject" };
        let audit = audit_entry(self, actor, action, "withdrawal", Some(id.to_string()), json!({"reason": note}));
        let w = self.store.decide_withdrawal(id, approve, &note, &audit).await.map_err(conflict("conflict"))?;
        if approve && w.method == "wechat" {
            self.start_transfer(&w).await;
        }
        Ok(self.store.get_withdrawal(id).await?)
    }

    /// Finance retry a failed payout (WeChat transfers are sent again under a new bill number).
    pub async fn retry_withdrawal(&self, actor: &Actor, id: i64) -> ServiceResult<WithdrawalRecord> {
        actor.require(&[Role::Finance])?;
        let now = self.clock.now();
        let bill = format!("WD{}{:08}", now.format("%Y%m%d%H%M%S"), rand::rng().random_range(0..100_000_000));
        let audit = audit_entry(self, actor, "withdrawal.retry", "withdrawal", Some(id.to_string()), json!({"out_bill_no": bill}));
        let w = self.store.retry_withdrawal(id, &bill, &audit).await.map_err(conflict("conflict"))?;
        if w.method == "wechat" {
            self.start_transfer(&w).await;
        }
        Ok(self.store.get_withdrawal(id).await?)
    }

    /// Finance mark a manual (bank, Alipay) payout paid, or a transfer failed.
    pub async fn finish_withdrawal_by_staff(&self, actor: &Actor, id: i64, paid: bool, note: &str) -> ServiceResult<WithdrawalRecord> {
        actor.require(&[Role::Finance])?;
        let note = text("reason", note, 200, !paid)?;
        let w = self.store.get_withdrawal(id).await?;
        if paid && w.method == "wechat" {
            return Err(ServiceError::Conflict { code: "invalid_transition", detail: "WeChat transfers are confirmed by WeChat".into() });
        }
        let audit = audit_entry(
            self,
            actor,
            if paid { "withdrawal.paid" } else { "withdrawal.failed" },
            "withdrawal",
            Some(id.to_string()),
            json!({"reason": note}),
        );
        self.store
            .finish_withdrawal(&w.out_bill_no, paid, &note, Some(&audit), self.clock.now())
            .await?
            .ok_or(ServiceError::Conflict { code: "invalid_transition", detail: w.status })
    }

    /// A transfer notification (`MCHTRANSFER.BILL.FINISHED`): verified, decrypted, checked against
    /// the withdrawal (amount and merchant), processed once.
    pub async fn handle_transfer_notification(&self, h: &SignedHeaders<'_>, body: &[u8]) -> Result<(), crate::payments::NotificationError> {
        use crate::payments::NotificationError as E;
        let wx = self.wechatpay.as_deref().ok_or(E::NotConfigured)?;
        let n = wx.client.parse_notification(h, body).map_err(E::Unverified)?;
        let now = self.clock.now();
        let bill: TransferBill = match serde_json::from_slice(&n.plaintext) {
            Ok(b) => b,
            Err(_) => {
                return self
                    .store
                    .quarantine_notification(&n.id, &n.event_type, "unreadable transfer", now)
                    .await
                    .map_err(|e| E::Failed(e.into()));
            }
        };
        let Ok(w) = self.store.withdrawals_by_bill(&bill.out_bill_no).await else {
            return self
                .store
                .quarantine_notification(&n.id, &n.event_type, "unknown out_bill_no", now)
                .await
                .map_err(|e| E::Failed(e.into()));
        };
        let merchant_ok = bill.mch_id.as_deref().is_none_or(|m| m == wx.client.config().mchid);
        if !merchant_ok || bill.transfer_amount.is_some_and(|a| a != w.net) {
            return self
                .store
                .quarantine_notification(&n.id, &n.event_type, "transfer does not match", now)
                .await
                .map_err(|e| E::Failed(e.into()));
        }
        if !matches!(bill.state.as_str(), "SUCCESS" | "FAIL" | "CANCELLED") {
            return Ok(());
        }
        if !self.store.claim_notification_once(&n.id, &n.event_type, &bill.out_bill_no, now).await.map_err(|e| E::Failed(e.into()))? {
            return Ok(());
        }
        self.store
            .finish_withdrawal(&bill.out_bill_no, bill.state == "SUCCESS", bill.fail_reason.as_deref().unwrap_or(""), None, now)
            .await
            .map_err(|e| E::Failed(e.into()))?;
        Ok(())
    }

    pub async fn grades(&self) -> ServiceResult<Vec<Grade>> {
        Ok(self.store.grades().await?)
    }

    /// Creates or replaces a grade (operators; audited). 409 `level_taken`.
    pub async fn save_grade(&self, actor: &Actor, id: Option<i64>, g: Grade) -> ServiceResult<Grade> {
        actor.require(&[Role::Operator])?;
        let (_, s) = self.store.distribution_settings().await?;
        g.validate(s.tiers)?;
        let audit = audit_entry(self, actor, "grade.save", "distributor_grade", id.map(|i| i.to_string()), json!(g));
        self.store.save_grade(id, &g, &audit).await.map_err(|e| match e {
            StoreError::Conflict(m) => ServiceError::Conflict { code: "level_taken", detail: m },
            e => e.into(),
        })
    }

    pub async fn delete_grade(&self, actor: &Actor, id: i64) -> ServiceResult<()> {
        actor.require(&[Role::Operator])?;
        let audit = audit_entry(self, actor, "grade.delete", "distributor_grade", Some(id.to_string()), json!({}));
        self.store.delete_grade(id, &audit).await.map_err(|e| match e {
            StoreError::Conflict(m) => ServiceError::Conflict { code: "grade_in_use", detail: m },
            e => e.into(),
        })
    }

    /// Staff set or clear a member's grade (the only way down; reason required).
    pub async fn set_member_grade(&self, actor: &Actor, user_id: i64, grade_id: Option<i64>, reason: &str) -> ServiceResult<MemberRecord> {
        actor.require(&[Role::Operator])?;
        let reason = text("reason", reason, 200, true)?;
        self.store.get_user(user_id).await?;
        let audit = audit_entry(
            self,
            actor,
            "distributor.grade",
            "user",
            Some(user_id.to_string()),
            json!({"grade_id": grade_id, "reason": reason}),
        );
        self.store.set_member_grade(user_id, grade_id, &audit, self.clock.now()).await?;
        Ok(self.store.member(user_id).await?)
    }

    pub async fn product_commission_rule(&self, actor: &Actor, product_id: i64) -> ServiceResult<ProductRule> {
        actor.require(&[Role::Operator, Role::Finance, Role::Support])?;
        self.store.get_product(product_id).await?;
        Ok(self.store.product_rule(product_id).await?)
    }

    /// Sets a product's own commission rule (operators; audited): rates, a fixed amount per unit,
    /// none, or back to the default.
    pub async fn set_product_commission_rule(&self, actor: &Actor, product_id: i64, rule: ProductRule) -> ServiceResult<ProductRule> {
        actor.require(&[Role::Operator])?;
        rule.validate()?;
        let audit = audit_entry(self, actor, "product.commission", "product", Some(product_id.to_string()), json!(rule));
        self.store.set_product_rule(product_id, rule, &audit).await?;
        Ok(rule)
    }

    /// "Share and earn ¥x": what the caller earns at tier 1 when someone they invited buys one unit
    /// of each SKU at its shop price — computed by the same function as real commission. `None`
    /// when the caller is not an active distributor.
    pub async fn share_estimate(&self, user_id: i64, product_id: i64) -> ServiceResult<Option<Vec<(i64, i64, i64)>>> {
        let (_, s) = self.store.distribution_settings().await?;
        let p = self.product(product_id).await?;
        let me = self.store.member(user_id).await?;
        if !s.enabled || !me.is_active(s.mode) {
            return Ok(None);
        }
        let grade = match me.grade_id {
            Some(g) => self.store.grades().await?.into_iter().find(|x| x.id == g).map(|g| g.rates_bp),
            None => None,
        };
        let rule = self.store.product_rule(product_id).await?;
        let earner = Earner { user_id, active: true, grade_rates_bp: grade };
        Ok(Some(
            p.skus
                .iter()
                .filter(|k| k.active)
                .map(|k| {
                    let line =
                        LineInput { line_id: k.id, quantity: 1, list_amount: k.price, paid_amount: k.price, shipping_share: 0, rule };
                    let c = compute_commissions(&s, None, [Some(earner), None, None], &[line]);
                    (k.id, k.price, c.first().map(|x| x.amount).unwrap_or(0))
                })
                .collect(),
        ))
    }

    /// The `team-reward` job: pays last shop month's team rewards (once per distributor and month).
    /// Returns (distributors with settled team sales, rewards paid now).
    pub async fn pay_team_rewards(&self) -> ServiceResult<(usize, usize)> {
        let (_, s) = self.store.distribution_settings().await?;
        if !s.enabled || s.team_reward_bands.is_empty() {
            return Ok((0, 0));
        }
        let now = self.clock.now();
        let (_, this_month) = shop_day_and_month(now);
        let (_, last_month) = shop_day_and_month(this_month - Duration::days(1));
        let period = last_month.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("+08:00")).format("%Y-%m").to_string();
        let rows = self.store.settled_team_sales(last_month, this_month).await?;
        let mut paid = 0;
        for (user, sales) in &rows {
            let (amount, rate) = fenxiao_domain::distribution::team_reward(&s.team_reward_bands, s.team_reward_cap, *sales);
            let Some(rate) = rate else { continue };
            if amount <= 0 || !self.store.member(*user).await?.is_active(s.mode) {
                continue;
            }
            if self.store.pay_team_reward(*user, &period, *sales, rate, amount, now).await? {
                paid += 1;
            }
        }
        Ok((rows.len(), paid))
    }

    pub async fn my_team_rewards(&self, user_id: i64, page: u64, size: u64) -> ServiceResult<(Vec<fenxiao_store::TeamRewardRecord>, u64)> {
        Ok(self.store.team_rewards(Some(user_id), None, page, size).await?)
    }

    pub async fn admin_team_rewards(
        &self,
        actor: &Actor,
        period: Option<&str>,
        page: u64,
        size: u64,
    ) -> ServiceResult<(Vec<fenxiao_store::TeamRewardRecord>, u64)> {
        actor.require(&[Role::Operator, Role::Finance])?;
        Ok(self.store.team_rewards(None, period, page, size).await?)
    }

    /// Staff reverse a team reward (reason required; clawed back like a refund after settlement).
    pub async fn reverse_team_reward(&self, actor: &Actor, id: i64, reason: &str) -> ServiceResult<fenxiao_store::TeamRewardRecord> {
        actor.require(&[Role::Finance, Role::Operator])?;
        let reason = text("reason", reason, 200, true)?;
        let audit = audit_entry(self, actor, "team_reward.reverse", "team_reward", Some(id.to_string()), json!({"reason": reason}));
        self.store.reverse_team_reward(id, &audit).await.map_err(conflict("conflict"))
    }

    /// New members per shop day over the last 14 days in the caller's team (down to the shop's tiers).
    pub async fn new_members_per_day(&self, user_id: i64) -> ServiceResult<Vec<(String, i64)>> {
        let (_, s) = self.store.distribution_settings().await?;
        let (today, _) = shop_day_and_month(self.clock.now());
        Ok(self.store.new_members_per_day(user_id, s.tiers.clamp(1, 3) as u8, today - Duration::days(13)).await?)
    }

    /// Top 20 by commission (net of reversals) or new direct members over the last `days`.
    pub async fn rankings(&self, by: &str, days: i64) -> ServiceResult<Vec<(i64, i64)>> {
        let since = self.clock.now() - Duration::days(days);
        Ok(self.store.rankings(by == "recruits", since, 20).await?)
    }

    /// The rules in plain words, generated from the live settings.
    pub async fn rules_text(&self) -> ServiceResult<(i64, DistributionSettings, String, String)> {
        let (v, s) = self.store.distribution_settings().await?;
        let pct = |bp: i64| format!("{}.{:02}%", bp / 100, bp % 100);
        let yuan = |f: i64| format!("¥{}.{:02}", f / 100, f % 100);
        let tiers: Vec<String> = (0..s.tiers as usize).map(|i| pct(s.rates_bp[i])).collect();
        let (mode_zh, mode_en) = match s.mode {
            DistributorMode::Everyone => {
                ("所有注册用户都可以分享赚佣金".to_string(), "Every registered user can share and earn".to_string())
            }
            DistributorMode::Apply => (
                format!("申请成为分销员，经审核通过（累计消费满 {}）", yuan(s.apply_min_spend)),
                format!("Apply to become a distributor; staff review it (spend at least {})", yuan(s.apply_min_spend)),
            ),
            DistributorMode::Threshold => (
                format!("累计实付满 {} 自动成为分销员", yuan(s.threshold_spend)),
                format!("You become a distributor once you have paid {} in all", yuan(s.threshold_spend)),
            ),
            DistributorMode::Designated => ("分销员由商家指定".into(), "Distributors are designated by the shop".into()),
        };
        let base_zh = match s.commission_base {
            fenxiao_domain::distribution::CommissionBase::Paid => "商品实付金额（扣除优惠，不含运费）",
            fenxiao_domain::distribution::CommissionBase::List => "商品标价金额",
            fenxiao_domain::distribution::CommissionBase::PaidWithShipping => "商品实付金额（含分摊运费）",
        };
        let base_en = match s.commission_base {
            fenxiao_domain::distribution::CommissionBase::Paid => {
                "the amount actually paid for the item after discounts, excluding shipping"
            }
            fenxiao_domain::distribution::CommissionBase::List => "the item's list price",
            fenxiao_domain::distribution::CommissionBase::PaidWithShipping => {
                "the amount paid for the item including its share of shipping"
            }
        };
        let w = &s.withdrawal;
        let zh = format!(
            "{mode_zh}。佣金最多 {} 级，各级比例：{}；按{}计算，向下取整到分。订单确认收货 {} 天后且无售后时佣金结算为可提现；结算前退款按退款比例扣回，结算后退款从佣金中追回，不足部分记为欠款，欠款期间不能提现。提现金额 {}–{}，手续费 {}{}。",
            s.tiers,
            tiers.join(" / "),
            base_zh,
            s.freeze_days,
            yuan(w.min),
            yuan(w.max),
            pct(w.fee_bp),
            if w.fee_fixed > 0 { format!(" + {}", yuan(w.fee_fixed)) } else { String::new() },
        );
        let en = format!(
            "{mode_en}. Commission goes up at most {} tier(s) at {}, computed on {} and rounded down to the fen. It becomes withdrawable {} days after the order is received when no after-sale is open; a refund before that reverses the refunded share, a refund after it is clawed back from your commission and any shortfall is a debt that blocks withdrawals. Withdrawals: {} to {}, fee {}{}.",
            s.tiers,
            tiers.join(" / "),
            base_en,
            s.freeze_days,
            yuan(w.min),
            yuan(w.max),
            pct(w.fee_bp),
            if w.fee_fixed > 0 { format!(" + {}", yuan(w.fee_fixed)) } else { String::new() },
        );
        Ok((v, s, zh, en))
    }
}

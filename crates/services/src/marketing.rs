//! Marketing services: coupons (templates, claiming, choosing one at checkout), points (check-in,
//! history, spending caps), flash sales with the Redis gate, group buys and their expiry. The
//! checkout side feeds the one pricing pipeline (`fenxiao_domain::pricing`). Rules: docs/marketing.md.

use crate::admins::Actor;
use crate::catalog::audit_entry;
use crate::flash_gate::GateAnswer;
use crate::{ServiceError, ServiceResult, Services};
use chrono::{DateTime, Utc};
use fenxiao_domain::ValidationError;
use fenxiao_domain::auth::Role;
use fenxiao_domain::marketing::{
    ActivityWindow, CouponRefusal, CouponRule, MarketingSettings, next_streak, validate_flash_quantity, validate_group,
};
use fenxiao_store::{
    ActivityTake, CouponStats, CouponTemplateRecord, FlashSaleRecord, GroupBuyRecord, GroupMemberRecord, GroupRecord,
    MARKETING_SETTINGS_KEY, NewFlashSale, NewGroupBuy, PointsEntryRecord, SkuForSale, StoreError, UserCouponRecord,
};
use serde_json::json;

/// What the shopper asks of marketing at checkout.
#[derive(Debug, Clone, Default)]
pub struct MarketingAsk {
    pub user_coupon_id: Option<i64>,
    pub points: i64,
    pub flash_sale_id: Option<i64>,
    pub group_buy_id: Option<i64>,
    pub group_id: Option<i64>,
}

/// One of the shopper's coupons as it would apply to this checkout.
#[derive(Debug, Clone)]
pub struct CouponOption {
    pub user_coupon_id: i64,
    pub name: String,
    pub discount: i64,
    pub usable: bool,
    pub reason: Option<&'static str>,
}

/// The running activity a checkout buys through.
#[derive(Debug, Clone)]
pub struct ActivityQuote {
    pub kind: &'static str,
    pub id: i64,
    pub unit_price: i64,
    pub take: ActivityTake,
    pub pays_commission: bool,
    /// The order must be paid by then (flash: sooner; group: by the group's expiry).
    pub pay_by: Option<DateTime<Utc>>,
    pub per_user_limit: i64,
    pub ends_at: DateTime<Utc>,
}

/// The Redis gate's view of a checkout it let through, to give back on failure.
pub struct GateTicket {
    pub sale: i64,
    pub user: i64,
    pub quantity: i64,
}

/// Stock units of `sku` the shop still has for the flash sale (for listings).
pub struct FlashView {
    pub sale: FlashSaleRecord,
    pub sku: Option<SkuForSale>,
}

pub struct GroupBuyView {
    pub buy: GroupBuyRecord,
    pub sku: Option<SkuForSale>,
    pub open_groups: Vec<(GroupRecord, String)>,
}

pub struct GroupView {
    pub group: GroupRecord,
    pub members: Vec<(GroupMemberRecord, String)>,
    pub buy: GroupBuyRecord,
    pub sku: Option<SkuForSale>,
}

pub struct PointsView {
    pub balance: i64,
    pub checked_in_today: bool,
    pub streak: i64,
    pub entries: Vec<PointsEntryRecord>,
    pub total: u64,
}

fn refused(code: &'static str, reason: CouponRefusal) -> ServiceError {
    ServiceError::Refused { code, reason: reason.as_str() }
}

pub(crate) fn conflict(code: &'static str) -> ServiceError {
    ServiceError::Conflict { code, detail: code.into() }
}

/// Maps the store's marketing conflicts to their stable codes.
pub(crate) fn marketing_conflict(m: &str) -> Option<ServiceError> {
    const CODES: [&str; 12] = [
        "sold_out",
        "limit_reached",
        "group_full",
        "group_closed",
        "already_in_group",
        "insufficient_points",
        "coupon_not_claimable",
        "distributors_only",
        "activity_overlaps",
        "quantity_below_sold",
        "total_below_claimed",
        "group_size_locked",
    ];
    if m == "coupon_unusable" {
        return Some(refused("coupon_unusable", CouponRefusal::Used));
    }
    CODES.iter().find(|c| **c == m).map(|c| conflict(c))
}

fn store_err(e: StoreError) -> ServiceError {
    match e {
        StoreError::Conflict(m) => marketing_conflict(&m).unwrap_or(ServiceError::Conflict { code: "conflict", detail: m }),
        e => e.into(),
    }
}

fn shop_day(now: DateTime<Utc>) -> chrono::NaiveDate {
    (now + chrono::Duration::hours(8)).date_naive()
}

impl Services {
    // ---------- settings ----------

    pub async fn marketing_settings(&self) -> ServiceResult<MarketingSettings> {
        Ok(self.store.marketing_settings().await?)
    }

    pub async fn put_marketing_settings(&self, actor: &Actor, s: MarketingSettings) -> ServiceResult<MarketingSettings> {
        actor.require(&[Role::Operator])?;
        s.validate()?;
        let v = serde_json::to_string(&s).map_err(|e| ServiceError::Internal(e.to_string()))?;
        let audit = audit_entry(self, actor, "settings.marketing", "settings", Some("marketing".into()), json!(s));
        self.store.put_setting(MARKETING_SETTINGS_KEY, &v, &audit).await?;
        Ok(s)
    }

    // ---------- coupons ----------

    pub async fn save_coupon(
        &self,
        actor: &Actor,
        id: Option<i64>,
        mut rule: CouponRule,
        active: bool,
    ) -> ServiceResult<CouponTemplateRecord> {
        actor.require(&[Role::Operator])?;
        rule.validate()?;
        let audit = audit_entry(self, actor, "coupon.save", "coupon", id.map(|i| i.to_string()), json!(rule));
        let id = match id {
            None => self.store.create_coupon_template(&rule, active, &audit).await.map_err(store_err)?,
            Some(id) => {
                self.store.update_coupon_template(id, &rule, active, &audit).await.map_err(store_err)?;
                id
            }
        };
        Ok(self.store.coupon_template(id).await?)
    }

    pub async fn admin_coupons(&self, actor: &Actor, page: u64, page_size: u64) -> ServiceResult<(Vec<CouponTemplateRecord>, u64)> {
        actor.require(&[Role::Operator, Role::Finance, Role::Support])?;
        Ok(self.store.coupon_templates(false, page, page_size).await?)
    }

    pub async fn coupon_stats(&self, actor: &Actor, id: i64) -> ServiceResult<(CouponStats, Vec<String>)> {
        actor.require(&[Role::Operator, Role::Finance, Role::Support])?;
        self.store.coupon_template(id).await?;
        let s = self.store.coupon_stats(id, self.clock.now()).await?;
        let mut names = Vec::with_capacity(s.by_distributor.len());
        for (u, _, _) in &s.by_distributor {
            names.push(self.store.get_user(*u).await.map(|u| u.nickname).unwrap_or_default());
        }
        Ok((s, names))
    }

    /// Templates a shopper can see now (active, inside the claim window), with how many they hold.
    pub async fn claimable_coupons(&self, user_id: Option<i64>) -> ServiceResult<Vec<(CouponTemplateRecord, i64, bool)>> {
        let now = self.clock.now();
        let (all, _) = self.store.coupon_templates(true, 1, 200).await?;
        let mine = match user_id {
            Some(u) => self.store.my_claim_counts(u).await?,
            None => Vec::new(),
        };
        let is_distributor = match user_id {
            Some(u) => self.store.get_user(u).await?.is_distributor,
            None => false,
        };
        Ok(all
            .into_iter()
            .filter(|t| t.rule.claimable_at(now))
            .map(|t| {
                let held = mine.iter().find(|(id, _)| *id == t.id).map(|(_, n)| *n).unwrap_or(0);
                let can = t.claimed < t.rule.total && held < t.rule.per_user_limit && (!t.rule.distributor_only || is_distributor);
                (t, held, can)
            })
            .collect())
    }

    /// Claims a coupon; with `invite_code`, it is recorded as handed out by that distributor and the
    /// shopper is bound to them when the binding rules allow (a refused binding does not refuse the claim).
    pub async fn claim_coupon(&self, user_id: i64, template_id: i64, invite_code: Option<&str>) -> ServiceResult<UserCouponRecord> {
        let now = self.clock.now();
        let mut via = None;
        if let Some(code) = invite_code.map(str::trim).filter(|c| !c.is_empty()) {
            if code.len() > 32 {
                return Err(ValidationError::field("invite_code", "invalid_format").into());
            }
            match self.store.find_user_by_invite_code(code).await? {
                Some(d) if d.id != user_id && d.is_distributor => via = Some(d.id),
                _ => return Err(ValidationError::field("invite_code", "unknown_code").into()),
            }
        }
        let me = self.store.get_user(user_id).await?;
        let c = self.store.claim_coupon(template_id, user_id, me.is_distributor, via, now).await.map_err(store_err)?;
        if let (Some(code), Some(_)) = (invite_code, via)
            && let Err(e) = self.bind_referrer(user_id, code, "coupon", &format!("coupon:{template_id}")).await
        {
            tracing::debug!(error = %e, "binding through a coupon link failed");
        }
        Ok(c)
    }

    pub async fn my_coupons(
        &self,
        user_id: i64,
        status: Option<&str>,
        page: u64,
        page_size: u64,
    ) -> ServiceResult<(Vec<UserCouponRecord>, u64)> {
        if let Some(s) = status
            && !["usable", "used", "expired"].contains(&s)
        {
            return Err(ValidationError::field("status", "invalid_value").into());
        }
        Ok(self.store.my_coupons(user_id, status, self.clock.now(), page, page_size).await?)
    }

    /// Whether a coupon applies to these lines, and what it would take off. `lines` are (product id,
    /// category id, amount after the activity price).
    fn coupon_applies(
        c: &UserCouponRecord,
        user_id: i64,
        lines: &[(i64, i64, i64)],
        now: DateTime<Utc>,
    ) -> Result<(i64, Vec<bool>), CouponRefusal> {
        if c.user_id != user_id {
            return Err(CouponRefusal::NotFound);
        }
        match c.status.as_str() {
            "used" => return Err(CouponRefusal::Used),
            "unused" => {}
            _ => return Err(CouponRefusal::Expired),
        }
        if now >= c.expires_at {
            return Err(CouponRefusal::Expired);
        }
        if now < c.usable_from {
            return Err(CouponRefusal::NotStarted);
        }
        let eligible: Vec<bool> = lines.iter().map(|(p, cat, _)| c.template.rule.covers(*p, *cat)).collect();
        let amount: i64 = lines.iter().zip(&eligible).filter(|(_, e)| **e).map(|(l, _)| l.2).sum();
        Ok((c.template.rule.discount(amount)?, eligible))
    }

    /// The coupon options for a checkout and the chosen coupon's discount and line eligibility.
    pub(crate) async fn checkout_coupons(
        &self,
        user_id: i64,
        lines: &[(i64, i64, i64)],
        chosen: Option<i64>,
    ) -> ServiceResult<(Vec<CouponOption>, Option<i64>, i64, Vec<bool>)> {
        let now = self.clock.now();
        let (mine, _) = self.store.my_coupons(user_id, Some("usable"), now, 1, 100).await?;
        let mut options = Vec::new();
        let mut best: Option<(i64, DateTime<Utc>, i64)> = None;
        for c in &mine {
            match Self::coupon_applies(c, user_id, lines, now) {
                Ok((d, _)) => {
                    if best.is_none_or(|(bd, be, _)| d > bd || (d == bd && c.expires_at < be)) && d > 0 {
                        best = Some((d, c.expires_at, c.id));
                    }
                    options.push(CouponOption {
                        user_coupon_id: c.id,
                        name: c.template.rule.name.clone(),
                        discount: d,
                        usable: true,
                        reason: None,
                    });
                }
                Err(r) => options.push(CouponOption {
                    user_coupon_id: c.id,
                    name: c.template.rule.name.clone(),
                    discount: 0,
                    usable: false,
                    reason: Some(r.as_str()),
                }),
            }
        }
        let (discount, eligible) = match chosen {
            None => (0, vec![false; lines.len()]),
            Some(id) => {
                let c = match self.store.user_coupon(id).await {
                    Ok(c) => c,
                    Err(StoreError::NotFound) => return Err(refused("coupon_unusable", CouponRefusal::NotFound)),
                    Err(e) => return Err(e.into()),
                };
                Self::coupon_applies(&c, user_id, lines, now).map_err(|r| refused("coupon_unusable", r))?
            }
        };
        Ok((options, best.map(|b| b.2), discount, eligible))
    }

    /// The activity a checkout buys through, checked against its window and the shopper's limit.
    pub(crate) async fn checkout_activity(
        &self,
        user_id: i64,
        ask: &MarketingAsk,
        items: &[(i64, i64)],
    ) -> ServiceResult<Option<ActivityQuote>> {
        let now = self.clock.now();
        let one_line = |sku: i64| -> ServiceResult<i64> {
            match items {
                [(s, q)] if *s == sku => Ok(*q),
                _ => Err(ValidationError::field("items", "activity_single_line").into()),
            }
        };
        match (ask.flash_sale_id, ask.group_buy_id) {
            (None, None) => {
                if ask.group_id.is_some() {
                    return Err(ValidationError::field("group_buy_id", "required").into());
                }
                Ok(None)
            }
            (Some(_), Some(_)) => Err(ValidationError::field("flash_sale_id", "one_activity_only").into()),
            (Some(id), None) => {
                let f = self.store.flash_sale(id).await.map_err(|_| ValidationError::field("flash_sale_id", "not_found"))?;
                let q = one_line(f.sku_id)?;
                let w = ActivityWindow { price: f.price, per_user_limit: f.per_user_limit, starts_at: f.starts_at, ends_at: f.ends_at };
                if !f.active || !w.running_at(now) {
                    return Err(conflict("activity_not_running"));
                }
                if q > f.per_user_limit || self.store.activity_bought("flash_sale", id, user_id).await? + q > f.per_user_limit {
                    return Err(conflict("limit_reached"));
                }
                let minutes = self.marketing_settings().await?.flash_pay_minutes;
                Ok(Some(ActivityQuote {
                    kind: "flash_sale",
                    id,
                    unit_price: f.price,
                    take: ActivityTake::Flash { id, quantity: q, per_user_limit: f.per_user_limit },
                    pays_commission: f.pays_commission,
                    pay_by: Some(now + chrono::Duration::minutes(minutes)),
                    per_user_limit: f.per_user_limit,
                    ends_at: f.ends_at,
                }))
            }
            (None, Some(id)) => {
                let g = self.store.group_buy(id).await.map_err(|_| ValidationError::field("group_buy_id", "not_found"))?;
                let q = one_line(g.sku_id)?;
                let w =
                    ActivityWindow { price: g.group_price, per_user_limit: g.per_user_limit, starts_at: g.starts_at, ends_at: g.ends_at };
                if !g.active || !w.running_at(now) {
                    return Err(conflict("activity_not_running"));
                }
                let limit_reached = async {
                    Ok::<bool, ServiceError>(
                        q > g.per_user_limit || self.store.activity_bought("group_buy", id, user_id).await? + q > g.per_user_limit,
                    )
                };
                let (take, pay_by) = match ask.group_id {
                    None => {
                        if limit_reached.await? {
                            return Err(conflict("limit_reached"));
                        }
                        let expires_at = now + chrono::Duration::hours(g.hours);
                        (
                            ActivityTake::GroupOpen {
                                group_buy_id: id,
                                quantity: q,
                                per_user_limit: g.per_user_limit,
                                group_size: g.group_size,
                                expires_at,
                            },
                            expires_at,
                        )
                    }
                    Some(gid) => {
                        let (grp, members) = self.store.group(gid).await.map_err(|_| ValidationError::field("group_id", "not_found"))?;
                        if grp.group_buy_id != id {
                            return Err(ValidationError::field("group_id", "not_found").into());
                        }
                        if members.iter().any(|m| m.user_id == user_id) {
                            return Err(conflict("already_in_group"));
                        }
                        if grp.status != "open" || grp.expires_at <= now {
                            return Err(conflict("group_closed"));
                        }
                        if grp.joined >= grp.group_size {
                            return Err(conflict("group_full"));
                        }
                        if limit_reached.await? {
                            return Err(conflict("limit_reached"));
                        }
                        (
                            ActivityTake::GroupJoin { group_buy_id: id, group_id: gid, quantity: q, per_user_limit: g.per_user_limit },
                            grp.expires_at,
                        )
                    }
                };
                Ok(Some(ActivityQuote {
                    kind: "group_buy",
                    id,
                    unit_price: g.group_price,
                    take,
                    pays_commission: g.pays_commission,
                    pay_by: Some(pay_by),
                    per_user_limit: g.per_user_limit,
                    ends_at: g.ends_at,
                }))
            }
        }
    }

    /// Before any pricing work on a flash-sale checkout: with Redis, the gate takes the units (a
    /// ticket to give back if the order then fails); without, one read of the sale refuses it when
    /// sold out. The database's conditional updates decide in the end either way.
    pub(crate) async fn flash_precheck(&self, user_id: i64, req: &crate::orders::CheckoutRequest) -> ServiceResult<Option<GateTicket>> {
        let Some(id) = req.marketing.flash_sale_id else { return Ok(None) };
        let quantity = match req.items.as_deref() {
            Some([(_, q)]) if (1..=fenxiao_domain::pricing::MAX_QUANTITY).contains(q) => *q,
            _ => return Ok(None), // the quote refuses it with the right field
        };
        let f = match self.store.flash_sale(id).await {
            Ok(f) => f,
            Err(StoreError::NotFound) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let now = self.clock.now();
        if !f.active || now < f.starts_at || now >= f.ends_at {
            return Err(conflict("activity_not_running"));
        }
        if quantity > f.per_user_limit {
            return Err(conflict("limit_reached"));
        }
        let Some(gate) = &self.flash_gate else {
            return if f.sold + quantity > f.quantity { Err(conflict("sold_out")) } else { Ok(None) };
        };
        let ttl = (f.ends_at - now).num_seconds() + 86_400;
        let mut answer = gate.take(id, user_id, quantity, f.per_user_limit, ttl, None).await;
        if answer == GateAnswer::NotLoaded {
            let mine = self.store.activity_bought("flash_sale", id, user_id).await?;
            answer = gate.take(id, user_id, quantity, f.per_user_limit, ttl, Some((f.quantity - f.sold, mine))).await;
        }
        match answer {
            GateAnswer::Taken => Ok(Some(GateTicket { sale: id, user: user_id, quantity })),
            GateAnswer::SoldOut => Err(conflict("sold_out")),
            GateAnswer::LimitReached => Err(conflict("limit_reached")),
            GateAnswer::NotLoaded | GateAnswer::Unavailable => Ok(None),
        }
    }

    pub(crate) async fn flash_gate_give_back(&self, sale: i64, user: i64, quantity: i64) {
        if let Some(g) = &self.flash_gate {
            g.give_back(sale, user, quantity).await;
        }
    }

    // ---------- points ----------

    pub async fn points(&self, user_id: i64, page: u64, page_size: u64) -> ServiceResult<PointsView> {
        let balance = self.store.points_balance(user_id).await?;
        let (entries, total) = self.store.points_entries(user_id, page, page_size).await?;
        let today = shop_day(self.clock.now());
        let last = self.store.last_check_in(user_id).await?;
        let (checked_in_today, streak) =
            match last.and_then(|(d, s)| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok().map(|d| (d, s))) {
                Some((d, s)) if d == today => (true, s),
                Some((d, s)) if d.succ_opt() == Some(today) => (false, s),
                _ => (false, 0),
            };
        Ok(PointsView { balance, checked_in_today, streak, entries, total })
    }

    /// Today's check-in: (points awarded, streak, balance). `already_checked_in` on a second try.
    pub async fn check_in(&self, user_id: i64) -> ServiceResult<(i64, i64, i64)> {
        let now = self.clock.now();
        let today = shop_day(now);
        let s = self.marketing_settings().await?;
        let last = self
            .store
            .last_check_in(user_id)
            .await?
            .and_then(|(d, s)| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok().map(|d| (d, s)));
        if last.is_some_and(|(d, _)| d == today) {
            return Err(conflict("already_checked_in"));
        }
        let streak = next_streak(last, today);
        let points = s.check_in_award(streak);
        let balance =
            self.store.check_in(user_id, &today.format("%Y-%m-%d").to_string(), streak, points, now).await.map_err(|e| match e {
                StoreError::Conflict(m) if m == "already_checked_in" => conflict("already_checked_in"),
                e => e.into(),
            })?;
        Ok((points, streak, balance))
    }

    // ---------- flash sales ----------

    async fn activity_sku(&self, sku_id: i64) -> ServiceResult<SkuForSale> {
        self.store.skus_for_sale(&[sku_id]).await?.into_iter().next().ok_or_else(|| ValidationError::field("sku_id", "not_found").into())
    }

    pub async fn save_flash_sale(&self, actor: &Actor, id: Option<i64>, f: NewFlashSale) -> ServiceResult<FlashSaleRecord> {
        actor.require(&[Role::Operator])?;
        let mut e = ValidationError::default();
        ActivityWindow { price: f.price, per_user_limit: f.per_user_limit, starts_at: f.starts_at, ends_at: f.ends_at }
            .validate("price", &mut e);
        validate_flash_quantity(f.quantity, &mut e);
        e.into_result()?;
        let sku = self.activity_sku(f.sku_id).await?;
        if f.price > sku.sku.price {
            return Err(ValidationError::field("price", "above_price").into());
        }
        let audit = audit_entry(
            self,
            actor,
            "flash_sale.save",
            "flash_sale",
            id.map(|i| i.to_string()),
            json!({"sku_id": f.sku_id, "price": f.price, "quantity": f.quantity, "per_user_limit": f.per_user_limit,
                   "starts_at": f.starts_at, "ends_at": f.ends_at, "active": f.active}),
        );
        let id = self.store.save_flash_sale(id, &f, sku.product_id, &audit).await.map_err(store_err)?;
        if let Some(g) = &self.flash_gate {
            g.reset(id).await;
        }
        Ok(self.store.flash_sale(id).await?)
    }

    pub async fn flash_sales(&self, live: bool, page: u64, page_size: u64) -> ServiceResult<(Vec<FlashView>, u64)> {
        let (rows, total) = self.store.flash_sales(live.then(|| self.clock.now()), page, page_size).await?;
        let skus = self.store.skus_for_sale(&rows.iter().map(|r| r.sku_id).collect::<Vec<_>>()).await?;
        Ok((
            rows.into_iter()
                .map(|sale| {
                    let sku = skus.iter().find(|s| s.sku.id == sale.sku_id).cloned();
                    FlashView { sale, sku }
                })
                .collect(),
            total,
        ))
    }

    pub async fn flash_sale_view(&self, id: i64) -> ServiceResult<FlashView> {
        let v = self.flash_sale_view_any(id).await?;
        if !v.sale.active {
            return Err(ServiceError::NotFound);
        }
        Ok(v)
    }

    /// A flash sale whether active or not (staff).
    pub async fn flash_sale_view_any(&self, id: i64) -> ServiceResult<FlashView> {
        let sale = self.store.flash_sale(id).await?;
        let sku = self.store.skus_for_sale(&[sale.sku_id]).await?.into_iter().next();
        Ok(FlashView { sale, sku })
    }

    // ---------- group buys ----------

    pub async fn save_group_buy(&self, actor: &Actor, id: Option<i64>, g: NewGroupBuy) -> ServiceResult<GroupBuyRecord> {
        actor.require(&[Role::Operator])?;
        let mut e = ValidationError::default();
        ActivityWindow { price: g.group_price, per_user_limit: g.per_user_limit, starts_at: g.starts_at, ends_at: g.ends_at }
            .validate("group_price", &mut e);
        validate_group(g.group_size, g.hours, g.leader_reward_points, &mut e);
        e.into_result()?;
        let sku = self.activity_sku(g.sku_id).await?;
        if g.group_price > sku.sku.price {
            return Err(ValidationError::field("group_price", "above_price").into());
        }
        let audit = audit_entry(
            self,
            actor,
            "group_buy.save",
            "group_buy",
            id.map(|i| i.to_string()),
            json!({"sku_id": g.sku_id, "group_price": g.group_price, "group_size": g.group_size, "hours": g.hours,
                   "starts_at": g.starts_at, "ends_at": g.ends_at, "active": g.active}),
        );
        let id = self.store.save_group_buy(id, &g, sku.product_id, &audit).await.map_err(store_err)?;
        Ok(self.store.group_buy(id).await?)
    }

    async fn leader_name(&self, user_id: i64) -> String {
        self.store.get_user(user_id).await.map(|u| fenxiao_domain::user::mask_name(&u.nickname)).unwrap_or_default()
    }

    pub async fn group_buys(&self, live: bool, page: u64, page_size: u64) -> ServiceResult<(Vec<GroupBuyView>, u64)> {
        let now = self.clock.now();
        let (rows, total) = self.store.group_buys(live.then_some(now), page, page_size).await?;
        let skus = self.store.skus_for_sale(&rows.iter().map(|r| r.sku_id).collect::<Vec<_>>()).await?;
        let mut out = Vec::with_capacity(rows.len());
        for buy in rows {
            let mut open = Vec::new();
            if live {
                for g in self.store.open_groups(buy.id, now, 5).await? {
                    let name = self.leader_name(g.leader_id).await;
                    open.push((g, name));
                }
            }
            let sku = skus.iter().find(|s| s.sku.id == buy.sku_id).cloned();
            out.push(GroupBuyView { buy, sku, open_groups: open });
        }
        Ok((out, total))
    }

    pub async fn group_buy_view(&self, id: i64) -> ServiceResult<GroupBuyView> {
        let v = self.group_buy_view_any(id).await?;
        if !v.buy.active {
            return Err(ServiceError::NotFound);
        }
        Ok(v)
    }

    /// A group buy whether active or not (staff), with its open groups.
    pub async fn group_buy_view_any(&self, id: i64) -> ServiceResult<GroupBuyView> {
        let now = self.clock.now();
        let buy = self.store.group_buy(id).await?;
        let mut open = Vec::new();
        for g in self.store.open_groups(buy.id, now, 10).await? {
            let name = self.leader_name(g.leader_id).await;
            open.push((g, name));
        }
        let sku = self.store.skus_for_sale(&[buy.sku_id]).await?.into_iter().next();
        Ok(GroupBuyView { buy, sku, open_groups: open })
    }

    pub async fn group_view(&self, id: i64) -> ServiceResult<GroupView> {
        let (group, ms) = self.store.group(id).await?;
        let buy = self.store.group_buy(group.group_buy_id).await?;
        let sku = self.store.skus_for_sale(&[buy.sku_id]).await?.into_iter().next();
        let mut members = Vec::with_capacity(ms.len());
        for m in ms {
            let name = self.leader_name(m.user_id).await;
            members.push((m, name));
        }
        Ok(GroupView { group, members, buy, sku })
    }

    pub async fn admin_groups(
        &self,
        actor: &Actor,
        group_buy_id: Option<i64>,
        status: Option<&str>,
        page: u64,
        page_size: u64,
    ) -> ServiceResult<(Vec<GroupRecord>, u64)> {
        actor.require(&[Role::Operator, Role::Support, Role::Finance])?;
        if let Some(s) = status
            && !["open", "succeeded", "failed"].contains(&s)
        {
            return Err(ValidationError::field("status", "invalid_value").into());
        }
        Ok(self.store.groups(group_buy_id, status, page, page_size).await?)
    }

    /// The `expire-groups` job: closes groups past their deadline, then cancels the unpaid orders and
    /// refunds the paid ones of failed groups (each once: a refunded member is no longer listed).
    pub async fn expire_groups(&self) -> ServiceResult<(usize, usize)> {
        let now = self.clock.now();
        let due = self.store.due_groups(now, 200).await?;
        let mut n = 0;
        for id in &due {
            if self.store.close_group(*id, now).await?.is_some() {
                n += 1;
            }
        }
        let members = self.store.failed_group_members(500).await?;
        let system = fenxiao_store::Actor { kind: "system", id: None };
        for (order_id, user_id, status) in &members {
            let r = if status == "pending" {
                match self.store.cancel_order(*order_id, system, "group failed", now, None).await {
                    Ok(back) => {
                        self.close_channel_payments(*order_id).await;
                        if let Some(b) = back {
                            self.flash_gate_give_back(b.flash_sale_id, b.user_id, b.quantity).await;
                        }
                        Ok(())
                    }
                    // Paid meanwhile: the next run refunds it as a paid member.
                    Err(StoreError::Conflict(_)) => Ok(()),
                    Err(e) => Err(ServiceError::from(e)),
                }
            } else {
                self.refund_group_order(*order_id, *user_id).await
            };
            match r {
                Ok(()) => n += 1,
                Err(e) => tracing::error!(order_id, error = %e, "failed group: could not settle a member's order"),
            }
        }
        Ok((due.len() + members.len(), n))
    }

    /// Refunds every unit of a paid order of a failed group: an after-sale opened and approved by the
    /// system (admin id 0), so stock, commission, points, coupon and money follow the refund rules.
    async fn refund_group_order(&self, order_id: i64, user_id: i64) -> ServiceResult<()> {
        let now = self.clock.now();
        let o = self.store.get_order(order_id).await?;
        let wanted: Vec<(i64, i64)> = o.lines.iter().map(|l| (l.id, l.quantity - l.refunded_quantity)).filter(|(_, q)| *q > 0).collect();
        if wanted.is_empty() {
            return Ok(());
        }
        let a = self
            .store
            .create_after_sale(
                order_id,
                user_id,
                fenxiao_domain::order::AfterSaleKind::RefundOnly,
                "group buy failed: automatic refund",
                &wanted,
                now,
            )
            .await?;
        let audit = fenxiao_store::AuditEntry {
            admin_id: 0,
            action: "after_sale.auto_approve".into(),
            target_kind: "after_sale".into(),
            target_id: Some(a.id.to_string()),
            detail: json!({"reason": "group buy failed", "order_id": order_id}),
            ip: None,
            at: now,
        };
        let (_, refund) = self.store.decide_after_sale(a.id, true, None, &audit).await?;
        if let Some(r) = refund {
            let p = self.store.get_payment(r.payment_id).await?;
            self.submit_refund(&r, &p).await;
        }
        Ok(())
    }
}

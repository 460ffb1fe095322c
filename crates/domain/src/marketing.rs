//! Marketing rules as plain data: coupon templates and what a coupon takes off, the points rules,
//! check-in streaks, and the validation of flash sales and group buys. Rules in docs/marketing.md.

use crate::validation::{ValidationError, text};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const MAX_COUPON_TOTAL: i64 = 10_000_000;
pub const MAX_GROUP_SIZE: i64 = 50;
pub const MAX_ACTIVITY_QUANTITY: i64 = 1_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CouponKind {
    AmountOff,
    PercentOff,
}

impl CouponKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CouponKind::AmountOff => "amount_off",
            CouponKind::PercentOff => "percent_off",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "amount_off" => Some(Self::AmountOff),
            "percent_off" => Some(Self::PercentOff),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CouponScope {
    All,
    Categories,
    Products,
}

impl CouponScope {
    pub fn as_str(self) -> &'static str {
        match self {
            CouponScope::All => "all",
            CouponScope::Categories => "categories",
            CouponScope::Products => "products",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "all" => Some(Self::All),
            "categories" => Some(Self::Categories),
            "products" => Some(Self::Products),
            _ => None,
        }
    }
}

/// A coupon template as staff define it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouponRule {
    pub name: String,
    pub kind: CouponKind,
    /// Fen off (`amount_off`).
    pub amount: i64,
    /// Basis points off (`percent_off`).
    pub percent_bp: i64,
    /// At most this many fen off (`percent_off`); 0 = no cap.
    pub cap: i64,
    /// The eligible lines must cost at least this much.
    pub threshold: i64,
    pub scope: CouponScope,
    pub scope_ids: Vec<i64>,
    pub total: i64,
    pub per_user_limit: i64,
    pub valid_from: DateTime<Utc>,
    pub valid_to: Option<DateTime<Utc>>,
    pub valid_days: Option<i64>,
    pub distributor_only: bool,
}

impl CouponRule {
    pub fn validate(&mut self) -> Result<(), ValidationError> {
        let mut e = ValidationError::default();
        match text("name", &self.name, 64, true) {
            Ok(n) => self.name = n,
            Err(x) => e.errors.extend(x.errors),
        }
        match self.kind {
            CouponKind::AmountOff => {
                if !(1..=100_000_000).contains(&self.amount) {
                    e.push("amount", "out_of_range");
                }
                self.percent_bp = 0;
                self.cap = 0;
            }
            CouponKind::PercentOff => {
                if !(1..=9_999).contains(&self.percent_bp) {
                    e.push("percent_bp", "out_of_range");
                }
                if !(0..=100_000_000).contains(&self.cap) {
                    e.push("cap", "out_of_range");
                }
                self.amount = 0;
            }
        }
        if !(0..=100_000_000).contains(&self.threshold) {
            e.push("threshold", "out_of_range");
        }
        if self.kind == CouponKind::AmountOff && self.threshold > 0 && self.amount > self.threshold {
            e.push("amount", "above_threshold");
        }
        match self.scope {
            CouponScope::All => self.scope_ids.clear(),
            _ => {
                self.scope_ids.sort_unstable();
                self.scope_ids.dedup();
                if self.scope_ids.is_empty() || self.scope_ids.len() > 200 || self.scope_ids.iter().any(|i| *i <= 0) {
                    e.push("scope_ids", "out_of_range");
                }
            }
        }
        if !(1..=MAX_COUPON_TOTAL).contains(&self.total) {
            e.push("total", "out_of_range");
        }
        if !(1..=100).contains(&self.per_user_limit) {
            e.push("per_user_limit", "out_of_range");
        }
        if let Some(to) = self.valid_to
            && to <= self.valid_from
        {
            e.push("valid_to", "before_start");
        }
        match self.valid_days {
            Some(d) if !(1..=3650).contains(&d) => e.push("valid_days", "out_of_range"),
            None if self.valid_to.is_none() => e.push("valid_to", "required"),
            _ => {}
        }
        e.into_result()
    }

    /// When a coupon claimed at `claimed_at` stops being usable.
    pub fn expires_at(&self, claimed_at: DateTime<Utc>) -> DateTime<Utc> {
        match (self.valid_days, self.valid_to) {
            (Some(d), _) => claimed_at + chrono::Duration::days(d),
            (None, Some(to)) => to,
            (None, None) => claimed_at,
        }
    }

    /// When a claimed coupon starts being usable.
    pub fn usable_from(&self, claimed_at: DateTime<Utc>) -> DateTime<Utc> {
        if self.valid_days.is_some() { claimed_at } else { self.valid_from }
    }

    /// Whether it can be claimed at `now` (window only; counters are checked by the store).
    pub fn claimable_at(&self, now: DateTime<Utc>) -> bool {
        now >= self.valid_from && self.valid_to.is_none_or(|to| now < to)
    }

    /// Whether a line of this product (in this category) is in scope.
    pub fn covers(&self, product_id: i64, category_id: i64) -> bool {
        match self.scope {
            CouponScope::All => true,
            CouponScope::Products => self.scope_ids.contains(&product_id),
            CouponScope::Categories => self.scope_ids.contains(&category_id),
        }
    }

    /// What the coupon takes off eligible lines costing `eligible` in all, or why it cannot.
    pub fn discount(&self, eligible: i64) -> Result<i64, CouponRefusal> {
        if eligible <= 0 {
            return Err(CouponRefusal::OutOfScope);
        }
        if eligible < self.threshold {
            return Err(CouponRefusal::BelowThreshold);
        }
        let d = match self.kind {
            CouponKind::AmountOff => self.amount,
            CouponKind::PercentOff => {
                let raw = (eligible as i128 * self.percent_bp as i128 / 10_000) as i64;
                if self.cap > 0 { raw.min(self.cap) } else { raw }
            }
        };
        Ok(d.min(eligible).max(0))
    }
}

/// Why a coupon cannot be used on an order (`coupon_unusable` with this `reason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CouponRefusal {
    NotFound,
    Used,
    Expired,
    NotStarted,
    OutOfScope,
    BelowThreshold,
}

impl CouponRefusal {
    pub fn as_str(self) -> &'static str {
        match self {
            CouponRefusal::NotFound => "not_found",
            CouponRefusal::Used => "used",
            CouponRefusal::Expired => "expired",
            CouponRefusal::NotStarted => "not_started",
            CouponRefusal::OutOfScope => "out_of_scope",
            CouponRefusal::BelowThreshold => "below_threshold",
        }
    }
}

/// Shop-wide marketing settings (`GET/PUT /api/v1/admin/marketing/settings`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MarketingSettings {
    pub points_per_yuan: i64,
    pub points_max_deduct_bp: i64,
    pub check_in_points: i64,
    pub check_in_streak_bonus: i64,
    pub flash_pay_minutes: i64,
}

impl Default for MarketingSettings {
    fn default() -> Self {
        Self { points_per_yuan: 1, points_max_deduct_bp: 5_000, check_in_points: 10, check_in_streak_bonus: 20, flash_pay_minutes: 5 }
    }
}

impl MarketingSettings {
    pub fn validate(&self) -> Result<(), ValidationError> {
        let mut e = ValidationError::default();
        if !(0..=100).contains(&self.points_per_yuan) {
            e.push("points_per_yuan", "out_of_range");
        }
        if !(0..=10_000).contains(&self.points_max_deduct_bp) {
            e.push("points_max_deduct_bp", "out_of_range");
        }
        if !(0..=10_000).contains(&self.check_in_points) {
            e.push("check_in_points", "out_of_range");
        }
        if !(0..=10_000).contains(&self.check_in_streak_bonus) {
            e.push("check_in_streak_bonus", "out_of_range");
        }
        if !(1..=120).contains(&self.flash_pay_minutes) {
            e.push("flash_pay_minutes", "out_of_range");
        }
        e.into_result()
    }

    /// Points an order may use: at most the balance and the share of what the goods still cost.
    pub fn max_points(&self, balance: i64, goods_after_coupon: i64) -> i64 {
        let cap = (goods_after_coupon.max(0) as i128 * self.points_max_deduct_bp as i128 / 10_000) as i64;
        cap.min(balance.max(0))
    }

    /// Points earned on `paid` fen of goods.
    pub fn points_for(&self, paid: i64) -> i64 {
        (paid.max(0) / 100) * self.points_per_yuan
    }

    /// Points for a check-in on day `streak` (1 = first day of a run).
    pub fn check_in_award(&self, streak: i64) -> i64 {
        self.check_in_points + if streak > 0 && streak % 7 == 0 { self.check_in_streak_bonus } else { 0 }
    }
}

/// The new streak after checking in on `today` when the last check-in was on `last` with `streak`.
pub fn next_streak(last: Option<(chrono::NaiveDate, i64)>, today: chrono::NaiveDate) -> i64 {
    match last {
        Some((d, s)) if d.succ_opt() == Some(today) => s + 1,
        _ => 1,
    }
}

/// A time-limited activity on one SKU (flash sale or group buy), as staff define it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityWindow {
    pub price: i64,
    pub per_user_limit: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

impl ActivityWindow {
    pub fn validate(&self, price_field: &str, e: &mut ValidationError) {
        if !(0..=100_000_000).contains(&self.price) {
            e.push(price_field, "out_of_range");
        }
        if !(1..=100).contains(&self.per_user_limit) {
            e.push("per_user_limit", "out_of_range");
        }
        if self.ends_at <= self.starts_at {
            e.push("ends_at", "before_start");
        }
        if self.ends_at - self.starts_at > chrono::Duration::days(366) {
            e.push("ends_at", "out_of_range");
        }
    }

    pub fn running_at(&self, now: DateTime<Utc>) -> bool {
        now >= self.starts_at && now < self.ends_at
    }

    pub fn status_at(&self, now: DateTime<Utc>) -> &'static str {
        if now < self.starts_at {
            "upcoming"
        } else if now < self.ends_at {
            "running"
        } else {
            "ended"
        }
    }

    pub fn overlaps(&self, other: &ActivityWindow) -> bool {
        self.starts_at < other.ends_at && other.starts_at < self.ends_at
    }
}

pub fn validate_flash_quantity(quantity: i64, e: &mut ValidationError) {
    if !(1..=MAX_ACTIVITY_QUANTITY).contains(&quantity) {
        e.push("quantity", "out_of_range");
    }
}

pub fn validate_group(group_size: i64, hours: i64, leader_reward_points: i64, e: &mut ValidationError) {
    if !(2..=MAX_GROUP_SIZE).contains(&group_size) {
        e.push("group_size", "out_of_range");
    }
    if !(1..=720).contains(&hours) {
        e.push("hours", "out_of_range");
    }
    if !(0..=100_000).contains(&leader_reward_points) {
        e.push("leader_reward_points", "out_of_range");
    }
}

/// The share of `used` (points or a discount on a line of `quantity` units) that comes back when the
/// line's refunded units reach `refunded_units`, given `restored_before` already returned: cumulative
/// and rounded down, the last unit taking the remainder, so all refunds together return exactly `used`.
pub fn refund_share(used: i64, quantity: i64, refunded_units: i64, restored_before: i64) -> i64 {
    crate::distribution::reversal_amount(used, quantity, refunded_units, restored_before)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn rule(kind: CouponKind) -> CouponRule {
        CouponRule {
            name: "新人券".into(),
            kind,
            amount: 1000,
            percent_bp: 1500,
            cap: 2000,
            threshold: 5000,
            scope: CouponScope::All,
            scope_ids: vec![],
            total: 30,
            per_user_limit: 1,
            valid_from: Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
            valid_to: Some(Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap()),
            valid_days: None,
            distributor_only: false,
        }
    }

    #[test]
    fn amount_off_needs_the_threshold_and_never_exceeds_the_eligible_amount() {
        let r = rule(CouponKind::AmountOff);
        assert_eq!(r.discount(4999), Err(CouponRefusal::BelowThreshold));
        assert_eq!(r.discount(5000), Ok(1000));
        let mut r0 = r.clone();
        r0.threshold = 0;
        assert_eq!(r0.discount(300), Ok(300));
        assert_eq!(r0.discount(0), Err(CouponRefusal::OutOfScope));
    }

    #[test]
    fn percent_off_rounds_down_and_respects_the_cap() {
        let r = rule(CouponKind::PercentOff);
        assert_eq!(r.discount(5001), Ok(750)); // 750.15 → 750
        assert_eq!(r.discount(100_000), Ok(2000)); // capped
        let mut nocap = r.clone();
        nocap.cap = 0;
        assert_eq!(nocap.discount(100_000), Ok(15_000));
    }

    #[test]
    fn validity_by_window_or_days_after_claim() {
        let mut r = rule(CouponKind::AmountOff);
        let claim = Utc.with_ymd_and_hms(2026, 11, 10, 0, 0, 0).unwrap();
        assert_eq!(r.expires_at(claim), r.valid_to.unwrap());
        assert_eq!(r.usable_from(claim), r.valid_from);
        r.valid_days = Some(7);
        assert_eq!(r.expires_at(claim), claim + chrono::Duration::days(7));
        assert_eq!(r.usable_from(claim), claim);
        assert!(r.claimable_at(claim));
        assert!(!r.claimable_at(r.valid_to.unwrap()));
        assert!(!r.claimable_at(r.valid_from - chrono::Duration::seconds(1)));
    }

    #[test]
    fn bad_templates_are_refused_field_by_field() {
        let mut r = rule(CouponKind::AmountOff);
        r.amount = 0;
        r.total = 0;
        r.per_user_limit = 0;
        r.valid_to = Some(r.valid_from);
        r.scope = CouponScope::Products;
        let e = r.validate().unwrap_err();
        let fields: Vec<&str> = e.errors.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["amount", "scope_ids", "total", "per_user_limit", "valid_to"]);
        let mut r = rule(CouponKind::AmountOff);
        r.valid_to = None;
        assert_eq!(r.validate().unwrap_err().errors[0].field, "valid_to");
        let mut ok = rule(CouponKind::PercentOff);
        ok.validate().unwrap();
        assert_eq!(ok.amount, 0, "fields of the other kind are cleared");
    }

    #[test]
    fn scope_by_product_or_category() {
        let mut r = rule(CouponKind::AmountOff);
        r.scope = CouponScope::Products;
        r.scope_ids = vec![7];
        assert!(r.covers(7, 1) && !r.covers(8, 1));
        r.scope = CouponScope::Categories;
        r.scope_ids = vec![3];
        assert!(r.covers(8, 3) && !r.covers(7, 1));
    }

    #[test]
    fn points_rules() {
        let s = MarketingSettings::default();
        assert_eq!(s.points_for(12_999), 129);
        assert_eq!(s.max_points(10_000, 3_001), 1_500);
        assert_eq!(s.max_points(100, 3_001), 100);
        assert_eq!(s.check_in_award(6), 10);
        assert_eq!(s.check_in_award(7), 30);
        assert_eq!(s.check_in_award(14), 30);
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(next_streak(Some((d.pred_opt().unwrap(), 6)), d), 7);
        assert_eq!(next_streak(Some((d - chrono::Duration::days(2), 6)), d), 1);
        assert_eq!(next_streak(None, d), 1);
    }

    #[test]
    fn windows_overlap_and_status() {
        let t = |h| Utc.with_ymd_and_hms(2026, 11, 25, h, 0, 0).unwrap();
        let a = ActivityWindow { price: 100, per_user_limit: 1, starts_at: t(10), ends_at: t(12) };
        let b = ActivityWindow { starts_at: t(12), ends_at: t(13), ..a.clone() };
        let c = ActivityWindow { starts_at: t(11), ends_at: t(13), ..a.clone() };
        assert!(!a.overlaps(&b) && a.overlaps(&c) && c.overlaps(&a));
        assert_eq!(a.status_at(t(9)), "upcoming");
        assert_eq!(a.status_at(t(10)), "running");
        assert_eq!(a.status_at(t(12)), "ended");
        let mut e = ValidationError::default();
        ActivityWindow { price: -1, per_user_limit: 0, starts_at: t(12), ends_at: t(10) }.validate("price", &mut e);
        assert_eq!(e.errors.len(), 3);
    }

    proptest! {
        /// Refunding a line unit by unit (in any batches) returns exactly what it used.
        #[test]
        fn refund_shares_add_up(used in 0i64..1_000_000, quantity in 1i64..50, cuts in proptest::collection::vec(1i64..5, 1..20)) {
            let mut refunded = 0;
            let mut back = 0;
            for c in cuts {
                if refunded >= quantity { break; }
                refunded = (refunded + c).min(quantity);
                let s = refund_share(used, quantity, refunded, back);
                prop_assert!(s >= 0);
                back += s;
                prop_assert!(back <= used);
            }
            let last = refund_share(used, quantity, quantity, back);
            prop_assert_eq!(back + last, used);
        }

        /// A coupon never takes more than the eligible amount, and nothing below the threshold.
        #[test]
        fn coupon_discount_is_bounded(eligible in 0i64..10_000_000, amount in 1i64..1_000_000, bp in 1i64..9_999, cap in 0i64..100_000, threshold in 0i64..100_000, pct in any::<bool>()) {
            let mut r = rule(if pct { CouponKind::PercentOff } else { CouponKind::AmountOff });
            r.amount = amount; r.percent_bp = bp; r.cap = cap; r.threshold = threshold;
            match r.discount(eligible) {
                Ok(d) => { prop_assert!(d >= 0 && d <= eligible && eligible >= threshold); if pct && cap > 0 { prop_assert!(d <= cap); } }
                Err(_) => prop_assert!(eligible < threshold || eligible == 0),
            }
        }
    }
}

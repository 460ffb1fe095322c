//! Distribution rules (SPEC.md §3): the settings and their validation, who earns what on an order
//! (tiers, rates, per-product overrides, self-purchase, inactive earners skipped without shifting),
//! the exact share of a commission a partial refund reverses, and withdrawal fees. Pure arithmetic:
//! the store gathers the inputs and posts the results to the ledger.

use crate::validation::ValidationError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DistributorMode {
    /// 人人分销: every registered user is a distributor.
    Everyone,
    /// 申请审核: users apply; staff approve (or conditions auto-approve).
    #[default]
    Apply,
    /// 满额分销: promoted automatically once paid spend reaches the threshold.
    Threshold,
    /// 指定分销: only staff designate.
    Designated,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum BindMode {
    /// The first binding is final.
    #[default]
    Permanent,
    /// A binding lapses after `bind_days` unless an order renews it; then a new link may rebind.
    Expiring,
    /// The last link wins until the first paid order.
    Latest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum BindTrigger {
    /// Bind on the first visit / registration through a link.
    #[default]
    Visit,
    /// Remember the link; bind only when the first order is paid.
    FirstPaidOrder,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum CommissionBase {
    /// What was actually paid for the line after every discount, excluding shipping.
    #[default]
    Paid,
    /// The line's list amount (unit price × quantity).
    List,
    /// Paid amount plus the line's share of shipping.
    PaidWithShipping,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum WithdrawMethod {
    /// WeChat merchant transfer to the user's change (商家转账).
    Wechat,
    /// Bank card, paid by finance by hand.
    Bank,
    /// Alipay, paid by finance by hand.
    Alipay,
    /// Into the shop wallet (余额), at once.
    Balance,
}

impl WithdrawMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            WithdrawMethod::Wechat => "wechat",
            WithdrawMethod::Bank => "bank",
            WithdrawMethod::Alipay => "alipay",
            WithdrawMethod::Balance => "balance",
        }
    }

    pub fn parse(s: &str) -> Option<WithdrawMethod> {
        [WithdrawMethod::Wechat, WithdrawMethod::Bank, WithdrawMethod::Alipay, WithdrawMethod::Balance]
            .into_iter()
            .find(|m| m.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WithdrawalRules {
    /// Smallest and largest single withdrawal, fen.
    pub min: i64,
    pub max: i64,
    /// Fee: rate (bp) plus a fixed part, at least `fee_min`, never more than the amount.
    pub fee_bp: i64,
    pub fee_fixed: i64,
    pub fee_min: i64,
    /// Limits per shop day / calendar month (0 = none).
    pub daily_count: i64,
    pub daily_amount: i64,
    pub monthly_count: i64,
    pub monthly_amount: i64,
    pub methods: Vec<WithdrawMethod>,
    /// Requests at or below this amount are approved without staff (0 = always review).
    pub auto_approve_max: i64,
}

impl Default for WithdrawalRules {
    fn default() -> Self {
        WithdrawalRules {
            min: 100,
            max: 500_000,
            fee_bp: 0,
            fee_fixed: 0,
            fee_min: 0,
            daily_count: 3,
            daily_amount: 0,
            monthly_count: 0,
            monthly_amount: 0,
            methods: vec![WithdrawMethod::Wechat, WithdrawMethod::Balance],
            auto_approve_max: 0,
        }
    }
}

impl WithdrawalRules {
    /// The fee on `amount`: rate + fixed, at least the minimum fee, at most the amount.
    pub fn fee(&self, amount: i64) -> i64 {
        let rate = (amount as i128 * self.fee_bp as i128 / 10_000) as i64;
        (rate + self.fee_fixed).max(self.fee_min).clamp(0, amount.max(0))
    }
}

/// The shop's distribution settings. Every saved change is a new version; orders snapshot it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DistributionSettings {
    pub enabled: bool,
    pub mode: DistributorMode,
    /// 1..=3 (compliance: never deeper than three).
    pub tiers: i64,
    pub bind_mode: BindMode,
    /// For `expiring`: days a binding lasts without an order.
    pub bind_days: i64,
    pub bind_trigger: BindTrigger,
    pub commission_base: CommissionBase,
    /// Default rate per tier, basis points (grades and products override).
    pub rates_bp: [i64; 3],
    /// 自购返佣: a distributor buying earns tier 1 on their own order; ancestors shift up.
    pub self_purchase: bool,
    /// The after-sale window after receipt before commission settles.
    pub freeze_days: i64,
    /// `threshold` mode: paid spend (fen) that promotes a user.
    pub threshold_spend: i64,
    /// `apply` mode: paid spend required to apply; auto-approve when it holds.
    pub apply_min_spend: i64,
    pub auto_approve: bool,
    pub withdrawal: WithdrawalRules,
    /// 拉新奖励: fen per invited user's first paid order (0 = off), capped per distributor per day.
    pub new_member_reward: i64,
    pub new_member_daily_cap: i64,
    /// 团队奖励: monthly bonus on a distributor's settled team sales, by bands (empty = off).
    pub team_reward_bands: Vec<TeamBand>,
    /// At most this much per distributor per month (0 = no cap).
    pub team_reward_cap: i64,
}

/// From `min_sales` (fen of settled team sales in the month) the bonus is `rate_bp` of those sales.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamBand {
    pub min_sales: i64,
    pub rate_bp: i64,
}

/// The monthly team reward for `sales`: the best band reached, capped; 0 below every band.
pub fn team_reward(bands: &[TeamBand], cap: i64, sales: i64) -> (i64, Option<i64>) {
    match bands.iter().filter(|b| sales >= b.min_sales).max_by_key(|b| b.min_sales) {
        None => (0, None),
        Some(b) => {
            let r = (sales as i128 * b.rate_bp as i128 / 10_000) as i64;
            (if cap > 0 { r.min(cap) } else { r }, Some(b.rate_bp))
        }
    }
}

impl Default for DistributionSettings {
    fn default() -> Self {
        DistributionSettings {
            enabled: true,
            mode: DistributorMode::Apply,
            tiers: 2,
            bind_mode: BindMode::Permanent,
            bind_days: 30,
            bind_trigger: BindTrigger::Visit,
            commission_base: CommissionBase::Paid,
            rates_bp: [1000, 500, 0],
            self_purchase: false,
            freeze_days: 7,
            threshold_spend: 0,
            apply_min_spend: 0,
            auto_approve: false,
            withdrawal: WithdrawalRules::default(),
            new_member_reward: 0,
            new_member_daily_cap: 0,
            team_reward_bands: Vec::new(),
            team_reward_cap: 0,
        }
    }
}

/// Why settings were refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsError {
    /// More than three tiers asked for.
    TiersExceedLimit,
    Invalid(ValidationError),
}

impl DistributionSettings {
    /// Checks every field. `Ok(warnings)`: e.g. `three_tiers` (the compliance warning).
    pub fn validate(&self) -> Result<Vec<&'static str>, SettingsError> {
        if self.tiers > 3 {
            return Err(SettingsError::TiersExceedLimit);
        }
        let mut e = ValidationError::default();
        if self.tiers < 1 {
            e.push("tiers", "out_of_range");
        }
        for (i, r) in self.rates_bp.iter().enumerate() {
            if !(0..=10_000).contains(r) {
                e.push(format!("rates_bp[{i}]"), "out_of_range");
            }
        }
        let used: i64 = self.rates_bp.iter().take(self.tiers.clamp(0, 3) as usize).sum();
        if used > 10_000 {
            e.push("rates_bp", "sum_exceeds_100_percent");
        }
        if self.bind_mode == BindMode::Expiring && !(1..=3650).contains(&self.bind_days) {
            e.push("bind_days", "out_of_range");
        }
        if !(0..=365).contains(&self.freeze_days) {
            e.push("freeze_days", "out_of_range");
        }
        for (f, v) in [
            ("threshold_spend", self.threshold_spend),
            ("apply_min_spend", self.apply_min_spend),
            ("new_member_reward", self.new_member_reward),
            ("new_member_daily_cap", self.new_member_daily_cap),
        ] {
            if !(0..=100_000_000).contains(&v) {
                e.push(f, "out_of_range");
            }
        }
        if self.team_reward_bands.iter().any(|b| b.min_sales < 0 || !(0..=10_000).contains(&b.rate_bp)) || self.team_reward_cap < 0 {
            e.push("team_reward_bands", "out_of_range");
        }
        let w = &self.withdrawal;
        if w.min < 1 || w.max < w.min || w.max > 100_000_000 {
            e.push("withdrawal.max", "out_of_range");
        }
        if !(0..=10_000).contains(&w.fee_bp) || w.fee_fixed < 0 || w.fee_min < 0 {
            e.push("withdrawal.fee_bp", "out_of_range");
        }
        if [w.daily_count, w.daily_amount, w.monthly_count, w.monthly_amount, w.auto_approve_max].iter().any(|v| *v < 0) {
            e.push("withdrawal", "out_of_range");
        }
        if w.methods.is_empty() {
            e.push("withdrawal.methods", "required");
        }
        e.into_result().map_err(SettingsError::Invalid)?;
        Ok(if self.tiers == 3 { vec!["three_tiers"] } else { vec![] })
    }
}

/// A product's (or SKU's) own commission rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProductRule {
    /// The earner's grade or the shop default.
    #[default]
    Default,
    /// Own rates per tier, basis points.
    Rates { rates_bp: [i64; 3] },
    /// A fixed amount per unit per tier, fen (× quantity).
    Fixed { per_unit: [i64; 3] },
    /// No commission on this product.
    None,
}

impl ProductRule {
    pub fn validate(&self) -> Result<(), ValidationError> {
        let mut e = ValidationError::default();
        match self {
            ProductRule::Rates { rates_bp } => {
                if rates_bp.iter().any(|r| !(0..=10_000).contains(r)) {
                    e.push("rates_bp", "out_of_range");
                } else if rates_bp.iter().sum::<i64>() > 10_000 {
                    e.push("rates_bp", "sum_exceeds_100_percent");
                }
            }
            ProductRule::Fixed { per_unit } => {
                if per_unit.iter().any(|v| !(0..=100_000_000).contains(v)) {
                    e.push("per_unit", "out_of_range");
                }
            }
            ProductRule::Default | ProductRule::None => {}
        }
        e.into_result()
    }
}

/// One order line as commission sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineInput {
    pub line_id: i64,
    pub quantity: i64,
    pub list_amount: i64,
    pub paid_amount: i64,
    pub shipping_share: i64,
    pub rule: ProductRule,
}

/// A possible earner: their user id, whether they are an active distributor now, and their grade's
/// own rates (if any).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Earner {
    pub user_id: i64,
    pub active: bool,
    pub grade_rates_bp: Option<[i64; 3]>,
}

/// One commission: one line, one tier, one beneficiary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommissionLine {
    pub line_id: i64,
    pub tier: i64,
    pub beneficiary: i64,
    pub base: i64,
    pub rate_bp: Option<i64>,
    pub fixed_per_unit: Option<i64>,
    pub amount: i64,
    /// How it was computed, for the order's commission explanation.
    pub rule: String,
}

/// Who earns what on an order. `buyer` is the buyer as an earner (for self-purchase); `upline` the
/// order's snapshot, nearest first. Tier k goes to the k-th person of the chain (the buyer first
/// when self-purchase applies); an inactive person is skipped and the chain does not shift. Rates
/// round down per line; a line never pays out more than its base in total.
pub fn compute_commissions(
    s: &DistributionSettings,
    buyer: Option<Earner>,
    upline: [Option<Earner>; 3],
    lines: &[LineInput],
) -> Vec<CommissionLine> {
    if !s.enabled {
        return Vec::new();
    }
    let chain: Vec<Option<Earner>> = match buyer {
        Some(b) if s.self_purchase && b.active => [Some(b), upline[0], upline[1]].to_vec(),
        _ => upline.to_vec(),
    };
    let tiers = s.tiers.clamp(0, 3) as usize;
    let mut out = Vec::new();
    for l in lines {
        let base = match s.commission_base {
            CommissionBase::Paid => l.paid_amount,
            CommissionBase::List => l.list_amount,
            CommissionBase::PaidWithShipping => l.paid_amount + l.shipping_share,
        }
        .max(0);
        let mut paid_out = 0i64;
        for (k, who) in chain.iter().enumerate().take(tiers) {
            let Some(e) = who else { continue };
            if !e.active || base == 0 {
                continue;
            }
            let (amount, rate, fixed, rule) = match l.rule {
                ProductRule::None => continue,
                ProductRule::Fixed { per_unit } => {
                    let want = per_unit[k].max(0).saturating_mul(l.quantity);
                    (want, None, Some(per_unit[k]), format!("fixed ¥{}.{:02} × {}", per_unit[k] / 100, per_unit[k] % 100, l.quantity))
                }
                ProductRule::Rates { rates_bp } => {
                    let r = rates_bp[k];
                    ((base as i128 * r as i128 / 10_000) as i64, Some(r), None, format!("product rate {r} bp of base {base}"))
                }
                ProductRule::Default => {
                    let (r, src) = match e.grade_rates_bp {
                        Some(g) => (g[k], "grade"),
                        None => (s.rates_bp[k], "default"),
                    };
                    ((base as i128 * r as i128 / 10_000) as i64, Some(r), None, format!("{src} rate {r} bp of base {base}"))
                }
            };
            let amount = amount.clamp(0, base - paid_out);
            if amount == 0 {
                continue;
            }
            paid_out += amount;
            out.push(CommissionLine {
                line_id: l.line_id,
                tier: k as i64 + 1,
                beneficiary: e.user_id,
                base,
                rate_bp: rate,
                fixed_per_unit: fixed,
                amount,
                rule: format!("{rule}, rounded down"),
            });
        }
    }
    out
}

/// How much of a commission is reversed once `refunded_units` of the line's `quantity` units
/// are refunded in total, given `reversed_before` already reversed: the cumulative share rounds
/// down, and the last unit takes the remainder — so all reversals of a commission add up to it
/// exactly and never exceed it.
pub fn reversal_amount(amount: i64, quantity: i64, refunded_units: i64, reversed_before: i64) -> i64 {
    if quantity <= 0 {
        return 0;
    }
    let cumulative =
        if refunded_units >= quantity { amount } else { (amount as i128 * refunded_units.max(0) as i128 / quantity as i128) as i64 };
    (cumulative - reversed_before).clamp(0, amount - reversed_before)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn earner(id: i64) -> Option<Earner> {
        Some(Earner { user_id: id, active: true, grade_rates_bp: None })
    }

    fn line(id: i64, q: i64, paid: i64) -> LineInput {
        LineInput { line_id: id, quantity: q, list_amount: paid + 100, paid_amount: paid, shipping_share: 50, rule: ProductRule::Default }
    }

    #[test]
    fn settings_are_validated() {
        let s = DistributionSettings::default();
        assert_eq!(s.validate(), Ok(vec![]));
        assert_eq!(DistributionSettings { tiers: 4, ..s.clone() }.validate(), Err(SettingsError::TiersExceedLimit));
        assert!(matches!(DistributionSettings { tiers: 0, ..s.clone() }.validate(), Err(SettingsError::Invalid(_))));
        assert_eq!(DistributionSettings { tiers: 3, ..s.clone() }.validate(), Ok(vec!["three_tiers"]));
        let over = DistributionSettings { tiers: 3, rates_bp: [6000, 3000, 2000], ..s.clone() };
        match over.validate() {
            Err(SettingsError::Invalid(e)) => assert_eq!(e.errors[0].reason, "sum_exceeds_100_percent"),
            other => panic!("{other:?}"),
        }
        // Only the tiers in use count toward 100 %.
        assert!(DistributionSettings { tiers: 2, rates_bp: [6000, 3000, 9000], ..s.clone() }.validate().is_ok());
        assert!(DistributionSettings { rates_bp: [-1, 0, 0], ..s.clone() }.validate().is_err());
    }

    #[test]
    fn two_tiers_by_default_with_exact_rounding() {
        let s = DistributionSettings::default();
        let c = compute_commissions(&s, None, [earner(10), earner(20), earner(30)], &[line(1, 3, 9999)]);
        assert_eq!(c.len(), 2, "tier 3 is off by default");
        assert_eq!((c[0].beneficiary, c[0].amount), (10, 999));
        assert_eq!((c[1].beneficiary, c[1].amount), (20, 499));
    }

    #[test]
    fn inactive_earners_are_skipped_without_shifting() {
        let s = DistributionSettings { tiers: 3, rates_bp: [1000, 500, 200], ..Default::default() };
        let up = [earner(10), Some(Earner { user_id: 20, active: false, grade_rates_bp: None }), earner(30)];
        let c = compute_commissions(&s, None, up, &[line(1, 1, 10_000)]);
        assert_eq!(c.iter().map(|x| (x.tier, x.beneficiary, x.amount)).collect::<Vec<_>>(), vec![(1, 10, 1000), (3, 30, 200)]);
    }

    #[test]
    fn self_purchase_shifts_the_chain() {
        let s = DistributionSettings { self_purchase: true, ..Default::default() };
        let buyer = Earner { user_id: 5, active: true, grade_rates_bp: None };
        let c = compute_commissions(&s, Some(buyer), [earner(10), earner(20), None], &[line(1, 1, 10_000)]);
        assert_eq!(c.iter().map(|x| (x.tier, x.beneficiary)).collect::<Vec<_>>(), vec![(1, 5), (2, 10)]);
        let off = compute_commissions(&DistributionSettings::default(), Some(buyer), [earner(10), earner(20), None], &[line(1, 1, 10_000)]);
        assert_eq!(off[0].beneficiary, 10);
    }

    #[test]
    fn product_rules_and_bases() {
        let s = DistributionSettings { commission_base: CommissionBase::PaidWithShipping, ..Default::default() };
        let mut l = line(1, 2, 1000);
        l.rule = ProductRule::Fixed { per_unit: [300, 400, 0] };
        let c = compute_commissions(&s, None, [earner(10), earner(20), None], &[l]);
        // 600 for tier 1, then only 450 of the 1050 base is left for tier 2.
        assert_eq!(c.iter().map(|x| x.amount).collect::<Vec<_>>(), vec![600, 450]);
        l.rule = ProductRule::None;
        assert!(compute_commissions(&s, None, [earner(10), None, None], &[l]).is_empty());
        l.rule = ProductRule::Rates { rates_bp: [2500, 0, 0] };
        assert_eq!(compute_commissions(&s, None, [earner(10), earner(20), None], &[l])[0].amount, 262);
        let grade = Earner { user_id: 10, active: true, grade_rates_bp: Some([2000, 0, 0]) };
        assert_eq!(
            compute_commissions(&DistributionSettings::default(), None, [Some(grade), None, None], &[line(1, 1, 1000)])[0].amount,
            200
        );
    }

    #[test]
    fn team_reward_bands_and_cap() {
        let bands = [TeamBand { min_sales: 100_000, rate_bp: 100 }, TeamBand { min_sales: 1_000_000, rate_bp: 300 }];
        assert_eq!(team_reward(&bands, 0, 99_999), (0, None));
        assert_eq!(team_reward(&bands, 0, 500_000), (5_000, Some(100)));
        assert_eq!(team_reward(&bands, 0, 2_000_000), (60_000, Some(300)));
        assert_eq!(team_reward(&bands, 20_000, 2_000_000), (20_000, Some(300)));
    }

    #[test]
    fn fees() {
        let w = WithdrawalRules { fee_bp: 100, fee_fixed: 10, fee_min: 50, ..Default::default() };
        assert_eq!(w.fee(1000), 50);
        assert_eq!(w.fee(100_000), 1010);
        assert_eq!(w.fee(30), 30, "never more than the amount");
    }

    proptest! {
        #[test]
        fn commission_never_exceeds_base_times_rate(
            rates in proptest::array::uniform3(0i64..5_000),
            paid in proptest::collection::vec((1i64..20, 0i64..1_000_000), 1..8),
        ) {
            let s = DistributionSettings { tiers: 3, rates_bp: rates, ..Default::default() };
            let lines: Vec<LineInput> = paid.iter().enumerate().map(|(i, (q, p))| line(i as i64, *q, *p)).collect();
            let c = compute_commissions(&s, None, [earner(1), earner(2), earner(3)], &lines);
            for x in &c {
                let l = &lines[x.line_id as usize];
                prop_assert!(x.amount as i128 <= l.paid_amount as i128 * rates[(x.tier - 1) as usize] as i128 / 10_000);
                prop_assert!(x.amount > 0);
            }
            for l in &lines {
                let total: i64 = c.iter().filter(|x| x.line_id == l.line_id).map(|x| x.amount).sum();
                prop_assert!(total <= l.paid_amount);
            }
        }

        #[test]
        fn reversals_add_up_exactly_and_never_exceed(amount in 0i64..1_000_000, q in 1i64..30, steps in proptest::collection::vec(1i64..5, 1..10)) {
            let (mut refunded, mut reversed) = (0i64, 0i64);
            for st in steps {
                if refunded >= q { break; }
                refunded = (refunded + st).min(q);
                let r = reversal_amount(amount, q, refunded, reversed);
                prop_assert!(r >= 0);
                reversed += r;
                prop_assert!(reversed <= amount);
                prop_assert!(reversed as i128 >= amount as i128 * refunded as i128 / q as i128);
            }
            let last = reversal_amount(amount, q, q, reversed);
            prop_assert_eq!(reversed + last, amount);
        }
    }
}

/// A distributor grade (分销等级): its own per-tier rates and the conditions that upgrade a member to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grade {
    #[serde(default)]
    pub id: i64,
    pub name: String,
    /// Higher is better; upgrades only ever move to a higher level.
    pub level: i64,
    pub rates_bp: [i64; 3],
    pub conditions: UpgradeConditions,
}

/// Upgrade conditions; unset ones are ignored. `all`: every set condition must hold (AND), else any (OR).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct UpgradeConditions {
    pub own_spend: Option<i64>,
    pub direct_recruits: Option<i64>,
    pub team_sales: Option<i64>,
    pub order_count: Option<i64>,
    pub all: bool,
}

/// What the conditions are measured on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MemberFigures {
    pub own_spend: i64,
    pub direct_recruits: i64,
    pub team_sales: i64,
    pub order_count: i64,
}

impl UpgradeConditions {
    pub fn hold(&self, f: &MemberFigures) -> bool {
        let checks: Vec<bool> = [
            self.own_spend.map(|v| f.own_spend >= v),
            self.direct_recruits.map(|v| f.direct_recruits >= v),
            self.team_sales.map(|v| f.team_sales >= v),
            self.order_count.map(|v| f.order_count >= v),
        ]
        .into_iter()
        .flatten()
        .collect();
        if checks.is_empty() {
            return false;
        }
        if self.all { checks.iter().all(|c| *c) } else { checks.iter().any(|c| *c) }
    }
}

impl Grade {
    pub fn validate(&self, tiers: i64) -> Result<(), ValidationError> {
        let mut e = ValidationError::default();
        if self.name.trim().is_empty() || self.name.chars().count() > 32 {
            e.push("name", "out_of_range");
        }
        if !(1..=100).contains(&self.level) {
            e.push("level", "out_of_range");
        }
        if self.rates_bp.iter().any(|r| !(0..=10_000).contains(r)) {
            e.push("rates_bp", "out_of_range");
        } else if self.rates_bp.iter().take(tiers.clamp(1, 3) as usize).sum::<i64>() > 10_000 {
            e.push("rates_bp", "sum_exceeds_100_percent");
        }
        let c = &self.conditions;
        if [c.own_spend, c.direct_recruits, c.team_sales, c.order_count].iter().flatten().any(|v| *v < 0) {
            e.push("conditions", "out_of_range");
        }
        e.into_result()
    }
}

/// The grade a member should move up to: the highest-level grade above `current_level` whose
/// conditions hold (never down — downgrades are staff decisions).
pub fn upgrade_to<'a>(grades: &'a [Grade], f: &MemberFigures, current_level: i64) -> Option<&'a Grade> {
    grades.iter().filter(|g| g.level > current_level && g.conditions.hold(f)).max_by_key(|g| g.level)
}

#[cfg(test)]
mod grade_tests {
    use super::*;

    fn g(level: i64, c: UpgradeConditions) -> Grade {
        Grade { id: level, name: format!("G{level}"), level, rates_bp: [1500, 500, 0], conditions: c }
    }

    #[test]
    fn conditions_and_or() {
        let c = UpgradeConditions { own_spend: Some(1000), direct_recruits: Some(3), ..Default::default() };
        let f = MemberFigures { own_spend: 1000, direct_recruits: 1, ..Default::default() };
        assert!(c.hold(&f), "OR: spend is enough");
        assert!(!UpgradeConditions { all: true, ..c }.hold(&f), "AND: recruits missing");
        assert!(!UpgradeConditions::default().hold(&f), "no condition never upgrades");
    }

    #[test]
    fn upgrades_only_upwards_to_the_best_grade() {
        let grades = [
            g(1, UpgradeConditions { order_count: Some(1), ..Default::default() }),
            g(2, UpgradeConditions { team_sales: Some(10_000), ..Default::default() }),
            g(3, UpgradeConditions { team_sales: Some(1_000_000), ..Default::default() }),
        ];
        let f = MemberFigures { order_count: 2, team_sales: 50_000, ..Default::default() };
        assert_eq!(upgrade_to(&grades, &f, 0).map(|g| g.level), Some(2));
        assert_eq!(upgrade_to(&grades, &f, 2), None);
        assert_eq!(upgrade_to(&grades, &f, 3), None, "never down");
    }

    #[test]
    fn grades_are_validated() {
        let mut x = g(1, UpgradeConditions::default());
        assert!(x.validate(2).is_ok());
        x.rates_bp = [9000, 2000, 0];
        assert!(x.validate(2).is_err());
        x.rates_bp = [1000, 0, 0];
        x.level = 0;
        assert!(x.validate(2).is_err());
    }
}

//! The pricing pipeline. One fixed order, documented in docs/orders.md:
//!
//! 1. **lines** — unit price × quantity (the SKU price, or the distributor price for distributors);
//! 2. **activity price** — a running activity's unit price replaces the unit price of its line;
//! 3. **coupon** — an order-level amount, capped by what the eligible lines still cost, allocated over
//!    the eligible lines in proportion to their amounts (largest remainder);
//! 4. **points** — a deduction capped by what all lines still cost, allocated the same way;
//! 5. **shipping** — computed on the discounted goods amount and weight, then allocated over lines by
//!    paid amount (so "paid price including shipping" commission bases are exact).
//!
//! Every line ends with `paid_amount = list_amount − activity − coupon − points ≥ 0`, and the lines'
//! paid amounts plus shipping are exactly the order total.

use crate::money::allocate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineInput {
    pub sku_id: i64,
    pub quantity: i64,
    /// What this buyer pays per unit before activities (price, or distributor price).
    pub unit_price: i64,
    /// A running activity's unit price for this line (flash sale, timed discount, group price).
    pub activity_unit_price: Option<i64>,
    pub weight_g: i64,
    /// Whether the coupon (if any) applies to this line (its scope).
    pub coupon_eligible: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricedLine {
    pub sku_id: i64,
    pub quantity: i64,
    pub unit_price: i64,
    pub list_amount: i64,
    pub activity_discount: i64,
    pub coupon_discount: i64,
    pub points_discount: i64,
    /// What the line costs after every discount, shipping excluded.
    pub paid_amount: i64,
    pub shipping_share: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricedOrder {
    pub lines: Vec<PricedLine>,
    pub goods_amount: i64,
    pub activity_discount: i64,
    pub coupon_discount: i64,
    pub points_discount: i64,
    pub shipping: i64,
    pub total: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PricingError {
    #[error("an order needs at least one line")]
    Empty,
    #[error("quantity must be 1..=9999")]
    BadQuantity,
    #[error("prices and discounts must not be negative")]
    Negative,
    #[error("amount too large")]
    Overflow,
}

pub const MAX_QUANTITY: i64 = 9_999;

/// Runs the pipeline. `coupon` and `points` are the amounts the marketing rules grant (fen); they are
/// capped here so no line can go below zero. `shipping` receives the discounted goods amount and the
/// total weight and returns the fee.
pub fn price_order(
    lines: &[LineInput],
    coupon: i64,
    points: i64,
    shipping: impl FnOnce(i64, i64) -> i64,
) -> Result<PricedOrder, PricingError> {
    if lines.is_empty() {
        return Err(PricingError::Empty);
    }
    if coupon < 0 || points < 0 {
        return Err(PricingError::Negative);
    }
    let mut out = Vec::with_capacity(lines.len());
    for l in lines {
        if !(1..=MAX_QUANTITY).contains(&l.quantity) {
            return Err(PricingError::BadQuantity);
        }
        if l.unit_price < 0 || l.weight_g < 0 || l.activity_unit_price.is_some_and(|p| p < 0) {
            return Err(PricingError::Negative);
        }
        let list_amount = l.unit_price.checked_mul(l.quantity).ok_or(PricingError::Overflow)?;
        // An activity never raises a price.
        let activity_unit = l.activity_unit_price.map(|p| p.min(l.unit_price)).unwrap_or(l.unit_price);
        let after_activity = activity_unit.checked_mul(l.quantity).ok_or(PricingError::Overflow)?;
        out.push(PricedLine {
            sku_id: l.sku_id,
            quantity: l.quantity,
            unit_price: l.unit_price,
            list_amount,
            activity_discount: list_amount - after_activity,
            coupon_discount: 0,
            points_discount: 0,
            paid_amount: after_activity,
            shipping_share: 0,
        });
    }

    // Coupon over the eligible lines.
    let eligible_amounts: Vec<i64> = out.iter().zip(lines).map(|(p, l)| if l.coupon_eligible { p.paid_amount } else { 0 }).collect();
    let eligible_total: i64 = sum(&eligible_amounts)?;
    let coupon = coupon.min(eligible_total);
    if coupon > 0 {
        for (p, share) in out.iter_mut().zip(allocate(coupon, &eligible_amounts)) {
            p.coupon_discount = share;
            p.paid_amount -= share;
        }
    }

    // Points over every line.
    let remaining: Vec<i64> = out.iter().map(|p| p.paid_amount).collect();
    let points = points.min(sum(&remaining)?);
    if points > 0 {
        for (p, share) in out.iter_mut().zip(allocate(points, &remaining)) {
            p.points_discount = share;
            p.paid_amount -= share;
        }
    }

    let goods_paid = sum(&out.iter().map(|p| p.paid_amount).collect::<Vec<_>>())?;
    let weight = lines
        .iter()
        .try_fold(0i64, |acc, l| l.weight_g.checked_mul(l.quantity).and_then(|w| acc.checked_add(w)))
        .ok_or(PricingError::Overflow)?;
    let fee = shipping(goods_paid, weight);
    if fee < 0 {
        return Err(PricingError::Negative);
    }
    let weights: Vec<i64> = out.iter().map(|p| p.paid_amount).collect();
    for (p, share) in out.iter_mut().zip(allocate(fee, &weights)) {
        p.shipping_share = share;
    }

    let goods_amount = sum(&out.iter().map(|p| p.list_amount).collect::<Vec<_>>())?;
    let activity_discount = out.iter().map(|p| p.activity_discount).sum();
    Ok(PricedOrder {
        goods_amount,
        activity_discount,
        coupon_discount: coupon.max(0),
        points_discount: points.max(0),
        shipping: fee,
        total: goods_paid.checked_add(fee).ok_or(PricingError::Overflow)?,
        lines: out,
    })
}

fn sum(v: &[i64]) -> Result<i64, PricingError> {
    v.iter().try_fold(0i64, |a, b| a.checked_add(*b)).ok_or(PricingError::Overflow)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn line(sku: i64, q: i64, price: i64) -> LineInput {
        LineInput { sku_id: sku, quantity: q, unit_price: price, activity_unit_price: None, weight_g: 100, coupon_eligible: true }
    }

    #[test]
    fn discounts_are_applied_in_order_and_allocated() {
        let mut a = line(1, 2, 5000);
        a.activity_unit_price = Some(4000);
        let b = line(2, 1, 2000);
        let o = price_order(&[a, b], 1000, 500, |_, _| 800).unwrap();
        assert_eq!(o.goods_amount, 12000);
        assert_eq!(o.activity_discount, 2000);
        // coupon 1000 over 8000 : 2000 → 800 : 200
        assert_eq!(o.lines[0].coupon_discount, 800);
        assert_eq!(o.lines[1].coupon_discount, 200);
        // points 500 over 7200 : 1800 → 400 : 100
        assert_eq!(o.lines[0].points_discount, 400);
        assert_eq!(o.lines[1].points_discount, 100);
        assert_eq!(o.lines[0].paid_amount, 6800);
        assert_eq!(o.lines[1].paid_amount, 1700);
        assert_eq!(o.total, 6800 + 1700 + 800);
        assert_eq!(o.lines.iter().map(|l| l.shipping_share).sum::<i64>(), 800);
    }

    #[test]
    fn coupon_only_touches_eligible_lines_and_is_capped() {
        let a = line(1, 1, 1000);
        let mut b = line(2, 1, 3000);
        b.coupon_eligible = false;
        let o = price_order(&[a, b], 5000, 0, |_, _| 0).unwrap();
        assert_eq!(o.coupon_discount, 1000);
        assert_eq!(o.lines[0].paid_amount, 0);
        assert_eq!(o.lines[1].coupon_discount, 0);
        assert_eq!(o.total, 3000);
    }

    #[test]
    fn bad_input_is_refused() {
        assert_eq!(price_order(&[], 0, 0, |_, _| 0), Err(PricingError::Empty));
        assert_eq!(price_order(&[line(1, 0, 1)], 0, 0, |_, _| 0), Err(PricingError::BadQuantity));
        assert_eq!(price_order(&[line(1, -3, 1)], 0, 0, |_, _| 0), Err(PricingError::BadQuantity));
        assert_eq!(price_order(&[line(1, 10_000, 1)], 0, 0, |_, _| 0), Err(PricingError::BadQuantity));
        assert_eq!(price_order(&[line(1, 1, -1)], 0, 0, |_, _| 0), Err(PricingError::Negative));
        assert_eq!(price_order(&[line(1, 1, 1)], -1, 0, |_, _| 0), Err(PricingError::Negative));
        assert_eq!(price_order(&[line(1, 9999, i64::MAX / 2)], 0, 0, |_, _| 0), Err(PricingError::Overflow));
    }

    fn arb_line() -> impl Strategy<Value = LineInput> {
        (1i64..1000, 1i64..50, 0i64..100_000, proptest::option::of(0i64..120_000), 0i64..5000, any::<bool>()).prop_map(
            |(sku, q, p, act, w, el)| LineInput {
                sku_id: sku,
                quantity: q,
                unit_price: p,
                activity_unit_price: act,
                weight_g: w,
                coupon_eligible: el,
            },
        )
    }

    proptest! {
        #[test]
        fn lines_always_sum_to_the_total(lines in proptest::collection::vec(arb_line(), 1..8), coupon in 0i64..500_000, points in 0i64..500_000, fee in 0i64..5000) {
            let o = price_order(&lines, coupon, points, |_, _| fee).unwrap();
            let paid: i64 = o.lines.iter().map(|l| l.paid_amount).sum();
            let ship: i64 = o.lines.iter().map(|l| l.shipping_share).sum();
            prop_assert_eq!(paid + o.shipping, o.total);
            prop_assert_eq!(ship, o.shipping);
            prop_assert_eq!(o.goods_amount - o.activity_discount - o.coupon_discount - o.points_discount, paid);
            for l in &o.lines {
                prop_assert!(l.paid_amount >= 0 && l.coupon_discount >= 0 && l.points_discount >= 0 && l.activity_discount >= 0);
                prop_assert_eq!(l.list_amount - l.activity_discount - l.coupon_discount - l.points_discount, l.paid_amount);
            }
            prop_assert!(o.coupon_discount <= coupon && o.points_discount <= points);
            // Ineligible lines never carry coupon discount.
            for (l, i) in o.lines.iter().zip(&lines) {
                if !i.coupon_eligible { prop_assert_eq!(l.coupon_discount, 0); }
            }
        }
    }
}

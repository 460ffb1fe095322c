//! Money is an integer number of fen (1/100 CNY); rates are basis points (1 bp = 0.01 %).
//! Every split rounds down per share and the remainder is handed out by largest remainder, so the
//! parts always add up to the whole.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount in fen. Arithmetic is checked: an overflow is a bug we want to see, not a wrap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Money(pub i64);

impl Money {
    pub const ZERO: Money = Money(0);

    pub fn fen(self) -> i64 {
        self.0
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.0.checked_sub(other.0).map(Money)
    }

    pub fn checked_mul(self, n: i64) -> Option<Money> {
        self.0.checked_mul(n).map(Money)
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// `self × rate`, rounded down (toward zero for non-negative amounts). Uses i128 so no
    /// intermediate product can overflow.
    pub fn apply_rate(self, rate: Bp) -> Money {
        let v = (self.0 as i128 * rate.0 as i128).div_euclid(10_000);
        Money(v as i64)
    }
}

impl fmt::Display for Money {
    /// `12900` → `¥129.00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}¥{}.{:02}", abs / 100, abs % 100)
    }
}

/// A rate in basis points: 10_000 bp = 100 %.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Bp(pub i64);

impl Bp {
    pub const FULL: Bp = Bp(10_000);
}

/// Splits `total` over `weights` in proportion, rounding each share down and handing the leftover fen
/// one by one to the shares with the largest remainders (ties go to the earlier share). The result
/// always sums to `total` exactly. A zero total weight puts everything on the first share.
///
/// `total` must be ≥ 0 and every weight ≥ 0; an empty weight list returns an empty vector (and a
/// non-zero total then has nowhere to go, which the caller must treat as a bug).
pub fn allocate(total: i64, weights: &[i64]) -> Vec<i64> {
    assert!(total >= 0, "allocate: negative total");
    assert!(weights.iter().all(|w| *w >= 0), "allocate: negative weight");
    if weights.is_empty() {
        return Vec::new();
    }
    let sum: i128 = weights.iter().map(|w| *w as i128).sum();
    if sum == 0 {
        let mut out = vec![0; weights.len()];
        out[0] = total;
        return out;
    }
    let mut shares = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    let mut given: i128 = 0;
    for (i, w) in weights.iter().enumerate() {
        let num = total as i128 * *w as i128;
        let share = num / sum;
        given += share;
        shares.push(share as i64);
        remainders.push((num % sum, i));
    }
    let mut left = total as i128 - given;
    // Largest remainder first; on a tie the earlier line wins, so the result is deterministic.
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in remainders {
        if left == 0 {
            break;
        }
        shares[i] += 1;
        left -= 1;
    }
    shares
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn displays_yuan_with_two_decimals() {
        assert_eq!(Money(12900).to_string(), "¥129.00");
        assert_eq!(Money(5).to_string(), "¥0.05");
        assert_eq!(Money(-150).to_string(), "-¥1.50");
    }

    #[test]
    fn rate_rounds_down() {
        assert_eq!(Money(999).apply_rate(Bp(1000)), Money(99));
        assert_eq!(Money(12900).apply_rate(Bp(1234)), Money(1591));
        assert_eq!(Money(i64::MAX).apply_rate(Bp::FULL), Money(i64::MAX));
    }

    #[test]
    fn allocation_hands_leftover_to_largest_remainder() {
        assert_eq!(allocate(100, &[1, 1, 1]), vec![34, 33, 33]);
        assert_eq!(allocate(10, &[3, 3, 4]), vec![3, 3, 4]);
        assert_eq!(allocate(7, &[0, 0]), vec![7, 0]);
        assert_eq!(allocate(5, &[1, 2]), vec![2, 3]);
    }

    proptest! {
        #[test]
        fn allocation_always_sums_to_total(total in 0i64..10_000_000_000, weights in proptest::collection::vec(0i64..1_000_000_000, 1..20)) {
            let parts = allocate(total, &weights);
            prop_assert_eq!(parts.len(), weights.len());
            prop_assert_eq!(parts.iter().sum::<i64>(), total);
            prop_assert!(parts.iter().all(|p| *p >= 0));
            let wsum: i128 = weights.iter().map(|w| *w as i128).sum();
            if wsum > 0 {
                // No share strays more than one fen from its exact proportion.
                for (p, w) in parts.iter().zip(&weights) {
                    let exact_floor = (total as i128 * *w as i128) / wsum;
                    prop_assert!(*p as i128 == exact_floor || *p as i128 == exact_floor + 1);
                }
            }
        }

        #[test]
        fn rate_never_exceeds_amount(amount in 0i64..1_000_000_000_000, bp in 0i64..=10_000) {
            let r = Money(amount).apply_rate(Bp(bp));
            prop_assert!(r.0 >= 0 && r.0 <= amount);
        }
    }
}

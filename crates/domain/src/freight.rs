//! Freight templates (运费模板): flat fee, free over an amount, or by weight with regional overrides.

use crate::validation::ValidationError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionRate {
    /// Province names as on addresses, e.g. `新疆维吾尔自治区`.
    pub provinces: Vec<String>,
    pub first_fee: i64,
    pub step_fee: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FreightRule {
    /// One fee per order.
    Flat { fee: i64 },
    /// `fee`, or nothing when the discounted goods amount reaches `threshold`.
    FreeOver { fee: i64, threshold: i64 },
    /// `first_fee` covers `first_weight_g`; each started `step_weight_g` beyond costs `step_fee`. A
    /// province listed in `regions` uses that region's fees. Optional free shipping over an amount.
    ByWeight {
        first_weight_g: i64,
        first_fee: i64,
        step_weight_g: i64,
        step_fee: i64,
        #[serde(default)]
        free_over: Option<i64>,
        #[serde(default)]
        regions: Vec<RegionRate>,
    },
}

impl FreightRule {
    pub fn validate(&self) -> Result<(), ValidationError> {
        let mut e = ValidationError::default();
        let nonneg = |e: &mut ValidationError, f: &str, v: i64| {
            if !(0..=100_000_000).contains(&v) {
                e.push(f.to_string(), "out_of_range");
            }
        };
        match self {
            FreightRule::Flat { fee } => nonneg(&mut e, "fee", *fee),
            FreightRule::FreeOver { fee, threshold } => {
                nonneg(&mut e, "fee", *fee);
                nonneg(&mut e, "threshold", *threshold);
            }
            FreightRule::ByWeight { first_weight_g, first_fee, step_weight_g, step_fee, free_over, regions } => {
                if !(1..=1_000_000).contains(first_weight_g) {
                    e.push("first_weight_g", "out_of_range");
                }
                if !(1..=1_000_000).contains(step_weight_g) {
                    e.push("step_weight_g", "out_of_range");
                }
                nonneg(&mut e, "first_fee", *first_fee);
                nonneg(&mut e, "step_fee", *step_fee);
                if let Some(t) = free_over {
                    nonneg(&mut e, "free_over", *t);
                }
                if regions.len() > 64 {
                    e.push("regions", "too_long");
                }
                for (i, r) in regions.iter().enumerate() {
                    nonneg(&mut e, &format!("regions[{i}].first_fee"), r.first_fee);
                    nonneg(&mut e, &format!("regions[{i}].step_fee"), r.step_fee);
                    if r.provinces.is_empty()
                        || r.provinces.len() > 40
                        || r.provinces.iter().any(|p| p.trim().is_empty() || p.chars().count() > 32)
                    {
                        e.push(format!("regions[{i}].provinces"), "invalid_format");
                    }
                }
            }
        }
        e.into_result()
    }

    /// The fee for goods worth `goods_amount` (after discounts) weighing `weight_g`, shipped to `province`.
    pub fn fee(&self, goods_amount: i64, weight_g: i64, province: &str) -> i64 {
        match self {
            FreightRule::Flat { fee } => *fee,
            FreightRule::FreeOver { fee, threshold } => {
                if goods_amount >= *threshold {
                    0
                } else {
                    *fee
                }
            }
            FreightRule::ByWeight { first_weight_g, first_fee, step_weight_g, step_fee, free_over, regions } => {
                if free_over.is_some_and(|t| goods_amount >= t) {
                    return 0;
                }
                let (first, step) = regions
                    .iter()
                    .find(|r| r.provinces.iter().any(|p| p == province))
                    .map(|r| (r.first_fee, r.step_fee))
                    .unwrap_or((*first_fee, *step_fee));
                let extra = (weight_g - first_weight_g).max(0);
                let steps = (extra + step_weight_g - 1) / step_weight_g;
                first.saturating_add(steps.saturating_mul(step))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_and_free_over() {
        assert_eq!(FreightRule::Flat { fee: 800 }.fee(1, 1, "x"), 800);
        let f = FreightRule::FreeOver { fee: 1000, threshold: 9900 };
        assert_eq!(f.fee(9899, 0, ""), 1000);
        assert_eq!(f.fee(9900, 0, ""), 0);
    }

    #[test]
    fn by_weight_with_regions() {
        let f = FreightRule::ByWeight {
            first_weight_g: 1000,
            first_fee: 800,
            step_weight_g: 500,
            step_fee: 300,
            free_over: Some(20000),
            regions: vec![RegionRate { provinces: vec!["新疆维吾尔自治区".into()], first_fee: 2000, step_fee: 1000 }],
        };
        assert_eq!(f.fee(100, 900, "广东省"), 800);
        assert_eq!(f.fee(100, 1000, "广东省"), 800);
        assert_eq!(f.fee(100, 1001, "广东省"), 1100);
        assert_eq!(f.fee(100, 2000, "广东省"), 1400);
        assert_eq!(f.fee(100, 2000, "新疆维吾尔自治区"), 4000);
        assert_eq!(f.fee(20000, 2000, "新疆维吾尔自治区"), 0);
        assert!(f.validate().is_ok());
    }

    #[test]
    fn nonsense_templates_are_refused() {
        assert!(FreightRule::Flat { fee: -1 }.validate().is_err());
        let bad =
            FreightRule::ByWeight { first_weight_g: 0, first_fee: 1, step_weight_g: 0, step_fee: 1, free_over: None, regions: vec![] };
        assert_eq!(bad.validate().unwrap_err().errors.len(), 2);
    }
}

//! The dashboard: figures per shop day (paid orders, GMV, refunds, visitors, buyers, conversion)
//! and over the period (repurchase rate, active and top distributors), read from the tables the
//! payment, refund and page-view paths keep up to date (see `fenxiao_store::reports`).

use crate::admins::Actor;
use crate::{ServiceResult, Services};
use fenxiao_domain::ValidationError;
use fenxiao_domain::auth::Role;
use fenxiao_store::{DayFigures, shop_day};

pub struct Dashboard {
    pub from: String,
    pub to: String,
    /// Every day of the period, oldest first (zeros where nothing happened).
    pub days: Vec<DayFigures>,
    pub buyers: i64,
    pub repeat_buyers: i64,
    pub active_distributors: i64,
    /// (user id, nickname, commission earned in the period).
    pub top_distributors: Vec<(i64, String, i64)>,
}

/// Basis points of `part` in `whole` (0 when `whole` is 0), rounded down.
pub fn ratio_bp(part: i64, whole: i64) -> i64 {
    if whole <= 0 { 0 } else { (part as i128 * 10_000 / whole as i128) as i64 }
}

impl Services {
    pub async fn dashboard(&self, actor: &Actor, days: i64) -> ServiceResult<Dashboard> {
        actor.require(&[Role::Operator, Role::Finance, Role::Support])?;
        if !(1..=366).contains(&days) {
            return Err(ValidationError::field("days", "out_of_range").into());
        }
        let now = self.clock.now();
        let since = now - chrono::Duration::days(days - 1);
        let (from, to) = (shop_day(since), shop_day(now));
        let rows = self.store.report_days(&from, &to).await?;
        let mut out = Vec::with_capacity(days as usize);
        for i in 0..days {
            let d = shop_day(since + chrono::Duration::days(i));
            out.push(rows.iter().find(|r| r.day == d).cloned().unwrap_or(DayFigures { day: d, ..Default::default() }));
        }
        // Commission figures count from the start of the first shop day.
        let (start_of_first_day, _) = fenxiao_store::shop_day_and_month(since);
        let p = self.store.report_period(&from, &to, start_of_first_day).await?;
        let mut top = Vec::new();
        for (u, v) in self.store.rankings(false, start_of_first_day, 10).await? {
            let name = self.store.get_user(u).await.map(|x| x.nickname).unwrap_or_default();
            top.push((u, name, v));
        }
        Ok(Dashboard {
            from,
            to,
            days: out,
            buyers: p.buyers,
            repeat_buyers: p.repeat_buyers,
            active_distributors: p.active_distributors,
            top_distributors: top,
        })
    }

    /// A storefront page view. `visitor` is the anonymous id the storefront keeps on the device.
    /// At most 600 per minute per client address.
    pub async fn record_page_view(&self, visitor: &str, ip: Option<&str>) -> ServiceResult<()> {
        if let Err(retry_after_secs) = self.limiter.hit(&format!("pv:{}", ip.unwrap_or("-")), 600, std::time::Duration::from_secs(60)).await
        {
            return Err(crate::ServiceError::RateLimited { retry_after_secs });
        }
        let v = visitor.trim();
        if !(8..=64).contains(&v.len()) || !v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
            return Err(ValidationError::field("visitor_id", "invalid_format").into());
        }
        Ok(self.store.record_visit(v, self.clock.now()).await?)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ratios_in_basis_points() {
        assert_eq!(super::ratio_bp(1, 3), 3333);
        assert_eq!(super::ratio_bp(5, 0), 0);
        assert_eq!(super::ratio_bp(2, 2), 10_000);
    }
}

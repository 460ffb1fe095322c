//! Background jobs. Each deadline is a column on the order row (payment deadline, shipping time);
//! a run scans the due rows and acts on each through a conditional transition, so several
//! instances running the same job at once never act twice, and a repeated run is harmless.

use crate::{ServiceError, ServiceResult, Services};
use chrono::Duration;
use fenxiao_domain::order::OrderStatus;
use fenxiao_store::{Actor, StoreError, Transition};
use serde::Serialize;

pub const JOBS: [&str; 6] =
    ["cancel-expired-orders", "auto-confirm-receipt", "sync-payments", "settle-commissions", "team-reward", "expire-groups"];
const BATCH: u64 = 500;

#[derive(Debug, Clone, Serialize)]
pub struct JobRun {
    pub job: String,
    /// Rows found due.
    pub due: usize,
    /// Rows this run acted on (others were taken by a parallel run or changed meanwhile).
    pub processed: usize,
}

impl Services {
    pub async fn run_job(&self, name: &str) -> ServiceResult<JobRun> {
        let now = self.clock.now();
        let system = Actor { kind: "system", id: None };
        let (due, processed) = match name {
            "cancel-expired-orders" => {
                let ids = self.store.due_orders(OrderStatus::PendingPayment, now, BATCH).await?;
                let mut n = 0;
                for id in &ids {
                    match self.store.cancel_order(*id, system, "payment timeout", now, None).await {
                        Ok(back) => {
                            n += 1;
                            self.after_cancel(*id, back).await;
                        }
                        Err(StoreError::Conflict(_)) => {}
                        Err(e) => return Err(e.into()),
                    }
                }
                (ids.len(), n)
            }
            "auto-confirm-receipt" => {
                let days = self.order_settings().await?.auto_confirm_days;
                let ids = self.store.due_orders(OrderStatus::Shipped, now - Duration::days(days), BATCH).await?;
                let mut n = 0;
                for id in &ids {
                    match self
                        .store
                        .transition_order(
                            *id,
                            Transition::new(OrderStatus::Shipped, OrderStatus::Received, "auto_confirm_receipt", system),
                            now,
                            None,
                        )
                        .await
                    {
                        Ok(()) => n += 1,
                        Err(StoreError::Conflict(_)) => {}
                        Err(e) => return Err(e.into()),
                    }
                }
                (ids.len(), n)
            }
            "sync-payments" => self.sync_payments().await?,
            "settle-commissions" => self.settle_commissions().await?,
            "team-reward" => self.pay_team_rewards().await?,
            "expire-groups" => self.expire_groups().await?,
            _ => return Err(ServiceError::NotFound),
        };
        if processed > 0 {
            tracing::info!(job = name, due, processed, "job run");
        }
        Ok(JobRun { job: name.into(), due, processed })
    }

    /// Runs every job every `interval` until the process stops.
    pub fn spawn_workers(&self, interval: std::time::Duration) -> tokio::task::JoinHandle<()> {
        let s = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(interval);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                for j in JOBS {
                    if let Err(e) = s.run_job(j).await {
                        tracing::error!(job = j, error = %e, "job failed");
                    }
                }
            }
        })
    }
}

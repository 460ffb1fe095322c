//! The order state machine (SPEC §5). Every transition is one of these events; anything else is
//! refused as `invalid_transition`.
//!
//! ```text
//! pending_payment ──pay──▶ paid ──ship──▶ shipped ──confirm_receipt──▶ received ──complete──▶ completed
//!        │                  │               │                             │
//!        └──cancel──▶ cancelled             └────── refund_all ──▶ refunded ◀┘ (after-sale covering every unit)
//! ```

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    PendingPayment,
    Paid,
    Shipped,
    Received,
    Completed,
    Cancelled,
    Refunded,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 7] = [
        OrderStatus::PendingPayment,
        OrderStatus::Paid,
        OrderStatus::Shipped,
        OrderStatus::Received,
        OrderStatus::Completed,
        OrderStatus::Cancelled,
        OrderStatus::Refunded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::PendingPayment => "pending_payment",
            OrderStatus::Paid => "paid",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Received => "received",
            OrderStatus::Completed => "completed",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Refunded => "refunded",
        }
    }

    pub fn parse(s: &str) -> Option<OrderStatus> {
        OrderStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Whether an after-sale request may be opened in this state.
    pub fn allows_after_sale(self) -> bool {
        matches!(self, OrderStatus::Paid | OrderStatus::Shipped | OrderStatus::Received | OrderStatus::Completed)
    }
}

impl fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderEvent {
    Pay,
    Ship,
    ConfirmReceipt,
    Complete,
    Cancel,
    RefundAll,
}

impl OrderEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            OrderEvent::Pay => "pay",
            OrderEvent::Ship => "ship",
            OrderEvent::ConfirmReceipt => "confirm_receipt",
            OrderEvent::Complete => "complete",
            OrderEvent::Cancel => "cancel",
            OrderEvent::RefundAll => "refund_all",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidTransition {
    pub from: OrderStatus,
    pub event: OrderEvent,
}

/// The state `event` leads to from `from`, or `InvalidTransition`.
pub fn next_status(from: OrderStatus, event: OrderEvent) -> Result<OrderStatus, InvalidTransition> {
    use OrderEvent as E;
    use OrderStatus as S;
    let to = match (from, event) {
        (S::PendingPayment, E::Pay) => S::Paid,
        (S::PendingPayment, E::Cancel) => S::Cancelled,
        (S::Paid, E::Ship) => S::Shipped,
        (S::Shipped, E::ConfirmReceipt) => S::Received,
        (S::Received, E::Complete) => S::Completed,
        (S::Paid | S::Shipped | S::Received | S::Completed, E::RefundAll) => S::Refunded,
        _ => return Err(InvalidTransition { from, event }),
    };
    Ok(to)
}

/// Who made a transition happen, recorded with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    Shopper,
    Admin,
    System,
}

impl ActorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Shopper => "shopper",
            ActorKind::Admin => "admin",
            ActorKind::System => "system",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AfterSaleKind {
    RefundOnly,
    ReturnAndRefund,
}

impl AfterSaleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AfterSaleKind::RefundOnly => "refund_only",
            AfterSaleKind::ReturnAndRefund => "return_and_refund",
        }
    }

    pub fn parse(s: &str) -> Option<AfterSaleKind> {
        match s {
            "refund_only" => Some(AfterSaleKind::RefundOnly),
            "return_and_refund" => Some(AfterSaleKind::ReturnAndRefund),
            _ => None,
        }
    }
}

/// After-sale requests: `refund_requested` → `refund_approved` / `refund_rejected`; an approved one
/// becomes `refunded` when the money is back (the payments feature does that step).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AfterSaleStatus {
    RefundRequested,
    RefundApproved,
    RefundRejected,
    Refunded,
}

impl AfterSaleStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AfterSaleStatus::RefundRequested => "refund_requested",
            AfterSaleStatus::RefundApproved => "refund_approved",
            AfterSaleStatus::RefundRejected => "refund_rejected",
            AfterSaleStatus::Refunded => "refunded",
        }
    }

    pub fn parse(s: &str) -> Option<AfterSaleStatus> {
        [AfterSaleStatus::RefundRequested, AfterSaleStatus::RefundApproved, AfterSaleStatus::RefundRejected, AfterSaleStatus::Refunded]
            .into_iter()
            .find(|x| x.as_str() == s)
    }

    /// Whether the request still holds units (so a new request cannot claim them again).
    pub fn holds_units(self) -> bool {
        !matches!(self, AfterSaleStatus::RefundRejected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_happy_path_walks_to_completed() {
        let mut s = OrderStatus::PendingPayment;
        for e in [OrderEvent::Pay, OrderEvent::Ship, OrderEvent::ConfirmReceipt, OrderEvent::Complete] {
            s = next_status(s, e).unwrap();
        }
        assert_eq!(s, OrderStatus::Completed);
    }

    #[test]
    fn illegal_transitions_are_refused() {
        assert!(next_status(OrderStatus::PendingPayment, OrderEvent::Ship).is_err());
        assert!(next_status(OrderStatus::Paid, OrderEvent::Cancel).is_err(), "a paid order is refunded, not cancelled");
        assert!(next_status(OrderStatus::Shipped, OrderEvent::Pay).is_err());
        assert!(next_status(OrderStatus::Cancelled, OrderEvent::Pay).is_err());
        assert!(next_status(OrderStatus::Paid, OrderEvent::ConfirmReceipt).is_err());
        // Terminal states accept nothing.
        for e in
            [OrderEvent::Pay, OrderEvent::Ship, OrderEvent::ConfirmReceipt, OrderEvent::Complete, OrderEvent::Cancel, OrderEvent::RefundAll]
        {
            assert!(next_status(OrderStatus::Cancelled, e).is_err());
            assert!(next_status(OrderStatus::Refunded, e).is_err());
        }
    }

    #[test]
    fn statuses_round_trip() {
        for s in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(OrderStatus::parse("shipped; DROP TABLE orders"), None);
    }
}

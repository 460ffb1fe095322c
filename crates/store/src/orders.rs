//! Orders: placement with stock reserved by conditional decrements in the same transaction,
//! state transitions as conditional updates (`WHERE status = expected`) with their event rows,
//! cancellation that releases stock exactly once, after-sale requests, and the due-time scans the
//! background jobs claim work from.

use crate::admins::insert_audit;
use crate::catalog_admin::record_adjustment;
use crate::entities::{after_sale, after_sale_line, cart_item, order, order_event, order_line, setting, sku};
use crate::{AuditEntry, Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use fenxiao_domain::order::{AfterSaleKind, AfterSaleStatus, OrderStatus};
use sea_orm::ExprTrait;
use sea_orm::sea_query::{Expr, LockType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Set, TransactionTrait,
};

#[derive(Debug, Clone)]
pub struct NewOrderLine {
    pub product_id: i64,
    pub sku_id: i64,
    pub product_name: String,
    pub sku_specs: String,
    pub image: String,
    pub unit_price: i64,
    pub quantity: i64,
    pub list_amount: i64,
    pub activity_discount: i64,
    pub coupon_discount: i64,
    pub points_discount: i64,
    pub paid_amount: i64,
    pub shipping_share: i64,
}

#[derive(Debug, Clone)]
pub struct NewOrder {
    pub order_no: String,
    pub user_id: i64,
    pub goods_amount: i64,
    pub activity_discount: i64,
    pub coupon_discount: i64,
    pub points_discount: i64,
    pub shipping_fee: i64,
    pub total: i64,
    pub address_json: String,
    pub upline: [Option<i64>; 3],
    pub buyer_is_distributor: bool,
    pub note: String,
    pub pay_deadline: DateTime<Utc>,
    /// The distribution settings version in force at placement (commission uses it at payment).
    pub distribution_version: Option<i64>,
    pub lines: Vec<NewOrderLine>,
    /// Cart lines (by SKU) to remove when the order is placed.
    pub remove_cart_skus: Vec<i64>,
    /// The coupon, points, activity units and group seat the order takes.
    pub marketing: crate::OrderMarketing,
}

#[derive(Debug, Clone)]
pub struct OrderLineRecord {
    pub id: i64,
    pub product_id: i64,
    pub sku_id: i64,
    pub product_name: String,
    pub sku_specs: String,
    pub image: String,
    pub unit_price: i64,
    pub quantity: i64,
    pub list_amount: i64,
    pub activity_discount: i64,
    pub coupon_discount: i64,
    pub points_discount: i64,
    pub paid_amount: i64,
    pub shipping_share: i64,
    pub refunded_quantity: i64,
    pub points_earned: i64,
}

#[derive(Debug, Clone)]
pub struct OrderRecord {
    pub id: i64,
    pub order_no: String,
    pub user_id: i64,
    pub status: OrderStatus,
    pub goods_amount: i64,
    pub activity_discount: i64,
    pub coupon_discount: i64,
    pub points_discount: i64,
    pub shipping_fee: i64,
    pub total: i64,
    pub address_json: String,
    pub upline: [Option<i64>; 3],
    pub buyer_is_distributor: bool,
    pub note: String,
    pub pay_deadline: DateTime<Utc>,
    pub paid_at: Option<DateTime<Utc>>,
    pub shipped_at: Option<DateTime<Utc>>,
    pub carrier: Option<String>,
    pub tracking_no: Option<String>,
    pub received_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub cancel_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub distribution_version: Option<i64>,
    pub user_coupon_id: Option<i64>,
    pub points_used: i64,
    pub points_earned: i64,
    pub activity_kind: Option<String>,
    pub activity_id: Option<i64>,
    pub group_id: Option<i64>,
    pub pays_commission: bool,
    pub lines: Vec<OrderLineRecord>,
}

#[derive(Debug, Clone)]
pub struct OrderEventRecord {
    pub from_status: Option<String>,
    pub to_status: String,
    pub event: String,
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    pub note: String,
    pub at: DateTime<Utc>,
}

/// One order state change: from, to, the event name, who did it, and shipping details when shipping.
#[derive(Debug, Clone)]
pub struct Transition<'a> {
    pub from: OrderStatus,
    pub to: OrderStatus,
    pub event: &'a str,
    pub actor: Actor<'a>,
    pub carrier: Option<String>,
    pub tracking_no: Option<String>,
}

impl<'a> Transition<'a> {
    pub fn new(from: OrderStatus, to: OrderStatus, event: &'a str, actor: Actor<'a>) -> Self {
        Transition { from, to, event, actor, carrier: None, tracking_no: None }
    }
}

/// Who caused a transition: kind (`shopper`, `admin`, `system`) and id.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub kind: &'a str,
    pub id: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct OrderQuery {
    pub user_id: Option<i64>,
    pub status: Option<OrderStatus>,
    pub order_no: Option<String>,
    pub page: u64,
    pub page_size: u64,
}

#[derive(Debug, Clone)]
pub struct AfterSaleLineRecord {
    pub order_line_id: i64,
    pub quantity: i64,
    pub amount: i64,
}

#[derive(Debug, Clone)]
pub struct AfterSaleRecord {
    pub id: i64,
    pub order_id: i64,
    pub user_id: i64,
    pub kind: AfterSaleKind,
    pub status: AfterSaleStatus,
    pub reason: String,
    pub amount: i64,
    pub reject_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub lines: Vec<AfterSaleLineRecord>,
}

fn line_rec(l: order_line::Model) -> OrderLineRecord {
    OrderLineRecord {
        id: l.id,
        product_id: l.product_id,
        sku_id: l.sku_id,
        product_name: l.product_name,
        sku_specs: l.sku_specs,
        image: l.image,
        unit_price: l.unit_price,
        quantity: l.quantity as i64,
        list_amount: l.list_amount,
        activity_discount: l.activity_discount,
        coupon_discount: l.coupon_discount,
        points_discount: l.points_discount,
        paid_amount: l.paid_amount,
        shipping_share: l.shipping_share,
        refunded_quantity: l.refunded_quantity as i64,
        points_earned: l.points_earned,
    }
}

fn order_rec(o: order::Model, lines: Vec<OrderLineRecord>) -> OrderRecord {
    OrderRecord {
        id: o.id,
        order_no: o.order_no,
        user_id: o.user_id,
        status: OrderStatus::parse(&o.status).unwrap_or(OrderStatus::Cancelled),
        goods_amount: o.goods_amount,
        activity_discount: o.activity_discount,
        coupon_discount: o.coupon_discount,
        points_discount: o.points_discount,
        shipping_fee: o.shipping_fee,
        total: o.total,
        address_json: o.address,
        upline: [o.upline1, o.upline2, o.upline3],
        buyer_is_distributor: o.buyer_is_distributor,
        note: o.note,
        pay_deadline: o.pay_deadline,
        paid_at: o.paid_at,
        shipped_at: o.shipped_at,
        carrier: o.carrier,
        tracking_no: o.tracking_no,
        received_at: o.received_at,
        completed_at: o.completed_at,
        cancelled_at: o.cancelled_at,
        cancel_reason: o.cancel_reason,
        created_at: o.created_at,
        distribution_version: o.distribution_version,
        user_coupon_id: o.user_coupon_id,
        points_used: o.points_used,
        points_earned: o.points_earned,
        activity_kind: o.activity_kind,
        activity_id: o.activity_id,
        group_id: o.group_id,
        pays_commission: o.pays_commission,
        lines,
    }
}

#[allow(clippy::too_many_arguments)] // one row, eight columns: a struct would only rename them
pub(crate) async fn insert_event<C: ConnectionTrait>(
    c: &C,
    order_id: i64,
    from: Option<OrderStatus>,
    to: OrderStatus,
    event: &str,
    actor: Actor<'_>,
    note: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    order_event::ActiveModel {
        order_id: Set(order_id),
        from_status: Set(from.map(|s| s.as_str().to_string())),
        to_status: Set(to.as_str().to_string()),
        event: Set(event.to_string()),
        actor_kind: Set(actor.kind.to_string()),
        actor_id: Set(actor.id),
        note: Set(note.chars().take(256).collect()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(c)
    .await?;
    Ok(())
}

/// Moves `order_id` from `from` to `to` if — and only if — it is still in `from`. The losing side of
/// a race gets `Conflict("invalid_transition")` and changes nothing.
async fn conditional_transition(
    txn: &DatabaseTransaction,
    order_id: i64,
    from: OrderStatus,
    to: OrderStatus,
    extra: Vec<(order::Column, sea_orm::sea_query::SimpleExpr)>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let mut q = order::Entity::update_many()
        .col_expr(order::Column::Status, Expr::value(to.as_str()))
        .col_expr(order::Column::UpdatedAt, Expr::value(now));
    for (c, e) in extra {
        q = q.col_expr(c, e);
    }
    let r = q.filter(order::Column::Id.eq(order_id)).filter(order::Column::Status.eq(from.as_str())).exec(txn).await?;
    if r.rows_affected == 0 {
        let exists = order::Entity::find_by_id(order_id).one(txn).await?.is_some();
        return Err(if exists { StoreError::Conflict("invalid_transition".into()) } else { StoreError::NotFound });
    }
    Ok(())
}

impl Store {
    /// Places an order: every line's stock is reserved with `UPDATE skus SET stock = stock - q
    /// WHERE id = ? AND stock >= q AND active`, the order, its lines and its first event are
    /// inserted, and the ordered SKUs leave the cart — all in one transaction. A line that cannot be
    /// reserved rolls everything back with `Conflict("out_of_stock:<sku_id>")`.
    pub async fn place_order(&self, o: NewOrder, now: DateTime<Utc>) -> StoreResult<OrderRecord> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let r = self.place_order_in(&txn, o, now).await;
        crate::finish(txn, r).await
    }

    async fn place_order_in(&self, txn: &DatabaseTransaction, o: NewOrder, now: DateTime<Utc>) -> StoreResult<OrderRecord> {
        for l in &o.lines {
            let r = sku::Entity::update_many()
                .col_expr(sku::Column::Stock, Expr::col(sku::Column::Stock).sub(l.quantity))
                .filter(sku::Column::Id.eq(l.sku_id))
                .filter(sku::Column::Stock.gte(l.quantity))
                .filter(sku::Column::Active.eq(true))
                .exec(txn)
                .await?;
            if r.rows_affected != 1 {
                return Err(StoreError::Conflict(format!("out_of_stock:{}", l.sku_id)));
            }
        }
        let m = order::ActiveModel {
            order_no: Set(o.order_no),
            user_id: Set(o.user_id),
            status: Set(OrderStatus::PendingPayment.as_str().into()),
            goods_amount: Set(o.goods_amount),
            activity_discount: Set(o.activity_discount),
            coupon_discount: Set(o.coupon_discount),
            points_discount: Set(o.points_discount),
            shipping_fee: Set(o.shipping_fee),
            total: Set(o.total),
            address: Set(o.address_json),
            upline1: Set(o.upline[0]),
            upline2: Set(o.upline[1]),
            upline3: Set(o.upline[2]),
            buyer_is_distributor: Set(o.buyer_is_distributor),
            note: Set(o.note),
            pay_deadline: Set(o.pay_deadline),
            paid_at: Set(None),
            shipped_at: Set(None),
            carrier: Set(None),
            tracking_no: Set(None),
            received_at: Set(None),
            completed_at: Set(None),
            cancelled_at: Set(None),
            cancel_reason: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            distribution_version: Set(o.distribution_version),
            ..Default::default()
        }
        .insert(txn)
        .await
        .map_err(StoreError::from_db)?;
        let mut lines = Vec::with_capacity(o.lines.len());
        for l in o.lines {
            let lm = order_line::ActiveModel {
                order_id: Set(m.id),
                product_id: Set(l.product_id),
                sku_id: Set(l.sku_id),
                product_name: Set(l.product_name),
                sku_specs: Set(l.sku_specs),
                image: Set(l.image),
                unit_price: Set(l.unit_price),
                quantity: Set(l.quantity as i32),
                list_amount: Set(l.list_amount),
                activity_discount: Set(l.activity_discount),
                coupon_discount: Set(l.coupon_discount),
                points_discount: Set(l.points_discount),
                paid_amount: Set(l.paid_amount),
                shipping_share: Set(l.shipping_share),
                refunded_quantity: Set(0),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            lines.push(line_rec(lm));
        }
        insert_event(txn, m.id, None, OrderStatus::PendingPayment, "place", Actor { kind: "shopper", id: Some(o.user_id) }, "", now)
            .await?;
        crate::marketing::take_for_order(txn, m.id, o.user_id, &o.marketing, now).await?;
        if !o.remove_cart_skus.is_empty() {
            cart_item::Entity::delete_many()
                .filter(cart_item::Column::UserId.eq(o.user_id))
                .filter(cart_item::Column::SkuId.is_in(o.remove_cart_skus))
                .exec(txn)
                .await?;
        }
        let m = order::Entity::find_by_id(m.id).one(txn).await?.ok_or(StoreError::NotFound)?;
        Ok(order_rec(m, lines))
    }

    pub async fn get_order(&self, id: i64) -> StoreResult<OrderRecord> {
        let o = order::Entity::find_by_id(id).one(&self.db).await?.ok_or(StoreError::NotFound)?;
        let lines = order_line::Entity::find()
            .filter(order_line::Column::OrderId.eq(id))
            .order_by_asc(order_line::Column::Id)
            .all(&self.db)
            .await?;
        Ok(order_rec(o, lines.into_iter().map(line_rec).collect()))
    }

    pub async fn order_events(&self, id: i64) -> StoreResult<Vec<OrderEventRecord>> {
        let rows = order_event::Entity::find()
            .filter(order_event::Column::OrderId.eq(id))
            .order_by_asc(order_event::Column::Id)
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|e| OrderEventRecord {
                from_status: e.from_status,
                to_status: e.to_status,
                event: e.event,
                actor_kind: e.actor_kind,
                actor_id: e.actor_id,
                note: e.note,
                at: e.created_at,
            })
            .collect())
    }

    /// Newest first, with lines.
    pub async fn list_orders(&self, q: &OrderQuery) -> StoreResult<(Vec<OrderRecord>, u64)> {
        let mut f = order::Entity::find();
        if let Some(u) = q.user_id {
            f = f.filter(order::Column::UserId.eq(u));
        }
        if let Some(s) = q.status {
            f = f.filter(order::Column::Status.eq(s.as_str()));
        }
        if let Some(no) = &q.order_no {
            f = f.filter(order::Column::OrderNo.eq(no.as_str()));
        }
        let total = f.clone().count(&self.db).await?;
        let rows =
            f.order_by_desc(order::Column::Id).offset(q.page.saturating_sub(1) * q.page_size).limit(q.page_size).all(&self.db).await?;
        let ids: Vec<i64> = rows.iter().map(|o| o.id).collect();
        let all_lines = order_line::Entity::find()
            .filter(order_line::Column::OrderId.is_in(ids))
            .order_by_asc(order_line::Column::Id)
            .all(&self.db)
            .await?;
        let items = rows
            .into_iter()
            .map(|o| {
                let lines = all_lines.iter().filter(|l| l.order_id == o.id).cloned().map(line_rec).collect();
                order_rec(o, lines)
            })
            .collect();
        Ok((items, total))
    }

    /// Cancels a `pending_payment` order and returns its reserved stock — only if this call wins the
    /// conditional status update, so a shopper's cancel racing the expiry job releases stock once.
    pub async fn cancel_order(
        &self,
        id: i64,
        actor: Actor<'_>,
        reason: &str,
        now: DateTime<Utc>,
        audit: Option<&AuditEntry>,
    ) -> StoreResult<Option<crate::FlashGiveBack>> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let r = async { self.cancel_order_in(&txn, id, actor, reason, now, audit).await }.await;
        crate::finish(txn, r).await
    }

    async fn cancel_order_in(
        &self,
        txn: &DatabaseTransaction,
        id: i64,
        actor: Actor<'_>,
        reason: &str,
        now: DateTime<Utc>,
        audit: Option<&AuditEntry>,
    ) -> StoreResult<Option<crate::FlashGiveBack>> {
        conditional_transition(
            txn,
            id,
            OrderStatus::PendingPayment,
            OrderStatus::Cancelled,
            vec![
                (order::Column::CancelledAt, Expr::value(now)),
                (order::Column::CancelReason, Expr::value(reason.chars().take(256).collect::<String>())),
            ],
            now,
        )
        .await?;
        let lines = order_line::Entity::find().filter(order_line::Column::OrderId.eq(id)).all(txn).await?;
        for l in lines {
            sku::Entity::update_many()
                .col_expr(sku::Column::Stock, Expr::col(sku::Column::Stock).add(l.quantity as i64))
                .filter(sku::Column::Id.eq(l.sku_id))
                .exec(txn)
                .await?;
        }
        insert_event(txn, id, Some(OrderStatus::PendingPayment), OrderStatus::Cancelled, "cancel", actor, reason, now).await?;
        if let Some(a) = audit {
            insert_audit(txn, a).await?;
        }
        crate::marketing::on_cancel(txn, id, now).await
    }

    /// A plain state change (ship, confirm receipt, complete, pay) with its timestamps.
    pub async fn transition_order(&self, id: i64, t: Transition<'_>, now: DateTime<Utc>, audit: Option<&AuditEntry>) -> StoreResult<()> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let mut cols = Vec::new();
        if let Some(c) = t.carrier {
            cols.push((order::Column::Carrier, Expr::value(c)));
        }
        if let Some(n) = t.tracking_no {
            cols.push((order::Column::TrackingNo, Expr::value(n)));
        }
        match t.to {
            OrderStatus::Paid => cols.push((order::Column::PaidAt, Expr::value(now))),
            OrderStatus::Shipped => cols.push((order::Column::ShippedAt, Expr::value(now))),
            OrderStatus::Received => cols.push((order::Column::ReceivedAt, Expr::value(now))),
            OrderStatus::Completed => cols.push((order::Column::CompletedAt, Expr::value(now))),
            _ => {}
        }
        let r = async {
            conditional_transition(&txn, id, t.from, t.to, cols, now).await?;
            insert_event(&txn, id, Some(t.from), t.to, t.event, t.actor, "", now).await?;
            if t.to == OrderStatus::Received {
                crate::marketing::on_received(&txn, id, now).await?;
            }
            if let Some(a) = audit {
                insert_audit(&txn, a).await?;
            }
            Ok(())
        }
        .await;
        crate::finish(txn, r).await
    }

    /// Ids of orders in `status` whose deadline column is at or before `due`: unpaid orders by
    /// payment deadline, shipped orders by shipping time. Workers then claim each with a conditional
    /// transition, so several instances scanning at once never act twice.
    pub async fn due_orders(&self, status: OrderStatus, due: DateTime<Utc>, limit: u64) -> StoreResult<Vec<i64>> {
        let col = match status {
            OrderStatus::PendingPayment => order::Column::PayDeadline,
            OrderStatus::Shipped => order::Column::ShippedAt,
            OrderStatus::Received => order::Column::ReceivedAt,
            _ => return Ok(Vec::new()),
        };
        let rows = order::Entity::find()
            .select_only()
            .column(order::Column::Id)
            .filter(order::Column::Status.eq(status.as_str()))
            .filter(col.lte(due))
            .order_by_asc(col)
            .limit(limit)
            .into_tuple::<i64>()
            .all(&self.db)
            .await?;
        Ok(rows)
    }

    /// Sum of stock and of units held by pending or paid-but-unshipped orders, for consistency checks.
    pub async fn sku_stock(&self, sku_id: i64) -> StoreResult<i64> {
        Ok(sku::Entity::find_by_id(sku_id).one(&self.db).await?.ok_or(StoreError::NotFound)?.stock)
    }

    /// Opens an after-sale request for some units of some lines. The order row is locked (PostgreSQL)
    /// or the writer queue held (SQLite) while the units already claimed by open or approved requests
    /// are counted, so parallel requests can never claim the same unit twice
    /// (`Conflict("quantity_exceeds_refundable")`). Amounts: the line's paid amount pro rata, rounded
    /// down, with the last units taking the remainder, so all refunds of a line add up to what was paid.
    /// Shipping is added when the request covers everything left of an order that has not shipped.
    pub async fn create_after_sale(
        &self,
        order_id: i64,
        user_id: i64,
        kind: AfterSaleKind,
        reason: &str,
        wanted: &[(i64, i64)],
        now: DateTime<Utc>,
    ) -> StoreResult<AfterSaleRecord> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let o = order::Entity::find_by_id(order_id)
            .filter(order::Column::UserId.eq(user_id))
            .lock(LockType::Update)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let status = OrderStatus::parse(&o.status).unwrap_or(OrderStatus::Cancelled);
        if !status.allows_after_sale() {
            return Err(StoreError::Conflict("invalid_transition".into()));
        }
        let lines = order_line::Entity::find().filter(order_line::Column::OrderId.eq(order_id)).all(&txn).await?;
        let open_ids: Vec<i64> = after_sale::Entity::find()
            .select_only()
            .column(after_sale::Column::Id)
            .filter(after_sale::Column::OrderId.eq(order_id))
            .filter(after_sale::Column::Status.ne(AfterSaleStatus::RefundRejected.as_str()))
            .into_tuple::<i64>()
            .all(&txn)
            .await?;
        let claimed = after_sale_line::Entity::find().filter(after_sale_line::Column::AfterSaleId.is_in(open_ids)).all(&txn).await?;
        let mut out_lines = Vec::new();
        let mut total = 0i64;
        let mut covers_all = true;
        for l in &lines {
            let already_q: i64 = claimed.iter().filter(|c| c.order_line_id == l.id).map(|c| c.quantity as i64).sum();
            let already_amt: i64 = claimed.iter().filter(|c| c.order_line_id == l.id).map(|c| c.amount).sum();
            let want: i64 = wanted.iter().filter(|(id, _)| *id == l.id).map(|(_, q)| *q).sum();
            let left = l.quantity as i64 - already_q;
            if want > left {
                return Err(StoreError::Conflict("quantity_exceeds_refundable".into()));
            }
            if want < left {
                covers_all = false;
            }
            if want == 0 {
                continue;
            }
            let amount = if want == left {
                l.paid_amount - already_amt
            } else {
                ((l.paid_amount as i128 * want as i128) / l.quantity as i128) as i64
            };
            total += amount;
            out_lines.push(AfterSaleLineRecord { order_line_id: l.id, quantity: want, amount });
        }
        if wanted.iter().any(|(id, _)| !lines.iter().any(|l| l.id == *id)) {
            return Err(StoreError::Conflict("unknown_line".into()));
        }
        if out_lines.is_empty() {
            return Err(StoreError::Conflict("quantity_exceeds_refundable".into()));
        }
        if covers_all && status == OrderStatus::Paid {
            total += o.shipping_fee;
        }
        let m = after_sale::ActiveModel {
            order_id: Set(order_id),
            user_id: Set(user_id),
            kind: Set(kind.as_str().into()),
            status: Set(AfterSaleStatus::RefundRequested.as_str().into()),
            reason: Set(reason.chars().take(256).collect()),
            amount: Set(total),
            reject_reason: Set(None),
            decided_by: Set(None),
            decided_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        for l in &out_lines {
            after_sale_line::ActiveModel {
                after_sale_id: Set(m.id),
                order_line_id: Set(l.order_line_id),
                quantity: Set(l.quantity as i32),
                amount: Set(l.amount),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        insert_event(
            &txn,
            order_id,
            Some(status),
            status,
            "after_sale_requested",
            Actor { kind: "shopper", id: Some(user_id) },
            &format!("after_sale #{}", m.id),
            now,
        )
        .await?;
        txn.commit().await?;
        Ok(AfterSaleRecord {
            id: m.id,
            order_id,
            user_id,
            kind,
            status: AfterSaleStatus::RefundRequested,
            reason: m.reason,
            amount: total,
            reject_reason: None,
            created_at: now,
            decided_at: None,
            lines: out_lines,
        })
    }

    pub async fn get_after_sale(&self, id: i64) -> StoreResult<AfterSaleRecord> {
        let m = after_sale::Entity::find_by_id(id).one(&self.db).await?.ok_or(StoreError::NotFound)?;
        let lines = after_sale_line::Entity::find().filter(after_sale_line::Column::AfterSaleId.eq(id)).all(&self.db).await?;
        Ok(as_rec(m, lines))
    }

    pub async fn list_after_sales(
        &self,
        order_id: Option<i64>,
        status: Option<AfterSaleStatus>,
        page: u64,
        page_size: u64,
    ) -> StoreResult<(Vec<AfterSaleRecord>, u64)> {
        let mut f = after_sale::Entity::find();
        if let Some(o) = order_id {
            f = f.filter(after_sale::Column::OrderId.eq(o));
        }
        if let Some(s) = status {
            f = f.filter(after_sale::Column::Status.eq(s.as_str()));
        }
        let total = f.clone().count(&self.db).await?;
        let rows =
            f.order_by_desc(after_sale::Column::Id).offset(page.saturating_sub(1) * page_size).limit(page_size).all(&self.db).await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let lines = after_sale_line::Entity::find().filter(after_sale_line::Column::AfterSaleId.is_in(ids)).all(&self.db).await?;
        let items = rows
            .into_iter()
            .map(|m| {
                let ls = lines.iter().filter(|l| l.after_sale_id == m.id).cloned().collect();
                as_rec(m, ls)
            })
            .collect();
        Ok((items, total))
    }

    /// Approves or rejects an open after-sale request (conditional on it still being open). An
    /// approval records the refunded units on the order lines, returns stock when the goods come
    /// back (return and refund) or never left (order not shipped yet), and moves the order to
    /// `refunded` when no unit is left.
    pub async fn decide_after_sale(
        &self,
        id: i64,
        approve: bool,
        reject_reason: Option<&str>,
        audit: &AuditEntry,
    ) -> StoreResult<(AfterSaleRecord, Option<crate::RefundRecord>)> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let now = audit.at;
        let to = if approve { AfterSaleStatus::RefundApproved } else { AfterSaleStatus::RefundRejected };
        let r = after_sale::Entity::update_many()
            .col_expr(after_sale::Column::Status, Expr::value(to.as_str()))
            .col_expr(after_sale::Column::RejectReason, Expr::value(reject_reason.map(|s| s.chars().take(256).collect::<String>())))
            .col_expr(after_sale::Column::DecidedBy, Expr::value(audit.admin_id))
            .col_expr(after_sale::Column::DecidedAt, Expr::value(now))
            .col_expr(after_sale::Column::UpdatedAt, Expr::value(now))
            .filter(after_sale::Column::Id.eq(id))
            .filter(after_sale::Column::Status.eq(AfterSaleStatus::RefundRequested.as_str()))
            .exec(&txn)
            .await?;
        if r.rows_affected == 0 {
            let exists = after_sale::Entity::find_by_id(id).one(&txn).await?.is_some();
            return Err(if exists { StoreError::Conflict("invalid_transition".into()) } else { StoreError::NotFound });
        }
        let m = after_sale::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let lines = after_sale_line::Entity::find().filter(after_sale_line::Column::AfterSaleId.eq(id)).all(&txn).await?;
        let o = order::Entity::find_by_id(m.order_id).lock(LockType::Update).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let status = OrderStatus::parse(&o.status).unwrap_or(OrderStatus::Cancelled);
        // Admin id 0 is the system (a failed group's automatic refund).
        let actor =
            if audit.admin_id == 0 { Actor { kind: "system", id: None } } else { Actor { kind: "admin", id: Some(audit.admin_id) } };
        let mut refund = None;
        if approve {
            refund = crate::payments::refund_for_after_sale(&txn, o.id, id, m.amount, &m.reason, now).await?;
            crate::reports::record_refund(&txn, id, m.amount, now).await?;
            let goods_back = m.kind == AfterSaleKind::ReturnAndRefund.as_str() || status == OrderStatus::Paid;
            for l in &lines {
                let upd = order_line::Entity::update_many()
                    .col_expr(order_line::Column::RefundedQuantity, Expr::col(order_line::Column::RefundedQuantity).add(l.quantity))
                    .filter(order_line::Column::Id.eq(l.order_line_id))
                    .filter(Expr::col(order_line::Column::RefundedQuantity).add(l.quantity).lte(Expr::col(order_line::Column::Quantity)))
                    .exec(&txn)
                    .await?;
                if upd.rows_affected != 1 {
                    return Err(StoreError::Conflict("quantity_exceeds_refundable".into()));
                }
                let line_now = order_line::Entity::find_by_id(l.order_line_id).one(&txn).await?.ok_or(StoreError::NotFound)?;
                crate::commissions::reverse_line(&txn, line_now.id, line_now.quantity as i64, line_now.refunded_quantity as i64, id, now)
                    .await?;
                crate::marketing::on_line_refunded(&txn, line_now.id, id, o.user_id, now).await?;
                if goods_back {
                    let ol = order_line::Entity::find_by_id(l.order_line_id).one(&txn).await?.ok_or(StoreError::NotFound)?;
                    sku::Entity::update_many()
                        .col_expr(sku::Column::Stock, Expr::col(sku::Column::Stock).add(l.quantity as i64))
                        .filter(sku::Column::Id.eq(ol.sku_id))
                        .exec(&txn)
                        .await?;
                    let after = sku::Entity::find_by_id(ol.sku_id).one(&txn).await?.map(|s| s.stock).unwrap_or(0);
                    record_adjustment(
                        &txn,
                        ol.sku_id,
                        l.quantity as i64,
                        after,
                        &format!("after-sale #{id} approved"),
                        ("admin", Some(audit.admin_id)),
                        now,
                    )
                    .await?;
                }
            }
            let all = order_line::Entity::find().filter(order_line::Column::OrderId.eq(o.id)).all(&txn).await?;
            if all.iter().all(|l| l.refunded_quantity >= l.quantity) {
                conditional_transition(&txn, o.id, status, OrderStatus::Refunded, vec![], now).await?;
                crate::marketing::on_order_refunded(&txn, o.id, now).await?;
                insert_event(&txn, o.id, Some(status), OrderStatus::Refunded, "refund_all", actor, &format!("after_sale #{id}"), now)
                    .await?;
            } else {
                insert_event(&txn, o.id, Some(status), status, "after_sale_approved", actor, &format!("after_sale #{id}"), now).await?;
            }
        } else {
            insert_event(&txn, o.id, Some(status), status, "after_sale_rejected", actor, &format!("after_sale #{id}"), now).await?;
        }
        insert_audit(&txn, audit).await?;
        txn.commit().await?;
        let mut rec = as_rec(m, lines);
        rec.status = to;
        Ok((rec, refund))
    }

    pub async fn get_setting(&self, key: &str) -> StoreResult<Option<String>> {
        Ok(setting::Entity::find_by_id(key.to_string()).one(&self.db).await?.map(|s| s.value))
    }

    pub async fn put_setting(&self, key: &str, value: &str, audit: &AuditEntry) -> StoreResult<()> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let r = setting::Entity::update_many()
            .col_expr(setting::Column::Value, Expr::value(value))
            .col_expr(setting::Column::UpdatedAt, Expr::value(audit.at))
            .filter(setting::Column::Key.eq(key))
            .exec(&txn)
            .await?;
        if r.rows_affected == 0 {
            setting::ActiveModel { key: Set(key.into()), value: Set(value.into()), updated_at: Set(audit.at) }
                .insert(&txn)
                .await
                .map_err(StoreError::from_db)?;
        }
        insert_audit(&txn, audit).await?;
        txn.commit().await?;
        Ok(())
    }
}

fn as_rec(m: after_sale::Model, lines: Vec<after_sale_line::Model>) -> AfterSaleRecord {
    AfterSaleRecord {
        id: m.id,
        order_id: m.order_id,
        user_id: m.user_id,
        kind: AfterSaleKind::parse(&m.kind).unwrap_or(AfterSaleKind::RefundOnly),
        status: AfterSaleStatus::parse(&m.status).unwrap_or(AfterSaleStatus::RefundRequested),
        reason: m.reason,
        amount: m.amount,
        reject_reason: m.reject_reason,
        created_at: m.created_at,
        decided_at: m.decided_at,
        lines: lines
            .into_iter()
            .map(|l| AfterSaleLineRecord { order_line_id: l.order_line_id, quantity: l.quantity as i64, amount: l.amount })
            .collect(),
    }
}

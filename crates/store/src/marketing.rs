//! Marketing storage: coupon templates and claimed coupons, the points ledger and check-ins, flash
//! sales, group buys, groups and their members. Every counter that a crowd races on (coupons left,
//! a shopper's claims, flash units, a shopper's activity purchases, group seats) moves by one
//! conditional update, so the database refuses what would go past its limit.
//!
//! The order hooks (`take_for_order`, `on_cancel`, `on_paid`, `on_received`, `on_line_refunded`,
//! `on_order_refunded`) run inside the order's own transactions.

use crate::entities::{
    check_in, coupon_template, flash_sale, group_buy, group_buy_group, group_member, order, order_line, points_entry, user_coupon,
};
use crate::{AuditEntry, Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use fenxiao_domain::marketing::{CouponKind, CouponRule, CouponScope, MarketingSettings, refund_share};
use sea_orm::sea_query::{Expr, LockType, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, ExprTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, Statement, TransactionTrait, Value,
};

pub const MARKETING_SETTINGS_KEY: &str = "marketing";

/// Runs `sql` written with `$1, $2, …` placeholders (each used once, in order) on either engine.
async fn exec<C: ConnectionTrait>(c: &C, sql: &str, values: Vec<Value>) -> StoreResult<u64> {
    let be = c.get_database_backend();
    let sql = if be == DatabaseBackend::Postgres { sql.to_string() } else { dollar_to_question(sql) };
    Ok(c.execute_raw(Statement::from_sql_and_values(be, sql, values)).await?.rows_affected())
}

fn dollar_to_question(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch == '$' && chars.peek().is_some_and(|c| c.is_ascii_digit()) {
            while chars.peek().is_some_and(|c| c.is_ascii_digit()) {
                chars.next();
            }
            out.push('?');
        } else {
            out.push(ch);
        }
    }
    out
}

// ---------- records ----------

#[derive(Debug, Clone)]
pub struct CouponTemplateRecord {
    pub id: i64,
    pub rule: CouponRule,
    pub claimed: i64,
    pub used: i64,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

fn template_rec(m: coupon_template::Model) -> CouponTemplateRecord {
    CouponTemplateRecord {
        id: m.id,
        rule: CouponRule {
            name: m.name,
            kind: CouponKind::parse(&m.kind).unwrap_or(CouponKind::AmountOff),
            amount: m.amount,
            percent_bp: m.percent_bp,
            cap: m.cap,
            threshold: m.threshold,
            scope: CouponScope::parse(&m.scope).unwrap_or(CouponScope::All),
            scope_ids: serde_json::from_str(&m.scope_ids).unwrap_or_default(),
            total: m.total,
            per_user_limit: m.per_user_limit,
            valid_from: m.valid_from,
            valid_to: m.valid_to,
            valid_days: m.valid_days,
            distributor_only: m.distributor_only,
        },
        claimed: m.claimed,
        used: m.used,
        active: m.active,
        created_at: m.created_at,
    }
}

#[derive(Debug, Clone)]
pub struct UserCouponRecord {
    pub id: i64,
    pub template: CouponTemplateRecord,
    pub user_id: i64,
    /// `unused`, `used` or `expired` as stored; an `unused` one past `expires_at` shows as expired.
    pub status: String,
    pub usable_from: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub order_id: Option<i64>,
    pub via_distributor_id: Option<i64>,
    pub claimed_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
}

impl UserCouponRecord {
    /// `usable`, `used` or `expired` at `now` (a coupon not yet started counts as usable-soon: usable).
    pub fn display_status(&self, now: DateTime<Utc>) -> &'static str {
        match self.status.as_str() {
            "used" => "used",
            "unused" if now < self.expires_at => "usable",
            _ => "expired",
        }
    }
}

#[derive(Debug, Clone)]
pub struct PointsEntryRecord {
    pub delta: i64,
    pub balance_after: i64,
    pub kind: String,
    pub memo: String,
    pub order_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct FlashSaleRecord {
    pub id: i64,
    pub sku_id: i64,
    pub product_id: i64,
    pub price: i64,
    pub quantity: i64,
    pub sold: i64,
    pub per_user_limit: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub pays_commission: bool,
    pub active: bool,
}

fn flash_rec(m: flash_sale::Model) -> FlashSaleRecord {
    FlashSaleRecord {
        id: m.id,
        sku_id: m.sku_id,
        product_id: m.product_id,
        price: m.price,
        quantity: m.quantity,
        sold: m.sold,
        per_user_limit: m.per_user_limit,
        starts_at: m.starts_at,
        ends_at: m.ends_at,
        pays_commission: m.pays_commission,
        active: m.active,
    }
}

#[derive(Debug, Clone)]
pub struct NewFlashSale {
    pub sku_id: i64,
    pub price: i64,
    pub quantity: i64,
    pub per_user_limit: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub pays_commission: bool,
    pub active: bool,
}

#[derive(Debug, Clone)]
pub struct GroupBuyRecord {
    pub id: i64,
    pub sku_id: i64,
    pub product_id: i64,
    pub group_price: i64,
    pub group_size: i64,
    pub hours: i64,
    pub per_user_limit: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub pays_commission: bool,
    pub virtual_completion: bool,
    pub leader_reward_points: i64,
    pub active: bool,
}

fn group_buy_rec(m: group_buy::Model) -> GroupBuyRecord {
    GroupBuyRecord {
        id: m.id,
        sku_id: m.sku_id,
        product_id: m.product_id,
        group_price: m.group_price,
        group_size: m.group_size,
        hours: m.hours,
        per_user_limit: m.per_user_limit,
        starts_at: m.starts_at,
        ends_at: m.ends_at,
        pays_commission: m.pays_commission,
        virtual_completion: m.virtual_completion,
        leader_reward_points: m.leader_reward_points,
        active: m.active,
    }
}

#[derive(Debug, Clone)]
pub struct NewGroupBuy {
    pub sku_id: i64,
    pub group_price: i64,
    pub group_size: i64,
    pub hours: i64,
    pub per_user_limit: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub pays_commission: bool,
    pub virtual_completion: bool,
    pub leader_reward_points: i64,
    pub active: bool,
}

#[derive(Debug, Clone)]
pub struct GroupRecord {
    pub id: i64,
    pub group_buy_id: i64,
    pub leader_id: i64,
    /// `open`, `succeeded` or `failed`.
    pub status: String,
    pub group_size: i64,
    pub joined: i64,
    pub paid: i64,
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

fn group_rec(m: group_buy_group::Model) -> GroupRecord {
    GroupRecord {
        id: m.id,
        group_buy_id: m.group_buy_id,
        leader_id: m.leader_id,
        status: m.status,
        group_size: m.group_size,
        joined: m.joined,
        paid: m.paid,
        expires_at: m.expires_at,
        created_at: m.created_at,
        finished_at: m.finished_at,
    }
}

#[derive(Debug, Clone)]
pub struct GroupMemberRecord {
    pub user_id: i64,
    pub order_id: i64,
    pub is_leader: bool,
    /// `pending`, `paid` or `refunded`.
    pub status: String,
    pub joined_at: DateTime<Utc>,
}

/// What an order takes from marketing when it is placed.
#[derive(Debug, Clone, Default)]
pub struct OrderMarketing {
    pub user_coupon_id: Option<i64>,
    pub points: i64,
    pub activity: Option<ActivityTake>,
    pub pays_commission: bool,
}

#[derive(Debug, Clone)]
pub enum ActivityTake {
    Flash { id: i64, quantity: i64, per_user_limit: i64 },
    GroupOpen { group_buy_id: i64, quantity: i64, per_user_limit: i64, group_size: i64, expires_at: DateTime<Utc> },
    GroupJoin { group_buy_id: i64, group_id: i64, quantity: i64, per_user_limit: i64 },
}

/// Units an unpaid flash order gave back on cancellation (for the Redis gate).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlashGiveBack {
    pub flash_sale_id: i64,
    pub user_id: i64,
    pub quantity: i64,
}

// ---------- points ----------

/// Moves a shopper's points by `delta` under a unique `event_key`; false when the key was already
/// used (nothing changes). A debit that would leave the balance negative is refused with
/// `Conflict("insufficient_points")` unless `allow_negative` (taking back earned points on refund).
#[allow(clippy::too_many_arguments)] // one entry's fields
pub(crate) async fn points_move<C: ConnectionTrait>(
    c: &C,
    user_id: i64,
    delta: i64,
    kind: &str,
    event_key: &str,
    order_id: Option<i64>,
    memo: &str,
    allow_negative: bool,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    if delta == 0 {
        return Ok(false);
    }
    exec(c, "INSERT INTO points_accounts (user_id, balance) VALUES ($1, 0) ON CONFLICT (user_id) DO NOTHING", vec![user_id.into()]).await?;
    let n = points_entry::Entity::insert(points_entry::ActiveModel {
        user_id: Set(user_id),
        delta: Set(delta),
        balance_after: Set(0),
        kind: Set(kind.into()),
        event_key: Set(event_key.chars().take(96).collect()),
        order_id: Set(order_id),
        memo: Set(memo.chars().take(128).collect()),
        created_at: Set(now),
        ..Default::default()
    })
    .on_conflict(OnConflict::column(points_entry::Column::EventKey).do_nothing().to_owned())
    .exec_without_returning(c)
    .await?;
    if n == 0 {
        return Ok(false);
    }
    let moved = if delta < 0 && !allow_negative {
        exec(
            c,
            "UPDATE points_accounts SET balance = balance + $1 WHERE user_id = $2 AND balance + $3 >= 0",
            vec![delta.into(), user_id.into(), delta.into()],
        )
        .await?
    } else {
        exec(c, "UPDATE points_accounts SET balance = balance + $1 WHERE user_id = $2", vec![delta.into(), user_id.into()]).await?
    };
    if moved != 1 {
        return Err(StoreError::Conflict("insufficient_points".into()));
    }
    let bal = points_balance_in(c, user_id).await?;
    points_entry::Entity::update_many()
        .col_expr(points_entry::Column::BalanceAfter, Expr::value(bal))
        .filter(points_entry::Column::EventKey.eq(event_key.chars().take(96).collect::<String>()))
        .exec(c)
        .await?;
    Ok(true)
}

async fn points_balance_in<C: ConnectionTrait>(c: &C, user_id: i64) -> StoreResult<i64> {
    #[derive(sea_orm::FromQueryResult)]
    struct B {
        balance: i64,
    }
    let be = c.get_database_backend();
    let sql = if be == DatabaseBackend::Postgres {
        "SELECT balance FROM points_accounts WHERE user_id = $1"
    } else {
        "SELECT balance FROM points_accounts WHERE user_id = ?"
    };
    use sea_orm::FromQueryResult;
    Ok(B::find_by_statement(Statement::from_sql_and_values(be, sql, [user_id.into()])).one(c).await?.map(|b| b.balance).unwrap_or(0))
}

async fn settings_in<C: ConnectionTrait>(c: &C) -> StoreResult<MarketingSettings> {
    use crate::entities::setting;
    Ok(setting::Entity::find_by_id(MARKETING_SETTINGS_KEY.to_string())
        .one(c)
        .await?
        .and_then(|s| serde_json::from_str(&s.value).ok())
        .unwrap_or_default())
}

// ---------- order hooks ----------

/// Takes what the order uses — its coupon, points, activity units, group seat — in the placement
/// transaction. Conflicts: `coupon_unusable`, `insufficient_points`, `sold_out`, `limit_reached`,
/// `group_full`, `group_closed`, `already_in_group`.
pub(crate) async fn take_for_order<C: ConnectionTrait>(
    c: &C,
    order_id: i64,
    user_id: i64,
    mk: &OrderMarketing,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let mut group_id = None;
    let mut activity: Option<(&str, i64)> = None;
    if let Some(uc) = mk.user_coupon_id {
        let n = exec(
            c,
            "UPDATE user_coupons SET status = 'used', order_id = $1, used_at = $2 \
             WHERE id = $3 AND user_id = $4 AND status = 'unused' AND usable_from <= $5 AND expires_at > $6",
            vec![order_id.into(), now.into(), uc.into(), user_id.into(), now.into(), now.into()],
        )
        .await?;
        if n != 1 {
            return Err(StoreError::Conflict("coupon_unusable".into()));
        }
        let t = user_coupon::Entity::find_by_id(uc).one(c).await?.ok_or(StoreError::NotFound)?.template_id;
        exec(c, "UPDATE coupon_templates SET used = used + 1 WHERE id = $1", vec![t.into()]).await?;
    }
    if mk.points > 0 {
        points_move(
            c,
            user_id,
            -mk.points,
            "order_spend",
            &format!("spend:{order_id}"),
            Some(order_id),
            "points used on an order",
            false,
            now,
        )
        .await?;
    }
    match &mk.activity {
        None => {}
        Some(ActivityTake::Flash { id, quantity, per_user_limit }) => {
            let n = exec(
                c,
                "UPDATE flash_sales SET sold = sold + $1 WHERE id = $2 AND active = $3 AND sold + $4 <= quantity AND starts_at <= $5 AND ends_at > $6",
                vec![(*quantity).into(), (*id).into(), true.into(), (*quantity).into(), now.into(), now.into()],
            )
            .await?;
            if n != 1 {
                return Err(StoreError::Conflict("sold_out".into()));
            }
            count_purchase(c, "flash_sale", *id, user_id, *quantity, *per_user_limit).await?;
            activity = Some(("flash_sale", *id));
        }
        Some(ActivityTake::GroupOpen { group_buy_id, quantity, per_user_limit, group_size, expires_at }) => {
            count_purchase(c, "group_buy", *group_buy_id, user_id, *quantity, *per_user_limit).await?;
            let g = group_buy_group::ActiveModel {
                group_buy_id: Set(*group_buy_id),
                leader_id: Set(user_id),
                status: Set("open".into()),
                group_size: Set(*group_size),
                joined: Set(1),
                paid: Set(0),
                expires_at: Set(*expires_at),
                created_at: Set(now),
                finished_at: Set(None),
                ..Default::default()
            }
            .insert(c)
            .await?;
            insert_member(c, g.id, user_id, order_id, true, now).await?;
            group_id = Some(g.id);
            activity = Some(("group_buy", *group_buy_id));
        }
        Some(ActivityTake::GroupJoin { group_buy_id, group_id: gid, quantity, per_user_limit }) => {
            let already = group_member::Entity::find()
                .filter(group_member::Column::GroupId.eq(*gid))
                .filter(group_member::Column::UserId.eq(user_id))
                .one(c)
                .await?;
            if already.is_some() {
                return Err(StoreError::Conflict("already_in_group".into()));
            }
            count_purchase(c, "group_buy", *group_buy_id, user_id, *quantity, *per_user_limit).await?;
            let n = exec(
                c,
                "UPDATE group_buy_groups SET joined = joined + 1 WHERE id = $1 AND group_buy_id = $2 AND status = 'open' \
                 AND joined < group_size AND expires_at > $3",
                vec![(*gid).into(), (*group_buy_id).into(), now.into()],
            )
            .await?;
            if n != 1 {
                let g = group_buy_group::Entity::find_by_id(*gid).one(c).await?;
                return Err(StoreError::Conflict(
                    match g {
                        Some(g)
                            if g.group_buy_id == *group_buy_id && g.status == "open" && g.joined >= g.group_size && g.expires_at > now =>
                        {
                            "group_full"
                        }
                        _ => "group_closed",
                    }
                    .into(),
                ));
            }
            insert_member(c, *gid, user_id, order_id, false, now).await?;
            group_id = Some(*gid);
            activity = Some(("group_buy", *group_buy_id));
        }
    }
    order::Entity::update_many()
        .col_expr(order::Column::UserCouponId, Expr::value(mk.user_coupon_id))
        .col_expr(order::Column::PointsUsed, Expr::value(mk.points))
        .col_expr(order::Column::ActivityKind, Expr::value(activity.map(|a| a.0.to_string())))
        .col_expr(order::Column::ActivityId, Expr::value(activity.map(|a| a.1)))
        .col_expr(order::Column::GroupId, Expr::value(group_id))
        .col_expr(order::Column::PaysCommission, Expr::value(mk.pays_commission))
        .filter(order::Column::Id.eq(order_id))
        .exec(c)
        .await?;
    Ok(())
}

async fn insert_member<C: ConnectionTrait>(
    c: &C,
    group_id: i64,
    user_id: i64,
    order_id: i64,
    leader: bool,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    group_member::ActiveModel {
        group_id: Set(group_id),
        user_id: Set(user_id),
        order_id: Set(order_id),
        is_leader: Set(leader),
        status: Set("pending".into()),
        joined_at: Set(now),
        ..Default::default()
    }
    .insert(c)
    .await
    .map_err(|e| match StoreError::from_db(e) {
        StoreError::Conflict(_) => StoreError::Conflict("already_in_group".into()),
        e => e,
    })?;
    Ok(())
}

/// The shopper's running count for an activity, refused past `limit` (`limit_reached`).
async fn count_purchase<C: ConnectionTrait>(c: &C, kind: &str, id: i64, user_id: i64, quantity: i64, limit: i64) -> StoreResult<()> {
    if quantity > limit {
        return Err(StoreError::Conflict("limit_reached".into()));
    }
    let n = exec(
        c,
        "INSERT INTO activity_purchases (activity_kind, activity_id, user_id, quantity) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (activity_kind, activity_id, user_id) DO UPDATE SET quantity = activity_purchases.quantity + excluded.quantity \
         WHERE activity_purchases.quantity + excluded.quantity <= $5",
        vec![kind.into(), id.into(), user_id.into(), quantity.into(), limit.into()],
    )
    .await?;
    if n != 1 {
        return Err(StoreError::Conflict("limit_reached".into()));
    }
    Ok(())
}

async fn uncount_purchase<C: ConnectionTrait>(c: &C, kind: &str, id: i64, user_id: i64, quantity: i64) -> StoreResult<()> {
    exec(
        c,
        "UPDATE activity_purchases SET quantity = quantity - $1 WHERE activity_kind = $2 AND activity_id = $3 AND user_id = $4 AND quantity >= $5",
        vec![quantity.into(), kind.into(), id.into(), user_id.into(), quantity.into()],
    )
    .await?;
    Ok(())
}

async fn return_coupon<C: ConnectionTrait>(c: &C, o: &order::Model, now: DateTime<Utc>) -> StoreResult<()> {
    let Some(uc) = o.user_coupon_id else { return Ok(()) };
    let n = exec(
        c,
        "UPDATE user_coupons SET status = CASE WHEN expires_at > $1 THEN 'unused' ELSE 'expired' END, order_id = NULL, used_at = NULL \
         WHERE id = $2 AND order_id = $3 AND status = 'used'",
        vec![now.into(), uc.into(), o.id.into()],
    )
    .await?;
    if n == 1 {
        let t = user_coupon::Entity::find_by_id(uc).one(c).await?.ok_or(StoreError::NotFound)?.template_id;
        exec(c, "UPDATE coupon_templates SET used = used - 1 WHERE id = $1 AND used > 0", vec![t.into()]).await?;
    }
    Ok(())
}

/// An unpaid order was cancelled (the caller won the conditional transition): its coupon, points,
/// activity units and group seat come back.
pub(crate) async fn on_cancel<C: ConnectionTrait>(c: &C, order_id: i64, now: DateTime<Utc>) -> StoreResult<Option<FlashGiveBack>> {
    let o = order::Entity::find_by_id(order_id).one(c).await?.ok_or(StoreError::NotFound)?;
    return_coupon(c, &o, now).await?;
    if o.points_used > 0 {
        points_move(
            c,
            o.user_id,
            o.points_used,
            "order_cancel",
            &format!("cancel:{order_id}"),
            Some(order_id),
            "points back: order cancelled",
            false,
            now,
        )
        .await?;
    }
    let quantity: i64 =
        order_line::Entity::find().filter(order_line::Column::OrderId.eq(order_id)).all(c).await?.iter().map(|l| l.quantity as i64).sum();
    let mut give_back = None;
    match (o.activity_kind.as_deref(), o.activity_id) {
        (Some("flash_sale"), Some(id)) => {
            exec(
                c,
                "UPDATE flash_sales SET sold = sold - $1 WHERE id = $2 AND sold >= $3",
                vec![quantity.into(), id.into(), quantity.into()],
            )
            .await?;
            uncount_purchase(c, "flash_sale", id, o.user_id, quantity).await?;
            give_back = Some(FlashGiveBack { flash_sale_id: id, user_id: o.user_id, quantity });
        }
        (Some("group_buy"), Some(id)) => {
            uncount_purchase(c, "group_buy", id, o.user_id, quantity).await?;
            let leader =
                group_member::Entity::find().filter(group_member::Column::OrderId.eq(order_id)).one(c).await?.is_some_and(|m| m.is_leader);
            let gone = group_member::Entity::delete_many()
                .filter(group_member::Column::OrderId.eq(order_id))
                .filter(group_member::Column::Status.eq("pending"))
                .exec(c)
                .await?
                .rows_affected;
            if gone == 1
                && let Some(g) = o.group_id
            {
                exec(c, "UPDATE group_buy_groups SET joined = joined - 1 WHERE id = $1 AND status = 'open' AND joined > 0", vec![g.into()])
                    .await?;
                if leader {
                    fail_leaderless(c, g, now).await?;
                }
            }
        }
        _ => {}
    }
    Ok(give_back)
}

/// A group whose leader left (cancelled or refunded) fails at once: the `expire-groups` job then
/// cancels or refunds the members' orders, and no leader reward is ever paid for it.
async fn fail_leaderless<C: ConnectionTrait>(c: &C, group_id: i64, now: DateTime<Utc>) -> StoreResult<()> {
    exec(
        c,
        "UPDATE group_buy_groups SET status = 'failed', finished_at = $1 WHERE id = $2 AND status = 'open'",
        vec![now.into(), group_id.into()],
    )
    .await?;
    Ok(())
}

/// The order was paid: its group counts one more paid member, and succeeds when full.
pub(crate) async fn on_paid<C: ConnectionTrait>(c: &C, order_id: i64, now: DateTime<Utc>) -> StoreResult<()> {
    let o = order::Entity::find_by_id(order_id).one(c).await?.ok_or(StoreError::NotFound)?;
    let Some(gid) = o.group_id else { return Ok(()) };
    let n = exec(c, "UPDATE group_members SET status = 'paid' WHERE order_id = $1 AND status = 'pending'", vec![order_id.into()]).await?;
    if n != 1 {
        return Ok(());
    }
    exec(c, "UPDATE group_buy_groups SET paid = paid + 1 WHERE id = $1", vec![gid.into()]).await?;
    let done = exec(
        c,
        "UPDATE group_buy_groups SET status = 'succeeded', finished_at = $1 WHERE id = $2 AND status = 'open' AND paid >= group_size",
        vec![now.into(), gid.into()],
    )
    .await?;
    if done == 1 {
        group_succeeded(c, gid, now).await?;
    }
    Ok(())
}

async fn group_succeeded<C: ConnectionTrait>(c: &C, gid: i64, now: DateTime<Utc>) -> StoreResult<()> {
    let g = group_buy_group::Entity::find_by_id(gid).one(c).await?.ok_or(StoreError::NotFound)?;
    let gb = group_buy::Entity::find_by_id(g.group_buy_id).one(c).await?.ok_or(StoreError::NotFound)?;
    if gb.leader_reward_points > 0 {
        points_move(
            c,
            g.leader_id,
            gb.leader_reward_points,
            "group_leader",
            &format!("leader:{gid}"),
            None,
            "group leader reward",
            false,
            now,
        )
        .await?;
    }
    Ok(())
}

/// The order was received: points are earned on the goods paid for units not refunded.
pub(crate) async fn on_received<C: ConnectionTrait>(c: &C, order_id: i64, now: DateTime<Utc>) -> StoreResult<()> {
    let s = settings_in(c).await?;
    let o = order::Entity::find_by_id(order_id).one(c).await?.ok_or(StoreError::NotFound)?;
    if o.points_earned > 0 || s.points_per_yuan == 0 {
        return Ok(());
    }
    let lines =
        order_line::Entity::find().filter(order_line::Column::OrderId.eq(order_id)).order_by_asc(order_line::Column::Id).all(c).await?;
    // Gross points per line as if nothing were refunded; units already refunded are taken off at once
    // (recorded as reversed), so later refunds reverse exact cumulative shares.
    let gross = s.points_for(lines.iter().map(|l| l.paid_amount).sum());
    let shares = fenxiao_domain::allocate(gross, &lines.iter().map(|l| l.paid_amount).collect::<Vec<_>>());
    let mut net = 0;
    for (l, w) in lines.iter().zip(shares) {
        let reversed = refund_share(w, l.quantity as i64, l.refunded_quantity as i64, 0);
        net += w - reversed;
        order_line::Entity::update_many()
            .col_expr(order_line::Column::PointsEarned, Expr::value(w))
            .col_expr(order_line::Column::PointsReversed, Expr::value(reversed))
            .filter(order_line::Column::Id.eq(l.id))
            .exec(c)
            .await?;
    }
    if net > 0 {
        order::Entity::update_many()
            .col_expr(order::Column::PointsEarned, Expr::value(net))
            .filter(order::Column::Id.eq(order_id))
            .exec(c)
            .await?;
        points_move(
            c,
            o.user_id,
            net,
            "order_earn",
            &format!("earn:{order_id}"),
            Some(order_id),
            &format!("points for order {}", o.order_no),
            false,
            now,
        )
        .await?;
    }
    Ok(())
}

/// Some units of a line were refunded (its `refunded_quantity` already moved): the line's share of
/// the points it used comes back, and its share of the points it earned is taken back.
pub(crate) async fn on_line_refunded<C: ConnectionTrait>(
    c: &C,
    line_id: i64,
    after_sale_id: i64,
    user_id: i64,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let l = order_line::Entity::find_by_id(line_id).one(c).await?.ok_or(StoreError::NotFound)?;
    let q = l.quantity as i64;
    let r = l.refunded_quantity as i64;
    let back = refund_share(l.points_discount, q, r, l.points_restored);
    let take = refund_share(l.points_earned, q, r, l.points_reversed);
    if back == 0 && take == 0 {
        return Ok(());
    }
    order_line::Entity::update_many()
        .col_expr(order_line::Column::PointsRestored, Expr::col(order_line::Column::PointsRestored).add(back))
        .col_expr(order_line::Column::PointsReversed, Expr::col(order_line::Column::PointsReversed).add(take))
        .filter(order_line::Column::Id.eq(line_id))
        .exec(c)
        .await?;
    let key = format!("{after_sale_id}:{line_id}");
    points_move(c, user_id, back, "refund_restore", &format!("restore:{key}"), Some(l.order_id), "points back: refund", false, now).await?;
    points_move(
        c,
        user_id,
        -take,
        "refund_reverse",
        &format!("reverse:{key}"),
        Some(l.order_id),
        "earned points taken back: refund",
        true,
        now,
    )
    .await?;
    Ok(())
}

/// Every unit of the order was refunded: its coupon comes back (if still valid) and it leaves its group.
pub(crate) async fn on_order_refunded<C: ConnectionTrait>(c: &C, order_id: i64, now: DateTime<Utc>) -> StoreResult<()> {
    let o = order::Entity::find_by_id(order_id).one(c).await?.ok_or(StoreError::NotFound)?;
    return_coupon(c, &o, now).await?;
    if let Some(g) = o.group_id {
        let leader =
            group_member::Entity::find().filter(group_member::Column::OrderId.eq(order_id)).one(c).await?.is_some_and(|m| m.is_leader);
        let n =
            exec(c, "UPDATE group_members SET status = 'refunded' WHERE order_id = $1 AND status = 'paid'", vec![order_id.into()]).await?;
        if n == 1 {
            exec(c, "UPDATE group_buy_groups SET joined = joined - 1, paid = paid - 1 WHERE id = $1 AND status = 'open'", vec![g.into()])
                .await?;
            if leader {
                fail_leaderless(c, g, now).await?;
            }
        }
    }
    Ok(())
}

// ---------- repository ----------

impl Store {
    pub async fn marketing_settings(&self) -> StoreResult<MarketingSettings> {
        settings_in(&self.db).await
    }

    // coupons

    pub async fn create_coupon_template(&self, rule: &CouponRule, active: bool, audit: &AuditEntry) -> StoreResult<i64> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let r = async {
            let m = coupon_template::ActiveModel {
                claimed: Set(0),
                used: Set(0),
                created_at: Set(audit.at),
                ..template_model(rule, active, audit.at)
            }
            .insert(&txn)
            .await?;
            crate::admins::insert_audit(&txn, audit).await?;
            Ok(m.id)
        }
        .await;
        crate::finish(txn, r).await
    }

    /// Changes a template; `total` may not go below what was already claimed.
    pub async fn update_coupon_template(&self, id: i64, rule: &CouponRule, active: bool, audit: &AuditEntry) -> StoreResult<()> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let r = async {
            let cur = coupon_template::Entity::find_by_id(id).lock(LockType::Update).one(&txn).await?.ok_or(StoreError::NotFound)?;
            if rule.total < cur.claimed {
                return Err(StoreError::Conflict("total_below_claimed".into()));
            }
            let mut m = template_model(rule, active, audit.at);
            m.id = Set(id);
            m.update(&txn).await?;
            crate::admins::insert_audit(&txn, audit).await?;
            Ok(())
        }
        .await;
        crate::finish(txn, r).await
    }

    pub async fn coupon_template(&self, id: i64) -> StoreResult<CouponTemplateRecord> {
        coupon_template::Entity::find_by_id(id).one(&self.db).await?.map(template_rec).ok_or(StoreError::NotFound)
    }

    pub async fn coupon_templates(&self, only_active: bool, page: u64, page_size: u64) -> StoreResult<(Vec<CouponTemplateRecord>, u64)> {
        let mut f = coupon_template::Entity::find();
        if only_active {
            f = f.filter(coupon_template::Column::Active.eq(true));
        }
        let total = f.clone().count(&self.db).await?;
        let rows =
            f.order_by_desc(coupon_template::Column::Id).offset(page.saturating_sub(1) * page_size).limit(page_size).all(&self.db).await?;
        Ok((rows.into_iter().map(template_rec).collect(), total))
    }

    /// How many of each template this shopper has claimed.
    pub async fn my_claim_counts(&self, user_id: i64) -> StoreResult<Vec<(i64, i64)>> {
        #[derive(sea_orm::FromQueryResult)]
        struct R {
            template_id: i64,
            claimed: i64,
        }
        use sea_orm::FromQueryResult;
        let be = self.db.get_database_backend();
        let sql = if be == DatabaseBackend::Postgres {
            "SELECT template_id, claimed FROM coupon_claim_counts WHERE user_id = $1"
        } else {
            "SELECT template_id, claimed FROM coupon_claim_counts WHERE user_id = ?"
        };
        Ok(R::find_by_statement(Statement::from_sql_and_values(be, sql, [user_id.into()]))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|r| (r.template_id, r.claimed))
            .collect())
    }

    /// Claims one coupon: the template's `claimed < total` and the shopper's `claimed <
    /// per_user_limit`, both conditional, in one transaction. Conflicts: `sold_out`,
    /// `limit_reached`, `coupon_not_claimable`, `distributors_only`.
    pub async fn claim_coupon(
        &self,
        template_id: i64,
        user_id: i64,
        is_distributor: bool,
        via_distributor_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> StoreResult<UserCouponRecord> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let r = async {
            let t = template_rec(coupon_template::Entity::find_by_id(template_id).one(&txn).await?.ok_or(StoreError::NotFound)?);
            if !t.active || !t.rule.claimable_at(now) {
                return Err(StoreError::Conflict("coupon_not_claimable".into()));
            }
            if t.rule.distributor_only && !is_distributor {
                return Err(StoreError::Conflict("distributors_only".into()));
            }
            let n = exec(
                &txn,
                "INSERT INTO coupon_claim_counts (template_id, user_id, claimed) VALUES ($1, $2, 1) \
                 ON CONFLICT (template_id, user_id) DO UPDATE SET claimed = coupon_claim_counts.claimed + 1 \
                 WHERE coupon_claim_counts.claimed < $3",
                vec![template_id.into(), user_id.into(), t.rule.per_user_limit.into()],
            )
            .await?;
            if n != 1 {
                return Err(StoreError::Conflict("limit_reached".into()));
            }
            let n = exec(
                &txn,
                "UPDATE coupon_templates SET claimed = claimed + 1 WHERE id = $1 AND active = $2 AND claimed < total",
                vec![template_id.into(), true.into()],
            )
            .await?;
            if n != 1 {
                return Err(StoreError::Conflict("sold_out".into()));
            }
            let m = user_coupon::ActiveModel {
                template_id: Set(template_id),
                user_id: Set(user_id),
                status: Set("unused".into()),
                usable_from: Set(t.rule.usable_from(now)),
                expires_at: Set(t.rule.expires_at(now)),
                order_id: Set(None),
                via_distributor_id: Set(via_distributor_id),
                claimed_at: Set(now),
                used_at: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            Ok(uc_rec(m, t))
        }
        .await;
        crate::finish(txn, r).await
    }

    pub async fn user_coupon(&self, id: i64) -> StoreResult<UserCouponRecord> {
        let m = user_coupon::Entity::find_by_id(id).one(&self.db).await?.ok_or(StoreError::NotFound)?;
        let t = self.coupon_template(m.template_id).await?;
        Ok(uc_rec(m, t))
    }

    /// A shopper's coupons by display status (`usable`, `used`, `expired`), newest first.
    pub async fn my_coupons(
        &self,
        user_id: i64,
        status: Option<&str>,
        now: DateTime<Utc>,
        page: u64,
        page_size: u64,
    ) -> StoreResult<(Vec<UserCouponRecord>, u64)> {
        use user_coupon::Column as U;
        let mut f = user_coupon::Entity::find().filter(U::UserId.eq(user_id));
        f = match status {
            Some("usable") => f.filter(U::Status.eq("unused")).filter(U::ExpiresAt.gt(now)),
            Some("used") => f.filter(U::Status.eq("used")),
            Some("expired") => f.filter(
                sea_orm::Condition::any()
                    .add(U::Status.eq("expired"))
                    .add(sea_orm::Condition::all().add(U::Status.eq("unused")).add(U::ExpiresAt.lte(now))),
            ),
            _ => f,
        };
        let total = f.clone().count(&self.db).await?;
        let order_col = if status == Some("usable") { U::ExpiresAt } else { U::Id };
        let mut q = f;
        q = if status == Some("usable") { q.order_by_asc(order_col) } else { q.order_by_desc(order_col) };
        let rows = q.offset(page.saturating_sub(1) * page_size).limit(page_size).all(&self.db).await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.template_id).collect();
        let templates: Vec<CouponTemplateRecord> = coupon_template::Entity::find()
            .filter(coupon_template::Column::Id.is_in(ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(template_rec)
            .collect();
        Ok((
            rows.into_iter()
                .filter_map(|m| {
                    let t = templates.iter().find(|t| t.id == m.template_id)?.clone();
                    Some(uc_rec(m, t))
                })
                .collect(),
            total,
        ))
    }

    /// Issuance figures of a template: (unused and valid, used, expired), discount given on orders
    /// that used it, and per distributor who handed it out: (user id, claimed, used).
    pub async fn coupon_stats(&self, template_id: i64, now: DateTime<Utc>) -> StoreResult<CouponStats> {
        use user_coupon::Column as U;
        let base = || user_coupon::Entity::find().filter(U::TemplateId.eq(template_id));
        let used = base().filter(U::Status.eq("used")).count(&self.db).await? as i64;
        let unused = base().filter(U::Status.eq("unused")).filter(U::ExpiresAt.gt(now)).count(&self.db).await? as i64;
        let claimed = base().count(&self.db).await? as i64;
        #[derive(sea_orm::FromQueryResult)]
        struct S {
            s: Option<i64>,
        }
        #[derive(sea_orm::FromQueryResult)]
        struct D {
            d: i64,
            claimed: i64,
            used: Option<i64>,
        }
        use sea_orm::FromQueryResult;
        let be = self.db.get_database_backend();
        let p = |sql: &str| if be == DatabaseBackend::Postgres { sql.to_string() } else { dollar_to_question(sql) };
        let discount = S::find_by_statement(Statement::from_sql_and_values(
            be,
            p("SELECT CAST(SUM(o.coupon_discount) AS BIGINT) AS s FROM orders o JOIN user_coupons u ON u.id = o.user_coupon_id \
               WHERE u.template_id = $1 AND u.status = 'used' AND u.order_id = o.id"),
            [template_id.into()],
        ))
        .one(&self.db)
        .await?
        .and_then(|s| s.s)
        .unwrap_or(0);
        let by = D::find_by_statement(Statement::from_sql_and_values(
            be,
            p("SELECT via_distributor_id AS d, CAST(COUNT(*) AS BIGINT) AS claimed, \
               CAST(SUM(CASE WHEN status = 'used' THEN 1 ELSE 0 END) AS BIGINT) AS used \
               FROM user_coupons WHERE template_id = $1 AND via_distributor_id IS NOT NULL GROUP BY via_distributor_id ORDER BY claimed DESC LIMIT 50"),
            [template_id.into()],
        ))
        .all(&self.db)
        .await?;
        Ok(CouponStats {
            claimed,
            used,
            unused,
            expired: claimed - used - unused,
            discount_total: discount,
            by_distributor: by.into_iter().map(|d| (d.d, d.claimed, d.used.unwrap_or(0))).collect(),
        })
    }

    // points

    pub async fn points_balance(&self, user_id: i64) -> StoreResult<i64> {
        points_balance_in(&self.db, user_id).await
    }

    pub async fn points_entries(&self, user_id: i64, page: u64, page_size: u64) -> StoreResult<(Vec<PointsEntryRecord>, u64)> {
        let f = points_entry::Entity::find().filter(points_entry::Column::UserId.eq(user_id));
        let total = f.clone().count(&self.db).await?;
        let rows =
            f.order_by_desc(points_entry::Column::Id).offset(page.saturating_sub(1) * page_size).limit(page_size).all(&self.db).await?;
        Ok((
            rows.into_iter()
                .map(|e| PointsEntryRecord {
                    delta: e.delta,
                    balance_after: e.balance_after,
                    kind: e.kind,
                    memo: e.memo,
                    order_id: e.order_id,
                    created_at: e.created_at,
                })
                .collect(),
            total,
        ))
    }

    /// Sum of every points entry and of every balance: equal when the points ledger is whole.
    pub async fn points_totals(&self) -> StoreResult<(i64, i64)> {
        #[derive(sea_orm::FromQueryResult)]
        struct S {
            s: Option<i64>,
        }
        use sea_orm::FromQueryResult;
        let be = self.db.get_database_backend();
        let one = |sql: &'static str| S::find_by_statement(Statement::from_string(be, sql)).one(&self.db);
        let e = one("SELECT CAST(SUM(delta) AS BIGINT) AS s FROM points_entries").await?.and_then(|s| s.s).unwrap_or(0);
        let b = one("SELECT CAST(SUM(balance) AS BIGINT) AS s FROM points_accounts").await?.and_then(|s| s.s).unwrap_or(0);
        Ok((e, b))
    }

    /// The last check-in (shop day, streak).
    pub async fn last_check_in(&self, user_id: i64) -> StoreResult<Option<(String, i64)>> {
        Ok(check_in::Entity::find()
            .filter(check_in::Column::UserId.eq(user_id))
            .order_by_desc(check_in::Column::Day)
            .one(&self.db)
            .await?
            .map(|c| (c.day, c.streak)))
    }

    /// Records today's check-in and its points; `Conflict("already_checked_in")` on a second one.
    pub async fn check_in(&self, user_id: i64, day: &str, streak: i64, points: i64, now: DateTime<Utc>) -> StoreResult<i64> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let r = async {
            check_in::ActiveModel {
                user_id: Set(user_id),
                day: Set(day.into()),
                streak: Set(streak),
                points: Set(points),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(|e| match StoreError::from_db(e) {
                StoreError::Conflict(_) => StoreError::Conflict("already_checked_in".into()),
                e => e,
            })?;
            points_move(
                &txn,
                user_id,
                points,
                "check_in",
                &format!("checkin:{user_id}:{day}"),
                None,
                &format!("check-in day {streak}"),
                false,
                now,
            )
            .await?;
            points_balance_in(&txn, user_id).await
        }
        .await;
        crate::finish(txn, r).await
    }

    // flash sales

    /// Creates or changes a flash sale; `Conflict("activity_overlaps")` when another active one on the
    /// same SKU overlaps its window, `Conflict("quantity_below_sold")`.
    pub async fn save_flash_sale(&self, id: Option<i64>, f: &NewFlashSale, product_id: i64, audit: &AuditEntry) -> StoreResult<i64> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let r = async {
            let mut others = flash_sale::Entity::find()
                .filter(flash_sale::Column::SkuId.eq(f.sku_id))
                .filter(flash_sale::Column::Active.eq(true))
                .filter(flash_sale::Column::StartsAt.lt(f.ends_at))
                .filter(flash_sale::Column::EndsAt.gt(f.starts_at));
            if let Some(id) = id {
                others = others.filter(flash_sale::Column::Id.ne(id));
            }
            if f.active && others.count(&txn).await? > 0 {
                return Err(StoreError::Conflict("activity_overlaps".into()));
            }
            let now = audit.at;
            let m = flash_sale::ActiveModel {
                sku_id: Set(f.sku_id),
                product_id: Set(product_id),
                price: Set(f.price),
                quantity: Set(f.quantity),
                per_user_limit: Set(f.per_user_limit),
                starts_at: Set(f.starts_at),
                ends_at: Set(f.ends_at),
                pays_commission: Set(f.pays_commission),
                active: Set(f.active),
                updated_at: Set(now),
                ..Default::default()
            };
            let id = match id {
                None => flash_sale::ActiveModel { sold: Set(0), created_at: Set(now), ..m }.insert(&txn).await?.id,
                Some(id) => {
                    let cur = flash_sale::Entity::find_by_id(id).lock(LockType::Update).one(&txn).await?.ok_or(StoreError::NotFound)?;
                    if f.quantity < cur.sold {
                        return Err(StoreError::Conflict("quantity_below_sold".into()));
                    }
                    flash_sale::ActiveModel { id: Set(id), ..m }.update(&txn).await?;
                    id
                }
            };
            crate::admins::insert_audit(&txn, audit).await?;
            Ok(id)
        }
        .await;
        crate::finish(txn, r).await
    }

    pub async fn flash_sale(&self, id: i64) -> StoreResult<FlashSaleRecord> {
        flash_sale::Entity::find_by_id(id).one(&self.db).await?.map(flash_rec).ok_or(StoreError::NotFound)
    }

    /// Active flash sales not yet ended (`live_at = Some(now)`), or all (admin), soonest first.
    pub async fn flash_sales(&self, live_at: Option<DateTime<Utc>>, page: u64, page_size: u64) -> StoreResult<(Vec<FlashSaleRecord>, u64)> {
        let mut f = flash_sale::Entity::find();
        if let Some(now) = live_at {
            f = f.filter(flash_sale::Column::Active.eq(true)).filter(flash_sale::Column::EndsAt.gt(now));
        }
        let total = f.clone().count(&self.db).await?;
        let rows = match live_at {
            Some(_) => f.order_by_asc(flash_sale::Column::StartsAt),
            None => f.order_by_desc(flash_sale::Column::Id),
        }
        .offset(page.saturating_sub(1) * page_size)
        .limit(page_size)
        .all(&self.db)
        .await?;
        Ok((rows.into_iter().map(flash_rec).collect(), total))
    }

    /// Units of a flash sale a shopper holds (placed orders not cancelled).
    pub async fn activity_bought(&self, kind: &str, id: i64, user_id: i64) -> StoreResult<i64> {
        #[derive(sea_orm::FromQueryResult)]
        struct Q {
            quantity: i64,
        }
        use sea_orm::FromQueryResult;
        let be = self.db.get_database_backend();
        let sql = "SELECT quantity FROM activity_purchases WHERE activity_kind = $1 AND activity_id = $2 AND user_id = $3";
        let sql = if be == DatabaseBackend::Postgres { sql.to_string() } else { dollar_to_question(sql) };
        Ok(Q::find_by_statement(Statement::from_sql_and_values(be, sql, [kind.into(), id.into(), user_id.into()]))
            .one(&self.db)
            .await?
            .map(|q| q.quantity)
            .unwrap_or(0))
    }

    // group buys

    pub async fn save_group_buy(&self, id: Option<i64>, g: &NewGroupBuy, product_id: i64, audit: &AuditEntry) -> StoreResult<i64> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let r = async {
            let mut others = group_buy::Entity::find()
                .filter(group_buy::Column::SkuId.eq(g.sku_id))
                .filter(group_buy::Column::Active.eq(true))
                .filter(group_buy::Column::StartsAt.lt(g.ends_at))
                .filter(group_buy::Column::EndsAt.gt(g.starts_at));
            if let Some(id) = id {
                others = others.filter(group_buy::Column::Id.ne(id));
            }
            if g.active && others.count(&txn).await? > 0 {
                return Err(StoreError::Conflict("activity_overlaps".into()));
            }
            let now = audit.at;
            let m = group_buy::ActiveModel {
                sku_id: Set(g.sku_id),
                product_id: Set(product_id),
                group_price: Set(g.group_price),
                group_size: Set(g.group_size),
                hours: Set(g.hours),
                per_user_limit: Set(g.per_user_limit),
                starts_at: Set(g.starts_at),
                ends_at: Set(g.ends_at),
                pays_commission: Set(g.pays_commission),
                virtual_completion: Set(g.virtual_completion),
                leader_reward_points: Set(g.leader_reward_points),
                active: Set(g.active),
                updated_at: Set(now),
                ..Default::default()
            };
            let id = match id {
                None => group_buy::ActiveModel { created_at: Set(now), ..m }.insert(&txn).await?.id,
                Some(id) => {
                    let cur = group_buy::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
                    if cur.group_size != g.group_size
                        && group_buy_group::Entity::find().filter(group_buy_group::Column::GroupBuyId.eq(id)).count(&txn).await? > 0
                    {
                        return Err(StoreError::Conflict("group_size_locked".into()));
                    }
                    group_buy::ActiveModel { id: Set(id), ..m }.update(&txn).await?;
                    id
                }
            };
            crate::admins::insert_audit(&txn, audit).await?;
            Ok(id)
        }
        .await;
        crate::finish(txn, r).await
    }

    pub async fn group_buy(&self, id: i64) -> StoreResult<GroupBuyRecord> {
        group_buy::Entity::find_by_id(id).one(&self.db).await?.map(group_buy_rec).ok_or(StoreError::NotFound)
    }

    pub async fn group_buys(&self, live_at: Option<DateTime<Utc>>, page: u64, page_size: u64) -> StoreResult<(Vec<GroupBuyRecord>, u64)> {
        let mut f = group_buy::Entity::find();
        if let Some(now) = live_at {
            f = f.filter(group_buy::Column::Active.eq(true)).filter(group_buy::Column::EndsAt.gt(now));
        }
        let total = f.clone().count(&self.db).await?;
        let rows = match live_at {
            Some(_) => f.order_by_asc(group_buy::Column::StartsAt),
            None => f.order_by_desc(group_buy::Column::Id),
        }
        .offset(page.saturating_sub(1) * page_size)
        .limit(page_size)
        .all(&self.db)
        .await?;
        Ok((rows.into_iter().map(group_buy_rec).collect(), total))
    }

    pub async fn group(&self, id: i64) -> StoreResult<(GroupRecord, Vec<GroupMemberRecord>)> {
        let g = group_buy_group::Entity::find_by_id(id).one(&self.db).await?.ok_or(StoreError::NotFound)?;
        let members = group_member::Entity::find()
            .filter(group_member::Column::GroupId.eq(id))
            .order_by_asc(group_member::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|m| GroupMemberRecord {
                user_id: m.user_id,
                order_id: m.order_id,
                is_leader: m.is_leader,
                status: m.status,
                joined_at: m.joined_at,
            })
            .collect();
        Ok((group_rec(g), members))
    }

    pub async fn groups(
        &self,
        group_buy_id: Option<i64>,
        status: Option<&str>,
        page: u64,
        page_size: u64,
    ) -> StoreResult<(Vec<GroupRecord>, u64)> {
        let mut f = group_buy_group::Entity::find();
        if let Some(id) = group_buy_id {
            f = f.filter(group_buy_group::Column::GroupBuyId.eq(id));
        }
        if let Some(s) = status {
            f = f.filter(group_buy_group::Column::Status.eq(s));
        }
        let total = f.clone().count(&self.db).await?;
        let rows =
            f.order_by_desc(group_buy_group::Column::Id).offset(page.saturating_sub(1) * page_size).limit(page_size).all(&self.db).await?;
        Ok((rows.into_iter().map(group_rec).collect(), total))
    }

    /// Open groups of an activity that still have seats and time, soonest expiry first.
    pub async fn open_groups(&self, group_buy_id: i64, now: DateTime<Utc>, limit: u64) -> StoreResult<Vec<GroupRecord>> {
        let rows = group_buy_group::Entity::find()
            .filter(group_buy_group::Column::GroupBuyId.eq(group_buy_id))
            .filter(group_buy_group::Column::Status.eq("open"))
            .filter(group_buy_group::Column::ExpiresAt.gt(now))
            .filter(Expr::col(group_buy_group::Column::Joined).lt(Expr::col(group_buy_group::Column::GroupSize)))
            .order_by_asc(group_buy_group::Column::ExpiresAt)
            .limit(limit)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(group_rec).collect())
    }

    /// Open groups past their deadline.
    pub async fn due_groups(&self, now: DateTime<Utc>, limit: u64) -> StoreResult<Vec<i64>> {
        Ok(group_buy_group::Entity::find()
            .select_only()
            .column(group_buy_group::Column::Id)
            .filter(group_buy_group::Column::Status.eq("open"))
            .filter(group_buy_group::Column::ExpiresAt.lte(now))
            .limit(limit)
            .into_tuple::<i64>()
            .all(&self.db)
            .await?)
    }

    /// Closes an expired open group: `succeeded` with virtual completion, else `failed`. None when
    /// another run closed it first.
    pub async fn close_group(&self, id: i64, now: DateTime<Utc>) -> StoreResult<Option<String>> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let r = async {
            let g = group_buy_group::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
            let gb = group_buy::Entity::find_by_id(g.group_buy_id).one(&txn).await?.ok_or(StoreError::NotFound)?;
            let to = if gb.virtual_completion && g.paid > 0 { "succeeded" } else { "failed" };
            let n = exec(
                &txn,
                "UPDATE group_buy_groups SET status = $1, finished_at = $2 WHERE id = $3 AND status = 'open' AND expires_at <= $4",
                vec![to.into(), now.into(), id.into(), now.into()],
            )
            .await?;
            if n != 1 {
                return Ok(None);
            }
            if to == "succeeded" {
                group_succeeded(&txn, id, now).await?;
            }
            Ok(Some(to.to_string()))
        }
        .await;
        crate::finish(txn, r).await
    }

    /// Members of failed groups whose orders still need cancelling or refunding: (order id, user id,
    /// member status).
    pub async fn failed_group_members(&self, limit: u64) -> StoreResult<Vec<(i64, i64, String)>> {
        let failed: Vec<i64> = group_buy_group::Entity::find()
            .select_only()
            .column(group_buy_group::Column::Id)
            .filter(group_buy_group::Column::Status.eq("failed"))
            .into_tuple::<i64>()
            .all(&self.db)
            .await?;
        if failed.is_empty() {
            return Ok(Vec::new());
        }
        Ok(group_member::Entity::find()
            .filter(group_member::Column::GroupId.is_in(failed))
            .filter(group_member::Column::Status.is_in(["pending", "paid"]))
            .limit(limit)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|m| (m.order_id, m.user_id, m.status))
            .collect())
    }

    /// The order's group and whether it has succeeded (orders of other groups can't ship).
    pub async fn order_group_status(&self, order_id: i64) -> StoreResult<Option<String>> {
        let o = order::Entity::find_by_id(order_id).one(&self.db).await?.ok_or(StoreError::NotFound)?;
        match o.group_id {
            None => Ok(None),
            Some(g) => Ok(group_buy_group::Entity::find_by_id(g).one(&self.db).await?.map(|g| g.status)),
        }
    }
}

#[derive(Debug, Clone)]
pub struct CouponStats {
    pub claimed: i64,
    pub used: i64,
    pub unused: i64,
    pub expired: i64,
    pub discount_total: i64,
    pub by_distributor: Vec<(i64, i64, i64)>,
}

fn template_model(r: &CouponRule, active: bool, now: DateTime<Utc>) -> coupon_template::ActiveModel {
    coupon_template::ActiveModel {
        name: Set(r.name.clone()),
        kind: Set(r.kind.as_str().into()),
        amount: Set(r.amount),
        percent_bp: Set(r.percent_bp),
        cap: Set(r.cap),
        threshold: Set(r.threshold),
        scope: Set(r.scope.as_str().into()),
        scope_ids: Set(serde_json::to_string(&r.scope_ids).unwrap_or_else(|_| "[]".into())),
        total: Set(r.total),
        per_user_limit: Set(r.per_user_limit),
        valid_from: Set(r.valid_from),
        valid_to: Set(r.valid_to),
        valid_days: Set(r.valid_days),
        distributor_only: Set(r.distributor_only),
        active: Set(active),
        updated_at: Set(now),
        ..Default::default()
    }
}

fn uc_rec(m: user_coupon::Model, t: CouponTemplateRecord) -> UserCouponRecord {
    UserCouponRecord {
        id: m.id,
        template: t,
        user_id: m.user_id,
        status: m.status,
        usable_from: m.usable_from,
        expires_at: m.expires_at,
        order_id: m.order_id,
        via_distributor_id: m.via_distributor_id,
        claimed_at: m.claimed_at,
        used_at: m.used_at,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_become_question_marks_for_sqlite() {
        assert_eq!(super::dollar_to_question("a = $1 AND b = $12 AND c = '$'"), "a = ? AND b = ? AND c = '$'");
    }
}

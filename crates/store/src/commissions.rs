//! Commissions in the database, each movement a ledger entry in the same transaction:
//! - booked `frozen` when an order is paid, from the order's upline snapshot and settings version
//!   (merchant expense → commission frozen);
//! - `settled` by the settlement job (frozen → available), netting any debt first;
//! - reversed by refunds: before settlement from the commission's own frozen part, and any part
//!   already gone (or after settlement) as a clawback — from the earner's frozen commissions, then
//!   available, then debt. Rows are locked while they change, so a refund racing the settlement
//!   job leaves the books exact.

use crate::distribution::{ensure_member, member_in, set_status_in};
use crate::entities::{
    after_sale, after_sale_line, commission, distribution_member, distribution_setting, order, order_line, product_commission_rule, user,
};
use crate::ledger::post;
use crate::{Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use fenxiao_domain::distribution::{
    BindMode, DistributionSettings, DistributorMode, Earner, LineInput, ProductRule, compute_commissions, reversal_amount,
};
use fenxiao_domain::ledger::{Account, AccountKind, Entry, Posting};
use fenxiao_domain::order::{AfterSaleStatus, OrderStatus};
use sea_orm::ExprTrait;
use sea_orm::sea_query::{Expr, LockType, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};

#[derive(Debug, Clone)]
pub struct CommissionRecord {
    pub id: i64,
    pub order_id: i64,
    pub order_line_id: i64,
    pub tier: i64,
    pub beneficiary_id: i64,
    pub buyer_id: i64,
    pub base: i64,
    pub rate_bp: Option<i64>,
    pub fixed_per_unit: Option<i64>,
    pub amount: i64,
    pub reversed: i64,
    pub withheld: i64,
    pub status: String,
    pub rule: String,
    pub created_at: DateTime<Utc>,
    pub settled_at: Option<DateTime<Utc>>,
    pub kind: String,
}

fn rec(m: commission::Model) -> CommissionRecord {
    CommissionRecord {
        id: m.id,
        order_id: m.order_id,
        order_line_id: m.order_line_id,
        tier: m.tier as i64,
        beneficiary_id: m.beneficiary_id,
        buyer_id: m.buyer_id,
        base: m.base,
        rate_bp: m.rate_bp,
        fixed_per_unit: m.fixed_per_unit,
        amount: m.amount,
        reversed: m.reversed,
        withheld: m.withheld,
        status: m.status,
        rule: m.rule,
        created_at: m.created_at,
        settled_at: m.settled_at,
        kind: m.kind,
    }
}

fn acc(kind: AccountKind, user: i64) -> Account {
    Account::user(kind, user)
}

fn expense() -> Account {
    Account::shop(AccountKind::MerchantExpense)
}

async fn post_entry<C: ConnectionTrait>(c: &C, key: String, postings: Vec<Posting>, memo: &str, now: DateTime<Utc>) -> StoreResult<bool> {
    let postings: Vec<Posting> = postings.into_iter().filter(|p| p.amount != 0).collect();
    if postings.is_empty() {
        return Ok(false);
    }
    let e = Entry::new(key, postings).map_err(|e| StoreError::Conflict(format!("ledger:{e}")))?;
    post(c, &e, memo, now).await
}

async fn settings_of<C: ConnectionTrait>(c: &C, version: Option<i64>) -> StoreResult<DistributionSettings> {
    let q = distribution_setting::Entity::find();
    let row = match version {
        Some(v) => q.filter(distribution_setting::Column::Version.eq(v)).one(c).await?,
        None => q.order_by_desc(distribution_setting::Column::Version).one(c).await?,
    };
    Ok(row.and_then(|r| serde_json::from_str(&r.body).ok()).unwrap_or_default())
}

/// Books an order's commissions and the buyer's figures when it is paid (inside the payment
/// transaction). Idempotent: commission rows are unique per (line, tier) and ledger entries per key.
pub(crate) async fn book_order<C: ConnectionTrait>(c: &C, order_id: i64, now: DateTime<Utc>) -> StoreResult<()> {
    use distribution_member::Column as M;
    let o = order::Entity::find_by_id(order_id).one(c).await?.ok_or(StoreError::NotFound)?;
    let s = settings_of(c, o.distribution_version).await?;
    let current = settings_of(c, None).await?;
    ensure_member(c, o.user_id, now).await?;
    let buyer = member_in(c, o.user_id).await?;
    // The buyer's and the team's figures.
    distribution_member::Entity::update_many()
        .col_expr(M::OwnSpend, Expr::col(M::OwnSpend).add(o.total))
        .col_expr(M::OwnOrders, Expr::col(M::OwnOrders).add(1))
        .col_expr(M::UpdatedAt, Expr::value(now))
        .filter(M::UserId.eq(o.user_id))
        .exec(c)
        .await?;
    let anc: Vec<i64> = buyer.ancestors().into_iter().flatten().collect();
    if !anc.is_empty() {
        distribution_member::Entity::update_many()
            .col_expr(M::TeamSales, Expr::col(M::TeamSales).add(o.total))
            .filter(M::UserId.is_in(anc))
            .exec(c)
            .await?;
    }
    if current.bind_mode == BindMode::Expiring && buyer.parent_id.is_some() {
        distribution_member::Entity::update_many()
            .col_expr(M::BindExpiresAt, Expr::value(Some(now + chrono::Duration::days(current.bind_days))))
            .filter(M::UserId.eq(o.user_id))
            .exec(c)
            .await?;
    }
    if current.mode == DistributorMode::Threshold && buyer.status == "none" && buyer.own_spend + o.total >= current.threshold_spend {
        set_status_in(c, o.user_id, "active", now).await?;
    }
    // Grades follow the new figures: the buyer's own spend, the ancestors' team sales.
    crate::grades::maybe_upgrade(c, o.user_id, current.mode).await?;
    for a in buyer.ancestors().into_iter().flatten() {
        crate::grades::maybe_upgrade(c, a, current.mode).await?;
    }
    // Earners as they are now (an inactive one is skipped; the chain does not shift).
    let grades = crate::grades::grades_in(c).await?;
    let earner = |m: crate::distribution::MemberRecord, deleted: bool| Earner {
        user_id: m.user_id,
        active: !deleted && m.is_active(s.mode),
        grade_rates_bp: m.grade_id.and_then(|g| grades.iter().find(|x| x.id == g)).map(|g| g.rates_bp),
    };
    let mut upline = [None; 3];
    for (i, id) in [o.upline1, o.upline2, o.upline3].into_iter().enumerate() {
        if let Some(id) = id {
            let deleted = user::Entity::find_by_id(id).one(c).await?.is_none_or(|u| u.status != "active");
            upline[i] = Some(earner(member_in(c, id).await?, deleted));
        }
    }
    let buyer_earner = Some(earner(buyer.clone(), false));
    let lines =
        order_line::Entity::find().filter(order_line::Column::OrderId.eq(order_id)).order_by_asc(order_line::Column::Id).all(c).await?;
    let rules = product_rules_in(c, lines.iter().map(|l| l.product_id).collect()).await?;
    let inputs: Vec<LineInput> = lines
        .iter()
        .map(|l| LineInput {
            line_id: l.id,
            quantity: l.quantity as i64,
            list_amount: l.list_amount,
            paid_amount: l.paid_amount,
            shipping_share: l.shipping_share,
            rule: rules.iter().find(|(p, _)| *p == l.product_id).map(|(_, r)| *r).unwrap_or_default(),
        })
        .collect();
    // An activity that pays no commission (a flash sale or group buy so marked) books none.
    let computed = if o.pays_commission { compute_commissions(&s, buyer_earner, upline, &inputs) } else { Vec::new() };
    for x in computed {
        let n = commission::Entity::insert(commission::ActiveModel {
            order_id: Set(order_id),
            order_line_id: Set(x.line_id),
            tier: Set(x.tier as i32),
            beneficiary_id: Set(x.beneficiary),
            buyer_id: Set(o.user_id),
            base: Set(x.base),
            rate_bp: Set(x.rate_bp),
            fixed_per_unit: Set(x.fixed_per_unit),
            amount: Set(x.amount),
            reversed: Set(0),
            withheld: Set(0),
            status: Set("frozen".into()),
            rule: Set(x.rule.chars().take(256).collect()),
            created_at: Set(now),
            settled_at: Set(None),
            kind: Set("order".into()),
            ..Default::default()
        })
        .on_conflict(OnConflict::columns([commission::Column::OrderLineId, commission::Column::Tier]).do_nothing().to_owned())
        .exec_without_returning(c)
        .await?;
        if n == 1 {
            post_entry(
                c,
                format!("commission:{}:{}", x.line_id, x.tier),
                vec![
                    Posting { account: expense(), amount: -x.amount },
                    Posting { account: acc(AccountKind::CommissionFrozen, x.beneficiary), amount: x.amount },
                ],
                &format!("commission tier {} on order {}", x.tier, o.order_no),
                now,
            )
            .await?;
        }
    }
    // 拉新奖励: the inviter of a member whose first order this is, within the daily cap.
    if current.new_member_reward > 0 && buyer.own_orders == 0 {
        if let (Some(p), Some(first)) = (buyer.parent_id, lines.first()) {
            let inviter = member_in(c, p).await?;
            let (day, _) = crate::shop_day_and_month(now);
            let given = commission::Entity::find()
                .filter(commission::Column::BeneficiaryId.eq(p))
                .filter(commission::Column::Kind.eq("new_member"))
                .filter(commission::Column::CreatedAt.gte(day))
                .count(c)
                .await? as i64;
            if inviter.is_active(current.mode) && (current.new_member_daily_cap == 0 || given < current.new_member_daily_cap) {
                let amount = current.new_member_reward;
                let n = commission::Entity::insert(commission::ActiveModel {
                    order_id: Set(order_id),
                    order_line_id: Set(first.id),
                    tier: Set(0),
                    beneficiary_id: Set(p),
                    buyer_id: Set(o.user_id),
                    base: Set(0),
                    rate_bp: Set(None),
                    fixed_per_unit: Set(Some(amount)),
                    amount: Set(amount),
                    reversed: Set(0),
                    withheld: Set(0),
                    status: Set("frozen".into()),
                    rule: Set(format!(
                        "new-member reward ¥{}.{:02} for the first paid order of an invited member",
                        amount / 100,
                        amount % 100
                    )),
                    created_at: Set(now),
                    settled_at: Set(None),
                    kind: Set("new_member".into()),
                    ..Default::default()
                })
                .on_conflict(OnConflict::columns([commission::Column::OrderLineId, commission::Column::Tier]).do_nothing().to_owned())
                .exec_without_returning(c)
                .await?;
                if n == 1 {
                    post_entry(
                        c,
                        format!("new-member:{order_id}"),
                        vec![
                            Posting { account: expense(), amount: -amount },
                            Posting { account: acc(AccountKind::CommissionFrozen, p), amount },
                        ],
                        &format!("new-member reward on order {}", o.order_no),
                        now,
                    )
                    .await?;
                }
            }
        }
    }
    Ok(())
}

/// The commission rules of these products (absent: the default).
pub(crate) async fn product_rules_in<C: ConnectionTrait>(c: &C, ids: Vec<i64>) -> StoreResult<Vec<(i64, ProductRule)>> {
    Ok(product_commission_rule::Entity::find()
        .filter(product_commission_rule::Column::ProductId.is_in(ids))
        .all(c)
        .await?
        .into_iter()
        .filter_map(|r| serde_json::from_str(&r.rule).ok().map(|x| (r.product_id, x)))
        .collect())
}

/// Takes `amount` back from a distributor: from their frozen commissions (oldest first, recorded as
/// `withheld` on each), then available, then debt. Returns the postings (user side) to pair with
/// merchant expense.
pub(crate) async fn clawback_postings(c: &DatabaseTransaction, user_id: i64, amount: i64, skip: i64) -> StoreResult<Vec<Posting>> {
    use commission::Column as C;
    let mut left = amount;
    let mut from_frozen = 0;
    let frozen = commission::Entity::find()
        .filter(C::BeneficiaryId.eq(user_id))
        .filter(C::Status.eq("frozen"))
        .filter(C::Id.ne(skip))
        .order_by_asc(C::Id)
        .lock(LockType::Update)
        .all(c)
        .await?;
    for f in frozen {
        if left == 0 {
            break;
        }
        let room = f.amount - f.reversed - f.withheld;
        let t = Ord::min(room, left);
        if t <= 0 {
            continue;
        }
        let r = commission::Entity::update_many()
            .col_expr(C::Withheld, Expr::col(C::Withheld).add(t))
            .filter(C::Id.eq(f.id))
            .filter(Expr::col(C::Amount).sub(Expr::col(C::Reversed)).sub(Expr::col(C::Withheld)).gte(t))
            .exec(c)
            .await?;
        if r.rows_affected == 1 {
            from_frozen += t;
            left -= t;
        }
    }
    let avail_bal = crate::ledger::balance_in(c, acc(AccountKind::CommissionAvailable, user_id)).await?;
    let from_avail = Ord::min(Ord::max(avail_bal, 0), left);
    left -= from_avail;
    Ok(vec![
        Posting { account: acc(AccountKind::CommissionFrozen, user_id), amount: -from_frozen },
        Posting { account: acc(AccountKind::CommissionAvailable, user_id), amount: -from_avail },
        Posting { account: acc(AccountKind::CommissionDebt, user_id), amount: -left },
    ])
}

/// After `refunded_units` of an order line are refunded in total (inside the after-sale approval):
/// reverses that share of each of the line's commissions, exactly.
pub(crate) async fn reverse_line(
    c: &DatabaseTransaction,
    line_id: i64,
    quantity: i64,
    refunded_units: i64,
    after_sale_id: i64,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    use commission::Column as C;
    let rows = commission::Entity::find().filter(C::OrderLineId.eq(line_id)).order_by_asc(C::Tier).lock(LockType::Update).all(c).await?;
    for m in rows {
        let r = reversal_amount(m.amount, quantity, refunded_units, m.reversed);
        if r == 0 {
            continue;
        }
        let own = if m.status == "frozen" { Ord::max(Ord::min(r, m.amount - m.reversed - m.withheld), 0) } else { 0 };
        let mut postings = vec![
            Posting { account: expense(), amount: r },
            Posting { account: acc(AccountKind::CommissionFrozen, m.beneficiary_id), amount: -own },
        ];
        if r > own {
            postings.extend(clawback_postings(c, m.beneficiary_id, r - own, m.id).await?);
        }
        let fully = m.reversed + r == m.amount;
        let status = if m.status == "frozen" && fully { "reversed" } else { m.status.as_str() };
        let upd = commission::Entity::update_many()
            .col_expr(C::Reversed, Expr::col(C::Reversed).add(r))
            .col_expr(C::Status, Expr::value(status))
            .filter(C::Id.eq(m.id))
            .filter(C::Reversed.eq(m.reversed))
            .exec(c)
            .await?;
        if upd.rows_affected != 1 {
            return Err(StoreError::Conflict("commission_changed".into()));
        }
        post_entry(
            c,
            format!("reverse:{}:{after_sale_id}", m.id),
            merge(postings),
            &format!("commission #{} reversed by after-sale #{after_sale_id}", m.id),
            now,
        )
        .await?;
    }
    Ok(())
}

/// Sums postings per account (an entry may name an account once only).
fn merge(ps: Vec<Posting>) -> Vec<Posting> {
    let mut out: Vec<Posting> = Vec::new();
    for p in ps {
        match out.iter_mut().find(|q| q.account == p.account) {
            Some(q) => q.amount += p.amount,
            None => out.push(p),
        }
    }
    out.into_iter().filter(|p| p.amount != 0).collect()
}

impl Store {
    pub async fn product_rule(&self, product_id: i64) -> StoreResult<ProductRule> {
        Ok(product_rules_in(&self.db, vec![product_id]).await?.into_iter().next().map(|(_, r)| r).unwrap_or_default())
    }

    /// Sets a product's commission rule (`Default` removes it), audited.
    pub async fn set_product_rule(&self, product_id: i64, rule: ProductRule, audit: &crate::AuditEntry) -> StoreResult<()> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        crate::entities::product::Entity::find_by_id(product_id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        product_commission_rule::Entity::delete_by_id(product_id).exec(&txn).await?;
        if rule != ProductRule::Default {
            product_commission_rule::Entity::insert(product_commission_rule::ActiveModel {
                product_id: Set(product_id),
                rule: Set(serde_json::to_string(&rule).expect("rules serialise")),
                updated_at: Set(audit.at),
            })
            .exec_without_returning(&txn)
            .await?;
        }
        crate::admins::insert_audit(&txn, audit).await?;
        txn.commit().await?;
        Ok(())
    }

    pub async fn order_commissions(&self, order_id: i64) -> StoreResult<Vec<CommissionRecord>> {
        Ok(commission::Entity::find()
            .filter(commission::Column::OrderId.eq(order_id))
            .order_by_asc(commission::Column::OrderLineId)
            .order_by_asc(commission::Column::Tier)
            .all(&self.db)
            .await?
            .into_iter()
            .map(rec)
            .collect())
    }

    pub async fn commissions_of(
        &self,
        user_id: i64,
        status: Option<&str>,
        page: u64,
        page_size: u64,
    ) -> StoreResult<(Vec<CommissionRecord>, u64)> {
        let mut f = commission::Entity::find().filter(commission::Column::BeneficiaryId.eq(user_id));
        if let Some(s) = status {
            f = f.filter(commission::Column::Status.eq(s));
        }
        let total = f.clone().count(&self.db).await?;
        let rows =
            f.order_by_desc(commission::Column::Id).offset(page.saturating_sub(1) * page_size).limit(page_size).all(&self.db).await?;
        Ok((rows.into_iter().map(rec).collect(), total))
    }

    /// Frozen commissions whose order was received at or before `received_before` and has no open
    /// after-sale on the commission's line (ids; the settle step re-checks under lock).
    pub async fn due_commissions(&self, received_before: DateTime<Utc>, limit: u64) -> StoreResult<Vec<i64>> {
        let orders: Vec<i64> = order::Entity::find()
            .select_only()
            .column(order::Column::Id)
            .filter(order::Column::Status.is_in([OrderStatus::Received.as_str(), OrderStatus::Completed.as_str()]))
            .filter(order::Column::ReceivedAt.lte(received_before))
            .filter(
                order::Column::Id.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(commission::Column::OrderId)
                        .from(commission::Entity)
                        .and_where(commission::Column::Status.eq("frozen"))
                        .to_owned(),
                ),
            )
            .limit(limit)
            .into_tuple::<i64>()
            .all(&self.db)
            .await?;
        if orders.is_empty() {
            return Ok(Vec::new());
        }
        Ok(commission::Entity::find()
            .select_only()
            .column(commission::Column::Id)
            .filter(commission::Column::OrderId.is_in(orders))
            .filter(commission::Column::Status.eq("frozen"))
            .order_by_asc(commission::Column::Id)
            .into_tuple::<i64>()
            .all(&self.db)
            .await?)
    }

    /// Settles one frozen commission if it is still due: `frozen → settled`, its remaining frozen
    /// part moves to available, and any debt is repaid from it first. False when a parallel run (or
    /// a refund) got there first, or an after-sale is open on its line.
    pub async fn settle_commission(&self, id: i64, now: DateTime<Utc>) -> StoreResult<bool> {
        use commission::Column as C;
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let Some(m) = commission::Entity::find_by_id(id).lock(LockType::Update).one(&txn).await? else {
            return Ok(false);
        };
        if m.status != "frozen" {
            return Ok(false);
        }
        let open_cases: Vec<i64> = after_sale::Entity::find()
            .select_only()
            .column(after_sale::Column::Id)
            .filter(after_sale::Column::OrderId.eq(m.order_id))
            .filter(after_sale::Column::Status.eq(AfterSaleStatus::RefundRequested.as_str()))
            .into_tuple::<i64>()
            .all(&txn)
            .await?;
        if !open_cases.is_empty() {
            let on_line = after_sale_line::Entity::find()
                .filter(after_sale_line::Column::AfterSaleId.is_in(open_cases))
                .filter(after_sale_line::Column::OrderLineId.eq(m.order_line_id))
                .count(&txn)
                .await?;
            if on_line > 0 {
                return Ok(false);
            }
        }
        let upd = commission::Entity::update_many()
            .col_expr(C::Status, Expr::value("settled"))
            .col_expr(C::SettledAt, Expr::value(Some(now)))
            .filter(C::Id.eq(id))
            .filter(C::Status.eq("frozen"))
            .exec(&txn)
            .await?;
        if upd.rows_affected != 1 {
            return Ok(false);
        }
        let moving = m.amount - m.reversed - m.withheld;
        let u = m.beneficiary_id;
        let debt = -Ord::min(crate::ledger::balance_in(&txn, acc(AccountKind::CommissionDebt, u)).await?, 0);
        let repay = Ord::min(debt, Ord::max(moving, 0));
        post_entry(
            &txn,
            format!("settle:{id}"),
            merge(vec![
                Posting { account: acc(AccountKind::CommissionFrozen, u), amount: -moving },
                Posting { account: acc(AccountKind::CommissionAvailable, u), amount: moving - repay },
                Posting { account: acc(AccountKind::CommissionDebt, u), amount: repay },
            ]),
            &format!("commission #{id} settled"),
            now,
        )
        .await?;
        txn.commit().await?;
        Ok(true)
    }

    /// What the commission rows say the frozen accounts hold in all (for reconciliation).
    pub async fn frozen_commission_total(&self) -> StoreResult<i64> {
        use sea_orm::FromQueryResult;
        #[derive(FromQueryResult)]
        struct S {
            s: Option<i64>,
        }
        let be = self.db.get_database_backend();
        let r = S::find_by_statement(sea_orm::Statement::from_string(
            be,
            "SELECT CAST(SUM(amount - reversed - withheld) AS BIGINT) AS s FROM commissions WHERE status = 'frozen'".to_string(),
        ))
        .one(&self.db)
        .await?;
        Ok(r.and_then(|r| r.s).unwrap_or(0))
    }
}

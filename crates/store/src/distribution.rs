//! Distribution in the database: versioned settings; the referral tree, stored so that a member's
//! three ancestors are one row read and team sizes are counters moved on every (re)binding — never a
//! tree scan; distributor status and applications; the binding log.

use crate::admins::insert_audit;
use crate::entities::{binding_attempt, distribution_member, distribution_setting, distributor_application, user};
use crate::{AuditEntry, Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use fenxiao_domain::distribution::{BindMode, DistributionSettings, DistributorMode};
use sea_orm::ExprTrait;
use sea_orm::sea_query::{Expr, LockType, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};

/// A member of the referral tree (every user has one, created on first need).
#[derive(Debug, Clone, Default)]
pub struct MemberRecord {
    pub user_id: i64,
    pub parent_id: Option<i64>,
    pub ancestor2: Option<i64>,
    pub ancestor3: Option<i64>,
    pub bound_at: Option<DateTime<Utc>>,
    pub bind_expires_at: Option<DateTime<Utc>>,
    /// `none`, `active`, `disabled` (applications live in their own table).
    pub status: String,
    pub grade_id: Option<i64>,
    pub became_at: Option<DateTime<Utc>>,
    /// Members 1, 2 and 3 levels below.
    pub d1: i64,
    pub d2: i64,
    pub d3: i64,
    /// Paid order totals of members up to 3 levels below (counted when paid).
    pub team_sales: i64,
    pub own_spend: i64,
    pub own_orders: i64,
}

fn member_rec(m: distribution_member::Model) -> MemberRecord {
    MemberRecord {
        user_id: m.user_id,
        parent_id: m.parent_id,
        ancestor2: m.ancestor2,
        ancestor3: m.ancestor3,
        bound_at: m.bound_at,
        bind_expires_at: m.bind_expires_at,
        status: m.status,
        grade_id: m.grade_id,
        became_at: m.became_at,
        d1: m.d1,
        d2: m.d2,
        d3: m.d3,
        team_sales: m.team_sales,
        own_spend: m.own_spend,
        own_orders: m.own_orders,
    }
}

impl MemberRecord {
    /// Whether this member may earn and recruit now, under `mode`.
    pub fn is_active(&self, mode: DistributorMode) -> bool {
        match mode {
            DistributorMode::Everyone => self.status != "disabled",
            _ => self.status == "active",
        }
    }

    pub fn ancestors(&self) -> [Option<i64>; 3] {
        [self.parent_id, self.ancestor2, self.ancestor3]
    }
}

#[derive(Debug, Clone)]
pub struct ApplicationRecord {
    pub id: i64,
    pub user_id: i64,
    pub status: String,
    pub reason: String,
    pub reject_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

fn app_rec(m: distributor_application::Model) -> ApplicationRecord {
    ApplicationRecord {
        id: m.id,
        user_id: m.user_id,
        status: m.status,
        reason: m.reason,
        reject_reason: m.reject_reason,
        created_at: m.created_at,
        decided_at: m.decided_at,
    }
}

/// One row of the binding log.
#[derive(Debug, Clone)]
pub struct BindingAttemptRecord {
    pub id: i64,
    pub user_id: i64,
    pub referrer_id: Option<i64>,
    pub invite_code: String,
    pub channel: String,
    pub scene: String,
    pub outcome: String,
    pub reason: String,
    pub created_at: DateTime<Utc>,
}

/// A binding request: who, to whom (by invite code), from where.
#[derive(Debug, Clone)]
pub struct BindRequest<'a> {
    pub user_id: i64,
    pub invite_code: &'a str,
    pub channel: &'a str,
    pub scene: &'a str,
    /// Staff rebinding by hand: skips the "already bound" and "has paid" rules (never the others).
    pub by_staff: bool,
}

/// The outcome of a binding attempt (also written to the binding log).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BindOutcome {
    Bound {
        referrer_id: i64,
    },
    Unchanged {
        referrer_id: i64,
    },
    Refused(&'static str),
    /// Remembered until the first paid order (trigger `first_paid_order`).
    Deferred,
}

pub(crate) async fn ensure_member<C: ConnectionTrait>(c: &C, user_id: i64, now: DateTime<Utc>) -> StoreResult<()> {
    distribution_member::Entity::insert(distribution_member::ActiveModel {
        user_id: Set(user_id),
        parent_id: Set(None),
        ancestor2: Set(None),
        ancestor3: Set(None),
        bound_at: Set(None),
        bind_expires_at: Set(None),
        status: Set("none".into()),
        grade_id: Set(None),
        became_at: Set(None),
        d1: Set(0),
        d2: Set(0),
        d3: Set(0),
        team_sales: Set(0),
        own_spend: Set(0),
        own_orders: Set(0),
        updated_at: Set(now),
    })
    .on_conflict(OnConflict::column(distribution_member::Column::UserId).do_nothing().to_owned())
    .exec_without_returning(c)
    .await?;
    Ok(())
}

pub(crate) async fn member_in<C: ConnectionTrait>(c: &C, user_id: i64) -> StoreResult<MemberRecord> {
    Ok(distribution_member::Entity::find_by_id(user_id).one(c).await?.map(member_rec).unwrap_or(MemberRecord {
        user_id,
        status: "none".into(),
        ..Default::default()
    }))
}

/// Adds `sign` × (the member and its subtree down to 3 levels in all) to the counters of the
/// ancestors `anc` (nearest first).
async fn shift_counters(c: &DatabaseTransaction, anc: [Option<i64>; 3], sub: &MemberRecord, sign: i64) -> StoreResult<()> {
    use distribution_member::Column as M;
    // (ancestor distance, [d1, d2, d3] increments)
    let plan: [(usize, [i64; 3]); 3] = [(0, [1, sub.d1, sub.d2]), (1, [0, 1, sub.d1]), (2, [0, 0, 1])];
    for (i, inc) in plan {
        let Some(a) = anc[i] else { continue };
        distribution_member::Entity::update_many()
            .col_expr(M::D1, Expr::col(M::D1).add(sign * inc[0]))
            .col_expr(M::D2, Expr::col(M::D2).add(sign * inc[1]))
            .col_expr(M::D3, Expr::col(M::D3).add(sign * inc[2]))
            .filter(M::UserId.eq(a))
            .exec(c)
            .await?;
    }
    Ok(())
}

async fn log_attempt<C: ConnectionTrait>(
    c: &C,
    r: &BindRequest<'_>,
    referrer: Option<i64>,
    outcome: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    binding_attempt::ActiveModel {
        user_id: Set(r.user_id),
        referrer_id: Set(referrer),
        invite_code: Set(r.invite_code.chars().take(32).collect()),
        channel: Set(r.channel.chars().take(32).collect()),
        scene: Set(r.scene.chars().take(64).collect()),
        outcome: Set(outcome.into()),
        reason: Set(reason.into()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(c)
    .await?;
    Ok(())
}

impl Store {
    /// The settings in force and their version (0 = never saved: the defaults).
    pub async fn distribution_settings(&self) -> StoreResult<(i64, DistributionSettings)> {
        let row = distribution_setting::Entity::find().order_by_desc(distribution_setting::Column::Version).one(&self.db).await?;
        Ok(match row {
            Some(r) => (r.version, serde_json::from_str(&r.body).unwrap_or_default()),
            None => (0, DistributionSettings::default()),
        })
    }

    /// One version of the settings (the defaults for version 0 or an unknown one).
    pub async fn distribution_settings_version(&self, version: i64) -> StoreResult<DistributionSettings> {
        let row = distribution_setting::Entity::find().filter(distribution_setting::Column::Version.eq(version)).one(&self.db).await?;
        Ok(row.and_then(|r| serde_json::from_str(&r.body).ok()).unwrap_or_default())
    }

    /// Saves a new version (audited in the same transaction). Parallel saves cannot take the same
    /// version (unique index): the loser gets `Conflict`.
    pub async fn save_distribution_settings(&self, s: &DistributionSettings, audit: &AuditEntry) -> StoreResult<i64> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let last = distribution_setting::Entity::find().order_by_desc(distribution_setting::Column::Version).one(&txn).await?;
        let version = last.map(|r| r.version).unwrap_or(0) + 1;
        distribution_setting::ActiveModel {
            version: Set(version),
            body: Set(serde_json::to_string(s).expect("settings serialise")),
            created_by: Set(Some(audit.admin_id)),
            created_at: Set(audit.at),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(StoreError::from_db)?;
        insert_audit(&txn, audit).await?;
        txn.commit().await?;
        Ok(version)
    }

    pub async fn member(&self, user_id: i64) -> StoreResult<MemberRecord> {
        member_in(&self.db, user_id).await
    }

    /// Binds a user under the owner of `invite_code`, following the settings' mode; every attempt
    /// is logged. Refusals: `unknown_code`, `self`, `not_distributor`, `cycle`, `already_bound`,
    /// `has_paid_order`, `disabled`.
    pub async fn bind(
        &self,
        r: &BindRequest<'_>,
        s: &DistributionSettings,
        now: DateTime<Utc>,
        audit: Option<&AuditEntry>,
    ) -> StoreResult<BindOutcome> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let outcome = self.bind_in(&txn, r, s, now).await?;
        let (referrer, word, reason) = match &outcome {
            BindOutcome::Bound { referrer_id } => (Some(*referrer_id), "bound", ""),
            BindOutcome::Unchanged { referrer_id } => (Some(*referrer_id), "unchanged", ""),
            BindOutcome::Refused(why) => (None, "refused", *why),
            BindOutcome::Deferred => (None, "deferred", ""),
        };
        if matches!(outcome, BindOutcome::Refused(_)) {
            txn.rollback().await?;
            log_attempt(&self.db, r, referrer, word, reason, now).await?;
        } else {
            log_attempt(&txn, r, referrer, word, reason, now).await?;
            if let Some(a) = audit {
                insert_audit(&txn, a).await?;
            }
            txn.commit().await?;
        }
        Ok(outcome)
    }

    async fn bind_in(
        &self,
        txn: &DatabaseTransaction,
        r: &BindRequest<'_>,
        s: &DistributionSettings,
        now: DateTime<Utc>,
    ) -> StoreResult<BindOutcome> {
        use distribution_member::Column as M;
        let Some(referrer) = user::Entity::find().filter(user::Column::InviteCode.eq(r.invite_code)).one(txn).await? else {
            return Ok(BindOutcome::Refused("unknown_code"));
        };
        if referrer.id == r.user_id {
            return Ok(BindOutcome::Refused("self"));
        }
        ensure_member(txn, r.user_id, now).await?;
        ensure_member(txn, referrer.id, now).await?;
        // Lock the member being moved (PostgreSQL); SQLite writers are already queued.
        let me = distribution_member::Entity::find_by_id(r.user_id)
            .lock(LockType::Update)
            .one(txn)
            .await?
            .map(member_rec)
            .ok_or(StoreError::NotFound)?;
        let rm = member_in(txn, referrer.id).await?;
        if referrer.status != "active" {
            return Ok(BindOutcome::Refused("disabled"));
        }
        if !rm.is_active(s.mode) {
            return Ok(BindOutcome::Refused("not_distributor"));
        }
        if me.parent_id == Some(referrer.id) {
            return Ok(BindOutcome::Unchanged { referrer_id: referrer.id });
        }
        if !r.by_staff {
            if let Some(_p) = me.parent_id {
                let lapsed = s.bind_mode == BindMode::Expiring && me.bind_expires_at.is_some_and(|t| t <= now);
                let latest_ok = s.bind_mode == BindMode::Latest && me.own_orders == 0;
                if !(lapsed || latest_ok) {
                    return Ok(BindOutcome::Refused("already_bound"));
                }
            } else if me.own_orders > 0 && s.bind_mode != BindMode::Expiring {
                return Ok(BindOutcome::Refused("has_paid_order"));
            }
        }
        // A cycle is only possible when the user has members below: then walk the referrer's chain.
        if me.d1 > 0 {
            let mut cur = Some(rm.clone());
            while let Some(m) = cur {
                if [m.parent_id, m.ancestor2, m.ancestor3].contains(&Some(r.user_id)) {
                    return Ok(BindOutcome::Refused("cycle"));
                }
                cur = match m.ancestor3 {
                    Some(a) => Some(member_in(txn, a).await?),
                    None => None,
                };
            }
        }
        // Detach from the old place, attach at the new one.
        if me.parent_id.is_some() {
            shift_counters(txn, me.ancestors(), &me, -1).await?;
        }
        let new_anc = [Some(referrer.id), rm.parent_id, rm.ancestor2];
        shift_counters(txn, new_anc, &me, 1).await?;
        let expires = (s.bind_mode == BindMode::Expiring).then(|| now + chrono::Duration::days(s.bind_days));
        distribution_member::Entity::update_many()
            .col_expr(M::ParentId, Expr::value(Some(referrer.id)))
            .col_expr(M::Ancestor2, Expr::value(rm.parent_id))
            .col_expr(M::Ancestor3, Expr::value(rm.ancestor2))
            .col_expr(M::BoundAt, Expr::value(Some(now)))
            .col_expr(M::BindExpiresAt, Expr::value(expires))
            .col_expr(M::UpdatedAt, Expr::value(now))
            .filter(M::UserId.eq(r.user_id))
            .exec(txn)
            .await?;
        if me.d1 > 0 {
            distribution_member::Entity::update_many()
                .col_expr(M::Ancestor2, Expr::value(Some(referrer.id)))
                .col_expr(M::Ancestor3, Expr::value(rm.parent_id))
                .filter(M::ParentId.eq(r.user_id))
                .exec(txn)
                .await?;
            distribution_member::Entity::update_many()
                .col_expr(M::Ancestor3, Expr::value(Some(referrer.id)))
                .filter(M::Ancestor2.eq(r.user_id))
                .exec(txn)
                .await?;
        }
        crate::grades::maybe_upgrade(txn, referrer.id, s.mode).await?;
        user::Entity::update_many()
            .col_expr(user::Column::ReferrerId, Expr::value(Some(referrer.id)))
            .col_expr(user::Column::PendingInviteCode, Expr::value(Option::<String>::None))
            .col_expr(user::Column::UpdatedAt, Expr::value(now))
            .filter(user::Column::Id.eq(r.user_id))
            .exec(txn)
            .await?;
        Ok(BindOutcome::Bound { referrer_id: referrer.id })
    }

    /// Sets a member's distributor status (`active`, `disabled`, `none`), keeping `users.is_distributor` in step.
    pub async fn set_distributor_status(
        &self,
        user_id: i64,
        status: &str,
        now: DateTime<Utc>,
        audit: Option<&AuditEntry>,
    ) -> StoreResult<()> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        set_status_in(&txn, user_id, status, now).await?;
        if let Some(a) = audit {
            insert_audit(&txn, a).await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// Opens an application (one open at a time: `Conflict("already_applied")`). With `approve_now`
    /// (conditions met and auto-approve on) it is approved in the same transaction.
    pub async fn apply_distributor(
        &self,
        user_id: i64,
        reason: &str,
        approve_now: bool,
        now: DateTime<Utc>,
    ) -> StoreResult<ApplicationRecord> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        ensure_member(&txn, user_id, now).await?;
        let me = distribution_member::Entity::find_by_id(user_id)
            .lock(LockType::Update)
            .one(&txn)
            .await?
            .map(member_rec)
            .ok_or(StoreError::NotFound)?;
        if me.status == "active" {
            return Err(StoreError::Conflict("already_distributor".into()));
        }
        let open = distributor_application::Entity::find()
            .filter(distributor_application::Column::UserId.eq(user_id))
            .filter(distributor_application::Column::Status.eq("pending"))
            .count(&txn)
            .await?;
        if open > 0 {
            return Err(StoreError::Conflict("already_applied".into()));
        }
        let m = distributor_application::ActiveModel {
            user_id: Set(user_id),
            status: Set(if approve_now { "approved" } else { "pending" }.into()),
            reason: Set(reason.chars().take(256).collect()),
            reject_reason: Set(None),
            decided_by: Set(None),
            created_at: Set(now),
            decided_at: Set(approve_now.then_some(now)),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        if approve_now {
            set_status_in(&txn, user_id, "active", now).await?;
        }
        txn.commit().await?;
        Ok(app_rec(m))
    }

    /// Approves or rejects a pending application (conditional: a decided one is `invalid_transition`).
    pub async fn decide_application(
        &self,
        id: i64,
        approve: bool,
        reject_reason: Option<&str>,
        audit: &AuditEntry,
    ) -> StoreResult<ApplicationRecord> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        use distributor_application::Column as A;
        let r = distributor_application::Entity::update_many()
            .col_expr(A::Status, Expr::value(if approve { "approved" } else { "rejected" }))
            .col_expr(A::RejectReason, Expr::value(reject_reason.map(|s| s.chars().take(256).collect::<String>())))
            .col_expr(A::DecidedBy, Expr::value(Some(audit.admin_id)))
            .col_expr(A::DecidedAt, Expr::value(Some(audit.at)))
            .filter(A::Id.eq(id))
            .filter(A::Status.eq("pending"))
            .exec(&txn)
            .await?;
        if r.rows_affected == 0 {
            let exists = distributor_application::Entity::find_by_id(id).one(&txn).await?.is_some();
            return Err(if exists { StoreError::Conflict("invalid_transition".into()) } else { StoreError::NotFound });
        }
        let m = distributor_application::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        if approve {
            set_status_in(&txn, m.user_id, "active", audit.at).await?;
        }
        insert_audit(&txn, audit).await?;
        txn.commit().await?;
        Ok(app_rec(m))
    }

    pub async fn applications(&self, status: Option<&str>, page: u64, page_size: u64) -> StoreResult<(Vec<ApplicationRecord>, u64)> {
        let mut f = distributor_application::Entity::find();
        if let Some(s) = status {
            f = f.filter(distributor_application::Column::Status.eq(s));
        }
        let total = f.clone().count(&self.db).await?;
        let rows = f
            .order_by_desc(distributor_application::Column::Id)
            .offset(page.saturating_sub(1) * page_size)
            .limit(page_size)
            .all(&self.db)
            .await?;
        Ok((rows.into_iter().map(app_rec).collect(), total))
    }

    pub async fn latest_application(&self, user_id: i64) -> StoreResult<Option<ApplicationRecord>> {
        Ok(distributor_application::Entity::find()
            .filter(distributor_application::Column::UserId.eq(user_id))
            .order_by_desc(distributor_application::Column::Id)
            .one(&self.db)
            .await?
            .map(app_rec))
    }

    /// Members directly below `user_id` (depth 1), or at depth 2 or 3 (by the stored ancestor
    /// columns — one indexed lookup, no walk), newest first.
    pub async fn team_members(&self, user_id: i64, depth: u8, page: u64, page_size: u64) -> StoreResult<(Vec<MemberRecord>, u64)> {
        let col = match depth {
            1 => distribution_member::Column::ParentId,
            2 => distribution_member::Column::Ancestor2,
            _ => distribution_member::Column::Ancestor3,
        };
        let f = distribution_member::Entity::find().filter(col.eq(user_id));
        let total = f.clone().count(&self.db).await?;
        let rows = f
            .order_by_desc(distribution_member::Column::BoundAt)
            .offset(page.saturating_sub(1) * page_size)
            .limit(page_size)
            .all(&self.db)
            .await?;
        Ok((rows.into_iter().map(member_rec).collect(), total))
    }

    /// (user, value) of the top `limit` by commission earned since `since` (net of reversals), or
    /// by members bound directly under them since `since` — aggregated in the database.
    pub async fn rankings(&self, recruits: bool, since: DateTime<Utc>, limit: u64) -> StoreResult<Vec<(i64, i64)>> {
        use sea_orm::FromQueryResult;
        #[derive(FromQueryResult)]
        struct R {
            u: i64,
            v: Option<i64>,
        }
        let be = self.db.get_database_backend();
        let p = if be == sea_orm::DatabaseBackend::Postgres { "$1" } else { "?" };
        let hint = if be == sea_orm::DatabaseBackend::Sqlite { "INDEXED BY ix_commissions_created" } else { "" };
        let sql = if recruits {
            format!(
                "SELECT parent_id AS u, CAST(COUNT(*) AS BIGINT) AS v FROM distribution_members WHERE parent_id IS NOT NULL AND bound_at >= {p} GROUP BY parent_id ORDER BY v DESC, u LIMIT {limit}"
            )
        } else {
            format!(
                // SQLite's planner would otherwise walk the whole beneficiary index; the time range is the selective part.
                "SELECT beneficiary_id AS u, CAST(SUM(amount - reversed) AS BIGINT) AS v FROM commissions {hint} WHERE created_at >= {p} GROUP BY beneficiary_id ORDER BY v DESC, u LIMIT {limit}"
            )
        };
        let rows = R::find_by_statement(sea_orm::Statement::from_sql_and_values(be, &sql, [since.into()])).all(&self.db).await?;
        Ok(rows.into_iter().map(|r| (r.u, r.v.unwrap_or(0))).collect())
    }

    pub async fn binding_attempts(&self, user_id: Option<i64>, page: u64, page_size: u64) -> StoreResult<(Vec<BindingAttemptRecord>, u64)> {
        let mut f = binding_attempt::Entity::find();
        if let Some(u) = user_id {
            f = f.filter(binding_attempt::Column::UserId.eq(u));
        }
        let total = f.clone().count(&self.db).await?;
        let rows =
            f.order_by_desc(binding_attempt::Column::Id).offset(page.saturating_sub(1) * page_size).limit(page_size).all(&self.db).await?;
        Ok((
            rows.into_iter()
                .map(|a| BindingAttemptRecord {
                    id: a.id,
                    user_id: a.user_id,
                    referrer_id: a.referrer_id,
                    invite_code: a.invite_code,
                    channel: a.channel,
                    scene: a.scene,
                    outcome: a.outcome,
                    reason: a.reason,
                    created_at: a.created_at,
                })
                .collect(),
            total,
        ))
    }

    /// New members per shop day since `since` in `user_id`'s team down to `depth` levels, from the
    /// stored ancestor columns (indexed), counted in the database.
    pub async fn new_members_per_day(&self, user_id: i64, depth: u8, since: DateTime<Utc>) -> StoreResult<Vec<(String, i64)>> {
        use sea_orm::FromQueryResult;
        #[derive(FromQueryResult)]
        struct R {
            d: String,
            n: i64,
        }
        let be = self.db.get_database_backend();
        let pg = be == sea_orm::DatabaseBackend::Postgres;
        let day =
            if pg { "to_char(bound_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')" } else { "strftime('%Y-%m-%d', bound_at, '+8 hours')" };
        let cols = ["parent_id", "ancestor2", "ancestor3"];
        let who: Vec<String> = cols.iter().take(depth.clamp(1, 3) as usize).map(|c| format!("{c} = {user_id}")).collect();
        let p = if pg { "$1" } else { "?" };
        let sql = format!(
            "SELECT {day} AS d, CAST(COUNT(*) AS BIGINT) AS n FROM distribution_members WHERE ({}) AND bound_at >= {p} GROUP BY d ORDER BY d",
            who.join(" OR ")
        );
        let rows = R::find_by_statement(sea_orm::Statement::from_sql_and_values(be, &sql, [since.into()])).all(&self.db).await?;
        Ok(rows.into_iter().map(|r| (r.d, r.n)).collect())
    }

    /// Members with a distributor status (or all with a binding), for staff, newest first.
    pub async fn distributors(&self, status: Option<&str>, page: u64, page_size: u64) -> StoreResult<(Vec<MemberRecord>, u64)> {
        let mut f = distribution_member::Entity::find();
        if let Some(s) = status {
            f = f.filter(distribution_member::Column::Status.eq(s));
        } else {
            f = f.filter(distribution_member::Column::Status.ne("none"));
        }
        let total = f.clone().count(&self.db).await?;
        let rows = f
            .order_by_desc(distribution_member::Column::UserId)
            .offset(page.saturating_sub(1) * page_size)
            .limit(page_size)
            .all(&self.db)
            .await?;
        Ok((rows.into_iter().map(member_rec).collect(), total))
    }
}

pub(crate) async fn set_status_in<C: ConnectionTrait>(c: &C, user_id: i64, status: &str, now: DateTime<Utc>) -> StoreResult<()> {
    ensure_member(c, user_id, now).await?;
    let mut q = distribution_member::Entity::update_many()
        .col_expr(distribution_member::Column::Status, Expr::value(status))
        .col_expr(distribution_member::Column::UpdatedAt, Expr::value(now));
    if status == "active" {
        q = q.col_expr(distribution_member::Column::BecameAt, Expr::col(distribution_member::Column::BecameAt).if_null(Expr::value(now)));
    }
    q.filter(distribution_member::Column::UserId.eq(user_id)).exec(c).await?;
    user::Entity::update_many()
        .col_expr(user::Column::IsDistributor, Expr::value(status == "active"))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(user_id))
        .exec(c)
        .await?;
    Ok(())
}

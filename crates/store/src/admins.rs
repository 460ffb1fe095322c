//! Staff accounts and the audit log. Every admin write that goes through here takes the
//! [`AuditEntry`] that describes it and commits both in one transaction, so an audited action can
//! never happen without its row.

use crate::entities::{admin, audit_log, session};
use crate::{Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use fenxiao_domain::auth::Role;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};

pub struct NewAdmin {
    pub username: String,
    pub password_hash: String,
    pub role: Role,
    pub display_name: String,
}

#[derive(Default)]
pub struct AdminPatch {
    pub password_hash: Option<String>,
    pub role: Option<Role>,
    pub display_name: Option<String>,
    pub active: Option<bool>,
}

#[derive(Debug, Clone)]
pub struct AdminRecord {
    pub id: i64,
    pub username: String,
    pub password_hash: String,
    pub role: Role,
    pub display_name: String,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
}

/// What an admin did, to whom, with a JSON detail (never secrets).
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub admin_id: i64,
    pub action: String,
    pub target_kind: String,
    pub target_id: Option<String>,
    pub detail: serde_json::Value,
    pub ip: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct AuditRecord {
    pub id: i64,
    pub admin_id: i64,
    pub action: String,
    pub target_kind: String,
    pub target_id: Option<String>,
    pub detail: serde_json::Value,
    pub ip: Option<String>,
    pub created_at: DateTime<Utc>,
}

fn to_record(m: admin::Model) -> AdminRecord {
    AdminRecord {
        id: m.id,
        username: m.username,
        password_hash: m.password_hash,
        role: Role::parse(&m.role).unwrap_or(Role::Support),
        display_name: m.display_name,
        active: m.active,
        created_at: m.created_at,
        last_login_at: m.last_login_at,
    }
}

pub(crate) async fn insert_audit<C: ConnectionTrait>(c: &C, e: &AuditEntry) -> StoreResult<()> {
    audit_log::ActiveModel {
        admin_id: Set(e.admin_id),
        action: Set(e.action.clone()),
        target_kind: Set(e.target_kind.clone()),
        target_id: Set(e.target_id.clone()),
        detail: Set(e.detail.to_string()),
        ip: Set(e.ip.clone()),
        created_at: Set(e.at),
        ..Default::default()
    }
    .insert(c)
    .await?;
    Ok(())
}

impl Store {
    pub async fn count_admins(&self) -> StoreResult<u64> {
        Ok(admin::Entity::find().count(&self.db).await?)
    }

    /// Creates a staff account; `audit` is `None` only for the bootstrap admin made at start-up.
    pub async fn create_admin(&self, new: NewAdmin, now: DateTime<Utc>, audit: Option<&AuditEntry>) -> StoreResult<AdminRecord> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let m = admin::ActiveModel {
            username: Set(new.username),
            password_hash: Set(new.password_hash),
            role: Set(new.role.as_str().to_string()),
            display_name: Set(new.display_name),
            active: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
            last_login_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(StoreError::from_db)?;
        if let Some(a) = audit {
            let mut a = a.clone();
            a.target_id = Some(m.id.to_string());
            insert_audit(&txn, &a).await?;
        }
        txn.commit().await?;
        Ok(to_record(m))
    }

    pub async fn find_admin_by_username(&self, username: &str) -> StoreResult<Option<AdminRecord>> {
        Ok(admin::Entity::find().filter(admin::Column::Username.eq(username)).one(&self.db).await?.map(to_record))
    }

    pub async fn get_admin(&self, id: i64) -> StoreResult<AdminRecord> {
        admin::Entity::find_by_id(id).one(&self.db).await?.map(to_record).ok_or(StoreError::NotFound)
    }

    pub async fn list_admins(&self) -> StoreResult<Vec<AdminRecord>> {
        Ok(admin::Entity::find().order_by_asc(admin::Column::Id).all(&self.db).await?.into_iter().map(to_record).collect())
    }

    /// Updates a staff account. Refuses (`Conflict("last_super_admin")`) a change that would leave the
    /// shop without an active super admin. Disabling an account or changing its password revokes its
    /// sessions in the same transaction.
    pub async fn update_admin(&self, id: i64, patch: AdminPatch, audit: &AuditEntry) -> StoreResult<AdminRecord> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let now = audit.at;
        let revoke = patch.active == Some(false) || patch.password_hash.is_some();
        let mut q = admin::Entity::update_many().col_expr(admin::Column::UpdatedAt, Expr::value(now));
        if let Some(h) = patch.password_hash {
            q = q.col_expr(admin::Column::PasswordHash, Expr::value(h));
        }
        if let Some(r) = patch.role {
            q = q.col_expr(admin::Column::Role, Expr::value(r.as_str()));
        }
        if let Some(d) = patch.display_name {
            q = q.col_expr(admin::Column::DisplayName, Expr::value(d));
        }
        if let Some(a) = patch.active {
            q = q.col_expr(admin::Column::Active, Expr::value(a));
        }
        let r = q.filter(admin::Column::Id.eq(id)).exec(&txn).await?;
        if r.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        let supers = admin::Entity::find()
            .filter(admin::Column::Role.eq(Role::SuperAdmin.as_str()))
            .filter(admin::Column::Active.eq(true))
            .count(&txn)
            .await?;
        if supers == 0 {
            txn.rollback().await?;
            return Err(StoreError::Conflict("last_super_admin".into()));
        }
        if revoke {
            session::Entity::update_many()
                .col_expr(session::Column::RevokedAt, Expr::value(now))
                .filter(session::Column::SubjectKind.eq(crate::SubjectKind::Admin.as_str()))
                .filter(session::Column::SubjectId.eq(id))
                .filter(session::Column::RevokedAt.is_null())
                .exec(&txn)
                .await?;
        }
        insert_audit(&txn, audit).await?;
        let m = admin::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        txn.commit().await?;
        Ok(to_record(m))
    }

    pub async fn touch_admin_login(&self, id: i64, now: DateTime<Utc>) -> StoreResult<()> {
        let _w = self.write_guard().await;
        admin::Entity::update_many()
            .col_expr(admin::Column::LastLoginAt, Expr::value(now))
            .filter(admin::Column::Id.eq(id))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// Appends an audit row on its own (for actions with no other write, e.g. a data export).
    pub async fn append_audit(&self, e: &AuditEntry) -> StoreResult<()> {
        let _w = self.write_guard().await;
        insert_audit(&self.db, e).await
    }

    /// Newest first. Filters: by admin and by action prefix (e.g. `staff.`).
    pub async fn list_audit(
        &self,
        admin_id: Option<i64>,
        action_prefix: Option<&str>,
        page: u64,
        page_size: u64,
    ) -> StoreResult<(Vec<AuditRecord>, u64)> {
        let mut q = audit_log::Entity::find();
        if let Some(a) = admin_id {
            q = q.filter(audit_log::Column::AdminId.eq(a));
        }
        if let Some(p) = action_prefix {
            q = q.filter(audit_log::Column::Action.starts_with(p));
        }
        let total = q.clone().count(&self.db).await?;
        let rows =
            q.order_by_desc(audit_log::Column::Id).offset((page.saturating_sub(1)) * page_size).limit(page_size).all(&self.db).await?;
        let items = rows
            .into_iter()
            .map(|m| AuditRecord {
                id: m.id,
                admin_id: m.admin_id,
                action: m.action,
                target_kind: m.target_kind,
                target_id: m.target_id,
                detail: serde_json::from_str(&m.detail).unwrap_or(serde_json::Value::Null),
                ip: m.ip,
                created_at: m.created_at,
            })
            .collect();
        Ok((items, total))
    }
}

//! Distributor grades: staff-defined, upgraded automatically when a member's figures meet a
//! higher grade's conditions (after a payment or a new direct member), downgraded only by staff.

use crate::admins::insert_audit;
use crate::distribution::{ensure_member, member_in};
use crate::entities::{distribution_member, distributor_grade};
use crate::{AuditEntry, Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use fenxiao_domain::distribution::{DistributorMode, Grade, MemberFigures, upgrade_to};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};

fn grade_of(m: distributor_grade::Model) -> Grade {
    let mut g: Grade = serde_json::from_str(&m.body).unwrap_or(Grade {
        id: m.id,
        name: m.name.clone(),
        level: m.level,
        rates_bp: [0; 3],
        conditions: Default::default(),
    });
    g.id = m.id;
    g
}

pub(crate) async fn grades_in<C: ConnectionTrait>(c: &C) -> StoreResult<Vec<Grade>> {
    Ok(distributor_grade::Entity::find().order_by_asc(distributor_grade::Column::Level).all(c).await?.into_iter().map(grade_of).collect())
}

/// Moves an active distributor up to the best grade their figures now meet (never down).
pub(crate) async fn maybe_upgrade<C: ConnectionTrait>(c: &C, user_id: i64, mode: DistributorMode) -> StoreResult<()> {
    let grades = grades_in(c).await?;
    if grades.is_empty() {
        return Ok(());
    }
    let m = member_in(c, user_id).await?;
    if !m.is_active(mode) {
        return Ok(());
    }
    let current = m.grade_id.and_then(|id| grades.iter().find(|g| g.id == id)).map(|g| g.level).unwrap_or(0);
    let f = MemberFigures { own_spend: m.own_spend, direct_recruits: m.d1, team_sales: m.team_sales, order_count: m.own_orders };
    if let Some(g) = upgrade_to(&grades, &f, current) {
        distribution_member::Entity::update_many()
            .col_expr(distribution_member::Column::GradeId, Expr::value(Some(g.id)))
            .filter(distribution_member::Column::UserId.eq(user_id))
            .exec(c)
            .await?;
    }
    Ok(())
}

impl Store {
    pub async fn grades(&self) -> StoreResult<Vec<Grade>> {
        grades_in(&self.db).await
    }

    /// Creates or replaces a grade (audited). Two grades cannot share a level (`Conflict("level_taken")`).
    pub async fn save_grade(&self, id: Option<i64>, g: &Grade, audit: &AuditEntry) -> StoreResult<Grade> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let taken = distributor_grade::Entity::find()
            .filter(distributor_grade::Column::Level.eq(g.level))
            .filter(distributor_grade::Column::Id.ne(id.unwrap_or(0)))
            .count(&txn)
            .await?;
        if taken > 0 {
            return Err(StoreError::Conflict("level_taken".into()));
        }
        let body = serde_json::to_string(g).expect("grades serialise");
        let m = match id {
            Some(id) => {
                let r = distributor_grade::Entity::update_many()
                    .col_expr(distributor_grade::Column::Name, Expr::value(g.name.clone()))
                    .col_expr(distributor_grade::Column::Level, Expr::value(g.level))
                    .col_expr(distributor_grade::Column::Body, Expr::value(body))
                    .col_expr(distributor_grade::Column::UpdatedAt, Expr::value(audit.at))
                    .filter(distributor_grade::Column::Id.eq(id))
                    .exec(&txn)
                    .await?;
                if r.rows_affected == 0 {
                    return Err(StoreError::NotFound);
                }
                distributor_grade::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?
            }
            None => distributor_grade::ActiveModel {
                name: Set(g.name.clone()),
                level: Set(g.level),
                body: Set(body),
                created_at: Set(audit.at),
                updated_at: Set(audit.at),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(StoreError::from_db)?,
        };
        insert_audit(&txn, audit).await?;
        txn.commit().await?;
        Ok(grade_of(m))
    }

    /// Deletes a grade nobody holds (`Conflict("grade_in_use")` otherwise).
    pub async fn delete_grade(&self, id: i64, audit: &AuditEntry) -> StoreResult<()> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let holders = distribution_member::Entity::find().filter(distribution_member::Column::GradeId.eq(id)).count(&txn).await?;
        if holders > 0 {
            return Err(StoreError::Conflict("grade_in_use".into()));
        }
        let r = distributor_grade::Entity::delete_by_id(id).exec(&txn).await?;
        if r.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        insert_audit(&txn, audit).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Staff set (or clear) a member's grade — the only way down.
    pub async fn set_member_grade(&self, user_id: i64, grade_id: Option<i64>, audit: &AuditEntry, now: DateTime<Utc>) -> StoreResult<()> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        if let Some(g) = grade_id {
            distributor_grade::Entity::find_by_id(g).one(&txn).await?.ok_or(StoreError::NotFound)?;
        }
        ensure_member(&txn, user_id, now).await?;
        distribution_member::Entity::update_many()
            .col_expr(distribution_member::Column::GradeId, Expr::value(grade_id))
            .filter(distribution_member::Column::UserId.eq(user_id))
            .exec(&txn)
            .await?;
        insert_audit(&txn, audit).await?;
        txn.commit().await?;
        Ok(())
    }
}

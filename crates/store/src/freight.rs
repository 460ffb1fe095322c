//! Freight templates. The rule itself is a domain type stored as JSON; at most one template is the
//! shop default (used by products that name none).

use crate::admins::insert_audit;
use crate::entities::{freight_template, product};
use crate::{AuditEntry, Store, StoreError, StoreResult};
use fenxiao_domain::freight::FreightRule;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set, TransactionTrait};

#[derive(Debug, Clone)]
pub struct FreightTemplate {
    pub id: i64,
    pub name: String,
    pub rule: FreightRule,
    pub is_default: bool,
}

fn to_tpl(m: freight_template::Model) -> Option<FreightTemplate> {
    Some(FreightTemplate { id: m.id, name: m.name, rule: serde_json::from_str(&m.rule).ok()?, is_default: m.is_default })
}

impl Store {
    pub async fn freight_templates(&self) -> StoreResult<Vec<FreightTemplate>> {
        let rows = freight_template::Entity::find().order_by_asc(freight_template::Column::Id).all(&self.db).await?;
        Ok(rows.into_iter().filter_map(to_tpl).collect())
    }

    /// Creates (`id = None`) or replaces a template. Making one the default clears the others.
    pub async fn save_freight_template(
        &self,
        id: Option<i64>,
        name: &str,
        rule: &FreightRule,
        is_default: bool,
        audit: Option<&AuditEntry>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<i64> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let json = serde_json::to_string(rule).map_err(|e| StoreError::Conflict(e.to_string()))?;
        if is_default {
            freight_template::Entity::update_many().col_expr(freight_template::Column::IsDefault, Expr::value(false)).exec(&txn).await?;
        }
        let id = match id {
            Some(id) => {
                let r = freight_template::Entity::update_many()
                    .col_expr(freight_template::Column::Name, Expr::value(name))
                    .col_expr(freight_template::Column::Rule, Expr::value(json))
                    .col_expr(freight_template::Column::IsDefault, Expr::value(is_default))
                    .col_expr(freight_template::Column::UpdatedAt, Expr::value(now))
                    .filter(freight_template::Column::Id.eq(id))
                    .exec(&txn)
                    .await?;
                if r.rows_affected == 0 {
                    return Err(StoreError::NotFound);
                }
                id
            }
            None => {
                freight_template::ActiveModel {
                    name: Set(name.into()),
                    rule: Set(json),
                    is_default: Set(is_default),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await?
                .id
            }
        };
        if let Some(a) = audit {
            let mut a = a.clone();
            a.target_id = Some(id.to_string());
            insert_audit(&txn, &a).await?;
        }
        txn.commit().await?;
        Ok(id)
    }

    /// Deletes a template no product uses (`Conflict("template_in_use")` otherwise).
    pub async fn delete_freight_template(&self, id: i64, audit: &AuditEntry) -> StoreResult<()> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let used = product::Entity::find().filter(product::Column::FreightTemplateId.eq(id)).count(&txn).await?;
        if used > 0 {
            return Err(StoreError::Conflict("template_in_use".into()));
        }
        let r = freight_template::Entity::delete_by_id(id).exec(&txn).await?;
        if r.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        insert_audit(&txn, audit).await?;
        txn.commit().await?;
        Ok(())
    }
}

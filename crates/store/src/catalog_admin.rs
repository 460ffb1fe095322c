//! Catalog writes by staff: categories, product updates (SKUs kept, added or retired), shelf
//! status and stock adjustments. Each write commits its audit row in the same transaction.

use crate::admins::insert_audit;
use crate::entities::{category, product, sku, stock_adjustment};
use crate::{AuditEntry, Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use fenxiao_domain::catalog::Sku;
use sea_orm::ExprTrait;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};
use std::collections::BTreeMap;

#[derive(Debug, Default)]
pub struct CategoryPatch {
    pub name: Option<String>,
    /// `Some(None)` moves to the root.
    pub parent_id: Option<Option<i64>>,
    pub sort: Option<i32>,
    pub icon_url: Option<String>,
}

/// A SKU as submitted on product update: `id` = keep and change it; no id = add it.
pub struct SkuUpsert {
    pub id: Option<i64>,
    pub specs: BTreeMap<String, String>,
    pub price: i64,
    pub original_price: i64,
    pub distributor_price: Option<i64>,
    pub stock: i64,
    pub weight_g: i64,
    pub code: String,
}

pub struct ProductUpdate {
    pub category_id: i64,
    pub name: String,
    pub subtitle: String,
    pub description_html: String,
    pub images: Vec<String>,
    pub on_shelf: bool,
    pub sort: i32,
    pub freight_template_id: Option<i64>,
    pub skus: Vec<SkuUpsert>,
}

/// A SKU with what an order needs to know of its product.
#[derive(Debug, Clone)]
pub struct SkuForSale {
    pub sku: Sku,
    pub product_id: i64,
    pub product_name: String,
    pub product_image: String,
    pub category_id: i64,
    pub on_shelf: bool,
    pub freight_template_id: Option<i64>,
}

pub(crate) async fn record_adjustment<C: ConnectionTrait>(
    c: &C,
    sku_id: i64,
    delta: i64,
    stock_after: i64,
    reason: &str,
    actor: (&str, Option<i64>),
    now: DateTime<Utc>,
) -> StoreResult<()> {
    stock_adjustment::ActiveModel {
        sku_id: Set(sku_id),
        delta: Set(delta),
        stock_after: Set(stock_after),
        reason: Set(reason.chars().take(256).collect()),
        actor_kind: Set(actor.0.to_string()),
        actor_id: Set(actor.1),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(c)
    .await?;
    Ok(())
}

impl Store {
    pub async fn category_exists(&self, id: i64) -> StoreResult<bool> {
        Ok(category::Entity::find_by_id(id).one(&self.db).await?.is_some())
    }

    pub async fn create_category_audited(
        &self,
        parent_id: Option<i64>,
        name: String,
        icon_url: String,
        sort: i32,
        audit: &AuditEntry,
    ) -> StoreResult<i64> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        if let Some(p) = parent_id {
            category::Entity::find_by_id(p).one(&txn).await?.ok_or(StoreError::Conflict("parent_not_found".into()))?;
        }
        let m = category::ActiveModel {
            parent_id: Set(parent_id),
            name: Set(name),
            icon_url: Set(icon_url),
            sort: Set(sort),
            created_at: Set(audit.at),
            updated_at: Set(audit.at),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let mut a = audit.clone();
        a.target_id = Some(m.id.to_string());
        insert_audit(&txn, &a).await?;
        txn.commit().await?;
        Ok(m.id)
    }

    /// Renames, re-sorts or moves a category. A move under itself or one of its descendants is a
    /// `Conflict("category_cycle")`.
    pub async fn update_category(&self, id: i64, patch: CategoryPatch, audit: &AuditEntry) -> StoreResult<()> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        category::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        if let Some(Some(new_parent)) = patch.parent_id {
            // Walk up from the new parent: meeting `id` means a cycle.
            let mut cur = Some(new_parent);
            let mut hops = 0;
            while let Some(c) = cur {
                if c == id {
                    return Err(StoreError::Conflict("category_cycle".into()));
                }
                let row = category::Entity::find_by_id(c).one(&txn).await?.ok_or(StoreError::Conflict("parent_not_found".into()))?;
                cur = row.parent_id;
                hops += 1;
                if hops > 64 {
                    return Err(StoreError::Conflict("category_cycle".into()));
                }
            }
        }
        let mut q = category::Entity::update_many().col_expr(category::Column::UpdatedAt, Expr::value(audit.at));
        if let Some(n) = patch.name {
            q = q.col_expr(category::Column::Name, Expr::value(n));
        }
        if let Some(p) = patch.parent_id {
            q = q.col_expr(category::Column::ParentId, Expr::value(p));
        }
        if let Some(s) = patch.sort {
            q = q.col_expr(category::Column::Sort, Expr::value(s));
        }
        if let Some(i) = patch.icon_url {
            q = q.col_expr(category::Column::IconUrl, Expr::value(i));
        }
        q.filter(category::Column::Id.eq(id)).exec(&txn).await?;
        insert_audit(&txn, audit).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Deletes an empty category (no children, no products): otherwise `Conflict("category_not_empty")`.
    pub async fn delete_category(&self, id: i64, audit: &AuditEntry) -> StoreResult<()> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        category::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let kids = category::Entity::find().filter(category::Column::ParentId.eq(id)).count(&txn).await?;
        let products = product::Entity::find().filter(product::Column::CategoryId.eq(id)).count(&txn).await?;
        if kids > 0 || products > 0 {
            return Err(StoreError::Conflict("category_not_empty".into()));
        }
        category::Entity::delete_by_id(id).exec(&txn).await?;
        insert_audit(&txn, audit).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Replaces a product's fields and SKU list: listed SKUs with an id are changed (not their
    /// stock), SKUs without an id are added with their initial stock, and SKUs left out are retired
    /// (kept for old orders, no longer sold). An id of another product's SKU is `NotFound`.
    pub async fn update_product(&self, id: i64, u: ProductUpdate, audit: &AuditEntry) -> StoreResult<()> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let now = audit.at;
        product::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let existing = sku::Entity::find().filter(sku::Column::ProductId.eq(id)).all(&txn).await?;
        for s in &u.skus {
            if let Some(sid) = s.id {
                if !existing.iter().any(|e| e.id == sid) {
                    return Err(StoreError::Conflict("sku_not_in_product".into()));
                }
            }
        }
        product::Entity::update_many()
            .col_expr(product::Column::CategoryId, Expr::value(u.category_id))
            .col_expr(product::Column::Name, Expr::value(u.name))
            .col_expr(product::Column::Subtitle, Expr::value(u.subtitle))
            .col_expr(product::Column::DescriptionHtml, Expr::value(u.description_html))
            .col_expr(product::Column::Images, Expr::value(serde_json::to_string(&u.images).unwrap_or_else(|_| "[]".into())))
            .col_expr(product::Column::OnShelf, Expr::value(u.on_shelf))
            .col_expr(product::Column::Sort, Expr::value(u.sort))
            .col_expr(product::Column::FreightTemplateId, Expr::value(u.freight_template_id))
            .col_expr(product::Column::UpdatedAt, Expr::value(now))
            .filter(product::Column::Id.eq(id))
            .exec(&txn)
            .await?;
        let kept: Vec<i64> = u.skus.iter().filter_map(|s| s.id).collect();
        for e in &existing {
            if !kept.contains(&e.id) && e.active {
                sku::Entity::update_many()
                    .col_expr(sku::Column::Active, Expr::value(false))
                    .col_expr(sku::Column::UpdatedAt, Expr::value(now))
                    .filter(sku::Column::Id.eq(e.id))
                    .exec(&txn)
                    .await?;
            }
        }
        for s in u.skus {
            let specs = serde_json::to_string(&s.specs).unwrap_or_else(|_| "{}".into());
            match s.id {
                Some(sid) => {
                    sku::Entity::update_many()
                        .col_expr(sku::Column::Specs, Expr::value(specs))
                        .col_expr(sku::Column::Price, Expr::value(s.price))
                        .col_expr(sku::Column::OriginalPrice, Expr::value(s.original_price))
                        .col_expr(sku::Column::DistributorPrice, Expr::value(s.distributor_price))
                        .col_expr(sku::Column::WeightG, Expr::value(s.weight_g))
                        .col_expr(sku::Column::Code, Expr::value(s.code))
                        .col_expr(sku::Column::Active, Expr::value(true))
                        .col_expr(sku::Column::UpdatedAt, Expr::value(now))
                        .filter(sku::Column::Id.eq(sid))
                        .exec(&txn)
                        .await?;
                }
                None => {
                    let stock = s.stock;
                    let new = crate::NewSku {
                        specs: s.specs,
                        price: s.price,
                        original_price: s.original_price,
                        distributor_price: s.distributor_price,
                        stock,
                        weight_g: s.weight_g,
                        code: s.code,
                    };
                    let sku_id = crate::catalog::insert_sku(&txn, id, &new, now).await?;
                    record_adjustment(&txn, sku_id, stock, stock, "initial stock", ("admin", Some(audit.admin_id)), now).await?;
                }
            }
        }
        insert_audit(&txn, audit).await?;
        txn.commit().await?;
        Ok(())
    }

    pub async fn set_on_shelf(&self, id: i64, on_shelf: bool, audit: &AuditEntry) -> StoreResult<()> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let r = product::Entity::update_many()
            .col_expr(product::Column::OnShelf, Expr::value(on_shelf))
            .col_expr(product::Column::UpdatedAt, Expr::value(audit.at))
            .filter(product::Column::Id.eq(id))
            .exec(&txn)
            .await?;
        if r.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        insert_audit(&txn, audit).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Adds `delta` (negative to remove) to a SKU's stock in one conditional update that can never
    /// take it below zero (`Conflict("stock_below_zero")`), and records who and why. Returns the new
    /// stock.
    pub async fn adjust_stock(&self, sku_id: i64, delta: i64, reason: &str, audit: &AuditEntry) -> StoreResult<i64> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let r = sku::Entity::update_many()
            .col_expr(sku::Column::Stock, Expr::col(sku::Column::Stock).add(delta))
            .col_expr(sku::Column::UpdatedAt, Expr::value(audit.at))
            .filter(sku::Column::Id.eq(sku_id))
            .filter(Expr::col(sku::Column::Stock).add(delta).gte(0))
            .filter(Expr::col(sku::Column::Stock).add(delta).lte(fenxiao_domain::catalog::MAX_STOCK))
            .exec(&txn)
            .await?;
        if r.rows_affected == 0 {
            let exists = sku::Entity::find_by_id(sku_id).one(&txn).await?.is_some();
            return Err(if exists { StoreError::Conflict("stock_below_zero".into()) } else { StoreError::NotFound });
        }
        let after = sku::Entity::find_by_id(sku_id).one(&txn).await?.ok_or(StoreError::NotFound)?.stock;
        record_adjustment(&txn, sku_id, delta, after, reason, ("admin", Some(audit.admin_id)), audit.at).await?;
        insert_audit(&txn, audit).await?;
        txn.commit().await?;
        Ok(after)
    }

    /// Stock history of a SKU, newest first: (delta, stock after, reason, actor kind, actor id, time).
    pub async fn stock_history(&self, sku_id: i64) -> StoreResult<Vec<(i64, i64, String, String, Option<i64>, DateTime<Utc>)>> {
        let rows = stock_adjustment::Entity::find()
            .filter(stock_adjustment::Column::SkuId.eq(sku_id))
            .order_by_desc(stock_adjustment::Column::Id)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(|r| (r.delta, r.stock_after, r.reason, r.actor_kind, r.actor_id, r.created_at)).collect())
    }

    /// SKUs with their product, for carts and orders (inactive ones included: callers decide).
    pub async fn skus_for_sale(&self, ids: &[i64]) -> StoreResult<Vec<SkuForSale>> {
        let skus = sku::Entity::find().filter(sku::Column::Id.is_in(ids.to_vec())).all(&self.db).await?;
        let pids: Vec<i64> = skus.iter().map(|s| s.product_id).collect();
        let products = product::Entity::find().filter(product::Column::Id.is_in(pids)).all(&self.db).await?;
        Ok(skus
            .into_iter()
            .filter_map(|s| {
                let p = products.iter().find(|p| p.id == s.product_id)?;
                let images: Vec<String> = serde_json::from_str(&p.images).unwrap_or_default();
                Some(SkuForSale {
                    product_id: p.id,
                    product_name: p.name.clone(),
                    product_image: images.into_iter().next().unwrap_or_default(),
                    category_id: p.category_id,
                    on_shelf: p.on_shelf,
                    freight_template_id: p.freight_template_id,
                    sku: crate::catalog::sku_to_domain(s),
                })
            })
            .collect())
    }
}

impl Store {
    /// Live stock of a product's SKUs (the cached product detail is overlaid with this).
    pub async fn product_stock(&self, product_id: i64) -> StoreResult<Vec<(i64, i64)>> {
        Ok(sku::Entity::find()
            .select_only()
            .column(sku::Column::Id)
            .column(sku::Column::Stock)
            .filter(sku::Column::ProductId.eq(product_id))
            .into_tuple::<(i64, i64)>()
            .all(&self.db)
            .await?)
    }
}

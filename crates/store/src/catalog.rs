//! Catalog reads and the inserts `seed-demo` needs. (Admin catalog management lands with the
//! orders issue on top of these tables.)

use crate::entities::{category, product, sku};
use crate::{AuditEntry, Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use fenxiao_domain::catalog::{Category, Product, ProductSummary, Sku};
use sea_orm::ExprTrait;
use sea_orm::sea_query::{Expr, Func, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use std::collections::{BTreeMap, HashMap};

pub struct NewCategory {
    pub parent_id: Option<i64>,
    pub name: String,
    pub icon_url: String,
    pub sort: i32,
}

pub struct NewSku {
    pub specs: BTreeMap<String, String>,
    pub price: i64,
    pub original_price: i64,
    pub distributor_price: Option<i64>,
    pub stock: i64,
    pub weight_g: i64,
    pub code: String,
}

pub struct NewProduct {
    pub category_id: i64,
    pub name: String,
    pub subtitle: String,
    pub description_html: String,
    pub images: Vec<String>,
    pub on_shelf: bool,
    pub sort: i32,
    pub sales: i64,
    pub freight_template_id: Option<i64>,
    pub skus: Vec<NewSku>,
}

#[derive(Debug, Clone, Default)]
pub struct ProductFilter {
    /// Products of this category or any category below it.
    pub category_id: Option<i64>,
    /// Case-insensitive substring of the name; `%` and `_` match literally.
    pub q: Option<String>,
    pub page: u64,
    pub page_size: u64,
    /// Admin lists see off-shelf products too.
    pub include_off_shelf: bool,
}

pub(crate) fn sku_to_domain(m: sku::Model) -> Sku {
    Sku {
        id: m.id,
        specs: serde_json::from_str(&m.specs).unwrap_or_default(),
        price: m.price,
        original_price: m.original_price,
        distributor_price: m.distributor_price,
        stock: m.stock,
        weight_g: m.weight_g,
        code: m.code,
        active: m.active,
    }
}

/// Inserts one active SKU of `product_id`; returns its id. Shared by product creation and update.
pub(crate) async fn insert_sku<C: sea_orm::ConnectionTrait>(c: &C, product_id: i64, s: &NewSku, now: DateTime<Utc>) -> StoreResult<i64> {
    let m = sku::ActiveModel {
        product_id: Set(product_id),
        specs: Set(serde_json::to_string(&s.specs).unwrap_or_else(|_| "{}".into())),
        price: Set(s.price),
        original_price: Set(s.original_price),
        distributor_price: Set(s.distributor_price),
        stock: Set(s.stock),
        weight_g: Set(s.weight_g),
        code: Set(s.code.clone()),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(c)
    .await?;
    Ok(m.id)
}

/// Escapes LIKE wildcards so a search for `50%` looks for the text "50%".
fn like_pattern(q: &str) -> String {
    let mut s = String::with_capacity(q.len() + 2);
    s.push('%');
    for c in q.chars() {
        if matches!(c, '%' | '_' | '\\') {
            s.push('\\');
        }
        s.extend(c.to_lowercase());
    }
    s.push('%');
    s
}

impl Store {
    pub async fn list_categories(&self) -> StoreResult<Vec<Category>> {
        let rows = category::Entity::find().order_by_asc(category::Column::Sort).order_by_asc(category::Column::Id).all(&self.db).await?;
        Ok(rows
            .into_iter()
            .map(|m| Category { id: m.id, parent_id: m.parent_id, name: m.name, icon_url: m.icon_url, sort: m.sort })
            .collect())
    }

    pub async fn create_category(&self, c: NewCategory, now: DateTime<Utc>) -> StoreResult<i64> {
        let _w = self.write_guard().await;
        let m = category::ActiveModel {
            parent_id: Set(c.parent_id),
            name: Set(c.name),
            icon_url: Set(c.icon_url),
            sort: Set(c.sort),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&self.db)
        .await?;
        Ok(m.id)
    }

    pub async fn create_product(&self, p: NewProduct, now: DateTime<Utc>, audit: Option<&AuditEntry>) -> StoreResult<i64> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let m = product::ActiveModel {
            category_id: Set(p.category_id),
            name: Set(p.name),
            subtitle: Set(p.subtitle),
            description_html: Set(p.description_html),
            images: Set(serde_json::to_string(&p.images).unwrap_or_else(|_| "[]".into())),
            on_shelf: Set(p.on_shelf),
            sort: Set(p.sort),
            sales: Set(p.sales),
            freight_template_id: Set(p.freight_template_id),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        for s in &p.skus {
            insert_sku(&txn, m.id, s, now).await?;
        }
        if let Some(a) = audit {
            let mut a = a.clone();
            a.target_id = Some(m.id.to_string());
            crate::admins::insert_audit(&txn, &a).await?;
        }
        txn.commit().await?;
        Ok(m.id)
    }

    pub async fn count_products(&self) -> StoreResult<u64> {
        Ok(product::Entity::find().count(&self.db).await?)
    }

    /// On-shelf products, paginated, sorted by the merchant's sort then newest.
    pub async fn list_products(&self, f: &ProductFilter) -> StoreResult<(Vec<ProductSummary>, u64)> {
        let mut q = product::Entity::find();
        if !f.include_off_shelf {
            q = q.filter(product::Column::OnShelf.eq(true));
        }
        if let Some(cid) = f.category_id {
            let cats = self.list_categories().await?;
            let ids = descendants_of(cid, &cats);
            q = q.filter(product::Column::CategoryId.is_in(ids));
        }
        if let Some(text) = f.q.as_deref().filter(|s| !s.is_empty()) {
            let pat = LikeExpr::new(like_pattern(text)).escape('\\');
            q = q.filter(Condition::all().add(Expr::expr(Func::lower(Expr::col(product::Column::Name))).like(pat)));
        }
        let total = q.clone().count(&self.db).await?;
        let rows = q
            .order_by_desc(product::Column::Sort)
            .order_by_desc(product::Column::Id)
            .offset(f.page.saturating_sub(1) * f.page_size)
            .limit(f.page_size)
            .all(&self.db)
            .await?;
        let ids: Vec<i64> = rows.iter().map(|p| p.id).collect();
        let skus = sku::Entity::find().filter(sku::Column::ProductId.is_in(ids)).filter(sku::Column::Active.eq(true)).all(&self.db).await?;
        let mut cheapest: HashMap<i64, (i64, i64)> = HashMap::new();
        for s in skus {
            let e = cheapest.entry(s.product_id).or_insert((s.price, s.original_price));
            if s.price < e.0 {
                *e = (s.price, s.original_price);
            }
        }
        let items = rows
            .into_iter()
            .map(|p| {
                let images: Vec<String> = serde_json::from_str(&p.images).unwrap_or_default();
                let (price, original_price) = cheapest.get(&p.id).copied().unwrap_or((0, 0));
                ProductSummary {
                    id: p.id,
                    category_id: p.category_id,
                    name: p.name,
                    subtitle: p.subtitle,
                    image: images.into_iter().next().unwrap_or_default(),
                    price,
                    original_price,
                    sales: p.sales,
                    on_shelf: p.on_shelf,
                }
            })
            .collect();
        Ok((items, total))
    }

    pub async fn get_product(&self, id: i64) -> StoreResult<Product> {
        let p = product::Entity::find_by_id(id).one(&self.db).await?.ok_or(StoreError::NotFound)?;
        let skus = sku::Entity::find().filter(sku::Column::ProductId.eq(id)).order_by_asc(sku::Column::Id).all(&self.db).await?;
        Ok(Product {
            id: p.id,
            category_id: p.category_id,
            name: p.name,
            subtitle: p.subtitle,
            description_html: p.description_html,
            images: serde_json::from_str(&p.images).unwrap_or_default(),
            on_shelf: p.on_shelf,
            sort: p.sort,
            sales: p.sales,
            freight_template_id: p.freight_template_id,
            skus: skus.into_iter().map(sku_to_domain).collect(),
        })
    }
}

fn descendants_of(root: i64, cats: &[Category]) -> Vec<i64> {
    let mut out = vec![root];
    let mut i = 0;
    while i < out.len() && out.len() <= cats.len() {
        let parent = out[i];
        out.extend(cats.iter().filter(|c| c.parent_id == Some(parent) && !out.contains(&c.id)).map(|c| c.id).collect::<Vec<_>>());
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(like_pattern("50%_A\\"), "%50\\%\\_a\\\\%");
    }
}

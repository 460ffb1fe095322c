//! Catalog: storefront reads (cached) and staff writes (validated, sanitised, audited, and
//! invalidating the cache).

use crate::admins::Actor;
use crate::cache::{CATEGORIES_KEY, product_key};
use crate::{ServiceError, ServiceResult, Services};
use fenxiao_domain::ValidationError;
use fenxiao_domain::auth::Role;
use fenxiao_domain::catalog::{CategoryNode, Product, ProductInput, ProductSummary, build_tree};
use fenxiao_domain::validation::text;
use fenxiao_store::{AuditEntry, CategoryPatch, NewProduct, NewSku, ProductFilter, ProductUpdate, SkuUpsert, StoreError};
use serde_json::json;

/// Rich descriptions are merchant HTML: keep formatting and images, drop scripts, event handlers,
/// `javascript:` links and anything else that could run in a shopper's page.
pub fn sanitize_html(html: &str) -> String {
    ammonia::Builder::default().link_rel(Some("noopener noreferrer nofollow")).clean(html).to_string()
}

pub(crate) fn audit_entry(
    s: &Services,
    actor: &Actor,
    action: &str,
    kind: &str,
    id: Option<String>,
    detail: serde_json::Value,
) -> AuditEntry {
    AuditEntry {
        admin_id: actor.admin_id,
        action: action.into(),
        target_kind: kind.into(),
        target_id: id,
        detail,
        ip: actor.ip.clone(),
        at: s.clock.now(),
    }
}

fn map_conflict(e: StoreError) -> ServiceError {
    match e {
        StoreError::Conflict(m) => {
            let code = match m.as_str() {
                "category_not_empty" => "category_not_empty",
                "category_cycle" => "category_cycle",
                "parent_not_found" => return ValidationError::field("parent_id", "not_found").into(),
                "sku_not_in_product" => return ValidationError::field("skus", "unknown_sku").into(),
                "stock_below_zero" => "stock_below_zero",
                "template_in_use" => "template_in_use",
                _ => "conflict",
            };
            ServiceError::Conflict { code, detail: m }
        }
        e => e.into(),
    }
}

impl Services {
    pub async fn category_tree(&self) -> ServiceResult<Vec<CategoryNode>> {
        if let Some(hit) = self.cache.get(CATEGORIES_KEY).await.and_then(|s| serde_json::from_str(&s).ok()) {
            return Ok(hit);
        }
        let tree = build_tree(self.store.list_categories().await?);
        if let Ok(s) = serde_json::to_string(&tree) {
            self.cache.set(CATEGORIES_KEY, s).await;
        }
        Ok(tree)
    }

    pub async fn list_products(&self, f: ProductFilter) -> ServiceResult<(Vec<ProductSummary>, u64)> {
        Ok(self.store.list_products(&f).await?)
    }

    async fn product_cached(&self, id: i64) -> ServiceResult<Product> {
        let key = product_key(id);
        if let Some(p) = self.cache.get(&key).await.and_then(|s| serde_json::from_str::<Product>(&s).ok()) {
            return Ok(p);
        }
        let p = self.store.get_product(id).await?;
        if let Ok(s) = serde_json::to_string(&p) {
            self.cache.set(&key, s).await;
        }
        Ok(p)
    }

    /// An on-shelf product with its active SKUs and their live stock (the rest of the product comes
    /// from the cache). Off-shelf products are not found for shoppers.
    pub async fn product(&self, id: i64) -> ServiceResult<Product> {
        let mut p = self.product_cached(id).await?;
        if !p.on_shelf {
            return Err(ServiceError::NotFound);
        }
        let stock = match self.stock_cache.get(&id).await {
            Some(s) => s,
            None => {
                let s = std::sync::Arc::new(self.store.product_stock(id).await?);
                self.stock_cache.insert(id, s.clone()).await;
                s
            }
        };
        p.skus.retain(|s| s.active);
        for s in &mut p.skus {
            if let Some((_, n)) = stock.iter().find(|(sid, _)| *sid == s.id) {
                s.stock = *n;
            }
        }
        Ok(p)
    }

    pub async fn admin_product(&self, actor: &Actor, id: i64) -> ServiceResult<Product> {
        actor.require(&[Role::Operator, Role::Support, Role::Finance])?;
        Ok(self.store.get_product(id).await?)
    }

    pub async fn admin_list_products(&self, actor: &Actor, mut f: ProductFilter) -> ServiceResult<(Vec<ProductSummary>, u64)> {
        actor.require(&[Role::Operator, Role::Support, Role::Finance])?;
        f.include_off_shelf = true;
        Ok(self.store.list_products(&f).await?)
    }

    async fn check_product_refs(&self, input: &ProductInput) -> ServiceResult<()> {
        let mut e = ValidationError::default();
        if !self.store.category_exists(input.category_id).await? {
            e.push("category_id", "not_found");
        }
        if let Some(t) = input.freight_template_id {
            if !self.store.freight_templates().await?.iter().any(|x| x.id == t) {
                e.push("freight_template_id", "not_found");
            }
        }
        e.into_result()?;
        Ok(())
    }

    pub async fn create_product(&self, actor: &Actor, input: ProductInput) -> ServiceResult<Product> {
        actor.require(&[Role::Operator])?;
        input.validate()?;
        self.check_product_refs(&input).await?;
        let audit = audit_entry(self, actor, "product.create", "product", None, json!({"name": input.name, "skus": input.skus.len()}));
        let new = NewProduct {
            category_id: input.category_id,
            name: input.name.trim().into(),
            subtitle: input.subtitle.trim().into(),
            description_html: sanitize_html(&input.description),
            images: input.images,
            on_shelf: input.on_shelf,
            sort: input.sort,
            sales: 0,
            freight_template_id: input.freight_template_id,
            skus: input
                .skus
                .into_iter()
                .map(|s| NewSku {
                    specs: s.specs.into_iter().map(|(k, v)| (k.trim().to_string(), v.trim().to_string())).collect(),
                    price: s.price,
                    original_price: s.original_price.unwrap_or(s.price),
                    distributor_price: s.distributor_price,
                    stock: s.stock,
                    weight_g: s.weight_g,
                    code: s.code,
                })
                .collect(),
        };
        let id = self.store.create_product(new, self.clock.now(), Some(&audit)).await?;
        Ok(self.store.get_product(id).await?)
    }

    pub async fn update_product(&self, actor: &Actor, id: i64, input: ProductInput) -> ServiceResult<Product> {
        actor.require(&[Role::Operator])?;
        input.validate()?;
        self.check_product_refs(&input).await?;
        let audit = audit_entry(
            self,
            actor,
            "product.update",
            "product",
            Some(id.to_string()),
            json!({"name": input.name, "skus": input.skus.len()}),
        );
        let u = ProductUpdate {
            category_id: input.category_id,
            name: input.name.trim().into(),
            subtitle: input.subtitle.trim().into(),
            description_html: sanitize_html(&input.description),
            images: input.images,
            on_shelf: input.on_shelf,
            sort: input.sort,
            freight_template_id: input.freight_template_id,
            skus: input
                .skus
                .into_iter()
                .map(|s| SkuUpsert {
                    id: s.id,
                    specs: s.specs.into_iter().map(|(k, v)| (k.trim().to_string(), v.trim().to_string())).collect(),
                    price: s.price,
                    original_price: s.original_price.unwrap_or(s.price),
                    distributor_price: s.distributor_price,
                    stock: s.stock,
                    weight_g: s.weight_g,
                    code: s.code,
                })
                .collect(),
        };
        self.store.update_product(id, u, &audit).await.map_err(map_conflict)?;
        self.cache.del(&[product_key(id)]).await;
        Ok(self.store.get_product(id).await?)
    }

    pub async fn set_on_shelf(&self, actor: &Actor, id: i64, on_shelf: bool) -> ServiceResult<()> {
        actor.require(&[Role::Operator])?;
        let action = if on_shelf { "product.on_shelf" } else { "product.off_shelf" };
        let audit = audit_entry(self, actor, action, "product", Some(id.to_string()), json!({}));
        self.store.set_on_shelf(id, on_shelf, &audit).await?;
        self.cache.del(&[product_key(id)]).await;
        Ok(())
    }

    /// Adds or removes stock by hand, with a reason (1–256 characters). Returns the new stock.
    pub async fn adjust_stock(&self, actor: &Actor, sku_id: i64, delta: i64, reason: &str) -> ServiceResult<i64> {
        actor.require(&[Role::Operator])?;
        let mut e = ValidationError::default();
        if delta == 0 || delta.abs() > fenxiao_domain::catalog::MAX_STOCK {
            e.push("delta", "out_of_range");
        }
        let reason = match text("reason", reason, 256, true) {
            Ok(r) => r,
            Err(x) => {
                e.errors.extend(x.errors);
                String::new()
            }
        };
        e.into_result()?;
        let audit = audit_entry(self, actor, "stock.adjust", "sku", Some(sku_id.to_string()), json!({"delta": delta, "reason": reason}));
        self.store.adjust_stock(sku_id, delta, &reason, &audit).await.map_err(map_conflict)
    }

    pub async fn stock_history(
        &self,
        actor: &Actor,
        sku_id: i64,
    ) -> ServiceResult<Vec<(i64, i64, String, String, Option<i64>, chrono::DateTime<chrono::Utc>)>> {
        actor.require(&[Role::Operator, Role::Support, Role::Finance])?;
        Ok(self.store.stock_history(sku_id).await?)
    }

    pub async fn create_category(
        &self,
        actor: &Actor,
        name: &str,
        parent_id: Option<i64>,
        sort: i32,
        icon_url: &str,
    ) -> ServiceResult<i64> {
        actor.require(&[Role::Operator])?;
        let name = text("name", name, 64, true)?;
        let icon = fenxiao_domain::user::parse_avatar_url(icon_url).map_err(|_| ValidationError::field("icon_url", "invalid_format"))?;
        let audit = audit_entry(self, actor, "category.create", "category", None, json!({"name": name, "parent_id": parent_id}));
        let id = self.store.create_category_audited(parent_id, name, icon, sort, &audit).await.map_err(map_conflict)?;
        self.cache.del(&[CATEGORIES_KEY.to_string()]).await;
        Ok(id)
    }

    pub async fn update_category(&self, actor: &Actor, id: i64, patch: CategoryPatch) -> ServiceResult<()> {
        actor.require(&[Role::Operator])?;
        let mut patch = patch;
        if let Some(n) = &patch.name {
            patch.name = Some(text("name", n, 64, true)?);
        }
        if let Some(i) = &patch.icon_url {
            patch.icon_url =
                Some(fenxiao_domain::user::parse_avatar_url(i).map_err(|_| ValidationError::field("icon_url", "invalid_format"))?);
        }
        let detail = json!({"name": patch.name, "parent_id": patch.parent_id, "sort": patch.sort});
        let audit = audit_entry(self, actor, "category.update", "category", Some(id.to_string()), detail);
        self.store.update_category(id, patch, &audit).await.map_err(map_conflict)?;
        self.cache.del(&[CATEGORIES_KEY.to_string()]).await;
        Ok(())
    }

    pub async fn delete_category(&self, actor: &Actor, id: i64) -> ServiceResult<()> {
        actor.require(&[Role::Operator])?;
        let audit = audit_entry(self, actor, "category.delete", "category", Some(id.to_string()), json!({}));
        self.store.delete_category(id, &audit).await.map_err(map_conflict)?;
        self.cache.del(&[CATEGORIES_KEY.to_string()]).await;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn descriptions_lose_scripts_and_handlers() {
        let s = super::sanitize_html(
            r#"<p onclick="x()">好<script>alert(1)</script><img src="https://a/b.png" onerror="y()"><a href="javascript:alert(2)">z</a></p>"#,
        );
        assert!(!s.contains("script") && !s.contains("onclick") && !s.contains("onerror") && !s.contains("javascript:"), "{s}");
        assert!(s.contains("<p>好") && s.contains(r#"src="https://a/b.png""#), "{s}");
    }
}

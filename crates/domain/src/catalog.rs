//! Catalog read models: categories, products (SPU) and their SKUs.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Category {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    pub icon_url: String,
    pub sort: i32,
}

/// A category with its children, as the storefront shows the tree.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CategoryNode {
    pub id: i64,
    pub name: String,
    pub icon_url: String,
    pub sort: i32,
    pub children: Vec<CategoryNode>,
}

/// Builds the tree from a flat list; siblings ordered by `sort` then id. Orphans (parent missing)
/// are shown at the root rather than lost.
pub fn build_tree(mut flat: Vec<Category>) -> Vec<CategoryNode> {
    flat.sort_by_key(|c| (c.sort, c.id));
    let ids: std::collections::HashSet<i64> = flat.iter().map(|c| c.id).collect();
    fn children_of(parent: Option<i64>, flat: &[Category], ids: &std::collections::HashSet<i64>, depth: usize) -> Vec<CategoryNode> {
        if depth > 16 {
            return Vec::new();
        }
        flat.iter()
            .filter(|c| match parent {
                None => c.parent_id.is_none() || !ids.contains(&c.parent_id.unwrap_or_default()),
                Some(p) => c.parent_id == Some(p),
            })
            .map(|c| CategoryNode {
                id: c.id,
                name: c.name.clone(),
                icon_url: c.icon_url.clone(),
                sort: c.sort,
                children: children_of(Some(c.id), flat, ids, depth + 1),
            })
            .collect()
    }
    children_of(None, &flat, &ids, 0)
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProductSummary {
    pub id: i64,
    pub category_id: i64,
    pub name: String,
    pub subtitle: String,
    pub image: String,
    /// The lowest SKU price, in fen.
    pub price: i64,
    pub original_price: i64,
    pub sales: i64,
    pub on_shelf: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Sku {
    pub id: i64,
    pub specs: std::collections::BTreeMap<String, String>,
    pub price: i64,
    pub original_price: i64,
    pub distributor_price: Option<i64>,
    pub stock: i64,
    pub weight_g: i64,
    pub code: String,
    /// Retired SKUs stay for old orders but are neither shown nor sold.
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Product {
    pub id: i64,
    pub category_id: i64,
    pub name: String,
    pub subtitle: String,
    pub description_html: String,
    pub images: Vec<String>,
    pub on_shelf: bool,
    pub sort: i32,
    pub sales: i64,
    pub freight_template_id: Option<i64>,
    pub skus: Vec<Sku>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(id: i64, parent: Option<i64>, sort: i32) -> Category {
        Category { id, parent_id: parent, name: format!("c{id}"), icon_url: String::new(), sort }
    }

    #[test]
    fn tree_nests_and_orders_children() {
        let t = build_tree(vec![c(3, Some(1), 2), c(1, None, 0), c(2, Some(1), 1), c(4, None, -1), c(5, Some(99), 0)]);
        let roots: Vec<i64> = t.iter().map(|n| n.id).collect();
        assert_eq!(roots, vec![4, 1, 5]);
        let kids: Vec<i64> = t[1].children.iter().map(|n| n.id).collect();
        assert_eq!(kids, vec![2, 3]);
    }
}

/// What an admin submits for a product (create, or full replace on update).
#[derive(Debug, Clone, Deserialize)]
pub struct ProductInput {
    pub name: String,
    pub category_id: i64,
    #[serde(default)]
    pub subtitle: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub images: Vec<String>,
    #[serde(default = "yes")]
    pub on_shelf: bool,
    #[serde(default)]
    pub sort: i32,
    #[serde(default)]
    pub freight_template_id: Option<i64>,
    pub skus: Vec<SkuInput>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize)]
pub struct SkuInput {
    /// Present on update for an existing SKU; absent for a new one.
    #[serde(default)]
    pub id: Option<i64>,
    #[serde(default)]
    pub specs: std::collections::BTreeMap<String, String>,
    pub price: i64,
    #[serde(default)]
    pub original_price: Option<i64>,
    #[serde(default)]
    pub distributor_price: Option<i64>,
    /// Initial stock of a new SKU. Existing SKUs change stock only through stock adjustments.
    #[serde(default)]
    pub stock: i64,
    #[serde(default)]
    pub weight_g: i64,
    #[serde(default)]
    pub code: String,
}

pub const MAX_PRICE: i64 = 10_000_000_000; // ¥100,000,000.00
pub const MAX_STOCK: i64 = 1_000_000_000;

impl ProductInput {
    /// Checks every field; all problems are reported together. The description is sanitised by the
    /// services (it needs an HTML parser), not here.
    pub fn validate(&self) -> Result<(), crate::ValidationError> {
        use crate::validation::text;
        let mut e = crate::ValidationError::default();
        if let Err(x) = text("name", &self.name, 128, true) {
            e.errors.extend(x.errors);
        }
        if let Err(x) = text("subtitle", &self.subtitle, 256, false) {
            e.errors.extend(x.errors);
        }
        if self.description.chars().count() > 100_000 {
            e.push("description", "too_long");
        }
        if self.images.len() > 20 {
            e.push("images", "too_long");
        }
        for (i, img) in self.images.iter().enumerate() {
            if crate::user::parse_avatar_url(img).map(|v| v.is_empty()).unwrap_or(true) {
                e.push(format!("images[{i}]"), "invalid_format");
            }
        }
        if self.skus.is_empty() {
            e.push("skus", "required");
        }
        if self.skus.len() > 200 {
            e.push("skus", "too_long");
        }
        let mut seen = std::collections::HashSet::new();
        let names: Option<Vec<&String>> = self.skus.first().map(|s| s.specs.keys().collect());
        for (i, s) in self.skus.iter().enumerate() {
            let f = |n: &str| format!("skus[{i}].{n}");
            if !(0..=MAX_PRICE).contains(&s.price) {
                e.push(f("price"), "out_of_range");
            }
            if s.original_price.is_some_and(|p| !(0..=MAX_PRICE).contains(&p)) {
                e.push(f("original_price"), "out_of_range");
            }
            match s.distributor_price {
                Some(d) if d < 0 => e.push(f("distributor_price"), "out_of_range"),
                Some(d) if d > s.price => e.push(f("distributor_price"), "above_price"),
                _ => {}
            }
            if !(0..=MAX_STOCK).contains(&s.stock) {
                e.push(f("stock"), "out_of_range");
            }
            if !(0..=10_000_000).contains(&s.weight_g) {
                e.push(f("weight_g"), "out_of_range");
            }
            if s.code.chars().count() > 64 {
                e.push(f("code"), "too_long");
            }
            if s.specs.len() > 5
                || s.specs
                    .iter()
                    .any(|(k, v)| k.trim().is_empty() || v.trim().is_empty() || k.chars().count() > 32 || v.chars().count() > 32)
            {
                e.push(f("specs"), "invalid_format");
            }
            if names.as_ref().is_some_and(|n| n != &s.specs.keys().collect::<Vec<_>>()) {
                e.push(f("specs"), "spec_names_differ");
            }
            if !seen.insert(s.specs.clone()) {
                e.push(f("specs"), "duplicate_spec_combination");
            }
        }
        e.into_result()
    }
}

#[cfg(test)]
mod input_tests {
    use super::*;

    fn sku(specs: &[(&str, &str)], price: i64) -> SkuInput {
        SkuInput {
            id: None,
            specs: specs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            price,
            original_price: None,
            distributor_price: None,
            stock: 1,
            weight_g: 0,
            code: String::new(),
        }
    }

    fn input(skus: Vec<SkuInput>) -> ProductInput {
        ProductInput {
            name: "T".into(),
            category_id: 1,
            subtitle: String::new(),
            description: String::new(),
            images: vec![],
            on_shelf: true,
            sort: 0,
            freight_template_id: None,
            skus,
        }
    }

    #[test]
    fn products_need_valid_unique_skus() {
        assert!(input(vec![sku(&[("颜色", "白")], 100), sku(&[("颜色", "黑")], 100)]).validate().is_ok());
        let reasons = |p: ProductInput| p.validate().unwrap_err().errors.into_iter().map(|e| e.reason).collect::<Vec<_>>();
        assert_eq!(reasons(input(vec![])), vec!["required"]);
        assert_eq!(reasons(input(vec![sku(&[("颜色", "白")], 100), sku(&[("颜色", "白")], 200)])), vec!["duplicate_spec_combination"]);
        assert_eq!(reasons(input(vec![sku(&[("颜色", "白")], 100), sku(&[("尺码", "L")], 200)])), vec!["spec_names_differ"]);
        assert_eq!(reasons(input(vec![sku(&[], -1)])), vec!["out_of_range"]);
        let mut s = sku(&[], 100);
        s.distributor_price = Some(101);
        assert_eq!(reasons(input(vec![s])), vec!["above_price"]);
    }
}

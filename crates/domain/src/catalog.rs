//! Catalog read models: categories, products (SPU) and their SKUs.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Category {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    pub icon_url: String,
    pub sort: i32,
}

/// A category with its children, as the storefront shows the tree.
#[derive(Debug, Clone, Serialize)]
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

#[derive(Debug, Clone, Serialize)]
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
}

#[derive(Debug, Clone, Serialize)]
pub struct Sku {
    pub id: i64,
    pub specs: std::collections::BTreeMap<String, String>,
    pub price: i64,
    pub original_price: i64,
    pub distributor_price: Option<i64>,
    pub stock: i64,
    pub weight_g: i64,
    pub code: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Product {
    pub id: i64,
    pub category_id: i64,
    pub name: String,
    pub subtitle: String,
    pub description_html: String,
    pub images: Vec<String>,
    pub on_shelf: bool,
    pub sales: i64,
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

//! Catalog reads for the storefront.

use crate::{ServiceError, ServiceResult, Services};
use fenxiao_domain::catalog::{CategoryNode, Product, ProductSummary, build_tree};
use fenxiao_store::ProductFilter;

impl Services {
    pub async fn category_tree(&self) -> ServiceResult<Vec<CategoryNode>> {
        Ok(build_tree(self.store.list_categories().await?))
    }

    pub async fn list_products(&self, f: ProductFilter) -> ServiceResult<(Vec<ProductSummary>, u64)> {
        Ok(self.store.list_products(&f).await?)
    }

    /// An on-shelf product; off-shelf ones are not found for shoppers.
    pub async fn product(&self, id: i64) -> ServiceResult<Product> {
        let p = self.store.get_product(id).await?;
        if !p.on_shelf {
            return Err(ServiceError::NotFound);
        }
        Ok(p)
    }
}

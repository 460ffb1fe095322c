//! Storefront catalog reads.

use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{Path, Query};
use crate::routes::{Page, PageQuery};
use axum::extract::State;
use fenxiao_domain::ValidationError;
use fenxiao_domain::catalog::{CategoryNode, Product, ProductSummary};
use fenxiao_services::ProductFilter;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(categories)).routes(routes!(products)).routes(routes!(product))
}

#[derive(Serialize, ToSchema)]
pub struct CategoryView {
    pub id: i64,
    pub name: String,
    pub icon_url: String,
    pub sort: i32,
    #[schema(no_recursion)]
    pub children: Vec<CategoryView>,
}

impl From<CategoryNode> for CategoryView {
    fn from(n: CategoryNode) -> Self {
        CategoryView {
            id: n.id,
            name: n.name,
            icon_url: n.icon_url,
            sort: n.sort,
            children: n.children.into_iter().map(Into::into).collect(),
        }
    }
}

#[utoipa::path(get, path = "/api/v1/categories", tag = "catalog", responses((status = 200, body = Vec<CategoryView>)))]
async fn categories(State(s): State<AppState>) -> ApiResult<axum::Json<Vec<CategoryView>>> {
    Ok(axum::Json(s.services.category_tree().await?.into_iter().map(Into::into).collect()))
}

#[derive(Serialize, ToSchema)]
pub struct ProductSummaryView {
    pub id: i64,
    pub category_id: i64,
    pub name: String,
    pub subtitle: String,
    pub image: String,
    /// Lowest SKU price, fen.
    pub price: i64,
    pub original_price: i64,
    pub sales: i64,
    pub on_shelf: bool,
}

impl From<ProductSummary> for ProductSummaryView {
    fn from(p: ProductSummary) -> Self {
        ProductSummaryView {
            id: p.id,
            category_id: p.category_id,
            name: p.name,
            subtitle: p.subtitle,
            image: p.image,
            price: p.price,
            original_price: p.original_price,
            sales: p.sales,
            on_shelf: p.on_shelf,
        }
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ProductQuery {
    pub category_id: Option<i64>,
    /// Search in product names.
    pub q: Option<String>,
    pub page: Option<u64>,
    pub page_size: Option<u64>,
}

#[utoipa::path(get, path = "/api/v1/products", tag = "catalog", params(ProductQuery),
    responses((status = 200, body = Page<ProductSummaryView>), (status = 422, body = crate::routes::Problem)))]
async fn products(State(s): State<AppState>, Query(q): Query<ProductQuery>) -> ApiResult<axum::Json<Page<ProductSummaryView>>> {
    let (page, page_size) = PageQuery { page: q.page, page_size: q.page_size }.resolve()?;
    if q.q.as_ref().is_some_and(|t| t.chars().count() > 64) {
        return Err(ValidationError::field("q", "too_long").into());
    }
    let f = ProductFilter { category_id: q.category_id, q: q.q.map(|t| t.trim().to_string()), page, page_size, include_off_shelf: false };
    let (items, total) = s.services.list_products(f).await?;
    Ok(axum::Json(Page { items: items.into_iter().map(Into::into).collect(), total, page, page_size }))
}

#[derive(Serialize, ToSchema)]
pub struct SkuView {
    pub id: i64,
    /// Spec name → value, e.g. `{"颜色": "白色", "尺码": "M"}`.
    pub specs: BTreeMap<String, String>,
    pub price: i64,
    pub original_price: i64,
    pub distributor_price: Option<i64>,
    pub stock: i64,
    pub weight_g: i64,
    pub code: String,
    /// False for retired SKUs (only staff see those).
    pub active: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ProductView {
    pub id: i64,
    pub category_id: i64,
    pub name: String,
    pub subtitle: String,
    /// Sanitised HTML.
    pub description_html: String,
    pub images: Vec<String>,
    pub sales: i64,
    pub on_shelf: bool,
    pub sort: i32,
    pub freight_template_id: Option<i64>,
    pub skus: Vec<SkuView>,
}

impl ProductView {
    /// The staff view: every SKU, retired ones included.
    pub fn admin(p: Product) -> Self {
        ProductView::from(p)
    }
}

impl From<Product> for ProductView {
    fn from(p: Product) -> Self {
        ProductView {
            id: p.id,
            category_id: p.category_id,
            name: p.name,
            subtitle: p.subtitle,
            description_html: p.description_html,
            images: p.images,
            sales: p.sales,
            on_shelf: p.on_shelf,
            sort: p.sort,
            freight_template_id: p.freight_template_id,
            skus: p
                .skus
                .into_iter()
                .map(|s| SkuView {
                    id: s.id,
                    specs: s.specs,
                    price: s.price,
                    original_price: s.original_price,
                    distributor_price: s.distributor_price,
                    stock: s.stock,
                    weight_g: s.weight_g,
                    code: s.code,
                    active: s.active,
                })
                .collect(),
        }
    }
}

#[utoipa::path(get, path = "/api/v1/products/{id}", tag = "catalog", params(("id" = i64, Path)),
    responses((status = 200, body = ProductView), (status = 404, body = crate::routes::Problem)))]
async fn product(State(s): State<AppState>, Path(id): Path<i64>) -> ApiResult<axum::Json<ProductView>> {
    Ok(axum::Json(s.services.product(id).await?.into()))
}

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "skus")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub product_id: i64,
    pub specs: String,
    pub price: i64,
    pub original_price: i64,
    pub distributor_price: Option<i64>,
    pub stock: i64,
    pub weight_g: i64,
    pub code: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub active: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "products")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub category_id: i64,
    pub name: String,
    pub subtitle: String,
    pub description_html: String,
    pub images: String,
    pub on_shelf: bool,
    pub sort: i32,
    pub sales: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub freight_template_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

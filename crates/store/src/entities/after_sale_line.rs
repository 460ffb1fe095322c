use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "after_sale_lines")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub after_sale_id: i64,
    pub order_line_id: i64,
    pub quantity: i32,
    pub amount: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

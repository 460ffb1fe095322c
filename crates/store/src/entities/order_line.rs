use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "order_lines")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub order_id: i64,
    pub product_id: i64,
    pub sku_id: i64,
    pub product_name: String,
    pub sku_specs: String,
    pub image: String,
    pub unit_price: i64,
    pub quantity: i32,
    pub list_amount: i64,
    pub activity_discount: i64,
    pub coupon_discount: i64,
    pub points_discount: i64,
    pub paid_amount: i64,
    pub shipping_share: i64,
    pub refunded_quantity: i32,
    pub points_earned: i64,
    pub points_restored: i64,
    pub points_reversed: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

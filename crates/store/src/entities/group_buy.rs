use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "group_buys")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub sku_id: i64,
    pub product_id: i64,
    pub group_price: i64,
    pub group_size: i64,
    pub hours: i64,
    pub per_user_limit: i64,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub pays_commission: bool,
    pub virtual_completion: bool,
    pub leader_reward_points: i64,
    pub active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

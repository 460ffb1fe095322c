use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "group_buy_groups")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub group_buy_id: i64,
    pub leader_id: i64,
    pub status: String,
    pub group_size: i64,
    pub joined: i64,
    pub paid: i64,
    pub expires_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

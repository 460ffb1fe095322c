use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payment_notifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub notify_id: String,
    pub event_type: String,
    pub status: String,
    pub detail: String,
    pub received_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

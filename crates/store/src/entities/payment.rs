use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub out_trade_no: String,
    pub purpose: String,
    pub order_id: Option<i64>,
    pub user_id: i64,
    pub method: String,
    pub amount: i64,
    pub refunded: i64,
    pub status: String,
    pub prepay_id: Option<String>,
    pub transaction_id: Option<String>,
    pub created_at: DateTimeUtc,
    pub paid_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

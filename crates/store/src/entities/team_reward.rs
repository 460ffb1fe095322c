use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "team_rewards")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    /// `YYYY-MM` of the shop month.
    pub period: String,
    pub sales: i64,
    pub rate_bp: i64,
    pub amount: i64,
    /// `paid` or `reversed`.
    pub status: String,
    pub created_at: DateTimeUtc,
    pub reversed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

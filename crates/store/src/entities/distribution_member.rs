use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "distribution_members")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    pub parent_id: Option<i64>,
    pub ancestor2: Option<i64>,
    pub ancestor3: Option<i64>,
    pub bound_at: Option<DateTimeUtc>,
    pub bind_expires_at: Option<DateTimeUtc>,
    pub status: String,
    pub grade_id: Option<i64>,
    pub became_at: Option<DateTimeUtc>,
    pub d1: i64,
    pub d2: i64,
    pub d3: i64,
    pub team_sales: i64,
    pub own_spend: i64,
    pub own_orders: i64,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "coupon_templates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub amount: i64,
    pub percent_bp: i64,
    pub cap: i64,
    pub threshold: i64,
    pub scope: String,
    pub scope_ids: String,
    pub total: i64,
    pub claimed: i64,
    pub used: i64,
    pub per_user_limit: i64,
    pub valid_from: DateTimeUtc,
    pub valid_to: Option<DateTimeUtc>,
    pub valid_days: Option<i64>,
    pub distributor_only: bool,
    pub active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

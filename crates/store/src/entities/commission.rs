use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "commissions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub order_id: i64,
    pub order_line_id: i64,
    pub tier: i32,
    pub beneficiary_id: i64,
    pub buyer_id: i64,
    pub base: i64,
    pub rate_bp: Option<i64>,
    pub fixed_per_unit: Option<i64>,
    pub amount: i64,
    pub reversed: i64,
    /// Taken from this still-frozen commission to cover a clawback on another.
    pub withheld: i64,
    pub status: String,
    pub rule: String,
    pub created_at: DateTimeUtc,
    pub settled_at: Option<DateTimeUtc>,
    /// `order` (tier 1..3 of an order line) or `new_member` (拉新奖励, tier 0).
    pub kind: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

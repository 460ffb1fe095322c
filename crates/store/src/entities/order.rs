use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub order_no: String,
    pub user_id: i64,
    pub status: String,
    pub goods_amount: i64,
    pub activity_discount: i64,
    pub coupon_discount: i64,
    pub points_discount: i64,
    pub shipping_fee: i64,
    pub total: i64,
    pub address: String,
    pub upline1: Option<i64>,
    pub upline2: Option<i64>,
    pub upline3: Option<i64>,
    pub buyer_is_distributor: bool,
    pub note: String,
    pub pay_deadline: DateTimeUtc,
    pub paid_at: Option<DateTimeUtc>,
    pub shipped_at: Option<DateTimeUtc>,
    pub carrier: Option<String>,
    pub tracking_no: Option<String>,
    pub received_at: Option<DateTimeUtc>,
    pub completed_at: Option<DateTimeUtc>,
    pub cancelled_at: Option<DateTimeUtc>,
    pub cancel_reason: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub distribution_version: Option<i64>,
    pub user_coupon_id: Option<i64>,
    pub points_used: i64,
    pub points_earned: i64,
    /// `flash_sale` or `group_buy`.
    pub activity_kind: Option<String>,
    pub activity_id: Option<i64>,
    pub group_id: Option<i64>,
    pub pays_commission: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

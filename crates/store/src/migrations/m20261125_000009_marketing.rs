//! Marketing: coupon templates and claimed coupons, the points ledger and check-ins, flash sales,
//! group buys with their groups and members, per-shopper activity counters, and the marketing
//! columns of orders and order lines.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CouponTemplates {
    Table,
    Id,
    Name,
    Kind,
    Amount,
    PercentBp,
    Cap,
    Threshold,
    Scope,
    ScopeIds,
    Total,
    Claimed,
    Used,
    PerUserLimit,
    ValidFrom,
    ValidTo,
    ValidDays,
    DistributorOnly,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum UserCoupons {
    Table,
    Id,
    TemplateId,
    UserId,
    Status,
    UsableFrom,
    ExpiresAt,
    OrderId,
    ViaDistributorId,
    ClaimedAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum CouponClaimCounts {
    Table,
    TemplateId,
    UserId,
    Claimed,
}

#[derive(DeriveIden)]
enum PointsAccounts {
    Table,
    UserId,
    Balance,
}

#[derive(DeriveIden)]
enum PointsEntries {
    Table,
    Id,
    UserId,
    Delta,
    BalanceAfter,
    Kind,
    EventKey,
    OrderId,
    Memo,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CheckIns {
    Table,
    Id,
    UserId,
    Day,
    Streak,
    Points,
    CreatedAt,
}

#[derive(DeriveIden)]
enum FlashSales {
    Table,
    Id,
    SkuId,
    ProductId,
    Price,
    Quantity,
    Sold,
    PerUserLimit,
    StartsAt,
    EndsAt,
    PaysCommission,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum GroupBuys {
    Table,
    Id,
    SkuId,
    ProductId,
    GroupPrice,
    GroupSize,
    Hours,
    PerUserLimit,
    StartsAt,
    EndsAt,
    PaysCommission,
    VirtualCompletion,
    LeaderRewardPoints,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum GroupBuyGroups {
    Table,
    Id,
    GroupBuyId,
    LeaderId,
    Status,
    GroupSize,
    Joined,
    Paid,
    ExpiresAt,
    CreatedAt,
    FinishedAt,
}

#[derive(DeriveIden)]
enum GroupMembers {
    Table,
    Id,
    GroupId,
    UserId,
    OrderId,
    IsLeader,
    Status,
    JoinedAt,
}

#[derive(DeriveIden)]
enum ActivityPurchases {
    Table,
    ActivityKind,
    ActivityId,
    UserId,
    Quantity,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    UserCouponId,
    PointsUsed,
    PointsEarned,
    ActivityKind,
    ActivityId,
    GroupId,
    PaysCommission,
}

#[derive(DeriveIden)]
enum OrderLines {
    Table,
    PointsEarned,
    PointsRestored,
    PointsReversed,
}

async fn index(
    m: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden + 'static,
    cols: &[&'static str],
    unique: bool,
) -> Result<(), DbErr> {
    let mut i = Index::create();
    i.name(name).table(table);
    for c in cols {
        i.col(Alias::new(*c));
    }
    if unique {
        i.unique();
    }
    m.create_index(i.to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use CouponTemplates as C;
        m.create_table(
            Table::create()
                .table(C::Table)
                .col(big_pk_auto(C::Id))
                .col(string_len(C::Name, 64))
                .col(string_len(C::Kind, 16))
                .col(big_integer(C::Amount))
                .col(big_integer(C::PercentBp))
                .col(big_integer(C::Cap))
                .col(big_integer(C::Threshold))
                .col(string_len(C::Scope, 16))
                .col(text(C::ScopeIds))
                .col(big_integer(C::Total))
                .col(big_integer(C::Claimed))
                .col(big_integer(C::Used))
                .col(big_integer(C::PerUserLimit))
                .col(timestamp_with_time_zone(C::ValidFrom))
                .col(timestamp_with_time_zone_null(C::ValidTo))
                .col(big_integer_null(C::ValidDays))
                .col(boolean(C::DistributorOnly))
                .col(boolean(C::Active))
                .col(timestamp_with_time_zone(C::CreatedAt))
                .col(timestamp_with_time_zone(C::UpdatedAt))
                .to_owned(),
        )
        .await?;
        use UserCoupons as U;
        m.create_table(
            Table::create()
                .table(U::Table)
                .col(big_pk_auto(U::Id))
                .col(big_integer(U::TemplateId))
                .col(big_integer(U::UserId))
                .col(string_len(U::Status, 16))
                .col(timestamp_with_time_zone(U::UsableFrom))
                .col(timestamp_with_time_zone(U::ExpiresAt))
                .col(big_integer_null(U::OrderId))
                .col(big_integer_null(U::ViaDistributorId))
                .col(timestamp_with_time_zone(U::ClaimedAt))
                .col(timestamp_with_time_zone_null(U::UsedAt))
                .to_owned(),
        )
        .await?;
        index(m, "ix_user_coupons_user", U::Table, &["user_id", "status"], false).await?;
        index(m, "ix_user_coupons_template", U::Table, &["template_id"], false).await?;
        m.create_table(
            Table::create()
                .table(CouponClaimCounts::Table)
                .col(big_integer(CouponClaimCounts::TemplateId))
                .col(big_integer(CouponClaimCounts::UserId))
                .col(big_integer(CouponClaimCounts::Claimed))
                .primary_key(Index::create().col(CouponClaimCounts::TemplateId).col(CouponClaimCounts::UserId))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(PointsAccounts::Table)
                .col(big_integer(PointsAccounts::UserId).primary_key())
                .col(big_integer(PointsAccounts::Balance))
                .to_owned(),
        )
        .await?;
        use PointsEntries as P;
        m.create_table(
            Table::create()
                .table(P::Table)
                .col(big_pk_auto(P::Id))
                .col(big_integer(P::UserId))
                .col(big_integer(P::Delta))
                .col(big_integer(P::BalanceAfter))
                .col(string_len(P::Kind, 24))
                .col(string_len(P::EventKey, 96))
                .col(big_integer_null(P::OrderId))
                .col(string_len(P::Memo, 128))
                .col(timestamp_with_time_zone(P::CreatedAt))
                .to_owned(),
        )
        .await?;
        index(m, "ux_points_entries_key", P::Table, &["event_key"], true).await?;
        index(m, "ix_points_entries_user", P::Table, &["user_id", "id"], false).await?;
        m.create_table(
            Table::create()
                .table(CheckIns::Table)
                .col(big_pk_auto(CheckIns::Id))
                .col(big_integer(CheckIns::UserId))
                .col(string_len(CheckIns::Day, 10))
                .col(big_integer(CheckIns::Streak))
                .col(big_integer(CheckIns::Points))
                .col(timestamp_with_time_zone(CheckIns::CreatedAt))
                .to_owned(),
        )
        .await?;
        index(m, "ux_check_ins_user_day", CheckIns::Table, &["user_id", "day"], true).await?;
        use FlashSales as F;
        m.create_table(
            Table::create()
                .table(F::Table)
                .col(big_pk_auto(F::Id))
                .col(big_integer(F::SkuId))
                .col(big_integer(F::ProductId))
                .col(big_integer(F::Price))
                .col(big_integer(F::Quantity))
                .col(big_integer(F::Sold))
                .col(big_integer(F::PerUserLimit))
                .col(timestamp_with_time_zone(F::StartsAt))
                .col(timestamp_with_time_zone(F::EndsAt))
                .col(boolean(F::PaysCommission))
                .col(boolean(F::Active))
                .col(timestamp_with_time_zone(F::CreatedAt))
                .col(timestamp_with_time_zone(F::UpdatedAt))
                .to_owned(),
        )
        .await?;
        index(m, "ix_flash_sales_sku", F::Table, &["sku_id"], false).await?;
        use GroupBuys as G;
        m.create_table(
            Table::create()
                .table(G::Table)
                .col(big_pk_auto(G::Id))
                .col(big_integer(G::SkuId))
                .col(big_integer(G::ProductId))
                .col(big_integer(G::GroupPrice))
                .col(big_integer(G::GroupSize))
                .col(big_integer(G::Hours))
                .col(big_integer(G::PerUserLimit))
                .col(timestamp_with_time_zone(G::StartsAt))
                .col(timestamp_with_time_zone(G::EndsAt))
                .col(boolean(G::PaysCommission))
                .col(boolean(G::VirtualCompletion))
                .col(big_integer(G::LeaderRewardPoints))
                .col(boolean(G::Active))
                .col(timestamp_with_time_zone(G::CreatedAt))
                .col(timestamp_with_time_zone(G::UpdatedAt))
                .to_owned(),
        )
        .await?;
        index(m, "ix_group_buys_sku", G::Table, &["sku_id"], false).await?;
        use GroupBuyGroups as GG;
        m.create_table(
            Table::create()
                .table(GG::Table)
                .col(big_pk_auto(GG::Id))
                .col(big_integer(GG::GroupBuyId))
                .col(big_integer(GG::LeaderId))
                .col(string_len(GG::Status, 16))
                .col(big_integer(GG::GroupSize))
                .col(big_integer(GG::Joined))
                .col(big_integer(GG::Paid))
                .col(timestamp_with_time_zone(GG::ExpiresAt))
                .col(timestamp_with_time_zone(GG::CreatedAt))
                .col(timestamp_with_time_zone_null(GG::FinishedAt))
                .to_owned(),
        )
        .await?;
        index(m, "ix_groups_status_expiry", GG::Table, &["status", "expires_at"], false).await?;
        index(m, "ix_groups_activity", GG::Table, &["group_buy_id", "status"], false).await?;
        use GroupMembers as GM;
        m.create_table(
            Table::create()
                .table(GM::Table)
                .col(big_pk_auto(GM::Id))
                .col(big_integer(GM::GroupId))
                .col(big_integer(GM::UserId))
                .col(big_integer(GM::OrderId))
                .col(boolean(GM::IsLeader))
                .col(string_len(GM::Status, 16))
                .col(timestamp_with_time_zone(GM::JoinedAt))
                .to_owned(),
        )
        .await?;
        index(m, "ux_group_members_user", GM::Table, &["group_id", "user_id"], true).await?;
        index(m, "ux_group_members_order", GM::Table, &["order_id"], true).await?;
        use ActivityPurchases as AP;
        m.create_table(
            Table::create()
                .table(AP::Table)
                .col(string_len(AP::ActivityKind, 16))
                .col(big_integer(AP::ActivityId))
                .col(big_integer(AP::UserId))
                .col(big_integer(AP::Quantity))
                .primary_key(Index::create().col(AP::ActivityKind).col(AP::ActivityId).col(AP::UserId))
                .to_owned(),
        )
        .await?;
        // One column per statement: SQLite alters one column at a time.
        let order_cols = [
            big_integer_null(Orders::UserCouponId),
            big_integer(Orders::PointsUsed).default(0).to_owned(),
            big_integer(Orders::PointsEarned).default(0).to_owned(),
            string_len_null(Orders::ActivityKind, 16),
            big_integer_null(Orders::ActivityId),
            big_integer_null(Orders::GroupId),
            boolean(Orders::PaysCommission).default(true).to_owned(),
        ];
        for mut c in order_cols {
            m.alter_table(Table::alter().table(Orders::Table).add_column(&mut c).to_owned()).await?;
        }
        for c in [OrderLines::PointsEarned, OrderLines::PointsRestored, OrderLines::PointsReversed] {
            m.alter_table(Table::alter().table(OrderLines::Table).add_column(big_integer(c).default(0)).to_owned()).await?;
        }
        Ok(())
    }
}

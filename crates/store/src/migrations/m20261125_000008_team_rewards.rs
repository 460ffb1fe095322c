//! Monthly team rewards (团队奖励), one per distributor per month.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum TeamRewards {
    Table,
    Id,
    UserId,
    Period,
    Sales,
    RateBp,
    Amount,
    Status,
    CreatedAt,
    ReversedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(TeamRewards::Table)
                .col(big_pk_auto(TeamRewards::Id))
                .col(big_integer(TeamRewards::UserId))
                .col(string_len(TeamRewards::Period, 7))
                .col(big_integer(TeamRewards::Sales))
                .col(big_integer(TeamRewards::RateBp))
                .col(big_integer(TeamRewards::Amount))
                .col(string_len(TeamRewards::Status, 16))
                .col(timestamp_with_time_zone(TeamRewards::CreatedAt))
                .col(timestamp_with_time_zone_null(TeamRewards::ReversedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_team_rewards_user_period")
                .table(TeamRewards::Table)
                .col(TeamRewards::UserId)
                .col(TeamRewards::Period)
                .unique()
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}

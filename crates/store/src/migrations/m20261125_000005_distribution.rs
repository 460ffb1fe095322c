//! Distribution: versioned settings, the referral tree with ancestors and team counters per member,
//! applications, binding attempts, commissions and withdrawals; orders remember the settings
//! version they were placed under.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DistributionSettings {
    Table,
    Id,
    Version,
    Body,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum DistributionMembers {
    Table,
    UserId,
    ParentId,
    Ancestor2,
    Ancestor3,
    BoundAt,
    BindExpiresAt,
    Status,
    GradeId,
    BecameAt,
    D1,
    D2,
    D3,
    TeamSales,
    OwnSpend,
    OwnOrders,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum DistributorApplications {
    Table,
    Id,
    UserId,
    Status,
    Reason,
    RejectReason,
    DecidedBy,
    CreatedAt,
    DecidedAt,
}

#[derive(DeriveIden)]
enum BindingAttempts {
    Table,
    Id,
    UserId,
    ReferrerId,
    InviteCode,
    Channel,
    Scene,
    Outcome,
    Reason,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Commissions {
    Table,
    Id,
    OrderId,
    OrderLineId,
    Tier,
    BeneficiaryId,
    BuyerId,
    Base,
    RateBp,
    FixedPerUnit,
    Amount,
    Reversed,
    Withheld,
    Status,
    Rule,
    CreatedAt,
    SettledAt,
}

#[derive(DeriveIden)]
enum Withdrawals {
    Table,
    Id,
    UserId,
    RequestKey,
    Amount,
    Fee,
    Net,
    Method,
    Status,
    OutBillNo,
    TransferBillNo,
    Note,
    CreatedAt,
    DecidedAt,
    FinishedAt,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    DistributionVersion,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Orders::Table).add_column(big_integer_null(Orders::DistributionVersion)).to_owned()).await?;
        m.create_table(
            Table::create()
                .table(DistributionSettings::Table)
                .col(big_pk_auto(DistributionSettings::Id))
                .col(big_integer(DistributionSettings::Version))
                .col(text(DistributionSettings::Body))
                .col(big_integer_null(DistributionSettings::CreatedBy))
                .col(timestamp_with_time_zone(DistributionSettings::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_distribution_settings_version")
                .table(DistributionSettings::Table)
                .col(DistributionSettings::Version)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(DistributionMembers::Table)
                .col(big_integer(DistributionMembers::UserId).primary_key())
                .col(big_integer_null(DistributionMembers::ParentId))
                .col(big_integer_null(DistributionMembers::Ancestor2))
                .col(big_integer_null(DistributionMembers::Ancestor3))
                .col(timestamp_with_time_zone_null(DistributionMembers::BoundAt))
                .col(timestamp_with_time_zone_null(DistributionMembers::BindExpiresAt))
                .col(string_len(DistributionMembers::Status, 16).default("none"))
                .col(big_integer_null(DistributionMembers::GradeId))
                .col(timestamp_with_time_zone_null(DistributionMembers::BecameAt))
                .col(big_integer(DistributionMembers::D1).default(0))
                .col(big_integer(DistributionMembers::D2).default(0))
                .col(big_integer(DistributionMembers::D3).default(0))
                .col(big_integer(DistributionMembers::TeamSales).default(0))
                .col(big_integer(DistributionMembers::OwnSpend).default(0))
                .col(big_integer(DistributionMembers::OwnOrders).default(0))
                .col(timestamp_with_time_zone(DistributionMembers::UpdatedAt))
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            ("ix_members_parent", DistributionMembers::ParentId),
            ("ix_members_ancestor2", DistributionMembers::Ancestor2),
            ("ix_members_ancestor3", DistributionMembers::Ancestor3),
        ] {
            m.create_index(Index::create().name(name).table(DistributionMembers::Table).col(col).to_owned()).await?;
        }
        m.create_table(
            Table::create()
                .table(DistributorApplications::Table)
                .col(big_pk_auto(DistributorApplications::Id))
                .col(big_integer(DistributorApplications::UserId))
                .col(string_len(DistributorApplications::Status, 16))
                .col(string_len(DistributorApplications::Reason, 256))
                .col(string_len_null(DistributorApplications::RejectReason, 256))
                .col(big_integer_null(DistributorApplications::DecidedBy))
                .col(timestamp_with_time_zone(DistributorApplications::CreatedAt))
                .col(timestamp_with_time_zone_null(DistributorApplications::DecidedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_applications_user")
                .table(DistributorApplications::Table)
                .col(DistributorApplications::UserId)
                .col(DistributorApplications::Status)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(BindingAttempts::Table)
                .col(big_pk_auto(BindingAttempts::Id))
                .col(big_integer(BindingAttempts::UserId))
                .col(big_integer_null(BindingAttempts::ReferrerId))
                .col(string_len(BindingAttempts::InviteCode, 32))
                .col(string_len(BindingAttempts::Channel, 32))
                .col(string_len(BindingAttempts::Scene, 64))
                .col(string_len(BindingAttempts::Outcome, 16))
                .col(string_len(BindingAttempts::Reason, 64))
                .col(timestamp_with_time_zone(BindingAttempts::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ix_binding_attempts_user").table(BindingAttempts::Table).col(BindingAttempts::UserId).to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Commissions::Table)
                .col(big_pk_auto(Commissions::Id))
                .col(big_integer(Commissions::OrderId))
                .col(big_integer(Commissions::OrderLineId))
                .col(integer(Commissions::Tier))
                .col(big_integer(Commissions::BeneficiaryId))
                .col(big_integer(Commissions::BuyerId))
                .col(big_integer(Commissions::Base))
                .col(big_integer_null(Commissions::RateBp))
                .col(big_integer_null(Commissions::FixedPerUnit))
                .col(big_integer(Commissions::Amount))
                .col(big_integer(Commissions::Reversed).default(0))
                .col(big_integer(Commissions::Withheld).default(0))
                .col(string_len(Commissions::Status, 16))
                .col(string_len(Commissions::Rule, 256))
                .col(timestamp_with_time_zone(Commissions::CreatedAt))
                .col(timestamp_with_time_zone_null(Commissions::SettledAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_commissions_line_tier")
                .table(Commissions::Table)
                .col(Commissions::OrderLineId)
                .col(Commissions::Tier)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_commissions_beneficiary")
                .table(Commissions::Table)
                .col(Commissions::BeneficiaryId)
                .col(Commissions::Id)
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("ix_commissions_order").table(Commissions::Table).col(Commissions::OrderId).to_owned()).await?;
        m.create_index(Index::create().name("ix_commissions_status").table(Commissions::Table).col(Commissions::Status).to_owned()).await?;
        m.create_table(
            Table::create()
                .table(Withdrawals::Table)
                .col(big_pk_auto(Withdrawals::Id))
                .col(big_integer(Withdrawals::UserId))
                .col(string_len(Withdrawals::RequestKey, 64))
                .col(big_integer(Withdrawals::Amount))
                .col(big_integer(Withdrawals::Fee))
                .col(big_integer(Withdrawals::Net))
                .col(string_len(Withdrawals::Method, 16))
                .col(string_len(Withdrawals::Status, 16))
                .col(string_len(Withdrawals::OutBillNo, 32))
                .col(string_len_null(Withdrawals::TransferBillNo, 64))
                .col(string_len(Withdrawals::Note, 256))
                .col(timestamp_with_time_zone(Withdrawals::CreatedAt))
                .col(timestamp_with_time_zone_null(Withdrawals::DecidedAt))
                .col(timestamp_with_time_zone_null(Withdrawals::FinishedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_withdrawals_request")
                .table(Withdrawals::Table)
                .col(Withdrawals::UserId)
                .col(Withdrawals::RequestKey)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ux_withdrawals_bill").table(Withdrawals::Table).col(Withdrawals::OutBillNo).unique().to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("ix_withdrawals_status").table(Withdrawals::Table).col(Withdrawals::Status).to_owned()).await?;
        Ok(())
    }
}

//! The ledger (accounts with balances kept beside their postings, entries unique per business
//! event), payments, payment refunds and processed payment notifications.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LedgerAccounts {
    Table,
    Id,
    Kind,
    OwnerId,
    Balance,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum LedgerEntries {
    Table,
    Id,
    EventKey,
    Memo,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LedgerPostings {
    Table,
    Id,
    EntryId,
    AccountId,
    Amount,
    BalanceAfter,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Payments {
    Table,
    Id,
    OutTradeNo,
    Purpose,
    OrderId,
    UserId,
    Method,
    Amount,
    Refunded,
    Status,
    PrepayId,
    TransactionId,
    CreatedAt,
    PaidAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PaymentRefunds {
    Table,
    Id,
    PaymentId,
    OutRefundNo,
    AfterSaleId,
    Amount,
    Status,
    Reason,
    ChannelRefundId,
    CreatedAt,
    FinishedAt,
}

#[derive(DeriveIden)]
enum PaymentNotifications {
    Table,
    Id,
    NotifyId,
    EventType,
    Status,
    Detail,
    ReceivedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(LedgerAccounts::Table)
                .col(big_pk_auto(LedgerAccounts::Id))
                .col(string_len(LedgerAccounts::Kind, 32))
                .col(big_integer(LedgerAccounts::OwnerId))
                .col(big_integer(LedgerAccounts::Balance).default(0))
                .col(timestamp_with_time_zone(LedgerAccounts::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_ledger_accounts_kind_owner")
                .table(LedgerAccounts::Table)
                .col(LedgerAccounts::Kind)
                .col(LedgerAccounts::OwnerId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(LedgerEntries::Table)
                .col(big_pk_auto(LedgerEntries::Id))
                .col(string_len(LedgerEntries::EventKey, 128))
                .col(string_len(LedgerEntries::Memo, 256))
                .col(timestamp_with_time_zone(LedgerEntries::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ux_ledger_entries_event").table(LedgerEntries::Table).col(LedgerEntries::EventKey).unique().to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(LedgerPostings::Table)
                .col(big_pk_auto(LedgerPostings::Id))
                .col(big_integer(LedgerPostings::EntryId))
                .col(big_integer(LedgerPostings::AccountId))
                .col(big_integer(LedgerPostings::Amount))
                .col(big_integer(LedgerPostings::BalanceAfter))
                .col(timestamp_with_time_zone(LedgerPostings::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_ledger_postings_account")
                .table(LedgerPostings::Table)
                .col(LedgerPostings::AccountId)
                .col(LedgerPostings::Id)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ix_ledger_postings_entry").table(LedgerPostings::Table).col(LedgerPostings::EntryId).to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Payments::Table)
                .col(big_pk_auto(Payments::Id))
                .col(string_len(Payments::OutTradeNo, 32))
                .col(string_len(Payments::Purpose, 16))
                .col(big_integer_null(Payments::OrderId))
                .col(big_integer(Payments::UserId))
                .col(string_len(Payments::Method, 16))
                .col(big_integer(Payments::Amount))
                .col(big_integer(Payments::Refunded).default(0))
                .col(string_len(Payments::Status, 16))
                .col(string_len_null(Payments::PrepayId, 64))
                .col(string_len_null(Payments::TransactionId, 64))
                .col(timestamp_with_time_zone(Payments::CreatedAt))
                .col(timestamp_with_time_zone_null(Payments::PaidAt))
                .col(timestamp_with_time_zone(Payments::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ux_payments_out_trade_no").table(Payments::Table).col(Payments::OutTradeNo).unique().to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("ix_payments_order").table(Payments::Table).col(Payments::OrderId).to_owned()).await?;
        m.create_index(
            Index::create().name("ix_payments_status").table(Payments::Table).col(Payments::Status).col(Payments::CreatedAt).to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PaymentRefunds::Table)
                .col(big_pk_auto(PaymentRefunds::Id))
                .col(big_integer(PaymentRefunds::PaymentId))
                .col(string_len(PaymentRefunds::OutRefundNo, 64))
                .col(big_integer_null(PaymentRefunds::AfterSaleId))
                .col(big_integer(PaymentRefunds::Amount))
                .col(string_len(PaymentRefunds::Status, 16))
                .col(string_len(PaymentRefunds::Reason, 256))
                .col(string_len_null(PaymentRefunds::ChannelRefundId, 64))
                .col(timestamp_with_time_zone(PaymentRefunds::CreatedAt))
                .col(timestamp_with_time_zone_null(PaymentRefunds::FinishedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_payment_refunds_out_refund_no")
                .table(PaymentRefunds::Table)
                .col(PaymentRefunds::OutRefundNo)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ix_payment_refunds_payment").table(PaymentRefunds::Table).col(PaymentRefunds::PaymentId).to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PaymentNotifications::Table)
                .col(big_pk_auto(PaymentNotifications::Id))
                .col(string_len(PaymentNotifications::NotifyId, 64))
                .col(string_len(PaymentNotifications::EventType, 64))
                .col(string_len(PaymentNotifications::Status, 16))
                .col(string_len(PaymentNotifications::Detail, 256))
                .col(timestamp_with_time_zone(PaymentNotifications::ReceivedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_payment_notifications_id")
                .table(PaymentNotifications::Table)
                .col(PaymentNotifications::NotifyId)
                .unique()
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}

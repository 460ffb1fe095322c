//! Catalog management, cart, addresses, freight, orders, after-sales, settings.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Skus {
    Table,
    Active,
}

#[derive(DeriveIden)]
enum Products {
    Table,
    FreightTemplateId,
}

#[derive(DeriveIden)]
enum FreightTemplates {
    Table,
    Id,
    Name,
    Rule,
    IsDefault,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum StockAdjustments {
    Table,
    Id,
    SkuId,
    Delta,
    StockAfter,
    Reason,
    ActorKind,
    ActorId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CartItems {
    Table,
    Id,
    UserId,
    SkuId,
    Quantity,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Addresses {
    Table,
    Id,
    UserId,
    Name,
    PhoneEnc,
    Province,
    City,
    District,
    Detail,
    IsDefault,
    Deleted,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
    OrderNo,
    UserId,
    Status,
    GoodsAmount,
    ActivityDiscount,
    CouponDiscount,
    PointsDiscount,
    ShippingFee,
    Total,
    Address,
    Upline1,
    Upline2,
    Upline3,
    BuyerIsDistributor,
    Note,
    PayDeadline,
    PaidAt,
    ShippedAt,
    Carrier,
    TrackingNo,
    ReceivedAt,
    CompletedAt,
    CancelledAt,
    CancelReason,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum OrderLines {
    Table,
    Id,
    OrderId,
    ProductId,
    SkuId,
    ProductName,
    SkuSpecs,
    Image,
    UnitPrice,
    Quantity,
    ListAmount,
    ActivityDiscount,
    CouponDiscount,
    PointsDiscount,
    PaidAmount,
    ShippingShare,
    RefundedQuantity,
}

#[derive(DeriveIden)]
enum OrderEvents {
    Table,
    Id,
    OrderId,
    FromStatus,
    ToStatus,
    Event,
    ActorKind,
    ActorId,
    Note,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AfterSales {
    Table,
    Id,
    OrderId,
    UserId,
    Kind,
    Status,
    Reason,
    Amount,
    RejectReason,
    DecidedBy,
    DecidedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AfterSaleLines {
    Table,
    Id,
    AfterSaleId,
    OrderLineId,
    Quantity,
    Amount,
}

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    Id,
    UserId,
    Key,
    Scope,
    Status,
    Response,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Settings {
    Table,
    Key,
    Value,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Skus::Table).add_column(boolean(Skus::Active).default(true)).to_owned()).await?;
        m.alter_table(Table::alter().table(Products::Table).add_column(big_integer_null(Products::FreightTemplateId)).to_owned()).await?;

        m.create_table(
            Table::create()
                .table(FreightTemplates::Table)
                .col(big_pk_auto(FreightTemplates::Id))
                .col(string_len(FreightTemplates::Name, 64))
                .col(text(FreightTemplates::Rule))
                .col(boolean(FreightTemplates::IsDefault).default(false))
                .col(timestamp_with_time_zone(FreightTemplates::CreatedAt))
                .col(timestamp_with_time_zone(FreightTemplates::UpdatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(StockAdjustments::Table)
                .col(big_pk_auto(StockAdjustments::Id))
                .col(big_integer(StockAdjustments::SkuId))
                .col(big_integer(StockAdjustments::Delta))
                .col(big_integer(StockAdjustments::StockAfter))
                .col(string_len(StockAdjustments::Reason, 256))
                .col(string_len(StockAdjustments::ActorKind, 16))
                .col(big_integer_null(StockAdjustments::ActorId))
                .col(timestamp_with_time_zone(StockAdjustments::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ix_stock_adjustments_sku").table(StockAdjustments::Table).col(StockAdjustments::SkuId).to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CartItems::Table)
                .col(big_pk_auto(CartItems::Id))
                .col(big_integer(CartItems::UserId))
                .col(big_integer(CartItems::SkuId))
                .col(integer(CartItems::Quantity))
                .col(timestamp_with_time_zone(CartItems::CreatedAt))
                .col(timestamp_with_time_zone(CartItems::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_cart_items_user_sku")
                .table(CartItems::Table)
                .col(CartItems::UserId)
                .col(CartItems::SkuId)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Addresses::Table)
                .col(big_pk_auto(Addresses::Id))
                .col(big_integer(Addresses::UserId))
                .col(string_len(Addresses::Name, 64))
                .col(text(Addresses::PhoneEnc))
                .col(string_len(Addresses::Province, 32))
                .col(string_len(Addresses::City, 32))
                .col(string_len(Addresses::District, 32))
                .col(string_len(Addresses::Detail, 256))
                .col(boolean(Addresses::IsDefault).default(false))
                .col(boolean(Addresses::Deleted).default(false))
                .col(timestamp_with_time_zone(Addresses::CreatedAt))
                .col(timestamp_with_time_zone(Addresses::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("ix_addresses_user").table(Addresses::Table).col(Addresses::UserId).to_owned()).await?;

        m.create_table(
            Table::create()
                .table(Orders::Table)
                .col(big_pk_auto(Orders::Id))
                .col(string_len_uniq(Orders::OrderNo, 32))
                .col(big_integer(Orders::UserId))
                .col(string_len(Orders::Status, 24))
                .col(big_integer(Orders::GoodsAmount))
                .col(big_integer(Orders::ActivityDiscount))
                .col(big_integer(Orders::CouponDiscount))
                .col(big_integer(Orders::PointsDiscount))
                .col(big_integer(Orders::ShippingFee))
                .col(big_integer(Orders::Total))
                // JSON snapshot of the shipping address (phone encrypted inside).
                .col(text(Orders::Address))
                .col(big_integer_null(Orders::Upline1))
                .col(big_integer_null(Orders::Upline2))
                .col(big_integer_null(Orders::Upline3))
                .col(boolean(Orders::BuyerIsDistributor).default(false))
                .col(string_len(Orders::Note, 256))
                .col(timestamp_with_time_zone(Orders::PayDeadline))
                .col(timestamp_with_time_zone_null(Orders::PaidAt))
                .col(timestamp_with_time_zone_null(Orders::ShippedAt))
                .col(string_len_null(Orders::Carrier, 64))
                .col(string_len_null(Orders::TrackingNo, 64))
                .col(timestamp_with_time_zone_null(Orders::ReceivedAt))
                .col(timestamp_with_time_zone_null(Orders::CompletedAt))
                .col(timestamp_with_time_zone_null(Orders::CancelledAt))
                .col(string_len_null(Orders::CancelReason, 256))
                .col(timestamp_with_time_zone(Orders::CreatedAt))
                .col(timestamp_with_time_zone(Orders::UpdatedAt))
                .check(Expr::col(Orders::Total).gte(0))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("ix_orders_user").table(Orders::Table).col(Orders::UserId).col(Orders::Id).to_owned()).await?;
        // The deadline scans of the background jobs.
        m.create_index(
            Index::create().name("ix_orders_status_deadline").table(Orders::Table).col(Orders::Status).col(Orders::PayDeadline).to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ix_orders_status_shipped").table(Orders::Table).col(Orders::Status).col(Orders::ShippedAt).to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(OrderLines::Table)
                .col(big_pk_auto(OrderLines::Id))
                .col(big_integer(OrderLines::OrderId))
                .col(big_integer(OrderLines::ProductId))
                .col(big_integer(OrderLines::SkuId))
                .col(string_len(OrderLines::ProductName, 128))
                .col(text(OrderLines::SkuSpecs))
                .col(string_len(OrderLines::Image, 512))
                .col(big_integer(OrderLines::UnitPrice))
                .col(integer(OrderLines::Quantity))
                .col(big_integer(OrderLines::ListAmount))
                .col(big_integer(OrderLines::ActivityDiscount))
                .col(big_integer(OrderLines::CouponDiscount))
                .col(big_integer(OrderLines::PointsDiscount))
                .col(big_integer(OrderLines::PaidAmount))
                .col(big_integer(OrderLines::ShippingShare))
                .col(integer(OrderLines::RefundedQuantity).default(0))
                .check(Expr::col(OrderLines::RefundedQuantity).lte(Expr::col(OrderLines::Quantity)))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("ix_order_lines_order").table(OrderLines::Table).col(OrderLines::OrderId).to_owned()).await?;

        m.create_table(
            Table::create()
                .table(OrderEvents::Table)
                .col(big_pk_auto(OrderEvents::Id))
                .col(big_integer(OrderEvents::OrderId))
                .col(string_len_null(OrderEvents::FromStatus, 24))
                .col(string_len(OrderEvents::ToStatus, 24))
                .col(string_len(OrderEvents::Event, 32))
                .col(string_len(OrderEvents::ActorKind, 16))
                .col(big_integer_null(OrderEvents::ActorId))
                .col(string_len(OrderEvents::Note, 256))
                .col(timestamp_with_time_zone(OrderEvents::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("ix_order_events_order").table(OrderEvents::Table).col(OrderEvents::OrderId).to_owned())
            .await?;

        m.create_table(
            Table::create()
                .table(AfterSales::Table)
                .col(big_pk_auto(AfterSales::Id))
                .col(big_integer(AfterSales::OrderId))
                .col(big_integer(AfterSales::UserId))
                .col(string_len(AfterSales::Kind, 24))
                .col(string_len(AfterSales::Status, 24))
                .col(string_len(AfterSales::Reason, 256))
                .col(big_integer(AfterSales::Amount))
                .col(string_len_null(AfterSales::RejectReason, 256))
                .col(big_integer_null(AfterSales::DecidedBy))
                .col(timestamp_with_time_zone_null(AfterSales::DecidedAt))
                .col(timestamp_with_time_zone(AfterSales::CreatedAt))
                .col(timestamp_with_time_zone(AfterSales::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("ix_after_sales_order").table(AfterSales::Table).col(AfterSales::OrderId).to_owned()).await?;
        m.create_index(Index::create().name("ix_after_sales_status").table(AfterSales::Table).col(AfterSales::Status).to_owned()).await?;

        m.create_table(
            Table::create()
                .table(AfterSaleLines::Table)
                .col(big_pk_auto(AfterSaleLines::Id))
                .col(big_integer(AfterSaleLines::AfterSaleId))
                .col(big_integer(AfterSaleLines::OrderLineId))
                .col(integer(AfterSaleLines::Quantity))
                .col(big_integer(AfterSaleLines::Amount))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ix_after_sale_lines_as").table(AfterSaleLines::Table).col(AfterSaleLines::AfterSaleId).to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(IdempotencyKeys::Table)
                .col(big_pk_auto(IdempotencyKeys::Id))
                .col(big_integer(IdempotencyKeys::UserId))
                .col(string_len(IdempotencyKeys::Key, 128))
                .col(string_len(IdempotencyKeys::Scope, 64))
                .col(small_integer(IdempotencyKeys::Status))
                .col(text(IdempotencyKeys::Response))
                .col(timestamp_with_time_zone(IdempotencyKeys::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_idempotency_user_scope_key")
                .table(IdempotencyKeys::Table)
                .col(IdempotencyKeys::UserId)
                .col(IdempotencyKeys::Scope)
                .col(IdempotencyKeys::Key)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Settings::Table)
                .col(string_len(Settings::Key, 64).primary_key())
                .col(text(Settings::Value))
                .col(timestamp_with_time_zone(Settings::UpdatedAt))
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}

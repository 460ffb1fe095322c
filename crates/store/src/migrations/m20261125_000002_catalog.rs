use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Categories {
    Table,
    Id,
    ParentId,
    Name,
    IconUrl,
    Sort,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Products {
    Table,
    Id,
    CategoryId,
    Name,
    Subtitle,
    DescriptionHtml,
    Images,
    OnShelf,
    Sort,
    Sales,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Skus {
    Table,
    Id,
    ProductId,
    Specs,
    Price,
    OriginalPrice,
    DistributorPrice,
    Stock,
    WeightG,
    Code,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Categories::Table)
                .col(big_pk_auto(Categories::Id))
                .col(big_integer_null(Categories::ParentId))
                .col(string_len(Categories::Name, 64))
                .col(string_len(Categories::IconUrl, 512))
                .col(integer(Categories::Sort).default(0))
                .col(timestamp_with_time_zone(Categories::CreatedAt))
                .col(timestamp_with_time_zone(Categories::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("ix_categories_parent").table(Categories::Table).col(Categories::ParentId).to_owned()).await?;

        m.create_table(
            Table::create()
                .table(Products::Table)
                .col(big_pk_auto(Products::Id))
                .col(big_integer(Products::CategoryId))
                .col(string_len(Products::Name, 128))
                .col(string_len(Products::Subtitle, 256))
                .col(text(Products::DescriptionHtml))
                // JSON array of image URLs, kept as text so both engines read it the same way.
                .col(text(Products::Images))
                .col(boolean(Products::OnShelf).default(true))
                .col(integer(Products::Sort).default(0))
                .col(big_integer(Products::Sales).default(0))
                .col(timestamp_with_time_zone(Products::CreatedAt))
                .col(timestamp_with_time_zone(Products::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ix_products_category").table(Products::Table).col(Products::CategoryId).col(Products::OnShelf).to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Skus::Table)
                .col(big_pk_auto(Skus::Id))
                .col(big_integer(Skus::ProductId))
                // JSON object spec name → value, as text.
                .col(text(Skus::Specs))
                .col(big_integer(Skus::Price))
                .col(big_integer(Skus::OriginalPrice))
                .col(big_integer_null(Skus::DistributorPrice))
                .col(big_integer(Skus::Stock))
                .col(big_integer(Skus::WeightG).default(0))
                .col(string_len(Skus::Code, 64))
                .col(timestamp_with_time_zone(Skus::CreatedAt))
                .col(timestamp_with_time_zone(Skus::UpdatedAt))
                .check(Expr::col(Skus::Stock).gte(0))
                .check(Expr::col(Skus::Price).gte(0))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("ix_skus_product").table(Skus::Table).col(Skus::ProductId).to_owned()).await?;
        Ok(())
    }
}

//! Per-product commission rules, and a kind on commissions (order commission or new-member reward).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ProductCommissionRules {
    Table,
    ProductId,
    Rule,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Commissions {
    Table,
    Kind,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ProductCommissionRules::Table)
                .col(big_integer(ProductCommissionRules::ProductId).primary_key())
                .col(text(ProductCommissionRules::Rule))
                .col(timestamp_with_time_zone(ProductCommissionRules::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.alter_table(Table::alter().table(Commissions::Table).add_column(string_len(Commissions::Kind, 16).default("order")).to_owned())
            .await?;
        Ok(())
    }
}

//! Distributor grades: per-tier rates and upgrade conditions.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DistributorGrades {
    Table,
    Id,
    Name,
    Level,
    Body,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(DistributorGrades::Table)
                .col(big_pk_auto(DistributorGrades::Id))
                .col(string_len(DistributorGrades::Name, 32))
                .col(big_integer(DistributorGrades::Level))
                .col(text(DistributorGrades::Body))
                .col(timestamp_with_time_zone(DistributorGrades::CreatedAt))
                .col(timestamp_with_time_zone(DistributorGrades::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_distributor_grades_level")
                .table(DistributorGrades::Table)
                .col(DistributorGrades::Level)
                .unique()
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}

//! Schema migrations, one per file (SeaORM names a migration after its file). Never edit one that
//! has landed: add a new file instead.

use sea_orm_migration::prelude::*;

mod m20261125_000001_accounts;
mod m20261125_000002_catalog;
mod m20261125_000003_orders;
mod m20261125_000004_payments;
mod m20261125_000005_distribution;
mod m20261125_000006_grades;
mod m20261125_000007_product_rules;
mod m20261125_000008_team_rewards;
mod m20261125_000009_marketing;
mod m20261125_000010_reports;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_accounts::Migration),
            Box::new(m20261125_000002_catalog::Migration),
            Box::new(m20261125_000003_orders::Migration),
            Box::new(m20261125_000004_payments::Migration),
            Box::new(m20261125_000005_distribution::Migration),
            Box::new(m20261125_000006_grades::Migration),
            Box::new(m20261125_000007_product_rules::Migration),
            Box::new(m20261125_000008_team_rewards::Migration),
            Box::new(m20261125_000009_marketing::Migration),
            Box::new(m20261125_000010_reports::Migration),
        ]
    }
}

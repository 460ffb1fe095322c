//! Storage for Fenxiao Mall: SeaORM entities, migrations and one repository per aggregate, with a
//! single code path for SQLite (the embedded default) and PostgreSQL (production).
//!
//! Services see only [`Store`] methods that take and return domain types; entities and
//! connections stay in here. Each method is one transaction.

mod admins;
mod cart;
mod catalog;
mod catalog_admin;
mod commissions;
mod distribution;
mod entities;
mod freight;
mod grades;
mod idempotency;
mod ledger;
mod marketing;
pub mod migrations;
mod orders;
mod payments;
mod reports;
mod sessions;
mod team_rewards;
mod users;
mod withdrawals;

pub use admins::{AdminPatch, AdminRecord, AuditEntry, AuditRecord, NewAdmin};
pub use cart::{AddressRecord, CartLine, MAX_CART_LINES, NewAddress};
pub use catalog::{NewCategory, NewProduct, NewSku, ProductFilter};
pub use catalog_admin::{CategoryPatch, ProductUpdate, SkuForSale, SkuUpsert};
pub use commissions::CommissionRecord;
pub use distribution::{ApplicationRecord, BindOutcome, BindRequest, BindingAttemptRecord, MemberRecord};
pub use freight::FreightTemplate;
pub use idempotency::Reservation;
pub use ledger::{KindTotal, LedgerFigures, PostingRecord};
pub use marketing::{
    ActivityTake, CouponStats, CouponTemplateRecord, FlashGiveBack, FlashSaleRecord, GroupBuyRecord, GroupMemberRecord, GroupRecord,
    MARKETING_SETTINGS_KEY, NewFlashSale, NewGroupBuy, OrderMarketing, PointsEntryRecord, UserCouponRecord,
};
pub use orders::{
    Actor, AfterSaleLineRecord, AfterSaleRecord, NewOrder, NewOrderLine, OrderEventRecord, OrderLineRecord, OrderQuery, OrderRecord,
    Transition,
};
pub use payments::{NewPayment, PaidOutcome, PaymentRecord, PaymentTotals, RefundRecord};
pub use reports::{DayFigures, PeriodFigures, shop_day};
pub use sessions::{SessionRecord, SubjectKind};
pub use team_rewards::TeamRewardRecord;
pub use users::{ConsentRecord, NewUser, ProfilePatch};
pub use withdrawals::{NewWithdrawal, WithdrawalRecord};

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};
use sea_orm_migration::MigratorTrait;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;

/// Errors every repository maps to, in one place ([`From<DbErr>`]).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A unique key or a conditional update refused the change; the string names what collided.
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("database error: {0}")]
    Db(#[from] DbErr),
}

impl StoreError {
    fn from_db(e: DbErr) -> StoreError {
        match e.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(m)) => StoreError::Conflict(m),
            _ => StoreError::Db(e),
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// The database handle services use. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    db: DatabaseConnection,
    engine: Engine,
    /// SQLite has one writer at a time and a deferred transaction that reads then writes can fail
    /// with SQLITE_BUSY under load, so on SQLite our write transactions queue here first. On
    /// PostgreSQL this is never taken.
    sqlite_writer: Arc<Mutex<()>>,
}

impl Store {
    /// Connects to `url` (`sqlite://path` or `postgres://…`). SQLite files (and their folder) are
    /// created if missing and run in WAL mode with a busy timeout and a pool of several connections.
    pub async fn connect(url: &str, max_connections: u32) -> StoreResult<Store> {
        let engine = if url.starts_with("sqlite:") {
            Engine::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Engine::Postgres
        } else {
            return Err(StoreError::Db(DbErr::Custom(format!(
                "unsupported database URL scheme in {}: use sqlite:// or postgres://",
                redact_url(url)
            ))));
        };
        if engine == Engine::Sqlite {
            if let Some(dir) = sqlite_path(url).and_then(|p| std::path::Path::new(&p).parent().map(|d| d.to_path_buf())) {
                if !dir.as_os_str().is_empty() {
                    std::fs::create_dir_all(&dir)
                        .map_err(|e| StoreError::Db(DbErr::Custom(format!("cannot create {}: {e}", dir.display()))))?;
                }
            }
        }
        let mut opts = ConnectOptions::new(url.to_string());
        opts.max_connections(max_connections.max(2))
            .min_connections(1)
            .connect_timeout(Duration::from_secs(5))
            .acquire_timeout(Duration::from_secs(10))
            .sqlx_logging(false)
            .map_sqlx_sqlite_opts(|o| {
                o.create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .busy_timeout(Duration::from_secs(10))
                    .foreign_keys(true)
            });
        let db = Database::connect(opts).await.map_err(StoreError::Db)?;
        Ok(Store { db, engine, sqlite_writer: Arc::new(Mutex::new(())) })
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// Applies every pending migration; safe to run on every start and from several instances.
    pub async fn migrate(&self) -> StoreResult<()> {
        migrations::Migrator::up(&self.db, None).await.map_err(StoreError::Db)
    }

    /// A trivial round trip, for readiness checks.
    /// Runs raw SQL statements (bulk loading for benchmarks; never with user input).
    pub async fn execute_batch(&self, sql: &str) -> StoreResult<()> {
        use sea_orm::ConnectionTrait;
        self.db.execute_unprepared(sql).await?;
        Ok(())
    }

    pub async fn ping(&self) -> StoreResult<()> {
        self.db.ping().await.map_err(StoreError::Db)
    }

    pub async fn close(self) {
        let _ = self.db.close().await;
    }

    pub(crate) async fn write_guard(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        match self.engine {
            Engine::Sqlite => Some(self.sqlite_writer.lock().await),
            Engine::Postgres => None,
        }
    }
}

/// Ends a write transaction: commit on `Ok`, an awaited rollback on `Err`. A transaction that is
/// merely dropped rolls back later, when its connection is next used — on SQLite its write lock
/// could then outlive the writer queue's guard and make the next writer wait or fail.
pub(crate) async fn finish<T>(txn: sea_orm::DatabaseTransaction, r: StoreResult<T>) -> StoreResult<T> {
    match r {
        Ok(v) => {
            txn.commit().await?;
            Ok(v)
        }
        Err(e) => {
            let _ = txn.rollback().await;
            Err(e)
        }
    }
}

/// Start of the shop day and month (Asia/Shanghai) containing `now`, in UTC.
pub fn shop_day_and_month(now: chrono::DateTime<chrono::Utc>) -> (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>) {
    use chrono::{Datelike, TimeZone};
    let tz = chrono::FixedOffset::east_opt(8 * 3600).expect("+08:00");
    let local = now.with_timezone(&tz);
    let day =
        tz.with_ymd_and_hms(local.year(), local.month(), local.day(), 0, 0, 0).single().expect("a valid day").with_timezone(&chrono::Utc);
    let month = tz.with_ymd_and_hms(local.year(), local.month(), 1, 0, 0, 0).single().expect("a valid month").with_timezone(&chrono::Utc);
    (day, month)
}

fn sqlite_path(url: &str) -> Option<String> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or("");
    (!path.is_empty() && path != ":memory:").then(|| path.to_string())
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`, for logs and error lines.
pub fn redact_url(url: &str) -> String {
    if let Some((scheme, rest)) = url.split_once("://") {
        if let Some((creds, host)) = rest.split_once('@') {
            if let Some((user, _)) = creds.split_once(':') {
                return format!("{scheme}://{user}:***@{host}");
            }
        }
    }
    url.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_redacted() {
        assert_eq!(redact_url("postgres://u:pw@h:5432/d"), "postgres://u:***@h:5432/d");
        assert_eq!(redact_url("postgres://u@h/d"), "postgres://u@h/d");
        assert_eq!(redact_url("sqlite://data/x.db"), "sqlite://data/x.db");
    }

    #[test]
    fn sqlite_paths_are_found() {
        assert_eq!(sqlite_path("sqlite://data/x.db?mode=rwc").as_deref(), Some("data/x.db"));
        assert_eq!(sqlite_path("sqlite::memory:"), None);
    }
}

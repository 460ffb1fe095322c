//! The ledger in the database. [`post`] writes one balanced [`Entry`] inside the caller's
//! transaction: the entry row is unique per event key (a repeat posts nothing), each account's
//! balance row moves by a conditional update — `balance + amount >= 0` for accounts that must not go
//! negative, so the posting itself refuses an overdraft — and every posting keeps the balance it left.
//! Accounts are touched in a fixed order so concurrent entries cannot deadlock on PostgreSQL.

use crate::entities::{ledger_account, ledger_entry, ledger_posting};
use crate::{Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use fenxiao_domain::ledger::{Account, AccountKind, Entry};
use sea_orm::ExprTrait;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

fn owner_id(a: Account) -> i64 {
    a.owner.unwrap_or(0)
}

/// Shop-side accounts (revenue, clearing, expense…) are touched by every payment; one row each would
/// make every payment wait for the previous one's commit on PostgreSQL. Each is therefore split into
/// `SHOP_SHARDS` rows (owner ids 0..SHOP_SHARDS-1), an entry picking one by its event key; a shop
/// balance is the sum of its shards. User accounts are one row each.
pub(crate) const SHOP_SHARDS: u64 = 16;

fn row_owner(a: Account, event_key: &str) -> i64 {
    match a.owner {
        Some(u) => u,
        None => {
            // FNV-1a: stable across processes and versions (std's hasher is not).
            let h = event_key.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
            (h % SHOP_SHARDS) as i64
        }
    }
}

/// Posts `entry` (already checked balanced by [`Entry::new`]). `Ok(false)`: its event key was
/// already posted, nothing changed. `Err(Conflict("insufficient_funds:<kind>"))`: an account would
/// go below zero; the caller must roll back.
pub(crate) async fn post<C: ConnectionTrait>(c: &C, entry: &Entry, memo: &str, now: DateTime<Utc>) -> StoreResult<bool> {
    let inserted = ledger_entry::Entity::insert(ledger_entry::ActiveModel {
        event_key: Set(entry.event_key.clone()),
        memo: Set(memo.chars().take(256).collect()),
        created_at: Set(now),
        ..Default::default()
    })
    .on_conflict(OnConflict::column(ledger_entry::Column::EventKey).do_nothing().to_owned())
    .exec_without_returning(c)
    .await?;
    if inserted == 0 {
        return Ok(false);
    }
    let entry_id = ledger_entry::Entity::find()
        .filter(ledger_entry::Column::EventKey.eq(entry.event_key.as_str()))
        .one(c)
        .await?
        .ok_or(StoreError::NotFound)?
        .id;
    let mut postings = entry.postings.clone();
    postings.sort_by_key(|p| p.account);
    for p in postings {
        let kind = p.account.kind.as_str();
        let owner = row_owner(p.account, &entry.event_key);
        ledger_account::Entity::insert(ledger_account::ActiveModel {
            kind: Set(kind.to_string()),
            owner_id: Set(owner),
            balance: Set(0),
            updated_at: Set(now),
            ..Default::default()
        })
        .on_conflict(OnConflict::columns([ledger_account::Column::Kind, ledger_account::Column::OwnerId]).do_nothing().to_owned())
        .exec_without_returning(c)
        .await?;
        let mut q = ledger_account::Entity::update_many()
            .col_expr(ledger_account::Column::Balance, Expr::col(ledger_account::Column::Balance).add(p.amount))
            .col_expr(ledger_account::Column::UpdatedAt, Expr::value(now))
            .filter(ledger_account::Column::Kind.eq(kind))
            .filter(ledger_account::Column::OwnerId.eq(owner));
        if p.account.kind.must_not_go_negative() && p.amount < 0 {
            q = q.filter(Expr::col(ledger_account::Column::Balance).add(p.amount).gte(0));
        }
        if p.account.kind.must_not_go_positive() && p.amount > 0 {
            q = q.filter(Expr::col(ledger_account::Column::Balance).add(p.amount).lte(0));
        }
        if q.exec(c).await?.rows_affected != 1 {
            return Err(StoreError::Conflict(format!("insufficient_funds:{kind}")));
        }
        let acc = ledger_account::Entity::find()
            .filter(ledger_account::Column::Kind.eq(kind))
            .filter(ledger_account::Column::OwnerId.eq(owner))
            .one(c)
            .await?
            .ok_or(StoreError::NotFound)?;
        ledger_posting::Entity::insert(ledger_posting::ActiveModel {
            entry_id: Set(entry_id),
            account_id: Set(acc.id),
            amount: Set(p.amount),
            balance_after: Set(acc.balance),
            created_at: Set(now),
            ..Default::default()
        })
        .exec_without_returning(c)
        .await?;
    }
    Ok(true)
}

/// The balance of one account inside a transaction (0 when never used).
pub(crate) async fn balance_in<C: ConnectionTrait>(c: &C, account: Account) -> StoreResult<i64> {
    Ok(ledger_account::Entity::find()
        .filter(ledger_account::Column::Kind.eq(account.kind.as_str()))
        .filter(ledger_account::Column::OwnerId.eq(owner_id(account)))
        .one(c)
        .await?
        .map(|a| a.balance)
        .unwrap_or(0))
}

/// One posting on an account, with the entry it belongs to.
#[derive(Debug, Clone)]
pub struct PostingRecord {
    pub id: i64,
    pub amount: i64,
    pub balance_after: i64,
    pub event_key: String,
    pub memo: String,
    pub created_at: DateTime<Utc>,
}

/// Per account kind: how many accounts and their summed balance.
#[derive(Debug, Clone)]
pub struct KindTotal {
    pub kind: String,
    pub accounts: i64,
    pub balance: i64,
}

/// The raw figures the reconciliation report is built from.
#[derive(Debug, Clone, Default)]
pub struct LedgerFigures {
    pub kinds: Vec<KindTotal>,
    pub postings_sum: i64,
    pub entries: i64,
    pub unbalanced_entries: i64,
    /// Accounts whose balance row differs from the sum of their postings.
    pub drifted_accounts: i64,
    /// Accounts that must not go negative but are.
    pub negative_accounts: i64,
}

#[derive(Debug, FromQueryResult)]
struct KindRow {
    kind: String,
    accounts: i64,
    balance: Option<i64>,
}

#[derive(Debug, FromQueryResult)]
struct CountRow {
    n: i64,
}

#[derive(Debug, FromQueryResult)]
struct SumRow {
    s: Option<i64>,
}

impl Store {
    /// The balance of one account (0 when it has never been used); a shop account's is the sum of its shards.
    pub async fn ledger_balance(&self, account: Account) -> StoreResult<i64> {
        let mut f = ledger_account::Entity::find().filter(ledger_account::Column::Kind.eq(account.kind.as_str()));
        if let Some(u) = account.owner {
            f = f.filter(ledger_account::Column::OwnerId.eq(u));
        }
        Ok(f.all(&self.db).await?.iter().map(|a| a.balance).sum())
    }

    /// Postings of one account, newest first.
    pub async fn ledger_postings(&self, account: Account, page: u64, page_size: u64) -> StoreResult<(Vec<PostingRecord>, u64)> {
        let Some(acc) = ledger_account::Entity::find()
            .filter(ledger_account::Column::Kind.eq(account.kind.as_str()))
            .filter(ledger_account::Column::OwnerId.eq(owner_id(account)))
            .one(&self.db)
            .await?
        else {
            return Ok((Vec::new(), 0));
        };
        let f = ledger_posting::Entity::find().filter(ledger_posting::Column::AccountId.eq(acc.id));
        let total = f.clone().count(&self.db).await?;
        let rows =
            f.order_by_desc(ledger_posting::Column::Id).offset(page.saturating_sub(1) * page_size).limit(page_size).all(&self.db).await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.entry_id).collect();
        let entries = ledger_entry::Entity::find().filter(ledger_entry::Column::Id.is_in(ids)).all(&self.db).await?;
        Ok((
            rows.into_iter()
                .map(|p| {
                    let e = entries.iter().find(|e| e.id == p.entry_id);
                    PostingRecord {
                        id: p.id,
                        amount: p.amount,
                        balance_after: p.balance_after,
                        event_key: e.map(|e| e.event_key.clone()).unwrap_or_default(),
                        memo: e.map(|e| e.memo.clone()).unwrap_or_default(),
                        created_at: p.created_at,
                    }
                })
                .collect(),
            total,
        ))
    }

    /// The sum of postings on all accounts of `kind` whose entry key starts with `prefix`.
    pub async fn ledger_sum_by_prefix(&self, kind: AccountKind, prefix: &str) -> StoreResult<i64> {
        let be = self.db.get_database_backend();
        let r = SumRow::find_by_statement(sea_orm::Statement::from_sql_and_values(
            be,
            match be {
                sea_orm::DatabaseBackend::Postgres => {
                    "SELECT CAST(SUM(p.amount) AS BIGINT) AS s FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id \
                     JOIN ledger_entries e ON e.id = p.entry_id WHERE a.kind = $1 AND e.event_key LIKE $2"
                }
                _ => {
                    "SELECT CAST(SUM(p.amount) AS BIGINT) AS s FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id \
                     JOIN ledger_entries e ON e.id = p.entry_id WHERE a.kind = ? AND e.event_key LIKE ?"
                }
            },
            [kind.as_str().into(), format!("{prefix}%").into()],
        ))
        .one(&self.db)
        .await?;
        Ok(r.and_then(|r| r.s).unwrap_or(0))
    }

    /// Whole-ledger figures, computed in the database (aggregates, no row scan in Rust).
    pub async fn ledger_figures(&self) -> StoreResult<LedgerFigures> {
        let be = self.db.get_database_backend();
        let q = |sql: &str| sea_orm::Statement::from_string(be, sql.to_string());
        let kinds = KindRow::find_by_statement(q(
            "SELECT kind, CAST(COUNT(*) AS BIGINT) AS accounts, CAST(SUM(balance) AS BIGINT) AS balance FROM ledger_accounts GROUP BY kind ORDER BY kind",
        ))
        .all(&self.db)
        .await?;
        let postings_sum = SumRow::find_by_statement(q("SELECT CAST(SUM(amount) AS BIGINT) AS s FROM ledger_postings"))
            .one(&self.db)
            .await?
            .and_then(|r| r.s);
        let entries = CountRow::find_by_statement(q("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM ledger_entries")).one(&self.db).await?;
        let unbalanced = CountRow::find_by_statement(q(
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM (SELECT entry_id FROM ledger_postings GROUP BY entry_id HAVING SUM(amount) <> 0) u",
        ))
        .one(&self.db)
        .await?;
        let drifted = CountRow::find_by_statement(q(
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM ledger_accounts a WHERE a.balance <> COALESCE((SELECT SUM(p.amount) FROM ledger_postings p WHERE p.account_id = a.id), 0)",
        ))
        .one(&self.db)
        .await?;
        let guarded: Vec<String> =
            AccountKind::ALL.iter().filter(|k| k.must_not_go_negative()).map(|k| format!("'{}'", k.as_str())).collect();
        let negative = CountRow::find_by_statement(q(&format!(
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM ledger_accounts WHERE (balance < 0 AND kind IN ({})) OR (balance > 0 AND kind = '{}')",
            guarded.join(","),
            AccountKind::CommissionDebt.as_str()
        )))
        .one(&self.db)
        .await?;
        Ok(LedgerFigures {
            kinds: kinds.into_iter().map(|k| KindTotal { kind: k.kind, accounts: k.accounts, balance: k.balance.unwrap_or(0) }).collect(),
            postings_sum: postings_sum.unwrap_or(0),
            entries: entries.map(|r| r.n).unwrap_or(0),
            unbalanced_entries: unbalanced.map(|r| r.n).unwrap_or(0),
            drifted_accounts: drifted.map(|r| r.n).unwrap_or(0),
            negative_accounts: negative.map(|r| r.n).unwrap_or(0),
        })
    }
}

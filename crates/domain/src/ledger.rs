//! The double-entry ledger's rules (DESIGN.md "Money and the ledger"; TigerBeetle's transfer model).
//! Every movement of money is an [`Entry`]: postings on accounts that sum to exactly zero, keyed by
//! the business event that caused it (one entry per key, so a repeated event cannot post twice).
//! Accounts marked non-negative refuse any entry that would take them below zero — the posting
//! itself enforces it, not a check done earlier.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    /// A shopper's stored value (余额).
    UserWallet,
    /// Commission earned but not yet settled (pending transfer).
    CommissionFrozen,
    /// Settled commission a distributor may withdraw.
    CommissionAvailable,
    /// Commission on its way out in a withdrawal.
    CommissionWithdrawing,
    /// What a distributor owes after a clawback found too little to take. Its balance is zero or
    /// negative (the debt is `-balance`); repayments move it back toward zero, never above.
    CommissionDebt,
    /// Money received from or paid to payment channels, not yet attributed (platform side).
    PlatformClearing,
    /// The merchant's revenue from sales.
    MerchantRevenue,
    /// The merchant's cost of commissions, rewards and adjustments.
    MerchantExpense,
    /// Fees the shop keeps (e.g. withdrawal fees).
    FeeIncome,
    /// Refunds decided but not yet confirmed by the payment channel (and payments that arrived
    /// for orders already closed, until they are returned).
    RefundsPayable,
}

impl AccountKind {
    pub const ALL: [AccountKind; 10] = [
        AccountKind::UserWallet,
        AccountKind::CommissionFrozen,
        AccountKind::CommissionAvailable,
        AccountKind::CommissionWithdrawing,
        AccountKind::CommissionDebt,
        AccountKind::PlatformClearing,
        AccountKind::MerchantRevenue,
        AccountKind::MerchantExpense,
        AccountKind::FeeIncome,
        AccountKind::RefundsPayable,
    ];

    /// Balances of users' money may never be negative; platform-side accounts mirror them and may.
    pub fn must_not_go_negative(self) -> bool {
        matches!(
            self,
            AccountKind::UserWallet | AccountKind::CommissionFrozen | AccountKind::CommissionAvailable | AccountKind::CommissionWithdrawing
        )
    }

    /// A debt account may grow more negative but never turn positive (repaying more than is owed).
    pub fn must_not_go_positive(self) -> bool {
        self == AccountKind::CommissionDebt
    }

    /// Whether the account belongs to one user (else it is the shop's).
    pub fn is_per_user(self) -> bool {
        self.must_not_go_negative() || self == AccountKind::CommissionDebt
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AccountKind::UserWallet => "user_wallet",
            AccountKind::CommissionFrozen => "commission_frozen",
            AccountKind::CommissionAvailable => "commission_available",
            AccountKind::CommissionWithdrawing => "commission_withdrawing",
            AccountKind::CommissionDebt => "commission_debt",
            AccountKind::PlatformClearing => "platform_clearing",
            AccountKind::MerchantRevenue => "merchant_revenue",
            AccountKind::MerchantExpense => "merchant_expense",
            AccountKind::FeeIncome => "fee_income",
            AccountKind::RefundsPayable => "refunds_payable",
        }
    }

    pub fn parse(s: &str) -> Option<AccountKind> {
        AccountKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// An account: a kind, and the user it belongs to for per-user kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Account {
    pub kind: AccountKind,
    pub owner: Option<i64>,
}

impl Account {
    pub fn user(kind: AccountKind, user_id: i64) -> Account {
        Account { kind, owner: Some(user_id) }
    }

    pub fn shop(kind: AccountKind) -> Account {
        Account { kind, owner: None }
    }
}

/// One line of an entry: `amount` is added to the account's balance (negative takes away).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Posting {
    pub account: Account,
    pub amount: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    #[error("an entry needs an event key of 1–128 characters")]
    BadEventKey,
    #[error("an entry needs at least two postings, none of them zero")]
    TooFewPostings,
    #[error("postings must sum to zero (they sum to {0})")]
    Unbalanced(i64),
    #[error("per-user accounts need an owner and shop accounts none")]
    BadOwner,
    #[error("{0:?} would go below zero")]
    WouldGoNegative(Account),
    #[error("amount overflow")]
    Overflow,
}

/// A balanced set of postings caused by one business event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub event_key: String,
    pub postings: Vec<Posting>,
}

impl Entry {
    pub fn new(event_key: impl Into<String>, postings: Vec<Posting>) -> Result<Entry, LedgerError> {
        let event_key = event_key.into();
        if event_key.is_empty() || event_key.chars().count() > 128 {
            return Err(LedgerError::BadEventKey);
        }
        if postings.len() < 2 || postings.iter().any(|p| p.amount == 0) {
            return Err(LedgerError::TooFewPostings);
        }
        if postings.iter().any(|p| p.account.kind.is_per_user() != p.account.owner.is_some()) {
            return Err(LedgerError::BadOwner);
        }
        let sum = postings.iter().try_fold(0i64, |a, p| a.checked_add(p.amount)).ok_or(LedgerError::Overflow)?;
        if sum != 0 {
            return Err(LedgerError::Unbalanced(sum));
        }
        Ok(Entry { event_key, postings })
    }

    /// A plain transfer of `amount` (> 0) from one account to another.
    pub fn transfer(event_key: impl Into<String>, from: Account, to: Account, amount: i64) -> Result<Entry, LedgerError> {
        let neg = amount.checked_neg().ok_or(LedgerError::Overflow)?;
        Entry::new(event_key, vec![Posting { account: from, amount: neg }, Posting { account: to, amount }])
    }
}

/// Balances in memory: the reference model the store's conditional updates must agree with, and what
/// reconciliation recomputes from postings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Balances {
    pub by_account: HashMap<Account, i64>,
}

impl Balances {
    pub fn get(&self, a: Account) -> i64 {
        self.by_account.get(&a).copied().unwrap_or(0)
    }

    /// Applies an entry all or nothing: if any non-negative account would go below zero, nothing changes.
    pub fn apply(&mut self, e: &Entry) -> Result<(), LedgerError> {
        let mut next: HashMap<Account, i64> = HashMap::new();
        for p in &e.postings {
            let cur = *next.get(&p.account).unwrap_or(&self.get(p.account));
            let v = cur.checked_add(p.amount).ok_or(LedgerError::Overflow)?;
            next.insert(p.account, v);
        }
        if let Some((a, _)) =
            next.iter().find(|(a, v)| (a.kind.must_not_go_negative() && **v < 0) || (a.kind.must_not_go_positive() && **v > 0))
        {
            return Err(LedgerError::WouldGoNegative(*a));
        }
        self.by_account.extend(next);
        Ok(())
    }

    /// The sum of every balance: zero for a ledger that never created or lost money.
    pub fn total(&self) -> i128 {
        self.by_account.values().map(|v| *v as i128).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn wallet(u: i64) -> Account {
        Account::user(AccountKind::UserWallet, u)
    }

    #[test]
    fn entries_must_balance_and_name_their_event() {
        let clearing = Account::shop(AccountKind::PlatformClearing);
        assert!(Entry::transfer("topup:1", clearing, wallet(1), 100).is_ok());
        assert_eq!(Entry::transfer("", clearing, wallet(1), 100), Err(LedgerError::BadEventKey));
        assert_eq!(
            Entry::new("x", vec![Posting { account: clearing, amount: -100 }, Posting { account: wallet(1), amount: 99 }]),
            Err(LedgerError::Unbalanced(-1))
        );
        assert_eq!(
            Entry::new("x", vec![Posting { account: clearing, amount: 0 }, Posting { account: wallet(1), amount: 0 }]),
            Err(LedgerError::TooFewPostings)
        );
        assert_eq!(Entry::transfer("x", Account { kind: AccountKind::UserWallet, owner: None }, clearing, 1), Err(LedgerError::BadOwner));
    }

    #[test]
    fn user_money_never_goes_negative_and_a_refused_entry_changes_nothing() {
        let clearing = Account::shop(AccountKind::PlatformClearing);
        let mut b = Balances::default();
        b.apply(&Entry::transfer("topup", clearing, wallet(1), 500).unwrap()).unwrap();
        let pay = Entry::transfer("pay", wallet(1), Account::shop(AccountKind::MerchantRevenue), 600).unwrap();
        assert_eq!(b.apply(&pay), Err(LedgerError::WouldGoNegative(wallet(1))));
        assert_eq!(b.get(wallet(1)), 500);
        assert_eq!(b.get(clearing), -500, "platform side mirrors user money");
        assert_eq!(b.total(), 0);
    }

    proptest! {
        #[test]
        fn money_is_never_created_or_lost(moves in proptest::collection::vec((0usize..10, 0i64..3, 0usize..10, 0i64..3, 1i64..10_000), 1..200)) {
            let mut b = Balances::default();
            let acct = |k: usize, u: i64| {
                let kind = AccountKind::ALL[k];
                if kind.is_per_user() { Account::user(kind, u) } else { Account::shop(kind) }
            };
            for (i, (fk, fu, tk, tu, amt)) in moves.into_iter().enumerate() {
                let (from, to) = (acct(fk, fu), acct(tk, tu));
                if from == to { continue; }
                let e = Entry::transfer(format!("m{i}"), from, to, amt).unwrap();
                let before = b.clone();
                if b.apply(&e).is_err() {
                    prop_assert_eq!(&b, &before);
                }
                prop_assert_eq!(b.total(), 0);
                for (a, v) in &b.by_account {
                    if a.kind.must_not_go_negative() { prop_assert!(*v >= 0); }
                    if a.kind.must_not_go_positive() { prop_assert!(*v <= 0); }
                }
            }
        }
    }
}

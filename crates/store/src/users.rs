//! Shoppers: create/load on login, profile, privacy consent, export and erasure.

use crate::entities::{privacy_consent, session, user};
use crate::{Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use fenxiao_domain::user::{User, UserStatus};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};

pub struct NewUser {
    pub provider: String,
    pub openid: String,
    pub unionid: Option<String>,
    pub nickname: String,
    pub invite_code: String,
    pub pending_invite_code: Option<String>,
}

/// A partial profile update; `None` leaves a field alone. `phone_enc: Some(None)` clears the phone.
#[derive(Default)]
pub struct ProfilePatch {
    pub nickname: Option<String>,
    pub avatar_url: Option<String>,
    pub phone_enc: Option<Option<String>>,
    pub phone_hash: Option<Option<String>>,
}

#[derive(Debug, Clone)]
pub struct ConsentRecord {
    pub version: String,
    pub accepted_at: DateTime<Utc>,
    pub ip: Option<String>,
}

pub(crate) fn to_domain(m: user::Model) -> User {
    User {
        id: m.id,
        provider: m.provider,
        openid: m.openid,
        unionid: m.unionid,
        nickname: m.nickname,
        avatar_url: m.avatar_url,
        phone_enc: m.phone_enc,
        invite_code: m.invite_code,
        pending_invite_code: m.pending_invite_code,
        referrer_id: m.referrer_id,
        is_distributor: m.is_distributor,
        consent_version: m.consent_version,
        consent_at: m.consent_at,
        status: UserStatus::parse(&m.status),
        created_at: m.created_at,
        deleted_at: m.deleted_at,
    }
}

impl Store {
    pub async fn find_user_by_openid(&self, provider: &str, openid: &str) -> StoreResult<Option<User>> {
        let m =
            user::Entity::find().filter(user::Column::Provider.eq(provider)).filter(user::Column::Openid.eq(openid)).one(&self.db).await?;
        Ok(m.map(to_domain))
    }

    pub async fn get_user(&self, id: i64) -> StoreResult<User> {
        user::Entity::find_by_id(id).one(&self.db).await?.map(to_domain).ok_or(StoreError::NotFound)
    }

    pub async fn find_user_by_invite_code(&self, code: &str) -> StoreResult<Option<User>> {
        let m = user::Entity::find().filter(user::Column::InviteCode.eq(code)).one(&self.db).await?;
        Ok(m.map(to_domain))
    }

    /// Inserts a user. A `Conflict` means the openid or the invite code is taken: the caller
    /// re-reads by openid (a parallel login won) or retries with a new invite code.
    pub async fn create_user(&self, new: NewUser, now: DateTime<Utc>) -> StoreResult<User> {
        let _w = self.write_guard().await;
        let am = user::ActiveModel {
            provider: Set(new.provider),
            openid: Set(new.openid),
            unionid: Set(new.unionid),
            nickname: Set(new.nickname),
            avatar_url: Set(String::new()),
            phone_enc: Set(None),
            phone_hash: Set(None),
            invite_code: Set(new.invite_code),
            pending_invite_code: Set(new.pending_invite_code),
            referrer_id: Set(None),
            is_distributor: Set(false),
            consent_version: Set(None),
            consent_at: Set(None),
            status: Set(UserStatus::Active.as_str().to_string()),
            created_at: Set(now),
            updated_at: Set(now),
            deleted_at: Set(None),
            ..Default::default()
        };
        am.insert(&self.db).await.map(to_domain).map_err(StoreError::from_db)
    }

    /// Records the invite code a not-yet-bound user arrived with, keeping the first one seen.
    pub async fn set_pending_invite_code(&self, user_id: i64, code: &str, now: DateTime<Utc>) -> StoreResult<bool> {
        let _w = self.write_guard().await;
        let r = user::Entity::update_many()
            .col_expr(user::Column::PendingInviteCode, Expr::value(code))
            .col_expr(user::Column::UpdatedAt, Expr::value(now))
            .filter(user::Column::Id.eq(user_id))
            .filter(user::Column::PendingInviteCode.is_null())
            .filter(user::Column::ReferrerId.is_null())
            .exec(&self.db)
            .await?;
        Ok(r.rows_affected == 1)
    }

    pub async fn update_profile(&self, user_id: i64, patch: ProfilePatch, now: DateTime<Utc>) -> StoreResult<User> {
        let _w = self.write_guard().await;
        let mut q = user::Entity::update_many().col_expr(user::Column::UpdatedAt, Expr::value(now));
        if let Some(n) = patch.nickname {
            q = q.col_expr(user::Column::Nickname, Expr::value(n));
        }
        if let Some(a) = patch.avatar_url {
            q = q.col_expr(user::Column::AvatarUrl, Expr::value(a));
        }
        if let Some(p) = patch.phone_enc {
            q = q.col_expr(user::Column::PhoneEnc, Expr::value(p));
        }
        if let Some(h) = patch.phone_hash {
            q = q.col_expr(user::Column::PhoneHash, Expr::value(h));
        }
        let r = q.filter(user::Column::Id.eq(user_id)).filter(user::Column::Status.eq(UserStatus::Active.as_str())).exec(&self.db).await?;
        if r.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        drop(_w);
        self.get_user(user_id).await
    }

    /// Records consent to a privacy-policy version: a history row plus the latest on the user.
    pub async fn record_consent(&self, user_id: i64, c: ConsentRecord) -> StoreResult<()> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let r = user::Entity::update_many()
            .col_expr(user::Column::ConsentVersion, Expr::value(c.version.clone()))
            .col_expr(user::Column::ConsentAt, Expr::value(c.accepted_at))
            .col_expr(user::Column::UpdatedAt, Expr::value(c.accepted_at))
            .filter(user::Column::Id.eq(user_id))
            .filter(user::Column::Status.eq(UserStatus::Active.as_str()))
            .exec(&txn)
            .await?;
        if r.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        privacy_consent::ActiveModel {
            user_id: Set(user_id),
            version: Set(c.version),
            accepted_at: Set(c.accepted_at),
            ip: Set(c.ip),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(())
    }

    pub async fn list_consents(&self, user_id: i64) -> StoreResult<Vec<ConsentRecord>> {
        let rows = privacy_consent::Entity::find()
            .filter(privacy_consent::Column::UserId.eq(user_id))
            .order_by_asc(privacy_consent::Column::Id)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(|r| ConsentRecord { version: r.version, accepted_at: r.accepted_at, ip: r.ip }).collect())
    }

    /// Erases a shopper's personal data (个人信息保护法 account deletion): nickname, avatar, phone and
    /// the WeChat identifiers are replaced, consent IPs dropped and every session revoked, in one
    /// transaction. The row itself stays so orders, commissions and ledger entries — which the law
    /// requires us to keep — still point at an (anonymous) account.
    pub async fn anonymise_user(&self, user_id: i64, now: DateTime<Utc>) -> StoreResult<()> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let r = user::Entity::update_many()
            .col_expr(user::Column::Openid, Expr::value(format!("deleted:{user_id}")))
            .col_expr(user::Column::Unionid, Expr::value(Option::<String>::None))
            .col_expr(user::Column::Nickname, Expr::value("已注销用户"))
            .col_expr(user::Column::AvatarUrl, Expr::value(""))
            .col_expr(user::Column::PhoneEnc, Expr::value(Option::<String>::None))
            .col_expr(user::Column::PhoneHash, Expr::value(Option::<String>::None))
            .col_expr(user::Column::PendingInviteCode, Expr::value(Option::<String>::None))
            .col_expr(user::Column::Status, Expr::value(UserStatus::Deleted.as_str()))
            .col_expr(user::Column::DeletedAt, Expr::value(now))
            .col_expr(user::Column::UpdatedAt, Expr::value(now))
            .filter(user::Column::Id.eq(user_id))
            .filter(user::Column::Status.eq(UserStatus::Active.as_str()))
            .exec(&txn)
            .await?;
        if r.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        privacy_consent::Entity::update_many()
            .col_expr(privacy_consent::Column::Ip, Expr::value(Option::<String>::None))
            .filter(privacy_consent::Column::UserId.eq(user_id))
            .exec(&txn)
            .await?;
        session::Entity::update_many()
            .col_expr(session::Column::RevokedAt, Expr::value(now))
            .filter(session::Column::SubjectKind.eq(crate::SubjectKind::Shopper.as_str()))
            .filter(session::Column::SubjectId.eq(user_id))
            .filter(session::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(())
    }

    pub async fn count_users(&self) -> StoreResult<u64> {
        use sea_orm::PaginatorTrait;
        Ok(user::Entity::find().count(&self.db).await?)
    }
}

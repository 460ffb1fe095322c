//! Bearer sessions: opaque random tokens of which only the SHA-256 is stored, so a leaked database
//! does not leak usable tokens. Expiry and revocation are columns, checked on every request.

use crate::entities::session;
use crate::{Store, StoreResult};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectKind {
    Shopper,
    Admin,
}

impl SubjectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SubjectKind::Shopper => "shopper",
            SubjectKind::Admin => "admin",
        }
    }
}

#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub id: i64,
    pub kind: SubjectKind,
    pub subject_id: i64,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl Store {
    pub async fn create_session(
        &self,
        token_hash: &str,
        kind: SubjectKind,
        subject_id: i64,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
        ip: Option<String>,
    ) -> StoreResult<()> {
        let _w = self.write_guard().await;
        session::ActiveModel {
            token_hash: Set(token_hash.to_string()),
            subject_kind: Set(kind.as_str().to_string()),
            subject_id: Set(subject_id),
            created_at: Set(now),
            expires_at: Set(expires_at),
            revoked_at: Set(None),
            ip: Set(ip),
            ..Default::default()
        }
        .insert(&self.db)
        .await?;
        Ok(())
    }

    pub async fn find_session(&self, token_hash: &str) -> StoreResult<Option<SessionRecord>> {
        let m = session::Entity::find().filter(session::Column::TokenHash.eq(token_hash)).one(&self.db).await?;
        Ok(m.map(|m| SessionRecord {
            id: m.id,
            kind: if m.subject_kind == "admin" { SubjectKind::Admin } else { SubjectKind::Shopper },
            subject_id: m.subject_id,
            expires_at: m.expires_at,
            revoked_at: m.revoked_at,
        }))
    }

    pub async fn revoke_session(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<bool> {
        let _w = self.write_guard().await;
        let r = session::Entity::update_many()
            .col_expr(session::Column::RevokedAt, Expr::value(now))
            .filter(session::Column::TokenHash.eq(token_hash))
            .filter(session::Column::RevokedAt.is_null())
            .exec(&self.db)
            .await?;
        Ok(r.rows_affected == 1)
    }

    pub async fn revoke_all_sessions(&self, kind: SubjectKind, subject_id: i64, now: DateTime<Utc>) -> StoreResult<u64> {
        let _w = self.write_guard().await;
        let r = session::Entity::update_many()
            .col_expr(session::Column::RevokedAt, Expr::value(now))
            .filter(session::Column::SubjectKind.eq(kind.as_str()))
            .filter(session::Column::SubjectId.eq(subject_id))
            .filter(session::Column::RevokedAt.is_null())
            .exec(&self.db)
            .await?;
        Ok(r.rows_affected)
    }
}

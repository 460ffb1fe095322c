//! `Idempotency-Key` records: the first request with a key reserves it (unique per shopper and
//! route), and its answer is stored so a repeat gets the same answer instead of acting twice.

use crate::entities::idempotency_key;
use crate::{Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reservation {
    /// This request owns the key: do the work, then `complete_idempotency`.
    Fresh,
    /// An earlier request with this key answered `status` with `body`.
    Done { status: u16, body: String },
    /// An earlier request with this key is still running.
    InProgress,
}

impl Store {
    pub async fn reserve_idempotency(&self, user_id: i64, scope: &str, key: &str, now: DateTime<Utc>) -> StoreResult<Reservation> {
        let _w = self.write_guard().await;
        let r = idempotency_key::ActiveModel {
            user_id: Set(user_id),
            key: Set(key.into()),
            scope: Set(scope.into()),
            status: Set(0),
            response: Set(String::new()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .map_err(StoreError::from_db);
        match r {
            Ok(_) => Ok(Reservation::Fresh),
            Err(StoreError::Conflict(_)) => {
                let m = idempotency_key::Entity::find()
                    .filter(idempotency_key::Column::UserId.eq(user_id))
                    .filter(idempotency_key::Column::Scope.eq(scope))
                    .filter(idempotency_key::Column::Key.eq(key))
                    .one(&self.db)
                    .await?
                    .ok_or(StoreError::NotFound)?;
                Ok(if m.status == 0 { Reservation::InProgress } else { Reservation::Done { status: m.status as u16, body: m.response } })
            }
            Err(e) => Err(e),
        }
    }

    pub async fn complete_idempotency(&self, user_id: i64, scope: &str, key: &str, status: u16, body: &str) -> StoreResult<()> {
        let _w = self.write_guard().await;
        idempotency_key::Entity::update_many()
            .col_expr(idempotency_key::Column::Status, Expr::value(status as i16))
            .col_expr(idempotency_key::Column::Response, Expr::value(body))
            .filter(idempotency_key::Column::UserId.eq(user_id))
            .filter(idempotency_key::Column::Scope.eq(scope))
            .filter(idempotency_key::Column::Key.eq(key))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// Frees a key whose request failed on our side (5xx), so the client may retry with it.
    pub async fn release_idempotency(&self, user_id: i64, scope: &str, key: &str) -> StoreResult<()> {
        let _w = self.write_guard().await;
        idempotency_key::Entity::delete_many()
            .filter(idempotency_key::Column::UserId.eq(user_id))
            .filter(idempotency_key::Column::Scope.eq(scope))
            .filter(idempotency_key::Column::Key.eq(key))
            .filter(idempotency_key::Column::Status.eq(0))
            .exec(&self.db)
            .await?;
        Ok(())
    }
}

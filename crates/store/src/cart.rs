//! Carts and the address book. Every query is scoped by the owner's user id, so one shopper can
//! never read or change another's lines or addresses (they simply are not found).

use crate::entities::{address, cart_item};
use crate::{Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use sea_orm::ExprTrait;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set, TransactionTrait};

pub const MAX_CART_LINES: u64 = 100;

#[derive(Debug, Clone)]
pub struct CartLine {
    pub id: i64,
    pub sku_id: i64,
    pub quantity: i64,
    pub added_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct AddressRecord {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub phone_enc: String,
    pub province: String,
    pub city: String,
    pub district: String,
    pub detail: String,
    pub is_default: bool,
}

pub struct NewAddress {
    pub name: String,
    pub phone_enc: String,
    pub province: String,
    pub city: String,
    pub district: String,
    pub detail: String,
    pub is_default: bool,
}

fn to_addr(m: address::Model) -> AddressRecord {
    AddressRecord {
        id: m.id,
        user_id: m.user_id,
        name: m.name,
        phone_enc: m.phone_enc,
        province: m.province,
        city: m.city,
        district: m.district,
        detail: m.detail,
        is_default: m.is_default,
    }
}

impl Store {
    pub async fn cart_lines(&self, user_id: i64) -> StoreResult<Vec<CartLine>> {
        let rows = cart_item::Entity::find()
            .filter(cart_item::Column::UserId.eq(user_id))
            .order_by_desc(cart_item::Column::Id)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(|r| CartLine { id: r.id, sku_id: r.sku_id, quantity: r.quantity as i64, added_at: r.created_at }).collect())
    }

    /// Adds `quantity` of a SKU, merging with an existing line; the merged quantity may not pass
    /// `max_quantity` (`Conflict("quantity_limit")`), nor the cart `MAX_CART_LINES` lines
    /// (`Conflict("cart_full")`).
    pub async fn cart_add(&self, user_id: i64, sku_id: i64, quantity: i64, max_quantity: i64, now: DateTime<Utc>) -> StoreResult<CartLine> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let merged = cart_item::Entity::update_many()
            .col_expr(cart_item::Column::Quantity, Expr::col(cart_item::Column::Quantity).add(quantity))
            .col_expr(cart_item::Column::UpdatedAt, Expr::value(now))
            .filter(cart_item::Column::UserId.eq(user_id))
            .filter(cart_item::Column::SkuId.eq(sku_id))
            .filter(Expr::col(cart_item::Column::Quantity).add(quantity).lte(max_quantity))
            .exec(&txn)
            .await?;
        let existing = cart_item::Entity::find()
            .filter(cart_item::Column::UserId.eq(user_id))
            .filter(cart_item::Column::SkuId.eq(sku_id))
            .one(&txn)
            .await?;
        let line = match (merged.rows_affected, existing) {
            (1, Some(m)) => m,
            (_, Some(_)) => return Err(StoreError::Conflict("quantity_limit".into())),
            (_, None) => {
                let n = cart_item::Entity::find().filter(cart_item::Column::UserId.eq(user_id)).count(&txn).await?;
                if n >= MAX_CART_LINES {
                    return Err(StoreError::Conflict("cart_full".into()));
                }
                cart_item::ActiveModel {
                    user_id: Set(user_id),
                    sku_id: Set(sku_id),
                    quantity: Set(quantity as i32),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await
                .map_err(StoreError::from_db)?
            }
        };
        txn.commit().await?;
        Ok(CartLine { id: line.id, sku_id: line.sku_id, quantity: line.quantity as i64, added_at: line.created_at })
    }

    pub async fn cart_set_quantity(&self, user_id: i64, line_id: i64, quantity: i64, now: DateTime<Utc>) -> StoreResult<()> {
        let _w = self.write_guard().await;
        let r = cart_item::Entity::update_many()
            .col_expr(cart_item::Column::Quantity, Expr::value(quantity as i32))
            .col_expr(cart_item::Column::UpdatedAt, Expr::value(now))
            .filter(cart_item::Column::Id.eq(line_id))
            .filter(cart_item::Column::UserId.eq(user_id))
            .exec(&self.db)
            .await?;
        if r.rows_affected == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    pub async fn cart_remove(&self, user_id: i64, line_id: i64) -> StoreResult<()> {
        let _w = self.write_guard().await;
        let r = cart_item::Entity::delete_many()
            .filter(cart_item::Column::Id.eq(line_id))
            .filter(cart_item::Column::UserId.eq(user_id))
            .exec(&self.db)
            .await?;
        if r.rows_affected == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    pub async fn addresses(&self, user_id: i64) -> StoreResult<Vec<AddressRecord>> {
        let rows = address::Entity::find()
            .filter(address::Column::UserId.eq(user_id))
            .filter(address::Column::Deleted.eq(false))
            .order_by_desc(address::Column::IsDefault)
            .order_by_desc(address::Column::Id)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(to_addr).collect())
    }

    pub async fn address(&self, user_id: i64, id: i64) -> StoreResult<AddressRecord> {
        address::Entity::find_by_id(id)
            .filter(address::Column::UserId.eq(user_id))
            .filter(address::Column::Deleted.eq(false))
            .one(&self.db)
            .await?
            .map(to_addr)
            .ok_or(StoreError::NotFound)
    }

    /// Adds an address (at most 20 per shopper: `Conflict("address_book_full")`). The first one, or
    /// one marked default, becomes the only default.
    pub async fn add_address(&self, user_id: i64, a: NewAddress, now: DateTime<Utc>) -> StoreResult<AddressRecord> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let n = address::Entity::find()
            .filter(address::Column::UserId.eq(user_id))
            .filter(address::Column::Deleted.eq(false))
            .count(&txn)
            .await?;
        if n >= 20 {
            return Err(StoreError::Conflict("address_book_full".into()));
        }
        let make_default = a.is_default || n == 0;
        if make_default {
            address::Entity::update_many()
                .col_expr(address::Column::IsDefault, Expr::value(false))
                .filter(address::Column::UserId.eq(user_id))
                .exec(&txn)
                .await?;
        }
        let m = address::ActiveModel {
            user_id: Set(user_id),
            name: Set(a.name),
            phone_enc: Set(a.phone_enc),
            province: Set(a.province),
            city: Set(a.city),
            district: Set(a.district),
            detail: Set(a.detail),
            is_default: Set(make_default),
            deleted: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(to_addr(m))
    }

    pub async fn update_address(&self, user_id: i64, id: i64, a: NewAddress, now: DateTime<Utc>) -> StoreResult<AddressRecord> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        address::Entity::find_by_id(id)
            .filter(address::Column::UserId.eq(user_id))
            .filter(address::Column::Deleted.eq(false))
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        if a.is_default {
            address::Entity::update_many()
                .col_expr(address::Column::IsDefault, Expr::value(false))
                .filter(address::Column::UserId.eq(user_id))
                .exec(&txn)
                .await?;
        }
        let mut q = address::Entity::update_many()
            .col_expr(address::Column::Name, Expr::value(a.name))
            .col_expr(address::Column::PhoneEnc, Expr::value(a.phone_enc))
            .col_expr(address::Column::Province, Expr::value(a.province))
            .col_expr(address::Column::City, Expr::value(a.city))
            .col_expr(address::Column::District, Expr::value(a.district))
            .col_expr(address::Column::Detail, Expr::value(a.detail))
            .col_expr(address::Column::UpdatedAt, Expr::value(now));
        if a.is_default {
            q = q.col_expr(address::Column::IsDefault, Expr::value(true));
        }
        q.filter(address::Column::Id.eq(id)).exec(&txn).await?;
        let m = address::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        txn.commit().await?;
        Ok(to_addr(m))
    }

    /// Removes an address (kept as a soft-deleted row: old orders carry their own snapshot). When the
    /// default goes, the newest remaining address becomes the default.
    pub async fn delete_address(&self, user_id: i64, id: i64, now: DateTime<Utc>) -> StoreResult<()> {
        let _w = self.write_guard().await;
        let txn = self.db.begin().await?;
        let r = address::Entity::update_many()
            .col_expr(address::Column::Deleted, Expr::value(true))
            .col_expr(address::Column::IsDefault, Expr::value(false))
            .col_expr(address::Column::UpdatedAt, Expr::value(now))
            .filter(address::Column::Id.eq(id))
            .filter(address::Column::UserId.eq(user_id))
            .filter(address::Column::Deleted.eq(false))
            .exec(&txn)
            .await?;
        if r.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        let has_default = address::Entity::find()
            .filter(address::Column::UserId.eq(user_id))
            .filter(address::Column::Deleted.eq(false))
            .filter(address::Column::IsDefault.eq(true))
            .count(&txn)
            .await?
            > 0;
        if !has_default {
            if let Some(newest) = address::Entity::find()
                .filter(address::Column::UserId.eq(user_id))
                .filter(address::Column::Deleted.eq(false))
                .order_by_desc(address::Column::Id)
                .one(&txn)
                .await?
            {
                address::Entity::update_many()
                    .col_expr(address::Column::IsDefault, Expr::value(true))
                    .filter(address::Column::Id.eq(newest.id))
                    .exec(&txn)
                    .await?;
            }
        }
        txn.commit().await?;
        Ok(())
    }
}

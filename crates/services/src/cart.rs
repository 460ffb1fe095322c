//! Cart and address book.

use crate::{ServiceError, ServiceResult, Services};
use fenxiao_domain::ValidationError;
use fenxiao_domain::pricing::MAX_QUANTITY;
use fenxiao_domain::user::{Phone, mask_phone};
use fenxiao_domain::validation::text;
use fenxiao_store::{AddressRecord, CartLine, NewAddress, SkuForSale, StoreError};
use serde::{Deserialize, Serialize};

/// A cart line as the shopper sees it: what it is, what it costs them now, whether it can be bought.
#[derive(Debug, Clone, Serialize)]
pub struct CartLineView {
    pub id: i64,
    pub sku_id: i64,
    pub product_id: i64,
    pub product_name: String,
    pub image: String,
    pub specs: std::collections::BTreeMap<String, String>,
    pub unit_price: i64,
    pub quantity: i64,
    pub stock: i64,
    /// On shelf, SKU active, and enough stock for the quantity.
    pub available: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AddressInput {
    pub name: String,
    pub phone: String,
    pub province: String,
    pub city: String,
    pub district: String,
    pub detail: String,
    #[serde(default)]
    pub is_default: bool,
}

/// An address with the phone decrypted only as far as the screen needs (masked).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AddressView {
    pub id: i64,
    pub name: String,
    pub phone: String,
    pub province: String,
    pub city: String,
    pub district: String,
    pub detail: String,
    pub is_default: bool,
}

pub fn check_quantity(field: &str, q: i64) -> Result<(), ValidationError> {
    if (1..=MAX_QUANTITY).contains(&q) { Ok(()) } else { Err(ValidationError::field(field, "out_of_range")) }
}

/// The price a shopper pays per unit: the distributor price for distributors, when the SKU has one.
pub fn unit_price_for(s: &SkuForSale, is_distributor: bool) -> i64 {
    match (is_distributor, s.sku.distributor_price) {
        (true, Some(d)) => d,
        _ => s.sku.price,
    }
}

impl AddressInput {
    pub fn validate(&self) -> Result<(String, Phone, String, String, String, String), ValidationError> {
        let mut e = ValidationError::default();
        let mut grab = |f: &str, v: &str, max: usize| match text(f, v, max, true) {
            Ok(v) => v,
            Err(x) => {
                e.errors.extend(x.errors);
                String::new()
            }
        };
        let name = grab("name", &self.name, 32);
        let province = grab("province", &self.province, 32);
        let city = grab("city", &self.city, 32);
        let district = grab("district", &self.district, 32);
        let detail = grab("detail", &self.detail, 128);
        let phone = match Phone::parse(&self.phone) {
            Ok(p) => Some(p),
            Err(x) => {
                e.errors.extend(x.errors);
                None
            }
        };
        e.into_result()?;
        Ok((name, phone.expect("validated"), province, city, district, detail))
    }
}

impl Services {
    pub(crate) fn address_view(&self, a: &AddressRecord) -> AddressView {
        AddressView {
            id: a.id,
            name: a.name.clone(),
            phone: self.cipher.decrypt(&a.phone_enc).map(|p| mask_phone(&p)).unwrap_or_default(),
            province: a.province.clone(),
            city: a.city.clone(),
            district: a.district.clone(),
            detail: a.detail.clone(),
            is_default: a.is_default,
        }
    }

    pub async fn cart(&self, user_id: i64) -> ServiceResult<Vec<CartLineView>> {
        let lines = self.store.cart_lines(user_id).await?;
        let ids: Vec<i64> = lines.iter().map(|l| l.sku_id).collect();
        let skus = self.store.skus_for_sale(&ids).await?;
        let is_dist = self.store.get_user(user_id).await?.is_distributor;
        Ok(lines.iter().filter_map(|l| view_line(l, skus.iter().find(|s| s.sku.id == l.sku_id)?, is_dist)).collect())
    }

    pub async fn cart_add(&self, user_id: i64, sku_id: i64, quantity: i64) -> ServiceResult<Vec<CartLineView>> {
        check_quantity("quantity", quantity)?;
        let skus = self.store.skus_for_sale(&[sku_id]).await?;
        let s = skus.first().filter(|s| s.sku.active && s.on_shelf).ok_or_else(|| ValidationError::field("sku_id", "unavailable"))?;
        self.store.cart_add(user_id, s.sku.id, quantity, MAX_QUANTITY, self.clock.now()).await.map_err(|e| match e {
            StoreError::Conflict(m) if m == "quantity_limit" => ValidationError::field("quantity", "out_of_range").into(),
            StoreError::Conflict(m) if m == "cart_full" => ServiceError::Conflict { code: "cart_full", detail: m },
            e => e.into(),
        })?;
        self.cart(user_id).await
    }

    pub async fn cart_set_quantity(&self, user_id: i64, line_id: i64, quantity: i64) -> ServiceResult<Vec<CartLineView>> {
        check_quantity("quantity", quantity)?;
        self.store.cart_set_quantity(user_id, line_id, quantity, self.clock.now()).await?;
        self.cart(user_id).await
    }

    pub async fn cart_remove(&self, user_id: i64, line_id: i64) -> ServiceResult<()> {
        Ok(self.store.cart_remove(user_id, line_id).await?)
    }

    pub async fn addresses(&self, user_id: i64) -> ServiceResult<Vec<AddressView>> {
        Ok(self.store.addresses(user_id).await?.iter().map(|a| self.address_view(a)).collect())
    }

    fn new_address(&self, input: &AddressInput) -> Result<NewAddress, ValidationError> {
        let (name, phone, province, city, district, detail) = input.validate()?;
        Ok(NewAddress {
            name,
            phone_enc: self.cipher.encrypt(phone.as_str()),
            province,
            city,
            district,
            detail,
            is_default: input.is_default,
        })
    }

    pub async fn add_address(&self, user_id: i64, input: AddressInput) -> ServiceResult<AddressView> {
        let a = self.new_address(&input)?;
        let r = self.store.add_address(user_id, a, self.clock.now()).await.map_err(|e| match e {
            StoreError::Conflict(m) => ServiceError::Conflict { code: "address_book_full", detail: m },
            e => e.into(),
        })?;
        Ok(self.address_view(&r))
    }

    pub async fn update_address(&self, user_id: i64, id: i64, input: AddressInput) -> ServiceResult<AddressView> {
        let a = self.new_address(&input)?;
        Ok(self.address_view(&self.store.update_address(user_id, id, a, self.clock.now()).await?))
    }

    pub async fn delete_address(&self, user_id: i64, id: i64) -> ServiceResult<()> {
        Ok(self.store.delete_address(user_id, id, self.clock.now()).await?)
    }
}

fn view_line(l: &CartLine, s: &SkuForSale, is_dist: bool) -> Option<CartLineView> {
    Some(CartLineView {
        id: l.id,
        sku_id: l.sku_id,
        product_id: s.product_id,
        product_name: s.product_name.clone(),
        image: s.product_image.clone(),
        specs: s.sku.specs.clone(),
        unit_price: unit_price_for(s, is_dist),
        quantity: l.quantity,
        stock: s.sku.stock,
        available: s.on_shelf && s.sku.active && s.sku.stock >= l.quantity,
    })
}

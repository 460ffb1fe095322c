//! Checkout and the order life cycle: quote, place (stock reserved atomically), cancel, ship,
//! confirm receipt, after-sale requests and their review, order settings.

use crate::admins::Actor;
use crate::cart::{AddressInput, AddressView, check_quantity, unit_price_for};
use crate::catalog::audit_entry;
use crate::{ServiceError, ServiceResult, Services};
use chrono::Duration;
use fenxiao_domain::ValidationError;
use fenxiao_domain::auth::Role;
use fenxiao_domain::freight::FreightRule;
use fenxiao_domain::order::{AfterSaleKind, AfterSaleStatus, OrderEvent, OrderStatus, next_status};
use fenxiao_domain::pricing::{LineInput, PricedOrder, PricingError, price_order};
use fenxiao_domain::validation::text;
use fenxiao_store::{
    Actor as StoreActor, AfterSaleRecord, NewOrder, NewOrderLine, OrderEventRecord, OrderQuery, OrderRecord, SkuForSale, StoreError,
    Transition,
};
use rand::Rng;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};

pub const MAX_ORDER_LINES: usize = 50;

/// Order settings an operator can change (`GET/PUT /api/v1/admin/settings/orders`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct OrderSettings {
    /// Unpaid orders are cancelled (and their stock released) after this many minutes.
    pub payment_timeout_minutes: i64,
    /// Shipped orders are marked received this many days after shipping.
    pub auto_confirm_days: i64,
}

impl Default for OrderSettings {
    fn default() -> Self {
        Self { payment_timeout_minutes: 30, auto_confirm_days: 7 }
    }
}

impl OrderSettings {
    pub fn validate(&self) -> Result<(), ValidationError> {
        let mut e = ValidationError::default();
        if !(1..=10_080).contains(&self.payment_timeout_minutes) {
            e.push("payment_timeout_minutes", "out_of_range");
        }
        if !(1..=60).contains(&self.auto_confirm_days) {
            e.push("auto_confirm_days", "out_of_range");
        }
        e.into_result()
    }
}

const ORDER_SETTINGS_KEY: &str = "orders";

#[derive(Debug, Clone)]
pub struct CheckoutRequest {
    pub items: Option<Vec<(i64, i64)>>,
    pub from_cart: bool,
    pub address_id: Option<i64>,
    pub address: Option<AddressInput>,
    pub note: String,
    pub marketing: crate::marketing::MarketingAsk,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ShippingAddress {
    pub name: String,
    pub phone_enc: String,
    pub province: String,
    pub city: String,
    pub district: String,
    pub detail: String,
}

/// What checkout shows before placing: priced lines, discounts, shipping, total.
#[derive(Debug, Clone)]
pub struct Quote {
    pub priced: PricedOrder,
    pub skus: Vec<SkuForSale>,
    pub buyer_is_distributor: bool,
    /// The shopper's usable coupons as they apply here, and the best of them.
    pub coupons: Vec<crate::marketing::CouponOption>,
    pub best_user_coupon_id: Option<i64>,
    pub points_balance: i64,
    /// The most points this order may use.
    pub points_max: i64,
    pub activity: Option<crate::marketing::ActivityQuote>,
}

/// An order with its history, for the shopper or staff.
pub struct OrderDetail {
    pub order: OrderRecord,
    pub address: AddressView,
    pub events: Vec<OrderEventRecord>,
    pub after_sales: Vec<AfterSaleRecord>,
    pub commissions: Vec<fenxiao_store::CommissionRecord>,
    pub payments: Vec<fenxiao_store::PaymentRecord>,
}

fn pricing_error(e: PricingError) -> ServiceError {
    match e {
        PricingError::BadQuantity => ValidationError::field("quantity", "out_of_range").into(),
        PricingError::Empty => ValidationError::field("items", "required").into(),
        other => ServiceError::Internal(other.to_string()),
    }
}

fn new_order_no(now: chrono::DateTime<chrono::Utc>) -> String {
    format!("FX{}{:08}", now.format("%Y%m%d%H%M%S"), rand::rng().random_range(0..100_000_000))
}

impl Services {
    pub async fn order_settings(&self) -> ServiceResult<OrderSettings> {
        Ok(self.store.get_setting(ORDER_SETTINGS_KEY).await?.and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default())
    }

    pub async fn put_order_settings(&self, actor: &Actor, s: OrderSettings) -> ServiceResult<OrderSettings> {
        actor.require(&[Role::Operator])?;
        s.validate()?;
        let v = serde_json::to_string(&s).map_err(|e| ServiceError::Internal(e.to_string()))?;
        let audit = audit_entry(self, actor, "settings.orders", "settings", Some("orders".into()), json!(s));
        self.store.put_setting(ORDER_SETTINGS_KEY, &v, &audit).await?;
        Ok(s)
    }

    /// Prices what the shopper would buy: distributor prices for distributors, then the pipeline,
    /// with shipping per freight template (the product's, else the shop default; no template = free).
    pub async fn quote(
        &self,
        user_id: i64,
        items: &[(i64, i64)],
        province: &str,
        ask: &crate::marketing::MarketingAsk,
    ) -> ServiceResult<Quote> {
        if items.is_empty() {
            return Err(ValidationError::field("items", "required").into());
        }
        if items.len() > MAX_ORDER_LINES {
            return Err(ValidationError::field("items", "too_long").into());
        }
        for (i, (_, q)) in items.iter().enumerate() {
            check_quantity(&format!("items[{i}].quantity"), *q)?;
        }
        if ask.points < 0 {
            return Err(ValidationError::field("points", "out_of_range").into());
        }
        let ids: Vec<i64> = items.iter().map(|(s, _)| *s).collect();
        let skus = self.store.skus_for_sale(&ids).await?;
        let mut e = ValidationError::default();
        let mut ordered = Vec::with_capacity(items.len());
        for (i, (sku_id, _)) in items.iter().enumerate() {
            match skus.iter().find(|s| s.sku.id == *sku_id) {
                Some(s) if s.sku.active && s.on_shelf => ordered.push(s.clone()),
                _ => e.push(format!("items[{i}].sku_id"), "unavailable"),
            }
        }
        e.into_result()?;
        let buyer = self.store.get_user(user_id).await?;
        // 1. activity price
        let activity = self.checkout_activity(user_id, ask, items).await?;
        let mut lines: Vec<LineInput> = items
            .iter()
            .zip(&ordered)
            .map(|((_, q), s)| LineInput {
                sku_id: s.sku.id,
                quantity: *q,
                unit_price: unit_price_for(s, buyer.is_distributor),
                activity_unit_price: activity.as_ref().map(|a| a.unit_price),
                weight_g: s.sku.weight_g,
                coupon_eligible: false,
            })
            .collect();
        let after_activity = price_order(&lines, 0, 0, |_, _| 0).map_err(pricing_error)?;
        // 2. coupon
        let coupon_lines: Vec<(i64, i64, i64)> =
            after_activity.lines.iter().zip(&ordered).map(|(p, s)| (s.product_id, s.category_id, p.paid_amount)).collect();
        let (coupons, best, coupon, eligible) = self.checkout_coupons(user_id, &coupon_lines, ask.user_coupon_id).await?;
        for (l, el) in lines.iter_mut().zip(eligible) {
            l.coupon_eligible = el;
        }
        // 3. points, capped by the balance and the share of what the goods still cost
        let settings = self.marketing_settings().await?;
        let points_balance = self.store.points_balance(user_id).await?;
        let with_coupon = price_order(&lines, coupon, 0, |_, _| 0).map_err(pricing_error)?;
        let goods_after_coupon = with_coupon.lines.iter().map(|l| l.paid_amount).sum::<i64>();
        let points_max = settings.max_points(points_balance, goods_after_coupon);
        if ask.points > 0 {
            if ask.points > points_balance {
                return Err(ServiceError::Conflict { code: "insufficient_points", detail: format!("{} > {points_balance}", ask.points) });
            }
            if ask.points > points_max {
                return Err(ServiceError::Unprocessable("points_above_cap"));
            }
        }
        // 4. shipping: per freight template group, on the discounted amounts; price once without
        // shipping to learn those, then again with the fee so it is allocated to lines.
        let draft = price_order(&lines, coupon, ask.points, |_, _| 0).map_err(pricing_error)?;
        let templates = self.store.freight_templates().await?;
        let default_rule = templates.iter().find(|t| t.is_default).map(|t| t.rule.clone());
        let mut groups: HashMap<Option<i64>, (i64, i64)> = HashMap::new();
        for (pl, s) in draft.lines.iter().zip(&ordered) {
            let g = groups.entry(s.freight_template_id).or_default();
            g.0 += pl.paid_amount;
            g.1 += s.sku.weight_g * pl.quantity;
        }
        let mut fee = 0i64;
        for (tpl, (amount, weight)) in groups {
            let rule: Option<FreightRule> = match tpl {
                Some(id) => templates.iter().find(|t| t.id == id).map(|t| t.rule.clone()).or_else(|| default_rule.clone()),
                None => default_rule.clone(),
            };
            if let Some(r) = rule {
                fee += r.fee(amount, weight, province);
            }
        }
        let priced = price_order(&lines, coupon, ask.points, |_, _| fee).map_err(pricing_error)?;
        Ok(Quote {
            priced,
            skus: ordered,
            buyer_is_distributor: buyer.is_distributor,
            coupons,
            best_user_coupon_id: best,
            points_balance,
            points_max,
            activity,
        })
    }

    /// The ancestors who may earn on this buyer's orders, nearest first, snapshotted on the order.
    /// One row read: the tree stores each member's three ancestors.
    async fn upline_of(&self, user_id: i64) -> ServiceResult<[Option<i64>; 3]> {
        Ok(self.store.member(user_id).await?.ancestors())
    }

    async fn resolve_address(&self, user_id: i64, req: &CheckoutRequest) -> ServiceResult<ShippingAddress> {
        match (&req.address_id, &req.address) {
            (Some(id), None) => {
                let a = self.store.address(user_id, *id).await.map_err(|e| match e {
                    StoreError::NotFound => ServiceError::Validation(ValidationError::field("address_id", "not_found")),
                    e => e.into(),
                })?;
                Ok(ShippingAddress {
                    name: a.name,
                    phone_enc: a.phone_enc,
                    province: a.province,
                    city: a.city,
                    district: a.district,
                    detail: a.detail,
                })
            }
            (None, Some(input)) => {
                let (name, phone, province, city, district, detail) = input.validate()?;
                Ok(ShippingAddress { name, phone_enc: self.cipher.encrypt(phone.as_str()), province, city, district, detail })
            }
            (None, None) => {
                // The default address, when the shopper has one.
                let book = self.store.addresses(user_id).await?;
                let a = book.into_iter().find(|a| a.is_default).ok_or_else(|| ValidationError::field("address", "required"))?;
                Ok(ShippingAddress {
                    name: a.name,
                    phone_enc: a.phone_enc,
                    province: a.province,
                    city: a.city,
                    district: a.district,
                    detail: a.detail,
                })
            }
            (Some(_), Some(_)) => Err(ValidationError::field("address", "address_or_address_id").into()),
        }
    }

    async fn checkout_items(&self, user_id: i64, req: &CheckoutRequest) -> ServiceResult<Vec<(i64, i64)>> {
        let raw: Vec<(i64, i64)> = match (&req.items, req.from_cart) {
            (Some(items), false) => items.clone(),
            (None, true) => self.store.cart_lines(user_id).await?.into_iter().map(|l| (l.sku_id, l.quantity)).collect(),
            (Some(_), true) => return Err(ValidationError::field("items", "items_or_from_cart").into()),
            (None, false) => return Err(ValidationError::field("items", "required").into()),
        };
        if raw.is_empty() {
            return Err(ValidationError::field(if req.from_cart { "from_cart" } else { "items" }, "empty").into());
        }
        for (i, (_, q)) in raw.iter().enumerate() {
            check_quantity(&format!("items[{i}].quantity"), *q)?;
        }
        // The same SKU twice is one line.
        let mut merged: Vec<(i64, i64)> = Vec::new();
        for (s, q) in raw {
            match merged.iter_mut().find(|(x, _)| *x == s) {
                Some(m) => m.1 += q,
                None => merged.push((s, q)),
            }
        }
        Ok(merged)
    }

    pub async fn quote_checkout(&self, user_id: i64, req: &CheckoutRequest) -> ServiceResult<(Quote, ShippingAddress)> {
        let items = self.checkout_items(user_id, req).await?;
        let address = self.resolve_address(user_id, req).await?;
        let quote = self.quote(user_id, &items, &address.province, &req.marketing).await?;
        Ok((quote, address))
    }

    pub async fn place_order(&self, user_id: i64, req: CheckoutRequest) -> ServiceResult<OrderRecord> {
        let note = text("note", &req.note, 200, false)?;
        // A flash-sale burst is answered before any pricing work: the Redis gate takes the units
        // (given back below if anything then fails), or without Redis one read refuses a sold-out sale.
        let ticket = self.flash_precheck(user_id, &req).await?;
        let placed = self.place_order_checked(user_id, req, note).await;
        if let (Err(_), Some(t)) = (&placed, &ticket) {
            self.flash_gate_give_back(t.sale, t.user, t.quantity).await;
        }
        placed
    }

    async fn place_order_checked(&self, user_id: i64, req: CheckoutRequest, note: String) -> ServiceResult<OrderRecord> {
        let (quote, address) = self.quote_checkout(user_id, &req).await?;
        let now = self.clock.now();
        let settings = self.order_settings().await?;
        let upline = self.upline_of(user_id).await?;
        let lines = quote
            .priced
            .lines
            .iter()
            .zip(&quote.skus)
            .map(|(p, s)| NewOrderLine {
                product_id: s.product_id,
                sku_id: s.sku.id,
                product_name: s.product_name.clone(),
                sku_specs: serde_json::to_string(&s.sku.specs).unwrap_or_else(|_| "{}".into()),
                image: s.product_image.clone(),
                unit_price: p.unit_price,
                quantity: p.quantity,
                list_amount: p.list_amount,
                activity_discount: p.activity_discount,
                coupon_discount: p.coupon_discount,
                points_discount: p.points_discount,
                paid_amount: p.paid_amount,
                shipping_share: p.shipping_share,
            })
            .collect();
        let new = NewOrder {
            order_no: new_order_no(now),
            user_id,
            goods_amount: quote.priced.goods_amount,
            activity_discount: quote.priced.activity_discount,
            coupon_discount: quote.priced.coupon_discount,
            points_discount: quote.priced.points_discount,
            shipping_fee: quote.priced.shipping,
            total: quote.priced.total,
            address_json: serde_json::to_string(&address).map_err(|e| ServiceError::Internal(e.to_string()))?,
            upline,
            buyer_is_distributor: quote.buyer_is_distributor,
            note,
            pay_deadline: match quote.activity.as_ref().and_then(|a| a.pay_by) {
                Some(by) => by.min(now + Duration::minutes(settings.payment_timeout_minutes)),
                None => now + Duration::minutes(settings.payment_timeout_minutes),
            },
            distribution_version: Some(self.store.distribution_settings().await?.0),
            lines,
            remove_cart_skus: if req.from_cart { quote.skus.iter().map(|s| s.sku.id).collect() } else { Vec::new() },
            marketing: fenxiao_store::OrderMarketing {
                user_coupon_id: req.marketing.user_coupon_id,
                points: quote.priced.points_discount,
                activity: quote.activity.as_ref().map(|a| a.take.clone()),
                pays_commission: quote.activity.as_ref().is_none_or(|a| a.pays_commission),
            },
        };
        self.place_order_rows(new, now).await
    }

    async fn place_order_rows(&self, new: NewOrder, now: chrono::DateTime<chrono::Utc>) -> ServiceResult<OrderRecord> {
        // An order number collision (two orders in the same second drawing the same random part) rolls
        // the whole placement back; draw again.
        let mut new = new;
        for attempt in 1.. {
            match self.store.place_order(new.clone(), now).await {
                Ok(o) => return Ok(o),
                Err(StoreError::Conflict(m)) if m.starts_with("out_of_stock") => {
                    return Err(ServiceError::Conflict { code: "out_of_stock", detail: m });
                }
                Err(StoreError::Conflict(m)) if crate::marketing::marketing_conflict(&m).is_some() => {
                    return Err(crate::marketing::marketing_conflict(&m).expect("checked"));
                }
                Err(StoreError::Conflict(m)) if attempt < 5 => {
                    tracing::warn!(conflict = %m, "order number collision; retrying");
                    new.order_no = new_order_no(now);
                }
                Err(e) => return Err(e.into()),
            }
        }
        unreachable!("the loop returns")
    }

    pub fn shipping_address_view(&self, o: &OrderRecord) -> AddressView {
        let a: Option<ShippingAddress> = serde_json::from_str(&o.address_json).ok();
        match a {
            Some(a) => AddressView {
                id: 0,
                phone: self.cipher.decrypt(&a.phone_enc).map(|p| fenxiao_domain::user::mask_phone(&p)).unwrap_or_default(),
                name: a.name,
                province: a.province,
                city: a.city,
                district: a.district,
                detail: a.detail,
                is_default: false,
            },
            None => AddressView {
                id: 0,
                name: String::new(),
                phone: String::new(),
                province: String::new(),
                city: String::new(),
                district: String::new(),
                detail: String::new(),
                is_default: false,
            },
        }
    }

    async fn detail(&self, order: OrderRecord) -> ServiceResult<OrderDetail> {
        let events = self.store.order_events(order.id).await?;
        let (after_sales, _) = self.store.list_after_sales(Some(order.id), None, 1, 100).await?;
        let commissions = self.store.order_commissions(order.id).await?;
        let payments = self.store.payments_of_order(order.id).await?;
        Ok(OrderDetail { address: self.shipping_address_view(&order), order, events, after_sales, commissions, payments })
    }

    /// The shopper's own order; another shopper's is simply not found.
    pub async fn my_order(&self, user_id: i64, id: i64) -> ServiceResult<OrderDetail> {
        let o = self.store.get_order(id).await?;
        if o.user_id != user_id {
            return Err(ServiceError::NotFound);
        }
        self.detail(o).await
    }

    pub async fn my_orders(
        &self,
        user_id: i64,
        status: Option<OrderStatus>,
        page: u64,
        page_size: u64,
    ) -> ServiceResult<(Vec<OrderRecord>, u64)> {
        Ok(self.store.list_orders(&OrderQuery { user_id: Some(user_id), status, order_no: None, page, page_size }).await?)
    }

    pub async fn admin_orders(&self, actor: &Actor, q: OrderQuery) -> ServiceResult<(Vec<OrderRecord>, u64)> {
        actor.require(&[Role::Operator, Role::Support, Role::Finance])?;
        Ok(self.store.list_orders(&q).await?)
    }

    pub async fn admin_order(&self, actor: &Actor, id: i64) -> ServiceResult<OrderDetail> {
        actor.require(&[Role::Operator, Role::Support, Role::Finance])?;
        let o = self.store.get_order(id).await?;
        self.detail(o).await
    }

    fn transition_error(e: StoreError) -> ServiceError {
        match e {
            StoreError::Conflict(m) if m == "invalid_transition" => ServiceError::Conflict { code: "invalid_transition", detail: m },
            e => e.into(),
        }
    }

    pub async fn cancel_my_order(&self, user_id: i64, id: i64, reason: &str) -> ServiceResult<OrderDetail> {
        let reason = text("reason", reason, 200, false)?;
        let o = self.store.get_order(id).await?;
        if o.user_id != user_id {
            return Err(ServiceError::NotFound);
        }
        next_status(o.status, OrderEvent::Cancel)
            .map_err(|_| ServiceError::Conflict { code: "invalid_transition", detail: o.status.to_string() })?;
        let reason = if reason.is_empty() { "cancelled by shopper".to_string() } else { reason };
        let back = self
            .store
            .cancel_order(id, StoreActor { kind: "shopper", id: Some(user_id) }, &reason, self.clock.now(), None)
            .await
            .map_err(Self::transition_error)?;
        self.after_cancel(id, back).await;
        self.my_order(user_id, id).await
    }

    pub async fn admin_cancel_order(&self, actor: &Actor, id: i64, reason: &str) -> ServiceResult<OrderDetail> {
        actor.require(&[Role::Operator, Role::Support])?;
        let reason = text("reason", reason, 200, true)?;
        let audit = audit_entry(self, actor, "order.cancel", "order", Some(id.to_string()), json!({"reason": reason}));
        let back = self
            .store
            .cancel_order(id, StoreActor { kind: "admin", id: Some(actor.admin_id) }, &reason, self.clock.now(), Some(&audit))
            .await
            .map_err(Self::transition_error)?;
        self.after_cancel(id, back).await;
        self.admin_order(actor, id).await
    }

    /// After a cancellation committed: close the channel trade, give flash units back to Redis.
    pub(crate) async fn after_cancel(&self, id: i64, back: Option<fenxiao_store::FlashGiveBack>) {
        self.close_channel_payments(id).await;
        if let Some(b) = back {
            self.flash_gate_give_back(b.flash_sale_id, b.user_id, b.quantity).await;
        }
    }

    pub async fn confirm_receipt(&self, user_id: i64, id: i64) -> ServiceResult<OrderDetail> {
        let o = self.store.get_order(id).await?;
        if o.user_id != user_id {
            return Err(ServiceError::NotFound);
        }
        self.store
            .transition_order(
                id,
                Transition::new(
                    OrderStatus::Shipped,
                    OrderStatus::Received,
                    "confirm_receipt",
                    StoreActor { kind: "shopper", id: Some(user_id) },
                ),
                self.clock.now(),
                None,
            )
            .await
            .map_err(Self::transition_error)?;
        self.my_order(user_id, id).await
    }

    pub async fn ship_order(&self, actor: &Actor, id: i64, carrier: &str, tracking_no: &str) -> ServiceResult<OrderDetail> {
        actor.require(&[Role::Operator, Role::Support])?;
        let mut e = ValidationError::default();
        let carrier = text("carrier", carrier, 64, true).unwrap_or_else(|x| {
            e.errors.extend(x.errors);
            String::new()
        });
        let tracking = text("tracking_no", tracking_no, 64, true).unwrap_or_else(|x| {
            e.errors.extend(x.errors);
            String::new()
        });
        if !tracking.is_empty() && !tracking.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            e.push("tracking_no", "invalid_format");
        }
        e.into_result()?;
        // A group-buy order ships only once its group has succeeded.
        if let Some(st) = self.store.order_group_status(id).await?
            && st != "succeeded"
        {
            return Err(ServiceError::Conflict { code: "group_not_complete", detail: st });
        }
        let audit =
            audit_entry(self, actor, "order.ship", "order", Some(id.to_string()), json!({"carrier": carrier, "tracking_no": tracking}));
        self.store
            .transition_order(
                id,
                Transition {
                    carrier: Some(carrier),
                    tracking_no: Some(tracking),
                    ..Transition::new(
                        OrderStatus::Paid,
                        OrderStatus::Shipped,
                        "ship",
                        StoreActor { kind: "admin", id: Some(actor.admin_id) },
                    )
                },
                self.clock.now(),
                Some(&audit),
            )
            .await
            .map_err(Self::transition_error)?;
        self.admin_order(actor, id).await
    }

    /// Opens an after-sale request for the given lines (`None`: everything not yet claimed).
    pub async fn request_after_sale(
        &self,
        user_id: i64,
        order_id: i64,
        kind: &str,
        reason: &str,
        lines: Option<Vec<(i64, i64)>>,
    ) -> ServiceResult<AfterSaleRecord> {
        let mut e = ValidationError::default();
        let kind = AfterSaleKind::parse(kind).unwrap_or_else(|| {
            e.push("kind", "invalid_value");
            AfterSaleKind::RefundOnly
        });
        let reason = text("reason", reason, 200, true).unwrap_or_else(|x| {
            e.errors.extend(x.errors);
            String::new()
        });
        if let Some(ls) = &lines {
            if ls.is_empty() || ls.len() > MAX_ORDER_LINES {
                e.push("lines", "out_of_range");
            }
            for (i, (_, q)) in ls.iter().enumerate() {
                if check_quantity(&format!("lines[{i}].quantity"), *q).is_err() {
                    e.push(format!("lines[{i}].quantity"), "out_of_range");
                }
            }
        }
        e.into_result()?;
        let o = self.store.get_order(order_id).await?;
        if o.user_id != user_id {
            return Err(ServiceError::NotFound);
        }
        let wanted: Vec<(i64, i64)> = match lines {
            Some(ls) => ls,
            None => o.lines.iter().map(|l| (l.id, l.quantity - l.refunded_quantity)).filter(|(_, q)| *q > 0).collect(),
        };
        self.store.create_after_sale(order_id, user_id, kind, &reason, &wanted, self.clock.now()).await.map_err(|e| match e {
            StoreError::Conflict(m) if m == "invalid_transition" => ServiceError::Conflict { code: "invalid_transition", detail: m },
            StoreError::Conflict(m) if m == "unknown_line" => ValidationError::field("lines", "unknown_line").into(),
            StoreError::Conflict(m) => ServiceError::Conflict { code: "quantity_exceeds_refundable", detail: m },
            e => e.into(),
        })
    }

    pub async fn admin_after_sales(
        &self,
        actor: &Actor,
        status: Option<AfterSaleStatus>,
        page: u64,
        page_size: u64,
    ) -> ServiceResult<(Vec<AfterSaleRecord>, u64)> {
        actor.require(&[Role::Operator, Role::Support, Role::Finance])?;
        Ok(self.store.list_after_sales(None, status, page, page_size).await?)
    }

    pub async fn decide_after_sale(&self, actor: &Actor, id: i64, approve: bool, reason: &str) -> ServiceResult<AfterSaleRecord> {
        actor.require(&[Role::Operator, Role::Support])?;
        let reason = text("reason", reason, 200, !approve)?;
        let action = if approve { "after_sale.approve" } else { "after_sale.reject" };
        let audit = audit_entry(self, actor, action, "after_sale", Some(id.to_string()), json!({"reason": reason}));
        let (_, refund) =
            self.store.decide_after_sale(id, approve, (!approve).then_some(reason.as_str()), &audit).await.map_err(|e| match e {
                StoreError::Conflict(m) if m == "refund_exceeds_paid" => ServiceError::Conflict { code: "refund_exceeds_paid", detail: m },
                e => Self::transition_error(e),
            })?;
        if let Some(r) = refund {
            let p = self.store.get_payment(r.payment_id).await?;
            self.submit_refund(&r, &p).await;
        }
        Ok(self.store.get_after_sale(id).await?)
    }

    /// Freight templates (staff).
    pub async fn freight_templates(&self, actor: &Actor) -> ServiceResult<Vec<fenxiao_store::FreightTemplate>> {
        actor.require(&[Role::Operator, Role::Support, Role::Finance])?;
        Ok(self.store.freight_templates().await?)
    }

    pub async fn save_freight_template(
        &self,
        actor: &Actor,
        id: Option<i64>,
        name: &str,
        rule: FreightRule,
        is_default: bool,
    ) -> ServiceResult<i64> {
        actor.require(&[Role::Operator])?;
        let name = text("name", name, 64, true)?;
        rule.validate()?;
        let audit =
            audit_entry(self, actor, "freight.save", "freight_template", id.map(|i| i.to_string()), json!({"name": name, "rule": rule}));
        Ok(self.store.save_freight_template(id, &name, &rule, is_default, Some(&audit), self.clock.now()).await?)
    }

    pub async fn delete_freight_template(&self, actor: &Actor, id: i64) -> ServiceResult<()> {
        actor.require(&[Role::Operator])?;
        let audit = audit_entry(self, actor, "freight.delete", "freight_template", Some(id.to_string()), json!({}));
        self.store.delete_freight_template(id, &audit).await.map_err(|e| match e {
            StoreError::Conflict(m) => ServiceError::Conflict { code: "template_in_use", detail: m },
            e => e.into(),
        })
    }
}

/// Spec map of a line snapshot.
pub fn specs_of(json: &str) -> BTreeMap<String, String> {
    serde_json::from_str(json).unwrap_or_default()
}

//! Problem titles and details in Simplified Chinese (default) and English.

use axum::http::HeaderMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// Picks the first supported language of `Accept-Language` by quality; zh-CN when none matches.
    pub fn from_headers(h: &HeaderMap) -> Lang {
        let Some(v) = h.get(axum::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()) else {
            return Lang::Zh;
        };
        let mut best: Option<(f32, Lang)> = None;
        for part in v.split(',') {
            let mut it = part.trim().split(';');
            let tag = it.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = it.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
            let lang = if tag.starts_with("en") {
                Some(Lang::En)
            } else if tag.starts_with("zh") {
                Some(Lang::Zh)
            } else {
                None
            };
            if let Some(l) = lang {
                if best.is_none_or(|(bq, _)| q > bq) {
                    best = Some((q, l));
                }
            }
        }
        best.map(|(_, l)| l).unwrap_or(Lang::Zh)
    }

    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
}

pub fn title_and_detail(code: &str, lang: Lang) -> (&'static str, &'static str) {
    let (zt, zd, et, ed) = match code {
        "validation_failed" => ("请求参数有误", "请检查提交的内容。", "Validation failed", "The request has invalid fields."),
        "unauthorized" => {
            ("未登录或登录已失效", "请重新登录。", "Unauthorized", "Log in again: the token is missing, expired, revoked or unknown.")
        }
        "forbidden" => ("无权访问", "当前账号无权执行此操作。", "Forbidden", "This account may not do that."),
        "not_found" => ("未找到", "请求的资源不存在。", "Not found", "The requested resource does not exist."),
        "method_not_allowed" => {
            ("不支持的请求方法", "该地址不支持此请求方法。", "Method not allowed", "This route does not accept that method.")
        }
        "payload_too_large" => ("请求体过大", "请求体超过了允许的大小。", "Payload too large", "The request body is larger than allowed."),
        "rate_limited" => ("请求过于频繁", "请稍后再试。", "Too many requests", "Slow down and retry after the time in Retry-After."),
        "username_taken" => ("用户名已存在", "请换一个用户名。", "Username taken", "Another staff account already uses that username."),
        "last_super_admin" => (
            "不能移除最后一位超级管理员",
            "商城必须至少保留一位启用的超级管理员。",
            "Last super admin",
            "The shop must keep at least one active super admin.",
        ),
        "conflict" => ("操作冲突", "该操作与当前状态冲突。", "Conflict", "The change conflicts with the current state."),
        "upstream_unavailable" => (
            "第三方服务暂不可用",
            "请稍后再试。",
            "Upstream unavailable",
            "An outside service (WeChat) did not answer properly; retry later.",
        ),
        "not_ready" => ("服务未就绪", "数据库或缓存不可用。", "Not ready", "The database or the cache is unreachable."),
        "out_of_stock" => ("库存不足", "所选商品库存不足。", "Out of stock", "Not enough stock for this item."),
        "invalid_transition" => {
            ("状态不允许此操作", "当前状态下不能执行该操作。", "Invalid transition", "That action is not allowed in the current state.")
        }
        "insufficient_balance" => ("余额不足", "账户余额不足。", "Insufficient balance", "The balance is too low."),
        "level_taken" => ("等级已存在", "已有相同级别的分销等级。", "Level taken", "Another grade has this level."),
        "grade_in_use" => ("等级使用中", "仍有分销员处于该等级。", "Grade in use", "Some distributors still hold this grade."),
        "already_applied" => ("已提交申请", "你的分销员申请正在审核中。", "Already applied", "Your application is waiting for review."),
        "already_distributor" => ("已是分销员", "你已经是分销员了。", "Already a distributor", "You are a distributor already."),
        "in_debt" => (
            "存在佣金欠款",
            "请先用后续佣金抵扣欠款后再提现。",
            "Commission debt",
            "Withdrawals wait until future commission has repaid your debt.",
        ),
        "refund_exceeds_paid" => (
            "退款超出实付",
            "退款金额超过该笔支付剩余可退金额。",
            "Refund exceeds payment",
            "The refund is more than what is left of the payment.",
        ),
        "payment_method_unavailable" => {
            ("支付方式不可用", "商城未开通该支付方式。", "Payment method unavailable", "This shop has not set up that payment method.")
        }
        "binding_not_allowed" => ("无法绑定推荐人", "不满足绑定规则。", "Binding not allowed", "The binding rules refuse this referrer."),
        "coupon_unusable" => ("优惠券不可用", "该优惠券不能用于本订单。", "Coupon unusable", "That coupon cannot be used on this order."),
        "coupon_not_claimable" => {
            ("优惠券不可领取", "该优惠券不在领取时间内或已停用。", "Coupon not claimable", "That coupon cannot be claimed now.")
        }
        "distributors_only" => ("仅限分销员", "该优惠券仅分销员可领取。", "Distributors only", "Only distributors can claim this coupon."),
        "insufficient_points" => ("积分不足", "积分余额不足。", "Insufficient points", "Your points balance is too low."),
        "points_above_cap" => ("积分超出上限", "本单可用积分超出上限。", "Points above cap", "More points than this order may use."),
        "already_checked_in" => {
            ("今日已签到", "今天已经签到过了，明天再来。", "Already checked in", "You have checked in today; come back tomorrow.")
        }
        "activity_not_running" => {
            ("活动未进行", "活动未开始或已结束。", "Activity not running", "The activity has not started or has ended.")
        }
        "activity_overlaps" => {
            ("活动时间冲突", "该规格已有时间重叠的活动。", "Activity overlaps", "Another activity on this SKU overlaps that time.")
        }
        "group_full" => ("拼团已满", "该团人数已满，可以自己开团。", "Group full", "That group is full; open a new one."),
        "group_closed" => ("拼团已结束", "该团已成团、失败或过期。", "Group closed", "That group has finished or expired."),
        "already_in_group" => ("已在团中", "你已经参加了这个团。", "Already in group", "You are already in this group."),
        "group_not_complete" => ("尚未成团", "拼团成功后才能发货。", "Group not complete", "The order ships once its group succeeds."),
        "group_size_locked" => {
            ("成团人数不可改", "已有拼团，不能修改成团人数。", "Group size locked", "Groups exist; the group size cannot change.")
        }
        "quantity_below_sold" => {
            ("数量低于已售", "活动数量不能少于已售数量。", "Quantity below sold", "The quantity cannot go below what was sold.")
        }
        "total_below_claimed" => {
            ("总量低于已领", "发行总量不能少于已领取数量。", "Total below claimed", "The total cannot go below what was claimed.")
        }
        "sold_out" => ("已抢光", "活动名额已满。", "Sold out", "Nothing left."),
        "limit_reached" => ("已达上限", "已达到每人限制。", "Limit reached", "The per-user limit is reached."),
        "tiers_exceed_limit" => ("分销层级超出限制", "分销层级最多三级。", "Tiers exceed limit", "At most three tiers are allowed."),
        "below_minimum" => ("低于最低金额", "金额低于最低要求。", "Below minimum", "The amount is below the minimum."),
        "cart_full" => ("购物车已满", "购物车最多 100 种商品。", "Cart full", "A cart holds at most 100 lines."),
        "address_book_full" => ("地址已满", "最多保存 20 个收货地址。", "Address book full", "At most 20 addresses can be saved."),
        "idempotency_in_progress" => (
            "请求处理中",
            "相同的请求正在处理，请稍后查看结果。",
            "Request in progress",
            "A request with this Idempotency-Key is still being processed.",
        ),
        "quantity_exceeds_refundable" => {
            ("超出可售后数量", "申请数量超过了可退的数量。", "Quantity exceeds refundable", "More units than are left to refund.")
        }
        "template_in_use" => ("运费模板使用中", "仍有商品使用该运费模板。", "Template in use", "Products still use this freight template."),
        "category_not_empty" => {
            ("分类不为空", "请先移走子分类和商品。", "Category not empty", "Move its subcategories and products first.")
        }
        "category_cycle" => {
            ("分类层级错误", "不能移动到自身或其子分类下。", "Category cycle", "A category cannot move under itself or its descendants.")
        }
        "stock_below_zero" => ("库存不能为负", "调整后库存将小于零。", "Stock below zero", "The adjustment would take stock below zero."),
        _ => (
            "服务器内部错误",
            "服务器开小差了，请稍后再试。",
            "Internal server error",
            "Something went wrong on our side; it has been logged.",
        ),
    };
    match lang {
        Lang::Zh => (zt, zd),
        Lang::En => (et, ed),
    }
}

pub fn reason_text(reason: &str, lang: Lang) -> &'static str {
    let (zh, en) = match reason {
        "required" => ("必填", "is required"),
        "too_long" => ("过长", "is too long"),
        "invalid_characters" => ("含有不允许的字符", "contains characters that are not allowed"),
        "invalid_format" => ("格式不正确", "has an invalid format"),
        "length_3_to_32" => ("长度须为 3–32 个字符", "must be 3–32 characters"),
        "length_10_to_128" => ("长度须为 10–128 个字符", "must be 10–128 characters"),
        "needs_letter_and_digit" => ("须同时包含字母和数字", "needs a letter and a digit"),
        "unknown_role" => ("角色不存在", "is not a known role"),
        "invalid_login_code" => ("登录凭证无效或已过期", "is invalid or expired"),
        "unknown_policy_version" => ("隐私政策版本不是当前版本", "is not the current policy version"),
        "immutable" => ("不可修改", "cannot be changed"),
        "invalid_json" => ("不是合法的 JSON", "is not valid JSON"),
        "invalid_value" => ("类型或取值不正确", "has a wrong type or value"),
        "expected_json" => ("须为 application/json", "must be application/json"),
        "out_of_range" => ("超出允许范围", "is out of range"),
        "not_found" => ("不存在", "does not exist"),
        "unavailable" => ("已下架或不存在", "is not for sale"),
        "empty" => ("为空", "is empty"),
        "items_or_from_cart" => ("只能选择商品或购物车之一", "takes items or from_cart, not both"),
        "address_or_address_id" => ("只能提供地址或地址 ID 之一", "takes address or address_id, not both"),
        "above_price" => ("不能高于售价", "cannot exceed the price"),
        "spec_names_differ" => ("规格名须与其他 SKU 一致", "must use the same spec names as the other SKUs"),
        "duplicate_spec_combination" => ("规格组合重复", "repeats another SKU's spec combination"),
        "unknown_sku" => ("SKU 不属于该商品", "is not a SKU of this product"),
        "unknown_line" => ("订单行不存在", "is not a line of this order"),
        _ => ("不正确", "is invalid"),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(v: &str) -> HeaderMap {
        let mut m = HeaderMap::new();
        m.insert(axum::http::header::ACCEPT_LANGUAGE, v.parse().unwrap());
        m
    }

    #[test]
    fn picks_language_by_quality() {
        assert_eq!(Lang::from_headers(&HeaderMap::new()), Lang::Zh);
        assert_eq!(Lang::from_headers(&h("en-US,en;q=0.9")), Lang::En);
        assert_eq!(Lang::from_headers(&h("fr, en;q=0.5, zh-CN;q=0.8")), Lang::Zh);
        assert_eq!(Lang::from_headers(&h("zh;q=0.1, en;q=0.9")), Lang::En);
        assert_eq!(Lang::from_headers(&h("de")), Lang::Zh);
    }

    #[test]
    fn every_api_md_code_has_both_languages() {
        for code in [
            "validation_failed",
            "unauthorized",
            "forbidden",
            "not_found",
            "out_of_stock",
            "invalid_transition",
            "insufficient_balance",
            "binding_not_allowed",
            "sold_out",
            "limit_reached",
            "tiers_exceed_limit",
            "below_minimum",
            "rate_limited",
            "cart_full",
            "address_book_full",
            "idempotency_in_progress",
            "quantity_exceeds_refundable",
            "template_in_use",
            "category_not_empty",
            "category_cycle",
            "stock_below_zero",
            "username_taken",
            "last_super_admin",
            "method_not_allowed",
            "payload_too_large",
            "not_ready",
            "upstream_unavailable",
            "conflict",
            "refund_exceeds_paid",
            "payment_method_unavailable",
            "already_applied",
            "already_distributor",
            "level_taken",
            "grade_in_use",
            "in_debt",
            "coupon_unusable",
            "coupon_not_claimable",
            "distributors_only",
            "insufficient_points",
            "points_above_cap",
            "already_checked_in",
            "activity_not_running",
            "activity_overlaps",
            "group_full",
            "group_closed",
            "already_in_group",
            "group_not_complete",
            "group_size_locked",
            "quantity_below_sold",
            "total_below_claimed",
        ] {
            let (zt, _) = title_and_detail(code, Lang::Zh);
            let (et, _) = title_and_detail(code, Lang::En);
            assert_ne!(zt, "服务器内部错误", "{code}");
            assert_ne!(et, "Internal server error", "{code}");
        }
    }
}

//! `seed-demo`: a small, real-looking shop so a fresh start shows something. Idempotent: a shop that
//! already has products is left alone. Later features add their demo data here.

use crate::{ServiceResult, Services};
use fenxiao_domain::freight::FreightRule;
use fenxiao_domain::user::new_invite_code;
use fenxiao_store::{NewCategory, NewProduct, NewSku, NewUser, StoreError};
use std::collections::BTreeMap;

pub struct SeedReport {
    pub categories: usize,
    pub products: usize,
    pub users: usize,
    pub skipped: bool,
}

/// (specs, price fen, original fen, distributor price, stock, weight g)
type SeedSku = (&'static [(&'static str, &'static str)], i64, i64, Option<i64>, i64, i64);

struct P {
    cat: usize,
    name: &'static str,
    subtitle: &'static str,
    desc: &'static str,
    /// (specs, price fen, original fen, distributor price, stock, weight g)
    skus: &'static [SeedSku],
    sales: i64,
}

const CATS: &[(Option<usize>, &str)] = &[
    (None, "服饰"),
    (Some(0), "T恤"),
    (Some(0), "外套"),
    (None, "美妆个护"),
    (Some(3), "护肤"),
    (None, "食品饮料"),
    (Some(5), "茶饮"),
    (Some(5), "零食"),
    (None, "家居"),
];

const PRODUCTS: &[P] = &[
    P {
        cat: 1,
        name: "纯棉圆领T恤",
        subtitle: "新疆长绒棉，亲肤透气",
        desc: "<p>精选新疆长绒棉，<strong>220g</strong> 重磅面料，不易变形。</p>",
        skus: &[
            (&[("颜色", "白色"), ("尺码", "M")], 7900, 12900, Some(6900), 120, 220),
            (&[("颜色", "白色"), ("尺码", "L")], 7900, 12900, Some(6900), 80, 230),
            (&[("颜色", "黑色"), ("尺码", "M")], 7900, 12900, Some(6900), 60, 220),
            (&[("颜色", "黑色"), ("尺码", "L")], 7900, 12900, Some(6900), 40, 230),
        ],
        sales: 1532,
    },
    P {
        cat: 1,
        name: "冰丝速干运动T恤",
        subtitle: "夏季清凉，快干不闷",
        desc: "<p>冰丝面料，运动健身日常皆宜。</p>",
        skus: &[
            (&[("颜色", "灰色"), ("尺码", "M")], 5900, 9900, None, 200, 180),
            (&[("颜色", "灰色"), ("尺码", "XL")], 5900, 9900, None, 150, 190),
        ],
        sales: 864,
    },
    P {
        cat: 2,
        name: "轻薄羽绒服",
        subtitle: "90%白鸭绒，可收纳",
        desc: "<p>充绒量 120g，轻至 280g，可收纳进随附口袋。</p>",
        skus: &[
            (&[("颜色", "藏青"), ("尺码", "L")], 39900, 69900, Some(35900), 30, 600),
            (&[("颜色", "米白"), ("尺码", "M")], 39900, 69900, Some(35900), 25, 580),
        ],
        sales: 312,
    },
    P {
        cat: 4,
        name: "玻尿酸补水面膜（10片）",
        subtitle: "深层补水，敏感肌可用",
        desc: "<p>每片含精华液 30ml。</p>",
        skus: &[(&[("规格", "10片装")], 6900, 9900, Some(5900), 500, 350)],
        sales: 4210,
    },
    P {
        cat: 4,
        name: "氨基酸洁面乳",
        subtitle: "温和清洁，不紧绷",
        desc: "<p>氨基酸表活，pH 5.5 弱酸性。</p>",
        skus: &[(&[("规格", "100g")], 4900, 6900, None, 300, 150), (&[("规格", "200g")], 8500, 11900, Some(7900), 200, 260)],
        sales: 2890,
    },
    P {
        cat: 6,
        name: "明前龙井 250g",
        subtitle: "杭州西湖产区，当季新茶",
        desc: "<p>明前采摘，一芽一叶。</p>",
        skus: &[(&[("等级", "特级")], 29800, 39800, Some(26800), 60, 300), (&[("等级", "一级")], 19800, 25800, Some(17800), 90, 300)],
        sales: 578,
    },
    P {
        cat: 6,
        name: "云南普洱熟茶饼 357g",
        subtitle: "勐海古树料，陈香醇厚",
        desc: "<p>2019 年压制，干仓存放。</p>",
        skus: &[(&[("规格", "单饼")], 16800, 22800, None, 45, 400)],
        sales: 236,
    },
    P {
        cat: 7,
        name: "每日坚果 30袋",
        subtitle: "六种坚果果干科学配比",
        desc: "<p>每袋 25g，独立小包装。</p>",
        skus: &[(&[("规格", "30袋")], 9900, 15900, Some(8900), 800, 800)],
        sales: 10542,
    },
    P {
        cat: 7,
        name: "手工牛轧糖 500g",
        subtitle: "奶香浓郁，不粘牙",
        desc: "<p>新西兰奶粉，手工熬制。</p>",
        skus: &[(&[("口味", "原味")], 3900, 5900, None, 260, 520), (&[("口味", "抹茶")], 4200, 5900, None, 180, 520)],
        sales: 1977,
    },
    P {
        cat: 8,
        name: "全棉四件套",
        subtitle: "A类母婴级，40支贡缎",
        desc: "<p>被套 200×230cm，床单 245×250cm，枕套 48×74cm×2。</p>",
        skus: &[
            (&[("颜色", "雾霾蓝"), ("尺寸", "1.8m床")], 29900, 49900, Some(26900), 50, 2200),
            (&[("颜色", "燕麦色"), ("尺寸", "1.5m床")], 27900, 45900, Some(24900), 40, 2000),
        ],
        sales: 689,
    },
];

const USERS: &[(&str, &str)] = &[("sandbox-alice", "Alice 爱丽丝"), ("sandbox-bob", "Bob 鲍勃"), ("sandbox-carol", "Carol 卡罗")];

impl Services {
    pub async fn seed_demo(&self) -> ServiceResult<SeedReport> {
        if self.store.count_products().await? > 0 {
            return Ok(SeedReport { categories: 0, products: 0, users: 0, skipped: true });
        }
        let now = self.clock.now();
        // Free shipping from ¥99, else ¥8; remote provinces cost more by weight.
        self.store.save_freight_template(None, "满99包邮", &FreightRule::FreeOver { fee: 800, threshold: 9900 }, true, None, now).await?;
        let mut cat_ids = Vec::new();
        for (i, (parent, name)) in CATS.iter().enumerate() {
            let id = self
                .store
                .create_category(
                    NewCategory {
                        parent_id: parent.map(|p| cat_ids[p]),
                        name: (*name).into(),
                        icon_url: format!("/static/demo/c{i}.svg"),
                        sort: i as i32,
                    },
                    now,
                )
                .await?;
            cat_ids.push(id);
        }
        for (i, p) in PRODUCTS.iter().enumerate() {
            let skus = p
                .skus
                .iter()
                .enumerate()
                .map(|(j, (specs, price, orig, dist, stock, w))| NewSku {
                    specs: specs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<BTreeMap<_, _>>(),
                    price: *price,
                    original_price: *orig,
                    distributor_price: *dist,
                    stock: *stock,
                    weight_g: *w,
                    code: format!("FX{:03}{:02}", i + 1, j + 1),
                })
                .collect();
            self.store
                .create_product(
                    NewProduct {
                        category_id: cat_ids[p.cat],
                        name: p.name.into(),
                        subtitle: p.subtitle.into(),
                        description_html: p.desc.into(),
                        images: vec![format!("/static/demo/p{}.svg", i + 1), format!("/static/demo/p{}b.svg", i + 1)],
                        on_shelf: true,
                        sort: 0,
                        sales: p.sales,
                        freight_template_id: None,
                        skus,
                    },
                    now,
                    None,
                )
                .await?;
        }
        let mut users = 0;
        for (openid, nickname) in USERS {
            if self.store.find_user_by_openid("wechat", openid).await?.is_some() {
                continue;
            }
            let new = NewUser {
                provider: "wechat".into(),
                openid: (*openid).into(),
                unionid: None,
                nickname: (*nickname).into(),
                invite_code: new_invite_code(&mut rand::rng()),
                pending_invite_code: None,
            };
            match self.store.create_user(new, now).await {
                Ok(_) => users += 1,
                Err(StoreError::Conflict(_)) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(SeedReport { categories: CATS.len(), products: PRODUCTS.len(), users, skipped: false })
    }
}

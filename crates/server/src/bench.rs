//! `fenxiao bench`: load generators against a running server (dev mode, for the sandbox login).
//! Bounded by count, they stop by themselves and print figures; the order bench also checks that
//! every unit is accounted for (sold + remaining = initial stock).

use anyhow::{Context, bail};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

pub struct Figures {
    pub name: String,
    pub ok: u64,
    pub expected_refusals: u64,
    pub errors: u64,
    pub elapsed: Duration,
    pub latencies_us: Vec<u64>,
}

impl Figures {
    pub fn print(&self) {
        let mut l = self.latencies_us.clone();
        l.sort_unstable();
        let pct = |p: f64| -> f64 {
            if l.is_empty() {
                return 0.0;
            }
            let i = ((l.len() as f64 - 1.0) * p).round() as usize;
            l[i] as f64 / 1000.0
        };
        let secs = self.elapsed.as_secs_f64();
        println!(
            "{}: {} ok in {:.2}s = {:.0}/s · p50 {:.2} ms · p95 {:.2} ms · p99 {:.2} ms · max {:.2} ms · refused as expected {} · errors {}",
            self.name,
            self.ok,
            secs,
            self.ok as f64 / secs,
            pct(0.50),
            pct(0.95),
            pct(0.99),
            pct(1.0),
            self.expected_refusals,
            self.errors
        );
    }
}

fn client(concurrency: usize) -> anyhow::Result<reqwest::Client> {
    fenxiao_payments::install_crypto_provider();
    Ok(reqwest::Client::builder().pool_max_idle_per_host(concurrency).timeout(Duration::from_secs(30)).build()?)
}

async fn post(c: &reqwest::Client, url: &str, token: Option<&str>, body: Value) -> anyhow::Result<(u16, Value)> {
    let mut rb = c.post(url).json(&body);
    if let Some(t) = token {
        rb = rb.bearer_auth(t);
    }
    let r = rb.send().await?;
    let status = r.status().as_u16();
    let v = r.json::<Value>().await.unwrap_or(Value::Null);
    Ok((status, v))
}

async fn admin_token(c: &reqwest::Client, base: &str, user: &str, password: &str) -> anyhow::Result<String> {
    let (s, v) = post(c, &format!("{base}/api/v1/admin/auth/login"), None, json!({"username": user, "password": password})).await?;
    if s != 200 {
        bail!("admin login failed ({s}): {v}");
    }
    Ok(v["token"].as_str().context("token")?.to_string())
}

struct Prepared {
    c: reqwest::Client,
    token: String,
    product_id: i64,
    sku_ids: Arc<Vec<i64>>,
    tokens: Vec<String>,
}

/// A fresh product with `skus` SKUs of `stock_per_sku` each, and `concurrency` logged-in shoppers.
async fn prepare(base: &str, admin: (&str, &str), concurrency: usize, skus: usize, stock_per_sku: i64) -> anyhow::Result<Prepared> {
    let c = client(concurrency)?;
    let token = admin_token(&c, base, admin.0, admin.1).await?;
    let run = format!("{:x}", std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_millis());
    let (s, cat) = post(&c, &format!("{base}/api/v1/admin/categories"), Some(&token), json!({"name": format!("bench {run}")})).await?;
    if s != 201 {
        bail!("cannot create a category ({s}): {cat}");
    }
    let sku_json: Vec<Value> = (0..skus)
        .map(|i| json!({"specs": {"规格": format!("B{i}")}, "price": 1990 + i as i64, "stock": stock_per_sku, "weight_g": 100}))
        .collect();
    let (s, p) = post(
        &c,
        &format!("{base}/api/v1/admin/products"),
        Some(&token),
        json!({"name": format!("压测商品 {run}"), "category_id": cat["id"], "skus": sku_json}),
    )
    .await?;
    if s != 201 {
        bail!("cannot create the bench product ({s}): {p}");
    }
    let product_id = p["id"].as_i64().context("product id")?;
    let sku_ids: Arc<Vec<i64>> = Arc::new(p["skus"].as_array().context("skus")?.iter().filter_map(|s| s["id"].as_i64()).collect());
    let mut tokens = Vec::new();
    for i in 0..concurrency {
        let (s, v) = post(&c, &format!("{base}/api/v1/auth/wechat/login"), None, json!({"code": format!("bench-{run}-{i}")})).await?;
        if s != 200 {
            bail!("shopper login failed ({s}): {v} — is the server in dev mode (sandbox login)?");
        }
        tokens.push(v["token"].as_str().context("token")?.to_string());
    }
    Ok(Prepared { c, token, product_id, sku_ids, tokens })
}

/// C shoppers each place an order and pay it with WeChat Pay through the bundled sandbox: prepay
/// (a signed call to the sandbox), then the sandbox "pays" and sends the signed, encrypted
/// notification, which the server verifies, decrypts and books before answering. The timed part
/// is that last call: notification delivery + handling, end to end. Ends with the reconciliation.
pub async fn payments(base: &str, admin: (&str, &str), concurrency: usize, total: u64) -> anyhow::Result<Figures> {
    let Prepared { c, token, sku_ids, tokens, .. } = prepare(base, admin, concurrency, 1, 1_000_000).await?;
    let next = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for t in tokens {
        let (c, next, sku_ids, base) = (c.clone(), next.clone(), sku_ids.clone(), base.to_string());
        tasks.push(tokio::spawn(async move {
            let (mut ok, mut errors, mut lat, mut prepay) = (0u64, 0u64, Vec::new(), Vec::new());
            let address = json!({"name": "压测", "phone": "13800138000", "province": "广东省", "city": "深圳市", "district": "南山区", "detail": "1 号"});
            while next.fetch_add(1, Ordering::Relaxed) < total {
                let Ok((201, o)) =
                    post(&c, &format!("{base}/api/v1/orders"), Some(&t), json!({"items": [{"sku_id": sku_ids[0], "quantity": 1}], "address": address})).await
                else {
                    errors += 1;
                    continue;
                };
                let id = o["id"].as_i64().unwrap_or(0);
                let t0 = Instant::now();
                let Ok((200, p)) = post(&c, &format!("{base}/api/v1/orders/{id}/pay"), Some(&t), json!({"method": "wechat"})).await else {
                    errors += 1;
                    continue;
                };
                prepay.push(t0.elapsed().as_micros() as u64);
                let t1 = Instant::now();
                let r = post(&c, &format!("{base}/sandbox/wechatpay/pay"), None, json!({"prepay_id": p["wechat"]["prepay_id"]})).await;
                lat.push(t1.elapsed().as_micros() as u64);
                match r {
                    Ok((200, v)) if v["notify_status"] == 204 => ok += 1,
                    _ => errors += 1,
                }
            }
            (ok, errors, lat, prepay)
        }));
    }
    let mut f = Figures {
        name: "wechat payments (sandbox pay → notification handled)".into(),
        ok: 0,
        expected_refusals: 0,
        errors: 0,
        elapsed: Duration::ZERO,
        latencies_us: Vec::new(),
    };
    let mut prepay = Figures {
        name: "  of which prepay calls".into(),
        ok: 0,
        expected_refusals: 0,
        errors: 0,
        elapsed: Duration::ZERO,
        latencies_us: Vec::new(),
    };
    for task in tasks {
        let (ok, errors, lat, pre) = task.await?;
        f.ok += ok;
        f.errors += errors;
        f.latencies_us.extend(lat);
        prepay.ok += pre.len() as u64;
        prepay.latencies_us.extend(pre);
    }
    f.elapsed = started.elapsed();
    prepay.elapsed = f.elapsed;
    prepay.print();
    let r: Value = c.get(format!("{base}/api/v1/admin/reports/reconciliation")).bearer_auth(&token).send().await?.json().await?;
    println!("reconciliation after the run: balanced = {} ({} ledger entries)", r["balanced"], r["entries"]);
    if r["balanced"] != true {
        bail!("the ledger does not reconcile: {r}");
    }
    Ok(f)
}

/// C concurrent shoppers place N one-unit orders spread over `skus` SKUs whose total stock is
/// `stock`; when N exceeds the stock, the extra orders must be refused with `out_of_stock`.
pub async fn orders(
    base: &str,
    admin: (&str, &str),
    concurrency: usize,
    total: u64,
    skus: usize,
    stock_per_sku: i64,
) -> anyhow::Result<Figures> {
    let Prepared { c, token, product_id, sku_ids, tokens } = prepare(base, admin, concurrency, skus, stock_per_sku).await?;
    let next = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for t in tokens {
        let (c, next, sku_ids, base) = (c.clone(), next.clone(), sku_ids.clone(), base.to_string());
        tasks.push(tokio::spawn(async move {
            let (mut ok, mut refused, mut errors, mut lat) = (0u64, 0u64, 0u64, Vec::new());
            let address = json!({"name": "压测", "phone": "13800138000", "province": "广东省", "city": "深圳市", "district": "南山区", "detail": "1 号"});
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= total {
                    break;
                }
                let sku = sku_ids[(n as usize) % sku_ids.len()];
                let t0 = Instant::now();
                let r = post(&c, &format!("{base}/api/v1/orders"), Some(&t), json!({"items": [{"sku_id": sku, "quantity": 1}], "address": address})).await;
                lat.push(t0.elapsed().as_micros() as u64);
                match r {
                    Ok((201, _)) => ok += 1,
                    Ok((409, v)) if v["code"] == "out_of_stock" => refused += 1,
                    _ => errors += 1,
                }
            }
            (ok, refused, errors, lat)
        }));
    }
    let mut f =
        Figures { name: "orders".into(), ok: 0, expected_refusals: 0, errors: 0, elapsed: Duration::ZERO, latencies_us: Vec::new() };
    for t in tasks {
        let (ok, refused, errors, lat) = t.await?;
        f.ok += ok;
        f.expected_refusals += refused;
        f.errors += errors;
        f.latencies_us.extend(lat);
    }
    f.elapsed = started.elapsed();
    // Every unit is either still in stock or in exactly one order.
    let detail: Value = c.get(format!("{base}/api/v1/admin/products/{product_id}")).bearer_auth(&token).send().await?.json().await?;
    let remaining: i64 = detail["skus"].as_array().context("skus")?.iter().filter_map(|s| s["stock"].as_i64()).sum();
    let initial = stock_per_sku * skus as i64;
    println!(
        "stock check: initial {initial} = sold {} + remaining {remaining} → {}",
        f.ok,
        if f.ok as i64 + remaining == initial { "OK" } else { "MISMATCH" }
    );
    if f.ok as i64 + remaining != initial {
        bail!("stock mismatch: sold {} + remaining {remaining} != initial {initial}", f.ok);
    }
    Ok(f)
}

/// A flash-sale burst: `buyers` shoppers (logged in beforehand) each try to buy one unit of a fresh
/// flash sale of `units`, `concurrency` requests in flight at a time. Every answer is timed (the
/// refusals are the bulk of a burst); exactly min(units, buyers) orders must succeed and the sale's
/// `sold` must match them.
pub async fn flash(base: &str, admin: (&str, &str), concurrency: usize, buyers: usize, units: i64) -> anyhow::Result<Figures> {
    let Prepared { c, token, sku_ids, .. } = prepare(base, admin, 1, 1, units.max(1) * 2).await?;
    let now = chrono::Utc::now();
    let (s, f) = post(
        &c,
        &format!("{base}/api/v1/admin/flash-sales"),
        Some(&token),
        json!({"sku_id": sku_ids[0], "price": 990, "quantity": units, "per_user_limit": 1,
               "starts_at": (now - chrono::Duration::minutes(1)).to_rfc3339(), "ends_at": (now + chrono::Duration::hours(1)).to_rfc3339()}),
    )
    .await?;
    if s != 201 {
        bail!("cannot create the flash sale ({s}): {f}");
    }
    let sale = f["id"].as_i64().context("flash sale id")?;
    let run = format!("{:x}", std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_millis());
    let next = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for _ in 0..concurrency.min(buyers).max(1) {
        let (c, next, base, run) = (c.clone(), next.clone(), base.to_string(), run.clone());
        tasks.push(tokio::spawn(async move {
            let mut tokens = Vec::new();
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed) as usize;
                if n >= buyers {
                    break;
                }
                let (s, v) =
                    post(&c, &format!("{base}/api/v1/auth/wechat/login"), None, json!({"code": format!("flash-{run}-{n}")})).await?;
                if s != 200 {
                    bail!("shopper login failed ({s}): {v} — is the server in dev mode (sandbox login)?");
                }
                tokens.push(v["token"].as_str().context("token")?.to_string());
            }
            Ok(tokens)
        }));
    }
    let mut groups = Vec::new();
    for t in tasks {
        groups.push(t.await??);
    }
    let started = Instant::now();
    let mut tasks = Vec::new();
    for tokens in groups {
        let (c, base, sku) = (c.clone(), base.to_string(), sku_ids[0]);
        tasks.push(tokio::spawn(async move {
            let (mut ok, mut refused, mut errors, mut lat) = (0u64, 0u64, 0u64, Vec::new());
            let address = json!({"name": "秒杀", "phone": "13800138000", "province": "广东省", "city": "深圳市", "district": "南山区", "detail": "1 号"});
            for t in tokens {
                let t0 = Instant::now();
                let r = post(
                    &c,
                    &format!("{base}/api/v1/orders"),
                    Some(&t),
                    json!({"items": [{"sku_id": sku, "quantity": 1}], "address": address, "flash_sale_id": sale}),
                )
                .await;
                lat.push(t0.elapsed().as_micros() as u64);
                match r {
                    Ok((201, _)) => ok += 1,
                    Ok((409, v)) if v["code"] == "sold_out" => refused += 1,
                    _ => errors += 1,
                }
            }
            (ok, refused, errors, lat)
        }));
    }
    let mut f = Figures {
        name: "flash-sale answers (orders + sold_out)".into(),
        ok: 0,
        expected_refusals: 0,
        errors: 0,
        elapsed: Duration::ZERO,
        latencies_us: Vec::new(),
    };
    for t in tasks {
        let (ok, refused, errors, lat) = t.await?;
        f.ok += ok;
        f.expected_refusals += refused;
        f.errors += errors;
        f.latencies_us.extend(lat);
    }
    f.elapsed = started.elapsed();
    let secs = f.elapsed.as_secs_f64();
    let detail: Value = c.get(format!("{base}/api/v1/flash-sales/{sale}")).send().await?.json().await?;
    let sold = detail["sold"].as_i64().unwrap_or(-1);
    let want = units.min(buyers as i64);
    println!(
        "flash sale: {buyers} buyers for {units} units → {} orders, {} sold_out, {} errors; {:.0} answers/s; sold {sold} → {}",
        f.ok,
        f.expected_refusals,
        f.errors,
        (f.ok + f.expected_refusals) as f64 / secs,
        if sold == f.ok as i64 && f.ok as i64 == want { "OK" } else { "MISMATCH" }
    );
    if sold != f.ok as i64 || f.ok as i64 != want {
        bail!("flash sale mismatch: {} orders, sold {sold}, expected {want}", f.ok);
    }
    // Count every answer for the rate line (a refusal is a served request too).
    f.ok += f.expected_refusals;
    f.expected_refusals = 0;
    Ok(f)
}

/// C concurrent readers fetch product details of the first `ids` products, N requests in all.
pub async fn reads(base: &str, concurrency: usize, total: u64) -> anyhow::Result<Figures> {
    let c = client(concurrency)?;
    let list: Value = c.get(format!("{base}/api/v1/products?page_size=50")).send().await?.json().await?;
    let ids: Arc<Vec<i64>> = Arc::new(list["items"].as_array().context("items")?.iter().filter_map(|p| p["id"].as_i64()).collect());
    if ids.is_empty() {
        bail!("no products to read: seed the shop first (fenxiao seed-demo)");
    }
    let next = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (c, next, ids, base) = (c.clone(), next.clone(), ids.clone(), base.to_string());
        tasks.push(tokio::spawn(async move {
            let (mut ok, mut errors, mut lat) = (0u64, 0u64, Vec::new());
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= total {
                    break;
                }
                let id = ids[(n as usize) % ids.len()];
                let t0 = Instant::now();
                let r = c.get(format!("{base}/api/v1/products/{id}")).send().await;
                let good = match r {
                    Ok(r) if r.status().is_success() => r.bytes().await.is_ok(),
                    _ => false,
                };
                lat.push(t0.elapsed().as_micros() as u64);
                if good { ok += 1 } else { errors += 1 }
            }
            (ok, errors, lat)
        }));
    }
    let mut f =
        Figures { name: "product reads".into(), ok: 0, expected_refusals: 0, errors: 0, elapsed: Duration::ZERO, latencies_us: Vec::new() };
    for t in tasks {
        let (ok, errors, lat) = t.await?;
        f.ok += ok;
        f.errors += errors;
        f.latencies_us.extend(lat);
    }
    f.elapsed = started.elapsed();
    Ok(f)
}

/// (id, parent, ancestor2, ancestor3, d1, d2, d3) of one bench tree member.
type Node = (i64, Option<i64>, Option<i64>, Option<i64>, i64, i64, i64);

/// Builds a referral tree of `size` members under one distributor T straight into the database
/// (100 direct members, up to 10,000 at depth 2, the rest at depth 3, with their counters), then
/// times binding `samples` new users under depth-3 members and reading T's figures (member row,
/// the four commission balances and the first page of direct members) — what
/// `POST /api/v1/me/referrer` and `GET /api/v1/me/distributor` + `/me/team` do underneath.
pub async fn tree(database_url: &str, size: u64, samples: usize) -> anyhow::Result<Figures> {
    use fenxiao_domain::distribution::DistributionSettings;
    use fenxiao_domain::ledger::{Account, AccountKind};
    use fenxiao_store::{BindOutcome, BindRequest, NewUser, Store};
    let store = Store::connect(database_url, 8).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    store.migrate().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let base: i64 = 1_000_000_000;
    let size = size.max(200) as i64;
    let l1 = 100i64;
    let l2 = (size - l1).min(10_000);
    let l3 = size - l1 - l2;
    // Parents: level-2 node i → level-1 node i % l1; level-3 node k → level-2 node k % l2.
    let id_of = |level: u8, i: i64| match level {
        0 => base,
        1 => base + 1 + i,
        2 => base + 1 + l1 + i,
        _ => base + 1 + l1 + l2 + i,
    };
    let code_of = |id: i64| format!("T{:07}", id - base);
    let mut l2_children = vec![0i64; l2 as usize];
    for k in 0..l3 {
        l2_children[(k % l2) as usize] += 1;
    }
    let mut l1_d1 = vec![0i64; l1 as usize];
    let mut l1_d2 = vec![0i64; l1 as usize];
    for i in 0..l2 {
        l1_d1[(i % l1) as usize] += 1;
        l1_d2[(i % l1) as usize] += l2_children[i as usize];
    }
    let mut nodes: Vec<Node> = Vec::with_capacity(size as usize + 1);
    nodes.push((base, None, None, None, l1, l2, l3));
    for i in 0..l1 {
        nodes.push((id_of(1, i), Some(base), None, None, l1_d1[i as usize], l1_d2[i as usize], 0));
    }
    for i in 0..l2 {
        let p = id_of(1, i % l1);
        nodes.push((id_of(2, i), Some(p), Some(base), None, l2_children[i as usize], 0, 0));
    }
    for k in 0..l3 {
        let p2 = k % l2;
        nodes.push((id_of(3, k), Some(id_of(2, p2)), Some(id_of(1, p2 % l1)), Some(base), 0, 0, 0));
    }
    let t0 = Instant::now();
    let ts = "'2026-01-01T00:00:00+00:00'";
    let opt = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_else(|| "NULL".into());
    for chunk in nodes.chunks(1000) {
        let users: Vec<String> = chunk
            .iter()
            .map(|n| {
                format!(
                    "({id}, 'wechat', 'tree-{id}', '树{id}', '', '{code}', {parent}, TRUE, 'active', {ts}, {ts})",
                    id = n.0,
                    code = code_of(n.0),
                    parent = opt(n.1)
                )
            })
            .collect();
        store
            .execute_batch(&format!(
                "INSERT INTO users (id, provider, openid, nickname, avatar_url, invite_code, referrer_id, is_distributor, status, created_at, updated_at) VALUES {}",
                users.join(",")
            ))
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let members: Vec<String> = chunk
            .iter()
            .map(|n| {
                format!(
                    "({}, {}, {}, {}, {}, 'active', {ts}, {}, {}, {}, 0, 0, 0, {ts})",
                    n.0,
                    opt(n.1),
                    opt(n.2),
                    opt(n.3),
                    if n.1.is_some() { ts } else { "NULL" },
                    n.4,
                    n.5,
                    n.6
                )
            })
            .collect();
        store
            .execute_batch(&format!(
                "INSERT INTO distribution_members (user_id, parent_id, ancestor2, ancestor3, bound_at, status, became_at, d1, d2, d3, team_sales, own_spend, own_orders, updated_at) VALUES {}",
                members.join(",")
            ))
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    println!(
        "tree: {} members under one distributor ({l1} / {l2} / {l3} at depths 1 / 2 / 3) loaded in {:.1}s",
        size,
        t0.elapsed().as_secs_f64()
    );

    let settings = DistributionSettings::default();
    let now = chrono::Utc::now();
    let mut bind_lat = Vec::with_capacity(samples);
    let mut errors = 0;
    let started = Instant::now();
    for s in 0..samples {
        let u = store
            .create_user(
                NewUser {
                    provider: "wechat".into(),
                    openid: format!("tree-new-{s}-{}", now.timestamp_millis()),
                    unionid: None,
                    nickname: "新人".into(),
                    invite_code: format!("N{:07}", s),
                    pending_invite_code: None,
                },
                now,
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let target = id_of(3, (s as i64 * 7919) % l3.max(1));
        let code = code_of(target);
        let t = Instant::now();
        let out = store
            .bind(&BindRequest { user_id: u.id, invite_code: &code, channel: "bench", scene: "", by_staff: false }, &settings, now, None)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        bind_lat.push(t.elapsed().as_micros() as u64);
        if out != (BindOutcome::Bound { referrer_id: target }) {
            errors += 1;
        }
    }
    let bind = Figures {
        name: "bind a new member at the bottom".into(),
        ok: samples as u64 - errors,
        expected_refusals: 0,
        errors,
        elapsed: started.elapsed(),
        latencies_us: bind_lat,
    };

    let mut read_lat = Vec::with_capacity(samples);
    let started = Instant::now();
    let mut top = None;
    for _ in 0..samples {
        let t = Instant::now();
        let m = store.member(base).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        for k in [
            AccountKind::CommissionFrozen,
            AccountKind::CommissionAvailable,
            AccountKind::CommissionWithdrawing,
            AccountKind::CommissionDebt,
        ] {
            store.ledger_balance(Account::user(k, base)).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        }
        let (page, total) = store.team_members(base, 1, 1, 20).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        read_lat.push(t.elapsed().as_micros() as u64);
        top = Some((m, page.len(), total));
    }
    let reads = Figures {
        name: "top distributor's team figures".into(),
        ok: samples as u64,
        expected_refusals: 0,
        errors: 0,
        elapsed: started.elapsed(),
        latencies_us: read_lat,
    };
    reads.print();
    if let Some((m, n, total)) = top {
        println!("top: d1 {} d2 {} d3 {} (team of {}), first page {n} of {total} direct members", m.d1, m.d2, m.d3, m.d1 + m.d2 + m.d3);
        if m.d1 + m.d2 + m.d3 != size {
            bail!("the top distributor's counters ({}) do not add up to the tree ({size})", m.d1 + m.d2 + m.d3);
        }
    }
    Ok(bind)
}

/// The dashboard on a year of business, loaded straight into a fresh database: 365 shop days of
/// pre-aggregated figures (8 shard rows a day), `buyers_per_day` buyer-days a day and `commissions`
/// commission rows spread over the year under 10,000 distributors. Then times the dashboard's
/// queries (days, period figures, top distributors) for 30-, 90- and 365-day windows.
pub async fn reports(database_url: &str, buyers_per_day: i64, commissions: i64, samples: usize) -> anyhow::Result<Figures> {
    use fenxiao_store::Store;
    let store = Store::connect(database_url, 8).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    store.migrate().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let now = chrono::Utc::now();
    let t0 = Instant::now();
    let mut days = Vec::new();
    for d in 0..365i64 {
        let day = fenxiao_store::shop_day(now - chrono::Duration::days(d));
        for shard in 0..8 {
            days.push(format!(
                "('{day}', {shard}, {o}, {g}, {r}, {pv}, {v}, {b})",
                o = 40 + d % 7,
                g = 400_000 + d * 13,
                r = 9_000,
                pv = 900,
                v = 300,
                b = buyers_per_day / 8
            ));
        }
        let pool = buyers_per_day * 60;
        let rows: Vec<String> = (0..buyers_per_day)
            .map(|i| format!("('{day}', {}, {})", (d * buyers_per_day + i * 7) % pool + 1, 1 + (i % 5 == 0) as i64))
            .collect();
        for chunk in rows.chunks(2000) {
            store
                .execute_batch(&format!("INSERT INTO report_buyers (day, user_id, orders) VALUES {}", chunk.join(",")))
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
        }
    }
    for chunk in days.chunks(1000) {
        store
            .execute_batch(&format!(
                "INSERT INTO report_days (day, shard, orders, gmv, refunds, page_views, visitors, buyers) VALUES {}",
                chunk.join(",")
            ))
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    let per_chunk = 2000;
    let mut i = 0i64;
    while i < commissions {
        let rows: Vec<String> = (i..(i + per_chunk).min(commissions))
            .map(|k| {
                let at = (now - chrono::Duration::seconds(k * 365 * 86_400 / commissions.max(1))).to_rfc3339();
                format!("({k}, {k}, 1, {b}, 1, 10000, 1000, 1000, 0, 0, 'frozen', 'bench', '{at}', 'order')", b = k % 10_000 + 1)
            })
            .collect();
        store
            .execute_batch(&format!(
                "INSERT INTO commissions (order_id, order_line_id, tier, beneficiary_id, buyer_id, base, rate_bp, amount, reversed, withheld, status, rule, created_at, kind) VALUES {}",
                rows.join(",")
            ))
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        i += per_chunk;
    }
    if database_url.starts_with("postgres") {
        store.execute_batch("ANALYZE").await.map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    println!("loaded 365 days ({} buyer-days, {commissions} commissions) in {:.1}s", 365 * buyers_per_day, t0.elapsed().as_secs_f64());
    let mut all = Figures {
        name: "dashboard, 365-day window".into(),
        ok: 0,
        expected_refusals: 0,
        errors: 0,
        elapsed: Duration::ZERO,
        latencies_us: Vec::new(),
    };
    for window in [30i64, 90, 365] {
        let mut f = Figures {
            name: format!("dashboard, {window}-day window"),
            ok: 0,
            expected_refusals: 0,
            errors: 0,
            elapsed: Duration::ZERO,
            latencies_us: Vec::new(),
        };
        let started = Instant::now();
        for _ in 0..samples {
            let since = now - chrono::Duration::days(window - 1);
            let (from, to) = (fenxiao_store::shop_day(since), fenxiao_store::shop_day(now));
            let t = Instant::now();
            let d = store.report_days(&from, &to).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            let p = store.report_period(&from, &to, since).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            let top = store.rankings(false, since, 10).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            f.latencies_us.push(t.elapsed().as_micros() as u64);
            if d.len() as i64 == window && p.buyers > 0 && top.len() == 10 {
                f.ok += 1;
            } else {
                f.errors += 1;
            }
        }
        f.elapsed = started.elapsed();
        if window == 365 {
            all = f;
        } else {
            f.print();
        }
    }
    Ok(all)
}

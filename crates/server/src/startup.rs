//! Build, then run: [`Application::build`] connects, migrates, bootstraps the first admin and binds
//! the listener (port 0 works); [`Application::run_until_stopped`] serves until the shutdown future
//! resolves, finishing in-flight requests.

use crate::config::Config;
use anyhow::Context;
use fenxiao_api::AppState;
use fenxiao_payments::wechatpay::sandbox::{Sandbox, SandboxConfig};
use fenxiao_payments::{Code2SessionClient, LoginProvider, SandboxLoginProvider};
use fenxiao_services::cache::{Cache, MemoryCache, RedisCache};
use fenxiao_services::crypto::FieldCipher;
use fenxiao_services::payments::WechatPay;
use fenxiao_services::ratelimit::{MemoryRateLimiter, RateLimiter, RedisRateLimiter};
use fenxiao_services::{Clock, ServiceSettings, Services};
use fenxiao_store::{Store, redact_url};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

pub struct Application {
    listener: tokio::net::TcpListener,
    router: axum::Router,
    services: Services,
    jobs_interval: Duration,
    /// The generated password of a super admin bootstrapped by this start, to print once.
    pub bootstrap: Option<(String, Option<String>)>,
}

/// Connects to the configured database (and Redis) and builds the services; shared by `serve`,
/// `migrate`, `seed-demo` and `create-admin`.
pub async fn services(cfg: &Config) -> anyhow::Result<Services> {
    fenxiao_payments::install_crypto_provider();
    let store = Store::connect(&cfg.database_url, cfg.database_max_connections)
        .await
        .map_err(|e| anyhow::anyhow!("FENXIAO_DATABASE_URL: cannot connect to {}: {e}", redact_url(&cfg.database_url)))?;
    store.migrate().await.map_err(|e| anyhow::anyhow!("FENXIAO_DATABASE_URL: migrations failed: {e}"))?;
    let redis = match &cfg.redis_url {
        None => None,
        Some(url) => {
            let client = redis::Client::open(url.as_str()).map_err(|e| anyhow::anyhow!("FENXIAO_REDIS_URL: {e}"))?;
            let cm = tokio::time::timeout(Duration::from_secs(5), redis::aio::ConnectionManager::new(client))
                .await
                .map_err(|_| anyhow::anyhow!("FENXIAO_REDIS_URL: cannot connect to {}: timed out", redact_url(url)))?
                .map_err(|e| anyhow::anyhow!("FENXIAO_REDIS_URL: cannot connect to {}: {e}", redact_url(url)))?;
            Some(cm)
        }
    };
    let login: Arc<dyn LoginProvider> = match cfg.login_provider() {
        "sandbox" => Arc::new(SandboxLoginProvider),
        _ => Arc::new(
            Code2SessionClient::new(
                &cfg.wechat_api_base,
                cfg.wechat_appid.as_deref().unwrap_or_default(),
                cfg.wechat_secret.as_ref().map(|s| s.expose()).unwrap_or_default(),
            )
            .map_err(|e| anyhow::anyhow!("FENXIAO_WECHAT_API_BASE: {e}"))?,
        ),
    };
    let cipher = match &cfg.data_key {
        Some(k) => FieldCipher::from_base64(k.expose()).map_err(|e| anyhow::anyhow!("FENXIAO_DATA_KEY: {e}"))?,
        None => {
            tracing::warn!("FENXIAO_DATA_KEY is unset: using the fixed dev-mode key; never do this with real data");
            FieldCipher::from_bytes(*b"fenxiao-dev-mode-key-not-secret!")
        }
    };
    let limiter: Arc<dyn RateLimiter> = match &redis {
        Some(r) => Arc::new(RedisRateLimiter::new(r.clone(), &cfg.redis_prefix)),
        None => Arc::new(MemoryRateLimiter::default()),
    };
    let cache: Arc<dyn Cache> = match &redis {
        Some(r) => Arc::new(RedisCache::new(r.clone(), &cfg.redis_prefix, Duration::from_secs(300))),
        None => Arc::new(MemoryCache::new(Duration::from_secs(300))),
    };
    let settings = ServiceSettings {
        dev_mode: cfg.dev_mode,
        shopper_session_ttl: Duration::from_secs(u64::from(cfg.shopper_session_days) * 86_400),
        admin_session_ttl: Duration::from_secs(u64::from(cfg.admin_session_hours) * 3_600),
        login_per_ip_per_minute: cfg.login_per_ip_per_minute,
        admin_failures_per_account: cfg.admin_failures_per_account,
        privacy_policy_version: cfg.privacy_policy_version.clone(),
    };
    Ok(Services {
        store,
        clock: Clock::default(),
        settings: Arc::new(settings),
        login,
        cipher: Arc::new(cipher),
        limiter,
        cache,
        stock_cache: fenxiao_services::new_stock_cache(),
        flash_gate: redis.as_ref().map(|r| Arc::new(fenxiao_services::flash_gate::FlashGate::new(r.clone(), &cfg.redis_prefix))),
        redis,
        wechatpay: None,
    })
}

/// WeChat Pay for a server listening on `port`: the real API, or the bundled sandbox (served by
/// this same server) with the SDKs' published test keys. Both sides read the service clock.
fn wechatpay(cfg: &Config, port: u16, clock: &Clock) -> anyhow::Result<(Option<Arc<WechatPay>>, Option<Sandbox>)> {
    use fenxiao_payments::wechatpay::{PlatformKeys, Signer, WechatPayClient, WechatPayConfig, crypto, sandbox_keys as k};
    let c = clock.clone();
    let now: Arc<dyn Fn() -> i64 + Send + Sync> = Arc::new(move || c.now().timestamp());
    let here = format!("http://127.0.0.1:{port}");
    let notify_base = cfg.wechatpay_notify_base.clone().unwrap_or_else(|| here.clone());
    let notify = |p: &str| format!("{}{p}", notify_base.trim_end_matches('/'));
    let read = |var: &str, path: &Option<String>| -> anyhow::Result<String> {
        let path = path.as_deref().unwrap_or_default();
        std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{var}: cannot read {path}: {e}"))
    };
    match cfg.wechatpay_provider() {
        "sandbox" => {
            let (_, merchant_pub) =
                crypto::certificate_from_pem(k::MERCHANT_CERTIFICATE).map_err(|e| anyhow::anyhow!("sandbox keys: {e}"))?;
            let sandbox = Sandbox::new(SandboxConfig {
                mchid: k::MCHID.into(),
                appid: k::APPID.into(),
                merchant_public_key: merchant_pub,
                merchant_serial: k::MERCHANT_SERIAL.into(),
                platform_key: Signer::from_pem(k::PLATFORM_PRIVATE_KEY).map_err(|e| anyhow::anyhow!("sandbox keys: {e}"))?,
                platform_key_id: k::PLATFORM_KEY_ID.into(),
                apiv3_key: k::APIV3_KEY.as_bytes().to_vec(),
                clock: now.clone(),
                settle_delay: Duration::from_millis(50),
            });
            let mut platform = PlatformKeys::new();
            platform.add_public_key(k::PLATFORM_KEY_ID, k::PLATFORM_PUBLIC_KEY).map_err(|e| anyhow::anyhow!("sandbox keys: {e}"))?;
            let client = WechatPayClient::new(WechatPayConfig {
                base_url: cfg.wechatpay_base_url.clone().unwrap_or_else(|| format!("{here}/sandbox/wechatpay")),
                mchid: k::MCHID.into(),
                appid: k::APPID.into(),
                merchant_serial: k::MERCHANT_SERIAL.into(),
                merchant_key: Signer::from_pem(k::MERCHANT_PRIVATE_KEY).map_err(|e| anyhow::anyhow!("sandbox keys: {e}"))?,
                apiv3_key: k::APIV3_KEY.as_bytes().to_vec(),
                platform,
                notify_url: notify("/api/v1/payments/wechat/notify"),
                refund_notify_url: notify("/api/v1/payments/wechat/refund-notify"),
                transfer_notify_url: notify("/api/v1/payments/wechat/transfer-notify"),
            })
            .with_clock(now);
            Ok((Some(Arc::new(WechatPay { client, sandbox: true })), Some(sandbox)))
        }
        "wechat" => {
            let key = read("FENXIAO_WECHATPAY_PRIVATE_KEY_FILE", &cfg.wechatpay_private_key_file)?;
            let merchant_key = Signer::from_pem(&key).map_err(|e| anyhow::anyhow!("FENXIAO_WECHATPAY_PRIVATE_KEY_FILE: {e}"))?;
            let mut platform = PlatformKeys::new();
            if cfg.wechatpay_public_key_file.is_some() {
                let pem = read("FENXIAO_WECHATPAY_PUBLIC_KEY_FILE", &cfg.wechatpay_public_key_file)?;
                platform
                    .add_public_key(cfg.wechatpay_public_key_id.as_deref().unwrap_or_default(), &pem)
                    .map_err(|e| anyhow::anyhow!("FENXIAO_WECHATPAY_PUBLIC_KEY_FILE: {e}"))?;
            }
            if cfg.wechatpay_platform_cert_file.is_some() {
                let pem = read("FENXIAO_WECHATPAY_PLATFORM_CERT_FILE", &cfg.wechatpay_platform_cert_file)?;
                platform.add_certificate(&pem).map_err(|e| anyhow::anyhow!("FENXIAO_WECHATPAY_PLATFORM_CERT_FILE: {e}"))?;
            }
            let client = WechatPayClient::new(WechatPayConfig {
                base_url: cfg.wechatpay_base_url.clone().unwrap_or_else(|| "https://api.mch.weixin.qq.com".into()),
                mchid: cfg.wechatpay_mchid.clone().unwrap_or_default(),
                appid: cfg.wechatpay_appid.clone().or_else(|| cfg.wechat_appid.clone()).unwrap_or_default(),
                merchant_serial: cfg.wechatpay_merchant_serial.clone().unwrap_or_default(),
                merchant_key,
                apiv3_key: cfg.wechatpay_apiv3_key.as_ref().map(|k| k.expose().as_bytes().to_vec()).unwrap_or_default(),
                platform,
                notify_url: notify("/api/v1/payments/wechat/notify"),
                refund_notify_url: notify("/api/v1/payments/wechat/refund-notify"),
                transfer_notify_url: notify("/api/v1/payments/wechat/transfer-notify"),
            })
            .with_clock(now);
            Ok((Some(Arc::new(WechatPay { client, sandbox: false })), None))
        }
        _ => Ok((None, None)),
    }
}

impl Application {
    pub async fn build(cfg: &Config) -> anyhow::Result<Application> {
        let mut services = services(cfg).await?;
        let bootstrap = services
            .bootstrap_admin(&cfg.admin_username, cfg.admin_password.as_ref().map(|p| p.expose()))
            .await
            .map_err(|e| anyhow::anyhow!("FENXIAO_ADMIN_USERNAME/FENXIAO_ADMIN_PASSWORD: {e}"))?;
        let listener =
            tokio::net::TcpListener::bind(&cfg.listen).await.with_context(|| format!("FENXIAO_LISTEN: cannot bind {}", cfg.listen))?;
        let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
        let (wx, wechat_sandbox) = wechatpay(cfg, port, &services.clock)?;
        services.wechatpay = wx;
        let state = AppState {
            services: services.clone(),
            metrics: crate::telemetry::metrics_handle(),
            trust_proxy: cfg.trust_proxy,
            dev_mode: cfg.dev_mode,
            web_dir: fenxiao_api::routes::web::default_web_dir(cfg.web_dir.as_deref()),
            wechat_sandbox,
        };
        let router = fenxiao_api::router(state);
        Ok(Application { listener, router, services, bootstrap, jobs_interval: Duration::from_secs(cfg.jobs_interval_secs) })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    pub fn services(&self) -> &Services {
        &self.services
    }

    pub async fn run_until_stopped(self, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        let workers = (self.jobs_interval.as_secs() > 0).then(|| self.services.spawn_workers(self.jobs_interval));
        let app = self.router.into_make_service_with_connect_info::<SocketAddr>();
        let r = axum::serve(self.listener, app).with_graceful_shutdown(shutdown).await;
        if let Some(w) = workers {
            w.abort();
        }
        self.services.store.clone().close().await;
        r
    }
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutdown signal received; finishing in-flight requests");
}

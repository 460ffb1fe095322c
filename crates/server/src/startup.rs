//! Build, then run: [`Application::build`] connects, migrates, bootstraps the first admin and binds
//! the listener (port 0 works); [`Application::run_until_stopped`] serves until the shutdown future
//! resolves, finishing in-flight requests.

use crate::config::Config;
use anyhow::Context;
use fenxiao_api::AppState;
use fenxiao_payments::{Code2SessionClient, LoginProvider, SandboxLoginProvider};
use fenxiao_services::cache::{Cache, MemoryCache, RedisCache};
use fenxiao_services::crypto::FieldCipher;
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
        redis,
    })
}

impl Application {
    pub async fn build(cfg: &Config) -> anyhow::Result<Application> {
        let services = services(cfg).await?;
        let bootstrap = services
            .bootstrap_admin(&cfg.admin_username, cfg.admin_password.as_ref().map(|p| p.expose()))
            .await
            .map_err(|e| anyhow::anyhow!("FENXIAO_ADMIN_USERNAME/FENXIAO_ADMIN_PASSWORD: {e}"))?;
        let listener =
            tokio::net::TcpListener::bind(&cfg.listen).await.with_context(|| format!("FENXIAO_LISTEN: cannot bind {}", cfg.listen))?;
        let state = AppState {
            services: services.clone(),
            metrics: crate::telemetry::metrics_handle(),
            trust_proxy: cfg.trust_proxy,
            dev_mode: cfg.dev_mode,
            web_dir: fenxiao_api::routes::web::default_web_dir(cfg.web_dir.as_deref()),
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

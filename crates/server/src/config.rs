//! Configuration: defaults, then an optional `fenxiao.toml`, then `FENXIAO_*` environment variables
//! (env wins). Secrets are wrapped so `Debug` and logs never show them. [`Config::validate`] turns
//! every bad value into one line naming the setting.

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::net::SocketAddr;

#[derive(Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(pub String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"***\"")
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// `FENXIAO_LISTEN`
    pub listen: String,
    /// `FENXIAO_DATABASE_URL`: `sqlite://path` or `postgres://user@host/db`.
    pub database_url: String,
    /// `FENXIAO_DATABASE_MAX_CONNECTIONS`
    pub database_max_connections: u32,
    /// `FENXIAO_REDIS_URL`: unset = in-process cache and limits.
    pub redis_url: Option<String>,
    /// `FENXIAO_ADMIN_USERNAME`, `FENXIAO_ADMIN_PASSWORD`: the super admin created on first start.
    pub admin_username: String,
    pub admin_password: Option<Secret>,
    /// `FENXIAO_DEV_MODE`: sandbox providers, dev clock route, demo helpers.
    pub dev_mode: bool,
    /// `FENXIAO_DATA_KEY`: base64 of 32 random bytes, encrypts personal data at rest. Required
    /// outside dev mode.
    pub data_key: Option<Secret>,
    /// `FENXIAO_LOGIN_PROVIDER`: `sandbox` or `wechat`; default `sandbox` in dev mode, else `wechat`.
    pub login_provider: Option<String>,
    /// `FENXIAO_WECHAT_APPID`, `FENXIAO_WECHAT_SECRET`, `FENXIAO_WECHAT_API_BASE`
    pub wechat_appid: Option<String>,
    pub wechat_secret: Option<Secret>,
    pub wechat_api_base: String,
    /// `FENXIAO_TRUST_PROXY`: take the client IP from `X-Forwarded-For`.
    pub trust_proxy: bool,
    /// `FENXIAO_LOG_FORMAT`: `text` or `json`; `FENXIAO_LOG`: a tracing filter.
    pub log_format: String,
    pub log: String,
    /// `FENXIAO_LOGIN_PER_IP_PER_MINUTE`, `FENXIAO_ADMIN_FAILURES_PER_ACCOUNT`
    pub login_per_ip_per_minute: u32,
    pub admin_failures_per_account: u32,
    /// `FENXIAO_SHOPPER_SESSION_DAYS`, `FENXIAO_ADMIN_SESSION_HOURS`
    pub shopper_session_days: u32,
    pub admin_session_hours: u32,
    /// `FENXIAO_PRIVACY_POLICY_VERSION`
    pub privacy_policy_version: String,
    /// `FENXIAO_REDIS_PREFIX`: namespace for every Redis key (several shops can share a Redis).
    pub redis_prefix: String,
    /// `FENXIAO_JOBS_INTERVAL_SECS`: how often background jobs run; 0 turns the workers off (jobs
    /// then run only through `POST /api/v1/admin/jobs/{name}/run`).
    pub jobs_interval_secs: u64,
    /// `FENXIAO_WEB_DIR`: serve the front ends from this `web/` folder (its `storefront/dist/build/h5`
    /// and `admin/dist`) instead of the copies embedded in a release binary.
    pub web_dir: Option<String>,
    /// `FENXIAO_WECHATPAY_PROVIDER`: `sandbox` (the bundled local WeChat Pay, dev mode only),
    /// `wechat` (the real API) or `off`. Default: `sandbox` in dev mode, else `wechat` when
    /// `FENXIAO_WECHATPAY_MCHID` is set, else `off`.
    pub wechatpay_provider: Option<String>,
    /// `FENXIAO_WECHATPAY_MCHID`, `…_APPID` (defaults to `FENXIAO_WECHAT_APPID`), `…_MERCHANT_SERIAL`
    /// (the merchant API certificate's serial), `…_PRIVATE_KEY_FILE` (its PKCS#8 PEM), `…_APIV3_KEY`.
    pub wechatpay_mchid: Option<String>,
    pub wechatpay_appid: Option<String>,
    pub wechatpay_merchant_serial: Option<String>,
    pub wechatpay_private_key_file: Option<String>,
    pub wechatpay_apiv3_key: Option<Secret>,
    /// Platform keys: `…_PUBLIC_KEY_FILE` with `…_PUBLIC_KEY_ID` (`PUB_KEY_ID_…`, public-key mode)
    /// and/or `…_PLATFORM_CERT_FILE` (platform-certificate mode).
    pub wechatpay_public_key_file: Option<String>,
    pub wechatpay_public_key_id: Option<String>,
    pub wechatpay_platform_cert_file: Option<String>,
    /// `FENXIAO_WECHATPAY_BASE_URL`: the API base (the sandbox's in dev mode).
    pub wechatpay_base_url: Option<String>,
    /// `FENXIAO_WECHATPAY_NOTIFY_BASE`: the public HTTPS origin WeChat calls back, e.g.
    /// `https://shop.example.com` (notify paths are appended). Dev mode: this server.
    pub wechatpay_notify_base: Option<String>,
}

impl Config {
    pub fn wechatpay_provider(&self) -> &str {
        self.wechatpay_provider.as_deref().unwrap_or(if self.dev_mode {
            "sandbox"
        } else if self.wechatpay_mchid.is_some() {
            "wechat"
        } else {
            "off"
        })
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: "127.0.0.1:8080".into(),
            database_url: "sqlite://data/fenxiao.db".into(),
            database_max_connections: 16,
            redis_url: None,
            admin_username: "admin".into(),
            admin_password: None,
            dev_mode: false,
            data_key: None,
            login_provider: None,
            wechat_appid: None,
            wechat_secret: None,
            wechat_api_base: "https://api.weixin.qq.com".into(),
            trust_proxy: false,
            log_format: "text".into(),
            log: "info,sqlx=warn,sea_orm=warn".into(),
            login_per_ip_per_minute: 60,
            admin_failures_per_account: 5,
            shopper_session_days: 30,
            admin_session_hours: 12,
            privacy_policy_version: "2026-11".into(),
            redis_prefix: "fenxiao:".into(),
            jobs_interval_secs: 10,
            web_dir: None,
            wechatpay_provider: None,
            wechatpay_mchid: None,
            wechatpay_appid: None,
            wechatpay_merchant_serial: None,
            wechatpay_private_key_file: None,
            wechatpay_apiv3_key: None,
            wechatpay_public_key_file: None,
            wechatpay_public_key_id: None,
            wechatpay_platform_cert_file: None,
            wechatpay_base_url: None,
            wechatpay_notify_base: None,
        }
    }
}

/// A configuration problem, as one line that names the setting.
#[derive(Debug, thiserror::Error)]
#[error("configuration error: {0}")]
pub struct ConfigError(pub String);

impl Config {
    /// Defaults ← `file` (if it exists) ← `FENXIAO_*` environment.
    pub fn load(file: Option<&str>) -> Result<Config, ConfigError> {
        let path = file.map(str::to_string).unwrap_or_else(|| "fenxiao.toml".into());
        if file.is_some() && !std::path::Path::new(&path).exists() {
            return Err(ConfigError(format!("config file {path} does not exist")));
        }
        let fig = Figment::new().merge(Serialized::defaults(Config::default())).merge(Toml::file(&path)).merge(Env::prefixed("FENXIAO_"));
        let cfg: Config = fig.extract().map_err(|e| {
            let key = e.path.last().map(|k| format!("FENXIAO_{}", k.to_ascii_uppercase())).unwrap_or_else(|| "configuration".into());
            ConfigError(format!("{key}: {}", e.kind))
        })?;
        cfg.validate()?;
        Ok(cfg)
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |k: &str, why: String| Err(ConfigError(format!("{k}: {why}")));
        if self.listen.parse::<SocketAddr>().is_err() {
            return bad("FENXIAO_LISTEN", format!("'{}' is not an address:port such as 127.0.0.1:8080", self.listen));
        }
        let u = &self.database_url;
        if !(u.starts_with("sqlite:") || u.starts_with("postgres://") || u.starts_with("postgresql://")) {
            return bad("FENXIAO_DATABASE_URL", "must start with sqlite:// or postgres://".into());
        }
        if !(1..=1000).contains(&self.database_max_connections) {
            return bad("FENXIAO_DATABASE_MAX_CONNECTIONS", "must be 1..1000".into());
        }
        if let Some(r) = &self.redis_url {
            if !(r.starts_with("redis://") || r.starts_with("rediss://")) {
                return bad("FENXIAO_REDIS_URL", "must start with redis://".into());
            }
        }
        if let Some(k) = &self.data_key {
            if fenxiao_services::crypto::FieldCipher::from_base64(k.expose()).is_err() {
                return bad("FENXIAO_DATA_KEY", "must be the base64 of exactly 32 bytes (e.g. `openssl rand -base64 32`)".into());
            }
        } else if !self.dev_mode {
            return bad(
                "FENXIAO_DATA_KEY",
                "is required outside dev mode (base64 of 32 random bytes, e.g. `openssl rand -base64 32`)".into(),
            );
        }
        match self.login_provider() {
            "sandbox" if !self.dev_mode => return bad("FENXIAO_LOGIN_PROVIDER", "the sandbox login is only allowed in dev mode".into()),
            "sandbox" => {}
            "wechat" => {
                if self.wechat_appid.as_deref().unwrap_or("").is_empty() {
                    return bad(
                        "FENXIAO_WECHAT_APPID",
                        "is required for the wechat login provider (or set FENXIAO_DEV_MODE=true for the sandbox)".into(),
                    );
                }
                if self.wechat_secret.as_ref().is_none_or(|s| s.expose().is_empty()) {
                    return bad("FENXIAO_WECHAT_SECRET", "is required for the wechat login provider".into());
                }
            }
            other => return bad("FENXIAO_LOGIN_PROVIDER", format!("'{other}' is not one of sandbox, wechat")),
        }
        if !matches!(self.log_format.as_str(), "text" | "json") {
            return bad("FENXIAO_LOG_FORMAT", "must be text or json".into());
        }
        if self.login_per_ip_per_minute == 0 {
            return bad("FENXIAO_LOGIN_PER_IP_PER_MINUTE", "must be at least 1".into());
        }
        if self.admin_failures_per_account == 0 {
            return bad("FENXIAO_ADMIN_FAILURES_PER_ACCOUNT", "must be at least 1".into());
        }
        if !(1..=365).contains(&self.shopper_session_days) {
            return bad("FENXIAO_SHOPPER_SESSION_DAYS", "must be 1..365".into());
        }
        if !(1..=720).contains(&self.admin_session_hours) {
            return bad("FENXIAO_ADMIN_SESSION_HOURS", "must be 1..720".into());
        }
        if self.jobs_interval_secs > 86_400 {
            return bad("FENXIAO_JOBS_INTERVAL_SECS", "must be 0..86400".into());
        }
        match self.wechatpay_provider() {
            "off" => {}
            "sandbox" if !self.dev_mode => return bad("FENXIAO_WECHATPAY_PROVIDER", "the sandbox is only allowed in dev mode".into()),
            "sandbox" => {}
            "wechat" => {
                let need = |v: &Option<String>| v.as_deref().unwrap_or("").is_empty();
                if need(&self.wechatpay_mchid) {
                    return bad("FENXIAO_WECHATPAY_MCHID", "is required for the wechat payment provider".into());
                }
                if need(&self.wechatpay_appid) && need(&self.wechat_appid) {
                    return bad("FENXIAO_WECHATPAY_APPID", "is required (or FENXIAO_WECHAT_APPID)".into());
                }
                if need(&self.wechatpay_merchant_serial) {
                    return bad("FENXIAO_WECHATPAY_MERCHANT_SERIAL", "is required for the wechat payment provider".into());
                }
                if need(&self.wechatpay_private_key_file) {
                    return bad("FENXIAO_WECHATPAY_PRIVATE_KEY_FILE", "is required for the wechat payment provider".into());
                }
                if self.wechatpay_apiv3_key.as_ref().is_none_or(|k| k.expose().len() != 32) {
                    return bad("FENXIAO_WECHATPAY_APIV3_KEY", "must be the 32-character APIv3 key".into());
                }
                if need(&self.wechatpay_public_key_file) && need(&self.wechatpay_platform_cert_file) {
                    return bad(
                        "FENXIAO_WECHATPAY_PUBLIC_KEY_FILE",
                        "a platform public key (or FENXIAO_WECHATPAY_PLATFORM_CERT_FILE) is required".into(),
                    );
                }
                if !need(&self.wechatpay_public_key_file) && need(&self.wechatpay_public_key_id) {
                    return bad("FENXIAO_WECHATPAY_PUBLIC_KEY_ID", "is required with a public key file (PUB_KEY_ID_…)".into());
                }
                if !self.wechatpay_notify_base.as_deref().unwrap_or("").starts_with("https://") {
                    return bad("FENXIAO_WECHATPAY_NOTIFY_BASE", "must be the shop's public https:// origin".into());
                }
            }
            other => return bad("FENXIAO_WECHATPAY_PROVIDER", format!("'{other}' is not one of sandbox, wechat, off")),
        }
        if let Some(p) = &self.admin_password {
            if let Err(e) = fenxiao_domain::auth::NewPassword::parse(p.expose()) {
                return bad("FENXIAO_ADMIN_PASSWORD", format!("{e}"));
            }
        }
        if let Err(e) = fenxiao_domain::auth::Username::parse(&self.admin_username) {
            return bad("FENXIAO_ADMIN_USERNAME", format!("{e}"));
        }
        Ok(())
    }

    pub fn login_provider(&self) -> &str {
        self.login_provider.as_deref().unwrap_or(if self.dev_mode { "sandbox" } else { "wechat" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_in_debug() {
        let c = Config { admin_password: Some(Secret("hunter2hunter2".into())), ..Config::default() };
        let d = format!("{c:?}");
        assert!(!d.contains("hunter2"), "{d}");
        assert!(d.contains("***"));
    }

    #[test]
    fn bad_values_name_their_setting() {
        let dev = Config { dev_mode: true, ..Config::default() };
        assert!(dev.validate().is_ok());
        let e = Config { listen: "nope".into(), ..dev.clone() }.validate().unwrap_err().to_string();
        assert!(e.contains("FENXIAO_LISTEN"), "{e}");
        let e = Config { database_url: "mysql://x".into(), ..dev.clone() }.validate().unwrap_err().to_string();
        assert!(e.contains("FENXIAO_DATABASE_URL"), "{e}");
        let e = Config { data_key: Some(Secret("short".into())), ..dev.clone() }.validate().unwrap_err().to_string();
        assert!(e.contains("FENXIAO_DATA_KEY"), "{e}");
        let e = Config::default().validate().unwrap_err().to_string();
        assert!(e.contains("FENXIAO_DATA_KEY"), "production needs a data key: {e}");
        let prod = Config { data_key: Some(Secret("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=".into())), ..Config::default() };
        let e = prod.validate().unwrap_err().to_string();
        assert!(e.contains("FENXIAO_WECHAT_APPID"), "{e}");
        let e = Config { login_provider: Some("sandbox".into()), ..prod.clone() }.validate().unwrap_err().to_string();
        assert!(e.contains("FENXIAO_LOGIN_PROVIDER"), "{e}");
        let e = Config {
            wechatpay_provider: Some("sandbox".into()),
            wechat_appid: Some("wx1".into()),
            wechat_secret: Some(Secret("s".into())),
            ..prod.clone()
        }
        .validate()
        .unwrap_err()
        .to_string();
        assert!(e.contains("FENXIAO_WECHATPAY_PROVIDER"), "{e}");
        let e = Config {
            wechatpay_mchid: Some("123".into()),
            wechat_appid: Some("wx1".into()),
            wechat_secret: Some(Secret("s".into())),
            ..prod.clone()
        }
        .validate()
        .unwrap_err()
        .to_string();
        assert!(e.contains("FENXIAO_WECHATPAY_MERCHANT_SERIAL"), "{e}");
        let e = Config { admin_password: Some(Secret("weak".into())), ..dev }.validate().unwrap_err().to_string();
        assert!(e.contains("FENXIAO_ADMIN_PASSWORD"), "{e}");
    }
}

//! Mini-program login: the client's `wx.login` code is exchanged for an openid through
//! `code2session` (`GET /sns/jscode2session`).

use async_trait::async_trait;
use serde::Deserialize;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WxSession {
    pub openid: String,
    pub session_key: String,
    pub unionid: Option<String>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LoginError {
    /// The code is malformed, expired or already used (WeChat 40029 / 40163).
    #[error("invalid login code: {0}")]
    InvalidCode(String),
    /// WeChat is throttling us (45011).
    #[error("login provider rate limited")]
    RateLimited,
    /// Network failure or an unexpected answer; details are for the log only.
    #[error("login provider unavailable: {0}")]
    Upstream(String),
}

#[async_trait]
pub trait LoginProvider: Send + Sync {
    /// `wechat` or `alipay`: stored with the openid, since openids are only unique per provider.
    fn provider(&self) -> &'static str;
    async fn code_to_session(&self, code: &str) -> Result<WxSession, LoginError>;
}

fn check_code(code: &str) -> Result<(), LoginError> {
    let ok = !code.is_empty() && code.len() <= 128 && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok { Ok(()) } else { Err(LoginError::InvalidCode("malformed code".into())) }
}

/// The real `code2session` client. `base_url` is `https://api.weixin.qq.com` in production.
pub struct Code2SessionClient {
    http: reqwest::Client,
    base_url: String,
    appid: String,
    secret: String,
}

impl Code2SessionClient {
    pub fn new(base_url: &str, appid: &str, secret: &str) -> Result<Self, LoginError> {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().map_err(|e| LoginError::Upstream(e.to_string()))?;
        Ok(Self { http, base_url: base_url.trim_end_matches('/').to_string(), appid: appid.into(), secret: secret.into() })
    }
}

#[derive(Deserialize)]
struct Code2SessionAnswer {
    openid: Option<String>,
    session_key: Option<String>,
    unionid: Option<String>,
    #[serde(default)]
    errcode: i64,
    #[serde(default)]
    errmsg: String,
}

#[async_trait]
impl LoginProvider for Code2SessionClient {
    fn provider(&self) -> &'static str {
        "wechat"
    }

    async fn code_to_session(&self, code: &str) -> Result<WxSession, LoginError> {
        check_code(code)?;
        let resp = self
            .http
            .get(format!("{}/sns/jscode2session", self.base_url))
            .query(&[
                ("appid", self.appid.as_str()),
                ("secret", self.secret.as_str()),
                ("js_code", code),
                ("grant_type", "authorization_code"),
            ])
            .send()
            .await
            .map_err(|e| LoginError::Upstream(e.without_url().to_string()))?;
        if !resp.status().is_success() {
            return Err(LoginError::Upstream(format!("HTTP {}", resp.status())));
        }
        // WeChat answers JSON with a text/plain content type, so parse the body ourselves.
        let body = resp.text().await.map_err(|e| LoginError::Upstream(e.to_string()))?;
        let a: Code2SessionAnswer = serde_json::from_str(&body).map_err(|e| LoginError::Upstream(format!("bad answer: {e}")))?;
        match a.errcode {
            0 => match (a.openid, a.session_key) {
                (Some(openid), Some(session_key)) if !openid.is_empty() => Ok(WxSession { openid, session_key, unionid: a.unionid }),
                _ => Err(LoginError::Upstream("answer without openid".into())),
            },
            40029 | 40163 | 40226 => Err(LoginError::InvalidCode(format!("{} {}", a.errcode, a.errmsg))),
            45011 => Err(LoginError::RateLimited),
            n => Err(LoginError::Upstream(format!("errcode {n}: {}", a.errmsg))),
        }
    }
}

/// Dev-mode login: code `X` is openid `sandbox-X`. Same contract as the real one, no network.
pub struct SandboxLoginProvider;

#[async_trait]
impl LoginProvider for SandboxLoginProvider {
    fn provider(&self) -> &'static str {
        "wechat"
    }

    async fn code_to_session(&self, code: &str) -> Result<WxSession, LoginError> {
        check_code(code)?;
        Ok(WxSession { openid: format!("sandbox-{code}"), session_key: format!("sandbox-key-{code}"), unionid: None })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::{Router, extract::Query, routing::get};
    use std::collections::HashMap;

    /// A local stand-in for api.weixin.qq.com that answers like the real one.
    async fn fake_wechat() -> String {
        async fn handler(Query(q): Query<HashMap<String, String>>) -> ([(&'static str, &'static str); 1], String) {
            let ct = [("content-type", "text/plain")];
            if q.get("appid").map(String::as_str) != Some("wxapp") || q.get("secret").map(String::as_str) != Some("s3cret") {
                return (ct, r#"{"errcode":40013,"errmsg":"invalid appid"}"#.into());
            }
            if q.get("grant_type").map(String::as_str) != Some("authorization_code") {
                return (ct, r#"{"errcode":40002,"errmsg":"invalid grant_type"}"#.into());
            }
            match q.get("js_code").map(String::as_str) {
                Some("good") => (ct, r#"{"openid":"o-123","session_key":"k","unionid":"u-9"}"#.into()),
                Some("busy") => (ct, r#"{"errcode":45011,"errmsg":"api minute-quota reach limit"}"#.into()),
                _ => (ct, r#"{"errcode":40029,"errmsg":"invalid code"}"#.into()),
            }
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, Router::new().route("/sns/jscode2session", get(handler))).await });
        format!("http://{addr}")
    }

    #[tokio::test]
    async fn real_client_speaks_code2session() {
        crate::install_crypto_provider();
        let base = fake_wechat().await;
        let c = Code2SessionClient::new(&base, "wxapp", "s3cret").unwrap();
        let s = c.code_to_session("good").await.unwrap();
        assert_eq!(s, WxSession { openid: "o-123".into(), session_key: "k".into(), unionid: Some("u-9".into()) });
        assert!(matches!(c.code_to_session("expired").await, Err(LoginError::InvalidCode(_))));
        assert_eq!(c.code_to_session("busy").await, Err(LoginError::RateLimited));
        assert!(matches!(c.code_to_session("bad code!").await, Err(LoginError::InvalidCode(_))));
        let wrong = Code2SessionClient::new(&base, "wxapp", "nope").unwrap();
        assert!(matches!(wrong.code_to_session("good").await, Err(LoginError::Upstream(_))));
        let down = Code2SessionClient::new("http://127.0.0.1:9", "wxapp", "s3cret").unwrap();
        assert!(matches!(down.code_to_session("good").await, Err(LoginError::Upstream(_))));
    }

    #[tokio::test]
    async fn sandbox_maps_code_to_openid() {
        let s = SandboxLoginProvider.code_to_session("alice").await.unwrap();
        assert_eq!(s.openid, "sandbox-alice");
        assert!(SandboxLoginProvider.code_to_session("").await.is_err());
        assert!(SandboxLoginProvider.code_to_session("a'b").await.is_err());
    }
}

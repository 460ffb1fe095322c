//! Logins and sessions for shoppers (WeChat code2session) and staff (username + Argon2id password).

use crate::crypto::{new_token, token_hash};
use crate::{ServiceError, ServiceResult, Services, password};
use chrono::Duration as ChronoDuration;
use fenxiao_domain::auth::{Role, Username};
use fenxiao_domain::user::{User, UserStatus, new_invite_code, parse_invite_code};
use fenxiao_payments::LoginError;
use fenxiao_store::{AdminRecord, NewUser, StoreError, SubjectKind};
use std::time::Duration;

pub struct LoginOutcome {
    pub token: String,
    pub user: User,
    pub created: bool,
    /// What the invite code in the login did (bound, unchanged, or refused and why).
    pub binding: Option<fenxiao_store::BindOutcome>,
}

/// Who a bearer token belongs to.
#[derive(Debug, Clone)]
pub enum Principal {
    Shopper { user_id: i64 },
    Admin { admin_id: i64, role: Role },
}

const LOGIN_WINDOW: Duration = Duration::from_secs(60);
const ADMIN_FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);

impl Services {
    async fn limit_ip(&self, ip: Option<&str>) -> ServiceResult<()> {
        if let Some(ip) = ip {
            self.limiter
                .hit(&format!("login-ip:{ip}"), self.settings.login_per_ip_per_minute, LOGIN_WINDOW)
                .await
                .map_err(|retry_after_secs| ServiceError::RateLimited { retry_after_secs })?;
        }
        Ok(())
    }

    fn expiry(&self, ttl: Duration) -> chrono::DateTime<chrono::Utc> {
        self.clock.now() + ChronoDuration::from_std(ttl).unwrap_or(ChronoDuration::days(1))
    }

    /// Exchanges a mini-program login code for a session, creating the shopper on first login.
    /// `invite_code` is remembered as the pending referral source of a shopper who has none yet;
    /// the binding rules themselves belong to the distribution engine.
    pub async fn login_wechat(&self, code: &str, invite_code: Option<&str>, ip: Option<&str>) -> ServiceResult<LoginOutcome> {
        self.limit_ip(ip).await?;
        let invite = match invite_code.map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(c) => Some(parse_invite_code(c).ok_or_else(|| fenxiao_domain::ValidationError::field("invite_code", "invalid_format"))?),
        };
        let session = self.login.code_to_session(code).await.map_err(|e| match e {
            LoginError::InvalidCode(_) => ServiceError::Validation(fenxiao_domain::ValidationError::field("code", "invalid_login_code")),
            LoginError::RateLimited => ServiceError::Upstream("login provider rate limited".into()),
            LoginError::Upstream(m) => ServiceError::Upstream(m),
        })?;
        let provider = self.login.provider();
        let now = self.clock.now();
        let (user, created) = match self.store.find_user_by_openid(provider, &session.openid).await? {
            Some(u) => (u, false),
            None => {
                let mut attempt = 0;
                loop {
                    attempt += 1;
                    let new = NewUser {
                        provider: provider.to_string(),
                        openid: session.openid.clone(),
                        unionid: session.unionid.clone(),
                        nickname: default_nickname(&session.openid),
                        invite_code: new_invite_code(&mut rand::rng()),
                        pending_invite_code: None,
                    };
                    match self.store.create_user(new, now).await {
                        Ok(u) => break (u, true),
                        Err(StoreError::Conflict(_)) => {
                            // Either a parallel login for the same openid won (use its row), or
                            // the random invite code collided (try another).
                            if let Some(u) = self.store.find_user_by_openid(provider, &session.openid).await? {
                                break (u, false);
                            }
                            if attempt >= 5 {
                                return Err(ServiceError::Internal("could not allocate an invite code".into()));
                            }
                        }
                        Err(e) => return Err(e.into()),
                    }
                }
            }
        };
        if user.status == UserStatus::Deleted {
            return Err(ServiceError::Forbidden);
        }
        let mut user = user;
        let mut binding = None;
        if let Some(code) = invite {
            if code != user.invite_code || user.referrer_id.is_none() {
                binding = Some(self.bind_referrer(user.id, &code, "login", "").await?);
                user = self.store.get_user(user.id).await?;
            }
        }
        let token = new_token();
        let expires = self.expiry(self.settings.shopper_session_ttl);
        self.store.create_session(&token_hash(&token), SubjectKind::Shopper, user.id, now, expires, ip.map(str::to_string)).await?;
        Ok(LoginOutcome { token, user, created, binding })
    }

    /// Resolves a bearer token to its principal: unknown, expired or revoked tokens are
    /// `Unauthorized`; a disabled staff account too.
    pub async fn authenticate(&self, token: &str) -> ServiceResult<Principal> {
        if token.len() > 256 {
            return Err(ServiceError::Unauthorized);
        }
        let s = self.store.find_session(&token_hash(token)).await?.ok_or(ServiceError::Unauthorized)?;
        if s.revoked_at.is_some() || s.expires_at <= self.clock.now() {
            return Err(ServiceError::Unauthorized);
        }
        match s.kind {
            SubjectKind::Shopper => Ok(Principal::Shopper { user_id: s.subject_id }),
            SubjectKind::Admin => {
                let a = self.store.get_admin(s.subject_id).await.map_err(|_| ServiceError::Unauthorized)?;
                if !a.active {
                    return Err(ServiceError::Unauthorized);
                }
                Ok(Principal::Admin { admin_id: a.id, role: a.role })
            }
        }
    }

    pub async fn logout(&self, token: &str) -> ServiceResult<()> {
        self.store.revoke_session(&token_hash(token), self.clock.now()).await?;
        Ok(())
    }

    /// Staff login. Refused with `RateLimited` when the IP is over its limit or the account has had
    /// too many recent failures — even with the right password, until the window passes.
    pub async fn login_admin(&self, username: &str, pw: &str, ip: Option<&str>) -> ServiceResult<(String, AdminRecord)> {
        self.limit_ip(ip).await?;
        let uname = Username::parse(username).map_err(|_| ServiceError::Unauthorized)?;
        let acct_key = format!("admin-fail:{}", uname.as_str());
        let max_failures = self.settings.admin_failures_per_account;
        if let Some(retry_after_secs) = self.limiter.is_limited(&acct_key, max_failures).await {
            return Err(ServiceError::RateLimited { retry_after_secs });
        }
        let admin = self.store.find_admin_by_username(uname.as_str()).await?;
        let ok = match &admin {
            Some(a) => password::verify(pw.to_string(), a.password_hash.clone()).await && a.active,
            None => {
                // Spend the same time as a real check so usernames cannot be probed by timing.
                let _ = password::hash(pw.to_string()).await;
                false
            }
        };
        let Some(admin) = admin.filter(|_| ok) else {
            let _ = self.limiter.hit(&acct_key, max_failures, ADMIN_FAILURE_WINDOW).await;
            return Err(ServiceError::Unauthorized);
        };
        self.limiter.reset(&acct_key).await;
        let now = self.clock.now();
        let token = new_token();
        let expires = self.expiry(self.settings.admin_session_ttl);
        self.store.create_session(&token_hash(&token), SubjectKind::Admin, admin.id, now, expires, ip.map(str::to_string)).await?;
        self.store.touch_admin_login(admin.id, now).await?;
        Ok((token, admin))
    }
}

fn default_nickname(openid: &str) -> String {
    let tail: String = openid.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
    format!("微信用户{tail}")
}

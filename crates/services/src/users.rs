//! The shopper's own account: profile, privacy consent, export and deletion (个人信息保护法).

use crate::{ServiceError, ServiceResult, Services};
use fenxiao_domain::ValidationError;
use fenxiao_domain::user::{Phone, User, mask_phone, parse_avatar_url, parse_consent_version, parse_nickname};
use fenxiao_store::{ConsentRecord, ProfilePatch};
use serde_json::json;

#[derive(Debug, Default)]
pub struct ProfileUpdate {
    pub nickname: Option<String>,
    pub avatar_url: Option<String>,
    /// `Some("")` clears the phone.
    pub phone: Option<String>,
    pub privacy_consent_version: Option<String>,
}

impl Services {
    pub async fn get_user(&self, user_id: i64) -> ServiceResult<User> {
        let u = self.store.get_user(user_id).await?;
        if u.status != fenxiao_domain::user::UserStatus::Active {
            return Err(ServiceError::Unauthorized);
        }
        Ok(u)
    }

    /// The phone as every screen shows it (`138****5678`).
    pub fn masked_phone(&self, u: &User) -> Option<String> {
        u.phone_enc.as_deref().and_then(|e| self.cipher.decrypt(e).ok()).map(|p| mask_phone(&p))
    }

    /// Validates every field first (all problems reported together), then applies them.
    pub async fn update_profile(&self, user_id: i64, up: ProfileUpdate, ip: Option<&str>) -> ServiceResult<User> {
        let mut errors = ValidationError::default();
        let mut patch = ProfilePatch::default();
        if let Some(n) = &up.nickname {
            match parse_nickname(n) {
                Ok(n) => patch.nickname = Some(n),
                Err(e) => errors.errors.extend(e.errors),
            }
        }
        if let Some(a) = &up.avatar_url {
            match parse_avatar_url(a) {
                Ok(a) => patch.avatar_url = Some(a),
                Err(e) => errors.errors.extend(e.errors),
            }
        }
        if let Some(p) = &up.phone {
            if p.trim().is_empty() {
                patch.phone_enc = Some(None);
                patch.phone_hash = Some(None);
            } else {
                match Phone::parse(p) {
                    Ok(p) => {
                        patch.phone_enc = Some(Some(self.cipher.encrypt(p.as_str())));
                        patch.phone_hash = Some(Some(self.cipher.blind_index(p.as_str())));
                    }
                    Err(e) => errors.errors.extend(e.errors),
                }
            }
        }
        let mut consent = None;
        if let Some(v) = &up.privacy_consent_version {
            match parse_consent_version(v) {
                Ok(v) if v == self.settings.privacy_policy_version => consent = Some(v),
                Ok(_) => errors.push("privacy_consent_version", "unknown_policy_version"),
                Err(e) => errors.errors.extend(e.errors),
            }
        }
        errors.into_result()?;
        let now = self.clock.now();
        let user = self.store.update_profile(user_id, patch, now).await?;
        if let Some(version) = consent {
            self.store.record_consent(user_id, ConsentRecord { version, accepted_at: now, ip: ip.map(str::to_string) }).await?;
            return Ok(self.store.get_user(user_id).await?);
        }
        Ok(user)
    }

    /// Everything we hold about the shopper, decrypted, as one JSON document. Later issues add
    /// their records (orders, addresses, commissions) here.
    pub async fn export_user(&self, user_id: i64) -> ServiceResult<serde_json::Value> {
        let u = self.get_user(user_id).await?;
        let phone = u.phone_enc.as_deref().and_then(|e| self.cipher.decrypt(e).ok());
        let consents = self.store.list_consents(user_id).await?;
        Ok(json!({
            "exported_at": self.clock.now(),
            "profile": {
                "id": u.id,
                "login_provider": u.provider,
                "openid": u.openid,
                "unionid": u.unionid,
                "nickname": u.nickname,
                "avatar_url": u.avatar_url,
                "phone": phone,
                "invite_code": u.invite_code,
                "pending_invite_code": u.pending_invite_code,
                "referrer_id": u.referrer_id,
                "is_distributor": u.is_distributor,
                "created_at": u.created_at,
            },
            "privacy_consents": consents.iter().map(|c| json!({"version": c.version, "accepted_at": c.accepted_at, "ip": c.ip})).collect::<Vec<_>>(),
        }))
    }

    /// Deletes the account: personal data erased, sessions revoked; financial records kept.
    pub async fn delete_user(&self, user_id: i64) -> ServiceResult<()> {
        self.get_user(user_id).await?;
        self.store.anonymise_user(user_id, self.clock.now()).await?;
        Ok(())
    }
}

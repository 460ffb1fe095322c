//! Staff management (super admins only) and the audit log.

use crate::{ServiceError, ServiceResult, Services, password};
use fenxiao_domain::ValidationError;
use fenxiao_domain::auth::{NewPassword, Role, Username};
use fenxiao_domain::validation::text;
use fenxiao_store::{AdminPatch, AdminRecord, AuditEntry, AuditRecord, NewAdmin, StoreError};
use serde_json::json;

/// The staff member acting, as the API extracted them.
#[derive(Debug, Clone)]
pub struct Actor {
    pub admin_id: i64,
    pub role: Role,
    pub ip: Option<String>,
}

impl Actor {
    pub fn require(&self, roles: &[Role]) -> ServiceResult<()> {
        if self.role == Role::SuperAdmin || roles.contains(&self.role) { Ok(()) } else { Err(ServiceError::Forbidden) }
    }
}

pub struct StaffInput {
    pub username: Option<String>,
    pub password: Option<String>,
    pub role: Option<String>,
    pub display_name: Option<String>,
    pub active: Option<bool>,
}

impl Services {
    fn audit(&self, actor: &Actor, action: &str, target_kind: &str, target_id: Option<String>, detail: serde_json::Value) -> AuditEntry {
        AuditEntry {
            admin_id: actor.admin_id,
            action: action.into(),
            target_kind: target_kind.into(),
            target_id,
            detail,
            ip: actor.ip.clone(),
            at: self.clock.now(),
        }
    }

    /// Creates the first super admin when there is no staff account at all. Returns the password
    /// when one had to be generated (printed once by the server).
    pub async fn bootstrap_admin(&self, username: &str, password: Option<&str>) -> ServiceResult<Option<(String, Option<String>)>> {
        if self.store.count_admins().await? > 0 {
            return Ok(None);
        }
        let uname = Username::parse(username)?;
        let (pw, generated) = match password {
            Some(p) => (NewPassword::parse(p)?, None),
            None => {
                let p = random_password();
                (NewPassword::parse(&p)?, Some(p))
            }
        };
        let hash = password::hash(pw.expose().to_string()).await?;
        let new =
            NewAdmin { username: uname.as_str().into(), password_hash: hash, role: Role::SuperAdmin, display_name: "Super Admin".into() };
        match self.store.create_admin(new, self.clock.now(), None).await {
            Ok(_) => Ok(Some((uname.as_str().to_string(), generated))),
            // Another instance bootstrapped at the same moment.
            Err(StoreError::Conflict(_)) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// `create-admin` from the command line: no acting staff member, so no audit actor.
    pub async fn create_admin_cli(&self, username: &str, password: &str, role: &str) -> ServiceResult<AdminRecord> {
        let uname = Username::parse(username)?;
        let pw = NewPassword::parse(password)?;
        let role = Role::parse(role)?;
        let hash = password::hash(pw.expose().to_string()).await?;
        let new = NewAdmin { username: uname.as_str().into(), password_hash: hash, role, display_name: uname.as_str().into() };
        self.store.create_admin(new, self.clock.now(), None).await.map_err(conflict_username)
    }

    pub async fn create_staff(&self, actor: &Actor, input: StaffInput) -> ServiceResult<AdminRecord> {
        actor.require(&[])?;
        let mut errors = ValidationError::default();
        let uname = match Username::parse(input.username.as_deref().unwrap_or("")) {
            Ok(u) => Some(u),
            Err(e) => {
                errors.errors.extend(e.errors);
                None
            }
        };
        let pw = match NewPassword::parse(input.password.as_deref().unwrap_or("")) {
            Ok(p) => Some(p),
            Err(e) => {
                errors.errors.extend(e.errors);
                None
            }
        };
        let role = match Role::parse(input.role.as_deref().unwrap_or("")) {
            Ok(r) => Some(r),
            Err(e) => {
                errors.errors.extend(e.errors);
                None
            }
        };
        let display = match text("display_name", input.display_name.as_deref().unwrap_or(""), 64, false) {
            Ok(d) => d,
            Err(e) => {
                errors.errors.extend(e.errors);
                String::new()
            }
        };
        errors.into_result()?;
        let (uname, pw, role) = (uname.expect("validated"), pw.expect("validated"), role.expect("validated"));
        let hash = password::hash(pw.expose().to_string()).await?;
        let display = if display.is_empty() { uname.as_str().to_string() } else { display };
        let audit = self.audit(actor, "staff.create", "admin", None, json!({"username": uname.as_str(), "role": role.as_str()}));
        let new = NewAdmin { username: uname.as_str().into(), password_hash: hash, role, display_name: display };
        self.store.create_admin(new, self.clock.now(), Some(&audit)).await.map_err(conflict_username)
    }

    pub async fn update_staff(&self, actor: &Actor, id: i64, input: StaffInput) -> ServiceResult<AdminRecord> {
        actor.require(&[])?;
        let mut errors = ValidationError::default();
        let mut patch = AdminPatch::default();
        let mut detail = serde_json::Map::new();
        if input.username.is_some() {
            errors.push("username", "immutable");
        }
        if let Some(p) = &input.password {
            match NewPassword::parse(p) {
                Ok(p) => {
                    patch.password_hash = Some(password::hash(p.expose().to_string()).await?);
                    detail.insert("password".into(), json!("changed"));
                }
                Err(e) => errors.errors.extend(e.errors),
            }
        }
        if let Some(r) = &input.role {
            match Role::parse(r) {
                Ok(r) => {
                    patch.role = Some(r);
                    detail.insert("role".into(), json!(r.as_str()));
                }
                Err(e) => errors.errors.extend(e.errors),
            }
        }
        if let Some(d) = &input.display_name {
            match text("display_name", d, 64, true) {
                Ok(d) => {
                    detail.insert("display_name".into(), json!(d));
                    patch.display_name = Some(d);
                }
                Err(e) => errors.errors.extend(e.errors),
            }
        }
        if let Some(a) = input.active {
            patch.active = Some(a);
            detail.insert("active".into(), json!(a));
        }
        errors.into_result()?;
        let audit = self.audit(actor, "staff.update", "admin", Some(id.to_string()), serde_json::Value::Object(detail));
        self.store.update_admin(id, patch, &audit).await.map_err(|e| match e {
            StoreError::Conflict(m) if m == "last_super_admin" => {
                ServiceError::Conflict { code: "last_super_admin", detail: "the shop must keep one active super admin".into() }
            }
            e => e.into(),
        })
    }

    pub async fn list_staff(&self, actor: &Actor) -> ServiceResult<Vec<AdminRecord>> {
        actor.require(&[])?;
        Ok(self.store.list_admins().await?)
    }

    pub async fn get_admin(&self, id: i64) -> ServiceResult<AdminRecord> {
        Ok(self.store.get_admin(id).await?)
    }

    pub async fn audit_log(
        &self,
        actor: &Actor,
        admin_id: Option<i64>,
        action_prefix: Option<&str>,
        page: u64,
        page_size: u64,
    ) -> ServiceResult<(Vec<AuditRecord>, u64)> {
        actor.require(&[])?;
        Ok(self.store.list_audit(admin_id, action_prefix, page, page_size).await?)
    }
}

fn conflict_username(e: StoreError) -> ServiceError {
    match e {
        StoreError::Conflict(_) => ServiceError::Conflict { code: "username_taken", detail: "that username is taken".into() },
        e => e.into(),
    }
}

fn random_password() -> String {
    use rand::Rng;
    const A: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    let mut p: String = (0..16).map(|_| A[rng.random_range(0..A.len())] as char).collect();
    // Guarantee the letter-and-digit rule.
    p.push(char::from(b'2' + rng.random_range(0..8u8)));
    p
}

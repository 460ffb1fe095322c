use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Provider,
    Openid,
    Unionid,
    Nickname,
    AvatarUrl,
    PhoneEnc,
    PhoneHash,
    InviteCode,
    PendingInviteCode,
    ReferrerId,
    IsDistributor,
    ConsentVersion,
    ConsentAt,
    Status,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
}

#[derive(DeriveIden)]
enum PrivacyConsents {
    Table,
    Id,
    UserId,
    Version,
    AcceptedAt,
    Ip,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    TokenHash,
    SubjectKind,
    SubjectId,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
    Ip,
}

#[derive(DeriveIden)]
enum Admins {
    Table,
    Id,
    Username,
    PasswordHash,
    Role,
    DisplayName,
    Active,
    CreatedAt,
    UpdatedAt,
    LastLoginAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    AdminId,
    Action,
    TargetKind,
    TargetId,
    Detail,
    Ip,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(big_pk_auto(Users::Id))
                .col(string_len(Users::Provider, 16))
                .col(string_len(Users::Openid, 128))
                .col(string_len_null(Users::Unionid, 128))
                .col(string_len(Users::Nickname, 64))
                .col(string_len(Users::AvatarUrl, 512))
                .col(text_null(Users::PhoneEnc))
                .col(string_len_null(Users::PhoneHash, 64))
                .col(string_len_uniq(Users::InviteCode, 16))
                .col(string_len_null(Users::PendingInviteCode, 16))
                .col(big_integer_null(Users::ReferrerId))
                .col(boolean(Users::IsDistributor).default(false))
                .col(string_len_null(Users::ConsentVersion, 32))
                .col(timestamp_with_time_zone_null(Users::ConsentAt))
                .col(string_len(Users::Status, 16).default("active"))
                .col(timestamp_with_time_zone(Users::CreatedAt))
                .col(timestamp_with_time_zone(Users::UpdatedAt))
                .col(timestamp_with_time_zone_null(Users::DeletedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_users_provider_openid")
                .table(Users::Table)
                .col(Users::Provider)
                .col(Users::Openid)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("ix_users_referrer").table(Users::Table).col(Users::ReferrerId).to_owned()).await?;
        m.create_index(Index::create().name("ix_users_phone_hash").table(Users::Table).col(Users::PhoneHash).to_owned()).await?;

        m.create_table(
            Table::create()
                .table(PrivacyConsents::Table)
                .col(big_pk_auto(PrivacyConsents::Id))
                .col(big_integer(PrivacyConsents::UserId))
                .col(string_len(PrivacyConsents::Version, 32))
                .col(timestamp_with_time_zone(PrivacyConsents::AcceptedAt))
                .col(string_len_null(PrivacyConsents::Ip, 64))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ix_privacy_consents_user").table(PrivacyConsents::Table).col(PrivacyConsents::UserId).to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Sessions::Table)
                .col(big_pk_auto(Sessions::Id))
                .col(string_len_uniq(Sessions::TokenHash, 64))
                .col(string_len(Sessions::SubjectKind, 16))
                .col(big_integer(Sessions::SubjectId))
                .col(timestamp_with_time_zone(Sessions::CreatedAt))
                .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                .col(timestamp_with_time_zone_null(Sessions::RevokedAt))
                .col(string_len_null(Sessions::Ip, 64))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_sessions_subject")
                .table(Sessions::Table)
                .col(Sessions::SubjectKind)
                .col(Sessions::SubjectId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Admins::Table)
                .col(big_pk_auto(Admins::Id))
                .col(string_len_uniq(Admins::Username, 32))
                .col(string_len(Admins::PasswordHash, 255))
                .col(string_len(Admins::Role, 16))
                .col(string_len(Admins::DisplayName, 64))
                .col(boolean(Admins::Active).default(true))
                .col(timestamp_with_time_zone(Admins::CreatedAt))
                .col(timestamp_with_time_zone(Admins::UpdatedAt))
                .col(timestamp_with_time_zone_null(Admins::LastLoginAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(big_pk_auto(AuditLog::Id))
                .col(big_integer(AuditLog::AdminId))
                .col(string_len(AuditLog::Action, 64))
                .col(string_len(AuditLog::TargetKind, 32))
                .col(string_len_null(AuditLog::TargetId, 64))
                .col(text(AuditLog::Detail))
                .col(string_len_null(AuditLog::Ip, 64))
                .col(timestamp_with_time_zone(AuditLog::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("ix_audit_log_admin").table(AuditLog::Table).col(AuditLog::AdminId).to_owned()).await?;
        Ok(())
    }
}

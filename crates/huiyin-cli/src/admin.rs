//! `huiyin admin …`: setting up an office, importing its units, adding users and their
//! contacts, rotating keys.

use clap::{Args, Subcommand};
use huiyin_app::{AppError, ContactInput, FirstAdmin, InitInput, NewUserInput, ParentRef, UserRef};
use huiyin_core::org::UnitKind;
use huiyin_core::region::RegionTable;
use huiyin_core::role::Role;
use std::path::PathBuf;

use crate::cli::{Error, build_app, open_database};
use crate::config::Config;

#[derive(Subcommand, Debug)]
pub enum AdminCommand {
    /// First run of a real office, on an empty database: creates the root unit (the ministry
    /// or a provincial department, with its GB/T 2260 region code) and the system, security
    /// and audit administrators (三员分立, one role each). Their passwords are generated and
    /// printed once; each must change it (and enrol a second factor) at first sign-in.
    Init(InitArgs),
    /// Import the organisation tree below the existing units from a TOML file of [[unit]]
    /// tables (name, kind, parent = a unit's name or region code, region_code). All or
    /// nothing: every problem is listed with its line and nothing is written if there is one.
    /// Units that already exist with the same name and parent are left alone.
    ImportUnits(ImportArgs),
    /// Add a user (password read from HUIYIN_NEW_PASSWORD or --password).
    AddUser(AddUserArgs),
    /// Set a user's work contacts for notifications: the mobile number of SMS through the
    /// gateway and the e-mail address of SMTP (stored sealed). A value left out is cleared.
    UserContact(UserContactArgs),
    /// Add a new personal-data key, make it active, and re-encrypt stored values with it.
    /// Running servers keep working: they reload the key file when they meet the new key.
    RotateKeys(RotateArgs),
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Name of the root unit, e.g. 浙江省教育厅.
    #[arg(long)]
    pub unit_name: String,
    /// Kind of the root unit: provincial_department or ministry.
    #[arg(long)]
    pub unit_kind: String,
    /// GB/T 2260 region code of the root unit (a province-level code such as 330000 for a
    /// provincial department).
    #[arg(long)]
    pub region_code: String,
    /// Username of the system administrator (units, users, calendar).
    #[arg(long)]
    pub admin: String,
    /// Display name of the system administrator.
    #[arg(long, default_value = "系统管理员")]
    pub admin_name: String,
    /// Username of the security administrator (second factors, sign-in history).
    #[arg(long)]
    pub security_admin: String,
    /// Display name of the security administrator.
    #[arg(long, default_value = "安全管理员")]
    pub security_admin_name: String,
    /// Username of the audit administrator (reads and verifies the audit trail).
    #[arg(long)]
    pub auditor: String,
    /// Display name of the audit administrator.
    #[arg(long, default_value = "审计管理员")]
    pub auditor_name: String,
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The TOML file of [[unit]] tables.
    #[arg(long)]
    pub file: PathBuf,
    /// Check the file and show what would be created, without writing anything.
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct RotateArgs {
    /// Algorithm of the new key: sm4gcm or aes256gcm (default: the configured one).
    #[arg(long)]
    pub algorithm: Option<String>,
    /// Only re-encrypt values not yet under the active key (finish an interrupted rotation).
    #[arg(long)]
    pub reseal_only: bool,
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct UserContactArgs {
    #[arg(long)]
    pub username: String,
    /// Mainland mobile number, e.g. 13800138000.
    #[arg(long)]
    pub phone: Option<String>,
    /// Work e-mail address.
    #[arg(long)]
    pub email: Option<String>,
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct AddUserArgs {
    #[arg(long)]
    pub username: String,
    #[arg(long, env = "HUIYIN_NEW_PASSWORD", hide_env_values = true)]
    pub password: String,
    #[arg(long)]
    pub display_name: String,
    /// Id of the user's unit.
    #[arg(long)]
    pub unit_id: i64,
    /// Roles, comma separated: registrar, handler, leader, supervisor, admin, security_admin,
    /// auditor.
    #[arg(long, value_delimiter = ',')]
    pub roles: Vec<String>,
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
}

/// An application error as a command-line message: the code's text and every field's, in
/// Chinese then English.
fn explain(e: AppError) -> Error {
    match e {
        AppError::Domain(d) => {
            let mut out = format!("{} / {} ({})", d.code.zh(), d.code.en(), d.code.as_str());
            for (field, m) in &d.fields {
                out.push_str(&format!("\n  {field}: {} / {}", m.zh, m.en));
            }
            out.into()
        }
        other => other.into(),
    }
}

pub async fn run(mut cfg: Config, cmd: AdminCommand) -> Result<(), Error> {
    let dir = match &cmd {
        AdminCommand::Init(a) => a.data_dir.clone(),
        AdminCommand::ImportUnits(a) => a.data_dir.clone(),
        AdminCommand::AddUser(a) => a.data_dir.clone(),
        AdminCommand::UserContact(a) => a.data_dir.clone(),
        AdminCommand::RotateKeys(a) => a.data_dir.clone(),
    };
    if let Some(d) = dir {
        cfg.data_dir = d;
    }
    match cmd {
        AdminCommand::Init(a) => init(&cfg, a).await,
        AdminCommand::ImportUnits(a) => import(&cfg, a).await,
        AdminCommand::AddUser(a) => add_user(&cfg, a).await,
        AdminCommand::UserContact(a) => user_contact(&cfg, a).await,
        AdminCommand::RotateKeys(a) => rotate(&cfg, a).await,
    }
}

async fn init(cfg: &Config, a: InitArgs) -> Result<(), Error> {
    let kind = UnitKind::parse(a.unit_kind.trim()).ok_or_else(|| {
        format!(
            "未知的单位类型 unknown unit kind {}: the root is provincial_department or ministry",
            a.unit_kind
        )
    })?;
    let app = build_app(cfg, false).await?;
    let input = InitInput {
        unit_name: a.unit_name,
        unit_kind: kind,
        region_code: a.region_code,
        admin: FirstAdmin {
            username: a.admin,
            display_name: a.admin_name,
        },
        security_admin: FirstAdmin {
            username: a.security_admin,
            display_name: a.security_admin_name,
        },
        auditor: FirstAdmin {
            username: a.auditor,
            display_name: a.auditor_name,
        },
    };
    let done = app.initialise_office(input).await.map_err(explain)?;
    app.close().await;
    let u = &done.unit;
    let region = RegionTable::official()
        .name(&u.region_code)
        .unwrap_or_default();
    println!(
        "已初始化 office set up: {} ({}, {} {region}), unit id {}",
        u.name,
        u.kind.as_str(),
        u.region_code,
        u.id
    );
    println!(
        "初始密码只显示这一次 initial passwords, shown only this once \
         (每人首次登录须修改密码 each must change it at first sign-in):"
    );
    for acc in &done.accounts {
        println!(
            "  {:<15} {:<20} {}",
            acc.role.as_str(),
            acc.username,
            acc.password
        );
    }
    let otp: Vec<&str> = done
        .accounts
        .iter()
        .filter(|acc| cfg.totp_roles(false).contains(&acc.role))
        .map(|acc| acc.username.as_str())
        .collect();
    if !otp.is_empty() {
        println!(
            "须使用动态验证码 a second factor is required for: {} \
             (修改密码时开通 enrolled with the password change)",
            otp.join(", ")
        );
    }
    println!(
        "下一步 next: huiyin admin import-units --file units.toml, then huiyin serve, \
         and sign in at /login (README: Starting a real office)"
    );
    Ok(())
}

async fn import(cfg: &Config, a: ImportArgs) -> Result<(), Error> {
    let text = std::fs::read_to_string(&a.file)
        .map_err(|e| format!("cannot read {}: {e}", a.file.display()))?;
    let app = build_app(cfg, false).await?;
    let org = app.org();
    let (plan, made) = app.import_units(&text, a.dry_run).await.map_err(explain)?;
    app.close().await;
    if !plan.problems.is_empty() {
        for p in &plan.problems {
            println!("  {p}");
        }
        return Err(format!(
            "未导入任何单位 nothing imported: {} problem(s) in {}",
            plan.problems.len(),
            a.file.display()
        )
        .into());
    }
    let parent_name = |p: ParentRef| match p {
        ParentRef::Existing(id) => org.get(id).map(|u| u.name.clone()).unwrap_or_default(),
        ParentRef::Batch(i) => plan
            .create
            .get(i)
            .map(|u| u.name.clone())
            .unwrap_or_default(),
        ParentRef::Root => String::new(),
    };
    for u in &plan.create {
        println!(
            "  + {} ({}, {}) ← {}",
            u.name,
            u.kind.as_str(),
            u.region_code,
            parent_name(u.parent)
        );
    }
    for (name, id) in &plan.existing {
        println!("  = {name} (已存在 exists, id {id})");
    }
    let (n, m) = (plan.create.len(), plan.existing.len());
    if a.dry_run {
        println!(
            "试运行，未写入 dry run, nothing written: would create {n} unit(s); {m} exist already"
        );
    } else {
        println!(
            "已导入 imported {} unit(s); {m} existed already",
            made.len()
        );
    }
    Ok(())
}

async fn add_user(cfg: &Config, a: AddUserArgs) -> Result<(), Error> {
    let app = build_app(cfg, false).await?;
    let mut roles = Vec::new();
    for r in &a.roles {
        roles.push(Role::parse(r.trim()).ok_or_else(|| format!("unknown role: {r}"))?);
    }
    let user = app
        .create_user(
            None,
            NewUserInput {
                username: a.username,
                password: a.password,
                display_name: a.display_name,
                unit_id: a.unit_id,
                roles,
            },
        )
        .await
        .map_err(explain)?;
    app.close().await;
    println!("已创建用户 created user {} (id {})", user.username, user.id);
    Ok(())
}

async fn user_contact(cfg: &Config, a: UserContactArgs) -> Result<(), Error> {
    let app = build_app(cfg, false).await?;
    let done = app
        .set_user_contact(
            None,
            UserRef::Username(a.username),
            ContactInput {
                phone: a.phone,
                email: a.email,
            },
        )
        .await
        .map_err(explain)?;
    app.close().await;
    println!(
        "已设置联系方式 contacts of {}: phone {}, e-mail {}",
        done.username,
        done.phone.as_deref().unwrap_or("-"),
        done.email.as_deref().unwrap_or("-")
    );
    Ok(())
}

async fn rotate(cfg: &Config, a: RotateArgs) -> Result<(), Error> {
    let db = open_database(cfg).await?;
    if !a.reseal_only {
        let alg_name = a.algorithm.unwrap_or_else(|| cfg.pii_algorithm.clone());
        let alg = huiyin_crypto::Algorithm::parse(&alg_name)
            .ok_or_else(|| format!("unknown algorithm {alg_name}"))?;
        let id = db.rotate_key(alg, |ring| {
            crate::keys::write_atomically(&cfg.key_file(), &ring.to_key_file())
        })?;
        println!(
            "新密钥 {id} 已启用 new key {id} ({}) is active",
            alg.as_str()
        );
    }
    let done = db.reseal().await?;
    let (changed, files) = (done.petitioners, done.attachments);
    println!("已重新加密 {changed} 条信访人记录 re-encrypted {changed} petitioner rows");
    println!("已重新加密 {files} 个附件 re-encrypted {files} attachments");
    let users = done.users;
    println!(
        "已重新加密 {users} 个用户的联系方式或动态口令密钥 re-encrypted {users} users' contacts or TOTP secrets"
    );
    db.close().await;
    Ok(())
}

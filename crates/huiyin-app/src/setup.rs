//! First run of a real office (`huiyin admin init`): the root unit with its GB/T 2260 region
//! code and the three separated administrators (三员分立), each with a generated password that
//! must be changed at first sign-in.

use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::org::{Unit, UnitKind, check_new_unit};
use huiyin_core::region::{RegionCode, RegionLevel, RegionTable};
use huiyin_core::role::Role;
use huiyin_store::{NewUnit, NewUser, ParentRef, StoreError};

use crate::auth::{check_password_policy, hash_password};
use crate::context::App;
use crate::error::{AppError, Result};
use crate::org::{USERNAME_RULE, username_ok};

/// One of the first administrators: username and display name.
#[derive(Clone, Debug)]
pub struct FirstAdmin {
    pub username: String,
    pub display_name: String,
}

/// What `huiyin admin init` is given.
#[derive(Clone, Debug)]
pub struct InitInput {
    pub unit_name: String,
    pub unit_kind: UnitKind,
    pub region_code: String,
    /// System administrator (`admin`).
    pub admin: FirstAdmin,
    /// Security administrator (`security_admin`).
    pub security_admin: FirstAdmin,
    /// Audit administrator (`auditor`).
    pub auditor: FirstAdmin,
}

/// An account made by `init`, with its one-time password (shown once, never stored in clear).
#[derive(Clone, Debug)]
pub struct InitAccount {
    pub role: Role,
    pub username: String,
    pub display_name: String,
    pub password: String,
}

/// The office as set up.
#[derive(Clone, Debug)]
pub struct Initialised {
    pub unit: Unit,
    pub accounts: Vec<InitAccount>,
}

/// A code listed in the shipped GB/T 2260 table, or the problem (zh, en).
pub(crate) fn listed_region(raw: &str) -> std::result::Result<RegionCode, (String, String)> {
    let table = RegionTable::official();
    let code = RegionCode::parse(raw).map_err(|p| (p.zh.clone(), p.en.clone()))?;
    if !table.contains(&code) {
        return Err((
            format!(
                "行政区划代码 {code} 不在 GB/T 2260 代码表（{}）中",
                table.version()
            ),
            format!(
                "region code {code} is not in the GB/T 2260 table ({})",
                table.version()
            ),
        ));
    }
    Ok(code)
}

/// A one-time password: 16 characters without look-alikes (0/O, 1/l/I), with upper case,
/// lower case and digits, from the OS random generator.
pub fn generate_password(username: &str) -> Result<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
    // Bytes below a multiple of the alphabet's length keep every character equally likely.
    let limit = (256 / ALPHABET.len()) * ALPHABET.len();
    for _ in 0..100 {
        let bytes =
            huiyin_crypto::random_bytes::<64>().map_err(|_| AppError::code(ErrorCode::Internal))?;
        let pw: String = bytes
            .iter()
            .map(|b| usize::from(*b))
            .filter(|b| *b < limit)
            .take(16)
            .map(|b| char::from(ALPHABET[b % ALPHABET.len()]))
            .collect();
        let kinds = pw.chars().any(|c| c.is_ascii_uppercase())
            && pw.chars().any(|c| c.is_ascii_lowercase())
            && pw.chars().any(|c| c.is_ascii_digit());
        if pw.len() == 16 && kinds && check_password_policy(username, &pw).is_ok() {
            return Ok(pw);
        }
    }
    Err(ErrorCode::Internal.into())
}

fn check(input: &InitInput) -> std::result::Result<(RegionCode, u8), DomainError> {
    let mut err = DomainError::new(ErrorCode::Validation);
    let name = input.unit_name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        err = err.with("unit_name", "单位名称应为1至100个字", "1 to 100 characters");
    }
    let level = match check_new_unit(input.unit_kind, None) {
        Ok(level) => Some(level),
        Err(_) => {
            err = err.with(
                "unit_kind",
                "根单位只能是教育部（ministry）或省级教育厅（provincial_department）；市、县教育局和学校以所在省教育厅为根单位，再用 import-units 导入本单位",
                "the root unit is the ministry or a provincial department; a city or county bureau or a school starts with its province's department as the root and imports itself below it (import-units)",
            );
            None
        }
    };
    let region = match listed_region(&input.region_code) {
        Ok(code) => {
            if input.unit_kind == UnitKind::ProvincialDepartment
                && code.level() != RegionLevel::Province
            {
                err = err.with(
                    "region_code",
                    format!("省级教育厅的行政区划代码应为省级代码（如330000），而不是 {code}"),
                    format!(
                        "a provincial department needs a province-level code (e.g. 330000), not {code}"
                    ),
                );
            }
            Some(code)
        }
        Err((zh, en)) => {
            err = err.with("region_code", zh, en);
            None
        }
    };
    let people = [
        ("admin", &input.admin),
        ("security_admin", &input.security_admin),
        ("auditor", &input.auditor),
    ];
    for (i, (field, a)) in people.iter().enumerate() {
        if !username_ok(a.username.trim()) {
            err = err.with(field, USERNAME_RULE.0, USERNAME_RULE.1);
        } else if people[..i]
            .iter()
            .any(|(_, b)| b.username.trim() == a.username.trim())
        {
            err = err.with(
                field,
                "三名管理员须为三个不同的用户（三员分立）",
                "the three administrators must be three different users (separation of duties)",
            );
        }
        let display = a.display_name.trim();
        if display.is_empty() || display.chars().count() > 50 {
            err = err.with(
                field,
                "姓名应为1至50个字",
                "a display name of 1 to 50 characters",
            );
        }
    }
    match (region, level) {
        (Some(r), Some(l)) if err.fields.is_empty() => Ok((r, l)),
        _ => Err(err),
    }
}

impl App {
    /// Sets up an empty database: the root unit and its three administrators, in one
    /// transaction with their audit entries. Refuses a database that has units.
    pub async fn initialise_office(&self, input: InitInput) -> Result<Initialised> {
        if self.store.count_units().await? > 0 {
            return Err(ErrorCode::SetupNotEmpty.into());
        }
        let (region, level) = check(&input)?;
        let people = [
            (Role::Admin, &input.admin),
            (Role::SecurityAdmin, &input.security_admin),
            (Role::Auditor, &input.auditor),
        ];
        let mut accounts = Vec::with_capacity(3);
        for (role, a) in people {
            let username = a.username.trim().to_owned();
            accounts.push(InitAccount {
                role,
                password: generate_password(&username)?,
                username,
                display_name: a.display_name.trim().to_owned(),
            });
        }
        let passwords: Vec<String> = accounts.iter().map(|a| a.password.clone()).collect();
        let hashes = tokio::task::spawn_blocking(move || {
            passwords
                .iter()
                .map(|p| hash_password(p))
                .collect::<Result<Vec<String>>>()
        })
        .await
        .map_err(|_| AppError::code(ErrorCode::Internal))??;
        let roles: Vec<[Role; 1]> = accounts.iter().map(|a| [a.role]).collect();
        let users: Vec<NewUser<'_>> = accounts
            .iter()
            .zip(&hashes)
            .zip(&roles)
            .map(|((a, h), r)| NewUser {
                username: &a.username,
                password_hash: h,
                display_name: &a.display_name,
                unit_id: 0,
                roles: r,
            })
            .collect();
        let root = NewUnit {
            name: input.unit_name.trim().to_owned(),
            kind: input.unit_kind,
            level,
            parent: ParentRef::Root,
            region_code: region.as_str().to_owned(),
        };
        let made = self
            .store
            .initialise(&root, &users, self.now_ms(), |unit, users| {
                let who = "command-line";
                let mut entries = vec![self.audit_entry(
                    None,
                    who,
                    "config.unit_create",
                    &format!("unit:{}", unit.id),
                    "ok",
                    &format!("{} (admin init)", unit.name),
                )];
                entries.extend(users.iter().map(|u| {
                    let roles: Vec<&str> = u.roles.iter().map(|r| r.as_str()).collect();
                    self.audit_entry(
                        None,
                        who,
                        "config.user_create",
                        &u.username,
                        "ok",
                        &format!("{} (admin init)", roles.join(",")),
                    )
                }));
                entries
            })
            .await;
        let (unit, _) = match made {
            Err(StoreError::Refused(_)) => {
                return Err(ErrorCode::SetupNotEmpty.into());
            }
            other => other?,
        };
        self.reload_org().await?;
        Ok(Initialised { unit, accounts })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn generated_passwords_follow_the_policy_and_differ() {
        let a = generate_password("admin").unwrap();
        let b = generate_password("admin").unwrap();
        assert_eq!(a.len(), 16);
        assert_ne!(a, b);
        assert!(check_password_policy("admin", &a).is_ok());
        assert!(!a.contains(['0', 'O', '1', 'l', 'I']));
    }

    #[test]
    fn region_codes_come_from_the_table() {
        assert!(listed_region("330106").is_ok());
        assert!(
            listed_region("339999").is_err(),
            "well-formed but not listed"
        );
        assert!(listed_region("33010").is_err());
    }
}

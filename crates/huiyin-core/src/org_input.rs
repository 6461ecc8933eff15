//! Administering the organisation, as submitted — the API's JSON or an administrator's form —
//! read into [`UnitForm`] and [`UserForm`] and converted once into [`NewUnitInput`] and
//! [`NewUserInput`]; what a unit or a user must satisfy beyond that (a parent of the right
//! level, a username's characters, a password's strength) is the app's to check.

use serde::Deserialize;

use crate::error::DomainError;
use crate::org::{UnitId, UnitKind};
use crate::role::Role;
use crate::wire::{ExactText, Field, Problems};

crate::from_wire_by_parse!(UnitKind, Role);

/// A unit to create.
pub struct NewUnitInput {
    pub name: String,
    pub kind: UnitKind,
    pub parent_id: Option<UnitId>,
    pub region_code: String,
}

/// A user to create.
pub struct NewUserInput {
    pub username: String,
    pub password: String,
    pub display_name: String,
    pub unit_id: UnitId,
    pub roles: Vec<Role>,
}

/// A unit as submitted.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct UnitForm {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub name: Field<String>,
    /// ministry, provincial_department, city_bureau, county_bureau, school, university,
    /// university_department, petition_office, discipline_body, political_legal, hotline
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub kind: Field<UnitKind>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub parent_id: Field<UnitId>,
    /// GB/T 2260 code, six digits.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub region_code: Field<String>,
}

/// A user as submitted.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct UserForm {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub username: Field<String>,
    /// Taken exactly as sent (spaces may be part of it).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub password: Field<ExactText>,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub display_name: Field<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub unit_id: Field<UnitId>,
    /// registrar, handler, leader, supervisor, admin, security_admin, auditor
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub roles: Vec<Field<Role>>,
}

fn text(f: Field<String>) -> String {
    f.into_given().unwrap_or_default()
}

impl TryFrom<UnitForm> for NewUnitInput {
    type Error = DomainError;

    fn try_from(f: UnitForm) -> Result<NewUnitInput, DomainError> {
        let mut p = Problems::default();
        match &f.kind {
            Field::Absent => p.add("kind", "请选择单位类型", "choose a kind"),
            Field::Invalid(_) => p.add("kind", "不是有效的单位类型", "not a known unit kind"),
            Field::Given(_) => {}
        }
        if matches!(f.parent_id, Field::Invalid(_)) {
            p.add("parent_id", "上级单位无效", "not a unit");
        }
        p.finish(|| ())?;
        let Some(kind) = f.kind.into_given() else {
            return Err(DomainError::invalid(
                "kind",
                "请选择单位类型",
                "choose a kind",
            ));
        };
        Ok(NewUnitInput {
            name: text(f.name),
            kind,
            parent_id: f.parent_id.into_given(),
            region_code: text(f.region_code),
        })
    }
}

impl TryFrom<UserForm> for NewUserInput {
    type Error = DomainError;

    fn try_from(f: UserForm) -> Result<NewUserInput, DomainError> {
        let mut p = Problems::default();
        let mut roles = Vec::new();
        for r in &f.roles {
            match r {
                Field::Given(role) if !roles.contains(role) => roles.push(*role),
                Field::Invalid(name) => p.add(
                    "roles",
                    &format!("未知角色：{name}"),
                    &format!("unknown role: {name}"),
                ),
                _ => {}
            }
        }
        if f.unit_id.given().is_none() {
            p.add("unit_id", "请选择单位", "choose a unit");
        }
        p.finish(|| ())?;
        let Some(unit_id) = f.unit_id.into_given() else {
            return Err(DomainError::invalid(
                "unit_id",
                "请选择单位",
                "choose a unit",
            ));
        };
        Ok(NewUserInput {
            username: text(f.username),
            password: f.password.into_given().map(|p| p.0).unwrap_or_default(),
            display_name: text(f.display_name),
            unit_id,
            roles,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_password_keeps_its_spaces_and_roles_are_read_once() {
        let f: UserForm = serde_json::from_str(
            r#"{"username": " wang ", "password": " pass word ", "display_name": "王",
                "unit_id": "3", "roles": ["handler", "handler", "leader"]}"#,
        )
        .unwrap();
        let u = NewUserInput::try_from(f).unwrap();
        assert_eq!(u.username, "wang");
        assert_eq!(u.password, " pass word ");
        assert_eq!(u.unit_id, 3);
        assert_eq!(u.roles, [Role::Handler, Role::Leader]);
    }

    #[test]
    fn unknown_roles_and_a_missing_unit_are_reported_together() {
        let f: UserForm =
            serde_json::from_str(r#"{"username": "x", "roles": ["wizard"]}"#).unwrap();
        let e = NewUserInput::try_from(f).err().unwrap();
        let mut fields: Vec<&str> = e.fields.iter().map(|(k, _)| k.as_str()).collect();
        fields.sort_unstable();
        assert_eq!(fields, ["roles", "unit_id"]);
    }

    #[test]
    fn a_unit_needs_a_known_kind() {
        let f: UnitForm = serde_json::from_str(r#"{"name": "x", "kind": "castle"}"#).unwrap();
        let e = NewUnitInput::try_from(f).err().unwrap();
        assert_eq!(e.fields[0].0, "kind");
    }
}

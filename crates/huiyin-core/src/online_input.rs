//! An online petition (网上信访) as it arrives — the portal API's JSON body or the portal's
//! form — read into one [`OnlinePetitionForm`] and converted once into an
//! [`OnlinePetitionInput`]. The files travel beside it (base64 in JSON, parts of a multipart
//! form) and are checked by the portal's use case, with the rest of what an online petition
//! must satisfy.

use serde::Deserialize;

use crate::error::DomainError;
use crate::intake::PetitionerInput;
use crate::intake_input::PetitionerForm;
use crate::kinds::PetitionType;
use crate::org::UnitId;
use crate::wire::{Field, Problems};

/// The online form as submitted. Unknown fields are ignored.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct OnlinePetitionForm {
    /// suggestion | accusation | appeal
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub petition_type: Field<PetitionType>,
    /// A code from `GET /api/v1/public/categories`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub category: Field<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub concerned_unit_id: Field<i64>,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub title: Field<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub content: Field<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub demands: Field<String>,
    /// The petitioners (the first is the one to reach); at most 20 online.
    pub petitioners: Vec<PetitionerForm>,
    /// A phone number to reach the petitioner.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub contact_phone: Field<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<bool>))]
    pub confidential: Field<bool>,
    /// Must be true: the petitioner accepted the privacy notice.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<bool>))]
    pub consent_privacy: Field<bool>,
}

/// An online petition the domain can read (its content is checked on registration).
#[derive(Clone, Debug)]
pub struct OnlinePetitionInput {
    pub petition_type: PetitionType,
    pub category: String,
    pub concerned_unit_id: UnitId,
    pub title: String,
    pub content: String,
    pub demands: String,
    pub petitioners: Vec<PetitionerInput>,
    pub contact_phone: String,
    pub confidential: bool,
    pub consent_privacy: bool,
}

fn text(f: Field<String>) -> String {
    f.into_given().unwrap_or_default()
}

impl TryFrom<OnlinePetitionForm> for OnlinePetitionInput {
    type Error = DomainError;

    /// Every value that cannot be read, by field, at once; then the input.
    fn try_from(f: OnlinePetitionForm) -> Result<OnlinePetitionInput, DomainError> {
        let mut p = Problems::default();
        let petition_type = f.petition_type.given().copied();
        if petition_type.is_none() {
            p.add(
                "petition_type",
                "请选择信访类型（建议意见、检举控告或申诉求决）",
                "Choose the type of petition: suggestion, accusation or appeal",
            );
        }
        let concerned = f.concerned_unit_id.given().copied();
        if concerned.is_none() {
            p.add(
                "concerned_unit_id",
                "请选择涉及的单位",
                "Choose the body concerned",
            );
        }
        p.finish(|| ())?;
        let (Some(petition_type), Some(concerned_unit_id)) = (petition_type, concerned) else {
            // Both were checked just above.
            return Err(DomainError::new(crate::error::ErrorCode::Validation));
        };
        Ok(OnlinePetitionInput {
            petition_type,
            category: text(f.category),
            concerned_unit_id,
            title: text(f.title),
            content: text(f.content),
            demands: text(f.demands),
            petitioners: f
                .petitioners
                .into_iter()
                .map(|p| PetitionerInput {
                    // Online, nobody is chosen to speak for others.
                    representative: false,
                    ..PetitionerInput::from(p)
                })
                .collect(),
            contact_phone: text(f.contact_phone),
            confidential: f.confidential.into_given().unwrap_or(false),
            consent_privacy: f.consent_privacy.into_given().unwrap_or(false),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn input(json: &str) -> Result<OnlinePetitionInput, DomainError> {
        OnlinePetitionInput::try_from(serde_json::from_str::<OnlinePetitionForm>(json).unwrap())
    }

    #[test]
    fn an_unreadable_type_and_unit_are_reported_together() {
        let e = input(r#"{"petition_type": "complaint", "concerned_unit_id": "x"}"#).unwrap_err();
        let fields: Vec<&str> = e.fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(fields, ["petition_type", "concerned_unit_id"]);
    }

    #[test]
    fn a_form_and_a_json_body_read_alike() {
        let form = input(
            r#"{"petition_type": "appeal", "category": " 01 ", "concerned_unit_id": "12",
            "title": "t", "content": "c", "demands": "d", "contact_phone": "13800000000",
            "consent_privacy": "on", "petitioners": [{"name": "张三", "id_number": ""}]}"#,
        )
        .unwrap();
        let json = input(
            r#"{"petition_type": "appeal", "category": "01", "concerned_unit_id": 12,
            "title": "t", "content": "c", "demands": "d", "contact_phone": "13800000000",
            "consent_privacy": true, "petitioners": [{"name": "张三"}]}"#,
        )
        .unwrap();
        assert_eq!(format!("{form:?}"), format!("{json:?}"));
        assert!(json.consent_privacy && !json.confidential);
        assert_eq!(json.petitioners[0].id_number, None);
    }
}

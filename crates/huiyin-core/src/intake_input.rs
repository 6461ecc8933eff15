//! A registration as it arrives — the API's JSON body, a registrar's form, the portal's
//! form — read into one [`RegistrationForm`] and converted once into the domain's
//! [`RegistrationInput`]; what the petition itself must satisfy (a title, a known category,
//! a plausible ID number…) is checked after that, by `intake::validate`.

use serde::Deserialize;

use crate::date::Date;
use crate::error::DomainError;
use crate::intake::{PetitionerInput, RegistrationInput};
use crate::kinds::{Channel, PetitionType};
use crate::wire::{Field, FromWire, Problems};

crate::from_wire_by_parse!(Channel);

impl FromWire for bool {
    /// JSON `true`/`false`, and a checked form box (`on`).
    fn from_wire(text: &str) -> Option<bool> {
        match text {
            "true" | "on" | "1" | "yes" => Some(true),
            "false" | "off" | "0" | "no" => Some(false),
            _ => None,
        }
    }
}

/// One petitioner as submitted.
#[derive(Clone, Debug, Default, Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PetitionerForm {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub name: Field<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub id_number: Field<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub phone: Field<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub address: Field<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<bool>))]
    pub representative: Field<bool>,
}

/// A petition as submitted for registration. Unknown fields are ignored.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RegistrationForm {
    /// letter | visit | online | phone | fax | email | hotline
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub channel: Field<Channel>,
    /// suggestion | accusation | appeal
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub petition_type: Field<PetitionType>,
    /// A code from `GET /api/v1/categories`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub category: Field<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub title: Field<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub content: Field<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub demands: Field<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub concerned_unit_id: Field<i64>,
    /// YYYY-MM-DD, not in the future.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub received_on: Field<Date>,
    pub petitioners: Vec<PetitionerForm>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u32>))]
    pub people_count: Field<u32>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<bool>))]
    pub confidential: Field<bool>,
    /// The petitioner agrees to follow the case on the portal: the answer carries a query code
    /// and a PIN, shown this once (every channel).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<bool>))]
    pub query_code: Field<bool>,
    /// The leader's reception day (领导接访日) a visit was received at: the case is linked to
    /// it and to its leader (channel `visit`, received on that day).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub reception_id: Field<i64>,
}

fn text(f: Field<String>) -> String {
    f.into_given().unwrap_or_default()
}

impl From<PetitionerForm> for PetitionerInput {
    fn from(p: PetitionerForm) -> PetitionerInput {
        PetitionerInput {
            name: text(p.name),
            id_number: p.id_number.into_given(),
            phone: p.phone.into_given(),
            address: p.address.into_given(),
            representative: p.representative.into_given().unwrap_or(false),
        }
    }
}

impl TryFrom<RegistrationForm> for RegistrationInput {
    type Error = DomainError;

    /// Every value that cannot be read, by field, at once; then the input.
    fn try_from(f: RegistrationForm) -> Result<RegistrationInput, DomainError> {
        let mut p = Problems::default();
        let channel = f.channel.given().copied();
        match &f.channel {
            Field::Absent => p.add("channel", "请选择信访渠道", "choose the channel"),
            Field::Invalid(_) => p.add(
                "channel",
                "渠道应为 letter、visit、online、phone、fax、email 或 hotline",
                "unknown channel",
            ),
            Field::Given(_) => {}
        }
        let petition_type = f.petition_type.given().copied();
        match &f.petition_type {
            Field::Absent => p.add("petition_type", "请选择信访类型", "choose a type"),
            Field::Invalid(_) => p.add(
                "petition_type",
                "信访类型应为 suggestion、accusation 或 appeal",
                "unknown petition type",
            ),
            Field::Given(_) => {}
        }
        let received_on = f.received_on.given().copied();
        if received_on.is_none() {
            p.add(
                "received_on",
                "日期格式应为YYYY-MM-DD",
                "expected YYYY-MM-DD",
            );
        }
        let concerned = f.concerned_unit_id.given().copied();
        if concerned.is_none() {
            p.add(
                "concerned_unit_id",
                "请选择涉及单位",
                "choose the unit concerned",
            );
        }
        if matches!(f.people_count, Field::Invalid(_)) {
            p.add("people_count", "应为正整数", "expected a positive number");
        }
        if matches!(f.reception_id, Field::Invalid(_)) {
            p.add(
                "reception_id",
                "接访日编号应为正整数",
                "expected a reception id",
            );
        }
        p.finish(|| ())?;
        let (Some(channel), Some(petition_type), Some(received_on), Some(concerned_unit_id)) =
            (channel, petition_type, received_on, concerned)
        else {
            // Each of the four was checked just above.
            return Err(DomainError::new(crate::error::ErrorCode::Validation));
        };
        Ok(RegistrationInput {
            channel,
            petition_type,
            category: text(f.category),
            title: text(f.title),
            content: text(f.content),
            demands: text(f.demands),
            concerned_unit_id,
            received_on,
            petitioners: f
                .petitioners
                .into_iter()
                .map(PetitionerInput::from)
                .collect(),
            people_count: f.people_count.into_given(),
            confidential: f.confidential.into_given().unwrap_or(false),
            reception_id: f.reception_id.into_given(),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn input(json: &str) -> Result<RegistrationInput, DomainError> {
        RegistrationInput::try_from(serde_json::from_str::<RegistrationForm>(json).unwrap())
    }

    #[test]
    fn unreadable_values_are_reported_together_by_field() {
        let e =
            input(r#"{"channel": "pigeon", "received_on": "yesterday", "people_count": "many"}"#)
                .unwrap_err();
        let mut fields: Vec<&str> = e.fields.iter().map(|(k, _)| k.as_str()).collect();
        fields.sort_unstable();
        assert_eq!(
            fields,
            [
                "channel",
                "concerned_unit_id",
                "people_count",
                "petition_type",
                "received_on"
            ]
        );
    }

    #[test]
    fn a_form_and_a_json_body_read_alike() {
        let form = input(
            r#"{"channel": "visit", "petition_type": "appeal", "category": "01",
            "title": "t", "content": "c", "demands": "d", "concerned_unit_id": "12",
            "received_on": "2026-12-01", "confidential": "on",
            "petitioners": [{"name": "张三", "phone": "", "representative": "on"}]}"#,
        )
        .unwrap();
        let json = input(
            r#"{"channel": "visit", "petition_type": "appeal", "category": "01",
            "title": "t", "content": "c", "demands": "d", "concerned_unit_id": 12,
            "received_on": "2026-12-01", "confidential": true,
            "petitioners": [{"name": "张三", "representative": true}]}"#,
        )
        .unwrap();
        for i in [&form, &json] {
            assert_eq!(i.concerned_unit_id, 12);
            assert!(i.confidential);
            assert_eq!(i.petitioners.len(), 1);
            assert_eq!(i.petitioners[0].phone, None, "a blank phone is none");
            assert!(i.petitioners[0].representative);
        }
    }
}

//! 信访听证 as records (issue 15 item 5; DOMAIN.md §1.4, §1.5 and §12 #31): a hearing on a case
//! — its day and place, public or not, the hearing officers (主持人, 听证员), the participants
//! (the petitioner, units concerned, third parties, others), the notice sent to them, the minutes
//! (笔录) and the conclusion. A hearing is scheduled, then held or cancelled.
//!
//! The record does not move the case's clock: the `start_hearing` / `end_hearing` steps pause and
//! resume it as before (the 复核 clock only, Art. 36 ¶2), dated when the hearing really began
//! and ended, so that a hearing scheduled and then cancelled never paused anything.
//! The steps on a hearing are in [`crate::hearing_step`].

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::case::wire_enum;
use crate::date::Date;
use crate::error::{DomainError, ErrorCode};
use crate::wire::{Field, Problems};

/// Characters of the place, a name and a unit.
pub const MAX_HEARING_PLACE: usize = 200;
pub const MAX_HEARING_NAME: usize = 50;
pub const MAX_HEARING_UNIT: usize = 200;
/// Most officers and participants of one hearing.
pub const MAX_HEARING_OFFICERS: usize = 15;
pub const MAX_HEARING_PARTICIPANTS: usize = 50;

wire_enum! {
    /// Where a hearing stands.
    HearingStatus {
        Scheduled => "scheduled", "已安排", "Scheduled";
        Held => "held", "已举行", "Held";
        Cancelled => "cancelled", "已取消", "Cancelled";
    }
}

wire_enum! {
    /// What an officer does at the hearing.
    OfficerRole {
        Presiding => "presiding", "主持人", "Presiding officer";
        Officer => "officer", "听证员", "Hearing officer";
    }
}

wire_enum! {
    /// Who a participant is.
    ParticipantRole {
        Petitioner => "petitioner", "信访人", "Petitioner";
        Unit => "unit", "有关单位", "Unit concerned";
        ThirdParty => "third_party", "第三人", "Third party";
        Other => "other", "其他参加人", "Other participant";
    }
}

crate::from_wire_by_parse!(HearingStatus, OfficerRole, ParticipantRole);

/// A hearing officer as kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Officer {
    /// `presiding` (主持人, exactly one) or `officer` (听证员).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub role: OfficerRole,
    pub name: String,
    /// Where they work (人大代表, 律师…), if given.
    pub unit: Option<String>,
}

/// A participant as kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Participant {
    /// `petitioner`, `unit`, `third_party` or `other`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub role: ParticipantRole,
    pub name: String,
    /// The unit they come for (needed for `unit`), if any.
    pub unit: Option<String>,
}

/// A hearing as submitted. Unknown fields are ignored.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct HearingForm {
    /// The day of the hearing, YYYY-MM-DD, not before the case was received.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub on: Field<Date>,
    /// Where (2 to 200 characters).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub place: Field<String>,
    /// Held in public (公开听证): `true` or `false` (default).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<bool>))]
    pub public: Field<bool>,
    /// The officers, `[{role, name, unit}]`: exactly one `presiding`, up to 15 in all.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Officer>))]
    pub officers: Option<Vec<Value>>,
    /// The participants, `[{role, name, unit}]`: one or more, up to 50.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Participant>))]
    pub participants: Option<Vec<Value>>,
}

/// A hearing the domain accepts (the case is checked by the app).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewHearing {
    pub on: Date,
    pub place: String,
    pub public: bool,
    pub officers: Vec<Officer>,
    pub participants: Vec<Participant>,
}

/// Text between `min` and `max` characters, without control characters other than line breaks.
pub(crate) fn fits(text: &str, min: usize, max: usize) -> bool {
    let n = text.chars().count();
    (min..=max).contains(&n)
        && !text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
}

fn text_of(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// One person of a list: the role read by `parse`, a name, a unit if any; problems under
/// `list[i].role` / `.name` / `.unit`.
fn person<R>(
    p: &mut Problems,
    field: &str,
    v: &Value,
    parse: fn(&str) -> Option<R>,
    roles: (&str, &str),
) -> Option<(R, String, Option<String>)> {
    if !v.is_object() {
        p.add(
            field,
            "应为包含 role、name、unit 的对象",
            "an object with role, name and unit",
        );
        return None;
    }
    let role = parse(&text_of(v, "role"));
    if role.is_none() {
        p.add(&format!("{field}.role"), roles.0, roles.1);
    }
    let name = text_of(v, "name");
    if !fits(&name, 1, MAX_HEARING_NAME) {
        p.add(
            &format!("{field}.name"),
            "请填写姓名（1至50字）",
            "a name, 1 to 50 characters",
        );
    }
    let unit = text_of(v, "unit");
    if !unit.is_empty() && !fits(&unit, 1, MAX_HEARING_UNIT) {
        p.add(
            &format!("{field}.unit"),
            "单位不超过200字",
            "the unit: up to 200 characters",
        );
    }
    Some((role?, name, Some(unit).filter(|u| !u.is_empty())))
}

impl NewHearing {
    /// Every problem at once; `received_on` (the case's) bounds the day.
    pub fn read(f: HearingForm, received_on: Date) -> Result<NewHearing, DomainError> {
        let mut p = Problems::default();
        let on = f.on.given().copied();
        match on {
            None => p.add("on", "请填写听证日期（YYYY-MM-DD）", "the day, YYYY-MM-DD"),
            Some(d) if d < received_on => p.add(
                "on",
                "听证日期不能早于信访事项的收到日期",
                "not before the case was received",
            ),
            Some(_) => {}
        }
        let place = f.place.into_given().unwrap_or_default();
        if !fits(&place, 2, MAX_HEARING_PLACE) {
            p.add(
                "place",
                "请填写听证地点（2至200字）",
                "the place, 2 to 200 characters",
            );
        }
        let public = match f.public {
            Field::Absent => false,
            Field::Given(b) => b,
            Field::Invalid(_) => {
                p.add("public", "是否公开应为 true 或 false", "true or false");
                false
            }
        };
        let mut officers = Vec::new();
        let raw = f.officers.unwrap_or_default();
        if raw.is_empty() || raw.len() > MAX_HEARING_OFFICERS {
            p.add(
                "officers",
                "请填写听证主持人和听证员（1至15人）",
                "the officers, 1 to 15",
            );
        }
        for (i, v) in raw.iter().enumerate() {
            let roles = (
                "角色应为 presiding（主持人）或 officer（听证员）",
                "presiding or officer",
            );
            if let Some((role, name, unit)) = person(
                &mut p,
                &format!("officers[{i}]"),
                v,
                OfficerRole::parse,
                roles,
            ) {
                officers.push(Officer { role, name, unit });
            }
        }
        let presiding = officers
            .iter()
            .filter(|o| o.role == OfficerRole::Presiding)
            .count();
        if !raw.is_empty() && officers.len() == raw.len() && presiding != 1 {
            p.add(
                "officers",
                "听证应有且只有一名主持人",
                "exactly one presiding officer",
            );
        }
        let mut participants = Vec::new();
        let raw = f.participants.unwrap_or_default();
        if raw.is_empty() || raw.len() > MAX_HEARING_PARTICIPANTS {
            p.add(
                "participants",
                "请填写听证参加人（1至50人）",
                "the participants, 1 to 50",
            );
        }
        for (i, v) in raw.iter().enumerate() {
            let field = format!("participants[{i}]");
            let roles = (
                "角色应为 petitioner（信访人）、unit（有关单位）、third_party（第三人）或 other（其他）",
                "petitioner, unit, third_party or other",
            );
            if let Some((role, name, unit)) =
                person(&mut p, &field, v, ParticipantRole::parse, roles)
            {
                if role == ParticipantRole::Unit && unit.is_none() {
                    p.add(
                        &format!("{field}.unit"),
                        "有关单位的参加人须填写单位",
                        "the unit a unit's participant comes for",
                    );
                }
                participants.push(Participant { role, name, unit });
            }
        }
        p.finish(|| ())?;
        let Some(on) = on else {
            return Err(DomainError::new(ErrorCode::Validation));
        };
        Ok(NewHearing {
            on,
            place,
            public,
            officers,
            participants,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn a_hearing_names_every_problem_by_field() {
        let f: HearingForm = serde_json::from_str(
            r#"{"on": "2026-01-01", "place": "x", "public": "maybe",
                "officers": [{"role": "officer", "name": "王五"}, {"role": "judge", "name": ""}],
                "participants": [{"role": "unit", "name": "李四"}, 7]}"#,
        )
        .unwrap();
        let e = NewHearing::read(f, d("2026-06-01")).unwrap_err();
        let fields: Vec<&str> = e.fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            fields,
            [
                "on",
                "place",
                "public",
                "officers[1].role",
                "officers[1].name",
                "participants[0].unit",
                "participants[1]"
            ]
        );
        let f: HearingForm =
            serde_json::from_str(r#"{"on": "2026-07-01", "place": "区教育局会议室"}"#).unwrap();
        let e = NewHearing::read(f, d("2026-06-01")).unwrap_err();
        let fields: Vec<&str> = e.fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(fields, ["officers", "participants"]);
    }

    #[test]
    fn exactly_one_presiding_officer() {
        let form = |officers: &str| -> HearingForm {
            serde_json::from_str(&format!(
                r#"{{"on": "2026-07-01", "place": "区教育局会议室", "public": true,
                    "officers": {officers},
                    "participants": [{{"role": "petitioner", "name": "张伟"}},
                                     {{"role": "unit", "name": "赵六", "unit": "某区第一小学"}}]}}"#
            ))
            .unwrap()
        };
        let e = NewHearing::read(
            form(r#"[{"role": "officer", "name": "王五"}]"#),
            d("2026-06-01"),
        )
        .unwrap_err();
        assert_eq!(e.fields[0].0, "officers");
        let h = NewHearing::read(
            form(r#"[{"role": "presiding", "name": "王五", "unit": " "}, {"role": "officer", "name": "钱七", "unit": "区人大代表"}]"#),
            d("2026-06-01"),
        )
        .unwrap();
        assert!(h.public);
        assert_eq!(h.officers[0].unit, None);
        assert_eq!(h.participants[1].unit.as_deref(), Some("某区第一小学"));
    }
}

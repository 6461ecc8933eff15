//! Prohibited conduct at reception sites (XFGZTL-2022 Art. 26; DOMAIN.md §12; issue 15 item 8):
//! what a petitioner did, where and when, the measures taken (dissuasion and education first,
//! then police measures under Art. 47) and whether it was referred to the police. A record is
//! about one petitioner record, so it joins that person's file (信访人档案); it is staff-only
//! and never shown on the portal.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::case::wire_enum;
use crate::date::Date;
use crate::error::{DomainError, ErrorCode};
use crate::wire::{Field, Problems};

/// Characters of the place, the description and the measures.
pub const MAX_CONDUCT_PLACE: usize = 200;
pub const MAX_CONDUCT_TEXT: usize = 5_000;

wire_enum! {
    /// The kinds of conduct Art. 26 prohibits.
    ConductKind {
        Gathering => "gathering", "在机关、单位周围非法聚集，围堵、冲击机关、单位", "Illegal gathering, besieging or storming offices";
        BlockingTraffic => "blocking_traffic", "拦截公务车辆，堵塞、阻断交通", "Blocking official vehicles or traffic";
        DangerousItems => "dangerous_items", "携带危险物品、管制器具", "Carrying dangerous items or controlled instruments";
        AssaultingStaff => "assaulting_staff", "侮辱、殴打、威胁国家机关工作人员，非法限制他人人身自由", "Insulting, assaulting or threatening staff, restricting anyone's freedom";
        DamagingProperty => "damaging_property", "毁坏财物", "Damaging property";
        StayingAtSite => "staying_at_site", "在信访接待场所滞留、滋事，或者将生活不能自理的人弃留在信访接待场所", "Staying or causing trouble at a reception site, or abandoning dependants there";
        Inciting => "inciting", "煽动、串联、胁迫、以财物诱使、幕后操纵他人信访，或者以信访为名借机敛财", "Inciting, organising, coercing, paying or covertly controlling others, or profiteering";
    }
}

/// A record as submitted. Unknown fields are ignored.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ConductForm {
    /// The petitioner record it is about (`petitioner_id` of a person file).
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub petitioner_id: Field<i64>,
    /// The unit whose reception site it happened at (default: the recorder's unit).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub unit_id: Field<i64>,
    /// The day, YYYY-MM-DD, not in the future.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub on: Field<Date>,
    /// Where (2 to 200 characters).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub place: Field<String>,
    /// One or more of the kinds of Art. 26 (`gathering`, `blocking_traffic`, `dangerous_items`,
    /// `assaulting_staff`, `damaging_property`, `staying_at_site`, `inciting`).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub kinds: Option<Vec<Value>>,
    /// What happened (2 to 5,000 characters).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub description: Field<String>,
    /// The measures taken: dissuasion, education, … (2 to 5,000 characters).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub measures: Field<String>,
    /// Referred to the police (Art. 47): `true` or `false` (default).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<bool>))]
    pub police_referred: Option<Value>,
    /// The police station or unit it was referred to (needed with a referral).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub police_unit: Field<String>,
}

/// A record the domain accepts (the petitioner record and the unit are checked by the app).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NewConduct {
    pub petitioner_id: i64,
    pub unit_id: Option<i64>,
    pub on: Date,
    pub place: String,
    pub kinds: Vec<ConductKind>,
    pub description: String,
    pub measures: String,
    pub police_referred: bool,
    pub police_unit: Option<String>,
}

/// A yes/no field as JSON (`true`) or as a form sends it (`"true"`, `"on"`, `"1"`).
fn yes(v: Option<&Value>) -> Option<bool> {
    match v {
        None | Some(Value::Null) => Some(false),
        Some(Value::Bool(b)) => Some(*b),
        Some(Value::String(s)) => match s.trim() {
            "" | "false" | "0" | "off" | "no" => Some(false),
            "true" | "1" | "on" | "yes" => Some(true),
            _ => None,
        },
        Some(_) => None,
    }
}

fn text_between(
    p: &mut Problems,
    f: Field<String>,
    field: &str,
    max: usize,
    what: (&str, &str),
) -> String {
    let text = f.into_given().unwrap_or_default();
    let n = text.chars().count();
    let control = text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t');
    if !(2..=max).contains(&n) || control {
        p.add(
            field,
            &format!("请填写{}（2至{max}字，不含控制字符）", what.0),
            &format!(
                "{}, 2 to {max} characters without control characters",
                what.1
            ),
        );
    }
    text
}

impl NewConduct {
    /// Every problem at once; `today` bounds the day (recorded after the fact).
    pub fn read(f: ConductForm, today: Date) -> Result<NewConduct, DomainError> {
        let mut p = Problems::default();
        let petitioner = f.petitioner_id.given().copied().filter(|i| *i > 0);
        if petitioner.is_none() {
            p.add("petitioner_id", "请选择信访人记录", "the petitioner record");
        }
        let unit_id = f.unit_id.given().copied();
        if unit_id.is_some_and(|u| u <= 0) || (unit_id.is_none() && !f.unit_id.is_absent()) {
            p.add("unit_id", "应为单位编号", "expected a unit id");
        }
        let on = f.on.given().copied();
        match on {
            None => p.add("on", "请填写发生日期（YYYY-MM-DD）", "the day, YYYY-MM-DD"),
            Some(d) if d > today => p.add("on", "发生日期不能晚于今天", "not in the future"),
            Some(_) => {}
        }
        let place = text_between(
            &mut p,
            f.place,
            "place",
            MAX_CONDUCT_PLACE,
            ("发生地点", "the place"),
        );
        let mut kinds = Vec::new();
        let mut unknown = false;
        for v in f.kinds.unwrap_or_default() {
            match v.as_str().and_then(ConductKind::parse) {
                Some(k) if !kinds.contains(&k) => kinds.push(k),
                Some(_) => {}
                None => unknown = true,
            }
        }
        if kinds.is_empty() || unknown {
            p.add(
                "kinds",
                "请选择《信访工作条例》第二十六条所列的行为（至少一项）",
                "one or more of the kinds of conduct of Art. 26",
            );
        }
        kinds.sort();
        let description = text_between(
            &mut p,
            f.description,
            "description",
            MAX_CONDUCT_TEXT,
            ("行为经过", "what happened"),
        );
        let measures = text_between(
            &mut p,
            f.measures,
            "measures",
            MAX_CONDUCT_TEXT,
            ("采取的措施（劝阻、批评教育等）", "the measures taken"),
        );
        let police_referred = yes(f.police_referred.as_ref());
        if police_referred.is_none() {
            p.add("police_referred", "应为是或否", "true or false");
        }
        let police_unit = f.police_unit.into_given().filter(|s| !s.trim().is_empty());
        if police_referred == Some(true)
            && police_unit
                .as_ref()
                .is_none_or(|u| !(2..=MAX_CONDUCT_PLACE).contains(&u.chars().count()))
        {
            p.add(
                "police_unit",
                "移交公安机关的，请填写接收的公安机关（2至200字）",
                "the police unit it was referred to, 2 to 200 characters",
            );
        }
        p.finish(|| ())?;
        match (petitioner, on, police_referred) {
            (Some(petitioner_id), Some(on), Some(police_referred)) => Ok(NewConduct {
                petitioner_id,
                unit_id,
                on,
                place,
                kinds,
                description,
                measures,
                police_referred,
                police_unit: police_unit.filter(|_| police_referred),
            }),
            _ => Err(DomainError::new(ErrorCode::Validation)),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_record_names_every_problem_at_once() {
        let today = Date::parse("2026-06-30").unwrap();
        let f: ConductForm = serde_json::from_str(
            r#"{"on": "2026-07-01", "kinds": ["shouting"], "place": "x", "police_referred": true}"#,
        )
        .unwrap();
        let e = NewConduct::read(f, today).unwrap_err();
        let fields: Vec<&str> = e.fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            fields,
            [
                "petitioner_id",
                "on",
                "place",
                "kinds",
                "description",
                "measures",
                "police_unit"
            ]
        );
    }

    #[test]
    fn a_form_reads_its_check_boxes_and_yes_no() {
        let today = Date::parse("2026-06-30").unwrap();
        let f: ConductForm = serde_json::from_str(
            r#"{"petitioner_id": "12", "on": "2026-06-29", "place": "区信访接待大厅",
                "kinds": ["staying_at_site", "gathering", "gathering"],
                "description": "在接待大厅滞留至下班后拒不离开", "measures": "劝阻、批评教育",
                "police_referred": "on", "police_unit": "某区公安分局某派出所"}"#,
        )
        .unwrap();
        let c = NewConduct::read(f, today).unwrap();
        assert_eq!(
            c.kinds,
            [ConductKind::Gathering, ConductKind::StayingAtSite]
        );
        assert!(c.police_referred);
        assert_eq!(c.unit_id, None);
        let f: ConductForm = serde_json::from_str(
            r#"{"petitioner_id": 12, "on": "2026-06-29", "place": "区信访接待大厅",
                "kinds": ["inciting"], "description": "串联他人", "measures": "批评教育",
                "police_referred": false, "police_unit": "不应保存"}"#,
        )
        .unwrap();
        let c = NewConduct::read(f, today).unwrap();
        assert_eq!((c.police_referred, c.police_unit), (false, None));
        let f: ConductForm = serde_json::from_str(r#"{"police_referred": "maybe"}"#).unwrap();
        let e = NewConduct::read(f, today).unwrap_err();
        assert!(e.fields.iter().any(|(k, _)| k == "police_referred"));
    }
}

//! 排查活动 (issue 15 item 1; DOMAIN.md §5, §12 #28): a screening campaign a unit organises for
//! itself and the units below it — regular (定期排查) or concentrated (集中排查, e.g. before the
//! enrolment season) — over a period, on some topics. Entries of the register found in it name
//! it, and its report counts them by unit.

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::error::{DomainError, ErrorCode};
use crate::wire::{Field, Problems};

crate::case::wire_enum! {
    /// How a campaign is run.
    CampaignKind {
        Regular => "regular", "定期排查", "Regular screening";
        Concentrated => "concentrated", "集中排查", "Concentrated screening";
    }
}

crate::from_wire_by_parse!(CampaignKind);

/// A campaign as submitted. Unknown fields are ignored.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CampaignForm {
    /// The campaign's name (2 to 200 characters), e.g. 2026年秋季开学前矛盾纠纷集中排查.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub name: Field<String>,
    /// `regular` (定期排查) or `concentrated` (集中排查).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub kind: Field<CampaignKind>,
    /// The organising unit: the campaign covers it and the units below it (in one's scope).
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub unit_id: Field<i64>,
    /// First and last day, YYYY-MM-DD.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub from: Field<Date>,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub to: Field<Date>,
    /// The topics screened (e.g. 招生入学、校园安全、教师待遇), up to 1,000 characters.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub topics: Field<String>,
}

/// A campaign the domain accepts (the unit is checked by the app).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCampaign {
    pub name: String,
    pub kind: CampaignKind,
    pub unit_id: i64,
    pub from: Date,
    pub to: Date,
    pub topics: String,
}

impl NewCampaign {
    /// Every problem at once.
    pub fn read(f: CampaignForm) -> Result<NewCampaign, DomainError> {
        let mut p = Problems::default();
        let name = f.name.into_given().unwrap_or_default();
        if !(2..=200).contains(&name.chars().count()) {
            p.add(
                "name",
                "请填写排查活动名称（2至200字）",
                "the name, 2 to 200 characters",
            );
        }
        let kind = f.kind.given().copied();
        if kind.is_none() {
            p.add(
                "kind",
                "排查方式应为 regular（定期排查）或 concentrated（集中排查）",
                "kind: regular or concentrated",
            );
        }
        let unit = f.unit_id.given().copied().filter(|i| *i > 0);
        if unit.is_none() {
            p.add("unit_id", "请选择组织排查的单位", "the organising unit");
        }
        let from = f.from.given().copied();
        if from.is_none() {
            p.add(
                "from",
                "请填写开始日期（YYYY-MM-DD）",
                "the first day, YYYY-MM-DD",
            );
        }
        let to = f.to.given().copied();
        match (from, to) {
            (_, None) => p.add(
                "to",
                "请填写结束日期（YYYY-MM-DD）",
                "the last day, YYYY-MM-DD",
            ),
            (Some(a), Some(b)) if b < a => p.add(
                "to",
                "结束日期不能早于开始日期",
                "the last day is before the first",
            ),
            _ => {}
        }
        let topics = f.topics.into_given().unwrap_or_default();
        if topics.chars().count() > 1_000 {
            p.add(
                "topics",
                "排查重点不超过1000字",
                "topics: up to 1,000 characters",
            );
        }
        p.finish(|| ())?;
        match (kind, unit, from, to) {
            (Some(kind), Some(unit_id), Some(from), Some(to)) => Ok(NewCampaign {
                name,
                kind,
                unit_id,
                from,
                to,
                topics,
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
    fn a_campaign_names_every_problem_and_keeps_its_period_in_order() {
        let f: CampaignForm =
            serde_json::from_str(r#"{"kind": "weekly", "from": "2026-08-20", "to": "2026-08-01"}"#)
                .unwrap();
        let e = NewCampaign::read(f).unwrap_err();
        let fields: Vec<&str> = e.fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(fields, ["name", "kind", "unit_id", "to"]);
        let f: CampaignForm = serde_json::from_str(
            r#"{"name": "秋季开学前集中排查", "kind": "concentrated", "unit_id": 3,
                "from": "2026-08-01", "to": "2026-08-31", "topics": "招生入学"}"#,
        )
        .unwrap();
        assert_eq!(
            NewCampaign::read(f).unwrap().kind,
            CampaignKind::Concentrated
        );
    }
}

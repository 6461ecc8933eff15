//! 责任追究 (issue 14 item 5; DOMAIN.md §1.8, Arts. 42–46): a record that a unit, or a person in
//! it, was held to account — on which grounds of the Regulations, with which measure (约谈,
//! 通报, 责令整改, 处分建议), on which day, linked to the cases and supervision orders behind it.
//! Recorded and read only from above the unit concerned (`may_record`, `may_read`): the
//! unit's own people and those below never see it.

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::error::{DomainError, ErrorCode};
use crate::org::{OrgTree, UnitId};
use crate::permission::Permission;
use crate::policy::visibility_root;
use crate::role::{Actor, Role};
use crate::wire::{Field, Problems};

/// One ground of accountability: its code on the wire, its words, its article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct AccountabilityGround {
    pub code: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub article: &'static str,
}

macro_rules! grounds {
    ($($code:literal, $art:literal, $zh:literal, $en:literal;)+) => {
        /// The grounds of Arts. 42–46 of the 2022 Regulations, as data, in article order.
        pub const GROUNDS: &[AccountabilityGround] = &[$(AccountabilityGround {
            code: $code, article: $art, zh: $zh, en: $en,
        },)+];
    };
}

grounds! {
    "abuse_causing_petition", "第四十二条", "超越或者滥用职权、不履行或者不正确履行法定职责、适用法律法规错误或者违反法定程序，导致信访事项发生", "Abuse of power, inaction, wrong law or procedure causing the petition";
    "not_registered_forwarded", "第四十三条", "应当登记、转送、交办而未按规定登记、转送、交办", "Not registering, forwarding or assigning as required";
    "supervision_neglected", "第四十三条", "应当履行督办职责而未履行", "Not supervising as required";
    "not_accepted", "第四十四条", "对属于职权范围的信访事项不予登记或者不予受理", "Not registering or accepting a matter within remit";
    "no_acceptance_notice", "第四十四条", "未在规定期限内书面告知信访人是否受理信访事项", "No written acceptance notice in time";
    "shirking_or_overdue", "第四十五条", "推诿、敷衍、拖延信访事项办理或者未在法定期限内办结信访事项", "Shirking or delay, or not concluded within the period";
    "request_not_supported", "第四十五条", "对事实清楚、符合法律法规规章或者其他有关规定的投诉请求未予支持", "A well-founded request not supported";
    "suggestion_ignored", "第四十五条", "对信访工作机构提出的改进工作、完善政策、追究责任的建议不予采纳且不说明理由或者拒不执行", "Petition office's suggestions ignored";
    "rude_treatment", "第四十六条", "对待信访人态度恶劣、作风粗暴，损害党群干群关系", "Rude treatment of petitioners";
    "private_gain", "第四十六条", "在处理信访事项过程中吃拿卡要、谋取私利", "Seeking private gain";
    "mass_visit_mishandled", "第四十六条", "对规模性集体访、负面舆情等处置不力，导致事态扩大", "Mishandling a large collective visit or negative public opinion";
    "report_concealed", "第四十六条", "对可能造成社会影响的重大、紧急信访事项和信访信息隐瞒、谎报、缓报", "Concealing, falsifying or delaying the report of a major matter";
    "report_leaked", "第四十六条", "违反规定将信访人的检举、揭发材料或者有关情况透露、转给被检举、揭发的人员或者单位", "Leaking reporting materials to the person reported on";
    "retaliation", "第四十六条", "打击报复信访人", "Retaliation against a petitioner";
}

/// The ground with this code.
pub fn ground(code: &str) -> Option<&'static AccountabilityGround> {
    GROUNDS.iter().find(|g| g.code == code)
}

macro_rules! measures {
    ($($variant:ident => $wire:literal, $zh:literal, $en:literal;)+) => {
        /// What was done to hold the unit or person to account.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum AccountabilityMeasure { $(#[serde(rename = $wire)] $variant,)+ }
        impl AccountabilityMeasure {
            pub const ALL: &'static [AccountabilityMeasure] = &[$(AccountabilityMeasure::$variant,)+];
            pub fn as_str(self) -> &'static str { match self { $(AccountabilityMeasure::$variant => $wire,)+ } }
            pub fn zh(self) -> &'static str { match self { $(AccountabilityMeasure::$variant => $zh,)+ } }
            pub fn en(self) -> &'static str { match self { $(AccountabilityMeasure::$variant => $en,)+ } }
            pub fn parse(s: &str) -> Option<AccountabilityMeasure> { match s { $($wire => Some(AccountabilityMeasure::$variant),)+ _ => None } }
        }
    };
}

measures! {
    Interview => "interview", "约谈", "Summoned for talks";
    Circular => "circular", "通报", "Circulated criticism";
    Rectification => "rectification", "责令整改", "Ordered to rectify";
    SanctionProposal => "sanction_proposal", "处分建议", "Sanction proposed";
}

crate::from_wire_by_parse!(AccountabilityMeasure);

/// Characters of a person's name and post, and of the account of what happened.
pub const MAX_PERSON: usize = 100;
pub const MAX_ACCOUNT_TEXT: usize = 5_000;

/// A record as submitted. Unknown fields are ignored.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct AccountabilityForm {
    /// The unit held to account (or the person's unit): below the recorder's.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub unit_id: Field<i64>,
    /// The person held to account, name and post (optional: the unit alone).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub person: Field<String>,
    /// One or more ground codes (`GET /api/v1/accountability/grounds`).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub grounds: Option<Vec<serde_json::Value>>,
    /// interview (约谈) | circular (通报) | rectification (责令整改) | sanction_proposal (处分建议)
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub measure: Field<AccountabilityMeasure>,
    /// The day decided, YYYY-MM-DD, not in the future.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub on: Field<Date>,
    /// What happened and what was decided (2 to 5,000 characters).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub description: Field<String>,
    /// Cases behind it (each one the recorder may see).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<i64>>))]
    pub case_ids: Option<Vec<serde_json::Value>>,
    /// Supervision orders behind it (each on a case the recorder may see).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<i64>>))]
    pub supervision_ids: Option<Vec<serde_json::Value>>,
}

/// A record the domain accepts (the cases and orders are checked by the app).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAccountability {
    pub unit_id: UnitId,
    pub person: Option<String>,
    pub grounds: Vec<&'static str>,
    pub measure: AccountabilityMeasure,
    pub on: Date,
    pub description: String,
    pub case_ids: Vec<i64>,
    pub supervision_ids: Vec<i64>,
}

fn ids(p: &mut Problems, field: &str, values: Option<Vec<serde_json::Value>>) -> Vec<i64> {
    crate::wire::positive_ids(values).unwrap_or_else(|| {
        p.add(field, "编号应为正整数", "ids are positive integers");
        Vec::new()
    })
}

impl NewAccountability {
    /// Every problem of the form at once, then the record; `today` bounds the day.
    pub fn read(
        f: AccountabilityForm,
        org: &OrgTree,
        today: Date,
    ) -> Result<NewAccountability, DomainError> {
        let mut p = Problems::default();
        let unit_id = f.unit_id.given().copied().filter(|u| org.get(*u).is_some());
        if unit_id.is_none() {
            p.add("unit_id", "请选择被追责单位", "the unit held to account");
        }
        let person = f.person.into_given().map(|s| s.trim().to_owned());
        if person
            .as_ref()
            .is_some_and(|s| s.chars().count() > MAX_PERSON)
        {
            p.add("person", "姓名职务不超过100字", "at most 100 characters");
        }
        let mut grounds = Vec::new();
        let mut unknown = false;
        for v in f.grounds.unwrap_or_default() {
            match v.as_str().and_then(ground) {
                Some(g) if !grounds.contains(&g.code) => grounds.push(g.code),
                Some(_) => {}
                None => unknown = true,
            }
        }
        if unknown || grounds.is_empty() {
            p.add(
                "grounds",
                "请选择追责依据（《信访工作条例》第四十二条至第四十六条所列情形）",
                "one or more grounds of Arts. 42–46",
            );
        }
        let measure = f.measure.given().copied();
        if measure.is_none() {
            p.add(
                "measure",
                "追责方式应为 interview（约谈）、circular（通报）、rectification（责令整改）或 sanction_proposal（处分建议）",
                "one of interview, circular, rectification, sanction_proposal",
            );
        }
        let on = f.on.given().copied();
        match on {
            None => p.add("on", "请填写决定日期（YYYY-MM-DD）", "the day, YYYY-MM-DD"),
            Some(d) if d > today => p.add("on", "决定日期不能晚于今天", "not in the future"),
            Some(_) => {}
        }
        let description = f.description.into_given().unwrap_or_default();
        if !(2..=MAX_ACCOUNT_TEXT).contains(&description.chars().count()) {
            p.add("description", "请填写2至5000字", "2 to 5,000 characters");
        }
        let case_ids = ids(&mut p, "case_ids", f.case_ids);
        let supervision_ids = ids(&mut p, "supervision_ids", f.supervision_ids);
        p.finish(|| ())?;
        match (unit_id, measure, on) {
            (Some(unit_id), Some(measure), Some(on)) => Ok(NewAccountability {
                unit_id,
                person: person.filter(|s| !s.is_empty()),
                grounds,
                measure,
                on,
                description,
                case_ids,
                supervision_ids,
            }),
            // Each was reported above.
            _ => Err(DomainError::new(ErrorCode::Validation)),
        }
    }
}

/// Whether `actor` reads the records of `unit`: a leader or supervisor whose body is above it.
/// Never the unit's own people, nor those below it or beside it.
pub fn may_read(actor: &Actor, org: &OrgTree, unit: UnitId) -> bool {
    let root = visibility_root(actor, org);
    (actor.has(Role::Leader) || actor.may(Permission::SuperviseScope))
        && root != unit
        && org.is_ancestor_or_self(root, unit)
        && org.competent_body(unit).map(|b| b.id) != Some(root)
}

/// Whether `actor` records one about `unit`: the same standing as reading it.
pub fn may_record(actor: &Actor, org: &OrgTree, unit: UnitId) -> bool {
    may_read(actor, org, unit)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::org::{Unit, UnitKind};

    fn org() -> OrgTree {
        let u = |id, kind, level, parent| Unit {
            id,
            name: format!("u{id}"),
            kind,
            level,
            parent_id: parent,
            region_code: "110000".into(),
        };
        OrgTree::new(vec![
            u(1, UnitKind::ProvincialDepartment, 2, None),
            u(2, UnitKind::CityBureau, 3, Some(1)),
            u(3, UnitKind::CountyBureau, 4, Some(2)),
            u(4, UnitKind::School, 5, Some(3)),
            u(5, UnitKind::PetitionOffice, 4, Some(3)),
            u(6, UnitKind::CountyBureau, 4, Some(2)),
        ])
    }

    fn actor(unit: UnitId, roles: &[Role]) -> Actor {
        Actor {
            user_id: 1,
            unit_id: unit,
            roles: roles.to_vec(),
        }
    }

    #[test]
    fn only_leaders_and_supervisors_above_the_unit_read_its_records() {
        let o = org();
        let leader = |u| actor(u, &[Role::Leader]);
        // The city's leader and supervisor, the province's leader: above the county.
        assert!(may_read(&leader(2), &o, 3));
        assert!(may_read(&actor(2, &[Role::Supervisor]), &o, 3));
        assert!(may_read(&leader(1), &o, 3));
        assert!(may_record(&leader(2), &o, 4));
        // The county itself, its petition office, a school below, a sibling county: never.
        assert!(!may_read(&leader(3), &o, 3));
        assert!(!may_read(&leader(5), &o, 3));
        assert!(
            !may_read(&leader(5), &o, 5),
            "the office acts for the county"
        );
        assert!(
            !may_read(&leader(3), &o, 5),
            "the county's own office is the county"
        );
        assert!(!may_read(&leader(4), &o, 3));
        assert!(!may_read(&leader(6), &o, 3));
        // Above, but neither leader nor supervisor.
        assert!(!may_read(
            &actor(2, &[Role::Registrar, Role::Handler]),
            &o,
            3
        ));
        // The county's leader reads a school's record.
        assert!(may_read(&leader(3), &o, 4));
    }

    #[test]
    fn a_record_reports_every_problem_at_once() {
        let o = org();
        let today = Date::parse("2026-06-30").unwrap();
        let f: AccountabilityForm = serde_json::from_str(
            r#"{"unit_id": 99, "grounds": ["nonsense"], "measure": "fine", "on": "2026-07-01", "description": "x", "case_ids": ["a"]}"#,
        )
        .unwrap();
        let e = NewAccountability::read(f, &o, today).unwrap_err();
        let fields: Vec<&str> = e.fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            fields,
            [
                "unit_id",
                "grounds",
                "measure",
                "on",
                "description",
                "case_ids"
            ]
        );
        let f: AccountabilityForm = serde_json::from_str(
            r#"{"unit_id": 3, "person": " 张某（副局长） ", "grounds": ["shirking_or_overdue", "shirking_or_overdue", "suggestion_ignored"],
                "measure": "interview", "on": "2026-06-30", "description": "督办逾期未反馈", "case_ids": [7, 7, 8]}"#,
        )
        .unwrap();
        let r = NewAccountability::read(f, &o, today).unwrap();
        assert_eq!(r.grounds, ["shirking_or_overdue", "suggestion_ignored"]);
        assert_eq!(r.person.as_deref(), Some("张某（副局长）"));
        assert_eq!(r.case_ids, [7, 8]);
        assert_eq!(r.measure, AccountabilityMeasure::Interview);
        for g in GROUNDS {
            assert_eq!(ground(g.code), Some(g));
            assert!(g.article.starts_with("第四十"));
        }
    }
}

//! Supervision orders (督办, 催办; DOMAIN.md §3.2, Art. 40): issued downward by a supervisor of
//! a body above the unit handling a case, or by the deadline scanner, and answered in writing
//! by the supervised unit (反馈: what was done, whether the suggestion was adopted).

use serde::Deserialize;

use crate::date::Date;
use crate::error::DomainError;
use crate::org::{OrgTree, UnitId};
use crate::permission::Permission;
use crate::policy::visibility_root;
use crate::role::Actor;
use crate::wire::{Field, Problems};

macro_rules! supervision_kinds {
    ($($variant:ident => $wire:literal, $zh:literal, $en:literal;)+) => {
        /// What an order asks.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, Deserialize)]
        pub enum SupervisionKind { $(#[serde(rename = $wire)] $variant,)+ }
        impl SupervisionKind {
            pub const ALL: &'static [SupervisionKind] = &[$(SupervisionKind::$variant,)+];
            pub fn as_str(self) -> &'static str { match self { $(SupervisionKind::$variant => $wire,)+ } }
            pub fn zh(self) -> &'static str { match self { $(SupervisionKind::$variant => $zh,)+ } }
            pub fn en(self) -> &'static str { match self { $(SupervisionKind::$variant => $en,)+ } }
            pub fn parse(s: &str) -> Option<SupervisionKind> { match s { $($wire => Some(SupervisionKind::$variant),)+ _ => None } }
        }
    };
}

supervision_kinds! {
    Supervise => "supervise", "督办", "Supervision order";
    Urge => "urge", "催办", "Reminder";
    Listed => "listed", "挂牌督办", "Listed for supervision";
}

crate::from_wire_by_parse!(SupervisionKind);

/// Characters of an order's grounds and of an answer.
pub const MAX_SUPERVISION_TEXT: usize = 2_000;

/// An order as submitted. Unknown fields are ignored.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SupervisionOrderForm {
    /// supervise (督办) | urge (催办) | listed (挂牌督办, Art. 39)
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub kind: Field<SupervisionKind>,
    /// The ground (督办事由) by its code (`GET /api/v1/supervisions/grounds`); optional.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub grounds: Field<String>,
    /// The day the written answer is due, YYYY-MM-DD, not before today.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub due_on: Field<Date>,
    /// The grounds and what is asked (2 to 2,000 characters).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub reason: Field<String>,
}

/// An order the domain accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupervisionOrder {
    pub kind: SupervisionKind,
    /// A code of [`crate::supervision_grounds::GROUNDS`].
    pub grounds: Option<&'static str>,
    pub due_on: Date,
    pub reason: String,
}

fn text_between(p: &mut Problems, field: &str, f: Field<String>) -> String {
    let text = f.into_given().unwrap_or_default();
    let n = text.chars().count();
    if !(2..=MAX_SUPERVISION_TEXT).contains(&n) {
        p.add(field, "请填写2至2000字", "2 to 2,000 characters");
    }
    text
}

impl SupervisionOrder {
    /// Every problem of the form, by field, at once; then the order. `today` bounds the due day.
    pub fn read(f: SupervisionOrderForm, today: Date) -> Result<SupervisionOrder, DomainError> {
        let mut p = Problems::default();
        let kind = f.kind.given().copied();
        if kind.is_none() {
            p.add(
                "kind",
                "督办类型应为 supervise（督办）、urge（催办）或 listed（挂牌督办）",
                "kind must be supervise, urge or listed",
            );
        }
        let grounds = match f.grounds.into_given() {
            None => None,
            Some(code) => match crate::supervision_grounds::ground(code.trim()) {
                Some(g) => Some(g.code),
                None => {
                    p.add(
                        "grounds",
                        "督办事由不在《信访工作条例》第四十条及所列情形之中",
                        "not one of the grounds of Art. 40 and the 2005 list",
                    );
                    None
                }
            },
        };
        let due_on = f.due_on.given().copied();
        match due_on {
            None => p.add(
                "due_on",
                "请填写反馈期限（YYYY-MM-DD）",
                "the answer's due day, YYYY-MM-DD",
            ),
            Some(d) if d < today => p.add(
                "due_on",
                "反馈期限不能早于今天",
                "the due day cannot be in the past",
            ),
            Some(_) => {}
        }
        let reason = text_between(&mut p, "reason", f.reason);
        p.finish(|| ())?;
        match (kind, due_on) {
            (Some(kind), Some(due_on)) => Ok(SupervisionOrder {
                kind,
                grounds,
                due_on,
                reason,
            }),
            // Both were reported just above.
            _ => Err(DomainError::new(crate::error::ErrorCode::Validation)),
        }
    }
}

/// A written answer as submitted.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SupervisionResponseForm {
    /// What was done (2 to 2,000 characters).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub response: Field<String>,
    /// Whether the order's suggestion was adopted.
    #[cfg_attr(feature = "openapi", schema(value_type = bool))]
    pub adopted: Field<bool>,
}

/// An answer the domain accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupervisionResponse {
    pub response: String,
    pub adopted: bool,
}

impl TryFrom<SupervisionResponseForm> for SupervisionResponse {
    type Error = DomainError;

    fn try_from(f: SupervisionResponseForm) -> Result<SupervisionResponse, DomainError> {
        let mut p = Problems::default();
        let response = text_between(&mut p, "response", f.response);
        let adopted = f.adopted.given().copied();
        if adopted.is_none() {
            p.add(
                "adopted",
                "请选择是否采纳督办意见（true 或 false）",
                "adopted must be true or false",
            );
        }
        p.finish(|| SupervisionResponse {
            response,
            adopted: adopted.unwrap_or(false),
        })
    }
}

/// Whether `actor` may order the unit handling a case (`handling_unit`) about it: a supervisor
/// whose body is above that unit. Orders go downward only, never to one's own body.
pub fn may_issue(actor: &Actor, org: &OrgTree, handling_unit: UnitId) -> bool {
    let root = visibility_root(actor, org);
    actor.may(Permission::SuperviseScope)
        && root != handling_unit
        && org.is_ancestor_or_self(root, handling_unit)
}

/// Whether `actor` answers for `supervised_unit` (its own unit, or the body its petition office
/// acts for) and may write the answer.
pub fn answers_for(actor: &Actor, org: &OrgTree, supervised_unit: UnitId) -> bool {
    actor.may(Permission::HandleCases)
        && (supervised_unit == actor.unit_id || supervised_unit == visibility_root(actor, org))
}

/// Days an automatic 督办 (the deadline scanner's) leaves for the written answer: 30, as the
/// 2005 Regulations set for feedback on a 督办 (XFTL-2005 Art. 36; DOMAIN.md §1.8).
pub const AUTOMATIC_ANSWER_DAYS: i32 = 30;

/// The day an order's written answer is due, if it asks for one: a person's order by its own
/// due day; the scanner's 督办 within [`AUTOMATIC_ANSWER_DAYS`] of its making (its `due_on` is
/// the deadline that was missed); the scanner's 催办 is a reminder and asks for no answer.
pub fn answer_due(
    issued_by_person: bool,
    kind: SupervisionKind,
    due_on: Date,
    created_on: Date,
) -> Option<Date> {
    match (issued_by_person, kind) {
        (true, _) => Some(due_on),
        (false, SupervisionKind::Urge) => None,
        (false, _) => Some(created_on.add_days(AUTOMATIC_ANSWER_DAYS)),
    }
}

/// The state of an order on `today`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SupervisionStatus {
    /// Waiting for the written answer, not yet due.
    Open,
    /// Waiting past its due day.
    Overdue,
    Answered,
}

impl SupervisionStatus {
    pub fn of(answered: bool, due_on: Date, today: Date) -> SupervisionStatus {
        if answered {
            SupervisionStatus::Answered
        } else if crate::deadline::is_overdue(due_on, today) {
            SupervisionStatus::Overdue
        } else {
            SupervisionStatus::Open
        }
    }

    pub fn parse(s: &str) -> Option<SupervisionStatus> {
        match s {
            "open" => Some(SupervisionStatus::Open),
            "overdue" => Some(SupervisionStatus::Overdue),
            "answered" => Some(SupervisionStatus::Answered),
            _ => None,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn an_order_reports_every_problem_and_refuses_a_past_due_day() {
        let f: SupervisionOrderForm =
            serde_json::from_str(r#"{"kind": "order", "due_on": "2026-11-30", "reason": "x"}"#)
                .unwrap();
        let e = SupervisionOrder::read(f, day("2026-12-01")).unwrap_err();
        let fields: Vec<&str> = e.fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(fields, ["kind", "due_on", "reason"]);
        let f: SupervisionOrderForm = serde_json::from_str(
            r#"{"kind": "listed", "grounds": "whim", "due_on": "2026-12-09", "reason": "挂牌督办"}"#,
        )
        .unwrap();
        let e = SupervisionOrder::read(f, day("2026-12-01")).unwrap_err();
        assert_eq!(e.fields[0].0, "grounds");
        let f: SupervisionOrderForm = serde_json::from_str(
            r#"{"kind": "listed", "grounds": "shirking", "due_on": "2026-12-09", "reason": "挂牌督办"}"#,
        )
        .unwrap();
        let o = SupervisionOrder::read(f, day("2026-12-01")).unwrap();
        assert_eq!(
            (o.kind, o.grounds),
            (SupervisionKind::Listed, Some("shirking"))
        );
        let f: SupervisionOrderForm = serde_json::from_str(
            r#"{"kind": "urge", "due_on": "2026-12-01", "reason": "请于期限内办结并反馈"}"#,
        )
        .unwrap();
        let o = SupervisionOrder::read(f, day("2026-12-01")).unwrap();
        assert_eq!(o.kind, SupervisionKind::Urge);
    }

    #[test]
    fn an_answer_needs_text_and_a_choice_and_an_order_is_overdue_the_day_after() {
        let f: SupervisionResponseForm = serde_json::from_str(r#"{"response": ""}"#).unwrap();
        let e = SupervisionResponse::try_from(f).unwrap_err();
        let fields: Vec<&str> = e.fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(fields, ["response", "adopted"]);
        let due = day("2026-12-01");
        assert_eq!(
            SupervisionStatus::of(false, due, due),
            SupervisionStatus::Open
        );
        assert_eq!(
            SupervisionStatus::of(false, due, day("2026-12-02")),
            SupervisionStatus::Overdue
        );
        assert_eq!(
            SupervisionStatus::of(true, due, day("2026-12-09")),
            SupervisionStatus::Answered
        );
        let made = day("2026-12-01");
        let missed = day("2026-11-20");
        assert_eq!(
            answer_due(true, SupervisionKind::Listed, due, made),
            Some(due)
        );
        assert_eq!(
            answer_due(false, SupervisionKind::Supervise, missed, made),
            Some(day("2026-12-31"))
        );
        assert_eq!(answer_due(false, SupervisionKind::Urge, missed, made), None);
        for k in SupervisionKind::ALL {
            assert_eq!(
                serde_json::to_value(k).unwrap(),
                serde_json::json!(k.as_str())
            );
        }
    }
}

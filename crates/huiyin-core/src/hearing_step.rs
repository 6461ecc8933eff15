//! The steps on a hearing (CONTRACT-style `action`: `notify` | `hold` | `cancel`): the notice
//! sent to the participants (once, before the hearing), the hearing held with its minutes and
//! conclusion, or its cancellation with a reason. Each fits only a scheduled hearing.

use serde::{Deserialize, Serialize};

use crate::case::wire_enum;
use crate::date::Date;
use crate::error::{DomainError, ErrorCode};
use crate::hearing::{HearingStatus, fits};
use crate::wire::{Field, Problems};

/// Characters of the minutes, the conclusion, a notice's note and a reason.
pub const MAX_HEARING_MINUTES: usize = 20_000;
pub const MAX_HEARING_CONCLUSION: usize = 5_000;
pub const MAX_HEARING_NOTE: usize = 500;

wire_enum! {
    /// A step on a hearing.
    HearingAction {
        Notify => "notify", "通知参加人", "Notify the participants";
        Hold => "hold", "记录听证结果", "Record as held";
        Cancel => "cancel", "取消听证", "Cancel the hearing";
    }
}

wire_enum! {
    /// How the participants were told.
    NoticeMethod {
        Written => "written", "书面通知", "In writing";
        Phone => "phone", "电话通知", "By phone";
        Sms => "sms", "短信通知", "By text message";
        InPerson => "in_person", "当面通知", "In person";
        Other => "other", "其他方式", "Another way";
    }
}

crate::from_wire_by_parse!(HearingAction, NoticeMethod);

/// A step as submitted; each action reads its own fields.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct HearingActionForm {
    /// `notify` | `hold` | `cancel`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub action: Field<HearingAction>,
    /// `notify`: the day the notice went out, YYYY-MM-DD, not in the future nor after the
    /// hearing's day.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub notice_on: Field<Date>,
    /// `notify`: `written`, `phone`, `sms`, `in_person` or `other`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub method: Field<NoticeMethod>,
    /// `notify`: what was sent or to whom (optional, up to 500 characters).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub note: Field<String>,
    /// `hold`: the day it was held (default: the day scheduled), not in the future.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub held_on: Field<Date>,
    /// `hold`: the minutes (笔录), 2 to 20,000 characters.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub minutes: Field<String>,
    /// `hold`: the conclusion (听证结论), 2 to 5,000 characters.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub conclusion: Field<String>,
    /// `cancel`: why, 2 to 500 characters.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub reason: Field<String>,
}

/// A step the domain accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HearingStep {
    Notify {
        on: Date,
        method: NoticeMethod,
        note: Option<String>,
    },
    Hold {
        on: Date,
        minutes: String,
        conclusion: String,
    },
    Cancel {
        reason: String,
    },
}

impl HearingStep {
    pub fn action(&self) -> HearingAction {
        match self {
            HearingStep::Notify { .. } => HearingAction::Notify,
            HearingStep::Hold { .. } => HearingAction::Hold,
            HearingStep::Cancel { .. } => HearingAction::Cancel,
        }
    }

    /// Every problem of the action's fields at once, then whether the step fits a hearing of
    /// `status`, scheduled for `scheduled_on`, `notified` or not.
    pub fn read(
        f: HearingActionForm,
        (status, scheduled_on, notified): (HearingStatus, Date, bool),
        today: Date,
    ) -> Result<HearingStep, DomainError> {
        let mut p = Problems::default();
        let Some(action) = f.action.given().copied() else {
            return Err(DomainError::invalid(
                "action",
                "操作应为 notify（通知参加人）、hold（记录听证结果）或 cancel（取消听证）",
                "action: notify, hold or cancel",
            ));
        };
        let step = match action {
            HearingAction::Notify => {
                let on = f.notice_on.given().copied();
                match on {
                    None => p.add(
                        "notice_on",
                        "请填写通知日期（YYYY-MM-DD）",
                        "the day of the notice, YYYY-MM-DD",
                    ),
                    Some(d) if d > today => {
                        p.add("notice_on", "通知日期不能晚于今天", "not in the future");
                    }
                    Some(d) if d > scheduled_on => p.add(
                        "notice_on",
                        "通知日期不能晚于听证日期",
                        "not after the hearing's day",
                    ),
                    Some(_) => {}
                }
                let method = f.method.given().copied();
                if method.is_none() {
                    p.add(
                        "method",
                        "通知方式应为 written（书面）、phone（电话）、sms（短信）、in_person（当面）或 other（其他）",
                        "written, phone, sms, in_person or other",
                    );
                }
                let note = f.note.into_given();
                if note
                    .as_deref()
                    .is_some_and(|n| !fits(n, 1, MAX_HEARING_NOTE))
                {
                    p.add(
                        "note",
                        "通知说明不超过500字",
                        "the note: up to 500 characters",
                    );
                }
                p.finish(|| ())?;
                match (on, method) {
                    (Some(on), Some(method)) => HearingStep::Notify { on, method, note },
                    _ => return Err(DomainError::new(ErrorCode::Validation)),
                }
            }
            HearingAction::Hold => {
                let on = match &f.held_on {
                    Field::Absent => Some(scheduled_on),
                    Field::Given(d) => Some(*d),
                    Field::Invalid(_) => None,
                };
                match on {
                    None => p.add("held_on", "日期格式应为YYYY-MM-DD", "expected YYYY-MM-DD"),
                    Some(d) if d > today => p.add(
                        "held_on",
                        "听证尚未举行：举行日期不能晚于今天",
                        "not held yet: the day cannot be in the future",
                    ),
                    Some(_) => {}
                }
                let minutes = f.minutes.into_given().unwrap_or_default();
                if !fits(&minutes, 2, MAX_HEARING_MINUTES) {
                    p.add(
                        "minutes",
                        "请填写听证笔录（2至20000字）",
                        "the minutes, 2 to 20,000 characters",
                    );
                }
                let conclusion = f.conclusion.into_given().unwrap_or_default();
                if !fits(&conclusion, 2, MAX_HEARING_CONCLUSION) {
                    p.add(
                        "conclusion",
                        "请填写听证结论（2至5000字）",
                        "the conclusion, 2 to 5,000 characters",
                    );
                }
                p.finish(|| ())?;
                let Some(on) = on else {
                    return Err(DomainError::new(ErrorCode::Validation));
                };
                HearingStep::Hold {
                    on,
                    minutes,
                    conclusion,
                }
            }
            HearingAction::Cancel => {
                let reason = f.reason.into_given().unwrap_or_default();
                if !fits(&reason, 2, MAX_HEARING_NOTE) {
                    p.add(
                        "reason",
                        "请填写取消理由（2至500字）",
                        "a reason, 2 to 500 characters",
                    );
                }
                p.finish(|| ())?;
                HearingStep::Cancel { reason }
            }
        };
        if status != HearingStatus::Scheduled {
            return Err(DomainError::new(ErrorCode::HearingStepNotAllowed).with(
                "action",
                if status == HearingStatus::Held {
                    "该听证已举行，不能再操作"
                } else {
                    "该听证已取消，不能再操作"
                },
                if status == HearingStatus::Held {
                    "the hearing has been held"
                } else {
                    "the hearing was cancelled"
                },
            ));
        }
        if action == HearingAction::Notify && notified {
            return Err(DomainError::new(ErrorCode::HearingStepNotAllowed).with(
                "action",
                "已记录过通知参加人",
                "the notice is already recorded",
            ));
        }
        Ok(step)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn read(json: &str, status: HearingStatus, notified: bool) -> Result<HearingStep, DomainError> {
        let f: HearingActionForm = serde_json::from_str(json).unwrap();
        HearingStep::read(f, (status, d("2026-07-10"), notified), d("2026-06-30"))
    }

    #[test]
    fn each_action_names_its_problems() {
        let e = read(
            r#"{"action": "notify", "notice_on": "2026-07-01", "method": "fax"}"#,
            HearingStatus::Scheduled,
            false,
        )
        .unwrap_err();
        let fields: Vec<&str> = e.fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(fields, ["notice_on", "method"]);
        let e = read(r#"{"action": "hold"}"#, HearingStatus::Scheduled, false).unwrap_err();
        let fields: Vec<&str> = e.fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            fields,
            ["held_on", "minutes", "conclusion"],
            "the scheduled day is ahead"
        );
        let e = read(r#"{"action": "adjourn"}"#, HearingStatus::Scheduled, false).unwrap_err();
        assert_eq!(e.fields[0].0, "action");
    }

    #[test]
    fn steps_fit_only_a_scheduled_hearing() {
        let hold = r#"{"action": "hold", "held_on": "2026-06-29", "minutes": "双方陈述意见", "conclusion": "维持原意见"}"#;
        assert!(read(hold, HearingStatus::Scheduled, true).is_ok());
        let e = read(hold, HearingStatus::Held, true).unwrap_err();
        assert_eq!(e.code, ErrorCode::HearingStepNotAllowed);
        let notify = r#"{"action": "notify", "notice_on": "2026-06-30", "method": "written"}"#;
        assert!(read(notify, HearingStatus::Scheduled, false).is_ok());
        let e = read(notify, HearingStatus::Scheduled, true).unwrap_err();
        assert_eq!(e.code, ErrorCode::HearingStepNotAllowed);
        let e = read(
            r#"{"action": "cancel", "reason": "改期"}"#,
            HearingStatus::Cancelled,
            false,
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::HearingStepNotAllowed);
    }
}

//! `GET /cases/{id}`: everything about a case, and `POST /cases/{id}/act`: one workflow step
//! from the forms of exactly the actions the domain allows this user now.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_app::{AppError, CaseView, SupervisionView, TimelineView};
use huiyin_core::error::{ErrorClass, ErrorCode};
use huiyin_core::kinds::{DiversionProcedure, Grade, Outcome, PetitionType, ServiceMethod};
use huiyin_core::supervision::{SupervisionKind, SupervisionStatus};
use huiyin_core::workflow::ActionKind;
use serde::Deserialize;

use super::action_form::{FormSpec, parse, spec};
use super::attachments::{AttachmentRow, rows as attachment_rows};
use super::case_facts::{Facts, facts};
use super::chrome::{Chrome, error_page, error_text, form_status, render_status};
use super::i18n::pick;
use super::list::Opt;
use super::rows::{CaseRow, case_row};
use super::session::{Fields, Staff, StaffForm};
use super::units::unit_options;
use crate::AppState;
use crate::error::Lang;

#[path = "case_page_confirmation.rs"]
mod confirmation;

pub struct ActionView {
    pub kind: &'static str,
    pub label: &'static str,
    pub spec: FormSpec,
    pub open: bool,
}

#[derive(Template)]
#[template(path = "staff/case.html")]
struct CasePage {
    c: Chrome,
    v: CaseView,
    f: Facts,
    actions: Vec<ActionView>,
    notices: Vec<super::notices::NoticeLink>,
    /// The petitioner's history (信访人档案), as list rows.
    rows: Vec<CaseRow>,
    attachments: Vec<AttachmentRow>,
    can_attach: bool,
    /// Leaders and administrators may publish a concluded case as a typical case.
    can_publish: bool,
    units: Vec<Opt>,
    /// 交办: the units below the handling body only.
    units_below: Vec<Opt>,
    /// 分办: the handlers and leaders the case may be allotted to.
    handlers: Vec<Opt>,
    /// 呈阅: the leaders the case may be put before.
    leaders: Vec<Opt>,
    leaders_panel: super::case_leaders::LeaderPanel,
    outcomes: Vec<Opt>,
    grades: Vec<Opt>,
    procedures: Vec<Opt>,
    service_methods: Vec<Opt>,
    types: Vec<Opt>,
    today: String,
    done: Option<String>,
    errors: Vec<String>,
    error_message: Option<String>,
    prev: Fields,
    /// 督办/催办 about the case, those the user may answer, and whether the user may issue one.
    supervisions: Vec<SupervisionView>,
    answerable: Vec<i64>,
    can_supervise: bool,
    supervision_kinds: Vec<Opt>,
    /// The grounds an order may name.
    supervision_grounds: Vec<Opt>,
    /// The form that failed (kept open with what was typed).
    failed: Option<String>,
    /// The signed-in user (a leader's 包案 form names them).
    user_id: i64,
    /// The warnings (预警) about the case.
    warnings: Vec<super::warnings::WarningRow>,
}

impl CasePage {
    fn may_answer(&self, id: &i64) -> bool {
        self.answerable.contains(id)
    }

    /// The answer form of this order failed (kept open with what was typed).
    fn failed_form(&self, id: &i64) -> bool {
        self.failed.as_deref() == Some(format!("answer-{id}").as_str())
    }

    fn status_code(&self, o: &SupervisionView) -> &'static str {
        match o.status {
            SupervisionStatus::Open => "open",
            SupervisionStatus::Overdue => "overdue",
            SupervisionStatus::Answered => "answered",
        }
    }

    fn status_text(&self, o: &SupervisionView) -> &'static str {
        match o.status {
            SupervisionStatus::Open => self.c.pick("待反馈", "Awaiting the answer"),
            SupervisionStatus::Overdue => self.c.pick("逾期未反馈", "Overdue"),
            SupervisionStatus::Answered => self.c.pick("已反馈", "Answered"),
        }
    }

    /// The value typed before a failed submission (kept so nothing has to be retyped).
    fn prev(&self, name: &str) -> &str {
        self.prev.get(name).unwrap_or("")
    }

    /// The units a step's form offers: 交办 goes only down the line.
    fn unit_choices(&self, kind: &str) -> &[Opt] {
        if kind == "assign" {
            &self.units_below
        } else {
            &self.units
        }
    }

    fn flagged(&self, flag: &str) -> bool {
        self.v.flags.iter().any(|f| f.as_str() == flag)
    }
}

fn opts<T: Copy>(
    all: &[T],
    wire: fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Vec<Opt> {
    all.iter()
        .map(|x| Opt {
            value: wire(*x).to_owned(),
            label: label(*x).to_owned(),
            selected: false,
        })
        .collect()
}

#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
}

struct Outcome2 {
    done: Option<String>,
    errors: Vec<String>,
    error_message: Option<String>,
    failed: Option<String>,
    prev: Fields,
}

async fn page(s: &AppState, staff: &Staff, id: i64, o: Outcome2, status: StatusCode) -> Response {
    let lang = staff.lang;
    let app = &s.app;
    // One visibility check and one read of the case for every panel.
    let snap = match app.case_snapshot(&staff.user, id).await {
        Ok(snap) => snap,
        Err(e) => return error_page(s, staff, &e),
    };
    let v = snap.case;
    let warnings = super::warnings::of_case(s, &staff.user, v.id, lang).await;
    let timeline: Vec<TimelineView> = snap.timeline;
    let history = snap.history;
    let attachments = attachment_rows(&snap.attachments, lang);
    let org = app.org();
    let today = app.today();
    let actions = v
        .allowed_actions
        .iter()
        .copied()
        .map(|k| ActionView {
            kind: k.as_str(),
            label: pick(lang, k.zh(), k.en()),
            spec: spec(k),
            open: o.failed.as_deref() == Some(k.as_str()),
        })
        .collect();
    let notices = super::notices::links(&snap.notices, lang);
    let mut exclude = s.app.work_units(&staff.user);
    exclude.push(v.handling_unit_id);
    let units = unit_options(s, &staff.user, &exclude, None);
    let body = org.competent_body(v.handling_unit_id).map(|u| u.id);
    let units_below = units
        .iter()
        .filter(|o| {
            o.value
                .parse::<i64>()
                .is_ok_and(|id| body.is_some_and(|b| org.is_ancestor_or_self(b, id)))
        })
        .map(|o| Opt {
            value: o.value.clone(),
            label: o.label.clone(),
            selected: false,
        })
        .collect();
    let handlers = if v.allowed_actions.contains(&ActionKind::Allot) {
        app.allottable_handlers(&staff.user, v.id)
            .await
            .unwrap_or_default()
            .into_iter()
            .filter(|(id, _)| Some(*id) != v.handler_user_id)
            .map(|(id, name)| Opt {
                value: id.to_string(),
                label: name,
                selected: false,
            })
            .collect()
    } else {
        Vec::new()
    };
    let leaders = super::case_leaders::leader_options(s, &staff.user, &v).await;
    let leaders_panel = super::case_leaders::panel(s, &v, today, lang).await;
    // A leader deciding a request or a draft finds the forms filled in with what was asked.
    let mut prev = o.prev;
    if prev.0.is_empty()
        && let Some(p) = &v.pending
    {
        if let Some(days) = p.days {
            prev.0.push(("days".into(), days.to_string()));
        }
        if let Some(d) = &p.draft {
            prev.0
                .push(("outcome".into(), d.outcome.as_str().to_owned()));
            prev.0.push(("opinion".into(), d.opinion.clone()));
            prev.0.push(("basis".into(), d.basis.clone()));
            if let Some(facts) = &d.facts {
                prev.0.push(("facts".into(), facts.clone()));
            }
        }
    }
    let mut f = facts(s, &v, &timeline, lang);
    f.items
        .extend(super::joint_reception_page::case_facts(s, staff, v.id).await);
    let title = format!("{} {}", v.number, v.title);
    let done = confirmation::done_message(o.done.as_deref(), &v.number, lang);
    let p = CasePage {
        c: Chrome::new(s, staff, "cases", title),
        rows: history
            .iter()
            .map(|h| case_row(h, &org, today, lang))
            .collect(),
        attachments,
        can_attach: snap.can_attach,
        can_publish: snap.can_publish,
        f,
        actions,
        notices,
        units,
        units_below,
        handlers,
        leaders,
        leaders_panel,
        outcomes: opts(Outcome::ALL, Outcome::as_str, |x| {
            pick(lang, x.zh(), x.en())
        }),
        grades: opts(Grade::ALL, Grade::as_str, |x| pick(lang, x.zh(), x.en())),
        procedures: opts(DiversionProcedure::ALL, DiversionProcedure::as_str, |x| {
            pick(lang, x.zh(), x.en())
        }),
        service_methods: opts(ServiceMethod::ALL, ServiceMethod::as_str, |x| {
            pick(lang, x.zh(), x.en())
        }),
        types: opts(PetitionType::ALL, PetitionType::as_str, |x| {
            pick(lang, x.zh(), x.en())
        }),
        today: today.to_string(),
        done,
        errors: o.errors,
        error_message: o.error_message,
        prev,
        supervisions: snap.supervisions,
        answerable: snap.answerable,
        can_supervise: snap.can_supervise,
        supervision_grounds: huiyin_core::supervision_grounds::GROUNDS
            .iter()
            .map(|g| Opt {
                value: g.code.to_owned(),
                label: pick(lang, g.zh, g.en).to_owned(),
                selected: false,
            })
            .collect(),
        supervision_kinds: opts(SupervisionKind::ALL, SupervisionKind::as_str, |x| {
            pick(lang, x.zh(), x.en())
        }),
        failed: o.failed,
        user_id: staff.user.id,
        warnings,
        v,
    };
    render_status(status, &p)
}

/// `GET /cases/{id}`
pub async fn show(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(q): Query<Done>,
) -> Response {
    let Some(id) = id.parse::<i64>().ok().filter(|i| *i > 0) else {
        return error_page(&s, &staff, &AppError::code(ErrorCode::CaseNotFound));
    };
    let o = Outcome2 {
        done: q.done,
        errors: Vec::new(),
        error_message: None,
        failed: None,
        prev: Fields::default(),
    };
    page(&s, &staff, id, o, StatusCode::OK).await
}

/// The case page again with an error at the top (a refused upload); other errors as a page.
pub(super) async fn with_error(s: &AppState, staff: &Staff, id: i64, e: &AppError) -> Response {
    if e.error_code() != ErrorCode::Validation {
        return error_page(s, staff, e);
    }
    let (error_message, errors) = failure(e, staff.lang);
    let o = Outcome2 {
        done: None,
        errors,
        error_message,
        failed: None,
        prev: Fields::default(),
    };
    page(s, staff, id, o, crate::error::status_of(e.error_code())).await
}

/// The case page again after a refused form (`failed` names it, `prev` is what was typed), or
/// the error page when the case is out of sight.
pub(super) async fn after_refusal(
    s: &AppState,
    staff: &Staff,
    id: i64,
    e: &AppError,
    failed: &str,
    prev: Fields,
) -> Response {
    if e.error_code().class() == ErrorClass::NotFound {
        return error_page(s, staff, e);
    }
    let (error_message, errors) = failure(e, staff.lang);
    let o = Outcome2 {
        done: None,
        errors,
        error_message,
        failed: Some(failed.to_owned()),
        prev,
    };
    page(s, staff, id, o, form_status(e)).await
}

fn failure(e: &AppError, lang: Lang) -> (Option<String>, Vec<String>) {
    let (message, fields) = error_text(e, lang);
    (Some(message), fields)
}

/// `POST /cases/{id}/act`: takes the step, then shows the case again (303) or the errors
/// (403/409/422 by the kind of refusal).
pub async fn act(State(s): State<AppState>, Path(id): Path<String>, form: StaffForm) -> Response {
    let staff = form.staff;
    let Some(id) = id.parse::<i64>().ok().filter(|i| *i > 0) else {
        return error_page(&s, &staff, &AppError::code(ErrorCode::CaseNotFound));
    };
    let kind = form.fields.get("action").map(str::to_owned);
    let result = match parse(&form.fields) {
        Ok(input) => s.app.act(&staff.user, id, input).await,
        Err(e) => Err(AppError::Domain(e)),
    };
    match result {
        Ok(_) => {
            Redirect::to(&format!("/cases/{id}?done={}", kind.unwrap_or_default())).into_response()
        }
        // A case out of sight is simply not found; any other refusal shows the form again with
        // the status of its kind (403 role or unit, 409 rules, 422 input).
        Err(e) => after_refusal(&s, &staff, id, &e, &kind.unwrap_or_default(), form.fields).await,
    }
}

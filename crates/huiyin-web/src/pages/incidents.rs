//! `GET /incidents`: the incidents (突发事件、群体性事件; issue 13 item 3) of the user's scope,
//! newest first, 20 a page, each with the reports its level owes, made, late (迟报) and missing
//! (漏报), narrowed by period, unit and the standing of their reports (`incidents_filter.rs`:
//! the list behind each figure of the statistics' incident reports), with an xlsx download; and `POST /incidents`, the form that records one (the same use
//! case as `POST /api/v1/incidents`, cases typed by number); a refusal shows the page again with
//! every problem and what was typed.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_app::{AppError, IncidentView};
use huiyin_core::error::DomainError;
use huiyin_core::incident::{IncidentForm, IncidentLevel, NewIncident};
use huiyin_core::incident_list::{IncidentListForm, IncidentQuery};
use serde_json::Value;

use super::chrome::{Chrome, error_page, error_text, form_status, render_status};
use super::i18n::pick;
use super::incidents_filter::{ListFilter, list_filter};
use super::leaders_form::numbers;
use super::list::Opt;
use super::session::{Fields, Staff, StaffForm};
use crate::AppState;

const PER_PAGE: u32 = 20;

/// Where an incident's reporting stands: a report missing (漏报) outweighs one still owed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Standing {
    /// Every report owed is made.
    Complete,
    /// Some report owed is not made yet, none past its deadline.
    Reporting,
    /// Some report owed is past its deadline with nothing made.
    Missing,
}

impl Standing {
    pub(super) fn of(v: &IncidentView) -> Standing {
        if v.missing_reports > 0 {
            Standing::Missing
        } else if v
            .reports
            .iter()
            .any(|r| r.due_at_ms.is_some() && r.reported_at_ms.is_none())
        {
            Standing::Reporting
        } else {
            Standing::Complete
        }
    }

    pub(super) fn as_str(self) -> &'static str {
        match self {
            Standing::Complete => "complete",
            Standing::Reporting => "reporting",
            Standing::Missing => "missing",
        }
    }

    pub(super) fn zh(self) -> &'static str {
        match self {
            Standing::Complete => "已报齐",
            Standing::Reporting => "报告中",
            Standing::Missing => "有漏报",
        }
    }

    pub(super) fn en(self) -> &'static str {
        match self {
            Standing::Complete => "All reported",
            Standing::Reporting => "Reporting",
            Standing::Missing => "Report missing",
        }
    }

    /// The badge's colour class.
    pub(super) fn class(self) -> &'static str {
        match self {
            Standing::Complete => "b-blue",
            Standing::Reporting => "b-amber",
            Standing::Missing => "b-red",
        }
    }
}

/// The colour of a level's badge (the warning levels' colours, 一般 blue … 特别重大 red).
pub(super) fn level_class(l: IncidentLevel) -> &'static str {
    match l {
        IncidentLevel::General => "lvl-blue",
        IncidentLevel::Major => "lvl-yellow",
        IncidentLevel::Serious => "lvl-orange",
        IncidentLevel::EspeciallySerious => "lvl-red",
    }
}

/// The reports an incident owes and how many of them are made.
pub(super) fn owed_and_made(v: &IncidentView) -> (usize, usize) {
    let owed = v.reports.iter().filter(|r| r.due_at_ms.is_some());
    let made = owed.clone().filter(|r| r.reported_at_ms.is_some()).count();
    (owed.count(), made)
}

/// One line of the list.
pub(super) struct Row {
    pub v: IncidentView,
    pub occurred: String,
    pub owed: usize,
    pub made: usize,
    pub standing: Standing,
    pub level_class: &'static str,
}

impl Row {
    pub(super) fn new(v: IncidentView) -> Row {
        let (owed, made) = owed_and_made(&v);
        Row {
            occurred: super::audit::when(v.occurred_at_ms),
            owed,
            made,
            standing: Standing::of(&v),
            level_class: level_class(v.level),
            v,
        }
    }
}

#[derive(Template)]
#[template(path = "staff/incidents.html")]
struct IncidentsPage {
    c: Chrome,
    rows: Vec<Row>,
    total: i64,
    page: u32,
    pages: u32,
    units: Vec<Opt>,
    levels: Vec<Opt>,
    /// The list's filters (`report`, `from`, `to`, `unit_id`, `under`).
    f: ListFilter,
    /// The reporting chain in force, read-only (administrators edit it).
    chain: Vec<super::admin::DutyRow>,
    error_message: Option<String>,
    errors: Vec<String>,
    /// The record form failed: kept open with what was typed.
    failed: bool,
    prev: Fields,
}

impl IncidentsPage {
    fn prev(&self, name: &str) -> &str {
        self.prev.get(name).unwrap_or("")
    }
}

#[derive(Default)]
struct Outcome {
    error_message: Option<String>,
    errors: Vec<String>,
    failed: bool,
    prev: Fields,
}

async fn page(
    s: &AppState,
    staff: &Staff,
    (q, problems): (IncidentQuery, Option<DomainError>),
    o: Outcome,
    status: StatusCode,
) -> Response {
    let lang = staff.lang;
    let q = IncidentQuery {
        per_page: PER_PAGE,
        ..q
    };
    let page = q.page;
    let list = match s.app.incidents(&staff.user, &q).await {
        Ok(l) => l,
        Err(e) => return error_page(s, staff, &e),
    };
    let chosen = o.prev.get("level").unwrap_or("general");
    let levels = IncidentLevel::ALL
        .iter()
        .map(|l| Opt {
            value: l.as_str().to_owned(),
            label: pick(lang, l.zh(), l.en()).to_owned(),
            selected: chosen == l.as_str(),
        })
        .collect();
    // A stored chain that no longer reads shows no table here; the admin page names it.
    let chain = s
        .app
        .incident_chain(&staff.user)
        .await
        .map(|v| super::admin::chain_rows(&v, lang))
        .unwrap_or_default();
    let view = IncidentsPage {
        c: Chrome::new(s, staff, "incidents", pick(lang, "突发事件", "Incidents")),
        total: list.total,
        page,
        pages: u32::try_from((list.total + i64::from(PER_PAGE) - 1) / i64::from(PER_PAGE))
            .unwrap_or(1)
            .max(1),
        rows: list.items.into_iter().map(Row::new).collect(),
        // Only the units of the user's scope: an incident is recorded at one of them.
        units: super::units::filter_unit_options(s, &staff.user, o.prev.get("unit_id")),
        levels,
        f: list_filter(s, staff, &q, problems.as_ref()),
        chain,
        error_message: o.error_message,
        errors: o.errors,
        failed: o.failed,
        prev: o.prev,
    };
    render_status(status, &view)
}

/// `GET /incidents?report=&from=&to=&unit_id=&under=&page=`: filters that do not read are
/// left out and named above the list.
pub async fn list(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<IncidentListForm>,
) -> Response {
    page(&s, &staff, f.read(), Outcome::default(), StatusCode::OK).await
}

/// `GET /incidents.xlsx?report=&from=&to=&unit_id=&under=`: every incident of the user's scope
/// the filters keep, as a workbook.
pub async fn download(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<IncidentListForm>,
) -> Response {
    let mut q = match IncidentQuery::try_from(f) {
        Ok(q) => q,
        Err(e) => return error_page(&s, &staff, &AppError::Domain(e)),
    };
    q.per_page = 200;
    let mut all = Vec::new();
    loop {
        match s.app.incidents(&staff.user, &q).await {
            Ok(l) => {
                let done = l.items.is_empty() || (all.len() + l.items.len()) as i64 >= l.total;
                all.extend(l.items);
                if done {
                    break;
                }
                q.page += 1;
            }
            Err(e) => return error_page(&s, &staff, &e),
        }
    }
    let mut numbers = Vec::with_capacity(all.len());
    for v in &all {
        numbers.push(super::incident_page::case_numbers(&s, &staff, v).await);
    }
    s.app
        .record_export(&staff.user, "incidents.xlsx", all.len());
    super::incidents_export::incidents_workbook(&all, &numbers, staff.lang).unwrap_or_else(|_| {
        error_page(
            &s,
            &staff,
            &huiyin_app::AppError::code(huiyin_core::error::ErrorCode::Internal),
        )
    })
}

/// The problems of the rest of the form, when the typed case numbers were refused first: the
/// form is read by the domain's own rule so that every problem shows at once.
fn with_other_problems(s: &AppState, e: AppError, fields: &Fields) -> AppError {
    let AppError::Domain(mut d) = e else {
        return e;
    };
    let rest: IncidentForm = fields.read(&[]);
    if let Err(more) = NewIncident::read(rest, &s.app.org(), s.app.now_ms()) {
        merge(&mut d, more);
    }
    AppError::Domain(d)
}

fn merge(into: &mut DomainError, more: DomainError) {
    for (field, m) in more.fields {
        if !into.fields.iter().any(|(f, _)| *f == field) {
            into.fields.push((field, m));
        }
    }
}

/// `POST /incidents`: records the incident, then shows it (303), or the refusal with what was
/// typed.
pub async fn record(State(s): State<AppState>, form: StaffForm) -> Response {
    let StaffForm { staff, fields } = form;
    let typed = numbers(fields.get("case_numbers").unwrap_or_default());
    let ids = match s.app.visible_case_ids_by_number(&staff.user, &typed).await {
        Ok(ids) => Ok(ids),
        Err(e) => Err(with_other_problems(&s, e, &fields)),
    };
    let result = match ids {
        Ok(ids) => {
            let mut f: IncidentForm = fields.read(&[]);
            f.case_ids = Some(ids.into_iter().map(Value::from).collect());
            s.app.create_incident(&staff.user, f).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(v) => Redirect::to(&format!("/incidents/{}?done=record", v.id)).into_response(),
        Err(e) => {
            let (message, errors) = error_text(&e, staff.lang);
            let o = Outcome {
                error_message: Some(message),
                errors,
                failed: true,
                prev: fields,
            };
            page(
                &s,
                &staff,
                (IncidentQuery::default(), None),
                o,
                form_status(&e),
            )
            .await
        }
    }
}

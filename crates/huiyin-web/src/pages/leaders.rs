//! `GET /leaders`: 领导督查 (issue 14 items 4–6) — for leaders and supervisors, the month's
//! frozen scorecard of the units below (each figure linked to its cases at `/leaders/cases`,
//! `leaders_cases.rs`; the whole downloadable as xlsx), what supervision achieved per unit this year, how the cases
//! each leader took stand, and the 责任追究 records with the form to add one
//! (`leaders_form.rs`). Everything is read through the same use cases as the API.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use huiyin_app::{
    AccountabilityView, AppError, FieldVisitView, LeaderTally, ScorecardQuery, ScorecardView,
    SupervisionStats,
};
use huiyin_core::Date;
use huiyin_core::accountability::AccountabilityMeasure;
use huiyin_core::error::ErrorCode;
use serde::Deserialize;

use super::chrome::{Chrome, error_page};
use super::i18n::pick;
use super::list::Opt;
use super::scorecard_export::kpi_label;
use super::session::{Fields, Staff};
use crate::AppState;

#[derive(Deserialize, Default)]
pub struct LeadersParams {
    /// `YYYY-MM`, a completed month (default: the last one).
    pub month: Option<String>,
    /// `accountability` or `visit` after a record was made.
    pub done: Option<String>,
}

/// One figure of a unit's line, with its drill-down links.
pub struct Figure {
    pub value: String,
    pub points: String,
    pub numerator: i64,
    pub denominator: i64,
    pub numerator_href: String,
    pub denominator_href: String,
}

pub struct ScoreLine {
    pub rank: u32,
    pub unit: String,
    pub score: String,
    pub figures: Vec<Figure>,
}

#[derive(Template)]
#[template(path = "staff/leaders.html")]
pub struct LeadersPage {
    pub c: Chrome,
    pub month: String,
    pub latest_month: String,
    pub frozen_at: String,
    pub scheme: String,
    pub full_marks: String,
    pub heads: Vec<&'static str>,
    pub lines: Vec<ScoreLine>,
    pub scorecard_error: Option<String>,
    pub supervision: Option<SupervisionStats>,
    pub leaders: Vec<LeaderTally>,
    pub records: Vec<AccountabilityView>,
    pub records_total: i64,
    /// 带案下访 this year, and the form's leaders and units.
    pub visits: Vec<FieldVisitView>,
    pub visit_leaders: Vec<Opt>,
    pub visit_units: Vec<Opt>,
    /// Which form failed (`accountability` | `visit`), kept open with what was typed.
    pub failed: &'static str,
    /// The record form: the units below, the grounds, the measures.
    pub record_units: Vec<Opt>,
    pub grounds: Vec<Opt>,
    pub measures: Vec<Opt>,
    pub today: String,
    pub errors: Vec<String>,
    pub error_message: Option<String>,
    pub done: Option<&'static str>,
    pub prev: Fields,
}

impl LeadersPage {
    fn prev(&self, name: &str) -> String {
        self.prev.get(name).unwrap_or_default().to_owned()
    }
    /// What was typed into the 责任追究 form, when it is the one that failed.
    fn ac(&self, name: &str) -> String {
        if self.failed == "accountability" {
            self.prev(name)
        } else {
            String::new()
        }
    }
    fn ground_checked(&self, code: &str) -> bool {
        self.failed == "accountability"
            && self.prev.0.iter().any(|(k, v)| k == "grounds" && v == code)
    }
}

/// The first day of the month before `today`'s.
fn last_month(today: Date) -> Date {
    let (y, m, _) = today.ymd();
    let first = Date::from_ymd(y, m, 1).unwrap_or(today);
    let (py, pm, _) = first.add_days(-1).ymd();
    Date::from_ymd(py, pm, 1).unwrap_or(first)
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{:.1}%", v * 100.0))
}

fn lines(view: &ScorecardView) -> Vec<ScoreLine> {
    view.items
        .iter()
        .map(|i| ScoreLine {
            rank: i.rank,
            unit: i.unit_name.clone(),
            score: format!("{:.2}", i.score),
            figures: i
                .parts
                .iter()
                .map(|p| {
                    let href = |part: &str| {
                        format!(
                            "/leaders/cases?kpi={}&unit_id={}&from={}&to={}&part={part}",
                            p.kpi, i.unit_id, view.from, view.to
                        )
                    };
                    Figure {
                        value: if p.weight < 0.0 {
                            p.numerator.to_string()
                        } else {
                            pct(p.value)
                        },
                        points: format!("{:.2}", p.points),
                        numerator: p.numerator,
                        denominator: p.denominator,
                        numerator_href: href("numerator"),
                        denominator_href: href("denominator"),
                    }
                })
                .collect(),
        })
        .collect()
}

/// Whether the user may open the page.
fn leads(staff: &Staff) -> bool {
    staff.user.roles.contains(&huiyin_core::role::Role::Leader)
        || staff
            .user
            .may(huiyin_core::permission::Permission::SuperviseScope)
}

/// What a form failed with, if one did.
pub struct Outcome {
    /// `accountability` | `visit` (empty: none failed).
    pub failed: &'static str,
    pub errors: Vec<String>,
    pub error_message: Option<String>,
    pub done: Option<&'static str>,
    pub prev: Fields,
}

/// `GET /leaders`
pub async fn show(
    State(s): State<AppState>,
    staff: Staff,
    Query(p): Query<LeadersParams>,
) -> Response {
    let outcome = Outcome {
        failed: "",
        errors: Vec::new(),
        error_message: None,
        done: match p.done.as_deref() {
            Some("accountability") => Some(pick(
                staff.lang,
                "已记录责任追究",
                "Accountability recorded",
            )),
            Some("visit") => Some(pick(staff.lang, "已记录带案下访", "Field visit recorded")),
            _ => None,
        },
        prev: Fields(Vec::new()),
    };
    page(&s, &staff, p.month.as_deref(), outcome).await
}

/// The page, with the record form's outcome.
pub async fn page(s: &AppState, staff: &Staff, month: Option<&str>, o: Outcome) -> Response {
    if !leads(staff) {
        return error_page(s, staff, &AppError::code(ErrorCode::Forbidden));
    }
    let lang = staff.lang;
    let app = &s.app;
    let today = app.today();
    let latest = last_month(today);
    let asked = month.map(str::trim).filter(|m| !m.is_empty());
    let parsed = asked.map(|m| Date::parse(&format!("{m}-01")).ok());
    let first = parsed.flatten().unwrap_or(latest);
    let q = ScorecardQuery {
        unit_id: None,
        level: None,
        from: first,
        to: first,
        month: Some(first),
    };
    let (card, scorecard_error) = if parsed == Some(None) {
        let m = pick(lang, "月份格式应为YYYY-MM，如", "A month is YYYY-MM, e.g. ");
        (None, Some(format!("{m}{}", &latest.to_string()[..7])))
    } else {
        match app.scorecard(&staff.user, q).await {
            Ok(v) => (Some(v), None),
            Err(e) => (None, Some(super::chrome::error_text(&e, lang).0)),
        }
    };
    let (year_start, _) = app.year_to_date();
    let supervision = app
        .supervision_stats(&staff.user, None, year_start, today)
        .await
        .ok();
    let leaders = app.owned_by_leader(&staff.user).await.unwrap_or_default();
    let records = app
        .accountability_records(
            &staff.user,
            None,
            Date::from_ymd(2000, 1, 1).unwrap_or(today),
            today,
            1,
            20,
        )
        .await
        .ok();
    let visits = app
        .field_visits(&staff.user, None, year_start, today, 1, 20)
        .await
        .map(|l| l.items)
        .unwrap_or_default();
    let visit_leaders = app
        .visiting_leaders(&staff.user)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|(id, name)| Opt {
            selected: o.failed == "visit"
                && o.prev.get("leader_user_id") == Some(id.to_string().as_str()),
            value: id.to_string(),
            label: name,
        })
        .collect();
    let chosen_unit = (o.failed == "visit")
        .then(|| o.prev.get("unit_id").and_then(|u| u.parse::<i64>().ok()))
        .flatten();
    let visit_units = super::units::scope_unit_options(s, &staff.user, chosen_unit);
    let org = app.org();
    let heads = card
        .as_ref()
        .and_then(|c| c.items.first())
        .map(|i| i.parts.iter().map(|p| kpi_label(&p.kpi, lang)).collect())
        .unwrap_or_default();
    let page = LeadersPage {
        c: Chrome::new(s, staff, "leaders", pick(lang, "领导督查", "Leaders")),
        month: first.to_string().chars().take(7).collect(),
        latest_month: latest.to_string().chars().take(7).collect(),
        // `2026-07-02T09:30:00+08:00` → `2026-07-02 09:30`
        frozen_at: card
            .as_ref()
            .and_then(|c| c.frozen_at.as_deref())
            .map(|at| at.replace('T', " ").chars().take(16).collect())
            .unwrap_or_default(),
        scheme: card.as_ref().map(|c| c.scheme.clone()).unwrap_or_default(),
        full_marks: card
            .as_ref()
            .map(|c| format!("{:.0}", c.full_marks))
            .unwrap_or_default(),
        heads,
        lines: card.as_ref().map(lines).unwrap_or_default(),
        scorecard_error,
        supervision,
        leaders,
        records_total: records.as_ref().map_or(0, |r| r.total),
        records: records.map(|r| r.items).unwrap_or_default(),
        visits,
        visit_leaders,
        visit_units,
        failed: o.failed,
        record_units: app
            .accountability_units(&staff.user)
            .into_iter()
            .filter_map(|u| org.get(u))
            .map(|u| Opt {
                value: u.id.to_string(),
                label: org.path_label(u.id),
                selected: o.failed == "accountability"
                    && o.prev.get("unit_id") == Some(u.id.to_string().as_str()),
            })
            .collect(),
        grounds: huiyin_core::accountability::GROUNDS
            .iter()
            .map(|g| Opt {
                value: g.code.to_owned(),
                label: format!("{}（{}）", pick(lang, g.zh, g.en), g.article),
                selected: false,
            })
            .collect(),
        measures: AccountabilityMeasure::ALL
            .iter()
            .map(|m| Opt {
                value: m.as_str().to_owned(),
                label: pick(lang, m.zh(), m.en()).to_owned(),
                selected: o.failed == "accountability" && o.prev.get("measure") == Some(m.as_str()),
            })
            .collect(),
        today: today.to_string(),
        errors: o.errors,
        error_message: o.error_message,
        done: o.done,
        prev: o.prev,
    };
    let status = if page.error_message.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    super::chrome::render_status(status, &page)
}

/// `GET /leaders/scorecard.xlsx?month=`: the month's frozen scorecard as a workbook.
pub async fn scorecard_xlsx(
    State(s): State<AppState>,
    staff: Staff,
    Query(p): Query<LeadersParams>,
) -> Response {
    let today = s.app.today();
    let first = match p.month.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        None => last_month(today),
        Some(m) => match Date::parse(&format!("{m}-01")) {
            Ok(d) => d,
            Err(_) => {
                let e = huiyin_core::error::DomainError::invalid(
                    "month",
                    "月份格式应为YYYY-MM",
                    "a month is YYYY-MM",
                );
                return error_page(&s, &staff, &AppError::Domain(e));
            }
        },
    };
    let q = ScorecardQuery {
        unit_id: None,
        level: None,
        from: first,
        to: first,
        month: Some(first),
    };
    match s.app.scorecard(&staff.user, q).await {
        Ok(view) => {
            s.app
                .record_export(&staff.user, "scorecard.xlsx", view.items.len());
            super::scorecard_export::scorecard_workbook(&view, staff.lang)
                .unwrap_or_else(|_| axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response())
        }
        Err(e) => error_page(&s, &staff, &e),
    }
}

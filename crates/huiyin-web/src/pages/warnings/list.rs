//! `GET /warnings`: the warnings the user may see, unresolved first, then red → blue, then
//! newest (the store's order), filtered by status, kind, level and responsible unit, 20 a page.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use huiyin_app::AppError;
use huiyin_core::warning::{WarningFilter, WarningKind, WarningLevel, WarningStatus};
use serde::Deserialize;

use super::{WarningRow, row};
use crate::AppState;
use crate::api::warnings::WarningParams;
use crate::error::Lang;
use crate::pages::chrome::{Chrome, error_page, render};
use crate::pages::i18n::pick;
use crate::pages::list::Opt;
use crate::pages::list::options;
use crate::pages::session::{Staff, url_escape};
use crate::pages::units::unit_options;

const PER_PAGE: u32 = 20;

/// The query string as typed (every field optional), echoed back into the form and links.
#[derive(Deserialize, Default, Clone)]
pub struct ListQuery {
    pub status: Option<String>,
    pub kind: Option<String>,
    pub level: Option<String>,
    pub unit_id: Option<String>,
    pub page: Option<String>,
}

fn blank(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn params(
    status: Option<String>,
    kind: Option<String>,
    level: Option<String>,
    unit_id: Option<String>,
) -> WarningParams {
    WarningParams {
        status,
        kind,
        level,
        unit_id,
        page: None,
        per_page: None,
    }
}

impl ListQuery {
    fn page(&self) -> u32 {
        blank(&self.page)
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(1)
            .max(1)
    }

    /// The filter read as the API reads it, and the problems of the fields that do not read:
    /// like the case list, the page still lists, with only the filters that read.
    fn filter(&self, lang: Lang) -> (WarningFilter, Vec<String>) {
        let all = params(
            self.status.clone(),
            self.kind.clone(),
            self.level.clone(),
            self.unit_id.clone(),
        );
        let problems = match all.filter() {
            Ok(f) => return (f, Vec::new()),
            Err(e) => messages(&e.fields, lang),
        };
        let one = |p: WarningParams| p.filter().ok().unwrap_or_default();
        let filter = WarningFilter {
            status: one(params(self.status.clone(), None, None, None)).status,
            kind: one(params(None, self.kind.clone(), None, None)).kind,
            level: one(params(None, None, self.level.clone(), None)).level,
            unit_id: one(params(None, None, None, self.unit_id.clone())).unit_id,
        };
        (filter, problems)
    }

    /// The query string without the page (for the pager).
    fn query_string(&self) -> String {
        [
            ("status", &self.status),
            ("kind", &self.kind),
            ("level", &self.level),
            ("unit_id", &self.unit_id),
        ]
        .iter()
        .filter_map(|(k, v)| blank(v).map(|v| format!("{k}={}", url_escape(v))))
        .collect::<Vec<_>>()
        .join("&")
    }
}

fn messages(fields: &[(String, huiyin_core::error::FieldMessage)], lang: Lang) -> Vec<String> {
    fields
        .iter()
        .map(|(_, m)| pick(lang, &m.zh, &m.en).to_owned())
        .collect()
}

#[derive(Template)]
#[template(path = "staff/warnings.html")]
struct WarningsPage {
    c: Chrome,
    rows: Vec<WarningRow>,
    total: i64,
    page: u32,
    pages: i64,
    qs: String,
    statuses: Vec<Opt>,
    kinds: Vec<Opt>,
    levels: Vec<Opt>,
    units: Vec<Opt>,
    /// The filters that could not be read and were left out, with why.
    problems: Vec<String>,
}

/// `GET /warnings`
pub async fn list(State(s): State<AppState>, staff: Staff, Query(q): Query<ListQuery>) -> Response {
    let lang = staff.lang;
    let (mut filter, mut problems) = q.filter(lang);
    let mut found = s
        .app
        .warnings(&staff.user, filter.clone(), q.page(), PER_PAGE)
        .await;
    // A unit that reads but does not exist: the list without it, and why.
    if let Err(AppError::Domain(e)) = &found
        && filter.unit_id.is_some()
        && e.fields.iter().any(|(f, _)| f == "unit_id")
    {
        problems.extend(messages(&e.fields, lang));
        filter.unit_id = None;
        found = s
            .app
            .warnings(&staff.user, filter.clone(), q.page(), PER_PAGE)
            .await;
    }
    let found = match found {
        Ok(f) => f,
        Err(e) => return error_page(&s, &staff, &e),
    };
    let per_page = i64::from(found.per_page.max(1));
    let pages = ((found.total + per_page - 1) / per_page).max(1);
    let title = pick(lang, "预警", "Early warnings");
    let view = WarningsPage {
        c: Chrome::new(&s, &staff, "warnings", title),
        rows: found.items.iter().map(|w| row(w, lang)).collect(),
        total: found.total,
        page: found.page,
        pages,
        qs: q.query_string(),
        statuses: options(
            WarningStatus::ALL,
            |x| x.as_str(),
            |x| pick(lang, x.zh(), x.en()),
            filter.status.map(|x| x.as_str()),
        ),
        kinds: options(
            WarningKind::ALL,
            |x| x.as_str(),
            |x| pick(lang, x.zh(), x.en()),
            filter.kind.map(|x| x.as_str()),
        ),
        levels: options(
            WarningLevel::ALL,
            |x| x.as_str(),
            |x| pick(lang, x.zh(), x.en()),
            filter.level.map(|x| x.as_str()),
        ),
        units: unit_options(&s, &staff.user, &[], filter.unit_id),
        problems,
    };
    render(&view)
}

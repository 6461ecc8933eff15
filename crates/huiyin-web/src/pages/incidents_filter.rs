//! The filters of the incident list (`/incidents?report=&from=&to=&unit_id=&under=`): the
//! list behind each figure of the statistics' 突发事件报告 table, and a form to narrow the
//! list by hand. The same input as `GET /api/v1/incidents` (`IncidentListForm`).

use huiyin_core::error::DomainError;
use huiyin_core::incident_list::{IncidentQuery, ReportFilter};

use super::i18n::pick;
use super::list::Opt;
use super::session::{Staff, url_escape};
use crate::AppState;

/// The filters as the page shows them.
pub(super) struct ListFilter {
    /// The filters as a query string (without `page`), for the pager and the download.
    pub query: String,
    pub reports: Vec<Opt>,
    pub from: String,
    pub to: String,
    /// The units for `under` (the unit and below).
    pub units: Vec<Opt>,
    /// `unit_id` (exactly this unit), as its id and name, when asked for.
    pub exact: Option<(i64, String)>,
    /// What the filters ask for, in words; empty when none applies.
    pub summary: String,
    /// The filters that could not be read (left out).
    pub problems: Vec<String>,
}

impl ListFilter {
    /// The pager's link to page `n`.
    pub fn page_href(&self, n: u32) -> String {
        if self.query.is_empty() {
            format!("/incidents?page={n}")
        } else {
            format!("/incidents?{}&page={n}", self.query)
        }
    }
}

/// The query string of `q`'s filters (not its page).
pub(super) fn query_string(q: &IncidentQuery) -> String {
    [
        ("report", q.report.map(|r| r.as_str().to_owned())),
        ("from", q.from.map(|d| d.to_string())),
        ("to", q.to.map(|d| d.to_string())),
        ("unit_id", q.unit_id.map(|u| u.to_string())),
        ("under", q.under.map(|u| u.to_string())),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| format!("{k}={}", url_escape(&v))))
    .collect::<Vec<_>>()
    .join("&")
}

pub(super) fn list_filter(
    s: &AppState,
    staff: &Staff,
    q: &IncidentQuery,
    problems: Option<&DomainError>,
) -> ListFilter {
    let lang = staff.lang;
    let org = s.app.org();
    let reports = ReportFilter::ALL
        .iter()
        .map(|r| Opt {
            value: r.as_str().to_owned(),
            label: pick(lang, r.zh(), r.en()).to_owned(),
            selected: q.report == Some(*r),
        })
        .collect();
    let under = q.under.map(|u| u.to_string());
    let exact = q.unit_id.map(|u| (u, org.path_label(u)));
    let mut words = Vec::new();
    if let Some(r) = q.report {
        words.push(pick(lang, r.zh(), r.en()).to_owned());
    }
    match (q.from, q.to) {
        (None, None) => {}
        (from, to) => words.push(format!(
            "{}{} — {}",
            pick(lang, "发生于 ", "occurred "),
            from.map(|d| d.to_string()).unwrap_or_default(),
            to.map(|d| d.to_string()).unwrap_or_default()
        )),
    }
    if let Some((_, name)) = &exact {
        words.push(format!("{}{name}", pick(lang, "仅本单位：", "at exactly ")));
    }
    if let Some(u) = q.under {
        words.push(format!(
            "{}{}",
            pick(lang, "含下级：", "at or below "),
            org.path_label(u)
        ));
    }
    ListFilter {
        query: query_string(q),
        reports,
        from: q.from.map(|d| d.to_string()).unwrap_or_default(),
        to: q.to.map(|d| d.to_string()).unwrap_or_default(),
        units: super::units::filter_unit_options(s, &staff.user, under.as_deref()),
        exact,
        summary: words.join(pick(lang, "；", "; ")),
        problems: problems
            .map(|e| {
                e.fields
                    .iter()
                    .map(|(_, m)| pick(lang, &m.zh, &m.en).to_owned())
                    .collect()
            })
            .unwrap_or_default(),
    }
}

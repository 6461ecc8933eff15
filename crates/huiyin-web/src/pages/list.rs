//! `GET /cases`: the case list with the filters of the core search, Chinese full text, sort,
//! pages, deadline colours and flag badges; `?queue=…` shows one worklist of the workbench.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use huiyin_app::workbench::WorkQueue;
use huiyin_app::{AppError, CaseList, CaseQuery, CurrentUser};
use huiyin_core::case::Status;
use huiyin_core::case_list::CaseListForm;
use huiyin_core::error::DomainError;
use huiyin_core::kinds::{Channel, PetitionType};
use serde::Deserialize;

use super::chrome::{Chrome, error_page, render};
use super::i18n::pick;
use super::rows::{CaseRow, case_row};
use super::session::{Staff, url_escape};
use crate::AppState;
use crate::error::Lang;

/// The list's query string, as typed (every field optional): echoed back into the filter form
/// and links, and read into the API's own input (`CaseListForm`) for the query.
#[derive(Deserialize, serde::Serialize, Default, Clone)]
pub struct ListParams {
    pub queue: Option<String>,
    pub q: Option<String>,
    pub status: Option<String>,
    pub channel: Option<String>,
    pub petition_type: Option<String>,
    pub category: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub overdue: Option<String>,
    pub sort: Option<String>,
    pub unit_id: Option<String>,
    pub handler: Option<String>,
    pub per_page: Option<String>,
    pub page: Option<String>,
}

fn blank(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl ListParams {
    pub fn queue(&self) -> Option<WorkQueue> {
        blank(&self.queue).and_then(WorkQueue::parse)
    }

    /// The page size chosen (one of [`PAGE_SIZES`]; 20 otherwise).
    pub fn per_page(&self) -> u32 {
        blank(&self.per_page)
            .and_then(|p| p.parse::<u32>().ok())
            .filter(|n| PAGE_SIZES.contains(n))
            .unwrap_or(PER_PAGE)
    }

    pub fn page(&self) -> u32 {
        blank(&self.page)
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(1)
            .max(1)
    }

    /// The query of every filter that reads, with the problems of those that do not (the
    /// API's builder: the same messages; the page still lists, without those filters).
    pub fn to_query(&self, per_page: u32) -> (CaseQuery, Option<DomainError>) {
        let form: CaseListForm = serde_json::to_value(self)
            .and_then(serde_json::from_value)
            .unwrap_or_default();
        let (mut q, problems) = form.read();
        q.page = Some(self.page());
        q.per_page = Some(per_page);
        (q, problems)
    }

    /// The query string without the page (for pager and export links).
    pub fn query_string(&self) -> String {
        let pairs = [
            ("queue", &self.queue),
            ("q", &self.q),
            ("status", &self.status),
            ("channel", &self.channel),
            ("petition_type", &self.petition_type),
            ("category", &self.category),
            ("from", &self.from),
            ("to", &self.to),
            ("overdue", &self.overdue),
            ("sort", &self.sort),
            ("unit_id", &self.unit_id),
            ("handler", &self.handler),
            ("per_page", &self.per_page),
        ];
        pairs
            .iter()
            .filter_map(|(k, v)| blank(v).map(|v| format!("{k}={}", url_escape(v))))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// Runs the list or the worklist for a user.
pub async fn fetch(
    s: &AppState,
    user: &CurrentUser,
    p: &ListParams,
    per_page: u32,
) -> Result<CaseList, AppError> {
    match p.queue() {
        Some(q) => s.app.worklist(user, q, p.page(), per_page).await,
        None => s.app.list_cases(user, p.to_query(per_page).0).await,
    }
}

pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// A vocabulary as select options, the current value selected.
pub(crate) fn options<T: Copy>(
    all: &[T],
    wire: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
    current: Option<&str>,
) -> Vec<Opt> {
    all.iter()
        .map(|x| Opt {
            value: wire(*x).to_owned(),
            label: label(*x).to_owned(),
            selected: current == Some(wire(*x)),
        })
        .collect()
}

/// Categories as select options, children indented under their parent.
pub fn category_options(s: &AppState, lang: Lang, current: Option<&str>) -> Vec<Opt> {
    s.app
        .categories()
        .all()
        .iter()
        .map(|c| {
            let depth = c.code.matches('.').count();
            let name = pick(lang, &c.name_zh, &c.name_en);
            Opt {
                value: c.code.clone(),
                label: format!("{}{name}", "　".repeat(depth)),
                selected: current == Some(c.code.as_str()),
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "staff/cases.html")]
struct ListPage {
    c: Chrome,
    p: ListParams,
    heading: String,
    queue: bool,
    rows: Vec<CaseRow>,
    /// "37", or "1000+" when the count stopped at its cap.
    total: String,
    page: u32,
    pages: i64,
    qs: String,
    statuses: Vec<Opt>,
    channels: Vec<Opt>,
    types: Vec<Opt>,
    categories: Vec<Opt>,
    sorts: Vec<Opt>,
    /// The sortable column headers (number, received day, deadline).
    heads: Vec<super::list_sort::SortHead>,
    /// 我的视图: the user's saved views of the list.
    views: Vec<super::saved_views::ViewLink>,
    units: Vec<Opt>,
    handlers: Vec<Opt>,
    page_sizes: Vec<Opt>,
    /// Ticked rows can be exported or printed (any rows shown).
    pick_rows: bool,
    /// Batch work (case staff): the unit's handlers to allot to, the units to forward to.
    batch: bool,
    batch_handlers: Vec<Opt>,
    batch_units: Vec<Opt>,
    /// The filters that could not be read and were left out, with why.
    problems: Vec<String>,
}

impl ListPage {
    fn value<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }
}

const PER_PAGE: u32 = 20;

/// The page sizes the list offers.
pub const PAGE_SIZES: [u32; 3] = [20, 50, 100];

pub async fn list(
    State(s): State<AppState>,
    staff: Staff,
    Query(p): Query<ListParams>,
) -> Response {
    let lang = staff.lang;
    let found = match fetch(&s, &staff.user, &p, p.per_page()).await {
        Ok(f) => f,
        Err(e) => return error_page(&s, &staff, &e),
    };
    let today = s.app.today();
    let org = s.app.org();
    let t = super::i18n::msgs(lang);
    let heading = match p.queue() {
        Some(q) => format!("{}：{}", t.queue, pick(lang, q.zh(), q.en())),
        None => t.cases_title.to_owned(),
    };
    let sorts = [
        ("newest", t.sort_newest),
        ("received_desc", t.sort_received_desc),
        ("received_asc", t.sort_received_asc),
        ("due_asc", t.sort_due_asc),
        ("due_desc", t.sort_due_desc),
        ("status_asc", t.sort_status_asc),
        ("status_desc", t.sort_status_desc),
        ("id", pick(lang, "登记顺序（旧→新）", "Oldest registered")),
    ]
    .iter()
    .map(|(v, l)| Opt {
        value: (*v).to_owned(),
        label: (*l).to_owned(),
        selected: blank(&p.sort) == Some(*v),
    })
    .collect();
    let problems = match (p.queue(), p.to_query(p.per_page()).1) {
        (None, Some(e)) => e
            .fields
            .iter()
            .map(|(_, m)| pick(lang, &m.zh, &m.en).to_owned())
            .collect(),
        _ => Vec::new(),
    };
    let mut rows: Vec<CaseRow> = found
        .items
        .iter()
        .map(|v| case_row(v, &org, today, lang))
        .collect();
    // The inbox names who asked.
    if p.queue() == Some(WorkQueue::Approvals) {
        super::rows::name_who_asked(&s.app, &mut rows, lang).await;
    }
    // Every reader may tick rows to export or print them; case staff also act on them.
    let pick_rows = !rows.is_empty();
    for r in &mut rows {
        r.selectable = pick_rows;
    }
    let batch = staff
        .user
        .may(huiyin_core::permission::Permission::HandleCases)
        && pick_rows;
    let (batch_handlers, batch_units) = if batch {
        let handlers = s
            .app
            .unit_handlers(&staff.user)
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|(id, name)| Opt {
                value: id.to_string(),
                label: name,
                selected: false,
            })
            .collect();
        let units =
            super::units::unit_options(&s, &staff.user, &s.app.work_units(&staff.user), None);
        (handlers, units)
    } else {
        (Vec::new(), Vec::new())
    };
    let page = found.page;
    let pages = (found.total + i64::from(found.per_page) - 1) / i64::from(found.per_page.max(1));
    let page_view = ListPage {
        c: Chrome::new(&s, &staff, "cases", heading.clone()),
        heading,
        queue: p.queue().is_some(),
        rows,
        total: if found.total_exact {
            found.total.to_string()
        } else {
            format!("{}+", found.total)
        },
        page,
        pages: pages.max(1),
        qs: p.query_string(),
        statuses: options(
            Status::ALL,
            |x| x.as_str(),
            |x| pick(lang, x.zh(), x.en()),
            blank(&p.status),
        ),
        channels: options(
            Channel::ALL,
            |x| x.as_str(),
            |x| pick(lang, x.zh(), x.en()),
            blank(&p.channel),
        ),
        types: options(
            PetitionType::ALL,
            |x| x.as_str(),
            |x| pick(lang, x.zh(), x.en()),
            blank(&p.petition_type),
        ),
        categories: category_options(&s, lang, blank(&p.category)),
        sorts,
        heads: super::list_sort::heads(&p, lang),
        views: super::saved_views::links(&s, &staff.user, &p.query_string()).await,
        units: super::units::filter_unit_options(&s, &staff.user, blank(&p.unit_id)),
        handlers: [
            ("me", pick(lang, "我承办的", "Mine")),
            ("none", pick(lang, "待分办", "Not yet allotted")),
        ]
        .iter()
        .map(|(v, l)| Opt {
            value: (*v).to_owned(),
            label: (*l).to_owned(),
            selected: blank(&p.handler) == Some(*v),
        })
        .collect(),
        page_sizes: PAGE_SIZES
            .iter()
            .map(|n| Opt {
                value: n.to_string(),
                label: n.to_string(),
                selected: *n == p.per_page(),
            })
            .collect(),
        problems,
        pick_rows,
        batch,
        batch_handlers,
        batch_units,
        p,
    };
    render(&page_view)
}

//! `GET /hearings`: the 信访听证 of the user's scope — by day (default this year and next),
//! and status, 20 a page, with an xlsx download (`GET /hearings.xlsx`). A filter that does not
//! read is shown with its message and what was typed, and the list is shown without it.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use huiyin_app::HearingView;
use huiyin_core::hearing::HearingStatus;
use serde::Deserialize;

use super::chrome::{Chrome, error_page, error_text, render_status};
use super::i18n::pick;
use super::list::Opt;
use super::session::{Staff, url_escape};
use crate::AppState;
use crate::api::hearings::{HearingParams, hearing_query};

const PER_PAGE: u32 = 20;

/// The query string as typed.
#[derive(Deserialize, Default, Clone)]
pub struct HearingListQuery {
    pub status: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub page: Option<String>,
}

impl HearingListQuery {
    fn params(&self) -> HearingParams {
        HearingParams {
            status: self.status.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            ..HearingParams::default()
        }
    }

    fn typed(v: &Option<String>) -> &str {
        v.as_deref().map_or("", str::trim)
    }
}

#[derive(Template)]
#[template(path = "staff/hearings.html")]
struct HearingsPage {
    c: Chrome,
    items: Vec<HearingView>,
    total: i64,
    page: u32,
    pages: u32,
    statuses: Vec<Opt>,
    from: String,
    to: String,
    /// The filters as a query string (for the pager and the download).
    filter_query: String,
    error_message: Option<String>,
    errors: Vec<String>,
}

/// `GET /hearings`
pub async fn list(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<HearingListQuery>,
) -> Response {
    let lang = staff.lang;
    let today = s.app.today();
    let (query, error_message, errors) = match hearing_query(&q.params(), today, lang) {
        Ok(query) => (query, None, Vec::new()),
        Err(e) => {
            let (m, errors) = error_text(&e.error, lang);
            let fallback = hearing_query(&HearingParams::default(), today, lang);
            match fallback {
                Ok(query) => (query, Some(m), errors),
                Err(e) => return error_page(&s, &staff, &e.error),
            }
        }
    };
    let page = HearingListQuery::typed(&q.page)
        .parse::<u32>()
        .unwrap_or(1)
        .max(1);
    let list = match s.app.hearings(&staff.user, &query, page, PER_PAGE).await {
        Ok(l) => l,
        Err(e) => return error_page(&s, &staff, &e),
    };
    let status_now = HearingListQuery::typed(&q.status);
    let statuses = HearingStatus::ALL
        .iter()
        .map(|st| Opt {
            value: st.as_str().to_owned(),
            label: pick(lang, st.zh(), st.en()).to_owned(),
            selected: status_now == st.as_str(),
        })
        .collect();
    let (from, to) = (
        HearingListQuery::typed(&q.from).to_owned(),
        HearingListQuery::typed(&q.to).to_owned(),
    );
    let filter_query = format!(
        "status={}&from={}&to={}",
        url_escape(status_now),
        url_escape(&from),
        url_escape(&to)
    );
    let view = HearingsPage {
        c: Chrome::new(&s, &staff, "cases", pick(lang, "信访听证", "Hearings")),
        total: list.total,
        page,
        pages: u32::try_from((list.total + i64::from(PER_PAGE) - 1) / i64::from(PER_PAGE))
            .unwrap_or(1)
            .max(1),
        items: list.items,
        statuses,
        from,
        to,
        filter_query,
        error_message,
        errors,
    };
    render_status(StatusCode::OK, &view)
}

/// `GET /hearings.xlsx`: every hearing matching the filters as a workbook.
pub async fn download(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<HearingListQuery>,
) -> Response {
    let query = match hearing_query(&q.params(), s.app.today(), staff.lang) {
        Ok(query) => query,
        Err(e) => return error_page(&s, &staff, &e.error),
    };
    let all = match super::all_hearings(&s, &staff.user, &query).await {
        Ok(all) => all,
        Err(e) => return error_page(&s, &staff, &e),
    };
    s.app.record_export(&staff.user, "hearings.xlsx", all.len());
    super::hearings_workbook(&all, staff.lang).unwrap_or_else(|_| {
        error_page(
            &s,
            &staff,
            &huiyin_app::AppError::code(huiyin_core::error::ErrorCode::Internal),
        )
    })
}

//! `GET /reports/landing`: the 件件有着落 report as a page — last month's by default (the
//! leaders' monthly report) — with the counts of cases in hands, allotted to nobody and overdue
//! each opening the cases behind it, the stages, and the list with its workbook.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use huiyin_app::{LandingFilter, LandingReport};
use huiyin_core::Date;

use super::chrome::{Chrome, error_page, render};
use super::i18n::pick;
use super::session::Staff;
use crate::AppState;
use crate::api::landing::{LandingParams, read, workbook};

const PER_PAGE: u32 = 50;

#[derive(Template)]
#[template(path = "staff/landing.html")]
struct LandingPage {
    c: Chrome,
    r: LandingReport,
    /// The period and unit as a query string (without `only` and `page`).
    period: String,
    only: &'static str,
    pages: i64,
}

/// The first and last day of the month before `today`'s.
fn last_month(today: Date) -> (Date, Date) {
    let (y, m, _) = today.ymd();
    let first_this = Date::from_ymd(y, m, 1).unwrap_or(today);
    let last = first_this.add_days(-1);
    let (ly, lm, _) = last.ymd();
    (Date::from_ymd(ly, lm, 1).unwrap_or(last), last)
}

/// `GET /reports/landing?unit_id=&from=&to=&only=&page=&format=xlsx`
pub async fn show(
    State(s): State<AppState>,
    staff: Staff,
    Query(mut p): Query<LandingParams>,
) -> Response {
    let lang = staff.lang;
    if p.from.is_none() && p.to.is_none() {
        let (from, to) = last_month(s.app.today());
        p.from = Some(from.to_string());
        p.to = Some(to.to_string());
    }
    let (unit, from, to, filter, xlsx) = match read(&p, &s, lang) {
        Ok(x) => x,
        Err(e) => return error_page(&s, &staff, &e.error),
    };
    let page = p.page.unwrap_or(1).max(1);
    let paging = if xlsx { (1, 200) } else { (page, PER_PAGE) };
    let mut r = match s
        .app
        .landing_report(&staff.user, unit, (from, to), filter, paging)
        .await
    {
        Ok(r) => r,
        Err(e) => return error_page(&s, &staff, &e),
    };
    if xlsx {
        let mut next = 1;
        while (r.items.len() as i64) < r.items_total {
            next += 1;
            match s
                .app
                .landing_report(&staff.user, unit, (from, to), filter, (next, 200))
                .await
            {
                Ok(more) if !more.items.is_empty() => r.items.extend(more.items),
                Ok(_) => break,
                Err(e) => return error_page(&s, &staff, &e),
            }
        }
        s.app
            .record_export(&staff.user, "landing.xlsx", r.items.len());
        return workbook(&r, lang).unwrap_or_else(|_| {
            error_page(
                &s,
                &staff,
                &huiyin_app::AppError::code(huiyin_core::error::ErrorCode::Internal),
            )
        });
    }
    let period = match unit {
        Some(u) => format!("unit_id={u}&from={from}&to={to}"),
        None => format!("from={from}&to={to}"),
    };
    let only = match filter {
        LandingFilter::All => "all",
        LandingFilter::Open => "open",
        LandingFilter::Unowned => "unowned",
        LandingFilter::Overdue => "overdue",
    };
    let per_page = i64::from(r.per_page.max(1));
    let view = LandingPage {
        c: Chrome::new(
            &s,
            &staff,
            "leaders",
            pick(lang, "件件有着落", "Where every case stands"),
        ),
        pages: ((r.items_total + per_page - 1) / per_page).max(1),
        r,
        period,
        only,
    };
    render(&view)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_month_crosses_the_year() {
        let d = |s: &str| Date::parse(s).unwrap_or(Date::from_days(0));
        assert_eq!(
            last_month(d("2026-01-15")),
            (d("2025-12-01"), d("2025-12-31"))
        );
        assert_eq!(
            last_month(d("2026-03-01")),
            (d("2026-02-01"), d("2026-02-28"))
        );
    }
}

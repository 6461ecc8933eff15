//! `GET /cases/export.xlsx`: the current list (same filters or worklist) as an Excel file.

use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::chrome::error_page;
use super::list::{ListParams, fetch};
use super::rows::{case_row, unit_name};
use super::session::Staff;
use crate::AppState;

/// At most this many rows are exported (pages of 200).
pub const MAX_ROWS: usize = 5_000;
const PAGE: u32 = 200;

pub async fn export(
    State(s): State<AppState>,
    staff: Staff,
    Query(p): Query<ListParams>,
) -> Response {
    let lang = staff.lang;
    let mut items = Vec::new();
    let mut params = p.clone();
    let mut total = 0;
    for page in 1.. {
        params.page = Some(page.to_string());
        match fetch(&s, &staff.user, &params, PAGE).await {
            Ok(list) => {
                total = list.total;
                let n = list.items.len();
                items.extend(list.items);
                if n < PAGE as usize || items.len() >= MAX_ROWS {
                    break;
                }
            }
            Err(e) => return error_page(&s, &staff, &e),
        }
    }
    items.truncate(MAX_ROWS);
    cases_xlsx(&s, &staff.user, lang, &items, total)
}

/// The cases as an Excel file (the export is audited), answered as a download; the API's
/// `GET /api/v1/cases/export.xlsx` answers the same file.
pub(crate) fn cases_xlsx(
    s: &AppState,
    user: &huiyin_app::CurrentUser,
    lang: crate::Lang,
    items: &[huiyin_app::CaseView],
    total: i64,
) -> Response {
    let t = super::i18n::msgs(lang);
    s.app.record_export(user, "cases.xlsx", items.len());
    let org = s.app.org();
    let today = s.app.today();
    let headers = [
        t.number,
        t.title,
        t.channel,
        t.petition_type,
        t.category,
        t.status,
        t.received_on,
        t.concerned_unit,
        t.handling_unit,
        t.deadline,
        t.flags,
    ];
    let cats = s.app.categories();
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|v| {
            let r = case_row(v, &org, today, lang);
            let category = cats.get(&v.category).map_or_else(
                || v.category.clone(),
                |c| super::i18n::pick(lang, &c.name_zh, &c.name_en).to_owned(),
            );
            vec![
                r.number,
                r.title,
                r.channel.to_owned(),
                r.petition_type.to_owned(),
                category,
                r.status.to_owned(),
                r.received_on,
                unit_name(&org, v.concerned_unit_id),
                r.handling_unit,
                r.due.map(|d| d.date).unwrap_or_default(),
                r.badges
                    .iter()
                    .map(|b| b.label)
                    .collect::<Vec<_>>()
                    .join(" "),
            ]
        })
        .collect();
    let sheet_name = super::i18n::pick(lang, "信访事项", "Cases");
    let note = (total > rows.len() as i64).then(|| {
        format!(
            "{} {total}, {} {}",
            t.total_n,
            super::i18n::pick(lang, "仅导出前", "exported the first"),
            rows.len()
        )
    });
    match workbook(sheet_name, &headers, &rows, note.as_deref()) {
        Ok(bytes) => (
            [
                (
                    header::CONTENT_TYPE,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"huiyin-cases-{today}.xlsx\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "xlsx export failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

pub(super) fn workbook(
    name: &str,
    headers: &[&str],
    rows: &[Vec<String>],
    note: Option<&str>,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    for (col, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, col as u16, *h, &bold)?;
    }
    for (i, row) in rows.iter().enumerate() {
        for (col, value) in row.iter().enumerate() {
            ws.write_string(i as u32 + 1, col as u16, value)?;
        }
    }
    if let Some(n) = note {
        ws.write_string(rows.len() as u32 + 2, 0, n)?;
    }
    ws.set_column_width(0, 22)?;
    ws.set_column_width(1, 40)?;
    ws.set_freeze_panes(1, 0)?;
    wb.save_to_buffer()
}

/// A workbook answered as a download named `filename`.
pub(crate) fn xlsx_download(bytes: Vec<u8>, filename: &str) -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// Every item of a paged list, 200 a page until the total is reached (a workbook holds them
/// all); `page(n)` answers page `n`'s items and the list's total.
pub(crate) async fn every_page<T, Fut>(
    mut page: impl FnMut(u32) -> Fut,
) -> Result<Vec<T>, huiyin_app::AppError>
where
    Fut: std::future::Future<Output = Result<(Vec<T>, i64), huiyin_app::AppError>>,
{
    let mut all = Vec::new();
    let mut n = 1;
    loop {
        let (items, total) = page(n).await?;
        let done = items.is_empty() || (all.len() + items.len()) as i64 >= total;
        all.extend(items);
        if done {
            return Ok(all);
        }
        n += 1;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::every_page;

    #[tokio::test]
    async fn every_page_reads_until_the_total_and_stops_on_an_empty_page() {
        let asked = std::cell::RefCell::new(Vec::new());
        let all = every_page(|n| {
            asked.borrow_mut().push(n);
            async move {
                let first = (n as usize - 1) * 200;
                let items: Vec<usize> = (first..(first + 200).min(450)).collect();
                Ok((items, 450))
            }
        })
        .await
        .unwrap();
        assert_eq!(all.len(), 450);
        assert_eq!(all[449], 449);
        assert_eq!(*asked.borrow(), [1, 2, 3]);
        // A total that overstates what the pages hold (rows gone meanwhile) still ends.
        let short =
            every_page(|n| async move { Ok((if n == 1 { vec![1, 2] } else { Vec::new() }, 10)) })
                .await
                .unwrap();
        assert_eq!(short, [1, 2]);
    }
}

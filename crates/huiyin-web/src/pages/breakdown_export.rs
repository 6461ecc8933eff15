//! A statistics breakdown as an Excel workbook (`GET /api/v1/stats/breakdown?format=xlsx`):
//! one row per figure — its key, its words, the count, the same period a year before and the
//! change — and a total row.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use huiyin_app::BreakdownView;

use super::i18n::pick;
use crate::error::Lang;

/// The change from a year before as a percentage, empty without a figure to compare with.
fn change(now: i64, before: i64) -> String {
    if before == 0 {
        return String::new();
    }
    format!("{:+.1}%", (now - before) as f64 * 100.0 / before as f64)
}

/// The workbook, answered as a download.
pub fn breakdown_workbook(
    view: &BreakdownView,
    lang: Lang,
) -> Result<Response, rust_xlsxwriter::XlsxError> {
    let headers = [
        pick(lang, "键", "Key"),
        pick(lang, "项目", "Item"),
        pick(lang, "件数", "Count"),
        pick(lang, "去年同期", "Same period last year"),
        pick(lang, "同比", "Change"),
    ];
    let mut rows: Vec<Vec<String>> = view
        .items
        .iter()
        .map(|i| {
            vec![
                i.key.clone(),
                pick(lang, &i.label, &i.label_en).to_owned(),
                i.count.to_string(),
                i.last_year.to_string(),
                change(i.count, i.last_year),
            ]
        })
        .collect();
    rows.push(vec![
        String::new(),
        pick(lang, "合计", "Total").to_owned(),
        view.total.to_string(),
        view.last_year_total.to_string(),
        change(view.total, view.last_year_total),
    ]);
    let by = pick(lang, view.by.zh(), view.by.en());
    let note = format!(
        "{by} · {} {} — {} · {} {} — {}",
        pick(lang, "统计期间", "Period"),
        view.from,
        view.to,
        pick(lang, "去年同期", "last year"),
        view.last_year_from,
        view.last_year_to
    );
    let bytes = super::export::workbook(
        pick(lang, "统计", "Statistics"),
        &headers,
        &rows,
        Some(&note),
    )?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"huiyin-breakdown-{}-{}-{}.xlsx\"",
                    view.by, view.from, view.to
                ),
            ),
        ],
        bytes,
    )
        .into_response())
}

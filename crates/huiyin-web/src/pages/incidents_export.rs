//! The incidents (突发事件) of the reader's scope as an Excel workbook (`GET /incidents.xlsx`):
//! one row per incident, with its reports owed, made, late (迟报) and missing (漏报).

use axum::http::header;
use axum::response::{IntoResponse, Response};
use huiyin_app::IncidentView;

use super::i18n::pick;
use super::incidents::{Standing, owed_and_made};
use crate::error::Lang;

/// The workbook, answered as a download; `cases[i]` are the linked cases of `items[i]` the
/// reader may see, as (id, number).
pub fn incidents_workbook(
    items: &[IncidentView],
    cases: &[Vec<(i64, String)>],
    lang: Lang,
) -> Result<Response, rust_xlsxwriter::XlsxError> {
    let headers = [
        pick(lang, "编号", "No."),
        pick(lang, "事件名称", "Title"),
        pick(lang, "事件级别", "Level"),
        pick(lang, "发生单位", "Unit"),
        pick(lang, "发生时间", "Occurred"),
        pick(lang, "涉及人数", "People"),
        pick(lang, "应报", "Reports owed"),
        pick(lang, "已报", "Reports made"),
        pick(lang, "迟报", "Late"),
        pick(lang, "漏报", "Missing"),
        pick(lang, "状态", "Status"),
        pick(lang, "关联信访事项", "Linked cases"),
        pick(lang, "事件情况", "What happened"),
    ];
    let rows: Vec<Vec<String>> = items
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let (owed, made) = owed_and_made(v);
            let standing = Standing::of(v);
            vec![
                v.id.to_string(),
                v.title.clone(),
                pick(lang, v.level_label, v.level.en()).to_owned(),
                v.unit_name.clone(),
                super::audit::when(v.occurred_at_ms),
                v.people_count.to_string(),
                owed.to_string(),
                made.to_string(),
                v.late_reports.to_string(),
                v.missing_reports.to_string(),
                pick(lang, standing.zh(), standing.en()).to_owned(),
                cases
                    .get(i)
                    .map(|l| {
                        l.iter()
                            .map(|(_, n)| n.as_str())
                            .collect::<Vec<_>>()
                            .join("、")
                    })
                    .unwrap_or_default(),
                v.description.clone(),
            ]
        })
        .collect();
    let bytes =
        super::export::workbook(pick(lang, "突发事件", "Incidents"), &headers, &rows, None)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"huiyin-incidents.xlsx\"".to_owned(),
            ),
        ],
        bytes,
    )
        .into_response())
}

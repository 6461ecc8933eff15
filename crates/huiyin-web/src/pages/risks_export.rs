//! The 矛盾纠纷排查 register as an Excel workbook (`GET /api/v1/risks?format=xlsx` and the
//! register page's download): one row per entry the reader may see.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use huiyin_app::RiskView;

use super::i18n::pick;
use crate::error::Lang;

/// The workbook, answered as a download.
pub fn risks_workbook(
    items: &[RiskView],
    lang: Lang,
) -> Result<Response, rust_xlsxwriter::XlsxError> {
    let headers = [
        pick(lang, "编号", "No."),
        pick(lang, "排查发现的问题", "Problem"),
        pick(lang, "责任单位", "Responsible unit"),
        pick(lang, "风险等级", "Level"),
        pick(lang, "责任人", "Responsible person"),
        pick(lang, "化解期限", "Resolve by"),
        pick(lang, "状态", "Status"),
        pick(lang, "是否逾期", "Overdue"),
        pick(lang, "化解日期", "Resolved on"),
        pick(lang, "排查来源", "Source"),
        pick(lang, "关联信访事项", "Linked cases"),
        pick(lang, "问题描述", "Description"),
    ];
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|r| {
            vec![
                r.id.to_string(),
                r.title.clone(),
                r.unit_name.clone(),
                pick(lang, r.level_label, r.level.en()).to_owned(),
                r.owner_name.clone(),
                r.due_on.to_string(),
                pick(lang, r.status_label, r.status.en()).to_owned(),
                if r.overdue {
                    pick(lang, "是", "yes")
                } else {
                    ""
                }
                .to_owned(),
                r.resolved_on.map(|d| d.to_string()).unwrap_or_default(),
                r.source.clone(),
                r.cases
                    .iter()
                    .map(|c| c.number.as_str())
                    .collect::<Vec<_>>()
                    .join("、"),
                r.description.clone(),
            ]
        })
        .collect();
    let bytes = super::export::workbook(
        pick(lang, "矛盾纠纷排查", "Screening"),
        &headers,
        &rows,
        None,
    )?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"huiyin-risks.xlsx\"".to_owned(),
            ),
        ],
        bytes,
    )
        .into_response())
}

//! The 联合接访 sessions of one's scope as an Excel workbook (`GET
//! /api/v1/joint-receptions?format=xlsx` and the list page's download): one row per session,
//! its cases only those the reader may open.

use axum::response::Response;
use huiyin_app::{AppError, CurrentUser, JointReceptionQuery, JointReceptionView};

use super::i18n::pick;
use crate::AppState;
use crate::error::Lang;

/// Every session matching `q`, page after page.
pub async fn all_joint_receptions(
    s: &AppState,
    user: &CurrentUser,
    q: &JointReceptionQuery,
) -> Result<Vec<JointReceptionView>, AppError> {
    let app = &s.app;
    super::export::every_page(|n| async move {
        app.joint_receptions(user, q, n, 200)
            .await
            .map(|l| (l.items, l.total))
    })
    .await
}

/// The workbook, answered as a download.
pub fn joint_receptions_workbook(
    items: &[JointReceptionView],
    lang: Lang,
) -> Result<Response, rust_xlsxwriter::XlsxError> {
    let headers = [
        pick(lang, "编号", "No."),
        pick(lang, "接访日期", "Day"),
        pick(lang, "地点", "Place"),
        pick(lang, "牵头单位", "Host unit"),
        pick(lang, "参加部门", "Participating units"),
        pick(lang, "接访领导和工作人员", "On duty"),
        pick(lang, "状态", "Status"),
        pick(lang, "受理信访事项", "Cases taken"),
        pick(lang, "备注", "Note"),
        pick(lang, "接访小结", "Summary"),
    ];
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|r| {
            vec![
                r.id.to_string(),
                r.on.to_string(),
                r.place.clone(),
                r.host_unit.name.clone(),
                r.units
                    .iter()
                    .map(|u| u.name.as_str())
                    .collect::<Vec<_>>()
                    .join("；"),
                r.on_duty.join("；"),
                pick(lang, r.status.zh(), r.status.en()).to_owned(),
                r.cases
                    .iter()
                    .map(|c| c.case_number.as_str())
                    .collect::<Vec<_>>()
                    .join("；"),
                r.note.clone(),
                r.summary.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let bytes = super::export::workbook(
        pick(lang, "联合接访", "Joint receptions"),
        &headers,
        &rows,
        None,
    )?;
    Ok(super::export::xlsx_download(
        bytes,
        "huiyin-joint-receptions.xlsx",
    ))
}

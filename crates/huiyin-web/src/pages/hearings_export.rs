//! The hearings of one's scope as an Excel workbook (`GET /api/v1/hearings?format=xlsx` and the
//! list page's download): one row per hearing the reader may see.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use huiyin_app::{AppError, CurrentUser, HearingQuery, HearingView};

use super::i18n::pick;
use crate::AppState;
use crate::error::Lang;

/// Every hearing matching `q` that the user may see, page after page.
pub async fn all_hearings(
    s: &AppState,
    user: &CurrentUser,
    q: &HearingQuery,
) -> Result<Vec<HearingView>, AppError> {
    let mut all = Vec::new();
    let mut page = 1;
    loop {
        let l = s.app.hearings(user, q, page, 200).await?;
        let done = l.items.is_empty() || (all.len() + l.items.len()) as i64 >= l.total;
        all.extend(l.items);
        if done {
            return Ok(all);
        }
        page += 1;
    }
}

fn names<T>(items: &[T], show: impl Fn(&T) -> String) -> String {
    items.iter().map(show).collect::<Vec<_>>().join("；")
}

/// The workbook, answered as a download.
pub fn hearings_workbook(
    items: &[HearingView],
    lang: Lang,
) -> Result<Response, rust_xlsxwriter::XlsxError> {
    let headers = [
        pick(lang, "编号", "No."),
        pick(lang, "信访事项编号", "Case number"),
        pick(lang, "听证单位", "Unit"),
        pick(lang, "听证日期", "Day"),
        pick(lang, "地点", "Place"),
        pick(lang, "是否公开", "Public"),
        pick(lang, "状态", "Status"),
        pick(lang, "主持人和听证员", "Officers"),
        pick(lang, "参加人", "Participants"),
        pick(lang, "通知日期", "Notified on"),
        pick(lang, "通知方式", "Notice"),
        pick(lang, "举行日期", "Held on"),
        pick(lang, "听证结论", "Conclusion"),
        pick(lang, "取消理由", "Cancelled because"),
        pick(lang, "登记人", "Recorded by"),
    ];
    let person = |role: &str, name: &str, unit: &Option<String>| match unit {
        Some(u) => format!("{role}：{name}（{u}）"),
        None => format!("{role}：{name}"),
    };
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|h| {
            vec![
                h.id.to_string(),
                h.case_number.clone(),
                h.unit_name.clone(),
                h.on.to_string(),
                h.place.clone(),
                if h.public {
                    pick(lang, "公开", "public")
                } else {
                    pick(lang, "不公开", "not public")
                }
                .to_owned(),
                pick(lang, h.status.zh(), h.status.en()).to_owned(),
                names(&h.officers, |o| {
                    person(pick(lang, o.role.zh(), o.role.en()), &o.name, &o.unit)
                }),
                names(&h.participants, |p| {
                    person(pick(lang, p.role.zh(), p.role.en()), &p.name, &p.unit)
                }),
                h.notice
                    .as_ref()
                    .map(|n| n.on.to_string())
                    .unwrap_or_default(),
                h.notice
                    .as_ref()
                    .map(|n| pick(lang, n.method.zh(), n.method.en()).to_owned())
                    .unwrap_or_default(),
                h.held_on.map(|d| d.to_string()).unwrap_or_default(),
                h.conclusion.clone().unwrap_or_default(),
                h.cancel_reason.clone().unwrap_or_default(),
                h.recorded_by_name.clone(),
            ]
        })
        .collect();
    let bytes = super::export::workbook(pick(lang, "信访听证", "Hearings"), &headers, &rows, None)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"huiyin-hearings.xlsx\"".to_owned(),
            ),
        ],
        bytes,
    )
        .into_response())
}

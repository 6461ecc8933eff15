//! A scorecard as an Excel workbook (`GET /api/v1/stats/scorecard?format=xlsx`, and the
//! leaders' page's download): one row per unit — rank, score, and for each indicator its rate,
//! points, numerator and denominator.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use huiyin_app::ScorecardView;

use super::i18n::pick;
use crate::error::Lang;

/// The words of an indicator's code.
pub fn kpi_label(kpi: &str, lang: Lang) -> &'static str {
    match kpi {
        "timely_acceptance" => pick(lang, "及时受理率", "Timely acceptance"),
        "on_time_conclusion" => pick(lang, "按期办结率", "On-time conclusion"),
        "participation" => pick(lang, "参评率", "Participation"),
        "satisfaction" => pick(lang, "群众满意率", "Satisfaction"),
        "supervision_on_time" => pick(lang, "督办按时反馈率", "Orders answered on time"),
        "repeat" => pick(lang, "重复信访（扣分）", "Repeat petitions (penalty)"),
        "overdue" => pick(lang, "超期件（扣分）", "Overdue cases (penalty)"),
        _ => "",
    }
}

/// The workbook, answered as a download.
pub fn scorecard_workbook(
    view: &ScorecardView,
    lang: Lang,
) -> Result<Response, rust_xlsxwriter::XlsxError> {
    let kpis: Vec<&str> = view
        .items
        .first()
        .map(|i| i.parts.iter().map(|p| p.kpi.as_str()).collect())
        .unwrap_or_default();
    let mut headers: Vec<String> = vec![
        pick(lang, "名次", "Rank").to_owned(),
        pick(lang, "单位", "Unit").to_owned(),
        pick(lang, "得分", "Score").to_owned(),
    ];
    for k in &kpis {
        let l = kpi_label(k, lang);
        headers.push(format!("{l} {}", pick(lang, "数值", "value")));
        headers.push(format!("{l} {}", pick(lang, "得分", "points")));
        headers.push(format!("{l} {}", pick(lang, "分子", "numerator")));
        headers.push(format!("{l} {}", pick(lang, "分母", "denominator")));
    }
    let rows: Vec<Vec<String>> = view
        .items
        .iter()
        .map(|i| {
            let mut r = vec![
                i.rank.to_string(),
                i.unit_name.clone(),
                format!("{:.2}", i.score),
            ];
            for p in &i.parts {
                r.push(p.value.map_or_else(String::new, |v| format!("{v:.4}")));
                r.push(format!("{:.2}", p.points));
                r.push(p.numerator.to_string());
                r.push(p.denominator.to_string());
            }
            r
        })
        .collect();
    let period = match (&view.month, &view.frozen_at) {
        (Some(m), Some(at)) => format!(
            "{} {m}（{}{at}）· {}",
            pick(lang, "考评月份", "Month"),
            pick(lang, "冻结于", "frozen "),
            view.scheme
        ),
        _ => format!(
            "{} {} — {} · {}",
            pick(lang, "考评期间", "Period"),
            view.from,
            view.to,
            view.scheme
        ),
    };
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let bytes = super::export::workbook(
        pick(lang, "考评", "Scorecard"),
        &header_refs,
        &rows,
        Some(&period),
    )?;
    let name = view
        .month
        .clone()
        .unwrap_or_else(|| format!("{}-{}", view.from, view.to));
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"huiyin-scorecard-{name}.xlsx\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

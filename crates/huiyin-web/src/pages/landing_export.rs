//! The 件件有着落 report as a workbook: one row per case, where it stands now.

use huiyin_app::LandingReport;

use super::i18n::pick;
use crate::error::Lang;

/// The workbook's bytes.
pub fn landing_workbook(
    r: &LandingReport,
    lang: Lang,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let headers = [
        pick(lang, "编号", "Number"),
        pick(lang, "标题", "Title"),
        pick(lang, "登记日期", "Received"),
        pick(lang, "办理环节", "Stage"),
        pick(lang, "承办单位", "Handling unit"),
        pick(lang, "承办人", "Handler"),
        pick(lang, "无人承办", "Unowned"),
        pick(lang, "下一期限", "Next deadline"),
        pick(lang, "期限事项", "Deadline"),
        pick(lang, "已超期", "Overdue"),
    ];
    let yes = pick(lang, "是", "yes");
    let rows: Vec<Vec<String>> = r
        .items
        .iter()
        .map(|c| {
            vec![
                c.number.clone(),
                c.title.clone(),
                c.received_on.to_string(),
                pick(lang, c.status_label, c.status.en()).to_owned(),
                c.handling_unit_name.clone(),
                c.handler_name.clone().unwrap_or_default(),
                if c.unowned { yes } else { "" }.to_owned(),
                c.next_due_on.map(|d| d.to_string()).unwrap_or_default(),
                c.next_due_label.unwrap_or_default().to_owned(),
                if c.overdue { yes } else { "" }.to_owned(),
            ]
        })
        .collect();
    let note = format!(
        "{} {} — {} · {} {} · {} {} · {} {} · {} {}",
        pick(lang, "登记期间", "Received"),
        r.from,
        r.to,
        pick(lang, "共", "total"),
        r.total,
        pick(lang, "在办", "in hands"),
        r.open,
        pick(lang, "无人承办", "unowned"),
        r.unowned,
        pick(lang, "超期", "overdue"),
        r.overdue
    );
    super::export::workbook(
        pick(lang, "件件有着落", "Landing"),
        &headers,
        &rows,
        Some(&note),
    )
}

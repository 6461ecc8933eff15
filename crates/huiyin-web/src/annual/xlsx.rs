//! The annual report as an Excel workbook: the narrative on the first sheet, then one sheet per
//! table with the year before beside each figure.

use huiyin_app::{AnnualReport, ReportFigure};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

fn sheet(
    wb: &mut Workbook,
    name: &str,
    head: &[&str],
    rows: &[Vec<String>],
) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    for (col, h) in head.iter().enumerate() {
        ws.write_string_with_format(0, col as u16, *h, &bold)?;
    }
    for (i, r) in rows.iter().enumerate() {
        for (col, v) in r.iter().enumerate() {
            let row = i as u32 + 1;
            match v.parse::<i64>() {
                Ok(n) => ws.write_number(row, col as u16, n as f64)?,
                Err(_) => ws.write_string(row, col as u16, v)?,
            };
        }
    }
    ws.autofit();
    Ok(())
}

fn figures(items: &[ReportFigure]) -> Vec<Vec<String>> {
    items
        .iter()
        .map(|f| {
            vec![
                f.key.clone(),
                f.label.clone(),
                f.count.to_string(),
                f.last_year.to_string(),
            ]
        })
        .collect()
}

/// The workbook's bytes.
pub fn annual_xlsx(r: &AnnualReport) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let mut summary = vec![
        vec!["单位".to_owned(), r.unit_name.clone()],
        vec!["年度".to_owned(), r.year.to_string()],
        vec!["统计期间".to_owned(), format!("{} — {}", r.from, r.to)],
        vec!["信访事项（件）".to_owned(), r.total.to_string()],
        vec!["上年同期（件）".to_owned(), r.last_year_total.to_string()],
    ];
    summary.extend(
        r.narrative
            .iter()
            .map(|p| vec![p.heading.to_owned(), p.text.clone()]),
    );
    sheet(&mut wb, "概况", &["项目", "内容"], &summary)?;
    let head = ["键", "项目", "本年（件）", "上年同期（件）"];
    for (name, items) in [
        ("按月份", &r.by_month),
        ("按渠道", &r.by_channel),
        ("按类型", &r.by_type),
        ("按处理结果", &r.by_outcome),
        ("涉及领域", &r.fields),
        ("被反映较多的单位", &r.most_complained),
    ] {
        sheet(&mut wb, name, &head, &figures(items))?;
    }
    let rates: Vec<Vec<String>> = r
        .rates
        .iter()
        .map(|x| {
            vec![
                x.name_zh.to_owned(),
                x.percent.map(|p| format!("{p:.1}%")).unwrap_or_default(),
                x.numerator.to_string(),
                x.denominator.to_string(),
            ]
        })
        .collect();
    sheet(&mut wb, "三率", &["指标", "数值", "分子", "分母"], &rates)?;
    let s = &r.supervision;
    let counts: Vec<Vec<String>> = [
        ("转送", r.forwarded),
        ("交办", r.assigned),
        ("督办、催办", s.orders),
        ("其中挂牌督办", s.listed),
        ("已反馈", s.answered),
        ("按时反馈", s.answered_on_time),
        ("采纳改进建议", s.adopted),
        ("逾期未反馈", s.overdue),
    ]
    .iter()
    .map(|(k, v)| vec![(*k).to_owned(), v.to_string()])
    .collect();
    sheet(&mut wb, "转送交办督办", &["项目", "件数"], &counts)?;
    wb.save_to_buffer()
}

//! The annual report as an editable Word document: the draft narrative in the type of official
//! documents (see `crate::docx`), then the tables of figures, each with the year before.

use huiyin_app::{AnnualReport, ReportFigure};

use crate::docx::{BODY_FONT, LABEL_FONT, TITLE_FONT, package, paragraph, run};

const BODY: u32 = 32; // 三号
const TITLE: u32 = 44; // 二号
const TABLE: u32 = 24; // 小四

fn cell(text: &str, bold: bool) -> String {
    format!(
        r#"<w:tc><w:tcPr><w:tcBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/></w:tcBorders></w:tcPr><w:p>{}</w:p></w:tc>"#,
        run(text, BODY_FONT, TABLE, bold, false)
    )
}

fn table(head: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::from(r#"<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/></w:tblPr>"#);
    out.push_str("<w:tr>");
    for h in head {
        out.push_str(&cell(h, true));
    }
    out.push_str("</w:tr>");
    for r in rows {
        out.push_str("<w:tr>");
        for c in r {
            out.push_str(&cell(c, false));
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    out
}

fn figures(items: &[ReportFigure]) -> Vec<Vec<String>> {
    items
        .iter()
        .map(|f| {
            vec![
                f.label.clone(),
                f.count.to_string(),
                f.last_year.to_string(),
            ]
        })
        .collect()
}

/// The report as a .docx file.
pub fn annual_docx(r: &AnnualReport) -> zip::result::ZipResult<Vec<u8>> {
    let mut body = String::new();
    body.push_str(&paragraph(
        "center",
        false,
        "",
        &run(
            &format!("{}{}年度信访工作报告", r.unit_name, r.year),
            TITLE_FONT,
            TITLE,
            false,
            false,
        ),
    ));
    body.push_str(&paragraph(
        "center",
        false,
        "",
        &run(
            &format!(
                "（统计期间：{} 至 {}；依据《信访工作条例》第四十一条）",
                r.from, r.to
            ),
            BODY_FONT,
            BODY,
            false,
            false,
        ),
    ));
    for p in &r.narrative {
        body.push_str(&paragraph(
            "left",
            false,
            "",
            &run(p.heading, LABEL_FONT, BODY, false, false),
        ));
        body.push_str(&paragraph(
            "both",
            true,
            "",
            &run(&p.text, BODY_FONT, BODY, false, false),
        ));
    }
    let head = ["项目", "本年（件）", "上年同期（件）"];
    for (title, items) in [
        ("附表一 按月份", &r.by_month),
        ("附表二 按信访渠道", &r.by_channel),
        ("附表三 按信访类型", &r.by_type),
        ("附表四 按处理结果", &r.by_outcome),
        ("附表五 涉及领域", &r.fields),
        ("附表六 被反映较多的单位", &r.most_complained),
    ] {
        body.push_str(&paragraph(
            "left",
            false,
            "",
            &run(title, LABEL_FONT, BODY, false, false),
        ));
        body.push_str(&table(&head, &figures(items)));
    }
    let s = &r.supervision;
    body.push_str(&paragraph(
        "left",
        false,
        "",
        &run("附表七 转送、交办、督办", LABEL_FONT, BODY, false, false),
    ));
    body.push_str(&table(
        &["项目", "件数"],
        &[
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
        .collect::<Vec<_>>(),
    ));
    body.push_str(&paragraph(
        "right",
        false,
        "",
        &run(
            &format!("{}　{}", r.unit_name, r.generated_on),
            BODY_FONT,
            BODY,
            false,
            false,
        ),
    ));
    package(format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    ))
}

//! The template workbook `huiyin import --template` writes: sheet 信访件 with the headers
//! (required ones marked `*`) and one example row, and sheet 说明 listing each column, its
//! aliases and the values it accepts.

use std::path::Path;

use huiyin_core::kinds::{Channel, PetitionType};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::IMPORTABLE;
use super::columns::{COLUMNS, Col};

/// Writes the template to `path`. `units` names a concerned and a handling unit for the
/// example row (the office's own, so the example imports as it stands).
pub fn write_template(path: &Path, units: Option<(&str, &str)>) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let ws = wb.add_worksheet().set_name("信访件")?;
    for (i, (col, zh, required, _, example)) in COLUMNS.iter().enumerate() {
        let c = i as u16;
        let header = if *required {
            format!("{zh}*")
        } else {
            (*zh).to_owned()
        };
        ws.write_string_with_format(0, c, &header, &bold)?;
        // Every cell as text: ID and phone numbers keep their digits, dates their form.
        ws.set_column_format(c, &text)?;
        ws.set_column_width(c, if *col == Col::Content { 40 } else { 16 })?;
        let value = match (col, units) {
            (Col::ConcernedUnit, Some((concerned, _))) => concerned,
            (Col::HandlingUnit, Some((_, handling))) => handling,
            _ => example,
        };
        ws.write_string(1, c, value)?;
    }
    let notes = wb.add_worksheet().set_name("说明")?;
    for (c, h) in [
        "列 column",
        "必填 required",
        "别名 aliases",
        "可填的值 values",
    ]
    .iter()
    .enumerate()
    {
        notes.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (i, (col, zh, required, aliases, _)) in COLUMNS.iter().enumerate() {
        let r = i as u32 + 1;
        notes.write_string(r, 0, *zh)?;
        notes.write_string(r, 1, if *required { "是 yes" } else { "否 no" })?;
        notes.write_string(r, 2, aliases.join("、"))?;
        notes.write_string(r, 3, values(*col))?;
    }
    notes.set_column_width(2, 36)?;
    notes.set_column_width(3, 80)?;
    wb.save(path)
}

fn values(col: Col) -> String {
    match col {
        Col::ReceivedOn => "YYYY-MM-DD，不晚于今天 not after today".into(),
        Col::Channel => Channel::ALL
            .iter()
            .map(|c| format!("{} {}", c.zh(), c.as_str()))
            .collect::<Vec<_>>()
            .join("、"),
        Col::PetitionType => PetitionType::ALL
            .iter()
            .map(|t| format!("{} {}", t.zh(), t.as_str()))
            .collect::<Vec<_>>()
            .join("、"),
        Col::Status => {
            IMPORTABLE
                .iter()
                .map(|s| format!("{} {}", s.zh(), s.as_str()))
                .collect::<Vec<_>>()
                .join("、")
                + "（空 = 已登记待处理 empty = registered）"
        }
        Col::Category => "分类代码或名称 a category code or name (GET /api/v1/categories)".into(),
        Col::ConcernedUnit | Col::HandlingUnit => {
            "单位名称（须唯一）或单位编号 a unit name (unique) or id".into()
        }
        Col::ReceivingUnit => "同上；空 = 承办单位 as above; empty = the handling unit".into(),
        Col::Number => "原编号，文件内不得重复 the original number, unique in the file".into(),
        Col::People => "正整数 a positive number (空 = 1)".into(),
        Col::IdNumber => "校验不通过只提示、不阻止 a failing check warns, does not block".into(),
        _ => String::new(),
    }
}

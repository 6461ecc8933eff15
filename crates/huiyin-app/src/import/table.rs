//! Reading an import file into rows of text: the first sheet of a workbook (calamine), or a
//! CSV file in UTF-8 (with or without a byte-order mark) or GB18030 (encoding_rs).

use std::path::Path;

use calamine::{Data, Reader};
use csv::StringRecord;
use huiyin_core::Date;

/// The file as text: its header row and each data row with its row number as a spreadsheet
/// shows it (the header is row 1 when it is the first line).
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<(u32, StringRecord)>,
    /// How the file was read, for the report (`xlsx`, `csv utf-8`, `csv gb18030`).
    pub read_as: &'static str,
}

/// Why a file could not be read (Chinese, then English).
pub type ReadError = (String, String);

/// Reads `path` by its extension.
pub fn read_table(path: &Path) -> Result<Table, ReadError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "ods" => read_workbook(path),
        "csv" | "txt" => {
            let bytes = std::fs::read(path).map_err(|e| {
                (
                    format!("无法读取文件：{e}"),
                    format!("cannot read the file: {e}"),
                )
            })?;
            read_csv(&bytes)
        }
        _ => Err((
            "只能导入 .xlsx 或 .csv 文件".into(),
            "only .xlsx or .csv files can be imported".into(),
        )),
    }
}

fn read_workbook(path: &Path) -> Result<Table, ReadError> {
    let unreadable = |e: &dyn std::fmt::Display| {
        (
            format!("无法读取工作簿：{e}"),
            format!("cannot read the workbook: {e}"),
        )
    };
    let mut book = calamine::open_workbook_auto(path).map_err(|e| unreadable(&e))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| {
            (
                "工作簿中没有工作表".to_owned(),
                "the workbook has no sheet".to_owned(),
            )
        })?
        .map_err(|e| unreadable(&e))?;
    let first_row = range.start().map_or(0, |(r, _)| r) + 1;
    let first_col = range.start().map_or(0, |(_, c)| c) as usize;
    let mut rows = range.rows();
    let mut headers: Vec<String> = vec![String::new(); first_col];
    headers.extend(rows.next().unwrap_or_default().iter().map(cell_text));
    let mut out = Vec::with_capacity(range.height().saturating_sub(1));
    for (i, row) in rows.enumerate() {
        let mut rec = StringRecord::new();
        for _ in 0..first_col {
            rec.push_field("");
        }
        for c in row {
            rec.push_field(&cell_text(c));
        }
        out.push((first_row + 1 + i as u32, rec));
    }
    Ok(Table {
        headers,
        rows: out,
        read_as: "xlsx",
    })
}

/// A cell as text: whole numbers without a decimal point (an ID or phone number typed as a
/// number), dates as YYYY-MM-DD.
fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => excel_date(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
    }
}

/// An Excel serial day (1900 system; day 25569 is 1970-01-01).
fn excel_date(serial: f64) -> String {
    Date::from_days(serial.floor() as i32 - 25_569).to_string()
}

fn read_csv(bytes: &[u8]) -> Result<Table, ReadError> {
    let (text, read_as) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (decode_utf8(rest)?, "csv utf-8")
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        (s.to_owned(), "csv utf-8")
    } else {
        let (s, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
        if had_errors {
            return Err((
                "文件编码无法识别：应为 UTF-8 或 GB18030（GBK）".into(),
                "unknown encoding: expected UTF-8 or GB18030 (GBK)".into(),
            ));
        }
        (s.into_owned(), "csv gb18030")
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let headers = match records.next() {
        Some(Ok(h)) => h.iter().map(str::to_owned).collect(),
        Some(Err(e)) => return Err(csv_error(&e)),
        None => Vec::new(),
    };
    let mut rows = Vec::new();
    for rec in records {
        let rec = rec.map_err(|e| csv_error(&e))?;
        let line = rec.position().map_or(0, |p| p.line());
        rows.push((u32::try_from(line).unwrap_or(u32::MAX), rec));
    }
    Ok(Table {
        headers,
        rows,
        read_as,
    })
}

fn decode_utf8(bytes: &[u8]) -> Result<String, ReadError> {
    std::str::from_utf8(bytes).map(str::to_owned).map_err(|e| {
        (
            format!("文件以 UTF-8 标记开头，但内容不是有效的 UTF-8：{e}"),
            format!("the file starts with a UTF-8 mark but is not valid UTF-8: {e}"),
        )
    })
}

fn csv_error(e: &csv::Error) -> ReadError {
    let line = e.position().map_or(0, |p| p.line());
    (
        format!("第{line}行 CSV 格式错误：{e}"),
        format!("line {line}: malformed CSV: {e}"),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_mark_and_gb18030_read_alike() {
        let text = "编号,标题\nA-1,\"收费，问题\"\n";
        let (gb, _, _) = encoding_rs::GB18030.encode(text);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        for (bytes, how) in [
            (text.as_bytes().to_vec(), "csv utf-8"),
            (bom, "csv utf-8"),
            (gb.into_owned(), "csv gb18030"),
        ] {
            let t = read_csv(&bytes).unwrap();
            assert_eq!(t.read_as, how);
            assert_eq!(t.headers, ["编号", "标题"]);
            assert_eq!(t.rows[0].0, 2);
            assert_eq!(&t.rows[0].1[1], "收费，问题");
        }
    }

    #[test]
    fn excel_serial_days_are_dates() {
        assert_eq!(excel_date(45_366.0), "2024-03-15");
        assert_eq!(cell_text(&Data::Float(13_800_138_000.0)), "13800138000");
    }
}

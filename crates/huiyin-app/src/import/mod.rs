//! `huiyin import` (issue 16 item 4; docs/OPERATIONS.md "Import"): cases from an office's
//! earlier records, in an .xlsx or .csv file. Every row is checked first; a file with any
//! problem writes nothing (a dry run only reports). Otherwise the rows are written through the
//! store's bulk path in transactions of [`BATCH`] rows, each with its audit entry. A row whose
//! number is already stored with the same content is counted as already there, so importing a
//! file twice adds nothing.

mod build;
mod check;
mod columns;
mod table;
mod template;

use std::collections::HashMap;
use std::path::Path;

use huiyin_core::Date;
use huiyin_store::NewCaseRecord;

use crate::context::App;
use crate::error::{AppError, Result};
pub use check::IMPORTABLE;
use check::{Checked, Lookup, check_row};
pub use columns::{COLUMNS, Col};
pub use template::write_template;

/// Rows written per transaction.
pub const BATCH: usize = 20_000;

/// The SQLite writer's page cache during an import (KiB), and the server's (store `connect`).
const IMPORT_CACHE_KIB: u32 = 1_048_576;
const SERVER_CACHE_KIB: u32 = 32_768;

/// A problem (or, among warnings, a remark) about a row and column, or the whole file.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// The row as the spreadsheet numbers it; `None`: the file as a whole.
    pub row: Option<u32>,
    /// The column's Chinese header (empty for the file as a whole).
    pub column: String,
    pub zh: String,
    pub en: String,
}

impl Problem {
    fn at(row: u32, col: Col, zh: String, en: String) -> Problem {
        Problem {
            row: Some(row),
            column: col.header().to_owned(),
            zh,
            en: format!("{}: {en}", col.english()),
        }
    }

    fn file(zh: String, en: String) -> Problem {
        Problem {
            row: None,
            column: String::new(),
            zh,
            en,
        }
    }
}

impl std::fmt::Display for Problem {
    /// `第12行 登记日期：日期格式应为YYYY-MM-DD（row 12, received_on: expected YYYY-MM-DD）`
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.row {
            Some(r) => write!(
                f,
                "第{r}行 {}：{}（row {r}, {}）",
                self.column, self.zh, self.en
            ),
            None => write!(f, "{}（{}）", self.zh, self.en),
        }
    }
}

/// What an import (or a dry run) found and did.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct ImportReport {
    /// Data rows in the file (blank rows not counted; they are listed among the warnings).
    pub rows: u64,
    pub imported: u64,
    /// Rows whose number is stored already with the same content (an earlier import).
    pub already_there: u64,
    /// Any problem means nothing was written.
    pub problems: Vec<Problem>,
    /// Remarks that do not block (an ID number failing its check, an ignored column).
    pub warnings: Vec<Problem>,
    /// How the file was read (`xlsx`, `csv utf-8`, `csv gb18030`).
    pub read_as: String,
    pub dry_run: bool,
}

impl App {
    /// Checks `path` and, unless `dry_run` or a problem was found, imports its rows;
    /// `progress(done, total)` is called after each batch.
    pub async fn import_cases(
        &self,
        path: &Path,
        dry_run: bool,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<ImportReport> {
        let mut report = ImportReport {
            dry_run,
            ..ImportReport::default()
        };
        let table = match table::read_table(path) {
            Ok(t) => t,
            Err((zh, en)) => {
                report.problems.push(Problem::file(zh, en));
                return Ok(report);
            }
        };
        report.read_as = table.read_as.to_owned();
        let map = columns::map_headers(&table.headers);
        for h in &map.unknown {
            report.warnings.push(Problem::file(
                format!("未识别的列“{h}”，已忽略"),
                format!("column “{h}” is not known and was ignored"),
            ));
        }
        for c in &map.twice {
            report.problems.push(Problem::file(
                format!("“{}”列出现了不止一次", c.header()),
                format!("column {} appears more than once", c.english()),
            ));
        }
        if !map.missing.is_empty() {
            let zh: Vec<&str> = map.missing.iter().map(|c| c.header()).collect();
            let en: Vec<&str> = map.missing.iter().map(|c| c.english()).collect();
            report.problems.push(Problem::file(
                format!("缺少必需的列：{}", zh.join("、")),
                format!("required columns missing: {}", en.join(", ")),
            ));
            return Ok(report);
        }
        let look = Lookup::new(self.org(), self.categories(), self.today());
        let limits_for = |unit: i64, on: huiyin_core::Date| self.rule_set_for_unit(unit, on).limits;
        let mut checked: Vec<Checked> = Vec::with_capacity(table.rows.len());
        let mut first_row_of: HashMap<String, u32> = HashMap::new();
        for (row, rec) in &table.rows {
            if rec.iter().all(|f| f.trim().is_empty()) {
                report.warnings.push(Problem::file(
                    format!("第{row}行为空行，已跳过"),
                    format!("row {row} is blank and was skipped"),
                ));
                continue;
            }
            report.rows += 1;
            // A number seen before, whether or not that row passed its checks.
            let number = map
                .at
                .get(&Col::Number)
                .and_then(|i| rec.get(*i))
                .map_or("", str::trim);
            let repeats = if number.is_empty() {
                None
            } else if let Some(first) = first_row_of.get(number) {
                Some(Problem::at(
                    *row,
                    Col::Number,
                    format!("编号“{number}”与第{first}行重复"),
                    format!("number “{number}” repeats row {first}"),
                ))
            } else {
                first_row_of.insert(number.to_owned(), *row);
                None
            };
            let outcome = check_row(&look, &limits_for, &map, *row, rec, &mut report.warnings);
            report.problems.extend(repeats.clone());
            match outcome {
                Ok(c) if repeats.is_none() => checked.push(c),
                Ok(_) => {}
                Err(p) => report.problems.extend(p),
            }
        }
        drop(table);
        // Numbers stored already: the same case imported before, or another case.
        let numbers: Vec<String> = checked.iter().map(|c| c.number.clone()).collect();
        let stored = self.store.case_contents_by_numbers(&numbers).await?;
        let mut fresh: Vec<Checked> = Vec::with_capacity(checked.len());
        for c in checked {
            match stored.get(&c.number) {
                Some(content) if *content == c.reg.input.content => report.already_there += 1,
                Some(_) => report.problems.push(Problem::at(
                    c.row,
                    Col::Number,
                    format!("编号“{}”已被系统中另一件内容不同的案件使用", c.number),
                    format!(
                        "number “{}” belongs to another case (different content) already stored",
                        c.number
                    ),
                )),
                None => fresh.push(c),
            }
        }
        report.problems.sort_by_key(|p| p.row);
        if dry_run || !report.problems.is_empty() {
            return Ok(report);
        }
        // Written in order of receipt: ids then follow the dates, and the indexes that lead
        // with a unit and a date (scope, rollups, the breakdown tally) grow at each unit's end
        // instead of at random places (docs/PERFORMANCE.md "Import of history").
        fresh.sort_by_key(|c| (c.reg.input.received_on, c.row));
        report.imported = self.write_batches(path, fresh, progress).await?;
        Ok(report)
    }

    /// Writes the checked rows in transactions of [`BATCH`], each with an audit entry; one
    /// thread builds the next batch while the database writes the previous one.
    async fn write_batches(
        &self,
        path: &Path,
        rows: Vec<Checked>,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<u64> {
        let total = rows.len() as u64;
        let file = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (tx, mut rx) = tokio::sync::mpsc::channel(2);
        let app = self.clone();
        let producer = tokio::task::spawn_blocking(move || {
            let mut rows = rows.into_iter().peekable();
            while rows.peek().is_some() {
                let chunk: Vec<Checked> = rows.by_ref().take(BATCH).collect();
                let now = app.now_ms();
                let first = chunk.first().map(|c| c.reg.input.received_on);
                let last = chunk.last().map(|c| c.reg.input.received_on);
                let batch: Vec<_> = chunk.iter().map(|c| build::record(&app, c, now)).collect();
                if tx.blocking_send((first, last, batch)).is_err() {
                    break; // the writer stopped on an error, which it reports
                }
            }
        });
        // A large writer cache while importing (the server's is 32 MiB), back after.
        self.store.set_writer_cache_kib(IMPORT_CACHE_KIB).await?;
        let written = self.write_received(&file, &mut rx, total, progress).await;
        self.store.set_writer_cache_kib(SERVER_CACHE_KIB).await?;
        drop(rx);
        producer
            .await
            .map_err(|e| AppError::Store(huiyin_store::StoreError::Database(e.to_string())))?;
        written
    }

    async fn write_received(
        &self,
        file: &str,
        rx: &mut tokio::sync::mpsc::Receiver<(Option<Date>, Option<Date>, Vec<NewCaseRecord>)>,
        total: u64,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<u64> {
        let mut done = 0u64;
        while let Some((first, last, batch)) = rx.recv().await {
            let (first, last) = (first.map(|d| d.to_string()), last.map(|d| d.to_string()));
            let detail = format!(
                "file={file} received={}..{} cases={}",
                first.unwrap_or_default(),
                last.unwrap_or_default(),
                batch.len()
            );
            let entry = self.audit_entry(None, "import", "case.import", file, "ok", &detail);
            self.store
                .insert_cases_bulk_audited(&batch, Some(&entry), self.now_ms())
                .await?;
            done += batch.len() as u64;
            progress(done, total);
        }
        Ok(done)
    }
}

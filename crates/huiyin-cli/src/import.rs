//! `huiyin import --file FILE.xlsx [--dry-run]` and `huiyin import --template FILE.xlsx`
//! (docs/OPERATIONS.md "Import"): the options, the progress bar and what the operator is
//! told. The checking and writing are huiyin-app's.

use std::path::PathBuf;

use clap::Args;
use huiyin_app::import::ImportReport;
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::{Error, build_app};
use crate::config::Config;

#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["file", "template"])))]
pub struct ImportArgs {
    /// The .xlsx or .csv file of cases to import (CSV in UTF-8, with or without BOM, or GB18030).
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Check every row and report every problem, writing nothing.
    #[arg(long, requires = "file")]
    pub dry_run: bool,
    /// Write a template workbook (headers, one example row, a sheet explaining each column)
    /// to FILE and exit.
    #[arg(long, value_name = "FILE", conflicts_with = "file")]
    pub template: Option<PathBuf>,
    /// Directory of the embedded SQLite database (default ./huiyin-data).
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
}

pub async fn run(mut cfg: Config, a: ImportArgs) -> Result<(), Error> {
    if let Some(d) = a.data_dir {
        cfg.data_dir = d;
    }
    let app = build_app(&cfg, false).await?;
    let result = match (a.template, a.file) {
        (Some(path), _) => template(&app, &path),
        (None, Some(file)) => import(&app, &file, a.dry_run).await,
        (None, None) => Err("--file or --template".into()),
    };
    // PostgreSQL: the imported cases' changes of the 工作台's rollup, settled now rather than
    // by the next server to start (the counts are exact either way).
    if let Err(e) = app.settle_work_tally().await {
        tracing::warn!(error = %e, "could not settle the 工作台's rollup");
    }
    app.close().await;
    result
}

/// The example row names a school of this office and the unit above it, when there is one.
fn template(app: &huiyin_app::App, path: &std::path::Path) -> Result<(), Error> {
    let org = app.org();
    let pair = org
        .units()
        .filter(|u| u.parent_id.is_some() && org.children(u.id).is_empty())
        .max_by_key(|u| (u.level, std::cmp::Reverse(u.id)))
        .and_then(|u| {
            let parent = org.get(u.parent_id?)?;
            // A name shared by several units would not import: its id then.
            let named = |unit: &huiyin_core::org::Unit| {
                if org.units().filter(|o| o.name == unit.name).count() == 1 {
                    unit.name.clone()
                } else {
                    unit.id.to_string()
                }
            };
            Some((named(u), named(parent)))
        });
    huiyin_app::import::write_template(path, pair.as_ref().map(|(a, b)| (a.as_str(), b.as_str())))
        .map_err(|e| {
            format!(
                "无法写入模板 cannot write the template {}: {e}",
                path.display()
            )
        })?;
    println!(
        "已写入导入模板 template written: {}（第一行为列名，带*为必填；“说明”页列出每列可填的值 \
         the first row holds the headers, * marks required ones; sheet 说明 lists the values）",
        path.display()
    );
    Ok(())
}

async fn import(app: &huiyin_app::App, file: &std::path::Path, dry_run: bool) -> Result<(), Error> {
    let shown = std::sync::OnceLock::new();
    let started = std::time::Instant::now();
    let terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let progress = |done: u64, total: u64| {
        if !terminal {
            // No bar to draw (a log, a pipe): one line per batch.
            let rate = done as f64 / started.elapsed().as_secs_f64().max(0.001);
            eprintln!("已导入 imported {done}/{total} ({rate:.0}/s)");
            return;
        }
        let bar = shown.get_or_init(|| {
            let b = ProgressBar::new(total);
            b.set_style(
                ProgressStyle::with_template(
                    "导入信访件 importing {bar:40} {pos}/{len} ({per_sec}, {eta})",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            b
        });
        bar.set_position(done);
    };
    let report = app.import_cases(file, dry_run, &progress).await?;
    if let Some(b) = shown.get() {
        b.finish();
    }
    print_report(&report);
    if !report.problems.is_empty() {
        return Err(format!(
            "发现{}个问题，未导入任何数据 {} problem(s) found: nothing was imported",
            report.problems.len(),
            report.problems.len()
        )
        .into());
    }
    Ok(())
}

fn print_report(r: &ImportReport) {
    for w in &r.warnings {
        println!("提示 note: {w}");
    }
    for p in &r.problems {
        println!("错误 problem: {p}");
    }
    let read = if r.read_as.is_empty() {
        String::new()
    } else {
        format!("（{}）", r.read_as)
    };
    if r.dry_run {
        println!(
            "试运行 dry run{read}：共{}行 rows，{}个问题 problems，{}条提示 notes；其中{}行已导入过 already there；未写入任何数据 nothing written",
            r.rows,
            r.problems.len(),
            r.warnings.len(),
            r.already_there
        );
    } else if r.problems.is_empty() {
        println!(
            "导入完成 import done{read}：共{}行 rows，新导入 imported {}，已存在 already there {}",
            r.rows, r.imported, r.already_there
        );
    }
}

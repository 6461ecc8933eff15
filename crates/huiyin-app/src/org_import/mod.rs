//! `huiyin admin import-units`: the organisation tree below the existing units, from TOML,
//! all or nothing. Every problem is reported with its line and unit; units that already
//! exist with the same name and parent are left as they are, so an import can be repeated.
//!
//! ```toml
//! [[unit]]
//! name = "杭州市教育局"
//! kind = "city_bureau"
//! parent = "浙江省教育厅"   # a unit's name, or its region code ("330000")
//! region_code = "330100"
//! ```

mod parse;
mod plan;

use huiyin_core::org::{OrgTree, Unit, UnitId};
use huiyin_store::NewUnit;

use crate::context::App;
use crate::error::Result;

/// A problem with one unit of the file (line 0: the file as a whole).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportProblem {
    pub line: usize,
    /// The unit's name as written (empty when unknown).
    pub unit: String,
    pub zh: String,
    pub en: String,
}

impl ImportProblem {
    pub(crate) fn new(line: usize, unit: &str, zh: String, en: String) -> ImportProblem {
        ImportProblem {
            line,
            unit: unit.to_owned(),
            zh,
            en,
        }
    }
}

impl std::fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(f, "第{}行 line {}", self.line, self.line)?;
        } else {
            f.write_str("文件 file")?;
        }
        if !self.unit.is_empty() {
            write!(f, " 「{}」", self.unit)?;
        }
        write!(f, ": {} / {}", self.zh, self.en)
    }
}

/// What an import would do (and, unless it has problems, did).
#[derive(Clone, Debug, Default)]
pub struct ImportPlan {
    /// Units to create, parents before children (`ParentRef::Batch` indexes this list).
    pub create: Vec<NewUnit>,
    /// The line of each unit to create.
    pub lines: Vec<usize>,
    /// Units of the file that already exist with the same name and parent: (name, id).
    pub existing: Vec<(String, UnitId)>,
    /// Every problem; nothing is written when there is one.
    pub problems: Vec<ImportProblem>,
}

/// Plans the import of the TOML `text` below the tree `org` (no I/O).
pub fn plan_import(text: &str, org: &OrgTree) -> ImportPlan {
    let drafts = match parse::read(text) {
        Ok(d) => d,
        Err(problem) => {
            return ImportPlan {
                problems: vec![problem],
                ..ImportPlan::default()
            };
        }
    };
    let mut problems: Vec<ImportProblem> = Vec::new();
    if org.is_empty() {
        problems.push(ImportProblem::new(
            0,
            "",
            "数据库中还没有单位：请先运行 huiyin admin init".into(),
            "the database has no units yet: run huiyin admin init first".into(),
        ));
    }
    if drafts.is_empty() {
        problems.push(ImportProblem::new(
            0,
            "",
            "文件中没有 [[unit]] 单位".into(),
            "the file has no [[unit]] tables".into(),
        ));
    }
    let (drafts, own): (Vec<_>, Vec<_>) = drafts.into_iter().unzip();
    problems.extend(own.into_iter().flatten());
    plan::plan(org, &drafts, problems)
}

impl App {
    /// Imports units from TOML below the existing tree: writes every new unit in one
    /// transaction with its audit entry, or nothing when the plan has a problem or `dry_run`.
    /// Returns the plan and the units created.
    pub async fn import_units(&self, text: &str, dry_run: bool) -> Result<(ImportPlan, Vec<Unit>)> {
        let plan = plan_import(text, &self.org());
        if dry_run || !plan.problems.is_empty() || plan.create.is_empty() {
            return Ok((plan, Vec::new()));
        }
        let made = self
            .store
            .insert_units(&plan.create, self.now_ms(), |units| {
                units
                    .iter()
                    .map(|u| {
                        self.audit_entry(
                            None,
                            "command-line",
                            "config.unit_create",
                            &format!("unit:{}", u.id),
                            "ok",
                            &format!("{} (import-units)", u.name),
                        )
                    })
                    .collect()
            })
            .await?;
        self.reload_org().await?;
        Ok((plan, made))
    }
}

#[cfg(test)]
mod tests;

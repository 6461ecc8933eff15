//! Reading the TOML of `huiyin admin import-units`: one `[[unit]]` table per unit with `name`,
//! `kind`, `parent` (a unit's name or region code) and `region_code`. Every problem of every
//! table is collected with its line; nothing stops at the first.

use huiyin_core::org::UnitKind;
use huiyin_core::region::RegionCode;
use serde::Deserialize;

use super::ImportProblem;
use crate::setup::listed_region;

/// One `[[unit]]` table as read; `None` where the value was missing or wrong (a problem says
/// why).
#[derive(Clone, Debug)]
pub(crate) struct Draft {
    pub line: usize,
    pub name: String,
    pub kind: Option<UnitKind>,
    pub region: Option<RegionCode>,
    pub parent: String,
    /// Whether the table had no problem of its own.
    pub ok: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    unit: Vec<toml::Spanned<toml::Table>>,
}

const KEYS: [&str; 4] = ["name", "kind", "parent", "region_code"];

/// The 1-based line of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(1, |t| t.matches('\n').count() + 1)
}

/// The tables of the file, or the one problem that kept it from being read at all.
pub(crate) fn read(text: &str) -> Result<Vec<(Draft, Vec<ImportProblem>)>, ImportProblem> {
    let file: File = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(0, |s| line_of(text, s.start));
        ImportProblem::new(
            line,
            "",
            format!("文件不是有效的 TOML：{}", e.message()),
            format!("not valid TOML: {}", e.message()),
        )
    })?;
    Ok(file
        .unit
        .iter()
        .map(|t| draft(line_of(text, t.span().start), t.get_ref()))
        .collect())
}

fn draft(line: usize, table: &toml::Table) -> (Draft, Vec<ImportProblem>) {
    let mut problems = Vec::new();
    let text = |key: &str| match table.get(key) {
        Some(toml::Value::String(s)) if !s.trim().is_empty() => Ok(s.trim().to_owned()),
        Some(toml::Value::String(_)) | None => {
            Err((format!("缺少 {key}"), format!("{key} is missing")))
        }
        Some(_) => Err((
            format!("{key} 应为带引号的文字"),
            format!("{key} must be text in quotes"),
        )),
    };
    let name = text("name").unwrap_or_default();
    let mut bad = |zh: String, en: String| problems.push(ImportProblem::new(line, &name, zh, en));
    let mut field = |key: &str| match text(key) {
        Ok(v) => Some(v),
        Err((zh, en)) => {
            bad(zh, en);
            None
        }
    };
    let name_ok = field("name").is_some_and(|n| n.chars().count() <= 100);
    let kind_text = field("kind");
    let parent = field("parent").unwrap_or_default();
    let region_text = field("region_code");
    let kind = kind_text.as_deref().and_then(|k| {
        let kind = UnitKind::parse(k);
        if kind.is_none() {
            let all: Vec<&str> = UnitKind::ALL.iter().map(|k| k.as_str()).collect();
            bad(
                format!("未知的单位类型 {k}（可用：{}）", all.join(", ")),
                format!("unknown kind {k} (one of {})", all.join(", ")),
            );
        }
        kind
    });
    let region = region_text
        .as_deref()
        .and_then(|r| listed_region(r).map_err(|(zh, en)| bad(zh, en)).ok());
    if name.chars().count() > 100 {
        bad(
            "单位名称不能超过100个字".into(),
            "a name of at most 100 characters".into(),
        );
    }
    for key in table.keys().filter(|k| !KEYS.contains(&k.as_str())) {
        bad(
            format!("未知的键 {key}（可用：{}）", KEYS.join(", ")),
            format!("unknown key {key} (use {})", KEYS.join(", ")),
        );
    }
    let ok = problems.is_empty() && name_ok;
    (
        Draft {
            line,
            name,
            kind,
            region,
            parent,
            ok,
        },
        problems,
    )
}

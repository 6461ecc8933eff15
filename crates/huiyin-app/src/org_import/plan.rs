//! Planning an import against the tree as it stands: resolve each unit's parent (a unit of the
//! file first, then an existing one; by name, or by region code), put parents before
//! children, skip units that already exist with the same name and parent, and check each
//! placement with the domain's rules. Pure: no I/O.

use std::collections::HashMap;

use huiyin_core::org::{OrgTree, Unit, UnitId, UnitKind, level_under};
use huiyin_core::region::{RegionCode, RegionLevel};
use huiyin_store::{NewUnit, ParentRef};

use super::parse::Draft;
use super::{ImportPlan, ImportProblem};

/// Where a parent was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Existing(UnitId),
    Entry(usize),
}

/// What became of a unit of the file.
#[derive(Clone, Copy, Debug)]
enum Decided {
    /// Already in the tree (same name and parent).
    Existing(UnitId),
    /// To create: its index in the plan.
    New(usize),
    Failed,
}

/// Rank of a kind among region-code matches (the highest body of a region is its parent);
/// units beside a body are never found by region code.
fn rank(kind: UnitKind) -> Option<u8> {
    use UnitKind::*;
    match kind {
        Ministry => Some(0),
        ProvincialDepartment => Some(1),
        CityBureau => Some(2),
        CountyBureau | University => Some(3),
        School => Some(4),
        UniversityDepartment => Some(5),
        PetitionOffice | DisciplineBody | PoliticalLegal | Hotline => None,
    }
}

/// Whether `child` lies inside the region of `parent` (a code that does not parse is not
/// judged).
fn within(child: &RegionCode, parent: &str) -> bool {
    let Ok(p) = RegionCode::parse(parent) else {
        return true;
    };
    let (c, p_str) = (child.as_str(), p.as_str());
    match p.level() {
        RegionLevel::Province => c[..2] == p_str[..2],
        RegionLevel::Prefecture => c[..4] == p_str[..4],
        RegionLevel::County => c == p_str,
    }
}

struct Planner<'a> {
    org: &'a OrgTree,
    drafts: &'a [Draft],
}

impl Planner<'_> {
    fn resolve(&self, parent: &str) -> Result<Target, (String, String)> {
        if parent.len() == 6 && parent.bytes().all(|b| b.is_ascii_digit()) {
            return self.by_region(parent);
        }
        let in_file: Vec<usize> = (0..self.drafts.len())
            .filter(|i| self.drafts[*i].name == parent)
            .collect();
        match in_file.as_slice() {
            [one] => return Ok(Target::Entry(*one)),
            [_, _, ..] => {
                return Err((
                    format!("文件中有多个名为「{parent}」的单位，无法确定上级单位"),
                    format!(
                        "several units of the file are named {parent}: the parent is ambiguous"
                    ),
                ));
            }
            [] => {}
        }
        let existing: Vec<&Unit> = self.org.units().filter(|u| u.name == parent).collect();
        match existing.as_slice() {
            [one] => Ok(Target::Existing(one.id)),
            [] => Err((
                format!("找不到上级单位「{parent}」（须为已有单位或本文件中的单位）"),
                format!("parent {parent} not found (an existing unit or one of this file)"),
            )),
            _ => Err((
                format!("有多个名为「{parent}」的单位，请改写上级单位的行政区划代码"),
                format!("several units are named {parent}: give the parent's region code instead"),
            )),
        }
    }

    fn by_region(&self, code: &str) -> Result<Target, (String, String)> {
        let mut found: Vec<(u8, &str, Target)> = Vec::new();
        for u in self.org.units().filter(|u| u.region_code == code) {
            if let Some(r) = rank(u.kind) {
                found.push((r, &u.name, Target::Existing(u.id)));
            }
        }
        for (i, d) in self.drafts.iter().enumerate() {
            if let (Some(kind), Some(region)) = (d.kind, &d.region)
                && region.as_str() == code
                && let Some(r) = rank(kind)
            {
                found.push((r, &d.name, Target::Entry(i)));
            }
        }
        let Some(top) = found.iter().map(|f| f.0).min() else {
            return Err((
                format!("没有行政区划代码为 {code} 的单位可作上级单位"),
                format!("no unit with region code {code} to be the parent"),
            ));
        };
        found.retain(|f| f.0 == top);
        let mut names: Vec<&str> = found.iter().map(|f| f.1).collect();
        names.sort_unstable();
        names.dedup();
        if names.len() > 1 {
            return Err((
                format!(
                    "行政区划代码 {code} 对应多个单位（{}），请改写上级单位名称",
                    names.join("、")
                ),
                format!(
                    "region code {code} matches several units ({}): give the parent's name",
                    names.join(", ")
                ),
            ));
        }
        // A unit of the file and an existing one of the same name are the same unit: the file's
        // entry resolves to the existing one.
        let pick = found
            .iter()
            .find(|f| matches!(f.2, Target::Entry(_)))
            .or(found.first())
            .map(|f| f.2);
        pick.ok_or_else(|| (String::new(), String::new()))
    }
}

/// Plans the import of `drafts` below `org`; `problems` already holds the drafts' own.
pub(crate) fn plan(
    org: &OrgTree,
    drafts: &[Draft],
    mut problems: Vec<ImportProblem>,
) -> ImportPlan {
    let p = Planner { org, drafts };
    let mut targets: Vec<Option<Target>> = Vec::with_capacity(drafts.len());
    for d in drafts {
        if d.parent.is_empty() {
            targets.push(None);
            continue;
        }
        match p.resolve(&d.parent) {
            Ok(t) => targets.push(Some(t)),
            Err((zh, en)) => {
                problems.push(ImportProblem::new(d.line, &d.name, zh, en));
                targets.push(None);
            }
        }
    }
    let mut decided: Vec<Option<Decided>> = vec![None; drafts.len()];
    let mut out = ImportPlan::default();
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    loop {
        let mut progress = false;
        for i in 0..drafts.len() {
            if decided[i].is_some() {
                continue;
            }
            let parent = match targets[i] {
                None => Some(Decided::Failed),
                Some(Target::Existing(id)) => Some(Decided::Existing(id)),
                Some(Target::Entry(j)) if j == i => Some(Decided::Failed),
                Some(Target::Entry(j)) => decided[j],
            };
            let Some(parent) = parent else { continue };
            progress = true;
            decided[i] = Some(decide(
                org,
                &drafts[i],
                parent,
                &mut out,
                &mut seen,
                &mut problems,
            ));
        }
        if !progress {
            break;
        }
    }
    for (i, d) in drafts.iter().enumerate() {
        if decided[i].is_none() || targets[i] == Some(Target::Entry(i)) {
            problems.push(ImportProblem::new(
                d.line,
                &d.name,
                "上级单位形成循环".into(),
                "the parents form a cycle".into(),
            ));
        }
    }
    problems.sort_by_key(|p| p.line);
    out.problems = problems;
    out
}

fn decide(
    org: &OrgTree,
    d: &Draft,
    parent: Decided,
    out: &mut ImportPlan,
    seen: &mut HashMap<(String, String), usize>,
    problems: &mut Vec<ImportProblem>,
) -> Decided {
    let (Some(kind), Some(region)) = (d.kind, d.region.clone()) else {
        return Decided::Failed;
    };
    if !d.ok {
        return Decided::Failed;
    }
    let (parent_ref, parent_unit) = match parent {
        Decided::Failed => return Decided::Failed,
        Decided::Existing(id) => match org.get(id) {
            Some(u) => (ParentRef::Existing(id), u.clone()),
            None => return Decided::Failed,
        },
        Decided::New(k) => {
            let Some(n) = out.create.get(k) else {
                return Decided::Failed;
            };
            let unit = Unit {
                id: 0,
                name: n.name.clone(),
                kind: n.kind,
                level: n.level,
                parent_id: None,
                region_code: n.region_code.clone(),
            };
            (ParentRef::Batch(k), unit)
        }
    };
    let mut bad = |zh: String, en: String| {
        problems.push(ImportProblem::new(d.line, &d.name, zh, en));
        Decided::Failed
    };
    let key = (format!("{parent_ref:?}"), d.name.clone());
    if let Some(first) = seen.get(&key) {
        return bad(
            format!("与第{first}行重复（同一上级单位下的同名单位）"),
            format!("repeats line {first} (same name under the same parent)"),
        );
    }
    seen.insert(key, d.line);
    if let ParentRef::Existing(pid) = parent_ref
        && let Some(u) = org
            .children(pid)
            .iter()
            .filter_map(|c| org.get(*c))
            .find(|u| u.name == d.name)
    {
        if u.kind == kind && u.region_code == region.as_str() {
            out.existing.push((d.name.clone(), u.id));
            return Decided::Existing(u.id);
        }
        return bad(
            format!(
                "上级单位下已有同名单位，但类型或区划代码不同（现有：{} {}）",
                u.kind.as_str(),
                u.region_code
            ),
            format!(
                "a unit of this name exists under the parent with another kind or region code ({} {})",
                u.kind.as_str(),
                u.region_code
            ),
        );
    }
    if !kind.may_sit_under(Some(parent_unit.kind)) {
        return bad(
            format!(
                "{}不能设在{}（{}）之下",
                kind.zh(),
                parent_unit.kind.zh(),
                parent_unit.name
            ),
            format!(
                "a {} cannot sit under a {} ({})",
                kind.en(),
                parent_unit.kind.en(),
                parent_unit.name
            ),
        );
    }
    if parent_unit.kind != UnitKind::Ministry && !within(&region, &parent_unit.region_code) {
        return bad(
            format!(
                "行政区划代码 {region} 不在上级单位（{}，{}）的辖区内",
                parent_unit.name, parent_unit.region_code
            ),
            format!(
                "region code {region} is outside the parent's region ({}, {})",
                parent_unit.name, parent_unit.region_code
            ),
        );
    }
    out.create.push(NewUnit {
        name: d.name.clone(),
        kind,
        level: level_under(kind, Some(&parent_unit)),
        parent: parent_ref,
        region_code: region.as_str().to_owned(),
    });
    out.lines.push(d.line);
    Decided::New(out.create.len() - 1)
}

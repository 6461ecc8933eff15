//! The incident reporting chain as a document an administrator edits (issue 13 item 3): TOML
//! (`[[rule]]` tables) or JSON (`[{...}]`), read into a [`ReportingChain`] only when it makes
//! sense — at least one duty, known levels, recipients and report kinds, 1 minute to 7 days,
//! no duty twice and none that a lower level's tighter duty already covers. Anything else is
//! refused with `incident.chain_invalid` and every problem, numbered by rule.

use serde::Deserialize;

use crate::error::{DomainError, ErrorCode};
use crate::incident::{IncidentLevel, Recipient, ReportKind, ReportingChain, ReportingRule};

/// The longest a duty may allow: 7 days (the shipped chain's longest is 24 hours).
pub const MAX_WITHIN_MINUTES: i64 = 7 * 24 * 60;

/// One duty as written, before it is checked.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleDoc {
    min_level: String,
    to: String,
    kind: String,
    within_minutes: i64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChainDoc {
    #[serde(default)]
    rule: Vec<RuleDoc>,
}

/// The problems found, each in both languages.
struct Problems {
    field: &'static str,
    list: Vec<(String, String)>,
}

impl Problems {
    fn add(&mut self, n: usize, zh: String, en: String) {
        self.list
            .push((format!("第{n}条：{zh}"), format!("rule {n}: {en}")));
    }

    /// One message on the field with every problem (the error body keeps one per field).
    fn error(self) -> DomainError {
        let (zh, en): (Vec<String>, Vec<String>) = self.list.into_iter().unzip();
        refused(self.field, zh.join("；"), en.join("; "))
    }
}

fn refused(field: &str, zh: impl Into<String>, en: impl Into<String>) -> DomainError {
    DomainError::new(ErrorCode::IncidentChainInvalid).with(field, zh, en)
}

impl ReportingChain {
    /// Reads a chain from TOML (`[[rule]]` with `min_level`, `to`, `kind`, `within_minutes`);
    /// problems are reported on the field `toml`.
    pub fn from_toml(text: &str) -> Result<ReportingChain, DomainError> {
        let doc: ChainDoc = toml::from_str(text).map_err(|e| {
            let detail = e.message().to_owned();
            refused(
                "toml",
                format!("无法读取（TOML 格式有误）：{detail}"),
                format!("cannot be read as TOML: {detail}"),
            )
        })?;
        check(doc.rule, "toml")
    }

    /// Reads a chain from a JSON array of duties; problems are reported on the field `rules`.
    pub fn from_json(rules: &serde_json::Value) -> Result<ReportingChain, DomainError> {
        let docs: Vec<RuleDoc> = serde_json::from_value(rules.clone()).map_err(|e| {
            refused(
                "rules",
                format!("应为报告义务数组，每项含 min_level、to、kind、within_minutes：{e}"),
                format!("an array of duties, each with min_level, to, kind, within_minutes: {e}"),
            )
        })?;
        check(docs, "rules")
    }

    /// The chain as the TOML an administrator edits (and the form it is stored in).
    pub fn to_toml(&self) -> String {
        let mut out = String::from(
            "# 突发事件报告链：自 min_level 级起，在事发后 within_minutes 分钟内向 to 报送 kind 报告\n\
             # The incident reporting chain: from min_level up, a kind report to `to` within\n\
             # within_minutes of the incident.\n\
             # min_level: general | major | serious | especially_serious\n\
             # to: own_unit | one_level_up | province    kind: first | written\n",
        );
        for r in &self.rules {
            out.push_str(&format!(
                "\n[[rule]]\nmin_level = \"{}\"\nto = \"{}\"\nkind = \"{}\"\nwithin_minutes = {}\n",
                r.min_level.as_str(),
                r.to.as_str(),
                r.kind.as_str(),
                r.within_minutes
            ));
        }
        out
    }

    /// What changed from `old` to `self`, for the audit trail: the duties dropped (`-`) and
    /// added (`+`), each as `level>recipient/kind/minutes`.
    pub fn change_summary(&self, old: &ReportingChain) -> String {
        let word = |r: &ReportingRule| {
            format!(
                "{}>{}/{}/{}m",
                r.min_level.as_str(),
                r.to.as_str(),
                r.kind.as_str(),
                r.within_minutes
            )
        };
        let mut parts: Vec<String> = old
            .rules
            .iter()
            .filter(|r| !self.rules.contains(r))
            .map(|r| format!("-{}", word(r)))
            .collect();
        parts.extend(
            self.rules
                .iter()
                .filter(|r| !old.rules.contains(r))
                .map(|r| format!("+{}", word(r))),
        );
        if parts.is_empty() {
            "unchanged".to_owned()
        } else {
            parts.join(" ")
        }
    }
}

fn read_rule(n: usize, d: &RuleDoc, p: &mut Problems) -> Option<ReportingRule> {
    let level = IncidentLevel::parse(d.min_level.trim());
    if level.is_none() {
        p.add(
            n,
            format!(
                "级别“{}”无效，应为 general、major、serious 或 especially_serious",
                d.min_level
            ),
            format!(
                "unknown level \"{}\" (general, major, serious or especially_serious)",
                d.min_level
            ),
        );
    }
    let to = Recipient::parse(d.to.trim());
    if to.is_none() {
        p.add(
            n,
            format!(
                "报告对象“{}”无效，应为 own_unit、one_level_up 或 province",
                d.to
            ),
            format!(
                "unknown recipient \"{}\" (own_unit, one_level_up or province)",
                d.to
            ),
        );
    }
    let kind = ReportKind::parse(d.kind.trim()).filter(|k| *k != ReportKind::FollowUp);
    if kind.is_none() {
        p.add(
            n,
            format!(
                "报告类别“{}”无效，应为 first（首报）或 written（书面报告）；续报没有时限",
                d.kind
            ),
            format!(
                "unknown report kind \"{}\" (first or written: a follow-up owes no deadline)",
                d.kind
            ),
        );
    }
    if !(1..=MAX_WITHIN_MINUTES).contains(&d.within_minutes) {
        p.add(
            n,
            format!(
                "时限应为1至{MAX_WITHIN_MINUTES}分钟（7天），而不是{}",
                d.within_minutes
            ),
            format!(
                "the limit must be 1 to {MAX_WITHIN_MINUTES} minutes (7 days), not {}",
                d.within_minutes
            ),
        );
    }
    Some(ReportingRule {
        min_level: level?,
        to: to?,
        kind: kind?,
        within_minutes: d.within_minutes,
    })
}

/// Checks every duty and the chain as a whole; every problem at once.
fn check(docs: Vec<RuleDoc>, field: &'static str) -> Result<ReportingChain, DomainError> {
    if docs.is_empty() {
        return Err(refused(
            field,
            "报告链至少应有一项报告义务",
            "the chain needs at least one duty",
        ));
    }
    let mut p = Problems {
        field,
        list: Vec::new(),
    };
    let read: Vec<Option<ReportingRule>> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| read_rule(i + 1, d, &mut p))
        .collect();
    for (j, r) in read.iter().enumerate() {
        let Some(r) = r else { continue };
        for (i, q) in read.iter().enumerate().take(j) {
            let Some(q) = q else { continue };
            if q.to != r.to || q.kind != r.kind {
                continue;
            }
            if q.min_level == r.min_level {
                p.add(
                    j + 1,
                    format!("与第{}条重复（同一级别、对象和报告类别）", i + 1),
                    format!("repeats rule {} (same level, recipient and kind)", i + 1),
                );
            } else {
                let (low, high, lo_n, hi_n) = if q.min_level < r.min_level {
                    (q, r, i + 1, j + 1)
                } else {
                    (r, q, j + 1, i + 1)
                };
                if high.within_minutes >= low.within_minutes {
                    p.add(
                        hi_n,
                        format!(
                            "不起作用：第{lo_n}条已要求自“{}”级起{}分钟内报送同一对象同类报告（较高级别的时限应更短）",
                            low.min_level.zh(),
                            low.within_minutes
                        ),
                        format!(
                            "has no effect: rule {lo_n} already asks the same report of the same recipient from {} up within {} minutes (a higher level's limit should be shorter)",
                            low.min_level.as_str(),
                            low.within_minutes
                        ),
                    );
                }
            }
        }
    }
    if !p.list.is_empty() {
        return Err(p.error());
    }
    Ok(ReportingChain {
        rules: read.into_iter().flatten().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn problems(e: &DomainError) -> Vec<String> {
        assert_eq!(e.code, ErrorCode::IncidentChainInvalid);
        assert_eq!(e.fields.len(), 1, "one message on one field: {e}");
        e.fields[0].1.en.split("; ").map(str::to_owned).collect()
    }

    #[test]
    fn the_default_round_trips_through_its_toml() {
        let chain = ReportingChain::default();
        let text = chain.to_toml();
        assert_eq!(ReportingChain::from_toml(&text).expect("reads"), chain);
        assert_eq!(chain.change_summary(&chain), "unchanged");
    }

    #[test]
    fn json_duties_are_read_in_order() {
        let v = json!([
            {"min_level": "general", "to": "own_unit", "kind": "written", "within_minutes": 720},
            {"min_level": "major", "to": "province", "kind": "first", "within_minutes": 20},
        ]);
        let chain = ReportingChain::from_json(&v).expect("reads");
        assert_eq!(chain.rules.len(), 2);
        assert_eq!(chain.rules[1].to, Recipient::Province);
        let summary = chain.change_summary(&ReportingChain::default());
        assert!(
            summary.contains("+general>own_unit/written/720m"),
            "{summary}"
        );
        assert!(summary.contains("-serious>province/first/60m"), "{summary}");
    }

    #[test]
    fn nonsense_is_refused_with_every_problem() {
        let e = ReportingChain::from_toml("").expect_err("empty");
        assert_eq!(problems(&e), vec!["the chain needs at least one duty"]);
        let e = ReportingChain::from_toml("[[rule]]\nmin_level = \"general\"\n")
            .expect_err("missing fields");
        assert!(problems(&e)[0].starts_with("cannot be read as TOML"), "{e}");
        let e = ReportingChain::from_toml("[[rules]]\n").expect_err("unknown table");
        assert!(problems(&e)[0].starts_with("cannot be read as TOML"), "{e}");
        let e = ReportingChain::from_json(&json!([
            {"min_level": "huge", "to": "mayor", "kind": "follow_up", "within_minutes": 0},
            {"min_level": "general", "to": "own_unit", "kind": "first", "within_minutes": 100_000},
        ]))
        .expect_err("bad values");
        let got = problems(&e);
        assert_eq!(got.len(), 5, "{got:?}");
        assert!(got[0].starts_with("rule 1: unknown level \"huge\""));
        assert!(got[1].starts_with("rule 1: unknown recipient \"mayor\""));
        assert!(got[2].starts_with("rule 1: unknown report kind \"follow_up\""));
        assert!(got[3].contains("not 0"));
        assert!(got[4].starts_with("rule 2:") && got[4].contains("not 100000"));
        assert_eq!(e.fields[0].0, "rules");
        assert!(
            e.fields[0].1.zh.starts_with("第1条：级别“huge”无效"),
            "{e:?}"
        );
        let e = ReportingChain::from_json(&json!({"rules": []})).expect_err("not an array");
        assert_eq!(e.fields[0].0, "rules");
    }

    #[test]
    fn duplicates_and_duties_without_effect_are_refused() {
        let rule = |l: &str, m: i64| json!({"min_level": l, "to": "own_unit", "kind": "first", "within_minutes": m});
        let e = ReportingChain::from_json(&json!([rule("major", 30), rule("major", 20)]))
            .expect_err("twice");
        assert_eq!(
            problems(&e),
            vec!["rule 2: repeats rule 1 (same level, recipient and kind)"]
        );
        // A serious-level duty no tighter than the major one adds nothing, in either order.
        for v in [
            json!([rule("major", 30), rule("serious", 30)]),
            json!([rule("serious", 45), rule("major", 30)]),
        ] {
            let e = ReportingChain::from_json(&v).expect_err("no effect");
            let got = problems(&e);
            assert_eq!(got.len(), 1, "{got:?}");
            assert!(got[0].contains("has no effect: rule"), "{got:?}");
        }
        // Tighter at the higher level is the point of a chain.
        assert!(
            ReportingChain::from_json(&json!([rule("major", 30), rule("serious", 15)])).is_ok()
        );
    }
}

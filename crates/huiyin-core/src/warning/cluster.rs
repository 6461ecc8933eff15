//! The `cluster` signal (同一事项多人反映): one matter — the same concerned unit, texts that read
//! alike — raised by several different petitioners within a window, the typical prelude to a
//! group incident. One warning per cluster, raised when the cluster reaches its size and
//! updated as cases join.

use std::collections::BTreeSet;

use super::{RaisedSignal, WarningKind, WarningLevel, WarningRules};
use crate::date::Date;

/// A case of the cluster as the rule sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterMember {
    pub received_on: Date,
    /// Who petitioned (lookup keys; one person has the same key in every case).
    pub petitioners: Vec<String>,
    /// How alike its text reads to the new petition's (1.0 for the new petition itself).
    pub similarity: f64,
}

/// The level of a cluster by its number of different petitioners.
pub fn cluster_level(petitioners: usize) -> WarningLevel {
    match petitioners {
        0..=4 => WarningLevel::Yellow,
        5..=9 => WarningLevel::Orange,
        _ => WarningLevel::Red,
    }
}

/// The cluster signal of a new petition and the earlier alike ones (`members` includes the
/// new petition), or `None` while fewer different people than the rules ask have raised it.
pub fn cluster_signal(
    members: &[ClusterMember],
    concerned_unit: &str,
    category: &str,
    rules: &WarningRules,
) -> Option<RaisedSignal> {
    let people: BTreeSet<&str> = members
        .iter()
        .flat_map(|m| m.petitioners.iter().map(String::as_str))
        .collect();
    if people.len() < rules.cluster_min_petitioners as usize {
        return None;
    }
    let first = members.iter().map(|m| m.received_on).min()?;
    let last = members.iter().map(|m| m.received_on).max()?;
    let days = first.days_until(last) + 1;
    let alike = members
        .iter()
        .map(|m| m.similarity)
        .filter(|s| *s < 1.0)
        .fold(f64::NAN, f64::min);
    let alike = if alike.is_nan() { 1.0 } else { alike };
    let n = people.len();
    Some(RaisedSignal {
        kind: WarningKind::Cluster,
        level: cluster_level(n),
        zh: format!(
            "同一事项多人反映：{n}名信访人、{}件，{days}天内，{concerned_unit}，{category}；文本相似度不低于{alike:.2}",
            members.len()
        ),
        en: format!(
            "One matter, many petitioners: {n} petitioners, {} cases in {days} days, {concerned_unit}, {category}; similarity at least {alike:.2}",
            members.len()
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(day: &str, who: &str, similarity: f64) -> ClusterMember {
        ClusterMember {
            received_on: Date::parse(day).unwrap_or_else(|_| Date::from_unix_millis_beijing(0)),
            petitioners: vec![who.to_owned()],
            similarity,
        }
    }

    #[test]
    fn three_different_people_make_a_cluster_one_person_three_times_does_not() {
        let rules = WarningRules::default();
        let same = [
            member("2026-06-01", "a", 0.6),
            member("2026-06-02", "a", 0.7),
            member("2026-06-03", "a", 1.0),
        ];
        assert_eq!(cluster_signal(&same, "某区第一小学", "收费", &rules), None);
        let three = [
            member("2026-06-01", "a", 0.62),
            member("2026-06-02", "b", 0.8),
            member("2026-06-03", "c", 1.0),
        ];
        let s = cluster_signal(&three, "某区第一小学", "收费", &rules).expect("cluster");
        assert_eq!(
            (s.kind, s.level),
            (WarningKind::Cluster, WarningLevel::Yellow)
        );
        assert!(
            s.zh.contains("3名信访人") && s.zh.contains("3天内") && s.zh.contains("0.62"),
            "{}",
            s.zh
        );
    }

    #[test]
    fn the_level_grows_with_the_people() {
        assert_eq!(cluster_level(3), WarningLevel::Yellow);
        assert_eq!(cluster_level(5), WarningLevel::Orange);
        assert_eq!(cluster_level(12), WarningLevel::Red);
    }
}

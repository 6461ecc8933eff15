//! Early warning (预警, issue 13; DOMAIN.md §5, §12 #23–#27): the kinds of signal, the levels,
//! a warning's life (open → acknowledged → resolved, or escalated one level up when nobody
//! acknowledges it in time), and the rules that say which signals a registration raises.
//! Everything here is data or a pure function; the store keeps warnings, the app raises them
//! in the registration's own transaction.

mod action;
mod cluster;
mod signals;
mod spike;

pub use action::{WarningAction, WarningActionForm, WarningStep};
pub use cluster::{ClusterMember, cluster_level, cluster_signal};
pub use signals::{
    BEIJING_GROUP, RaisedSignal, RegistrationFacts, SensitiveMatch, signals_at_registration,
};
pub use spike::{SpikeFinding, SpikeRules, judge_week, week_of, week_start};

use serde::{Deserialize, Serialize};

crate::case::wire_enum! {
    /// What a warning is about (CONTRACT.md "Warnings").
    WarningKind {
        Collective => "collective", "集体访", "Collective visit";
        Cluster => "cluster", "同一事项多人反映", "One matter, many petitioners";
        Spike => "spike", "数量异常上升", "Count above its baseline";
        Repeat => "repeat", "重复信访", "Repeat petitions";
        SkipLevel => "skip_level", "越级访", "Skip-level petition";
        Beijing => "beijing", "进京访", "Beijing petition";
        Sensitive => "sensitive", "敏感信息", "Sensitive content";
        Dissatisfied => "dissatisfied", "不满意评价", "Dissatisfied evaluation";
        Overdue => "overdue", "超期未办", "Overdue";
        Screening => "screening", "排查风险升级", "Screening entry escalated";
    }
}

crate::case::wire_enum! {
    /// How urgent a warning is: `blue` < `yellow` < `orange` < `red` (the derived order).
    WarningLevel {
        Blue => "blue", "蓝色", "Blue";
        Yellow => "yellow", "黄色", "Yellow";
        Orange => "orange", "橙色", "Orange";
        Red => "red", "红色", "Red";
    }
}

crate::case::wire_enum! {
    /// Where a warning stands.
    WarningStatus {
        Open => "open", "待签收", "Open";
        Acknowledged => "acknowledged", "已签收", "Acknowledged";
        Escalated => "escalated", "已上报上级", "Escalated";
        Resolved => "resolved", "已处置", "Resolved";
    }
}

crate::from_wire_by_parse!(WarningKind, WarningLevel, WarningStatus);

/// Which warnings a list shows (CONTRACT.md: `status`, `kind`, `unit_id`; and `level`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WarningFilter {
    pub status: Option<WarningStatus>,
    pub kind: Option<WarningKind>,
    pub level: Option<WarningLevel>,
    /// Warnings the unit is responsible for now.
    pub unit_id: Option<crate::org::UnitId>,
}

/// The rules of early warning that are office practice, not statute (DOMAIN.md §5 marks the
/// collective threshold [U]): kept as data with documented defaults.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningRules {
    /// The level of a collective visit by its size: the highest level whose number of people
    /// is reached (the lowest entry is the time-limit rules' `collective_threshold`).
    pub collective_levels: Vec<(u32, WarningLevel)>,
    /// Hours to acknowledge a warning of each level before it escalates one level up.
    pub acknowledge_hours: Vec<(WarningLevel, i64)>,
    /// Earlier petitions of the same person on the same matter from which a repeat petition
    /// is a habitual one (yellow instead of blue).
    pub habitual_after: u32,
    /// A cluster: this many different petitioners on one matter within `cluster_window_days`,
    /// texts at least `cluster_similarity_percent` alike (huiyin-text `similarity`).
    pub cluster_min_petitioners: u32,
    pub cluster_window_days: u32,
    pub cluster_similarity_percent: u32,
    /// The weekly `spike` signal's methods and thresholds.
    pub spike: SpikeRules,
}

impl Default for WarningRules {
    fn default() -> Self {
        use WarningLevel::*;
        WarningRules {
            collective_levels: vec![(5, Blue), (10, Yellow), (30, Orange), (50, Red)],
            acknowledge_hours: vec![(Red, 1), (Orange, 4), (Yellow, 24), (Blue, 72)],
            habitual_after: 3,
            cluster_min_petitioners: 3,
            cluster_window_days: 14,
            cluster_similarity_percent: 30,
            spike: SpikeRules::default(),
        }
    }
}

impl WarningRules {
    /// The level of a collective visit of `people` (blue below the first entry).
    pub fn collective_level(&self, people: u32) -> WarningLevel {
        self.collective_levels
            .iter()
            .filter(|(n, _)| people >= *n)
            .map(|(_, l)| *l)
            .max()
            .unwrap_or(WarningLevel::Blue)
    }

    /// Milliseconds to acknowledge a warning of `level`.
    pub fn acknowledge_within_ms(&self, level: WarningLevel) -> i64 {
        let hours = self
            .acknowledge_hours
            .iter()
            .find(|(l, _)| *l == level)
            .map_or(24, |(_, h)| *h);
        hours * 3_600_000
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_order_from_blue_to_red() {
        use WarningLevel::*;
        assert!(Blue < Yellow && Yellow < Orange && Orange < Red);
        assert_eq!(WarningLevel::parse("orange"), Some(Orange));
        assert_eq!(WarningLevel::parse("purple"), None);
    }

    #[test]
    fn collective_level_grows_with_the_visit() {
        let r = WarningRules::default();
        let levels: Vec<WarningLevel> = [5, 9, 10, 29, 30, 49, 50, 500]
            .iter()
            .map(|n| r.collective_level(*n))
            .collect();
        use WarningLevel::*;
        assert_eq!(
            levels,
            vec![Blue, Blue, Yellow, Yellow, Orange, Orange, Red, Red]
        );
    }

    #[test]
    fn red_is_acknowledged_sooner_than_blue() {
        let r = WarningRules::default();
        assert_eq!(r.acknowledge_within_ms(WarningLevel::Red), 3_600_000);
        assert!(
            r.acknowledge_within_ms(WarningLevel::Red)
                < r.acknowledge_within_ms(WarningLevel::Blue)
        );
    }
}

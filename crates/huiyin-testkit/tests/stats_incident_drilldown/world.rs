//! The incidents the test makes, the reports it owes and makes, and the figures and lists
//! it expects of them, worked out here rather than read back from the application.

use std::collections::{BTreeMap, BTreeSet};

use huiyin_core::Date;
use huiyin_testkit::TestApp;
use serde_json::json;

use super::MIN;

/// An incident as the test knows it: where, when, the reports it owes (recipient, due) and
/// the times the test reported to each recipient.
pub(super) struct Known {
    pub(super) id: i64,
    pub(super) unit: i64,
    pub(super) occurred: i64,
    owed: Vec<(i64, i64)>,
    made: BTreeMap<i64, Vec<i64>>,
}

impl Known {
    /// The standing of each report owed at `now`: the k-th report to a recipient fills the
    /// k-th report it is owed (earliest deadline first).
    fn standings(&self, now: i64) -> Vec<&'static str> {
        let mut out = Vec::new();
        let mut by_recipient: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
        for (to, due) in &self.owed {
            by_recipient.entry(*to).or_default().push(*due);
        }
        for (to, mut dues) in by_recipient {
            dues.sort_unstable();
            let made = self.made.get(&to).cloned().unwrap_or_default();
            for (k, due) in dues.into_iter().enumerate() {
                out.push(match made.get(k) {
                    Some(t) if *t > due => "late",
                    Some(_) => "on_time",
                    None if now > due => "missing",
                    None => "pending",
                });
            }
        }
        out
    }

    pub(super) fn counts(&self, now: i64) -> [i64; 6] {
        let s = self.standings(now);
        let n = |k| s.iter().filter(|x| **x == k).count() as i64;
        [
            1,
            s.len() as i64,
            n("on_time"),
            n("late"),
            n("missing"),
            n("pending"),
        ]
    }

    /// Whether the list filtered by `figure` keeps this incident.
    fn behind(&self, figure: &str, now: i64) -> bool {
        match figure {
            "incidents" => true,
            "owed" => !self.standings(now).is_empty(),
            k => self.standings(now).contains(&k),
        }
    }
}

pub(super) struct World {
    pub(super) t: TestApp,
    pub(super) known: Vec<Known>,
}

impl World {
    pub(super) async fn record(
        &mut self,
        user: &str,
        unit: i64,
        level: &str,
        occurred: i64,
        up: i64,
    ) -> i64 {
        let token = self.t.token(user).await;
        let body = json!({
            "title": "家长聚集校门口",
            "level": level,
            "unit_id": unit,
            "occurred_at": Date::beijing_timestamp(occurred),
            "people_count": 30,
            "description": "家长因学区划片调整聚集，要求与校长对话。",
        });
        let (status, v) = self
            .t
            .post_json("/api/v1/incidents", Some(&token), &body)
            .await;
        assert_eq!(status, 201, "{v}");
        assert_eq!(v["occurred_at_ms"], occurred, "{v}");
        let mut owed = Vec::new();
        for to in [unit, up] {
            if level == "general" {
                owed.push((to, occurred + 24 * 60 * MIN));
            } else {
                owed.push((to, occurred + 30 * MIN));
                owed.push((to, occurred + 120 * MIN));
            }
        }
        // The chain owes what the test expects (else every figure below is off).
        let mut got: Vec<(i64, i64)> = v["reports"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["to_unit_id"].as_i64().unwrap(),
                    r["due_at_ms"].as_i64().unwrap(),
                )
            })
            .collect();
        got.sort_unstable();
        owed.sort_unstable();
        assert_eq!(got, owed, "{v}");
        let id = v["id"].as_i64().unwrap();
        self.known.push(Known {
            id,
            unit,
            occurred,
            owed,
            made: BTreeMap::new(),
        });
        id
    }

    /// Reports on `id` to `to` at `when` (the clock is set there).
    pub(super) async fn report(&mut self, user: &str, id: i64, to: i64, when: i64) {
        self.t.clock.set_millis(when);
        let token = self.t.token(user).await;
        let (status, v) = self
            .t
            .post_json(
                &format!("/api/v1/incidents/{id}/reports"),
                Some(&token),
                &json!({"to_unit_id": to, "content": "已电话报告"}),
            )
            .await;
        assert_eq!(status, 201, "{v}");
        let k = self.known.iter_mut().find(|k| k.id == id).unwrap();
        k.made.entry(to).or_default().push(when);
    }

    /// The incidents a figure of `unit` (exactly, or `under` it) counts in `[from, to)`.
    pub(super) fn expected(
        &self,
        figure: &str,
        units: &[i64],
        span: (i64, i64),
        now: i64,
    ) -> BTreeSet<i64> {
        self.known
            .iter()
            .filter(|k| units.contains(&k.unit) && (span.0..span.1).contains(&k.occurred))
            .filter(|k| k.behind(figure, now))
            .map(|k| k.id)
            .collect()
    }
}

//! The clusters an ordinary generated history forms by chance (for `planted.rs`'s benchmark):
//! the demo's petitions come from a few templates per category, so the same template about the
//! same school from several people within days is, by its text, one matter raised by many — a
//! cluster the benchmark did not plant but the signal is right to find.

use std::collections::{BTreeMap, HashSet};

use super::planted::Event;

/// Labels the clusters the ordinary history formed by chance: petitions with the same title
/// about the same school, each within `window` days of the one before, from at least `min`
/// different people — by their text one matter raised by many, which the signal is right to
/// find. Labels start at `first`; answers how many.
pub(super) fn label_chance_clusters(
    events: &mut [Event],
    first: usize,
    window: i32,
    min: usize,
) -> usize {
    let mut groups: BTreeMap<(i64, String), Vec<usize>> = BTreeMap::new();
    for (i, e) in events.iter().enumerate() {
        if e.cluster.is_none() {
            groups
                .entry((e.school, e.title.clone()))
                .or_default()
                .push(i);
        }
    }
    let mut next = first;
    for idx in groups.values() {
        // `events` is in date order, so each group is too: split it where a gap exceeds the
        // window, and label the runs with enough different people.
        let mut run: Vec<usize> = Vec::new();
        let mut flush = |run: &mut Vec<usize>, events: &mut [Event]| {
            let people: HashSet<&str> = run.iter().map(|i| events[*i].person.as_str()).collect();
            if people.len() >= min {
                for i in run.iter() {
                    events[*i].cluster = Some(next);
                }
                next += 1;
            }
            run.clear();
        };
        for &i in idx {
            if let Some(&last) = run.last()
                && events[last].on.days_until(events[i].on) > window
            {
                flush(&mut run, events);
            }
            run.push(i);
        }
        flush(&mut run, events);
    }
    next - first
}

#[cfg(test)]
mod tests {
    use super::*;
    use huiyin_core::Date;

    fn event(on: &str, school: i64, title: &str, person: &str) -> Event {
        Event {
            on: Date::parse(on).unwrap(),
            county_office: 1,
            school,
            category: "fees".into(),
            title: title.into(),
            content: String::new(),
            demands: String::new(),
            person: person.into(),
            phone: None,
            cluster: None,
            labels: Default::default(),
        }
    }

    #[test]
    fn chance_clusters_need_enough_people_within_the_window() {
        let mut events = vec![
            event("2026-03-01", 7, "食堂", "王芳"),
            event("2026-03-05", 7, "食堂", "李娜"),
            event("2026-03-12", 7, "食堂", "王芳"),
            // Two people only: not a cluster.
            event("2026-03-02", 8, "收费", "张伟"),
            event("2026-03-03", 8, "收费", "刘洋"),
            // Three people, but the third comes 20 days after the second.
            event("2026-04-01", 9, "校车", "陈静"),
            event("2026-04-02", 9, "校车", "杨磊"),
            event("2026-04-22", 9, "校车", "黄勇"),
            // Three people within days: a cluster.
            event("2026-05-01", 7, "作业", "赵军"),
            event("2026-05-03", 7, "作业", "吴艳"),
            event("2026-05-09", 7, "作业", "周杰"),
        ];
        events.sort_by_key(|e| e.on);
        assert_eq!(label_chance_clusters(&mut events, 100, 14, 3), 1);
        let labelled: Vec<&str> = events
            .iter()
            .filter(|e| e.cluster == Some(100))
            .map(|e| e.title.as_str())
            .collect();
        assert_eq!(labelled, ["作业", "作业", "作业"]);
    }
}

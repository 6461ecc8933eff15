//! The `cluster` signal at registration (issue 13 item 1): the recent petitions about the same
//! concerned unit in the same field (top-level category) whose texts read alike (huiyin-text
//! `similarity`; `cluster_similarity.rs`), from enough different people, raise one warning per
//! cluster, which later petitions of the matter join. Written in the registration's
//! transaction like the other signals.

use std::collections::{HashMap, HashSet};

use huiyin_core::case::CaseId;
use huiyin_core::org::UnitId;
use huiyin_core::warning::RaisedSignal;
use huiyin_store::{ClusterLink, MatterCase, NewWarning};

use crate::cluster_similarity::{Exactness, Judged};

/// At most this many recent cases about one unit are compared with a new petition.
const CLUSTER_CANDIDATES: i64 = 300;

/// The alike cases whose open cluster is looked for first: the cases of a cluster that keeps
/// being joined are the newest alike.
const NEWEST_PROBED: usize = 16;

/// A cluster found among the candidates, before its warning is written.
struct Found {
    signal: RaisedSignal,
    /// The open cluster warning it joins.
    existing: Option<ClusterLink>,
    /// The candidates that warning links.
    held: HashSet<CaseId>,
    alike_ids: Vec<CaseId>,
    /// The accused units of the accusations among its cases (the new one included).
    walls: Vec<UnitId>,
}

/// The cluster warning a registration raises or joins, and the accused units of the
/// accusations behind it (its messages never go to them: `App::with_notices`).
pub(crate) struct ClusterWarning {
    pub warning: NewWarning,
    pub accused: Vec<UnitId>,
}

/// What the cluster reads of the petition being registered.
pub(crate) struct Joining<'a> {
    pub concerned_unit_id: UnitId,
    pub category: &'a str,
    pub received_on: huiyin_core::Date,
    pub new_shingles: &'a huiyin_text::Shingles,
    /// Its sketch (`Shingles::sketch`, computed once for the registration and the signal).
    pub new_sketch: Option<&'a huiyin_text::Sketch>,
    /// Who petitioned: a lookup key of each petitioner (`petitioner_key`).
    pub new_keys: Vec<String>,
    pub category_label: &'a str,
    /// The accused unit of the new petition's firewall, when it is an accusation.
    pub accused_unit_id: Option<UnitId>,
    /// Only cases registered before this one are candidates (judging a history); `None`
    /// at registration, when every case is.
    pub registered_before: Option<CaseId>,
}

/// The key a cluster counts a petitioner by: the ID-number key, else the name-and-phone key,
/// else the name (as `recent_matter_cases` and `petitioner_keys_of` read them back).
pub(crate) fn petitioner_key(p: &huiyin_store::StoredPetitioner) -> String {
    p.id_key
        .clone()
        .or(p.name_phone_key.clone())
        .unwrap_or(format!("name:{}", p.petitioner.name))
}

impl crate::context::App {
    /// The `cluster` warning a registration raises or joins: earlier petitions about the same
    /// concerned unit within the window whose texts read alike, from enough different people.
    pub(crate) async fn cluster_warning(
        &self,
        joining: &Joining<'_>,
        receiving_unit_id: UnitId,
    ) -> crate::error::Result<Option<ClusterWarning>> {
        let rules = &self.warning_rules;
        let window = i32::try_from(rules.cluster_window_days).unwrap_or(14);
        let since = joining.received_on.add_days(-window);
        // One matter: the same concerned unit and the same field of petition work (the
        // top-level category and the categories below it), texts alike.
        let family = self.categories().field_codes(joining.category);
        let candidates = self
            .store
            .recent_matter_cases(
                joining.concerned_unit_id,
                &family,
                since,
                CLUSTER_CANDIDATES,
                joining.registered_before,
            )
            .await?;
        let threshold = f64::from(rules.cluster_similarity_percent) / 100.0;
        let mut judged = self
            .candidate_similarities(joining, &candidates, threshold, Exactness::Estimates)
            .await?;
        let Some(mut found) = self.cluster_of(joining, &candidates, &judged, threshold) else {
            return Ok(None);
        };
        // A cluster is written with exact figures: the alike judged by estimate are compared
        // now (one in three of a school's candidates on an ordinary day, and a cluster rare).
        if judged.iter().any(|j| j.estimated && j.value >= threshold) {
            judged = self
                .candidate_similarities(joining, &candidates, threshold, Exactness::AlikeExactly)
                .await?;
            found = match self.cluster_of(joining, &candidates, &judged, threshold) {
                Some(found) => found,
                None => return Ok(None),
            };
        }
        let org = self.org();
        let body = org
            .competent_body(receiving_unit_id)
            .map_or(receiving_unit_id, |u| u.id);
        let Found {
            signal,
            existing,
            held,
            alike_ids,
            walls,
        } = found;
        // Never owned inside the wall of an accusation behind it (DOMAIN.md §4), as the other
        // signals' warnings: a joined warning moves up when a case joining walls its owner.
        let owner = huiyin_core::policy::body_above_walls(
            &org,
            existing.as_ref().map_or(body, |w| w.unit_id),
            &walls,
        );
        // A join that moves the warning up is a step of its history, as the daily scan's
        // move above a wall is (`warnings::raise::MOVE_ABOVE_WALL`).
        let join_move =
            existing
                .as_ref()
                .filter(|w| w.unit_id != owner)
                .map(|_| huiyin_store::JoinMove {
                    action: crate::warnings::raise::MOVE_ABOVE_WALL.to_owned(),
                    note: "并入的来信涉及对本单位的检举控告，依回避规定移交上一级".to_owned(),
                });
        let level = existing
            .as_ref()
            .map_or(signal.level, |w| w.level.max(signal.level));
        // A warning joined links only the alike cases it does not hold yet (relinking a whole
        // cluster at every petition that joins it grows with the cluster, in the writer).
        let other_case_ids: Vec<CaseId> = alike_ids
            .into_iter()
            .filter(|id| !held.contains(id))
            .collect();
        let warning = NewWarning {
            kind: signal.kind,
            level,
            unit_id: owner,
            explanation_zh: signal.zh,
            explanation_en: signal.en,
            acknowledge_due_at: self.now_ms() + rules.acknowledge_within_ms(level),
            other_case_ids,
            join_warning_id: existing.map(|w| w.warning_id),
            join_move,
            unique_key: None,
            notify: Vec::new(),
        };
        Ok(Some(ClusterWarning {
            warning,
            accused: walls,
        }))
    }

    /// The cluster the candidates judged alike make with the new petition and the open
    /// cluster warning behind any of them, or `None` while too few people have raised it.
    fn cluster_of(
        &self,
        joining: &Joining<'_>,
        candidates: &[MatterCase],
        judged: &[Judged],
        threshold: f64,
    ) -> Option<Found> {
        use huiyin_core::warning::{ClusterMember, WarningKind, cluster_signal};
        let similarity: HashMap<CaseId, f64> = candidates
            .iter()
            .zip(judged)
            .filter(|(_, j)| j.value >= threshold)
            .map(|(c, j)| (c.id, j.value))
            .collect();
        if similarity.is_empty() {
            return None;
        }
        let alike: Vec<&MatterCase> = candidates
            .iter()
            .filter(|c| similarity.contains_key(&c.id))
            .collect();
        let alike_ids: Vec<CaseId> = alike.iter().map(|c| c.id).collect();
        let existing = open_cluster_among(&alike);
        // What that warning holds among the candidates (a cluster open for weeks may hold
        // thousands of cases; only the recent ones count here).
        let held: HashSet<CaseId> = existing
            .as_ref()
            .map(|w| {
                candidates
                    .iter()
                    .filter(|c| c.clusters.iter().any(|l| l.warning_id == w.warning_id))
                    .map(|c| c.id)
                    .collect()
            })
            .unwrap_or_default();
        // The members: the candidates alike, or linked to that warning already.
        let in_cluster: Vec<&MatterCase> = candidates
            .iter()
            .filter(|c| similarity.contains_key(&c.id) || held.contains(&c.id))
            .collect();
        let mut walls: Vec<UnitId> = joining.accused_unit_id.into_iter().collect();
        for w in in_cluster.iter().filter_map(|c| c.walled_unit_id) {
            if !walls.contains(&w) {
                walls.push(w);
            }
        }
        let mut members: Vec<ClusterMember> = in_cluster
            .iter()
            .map(|c| ClusterMember {
                received_on: c.received_on,
                petitioners: c.petitioners.clone(),
                similarity: similarity.get(&c.id).copied().unwrap_or(threshold),
            })
            .collect();
        members.push(ClusterMember {
            received_on: joining.received_on,
            petitioners: joining.new_keys.clone(),
            similarity: 1.0,
        });
        let concerned = self
            .org()
            .get(joining.concerned_unit_id)
            .map(|u| u.name.clone())
            .unwrap_or_default();
        let rules = &self.warning_rules;
        let signal = cluster_signal(&members, &concerned, joining.category_label, rules)?;
        debug_assert_eq!(signal.kind, WarningKind::Cluster);
        Some(Found {
            signal,
            existing,
            held,
            alike_ids,
            walls,
        })
    }
}

/// The open cluster warning behind the alike candidates (newest first): the newest among the
/// first [`NEWEST_PROBED`], else the newest among the rest.
fn open_cluster_among(alike: &[&MatterCase]) -> Option<ClusterLink> {
    let split = alike.len().min(NEWEST_PROBED);
    let (newest, rest) = alike.split_at(split);
    [newest, rest].into_iter().find_map(|part| {
        part.iter()
            .flat_map(|c| &c.clusters)
            .max_by_key(|l| l.warning_id)
            .cloned()
    })
}

//! The `cluster` signal at registration (issue 13 item 1): the recent petitions about the same
//! concerned unit in the same field (top-level category) whose texts read alike (huiyin-text
//! `similarity`; `cluster_similarity.rs`), from enough different people, raise one warning per
//! cluster, which later petitions of the matter join. Written in the registration's
//! transaction like the other signals.

use std::collections::HashMap;

use huiyin_core::case::CaseId;
use huiyin_core::org::UnitId;
use huiyin_core::warning::RaisedSignal;
use huiyin_store::{ClusterHeld, MatterCase, NewWarning};

use crate::cluster_similarity::{Exactness, Judged};

/// At most this many recent cases about one unit are compared with a new petition.
const CLUSTER_CANDIDATES: i64 = 300;

/// A cluster found among the candidates, before its warning is written.
struct Found {
    signal: RaisedSignal,
    existing: Option<huiyin_store::WarningRecord>,
    held: ClusterHeld,
    alike_ids: Vec<CaseId>,
    /// The candidates in the cluster: alike, or linked to its open warning already.
    member_ids: Vec<CaseId>,
    /// Who petitioned in each member.
    who: HashMap<CaseId, Vec<String>>,
    new_keys: Vec<String>,
}

/// What the cluster reads of the petition being registered.
pub(crate) struct Joining<'a> {
    pub concerned_unit_id: UnitId,
    pub category: &'a str,
    pub received_on: huiyin_core::Date,
    pub new_shingles: &'a huiyin_text::Shingles,
    /// Who petitioned: a lookup key of each petitioner (`petitioner_key`).
    pub new_keys: Vec<String>,
    pub category_label: &'a str,
    /// Only cases registered before this one are candidates (judging a history); `None`
    /// at registration, when every case is.
    pub registered_before: Option<CaseId>,
}

/// The key a cluster counts a petitioner by: the ID-number key, else the name-and-phone key,
/// else the name (as `petitioner_keys_of` reads them back).
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
    ) -> crate::error::Result<Option<NewWarning>> {
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
            .candidate_similarities(
                joining.new_shingles,
                &candidates,
                threshold,
                Exactness::Estimates,
            )
            .await?;
        let Some(mut found) = self
            .cluster_of(joining, &candidates, &judged, threshold)
            .await?
        else {
            return Ok(None);
        };
        // A cluster is written with exact figures: the alike judged by estimate are compared
        // now (one in three of a school's candidates on an ordinary day, and a cluster rare).
        if judged.iter().any(|j| j.estimated && j.value >= threshold) {
            judged = self
                .candidate_similarities(
                    joining.new_shingles,
                    &candidates,
                    threshold,
                    Exactness::AlikeExactly,
                )
                .await?;
            found = match self
                .cluster_of(joining, &candidates, &judged, threshold)
                .await?
            {
                Some(found) => found,
                None => return Ok(None),
            };
        }
        let body = self
            .org()
            .competent_body(receiving_unit_id)
            .map_or(receiving_unit_id, |u| u.id);
        let Found {
            signal,
            existing,
            held,
            alike_ids,
            member_ids,
            mut who,
            new_keys,
        } = found;
        let level = existing
            .as_ref()
            .map_or(signal.level, |w| w.level.max(signal.level));
        // A warning joined links only the alike cases it does not hold yet (relinking a whole
        // cluster at every petition that joins it grows with the cluster, in the writer).
        let mut other_case_ids: Vec<CaseId> = alike_ids
            .into_iter()
            .filter(|id| !held.contains_key(id))
            .collect();
        // Members linked before their petitioners were kept with the link get them now, once
        // (the writer fills a link's empty keys), so an older cluster stops costing the reads.
        other_case_ids.extend(
            member_ids
                .iter()
                .filter(|id| matches!(held.get(id), Some(None))),
        );
        let petitioner_keys = huiyin_store::PetitionerKeys {
            new_case: new_keys,
            others: other_case_ids
                .iter()
                .filter_map(|id| Some((*id, who.remove(id)?)))
                .collect(),
        };
        Ok(Some(NewWarning {
            kind: signal.kind,
            level,
            unit_id: existing.as_ref().map_or(body, |w| w.unit_id),
            explanation_zh: signal.zh,
            explanation_en: signal.en,
            acknowledge_due_at: self.now_ms() + rules.acknowledge_within_ms(level),
            other_case_ids,
            join_warning_id: existing.map(|w| w.id),
            unique_key: None,
            notify: Vec::new(),
            petitioner_keys,
        }))
    }

    /// The cluster the candidates judged alike make with the new petition and the open
    /// cluster warning behind any of them, or `None` while too few people have raised it.
    async fn cluster_of(
        &self,
        joining: &Joining<'_>,
        candidates: &[MatterCase],
        judged: &[Judged],
        threshold: f64,
    ) -> crate::error::Result<Option<Found>> {
        use huiyin_core::warning::{ClusterMember, WarningKind, cluster_signal};
        let similarity: HashMap<CaseId, f64> = candidates
            .iter()
            .zip(judged)
            .filter(|(_, j)| j.value >= threshold)
            .map(|(c, j)| (c.id, j.value))
            .collect();
        if similarity.is_empty() {
            return Ok(None);
        }
        let alike_ids: Vec<CaseId> = candidates
            .iter()
            .map(|c| c.id)
            .filter(|id| similarity.contains_key(id))
            .collect();
        let oldest = candidates.iter().map(|c| c.id).min().unwrap_or_default();
        // The cluster's members among the candidates only (a cluster open for weeks may hold
        // thousands of cases, and reading them all at every join grew with it), each with its
        // petitioners' keys where the link keeps them.
        let (existing, held) = match self.store.open_cluster_among(&alike_ids, oldest).await? {
            Some((w, held)) => (Some(w), held),
            None => (None, ClusterHeld::new()),
        };
        let members_of: Vec<&MatterCase> = candidates
            .iter()
            .filter(|c| similarity.contains_key(&c.id) || held.contains_key(&c.id))
            .collect();
        let unknown: Vec<CaseId> = members_of
            .iter()
            .filter(|c| !matches!(held.get(&c.id), Some(Some(_))))
            .map(|c| c.id)
            .collect();
        let mut who = self.store.petitioner_keys_of(&unknown).await?;
        for c in &members_of {
            if let Some(Some(keys)) = held.get(&c.id) {
                who.insert(c.id, keys.clone());
            }
        }
        let new_keys = joining.new_keys.clone();
        let mut members: Vec<ClusterMember> = members_of
            .iter()
            .map(|c| ClusterMember {
                received_on: c.received_on,
                petitioners: who.get(&c.id).cloned().unwrap_or_default(),
                similarity: similarity.get(&c.id).copied().unwrap_or(threshold),
            })
            .collect();
        members.push(ClusterMember {
            received_on: joining.received_on,
            petitioners: new_keys.clone(),
            similarity: 1.0,
        });
        let concerned = self
            .org()
            .get(joining.concerned_unit_id)
            .map(|u| u.name.clone())
            .unwrap_or_default();
        let rules = &self.warning_rules;
        let Some(signal) = cluster_signal(&members, &concerned, joining.category_label, rules)
        else {
            return Ok(None);
        };
        debug_assert_eq!(signal.kind, WarningKind::Cluster);
        Ok(Some(Found {
            signal,
            existing,
            held,
            alike_ids,
            member_ids: members_of.iter().map(|c| c.id).collect(),
            who,
            new_keys,
        }))
    }
}

//! The `cluster` signal at registration (issue 13 item 1): the recent petitions about the same
//! concerned unit in the same field (top-level category) whose texts read alike (huiyin-text
//! `similarity`), from enough different people, raise one warning per cluster, which later
//! petitions of the matter join. Written in the registration's transaction like the other
//! signals.

use std::sync::Arc;

use huiyin_core::case::CaseId;
use huiyin_core::org::UnitId;
use huiyin_store::NewWarning;
use huiyin_text::Shingles;

/// At most this many recent cases about one unit are compared with a new petition.
const CLUSTER_CANDIDATES: i64 = 300;

impl crate::context::App {
    /// The `cluster` warning a registration raises or joins: earlier petitions about the same
    /// concerned unit within the window whose texts read alike, from enough different people.
    pub(crate) async fn cluster_warning(
        &self,
        input: &huiyin_core::intake::RegistrationInput,
        new_shingles: &huiyin_text::Shingles,
        new_petitioners: &[huiyin_store::StoredPetitioner],
        category_label: &str,
        receiving_unit_id: UnitId,
    ) -> crate::error::Result<Option<NewWarning>> {
        use huiyin_core::warning::{ClusterMember, WarningKind, cluster_signal};
        let rules = &self.warning_rules;
        let window = i32::try_from(rules.cluster_window_days).unwrap_or(14);
        let since = input.received_on.add_days(-window);
        // One matter: the same concerned unit and the same field of petition work (the
        // top-level category and the categories below it), texts alike.
        let family = self.categories().field_codes(&input.category);
        let candidates = self
            .store
            .recent_matter_cases(input.concerned_unit_id, &family, since, CLUSTER_CANDIDATES)
            .await?;
        let threshold = f64::from(rules.cluster_similarity_percent) / 100.0;
        let compared = self.candidate_shingles(&candidates).await?;
        let alike: Vec<(&huiyin_store::MatterCase, f64)> = candidates
            .iter()
            .zip(&compared)
            .map(|(c, s)| (c, new_shingles.similarity(s)))
            .filter(|(_, s)| *s >= threshold)
            .collect();
        if alike.is_empty() {
            return Ok(None);
        }
        let alike_ids: Vec<CaseId> = alike.iter().map(|(c, _)| c.id).collect();
        let oldest = candidates.iter().map(|c| c.id).min().unwrap_or_default();
        // The cluster's members among the candidates only (a cluster open for weeks may hold
        // thousands of cases, and reading them all at every join grew with it), each with its
        // petitioners' keys where the link keeps them.
        let (existing, held) = match self.store.open_cluster_among(&alike_ids, oldest).await? {
            Some((w, held)) => (Some(w), held),
            None => (None, huiyin_store::ClusterHeld::new()),
        };
        let similarity: std::collections::HashMap<CaseId, f64> =
            alike.iter().map(|(c, s)| (c.id, *s)).collect();
        let members_of: Vec<&huiyin_store::MatterCase> = candidates
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
        let new_keys: Vec<String> = new_petitioners
            .iter()
            .map(|p| {
                p.id_key
                    .clone()
                    .or(p.name_phone_key.clone())
                    .unwrap_or(format!("name:{}", p.petitioner.name))
            })
            .collect();
        let mut members: Vec<ClusterMember> = members_of
            .iter()
            .map(|c| ClusterMember {
                received_on: c.received_on,
                petitioners: who.get(&c.id).cloned().unwrap_or_default(),
                similarity: similarity.get(&c.id).copied().unwrap_or(threshold),
            })
            .collect();
        members.push(ClusterMember {
            received_on: input.received_on,
            petitioners: new_keys.clone(),
            similarity: 1.0,
        });
        let org = self.org();
        let concerned = org
            .get(input.concerned_unit_id)
            .map(|u| u.name.clone())
            .unwrap_or_default();
        let Some(signal) = cluster_signal(&members, &concerned, category_label, rules) else {
            return Ok(None);
        };
        debug_assert_eq!(signal.kind, WarningKind::Cluster);
        let body = org
            .competent_body(receiving_unit_id)
            .map_or(receiving_unit_id, |u| u.id);
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
            members_of
                .iter()
                .filter(|c| matches!(held.get(&c.id), Some(None)))
                .map(|c| c.id),
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

    /// The shingles of each candidate, in order: those kept from earlier registrations and
    /// comparisons, the others from their texts (then kept).
    async fn candidate_shingles(
        &self,
        candidates: &[huiyin_store::MatterCase],
    ) -> crate::error::Result<Vec<Arc<Shingles>>> {
        let ids: Vec<CaseId> = candidates.iter().map(|c| c.id).collect();
        let mut kept = self.shingles.get_many(&ids);
        let missing: Vec<CaseId> = ids
            .iter()
            .zip(&kept)
            .filter(|(_, s)| s.is_none())
            .map(|(id, _)| *id)
            .collect();
        if !missing.is_empty() {
            let texts = self.store.case_texts(&missing).await?;
            for (id, slot) in ids.iter().zip(kept.iter_mut()) {
                if slot.is_none() {
                    let text =
                        texts
                            .get(id)
                            .map_or_else(String::new, |[title, content, demands]| {
                                crate::register::petition_text(title, content, demands)
                            });
                    let s = Arc::new(Shingles::of(&text));
                    self.shingles.insert(*id, Arc::clone(&s));
                    *slot = Some(s);
                }
            }
        }
        Ok(kept.into_iter().map(Option::unwrap_or_default).collect())
    }
}

//! The `cluster` signal at registration (issue 13 item 1): the recent petitions about the same
//! concerned unit in the same field (top-level category) whose texts read alike (huiyin-text
//! `similarity`), from enough different people, raise one warning per cluster, which later
//! petitions of the matter join. Written in the registration's transaction like the other
//! signals.

use huiyin_core::case::CaseId;
use huiyin_core::org::UnitId;
use huiyin_store::NewWarning;

/// At most this many recent cases about one unit are compared with a new petition.
const CLUSTER_CANDIDATES: i64 = 300;

impl crate::context::App {
    /// The `cluster` warning a registration raises or joins: earlier petitions about the same
    /// concerned unit within the window whose texts read alike, from enough different people.
    pub(crate) async fn cluster_warning(
        &self,
        input: &huiyin_core::intake::RegistrationInput,
        new_text: &str,
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
        let shingles = huiyin_text::Shingles::of(new_text);
        let alike: Vec<(&huiyin_store::MatterCase, f64)> = candidates
            .iter()
            .map(|c| (c, shingles.similarity(&huiyin_text::Shingles::of(&c.text))))
            .filter(|(_, s)| *s >= threshold)
            .collect();
        if alike.is_empty() {
            return Ok(None);
        }
        let alike_ids: Vec<CaseId> = alike.iter().map(|(c, _)| c.id).collect();
        let candidate_ids: Vec<CaseId> = candidates.iter().map(|c| c.id).collect();
        // The cluster's members among the candidates only: a cluster open for weeks may hold
        // thousands of cases, and reading them all at every join grew with it.
        let (existing, held) = match self
            .store
            .open_cluster_among(&alike_ids, &candidate_ids)
            .await?
        {
            Some((w, held)) => (Some(w), held),
            None => (None, std::collections::HashSet::new()),
        };
        let alike_set: std::collections::HashSet<CaseId> = alike_ids.iter().copied().collect();
        let in_cluster = |id: CaseId| alike_set.contains(&id) || held.contains(&id);
        let member_ids: Vec<CaseId> = candidates
            .iter()
            .filter(|c| in_cluster(c.id))
            .map(|c| c.id)
            .collect();
        let mut who = self.store.petitioner_keys_of(&member_ids).await?;
        let mut members: Vec<ClusterMember> = candidates
            .iter()
            .filter(|c| in_cluster(c.id))
            .map(|c| ClusterMember {
                received_on: c.received_on,
                petitioners: who.remove(&c.id).unwrap_or_default(),
                similarity: alike
                    .iter()
                    .find(|(a, _)| a.id == c.id)
                    .map_or(threshold, |(_, s)| *s),
            })
            .collect();
        members.push(ClusterMember {
            received_on: input.received_on,
            petitioners: new_petitioners
                .iter()
                .map(|p| {
                    p.id_key
                        .clone()
                        .or(p.name_phone_key.clone())
                        .unwrap_or(format!("name:{}", p.petitioner.name))
                })
                .collect(),
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
        let other_case_ids: Vec<CaseId> = alike_ids
            .into_iter()
            .filter(|id| !held.contains(id))
            .collect();
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
        }))
    }
}

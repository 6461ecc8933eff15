//! 信访人档案 (issue 15 item 2): one file per person across all their cases — the cases, the
//! contacts with the office, counts, the habitual-petitioner mark, records the system could
//! not be sure about (to merge), and the merges made — read through the same visibility and
//! firewall as the cases: a file shows only cases the reader may open, counts only those, and
//! a file none of whose cases the reader may open does not exist for them.

use std::collections::{BTreeMap, HashSet};

use huiyin_core::case::{CaseId, Flag};
use huiyin_core::error::ErrorCode;
use huiyin_store::{PersonMerge, PersonRow};

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;
use crate::person_views::{
    IdentifiedBy, PersonCandidate, PersonCase, PersonCounts, PersonFile, PersonMatter, contacts_of,
    merge_view,
};
use crate::view::CaseView;

/// A person's keys and the merges that joined them (undone ones too, for the history).
pub(crate) struct PersonGroup {
    pub keys: Vec<String>,
    pub merges: Vec<PersonMerge>,
}

impl App {
    /// The keys of the person of `key`: it and every key joined to it by merges not undone.
    pub(crate) async fn person_group(&self, key: &str) -> Result<PersonGroup> {
        let mut keys = vec![key.to_owned()];
        let mut merges: Vec<PersonMerge> = Vec::new();
        let mut frontier = keys.clone();
        // A chain of merges longer than this is a clerk's error, not a person.
        for _ in 0..20 {
            if frontier.is_empty() {
                break;
            }
            let found = self.store.person_merges_touching(&frontier).await?;
            frontier.clear();
            for m in found {
                if merges.iter().any(|x| x.id == m.id) {
                    continue;
                }
                if m.undone_at.is_none() {
                    for k in [&m.key_a, &m.key_b] {
                        if !keys.contains(k) {
                            keys.push(k.clone());
                            frontier.push(k.clone());
                        }
                    }
                }
                merges.push(m);
            }
        }
        merges.sort_by_key(|m| m.id);
        Ok(PersonGroup { keys, merges })
    }

    /// The record `petitioner_id` and the view of its case, when the reader may open it.
    pub(crate) async fn visible_petitioner(
        &self,
        user: &CurrentUser,
        petitioner_id: i64,
    ) -> Result<(PersonRow, CaseView)> {
        let row = self.store.petitioner_rows(&[petitioner_id]).await?.pop();
        if let Some(row) = row {
            let views = self.visible_views(user, &[row.case_id]).await?;
            if let Some(view) = views.into_iter().next() {
                return Ok((row, view));
            }
        }
        let code = ErrorCode::PersonNotFound;
        self.audit_soon_with(
            user,
            "person.read",
            &format!("petitioner:{petitioner_id}"),
            code.as_str(),
            "",
        );
        Err(code.into())
    }

    /// The person file of the record `petitioner_id` (信访人档案).
    pub async fn person_file(&self, user: &CurrentUser, petitioner_id: i64) -> Result<PersonFile> {
        if !user.actor().works_cases() {
            return Err(ErrorCode::Forbidden.into());
        }
        let (row, _) = self.visible_petitioner(user, petitioner_id).await?;
        let group = self.person_group(&row.person_key).await?;
        let rows = self.store.rows_of_person_keys(&group.keys).await?;
        let mut ids: Vec<CaseId> = rows.iter().map(|r| r.case_id).collect();
        ids.dedup();
        let views = self.visible_views(user, &ids).await?;
        let visible: HashSet<CaseId> = views.iter().map(|v| v.id).collect();
        let org = self.org();
        let unit_name = |u: i64| org.get(u).map(|u| u.name.clone()).unwrap_or_default();
        let today = self.today();
        let mut cases = Vec::new();
        let mut contacts = Vec::new();
        let mut counts = PersonCounts::default();
        let mut matters: BTreeMap<(i64, String), usize> = BTreeMap::new();
        for v in &views {
            let Some(r) = rows.iter().find(|r| r.case_id == v.id) else {
                continue;
            };
            let collective = v.flags.contains(&Flag::Collective);
            counts.cases += 1;
            counts.collective += usize::from(collective);
            if v.status.is_terminal() {
                counts.terminal += 1;
            } else {
                counts.open += 1;
            }
            if v.received_on > today.add_days(-365) {
                counts.last_year += 1;
            }
            *matters
                .entry((v.concerned_unit_id, v.category.clone()))
                .or_default() += 1;
            cases.push(PersonCase {
                id: v.id,
                number: v.number.clone(),
                petitioner_id: r.petitioner_id,
                title: v.title.clone(),
                status: v.status,
                status_label: v.status_label,
                channel: v.channel,
                received_on: v.received_on,
                category: v.category.clone(),
                concerned_unit_id: v.concerned_unit_id,
                concerned_unit_name: unit_name(v.concerned_unit_id),
                handling_unit_name: unit_name(v.handling_unit_id),
                people_count: v.people_count,
                collective,
            });
            contacts.extend(contacts_of(v));
        }
        cases.sort_by(|a, b| b.received_on.cmp(&a.received_on).then(b.id.cmp(&a.id)));
        contacts.sort_by(|a, b| b.on.cmp(&a.on).then(b.case_id.cmp(&a.case_id)));
        let habitual_after = self.warning_rules.habitual_after as usize;
        let habitual_matters: Vec<PersonMatter> = matters
            .into_iter()
            .filter(|(_, n)| *n > habitual_after)
            .map(|((unit, category), n)| PersonMatter {
                concerned_unit_name: unit_name(unit),
                category,
                cases: n,
            })
            .collect();
        let candidates = self.person_candidates(user, &group.keys, &rows).await?;
        // A merge is shown when the reader sees a record on each side of it (an undone one
        // too, whose other side is no longer in the file).
        let mut seen_keys: HashSet<String> = rows
            .iter()
            .filter(|r| visible.contains(&r.case_id))
            .map(|r| r.person_key.clone())
            .collect();
        let mut outside: Vec<String> = group
            .merges
            .iter()
            .flat_map(|m| [m.key_a.clone(), m.key_b.clone()])
            .filter(|k| !group.keys.contains(k))
            .collect();
        outside.sort();
        outside.dedup();
        if !outside.is_empty() {
            let more = self.store.rows_of_person_keys(&outside).await?;
            let ids: Vec<CaseId> = more.iter().map(|r| r.case_id).collect();
            let seen: HashSet<CaseId> = self
                .visible_views(user, &ids)
                .await?
                .iter()
                .map(|v| v.id)
                .collect();
            seen_keys.extend(
                more.into_iter()
                    .filter(|r| seen.contains(&r.case_id))
                    .map(|r| r.person_key),
            );
        }
        let merges = group
            .merges
            .iter()
            .filter(|m| seen_keys.contains(&m.key_a) && seen_keys.contains(&m.key_b))
            .map(merge_view)
            .collect();
        let conduct = self.store.conduct_of_person_keys(&group.keys).await?;
        let conduct = self.conduct_views(user, &conduct).await?;
        self.audit_soon(user, "person.read", &format!("petitioner:{petitioner_id}"));
        Ok(PersonFile {
            id: petitioner_id,
            name: self.petitioner_name(user, &row).await?,
            identified_by: IdentifiedBy::of(&row.person_key),
            habitual: !habitual_matters.is_empty(),
            habitual_matters,
            counts,
            cases,
            contacts,
            candidates,
            merges,
            conduct,
            may_merge: user
                .actor()
                .may(huiyin_core::permission::Permission::HandleCases),
        })
    }

    /// The name on a record, as the reader may see it on its case (masked where the case's
    /// identity is protected from them).
    pub(crate) async fn petitioner_name(
        &self,
        user: &CurrentUser,
        row: &PersonRow,
    ) -> Result<String> {
        let views = self.visible_views(user, &[row.case_id]).await?;
        Ok(views
            .first()
            .and_then(|v| {
                usize::try_from(row.position)
                    .ok()
                    .and_then(|p| v.petitioners.get(p))
            })
            .map(|p| p.name.clone())
            .unwrap_or_default())
    }

    /// Records outside the person with the same name and phone as one of its records, on cases
    /// the reader may open.
    async fn person_candidates(
        &self,
        user: &CurrentUser,
        keys: &[String],
        rows: &[PersonRow],
    ) -> Result<Vec<PersonCandidate>> {
        let mut nps: Vec<String> = rows
            .iter()
            .filter_map(|r| r.name_phone_key.clone())
            .collect();
        nps.sort();
        nps.dedup();
        let others: Vec<PersonRow> = self
            .store
            .rows_with_name_phone_keys(&nps)
            .await?
            .into_iter()
            .filter(|r| !keys.contains(&r.person_key))
            .collect();
        let ids: Vec<CaseId> = others.iter().map(|r| r.case_id).collect();
        let views = self.visible_views(user, &ids).await?;
        let mut out = Vec::new();
        for r in others {
            let Some(v) = views.iter().find(|v| v.id == r.case_id) else {
                continue;
            };
            let name = usize::try_from(r.position)
                .ok()
                .and_then(|p| v.petitioners.get(p))
                .map(|p| p.name.clone())
                .unwrap_or_default();
            out.push(PersonCandidate {
                petitioner_id: r.petitioner_id,
                name,
                case_id: v.id,
                case_number: v.number.clone(),
                received_on: v.received_on,
                identified_by: IdentifiedBy::of(&r.person_key),
            });
        }
        Ok(out)
    }
}

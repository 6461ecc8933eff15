//! Registering a petition (登记): the first step of every case.

use huiyin_core::case::{Case, CaseDetail, Petitioner, Status};
use huiyin_core::error::ErrorCode;
use huiyin_core::intake::{
    EarlierCase, IntakeWarning, RegistrationInput, intake_flags, validate_registration,
};
use huiyin_core::kinds::Channel;
use huiyin_core::permission::Permission;
use huiyin_core::workflow::case_deadlines;
use huiyin_store::{CaseRecord, NewCaseRecord, StoredPetitioner, TimelineEntry};

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;
use crate::keys::{id_key, key_token, name_phone_key, phone_key};
use crate::view::CaseView;

/// A registered case and the non-blocking warnings raised on the way.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Registered {
    #[serde(flatten)]
    pub case: CaseView,
    pub warnings: Vec<IntakeWarning>,
    /// The query code and PIN, when the petitioner asked for them (shown once).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pin: Option<String>,
}

/// The full-text tokens of a case: its texts, its petitioners' names and the key tokens of
/// their ID numbers and phones (`keys::key_token`: never the numbers).
pub fn search_tokens(
    ring: Option<&huiyin_crypto::KeyRing>,
    title: &str,
    content: &str,
    demands: &str,
    petitioners: &[&Petitioner],
) -> String {
    let mut s = huiyin_text::index_tokens(&format!("{title}\n{content}\n{demands}"));
    for p in petitioners {
        let name = huiyin_text::index_name_tokens(&p.name);
        let id = p
            .id_number
            .as_deref()
            .map(|id| key_token(&id_key(ring, id)));
        let phone = p.phone.as_deref().map(|ph| key_token(&phone_key(ring, ph)));
        for token in [Some(name), id, phone].into_iter().flatten() {
            if !token.is_empty() {
                s.push(' ');
                s.push_str(&token);
            }
        }
    }
    s
}

/// The full-text tokens of a case: a reporter is never searchable, by name, ID number or phone
/// (the whistleblower firewall, Art. 30: the accused unit may be the one handling the case),
/// whether the case is an accusation now or ever was one (`policy::is_firewalled`: the firewall
/// outlives a reclassification, and so does this).
pub fn case_search_tokens(
    ring: Option<&huiyin_crypto::KeyRing>,
    case: &Case,
    petitioners: &[Petitioner],
) -> String {
    let searchable: Vec<&Petitioner> = if huiyin_core::policy::is_firewalled(case) {
        Vec::new()
    } else {
        petitioners.iter().collect()
    };
    search_tokens(ring, &case.title, &case.content, &case.demands, &searchable)
}

/// Lookup keys of a petitioner for repeat detection, under the store's index key.
pub fn petitioner_keys_with(
    ring: Option<&huiyin_crypto::KeyRing>,
    p: &Petitioner,
) -> StoredPetitioner {
    StoredPetitioner {
        id_key: p.id_number.as_deref().map(|id| id_key(ring, id)),
        name_phone_key: p
            .phone
            .as_deref()
            .map(|ph| name_phone_key(ring, &p.name, ph)),
        petitioner: p.clone(),
    }
}

/// Lookup keys without an index key (kept for callers that have no App at hand).
#[allow(dead_code)]
pub(crate) fn petitioner_keys(p: &Petitioner) -> StoredPetitioner {
    petitioner_keys_with(None, p)
}

/// A petition's text as its resemblance to others is judged (the repeat check, the `cluster`
/// signal): title, content and demands, a line each.
pub(crate) fn petition_text(title: &str, content: &str, demands: &str) -> String {
    format!("{title}\n{content}\n{demands}")
}

/// The stored sketch of a petition's text (the `cluster` signal's first comparison, read
/// with the candidates: huiyin-text `Sketch`).
pub(crate) fn text_sketch(title: &str, content: &str, demands: &str) -> Option<Vec<u8>> {
    huiyin_text::Shingles::of(&petition_text(title, content, demands))
        .sketch()
        .map(|s| s.to_bytes())
}

/// Earlier cases of a person compared with a new petition at most.
const EARLIER_LIMIT: i64 = 50;

/// What the clerk is shown of the 复核-final case a new petition repeats: its decision and how
/// alike the two accounts read.
fn after_final_warning(earlier: &Case, similarity: f64) -> IntakeWarning {
    let pct = (similarity * 100.0).round();
    let decision = earlier.detail.rereview_opinion.as_ref();
    let (outcome_zh, outcome_en, on) = decision.map_or(("", "", String::new()), |o| {
        (o.outcome.zh(), o.outcome.en(), o.issued_on.to_string())
    });
    IntakeWarning {
        field: "content".into(),
        code: "after_final".into(),
        zh: format!(
            "与已复核终结的{}（{on}复核意见：{outcome_zh}）事实和理由相似度{pct}%：同一事实和理由不再受理（《信访工作条例》第三十六条第三款），请核对",
            earlier.number
        ),
        en: format!(
            "{pct}% alike the facts and reasons of {}, final after re-review ({on}: {outcome_en}): the same facts and reasons are not accepted again (Art. 36 para. 3); please check",
            earlier.number
        ),
    }
}

impl App {
    /// Registers a petition received by the user's unit.
    #[tracing::instrument(name = "app.register", skip_all, fields(user_id = user.id))]
    pub async fn register(
        &self,
        user: &CurrentUser,
        input: RegistrationInput,
    ) -> Result<Registered> {
        let actor = user.actor();
        let online_own = actor.may(Permission::SubmitOnline) && input.channel == Channel::Online;
        if !actor.may(Permission::HandleCases) && !online_own {
            return Err(ErrorCode::RoleRequired.into());
        }
        self.check_reception(user, &input).await?;
        let today = self.today();
        let org = self.org();
        let rule_set = self.rule_set_for_unit(user.unit_id, input.received_on.min(today));
        let reg = validate_registration(input, today, &self.categories(), &org, &rule_set.limits)?;
        let petitioners: Vec<Petitioner> = reg
            .input
            .petitioners
            .iter()
            .map(|p| Petitioner {
                name: p.name.clone(),
                id_number: p.id_number.clone(),
                phone: p.phone.clone(),
                address: p.address.clone(),
                representative: p.representative,
            })
            .collect();
        let ring = self.store.keys().map(|k| k.ring());
        let stored: Vec<StoredPetitioner> = petitioners
            .iter()
            .map(|p| petitioner_keys_with(ring.as_deref(), p))
            .collect();
        let id_keys: Vec<String> = stored.iter().filter_map(|p| p.id_key.clone()).collect();
        let np_keys: Vec<String> = stored
            .iter()
            .filter_map(|p| p.name_phone_key.clone())
            .collect();
        // The person's earlier cases, compared by matter: same unit and category, or facts
        // and reasons that read alike (issue 10 item 9).
        let person_ids = self
            .store
            .cases_of_petitioner_keys(&id_keys, &np_keys, EARLIER_LIMIT)
            .await?;
        let person_cases: Vec<Case> = self
            .store
            .cases_by_ids(&person_ids)
            .await?
            .into_iter()
            .map(|(c, _)| c)
            .collect();
        let new_text = petition_text(&reg.input.title, &reg.input.content, &reg.input.demands);
        let shingles = huiyin_text::Shingles::of(&new_text);
        let sketch = shingles.sketch();
        let similarities: Vec<f64> = person_cases
            .iter()
            .map(|c| {
                shingles.similarity(&huiyin_text::Shingles::of(&petition_text(
                    &c.title, &c.content, &c.demands,
                )))
            })
            .collect();
        let earlier: Vec<EarlierCase> = person_cases
            .iter()
            .zip(&similarities)
            .map(|(c, sim)| EarlierCase {
                id: c.id,
                status: c.status,
                received_on: c.received_on,
                same_matter: c.concerned_unit_id == reg.input.concerned_unit_id
                    && c.category == reg.input.category,
                similar: *sim >= huiyin_text::SAME_MATTER,
            })
            .collect();
        let (flags, links) = intake_flags(&reg, user.unit_id, &org, &rule_set.limits, &earlier);
        // The early-warning signals, written with the case (never lost, issue 13).
        let category_label = self
            .categories()
            .get(&reg.input.category)
            .map_or_else(|| reg.input.category.clone(), |c| c.name_zh.clone());
        // The accused unit of an accusation: its warnings are owned above it and tell it nothing.
        let accused: Vec<huiyin_core::org::UnitId> = (flags
            .contains(&huiyin_core::case::Flag::Whistleblower)
            || reg.input.petition_type == huiyin_core::kinds::PetitionType::Accusation)
            .then_some(reg.input.concerned_unit_id)
            .into_iter()
            .collect();
        // `intake_signals = false` is a measurement setting (what the signals cost, issue 13
        // item 6); the statutory intake flags above are judged either way.
        let mut raised = Vec::new();
        let mut cluster = None;
        if self.config.intake_signals {
            raised = crate::warning_signals::registration_warnings(
                &crate::warning_signals::Registering {
                    flags: &flags,
                    people_count: reg.people_count,
                    receiving_unit_id: user.unit_id,
                    concerned_unit_id: reg.input.concerned_unit_id,
                    category_label: &category_label,
                    texts: &new_text,
                    repeats: links.iter().filter(|(_, k)| *k == "repeat").count(),
                    accused_unit_id: accused.first().copied(),
                },
                &org,
                &self.lexicon,
                &self.warning_rules,
                self.now_ms(),
            );
            cluster = self
                .cluster_warning(
                    &crate::warning_cluster::Joining {
                        concerned_unit_id: reg.input.concerned_unit_id,
                        category: &reg.input.category,
                        received_on: reg.input.received_on,
                        new_shingles: &shingles,
                        new_sketch: sketch.as_ref(),
                        new_keys: stored
                            .iter()
                            .map(crate::warning_cluster::petitioner_key)
                            .collect(),
                        category_label: &category_label,
                        accused_unit_id: accused.first().copied(),
                        registered_before: None,
                    },
                    user.unit_id,
                )
                .await?;
        }
        // The messages each warning sends, written with it (issue 13 item 2): never to the
        // accused side of an accusation. A join sends them too: the outbox keeps one message
        // per level and recipient (`dedup_key`), and a join of a warning resolved meanwhile is
        // written as a new one.
        let mut raised: Vec<_> = raised
            .into_iter()
            .map(|w| self.with_notices(w, &accused))
            .collect();
        // A cluster's messages keep clear of every accusation behind it, not only this one.
        raised.extend(cluster.map(|c| self.with_notices(c.warning, &c.accused)));
        let mut warnings = reg.warnings.clone();
        for (c, sim) in person_cases.iter().zip(&similarities) {
            if links.contains(&(c.id, "after_final")) {
                warnings.push(after_final_warning(c, *sim));
            }
        }
        let i = &reg.input;
        let case = Case {
            id: 0,
            number: String::new(),
            status: Status::Registered,
            channel: i.channel,
            petition_type: i.petition_type,
            category: i.category.clone(),
            title: i.title.clone(),
            content: i.content.clone(),
            demands: i.demands.clone(),
            received_on: i.received_on,
            receiving_unit_id: user.unit_id,
            handling_unit_id: user.unit_id,
            concerned_unit_id: i.concerned_unit_id,
            registered_by: (user.id > 0).then_some(user.id),
            people_count: reg.people_count,
            flags,
            last_step_on: i.received_on,
            detail: CaseDetail::default(),
        };
        let deadlines = case_deadlines(&case, &rule_set.limits, &self.calendar());
        let region = org
            .get(user.unit_id)
            .map(|u| u.region_code.clone())
            .unwrap_or_else(|| "000000".into());
        let now = self.now_ms();
        let record = NewCaseRecord {
            number_scope: huiyin_core::case::case_number_series(&region, i.received_on),
            search_tokens: case_search_tokens(ring.as_deref(), &case, &petitioners),
            petitioners: stored,
            links: links.iter().map(|(id, k)| (*id, (*k).to_owned())).collect(),
            deadlines,
            first_entry: TimelineEntry {
                action: "register".into(),
                on: i.received_on,
                actor_user_id: Some(user.id),
                actor_unit_id: Some(user.unit_id),
                actor_name: user.display_name.clone(),
                note_zh: format!("登记（{}）", i.channel.zh()),
                note_en: format!("registered ({})", i.channel.en()),
                from_status: None,
                to_status: Status::Registered,
                data: "{}".into(),
                recorded_at: now,
            },
            more_entries: Vec::new(),
            visible_units: vec![user.unit_id],
            kpi: self.case_kpi(&case),
            warnings: raised,
            reception_id: i.reception_id,
            text_sketch: sketch.as_ref().map(|s| s.to_bytes()),
            case,
        };
        // What was written, to answer with, without reading it back (issue 6: the read-back
        // was five queries per registration). `bulk_parity`/`cases_roundtrip` show that a case
        // reads back as written.
        let mut deadlines = record.deadlines.clone();
        deadlines.sort_by(|a, b| (a.due_on, a.kind.as_str()).cmp(&(b.due_on, b.kind.as_str())));
        let has_links = !links.is_empty();
        let mut rec = CaseRecord {
            case: record.case.clone(),
            version: 1,
            petitioners,
            links: Vec::new(),
            deadlines,
            visible_units: record.visible_units.clone(),
            recused_users: Vec::new(),
        };
        // The audit entry commits with the case (its target becomes the case number).
        let entry = self.audit_entry(Some(user), "", "case.register", "", "ok", "");
        let (id, number) = self.committer.insert_case(record, Some(entry), now).await?;
        rec.case.id = id;
        rec.case.number = number;
        // Kept for the cluster signal of the registrations that follow (`shingle_cache.rs`).
        self.shingles.insert(id, std::sync::Arc::new(shingles));
        if has_links {
            // With who may see each linked case, so the answer names only those the
            // registrar could open (the repeat flag itself stays).
            rec.links = self.store.links_of(id).await?;
        }
        Ok(Registered {
            case: self.case_view(&rec, user),
            warnings,
            query_code: None,
            pin: None,
        })
    }
}

//! Demo cases: registered on a day in the last two years (or as many years as asked), then
//! taken through real workflow steps (huiyin-core `apply`) on later days, stopping where
//! "today" is reached. One thread makes batches while the database writes the previous one.

use huiyin_core::Date;
use huiyin_core::calendar::HolidayCalendar;
use huiyin_core::case::{Case, CaseDetail, Flag, Petitioner, Status};
use huiyin_core::idcard::generate_valid;
use huiyin_core::kinds::{Channel, PetitionType, ServiceMethod};
use huiyin_core::kpi::case_kpi;
use huiyin_core::org::OrgTree;
use huiyin_core::role::{Actor, Role};
use huiyin_core::workflow::{Action, ActionKind, StepContext, apply, case_deadlines};
use huiyin_crypto::KeyRing;
use huiyin_store::NewCaseRecord;
use std::collections::BTreeSet;
use std::sync::Arc;

use super::plan::{entry, plan};
use super::texts::{person_name, petition_text};
use super::{DemoOrg, Rng};
use crate::context::App;
use crate::error::{AppError, Result};
use crate::register::{petitioner_keys_with, search_tokens};
use crate::workbench::{NoticeKind, SENT, sending_data, sending_notes};

const BATCH: usize = 2000;

const CHANNELS: [Channel; 9] = [
    Channel::Letter,
    Channel::JointLetter,
    Channel::Visit,
    Channel::Online,
    Channel::Online,
    Channel::Phone,
    Channel::Hotline,
    Channel::Email,
    Channel::Fax,
];

type Batch = Vec<NewCaseRecord>; // a batch of cases ready to write, with their KPI facts

/// The years of history a demo spans unless asked otherwise.
pub const DEFAULT_HISTORY_YEARS: u32 = 2;

/// Generates `n` cases over the two years before today, calling `progress` after each batch.
pub async fn generate_cases(
    app: &App,
    org: &DemoOrg,
    n: u64,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<u64> {
    generate_cases_over(app, org, n, DEFAULT_HISTORY_YEARS, progress).await
}

/// Generates `n` cases over the `years` years (at least one) before today, evenly.
pub async fn generate_cases_over(
    app: &App,
    org: &DemoOrg,
    n: u64,
    years: u32,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<u64> {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Batch>(2);
    let history_days = 365 * usize::try_from(years.max(1)).unwrap_or(2);
    let mut generator = Generator::new(app.clone(), org.clone(), history_days, n);
    let producer = tokio::task::spawn_blocking(move || {
        let mut made = 0u64;
        while made < n {
            let size = usize::try_from((n - made).min(BATCH as u64)).unwrap_or(BATCH);
            let batch = (0..size).map(|_| generator.one_case()).collect();
            if tx.blocking_send(batch).is_err() {
                break; // the writer stopped on an error, which it reports
            }
            made += size as u64;
        }
    });
    let mut done = 0u64;
    while let Some(batch) = rx.recv().await {
        app.store.insert_cases_bulk(&batch, app.now_ms()).await?;
        done += batch.len() as u64;
        progress(done);
    }
    producer
        .await
        .map_err(|e| AppError::Store(huiyin_store::StoreError::Database(e.to_string())))?;
    app.settle_work_tally().await?; // PostgreSQL's 工作台 rollup (exact either way)
    Ok(done)
}

/// How many days before today each of `cases` cases was received, drawn evenly over
/// `history_days` and ordered oldest first.
fn received_days(history_days: usize, cases: u64) -> Vec<usize> {
    let mut rng = Rng::new(20_261_206);
    let mut days: Vec<usize> = (0..cases).map(|_| rng.below(history_days)).collect();
    days.sort_unstable_by(|a, b| b.cmp(a));
    days
}

/// What the generator holds across cases.
struct Generator {
    app: App,
    org: DemoOrg,
    today: Date,
    tree: Arc<OrgTree>,
    cal: Arc<HolidayCalendar>,
    categories: Vec<(String, PetitionType)>,
    keys: Option<Arc<KeyRing>>,
    rng: Rng,
    /// Cases are received on one of this many days before today.
    history_days: usize,
    /// How many days before today each next case was received, oldest first: the cases are
    /// written in the order a live system registers them, so their ids follow their received
    /// dates (within a day, in any order).
    days_back: std::vec::IntoIter<usize>,
}

impl Generator {
    fn new(app: App, org: DemoOrg, history_days: usize, cases: u64) -> Generator {
        let categories = app
            .categories()
            .all()
            .iter()
            .filter(|c| c.parent_code.is_some())
            .map(|c| (c.code.clone(), c.default_petition_type))
            .collect();
        Generator {
            today: app.today(),
            tree: app.org(),
            cal: app.calendar(),
            keys: app.store.keys().map(|k| k.ring()),
            categories,
            rng: Rng::new(20_260_101),
            history_days,
            days_back: received_days(history_days, cases).into_iter(),
            app,
            org,
        }
    }

    /// One case with its whole history and its KPI facts.
    fn one_case(&mut self) -> NewCaseRecord {
        let (county, office, schools) = self.rng.pick(&self.org.counties).clone();
        let school = (!schools.is_empty()).then(|| *self.rng.pick(&schools));
        let receiving = if self.rng.chance(8) {
            self.org.province_office
        } else {
            office
        };
        let concerned = if self.rng.chance(85) {
            school.unwrap_or(county)
        } else {
            county
        };
        let (category, default_type) = self.rng.pick(&self.categories).clone();
        let petition_type = if self.rng.chance(10) {
            *self.rng.pick(PetitionType::ALL)
        } else {
            default_type
        };
        let back = self
            .days_back
            .next()
            .unwrap_or_else(|| self.rng.below(self.history_days));
        let received_on = self.today.add_days(-(back as i32));
        let school_name = self
            .tree
            .get(concerned)
            .map(|u| u.name.clone())
            .unwrap_or_default();
        // An accusation against the county itself is not handled by the county (Art. 30 ¶3):
        // in the demo it reaches the province's office directly.
        let receiving = if petition_type == PetitionType::Accusation && concerned == county {
            self.org.province_office
        } else {
            receiving
        };
        let (title, content, demands) = petition_text(&mut self.rng, &category, &school_name);
        let collective = self.rng.chance(4);
        let people = if collective {
            5 + self.rng.below(50) as u32
        } else {
            1
        };
        let mut petitioners = Vec::new();
        for i in 0..if collective { 3 } else { 1 } {
            let region = self
                .tree
                .get(county)
                .map(|u| u.region_code.clone())
                .unwrap_or_else(|| "330106".into());
            let birth = Date::from_ymd(
                1960 + self.rng.below(45) as i32,
                1 + self.rng.below(12) as u32,
                1 + self.rng.below(28) as u32,
            )
            .unwrap_or(received_on);
            petitioners.push(Petitioner {
                name: person_name(&mut self.rng),
                id_number: self
                    .rng
                    .chance(70)
                    .then(|| generate_valid(&region, birth, self.rng.below(999) as u16)),
                phone: self
                    .rng
                    .chance(85)
                    .then(|| format!("13{}{:08}", self.rng.below(10), self.rng.below(100_000_000))),
                address: self.rng.chance(60).then(|| {
                    format!(
                        "{}某街道{}号",
                        self.tree
                            .get(county)
                            .map(|u| u.name.trim_end_matches("教育局").to_owned())
                            .unwrap_or_default(),
                        1 + self.rng.below(300)
                    )
                }),
                representative: collective && i < 3,
            });
        }
        let limits = self.app.rule_set_for_unit(receiving, received_on).limits;
        let mut flags = BTreeSet::new();
        if people >= limits.collective_threshold {
            flags.insert(Flag::Collective);
        }
        if self.tree.is_skip_level(receiving, concerned) {
            flags.insert(Flag::SkipLevel);
        }
        if petition_type == PetitionType::Accusation {
            flags.insert(Flag::Whistleblower);
        }
        let mut case = Case {
            id: 0,
            number: String::new(),
            status: Status::Registered,
            channel: *self.rng.pick(&CHANNELS),
            petition_type,
            category,
            title,
            content,
            demands,
            received_on,
            receiving_unit_id: receiving,
            handling_unit_id: receiving,
            concerned_unit_id: concerned,
            registered_by: None,
            people_count: people,
            flags,
            last_step_on: received_on,
            detail: CaseDetail::default(),
        };
        let mut visible = vec![receiving];
        let mut entries = Vec::new();
        let mut on = received_on;
        // Recent cases are more often still open; some steps come late (overdue, untimely).
        let stall = if self.today.days_since_epoch() - received_on.days_since_epoch() < 120 {
            25
        } else {
            2
        };
        for action in plan(&mut self.rng, petition_type, school, concerned) {
            let gap = if self.rng.chance(8) {
                20 + self.rng.below(60)
            } else {
                1 + self.rng.below(12)
            };
            on = on.add_days(gap as i32);
            if on > self.today || self.rng.chance(stall) {
                break;
            }
            let unit = match action {
                Action::ApproveObjection | Action::DenyObjection => case
                    .detail
                    .transferred_by_unit_id
                    .unwrap_or(case.handling_unit_id),
                _ => case.handling_unit_id,
            };
            let actor = Actor {
                user_id: 0,
                unit_id: unit,
                roles: vec![Role::Registrar, Role::Handler, Role::Leader],
            };
            let step_limits = self.app.rule_set_for_unit(unit, on).limits;
            let ctx = StepContext {
                actor: &actor,
                org: &self.tree,
                today: on,
                limits: &step_limits,
                calendar: &self.cal,
            };
            let Ok(out) = apply(&case, &action, on, &ctx) else {
                break;
            };
            entries.push(entry(
                out.kind.as_str(),
                on,
                unit,
                out.note_zh,
                out.note_en,
                Some(case.status),
                out.case.status,
            ));
            // The office sends the step's notice the same day (by a method that follows from
            // the day, so the demo's random stream is the same as without it).
            if let Some(kind) = NoticeKind::ALL
                .iter()
                .copied()
                .find(|k| k.actions().contains(&out.kind.as_str()))
            {
                let method = if kind == NoticeKind::Transfer {
                    ServiceMethod::Electronic
                } else {
                    [
                        ServiceMethod::Direct,
                        ServiceMethod::Post,
                        ServiceMethod::Post,
                    ][on.days_since_epoch().rem_euclid(3) as usize]
                };
                let to = out
                    .moved_to
                    .and_then(|u| self.tree.get(u))
                    .map(|u| u.name.clone())
                    .unwrap_or_default();
                let assigned = out.kind == ActionKind::Assign;
                let (zh, en) = sending_notes(kind, assigned, &to, method, on);
                let mut sent = entry(
                    SENT,
                    on,
                    unit,
                    zh,
                    en,
                    Some(out.case.status),
                    out.case.status,
                );
                sent.data = sending_data(kind, method);
                entries.push(sent);
            }
            if let Some(to) = out.moved_to {
                visible.push(to);
            }
            case = out.case;
        }
        let final_limits = self
            .app
            .rule_set_for_unit(case.handling_unit_id, case.last_step_on)
            .limits;
        let deadlines = case_deadlines(&case, &final_limits, &self.cal);
        if deadlines.iter().any(|d| d.is_overdue(self.today)) {
            case.flags.insert(Flag::Overdue);
        }
        let searchable: Vec<&Petitioner> = if petition_type == PetitionType::Accusation {
            Vec::new()
        } else {
            petitioners.iter().collect()
        };
        let region = self
            .tree
            .get(receiving)
            .map(|u| u.region_code.clone())
            .unwrap_or_else(|| "330000".into());
        visible.sort_unstable();
        visible.dedup();
        let kpi_limits = self
            .app
            .rule_set_for_unit(case.handling_unit_id, case.received_on)
            .limits;
        NewCaseRecord {
            number_scope: huiyin_core::case::case_number_series(&region, received_on),
            search_tokens: search_tokens(
                self.keys.as_deref(),
                &case.title,
                &case.content,
                &case.demands,
                &searchable,
            ),
            petitioners: petitioners
                .iter()
                .map(|p| petitioner_keys_with(self.keys.as_deref(), p))
                .collect(),
            links: Vec::new(),
            deadlines,
            first_entry: entry(
                "register",
                received_on,
                receiving,
                format!("登记（{}）", case.channel.zh()),
                format!("registered ({})", case.channel.en()),
                None,
                Status::Registered,
            ),
            more_entries: entries,
            visible_units: visible,
            kpi: case_kpi(&case, &kpi_limits, &self.cal),
            warnings: Vec::new(),
            reception_id: None,
            text_sketch: crate::register::text_sketch(&case.title, &case.content, &case.demands),
            case,
        }
    }
}

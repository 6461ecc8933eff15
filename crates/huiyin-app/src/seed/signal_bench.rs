//! The benchmark of the early-warning signals (issue 13 item 6): plants labelled events in a
//! generated history (`planted.rs` clusters, `plant_sensitive.rs` texts, `plant_habitual.rs`
//! people, `plant_spike.rs` weeks), registers every petition in date order through the real
//! intake (`App::register`, the registration's signals in its own transaction), runs the weekly
//! spike scan over the history as the job does, and scores each signal against the labels.

use std::collections::HashMap;
use std::time::Instant;

use huiyin_core::Date;
use huiyin_core::case::CaseId;
use huiyin_core::intake::{PetitionerInput, RegistrationInput};
use huiyin_core::kinds::{Channel, PetitionType};
use huiyin_core::role::Role;
use huiyin_core::warning::{WarningFilter, WarningKind};
use serde::Serialize;

use super::chance_clusters::label_chance_clusters;
use super::plant_habitual::{HabitualReport, plant_habitual, score_habitual};
use super::plant_sensitive::{SensitiveReport, label_topics, plant_sensitive, score_sensitive};
use super::plant_spike::plant_spikes;
use super::planted::{
    ClusterReport, ClusterTracker, Event, PlantParams, draw, plant_clusters, schools_of,
    score_clusters,
};
use super::score_spike::{SpikeReport, score_spikes};
use super::{DemoOrg, Rng};
use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;
use crate::org::NewUserInput;
use crate::warnings::WarningView;

/// How each signal did.
#[derive(Clone, Debug, Serialize)]
pub struct SignalsReport {
    pub cluster: ClusterReport,
    pub sensitive: SensitiveReport,
    pub habitual: HabitualReport,
    pub spike: SpikeReport,
}

/// Where the plants draw their petitions from.
pub(super) struct Ground<'a> {
    pub(super) schools: Vec<(i64, i64, i64)>,
    pub(super) cats: &'a [String],
    pub(super) names: &'a HashMap<i64, String>,
    pub(super) start: Date,
    pub(super) days: i32,
}

impl Ground<'_> {
    /// An ordinary petition about a random school and category on a random day.
    pub(super) fn draw(&self, rng: &mut Rng) -> Event {
        draw(
            rng,
            &self.schools,
            self.cats,
            self.names,
            self.start,
            self.days,
        )
    }
}

/// The registered history: each case with the index of its event, in registration order.
pub(super) struct Registered<'a> {
    pub(super) events: &'a [Event],
    pub(super) cases: Vec<(CaseId, usize)>,
    pub(super) counties: usize,
    pub(super) days: i32,
    pub(super) registration_ms_p50: f64,
}

impl Registered<'_> {
    /// `n` events per county-month of the whole period.
    pub(super) fn per_county_month(&self, n: usize) -> f64 {
        let months = (f64::from(self.days) / 30.0).max(1.0);
        n as f64 / (self.counties.max(1) as f64 * months)
    }

    /// The event of each case.
    pub(super) fn event_of(&self) -> HashMap<CaseId, usize> {
        self.cases.iter().copied().collect()
    }
}

pub(super) fn share(n: usize, of: usize) -> f64 {
    if of == 0 { 1.0 } else { n as f64 / of as f64 }
}

/// Every warning of `kind` the reader sees.
pub(super) async fn all_warnings(
    app: &App,
    reader: &CurrentUser,
    kind: WarningKind,
) -> Result<Vec<WarningView>> {
    let filter = WarningFilter {
        kind: Some(kind),
        ..WarningFilter::default()
    };
    let mut warnings = Vec::new();
    let mut page = 1;
    loop {
        let list = app.warnings(reader, filter.clone(), page, 200).await?;
        let n = list.items.len();
        warnings.extend(list.items);
        if n < 200 {
            break;
        }
        page += 1;
    }
    Ok(warnings)
}

/// Plants the events, registers them, scans for spikes, and measures every signal.
pub async fn measure_signals(app: &App, org: &DemoOrg, p: PlantParams) -> Result<SignalsReport> {
    let tree = app.org();
    let names: HashMap<i64, String> = org
        .counties
        .iter()
        .flat_map(|(_, _, s)| s.iter())
        .filter_map(|s| tree.get(*s).map(|u| (*s, u.name.clone())))
        .collect();
    let cats: Vec<String> = app
        .categories()
        .all()
        .iter()
        .filter(|c| c.parent_code.is_some())
        .map(|c| c.code.clone())
        .collect();
    let today = app.today();
    let rules = &app.warning_rules;
    // The clusters first, from the seed alone: the same history as before the other plants.
    let mut events = plant_clusters(org, &cats, &names, p, today);
    let ground = Ground {
        schools: schools_of(org),
        cats: &cats,
        names: &names,
        start: today.add_days(-p.days),
        days: p.days,
    };
    let mut rng = Rng::new(p.seed ^ 0x5167_4E41_4C53);
    plant_sensitive(&mut events, &mut rng, &ground, p.sensitive);
    plant_habitual(
        &mut events,
        &mut rng,
        &ground,
        p.habitual,
        rules.habitual_after as usize,
    );
    let spikes = plant_spikes(&mut events, &mut rng, &ground, org, p.spikes, today, rules);
    label_topics(&mut events);
    events.sort_by_key(|e| e.on);
    let min = rules.cluster_min_petitioners as usize;
    let window = i32::try_from(rules.cluster_window_days).unwrap_or(14);
    let chance = label_chance_clusters(&mut events, p.clusters, window, min);
    // A registrar at each county office, and a reader of the whole province.
    let mut registrars: HashMap<i64, CurrentUser> = HashMap::new();
    for (i, (_, office, _)) in org.counties.iter().enumerate() {
        let user = app
            .create_user(
                None,
                NewUserInput {
                    username: format!("signals_registrar_{i}"),
                    password: "signals-bench".into(),
                    display_name: format!("预警评测登记员{i}"),
                    unit_id: *office,
                    roles: vec![Role::Registrar],
                },
            )
            .await?;
        registrars.insert(*office, user);
    }
    let reader = app
        .create_user(
            None,
            NewUserInput {
                username: "signals_reader".into(),
                password: "signals-bench".into(),
                display_name: "预警评测".into(),
                unit_id: org.province_office,
                roles: vec![Role::Registrar, Role::Supervisor],
            },
        )
        .await?;
    let mut tracker = ClusterTracker::default();
    let mut cases = Vec::with_capacity(events.len());
    let mut timings = Vec::with_capacity(events.len());
    for (i, e) in events.iter().enumerate() {
        let Some(user) = registrars.get(&e.county_office) else {
            continue;
        };
        let input = RegistrationInput {
            channel: Channel::Letter,
            petition_type: PetitionType::Appeal,
            category: e.category.clone(),
            title: e.title.clone(),
            content: e.content.clone(),
            demands: e.demands.clone(),
            concerned_unit_id: e.school,
            received_on: e.on,
            petitioners: vec![PetitionerInput {
                name: e.person.clone(),
                id_number: None,
                phone: e.phone.clone(),
                address: None,
                representative: false,
            }],
            people_count: None,
            confidential: false,
            reception_id: None,
        };
        let t0 = Instant::now();
        let done = app.register(user, input).await?;
        let ms = t0.elapsed().as_secs_f64() * 1_000.0;
        timings.push(ms);
        cases.push((done.case.id, i));
        // Chance clusters are judged by the warnings, not timed.
        if let Some(k) = e.cluster.filter(|k| *k < p.clusters) {
            tracker.registered(app, k, done.case.id, ms, min).await?;
        }
    }
    timings.sort_by(f64::total_cmp);
    let reg = Registered {
        events: &events,
        cases,
        counties: org.counties.len(),
        days: p.days,
        registration_ms_p50: timings.get(timings.len() / 2).copied().unwrap_or(0.0),
    };
    Ok(SignalsReport {
        cluster: score_clusters(app, &reader, &reg, p, chance, &tracker).await?,
        sensitive: score_sensitive(app, &reader, &reg).await?,
        habitual: score_habitual(app, &reader, &reg, p.habitual).await?,
        spike: score_spikes(app, &reader, &reg, org, &spikes, today).await?,
    })
}

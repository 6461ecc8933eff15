//! Demo cases: registered on a day in the last two years, then taken through real workflow
//! steps (huiyin-core `apply`) on later days, stopping where "today" is reached.

use huiyin_core::case::{Case, CaseDetail, Petitioner, Status};
use huiyin_core::idcard::generate_valid;
use huiyin_core::kinds::{Channel, DiversionProcedure, Grade, Outcome, PetitionType};
use huiyin_core::kpi::case_kpi;
use huiyin_core::org::UnitId;
use huiyin_core::role::{Actor, Role};
use huiyin_core::workflow::{Action, Decision, StepContext, apply, case_deadlines};
use huiyin_core::{Date, intake};
use huiyin_store::{NewCaseRecord, TimelineEntry};
use std::collections::BTreeSet;

use super::texts::{person_name, petition_text};
use super::{DemoOrg, Rng};
use crate::context::App;
use crate::error::Result;
use crate::register::{petitioner_keys_with, search_tokens};

const BATCH: usize = 2000;

fn entry(
    action: &str,
    on: Date,
    unit: UnitId,
    note_zh: String,
    note_en: String,
    from: Option<Status>,
    to: Status,
) -> TimelineEntry {
    TimelineEntry {
        action: action.into(),
        on,
        actor_user_id: None,
        actor_unit_id: Some(unit),
        actor_name: "演示数据".into(),
        note_zh,
        note_en,
        from_status: from,
        to_status: to,
        data: "{}".into(),
        recorded_at: 0,
    }
}

fn decision(rng: &mut Rng) -> Decision {
    let outcome = *rng.pick(&[
        Outcome::Supported,
        Outcome::Explained,
        Outcome::Explained,
        Outcome::NotSupported,
    ]);
    let opinion = match outcome {
        Outcome::Supported => {
            "经调查核实，信访人反映情况属实，诉求符合有关规定，予以支持，责成相关学校限期整改并书面报告。"
        }
        Outcome::Explained => {
            "经调查核实，信访人诉求有一定合理性，但现行政策无明确规定，已向信访人作出解释说明，并将意见转有关部门研究。"
        }
        _ => {
            "经调查核实，信访人反映的问题缺乏事实依据，诉求不符合有关规定，不予支持，已做好解释疏导工作。"
        }
    };
    Decision {
        outcome,
        opinion: opinion.into(),
        basis: "《信访工作条例》第三十二条；《中华人民共和国义务教育法》有关规定".into(),
    }
}

/// The steps a demo case is meant to go through, in order.
fn plan(rng: &mut Rng, t: PetitionType, school: Option<UnitId>, concerned: UnitId) -> Vec<Action> {
    let mut steps = Vec::new();
    let r = rng.below(100);
    if r < 6 {
        steps.push(Action::Redirect {
            reason: "该事项属于人力资源和社会保障部门职责，已告知信访人向其提出".into(),
        });
        return steps;
    }
    if r < 11 {
        steps.push(Action::Reject {
            reason: "该事项已受理且正在办理期限内，信访人就同一事项重复提出".into(),
        });
        return steps;
    }
    if t == PetitionType::Appeal && r < 17 {
        steps.push(Action::Divert {
            procedure: *rng.pick(&[
                DiversionProcedure::TeacherAppeal,
                DiversionProcedure::PersonnelArbitration,
                DiversionProcedure::Litigation,
            ]),
        });
        return steps;
    }
    match school {
        Some(s) if t != PetitionType::Accusation && rng.chance(60) => {
            if rng.chance(50) {
                steps.push(Action::Forward { to_unit_id: s });
            } else {
                steps.push(Action::Assign {
                    to_unit_id: s,
                    report_due_on: None,
                });
            }
            if rng.chance(6) {
                steps.push(Action::Object {
                    reason: "该事项属于区教育局职责范围，不属于本校职权".into(),
                });
                steps.push(if rng.chance(50) {
                    Action::ApproveObjection
                } else {
                    Action::DenyObjection
                });
            }
        }
        _ => {}
    }
    let _ = concerned;
    steps.push(Action::Accept {
        override_reason: None,
    });
    if rng.chance(12) {
        steps.push(Action::Extend {
            days: 30,
            reason: "案情复杂，需调取多年档案并多方核实".into(),
        });
    }
    steps.push(Action::IssueOpinion(decision(rng)));
    let grade = *rng.pick(&[
        Grade::Satisfied,
        Grade::Satisfied,
        Grade::BasicallySatisfied,
        Grade::Dissatisfied,
    ]);
    if rng.chance(80) {
        steps.push(Action::Evaluate { grade });
    }
    if grade == Grade::Dissatisfied && rng.chance(60) {
        steps.push(Action::RequestReview);
        steps.push(Action::DecideReview(decision(rng)));
        if rng.chance(50) {
            steps.push(Action::RequestRereview);
            if rng.chance(40) {
                steps.push(Action::StartHearing);
                steps.push(Action::EndHearing);
            }
            steps.push(Action::DecideRereview(decision(rng)));
        } else {
            steps.push(Action::Close { reason: None });
        }
    } else {
        steps.push(Action::Close { reason: None });
    }
    steps
}

/// Generates `n` cases over the two years before today, calling `progress` after each batch.
pub async fn generate_cases(
    app: &App,
    org: &DemoOrg,
    n: u64,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<u64> {
    let today = app.today();
    let tree = app.org();
    let cal = app.calendar();
    let categories: Vec<(String, PetitionType)> = app
        .categories()
        .all()
        .iter()
        .filter(|c| c.parent_code.is_some())
        .map(|c| (c.code.clone(), c.default_petition_type))
        .collect();
    let keys = app.store.keys().map(|k| k.ring());
    let mut rng = Rng::new(20_260_101);
    let channels = [
        Channel::Letter,
        Channel::Visit,
        Channel::Online,
        Channel::Online,
        Channel::Phone,
        Channel::Hotline,
        Channel::Email,
        Channel::Fax,
    ];
    let mut done = 0u64;
    while done < n {
        let size = usize::try_from((n - done).min(BATCH as u64)).unwrap_or(BATCH);
        let mut batch = Vec::with_capacity(size);
        for _ in 0..size {
            let (county, office, schools) = rng.pick(&org.counties).clone();
            let school = (!schools.is_empty()).then(|| *rng.pick(&schools));
            let receiving = if rng.chance(8) {
                org.province_office
            } else {
                office
            };
            let concerned = if rng.chance(85) {
                school.unwrap_or(county)
            } else {
                county
            };
            let (category, default_type) = rng.pick(&categories).clone();
            let petition_type = if rng.chance(10) {
                *rng.pick(PetitionType::ALL)
            } else {
                default_type
            };
            let received_on = today.add_days(-(rng.below(730) as i32));
            let school_name = tree
                .get(concerned)
                .map(|u| u.name.clone())
                .unwrap_or_default();
            let (title, content, demands) = petition_text(&mut rng, &category, &school_name);
            let collective = rng.chance(4);
            let people = if collective {
                5 + rng.below(50) as u32
            } else {
                1
            };
            let mut petitioners = Vec::new();
            for i in 0..if collective { 3 } else { 1 } {
                let region = tree
                    .get(county)
                    .map(|u| u.region_code.clone())
                    .unwrap_or_else(|| "330106".into());
                let birth = Date::from_ymd(
                    1960 + rng.below(45) as i32,
                    1 + rng.below(12) as u32,
                    1 + rng.below(28) as u32,
                )
                .unwrap_or(received_on);
                petitioners.push(Petitioner {
                    name: person_name(&mut rng),
                    id_number: rng
                        .chance(70)
                        .then(|| generate_valid(&region, birth, rng.below(999) as u16)),
                    phone: rng
                        .chance(85)
                        .then(|| format!("13{}{:08}", rng.below(10), rng.below(100_000_000))),
                    address: rng.chance(60).then(|| {
                        format!(
                            "{}某街道{}号",
                            tree.get(county)
                                .map(|u| u.name.trim_end_matches("教育局").to_owned())
                                .unwrap_or_default(),
                            1 + rng.below(300)
                        )
                    }),
                    representative: collective && i < 3,
                });
            }
            let limits = app.rule_set_for_unit(receiving, received_on).limits;
            let mut flags = BTreeSet::new();
            if people >= limits.collective_threshold {
                flags.insert(huiyin_core::case::Flag::Collective);
            }
            if tree.is_skip_level(receiving, concerned) {
                flags.insert(huiyin_core::case::Flag::SkipLevel);
            }
            let _ = intake::age_on;
            let mut case = Case {
                id: 0,
                number: String::new(),
                status: Status::Registered,
                channel: *rng.pick(&channels),
                petition_type,
                category,
                title,
                content,
                demands,
                received_on,
                receiving_unit_id: receiving,
                handling_unit_id: receiving,
                concerned_unit_id: concerned,
                people_count: people,
                flags,
                last_step_on: received_on,
                detail: CaseDetail::default(),
            };
            let mut visible = vec![receiving];
            let mut entries = Vec::new();
            let mut on = received_on;
            // Recent cases are more often still open; some steps come late (overdue, untimely).
            let stall = if today.days_since_epoch() - received_on.days_since_epoch() < 120 {
                25
            } else {
                2
            };
            for action in plan(&mut rng, petition_type, school, concerned) {
                let gap = if rng.chance(8) {
                    20 + rng.below(60)
                } else {
                    1 + rng.below(12)
                };
                on = on.add_days(gap as i32);
                if on > today || rng.chance(stall) {
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
                let step_limits = app.rule_set_for_unit(unit, on).limits;
                let ctx = StepContext {
                    actor: &actor,
                    org: &tree,
                    today: on,
                    limits: &step_limits,
                    calendar: &cal,
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
                if let Some(to) = out.moved_to {
                    visible.push(to);
                }
                case = out.case;
            }
            let final_limits = app
                .rule_set_for_unit(case.handling_unit_id, case.last_step_on)
                .limits;
            let deadlines = case_deadlines(&case, &final_limits, &cal);
            if deadlines.iter().any(|d| d.is_overdue(today)) {
                case.flags.insert(huiyin_core::case::Flag::Overdue);
            }
            let names: Vec<&str> = if petition_type == PetitionType::Accusation {
                Vec::new()
            } else {
                petitioners.iter().map(|p| p.name.as_str()).collect()
            };
            let region = tree
                .get(receiving)
                .map(|u| u.region_code.clone())
                .unwrap_or_else(|| "330000".into());
            visible.sort_unstable();
            visible.dedup();
            batch.push(NewCaseRecord {
                number_scope: format!("{region}-{}", received_on.year()),
                search_tokens: search_tokens(&case.title, &case.content, &case.demands, &names),
                petitioners: petitioners
                    .iter()
                    .map(|p| petitioner_keys_with(keys.as_deref(), p))
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
                case,
            });
        }
        let ids = app.store.insert_cases_bulk(&batch, app.now_ms()).await?;
        let facts: Vec<_> = ids
            .iter()
            .zip(&batch)
            .map(|((id, _), rec)| {
                let limits = app
                    .rule_set_for_unit(rec.case.handling_unit_id, rec.case.received_on)
                    .limits;
                (*id, case_kpi(&rec.case, &limits, &cal))
            })
            .collect();
        app.store.upsert_kpi(&facts).await?;
        done += size as u64;
        progress(done);
    }
    Ok(done)
}

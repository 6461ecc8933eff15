//! The steps a demo case goes through, and the words of its decisions.

use huiyin_core::Date;
use huiyin_core::case::Status;
use huiyin_core::kinds::{DiversionProcedure, Grade, Outcome, PetitionType, ServiceMethod};
use huiyin_core::org::UnitId;
use huiyin_core::workflow::{Action, Decision};
use huiyin_store::TimelineEntry;

use super::Rng;

pub(super) fn entry(
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
    let facts = match outcome {
        Outcome::Supported => {
            "经赴学校实地核查、调阅有关账目并询问相关人员，信访人反映的问题基本属实。"
        }
        Outcome::Explained => {
            "经向学校及主管科室了解情况并查阅有关文件，信访人反映的情况属实，但所涉事项现行政策未作规定。"
        }
        _ => "经赴学校核查并询问相关人员，未发现信访人反映的情况。",
    };
    Decision {
        outcome,
        opinion: opinion.into(),
        basis: "《信访工作条例》第三十二条；《中华人民共和国义务教育法》有关规定".into(),
        facts: Some(facts.into()),
    }
}

/// The steps a demo case is meant to go through, in order.
/// 送达 of the decision just issued, by the usual means.
fn serve(rng: &mut Rng) -> Action {
    Action::Serve {
        method: *rng.pick(&[
            ServiceMethod::Direct,
            ServiceMethod::Direct,
            ServiceMethod::Post,
            ServiceMethod::Electronic,
            ServiceMethod::Sms,
        ]),
    }
}

pub(super) fn plan(
    rng: &mut Rng,
    t: PetitionType,
    school: Option<UnitId>,
    concerned: UnitId,
) -> Vec<Action> {
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
                    late_reason: None,
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
    if rng.chance(92) {
        steps.push(serve(rng));
    }
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
        steps.push(Action::RequestReview { late_reason: None });
        steps.push(Action::DecideReview(decision(rng)));
        steps.push(serve(rng));
        if rng.chance(50) {
            steps.push(Action::RequestRereview { late_reason: None });
            if rng.chance(40) {
                steps.push(Action::StartHearing);
                steps.push(Action::EndHearing);
            }
            steps.push(Action::DecideRereview(decision(rng)));
            steps.push(serve(rng));
        } else {
            steps.push(Action::Close { reason: None });
        }
    } else {
        steps.push(Action::Close { reason: None });
    }
    steps
}

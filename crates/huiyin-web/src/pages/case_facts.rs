//! A case's facts, deadlines, decisions and timeline, localised for the case page.

use huiyin_app::{CaseView, OpinionView, TimelineView};
use huiyin_core::case::Status;

use super::i18n::{msgs, pick};
use super::rows::{
    Badge, DueCell, channel_label, due_cell, flag_badge, status_label, type_label, unit_name,
};
use crate::AppState;
use crate::error::Lang;

pub struct Fact {
    pub label: &'static str,
    pub value: String,
}

pub struct PetitionerRow {
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub address: String,
    pub representative: bool,
}

pub struct DeadlineRow {
    pub label: &'static str,
    pub start_on: String,
    pub due: DueCell,
    pub explanation: String,
    pub provisional: bool,
    pub staff_duty: bool,
}

pub struct OpinionRow {
    pub heading: &'static str,
    pub outcome: &'static str,
    pub opinion: String,
    pub basis: String,
    pub facts: String,
    pub issued_on: String,
    pub unit: String,
    /// "送达：2026-03-20（邮寄送达）" or "待送达".
    pub service: String,
}

pub struct TimelineRow {
    pub on: String,
    /// When it was recorded, shown only when that was on a later day than it happened.
    pub recorded: String,
    pub actor: String,
    pub unit: String,
    pub note: String,
    pub status: &'static str,
}

pub struct LinkRow {
    pub id: i64,
    pub number: String,
    pub kind: String,
}

pub struct Facts {
    pub status: &'static str,
    pub items: Vec<Fact>,
    pub petitioners: Vec<PetitionerRow>,
    pub deadlines: Vec<DeadlineRow>,
    pub opinions: Vec<OpinionRow>,
    pub evaluations: Vec<String>,
    pub timeline: Vec<TimelineRow>,
    pub links: Vec<LinkRow>,
    pub badges: Vec<Badge>,
}

fn opinion_row(s: &AppState, heading: &'static str, o: &OpinionView, lang: Lang) -> OpinionRow {
    OpinionRow {
        heading,
        outcome: pick(lang, o.outcome.zh(), o.outcome.en()),
        opinion: o.opinion.clone(),
        basis: o.basis.clone(),
        facts: o.facts.clone().unwrap_or_default(),
        issued_on: o.issued_on.to_string(),
        unit: unit_name(&s.app.org(), o.unit_id),
        service: match (o.served_on, o.service_method) {
            (Some(on), Some(m)) => pick(
                lang,
                &format!("送达：{on}（{}）", m.zh()),
                &format!("served {on} ({})", m.en()),
            )
            .to_owned(),
            _ if o.awaiting_service => pick(lang, "待送达", "awaiting service").to_owned(),
            _ => String::new(),
        },
    }
}

fn link_kind(kind: &str, lang: Lang) -> String {
    match kind {
        "repeat" => pick(lang, "重复信访", "repeat"),
        "after_final" => pick(lang, "复核终结后再次信访", "after final"),
        "related" => pick(lang, "相关事项", "related"),
        other => other,
    }
    .to_owned()
}

pub fn facts(s: &AppState, v: &CaseView, timeline: &[TimelineView], lang: Lang) -> Facts {
    let t = msgs(lang);
    let org = s.app.org();
    let today = s.app.today();
    let category = s.app.categories().get(&v.category).map_or_else(
        || v.category.clone(),
        |c| pick(lang, &c.name_zh, &c.name_en).to_owned(),
    );
    let mut items = vec![
        Fact {
            label: t.number,
            value: v.number.clone(),
        },
        Fact {
            label: t.channel,
            value: channel_label(v.channel, lang).to_owned(),
        },
        Fact {
            label: t.petition_type,
            value: type_label(v.petition_type, lang).to_owned(),
        },
        Fact {
            label: t.category,
            value: category,
        },
        Fact {
            label: t.received_on,
            value: v.received_on.to_string(),
        },
        Fact {
            label: t.receiving_unit,
            value: unit_name(&org, v.receiving_unit_id),
        },
        Fact {
            label: t.handling_unit,
            value: unit_name(&org, v.handling_unit_id),
        },
        Fact {
            label: t.concerned_unit,
            value: unit_name(&org, v.concerned_unit_id),
        },
        Fact {
            label: t.people_count,
            value: v.people_count.to_string(),
        },
    ];
    items.push(Fact {
        label: pick(lang, "承办人", "Handler"),
        value: v
            .handler_name
            .clone()
            .unwrap_or_else(|| pick(lang, "待分办", "not yet allotted").to_owned()),
    });
    if let Some(p) = &v.pending {
        items.push(Fact {
            label: pick(lang, "待审批", "Awaiting decision"),
            value: super::rows::pending_text(p, lang),
        });
    }
    if let Some(d) = v.accepted_on {
        items.push(Fact {
            label: pick(lang, "受理日期", "Accepted on"),
            value: d.to_string(),
        });
    }
    if v.extension_days > 0 {
        items.push(Fact {
            label: pick(lang, "延长办理期限", "Extension"),
            value: format!("{} {}", v.extension_days, t.days),
        });
    }
    if let Some(d) = v.diversion {
        items.push(Fact {
            label: t.procedure,
            value: pick(lang, d.zh(), d.en()).to_owned(),
        });
    }
    let deadlines = v
        .deadlines
        .iter()
        .map(|d| DeadlineRow {
            label: pick(lang, d.kind.zh(), d.kind.en()),
            start_on: d.start_on.to_string(),
            due: due_cell(d, today, lang),
            explanation: pick(lang, &d.explanation, &d.explanation_en).to_owned(),
            provisional: d.provisional,
            staff_duty: d.staff_duty,
        })
        .collect();
    let mut opinions = Vec::new();
    if let Some(o) = &v.opinion {
        opinions.push(opinion_row(
            s,
            pick(lang, "信访处理意见", "Handling opinion"),
            o,
            lang,
        ));
    }
    if let Some(o) = &v.review_opinion {
        opinions.push(opinion_row(
            s,
            pick(lang, "复查意见", "Review opinion"),
            o,
            lang,
        ));
    }
    if let Some(o) = &v.rereview_opinion {
        opinions.push(opinion_row(
            s,
            pick(lang, "复核意见", "Re-review opinion"),
            o,
            lang,
        ));
    }
    let evaluations = v
        .evaluations
        .iter()
        .map(|e| {
            let stage = Status::parse(e.stage).map_or("", |x| pick(lang, x.zh(), x.en()));
            let grade = pick(lang, e.grade.zh(), e.grade.en());
            format!("{} · {stage} · {grade}", e.on)
        })
        .collect();
    let timeline = timeline
        .iter()
        .map(|e| TimelineRow {
            on: e.on.to_string(),
            recorded: if huiyin_core::Date::from_unix_millis_beijing(e.recorded_at_ms) > e.on {
                super::audit::when(e.recorded_at_ms)
            } else {
                String::new()
            },
            actor: e.actor.clone(),
            unit: e
                .actor_unit_id
                .map(|u| unit_name(&org, u))
                .unwrap_or_default(),
            note: pick(lang, &e.note, &e.note_en).to_owned(),
            status: status_label(e.to_status, lang),
        })
        .collect();
    Facts {
        status: status_label(v.status, lang),
        items,
        petitioners: v
            .petitioners
            .iter()
            .map(|p| PetitionerRow {
                name: p.name.clone(),
                id_number: p.id_number.clone().unwrap_or_default(),
                phone: p.phone.clone().unwrap_or_default(),
                address: p.address.clone().unwrap_or_default(),
                representative: p.representative,
            })
            .collect(),
        deadlines,
        opinions,
        evaluations,
        timeline,
        links: v
            .links
            .iter()
            .map(|l| LinkRow {
                id: l.case_id,
                number: l.number.clone(),
                kind: link_kind(&l.kind, lang),
            })
            .collect(),
        badges: v.flags.iter().map(|f| flag_badge(*f, lang)).collect(),
    }
}

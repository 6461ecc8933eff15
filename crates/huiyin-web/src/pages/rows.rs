//! A case as one line of a list: localised labels, the deadline colour and flag badges.

use huiyin_app::{CaseView, DeadlineView};
use huiyin_core::Date;
use huiyin_core::case::{Flag, Status};
use huiyin_core::kinds::{Channel, PetitionType};
use huiyin_core::org::OrgTree;

use super::i18n::{msgs, pick};
use crate::error::Lang;

/// A flag as a badge: its label and colour class.
pub struct Badge {
    pub label: &'static str,
    pub class: &'static str,
}

/// The next staff deadline, coloured: green, amber (≤ 3 days) or red (overdue).
pub struct DueCell {
    pub date: String,
    pub class: &'static str,
    pub text: String,
}

pub struct CaseRow {
    pub id: i64,
    pub number: String,
    pub title: String,
    pub channel: &'static str,
    pub petition_type: &'static str,
    pub status: &'static str,
    pub received_on: String,
    pub handling_unit: String,
    pub due: Option<DueCell>,
    pub badges: Vec<Badge>,
    /// What the case waits for a decision on (待我审批), in words.
    pub pending: Option<String>,
    /// The user who asked, for the inbox (filled in by the list page).
    pub pending_by: Option<i64>,
    /// The row has a box to tick for batch work (the list page, for case staff).
    pub selectable: bool,
}

pub fn flag_badge(f: Flag, lang: Lang) -> Badge {
    let class = match f {
        Flag::Overdue | Flag::AfterFinal | Flag::Sensitive => "b-red",
        Flag::Collective | Flag::SkipLevel | Flag::Repeat | Flag::Supervised => "b-amber",
        _ => "b-blue",
    };
    Badge {
        label: pick(lang, f.zh(), f.en()),
        class,
    }
}

/// The colour and words of a deadline seen from `today` (overdue and due soon as the app
/// judged them: `huiyin_core::deadline` with the rules' lead time).
pub fn due_cell(d: &DeadlineView, today: Date, lang: Lang) -> DueCell {
    let t = msgs(lang);
    let due = d.due_on;
    let left = today.days_until(due);
    let (class, text) = if d.overdue || (!d.staff_duty && left < 0) {
        ("due-late", format!("{} {} {}", t.overdue_by, -left, t.days))
    } else if left == 0 {
        ("due-soon", t.due_today.to_owned())
    } else if d.due_soon {
        ("due-soon", format!("{} {} {}", t.due_in, left, t.days))
    } else {
        ("due-ok", format!("{} {} {}", t.due_in, left, t.days))
    };
    DueCell {
        date: due.to_string(),
        class,
        text,
    }
}

pub fn status_label(s: Status, lang: Lang) -> &'static str {
    pick(lang, s.zh(), s.en())
}

pub fn channel_label(c: Channel, lang: Lang) -> &'static str {
    pick(lang, c.zh(), c.en())
}

pub fn type_label(t: PetitionType, lang: Lang) -> &'static str {
    pick(lang, t.zh(), t.en())
}

pub fn unit_name(org: &OrgTree, id: i64) -> String {
    org.get(id).map(|u| u.name.clone()).unwrap_or_default()
}

/// The earliest open staff deadline of a case.
pub fn next_due(v: &CaseView) -> Option<&DeadlineView> {
    v.deadlines
        .iter()
        .filter(|d| d.staff_duty)
        .min_by_key(|d| d.due_on)
}

pub fn case_row(v: &CaseView, org: &OrgTree, today: Date, lang: Lang) -> CaseRow {
    CaseRow {
        id: v.id,
        number: v.number.clone(),
        title: v.title.clone(),
        channel: channel_label(v.channel, lang),
        petition_type: type_label(v.petition_type, lang),
        status: status_label(v.status, lang),
        received_on: v.received_on.to_string(),
        handling_unit: unit_name(org, v.handling_unit_id),
        due: next_due(v).map(|d| due_cell(d, today, lang)),
        badges: v
            .flags
            .iter()
            .map(|f| flag_badge(*f, lang))
            .chain(leader_badges(v, lang))
            .collect(),
        pending: v.pending.as_ref().map(|p| pending_text(p, lang)),
        pending_by: v.pending.as_ref().and_then(|p| p.by_user_id),
        selectable: false,
    }
}

/// Adds to each waiting request of `rows` who asked for it (待我审批: "· 申请人：王五"); a
/// name that cannot be read is left out.
pub async fn name_who_asked(app: &huiyin_app::App, rows: &mut [CaseRow], lang: Lang) {
    let asked: Vec<i64> = rows.iter().filter_map(|r| r.pending_by).collect();
    if asked.is_empty() {
        return;
    }
    let names = app.user_names(&asked).await.unwrap_or_default();
    for r in rows {
        let name = names.iter().find(|(id, _)| Some(*id) == r.pending_by);
        if let (Some(text), Some((_, name))) = (r.pending.as_mut(), name) {
            text.push_str(pick(lang, " · 申请人：", " · asked by "));
            text.push_str(name);
        }
    }
}

/// What leaders wait for on the case, as badges: 领导批示待报告 (an instruction asks for a
/// report not yet made), 呈阅中 (put before a leader who has not instructed yet).
fn leader_badges(v: &CaseView, lang: Lang) -> Vec<Badge> {
    let mut out = Vec::new();
    if v.instructions.iter().any(|i| i.awaits_report()) {
        out.push(Badge {
            label: pick(lang, "领导批示待报告", "Instruction: report due"),
            class: "b-amber",
        });
    }
    if v.instruction_request.is_some() {
        out.push(Badge {
            label: pick(lang, "呈阅中", "With a leader"),
            class: "b-blue",
        });
    }
    out
}

/// A pending decision in words: what was asked and since when.
pub fn pending_text(p: &huiyin_app::PendingView, lang: Lang) -> String {
    let since = p.since.map(|d| d.to_string()).unwrap_or_default();
    match (p.kind, lang) {
        ("objection", Lang::Zh) => format!("异议退回待决定：{}（{since}起）", p.summary),
        ("objection", Lang::En) => format!("Objection to decide: {} (since {since})", p.summary),
        ("extension", Lang::Zh) => format!(
            "延期申请{}日待审批：{}（{since}起）",
            p.days.unwrap_or(0),
            p.summary
        ),
        ("extension", Lang::En) => format!(
            "Extension of {} days to approve: {} (since {since})",
            p.days.unwrap_or(0),
            p.summary
        ),
        (_, Lang::Zh) => format!("意见书草稿待签发：{}（{since}起）", p.summary),
        (_, Lang::En) => format!("Opinion draft to sign off: {} (since {since})", p.summary),
    }
}

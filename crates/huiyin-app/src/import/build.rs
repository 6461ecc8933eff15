//! A checked row made into what the store's bulk path writes: the case under its original
//! number and date, marked imported, with the flags, deadlines, KPI facts, search tokens and
//! petitioner keys a registration gets (repeat linking between cases is not done).

use huiyin_core::case::{Case, CaseDetail, Flag, Petitioner, Status};
use huiyin_core::intake::intake_flags;
use huiyin_core::workflow::case_deadlines;
use huiyin_store::{NewCaseRecord, TimelineEntry};

use super::check::Checked;
use crate::context::App;
use crate::register::{case_search_tokens, petitioner_keys_with};

fn entry(
    action: &str,
    c: &Checked,
    zh: String,
    en: String,
    from: Option<Status>,
    to: Status,
    now_ms: i64,
) -> TimelineEntry {
    TimelineEntry {
        action: action.into(),
        on: c.reg.input.received_on,
        actor_user_id: None,
        actor_unit_id: Some(c.receiving_unit_id),
        actor_name: "历史数据导入".into(),
        note_zh: zh,
        note_en: en,
        from_status: from,
        to_status: to,
        data: "{}".into(),
        recorded_at: now_ms,
    }
}

/// The record of one checked row.
pub fn record(app: &App, c: &Checked, now_ms: i64) -> NewCaseRecord {
    let org = app.org();
    let i = &c.reg.input;
    let limits = app
        .rule_set_for_unit(c.receiving_unit_id, i.received_on)
        .limits;
    let (mut flags, _) = intake_flags(&c.reg, c.receiving_unit_id, &org, &limits, &[]);
    flags.insert(Flag::Imported);
    let petitioners: Vec<Petitioner> = i
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
    let mut case = Case {
        id: 0,
        number: c.number.clone(),
        status: c.status,
        channel: i.channel,
        petition_type: i.petition_type,
        category: i.category.clone(),
        title: i.title.clone(),
        content: i.content.clone(),
        demands: i.demands.clone(),
        received_on: i.received_on,
        receiving_unit_id: c.receiving_unit_id,
        handling_unit_id: c.handling_unit_id,
        concerned_unit_id: i.concerned_unit_id,
        registered_by: None,
        people_count: c.reg.people_count,
        flags,
        last_step_on: i.received_on,
        detail: CaseDetail::default(),
    };
    let cal = app.calendar();
    let deadline_limits = app
        .rule_set_for_unit(c.handling_unit_id, i.received_on)
        .limits;
    let deadlines = case_deadlines(&case, &deadline_limits, &cal);
    if deadlines.iter().any(|d| d.is_overdue(app.today())) {
        case.flags.insert(Flag::Overdue);
    }
    let ring = app.store.keys().map(|k| k.ring());
    let region = org
        .get(c.receiving_unit_id)
        .map(|u| u.region_code.clone())
        .unwrap_or_else(|| "000000".into());
    let mut more = Vec::new();
    if c.status != Status::Registered {
        more.push(entry(
            "import",
            c,
            format!("历史数据导入，导入时状态：{}", c.status.zh()),
            format!("imported from earlier records, status: {}", c.status.en()),
            Some(Status::Registered),
            c.status,
            now_ms,
        ));
    }
    let mut visible = vec![c.receiving_unit_id, c.handling_unit_id];
    visible.dedup();
    NewCaseRecord {
        number_scope: huiyin_core::case::case_number_series(&region, i.received_on),
        search_tokens: case_search_tokens(ring.as_deref(), &case, &petitioners),
        petitioners: petitioners
            .iter()
            .map(|p| petitioner_keys_with(ring.as_deref(), p))
            .collect(),
        links: Vec::new(),
        deadlines,
        first_entry: entry(
            "register",
            c,
            format!(
                "登记（{}，历史数据导入，原编号{}）",
                i.channel.zh(),
                c.number
            ),
            format!(
                "registered ({}; imported from earlier records, number {})",
                i.channel.en(),
                c.number
            ),
            None,
            Status::Registered,
            now_ms,
        ),
        more_entries: more,
        visible_units: visible,
        kpi: app.case_kpi(&case),
        warnings: Vec::new(),
        reception_id: None,
        text_sketch: crate::register::text_sketch(&case.title, &case.content, &case.demands),
        case,
    }
}

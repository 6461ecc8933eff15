//! What a 信访人档案 shows (issue 15 item 2): how its records were recognised as one person,
//! its cases, contacts, counts, candidates to merge and merges, as the API and the pages read
//! them.

use huiyin_core::Date;
use huiyin_core::case::{CaseId, Status};
use huiyin_core::kinds::Channel;
use huiyin_store::PersonMerge;
use serde::Serialize;

use crate::view::CaseView;

/// How the records of a file were recognised as one person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentifiedBy {
    /// The same ID number.
    IdNumber,
    /// The same name and phone, no ID number recorded.
    NamePhone,
    /// Neither: the record stands alone until a clerk merges it.
    ThisRecord,
}

impl IdentifiedBy {
    pub(crate) fn of(key: &str) -> IdentifiedBy {
        if key.starts_with("i:") {
            IdentifiedBy::IdNumber
        } else if key.starts_with("n:") {
            IdentifiedBy::NamePhone
        } else {
            IdentifiedBy::ThisRecord
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            IdentifiedBy::IdNumber => "身份证号",
            IdentifiedBy::NamePhone => "姓名和联系电话（未登记身份证号）",
            IdentifiedBy::ThisRecord => "仅本条记录（未登记身份证号和电话）",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            IdentifiedBy::IdNumber => "ID number",
            IdentifiedBy::NamePhone => "name and phone (no ID number recorded)",
            IdentifiedBy::ThisRecord => "this record only (no ID number or phone)",
        }
    }
}

/// One of the person's cases.
#[derive(Clone, Debug, Serialize)]
pub struct PersonCase {
    pub id: CaseId,
    pub number: String,
    /// The person's record on this case.
    pub petitioner_id: i64,
    pub title: String,
    pub status: Status,
    pub status_label: &'static str,
    pub channel: Channel,
    pub received_on: Date,
    pub category: String,
    pub concerned_unit_id: i64,
    pub concerned_unit_name: String,
    pub handling_unit_name: String,
    pub people_count: u32,
    pub collective: bool,
}

/// A contact between the person and the offices, newest first.
#[derive(Clone, Debug, Serialize)]
pub struct PersonContact {
    pub on: Date,
    /// `petition` (a letter, visit or online petition received), `opinion_served` (a written
    /// decision served on the person), `evaluation` (the person's evaluation).
    pub kind: &'static str,
    pub label: String,
    pub label_en: String,
    pub case_id: CaseId,
    pub case_number: String,
}

/// A matter (unit complained about and category) the person raised more than once.
#[derive(Clone, Debug, Serialize)]
pub struct PersonMatter {
    pub concerned_unit_name: String,
    pub category: String,
    pub cases: usize,
}

/// The file's figures (visible cases only).
#[derive(Clone, Debug, Default, Serialize)]
pub struct PersonCounts {
    pub cases: usize,
    pub open: usize,
    pub terminal: usize,
    pub collective: usize,
    /// Cases received in the last 365 days.
    pub last_year: usize,
}

/// A record the system could not be sure belongs to the person (same name and phone, but no
/// or another ID number), for a clerk to merge.
#[derive(Clone, Debug, Serialize)]
pub struct PersonCandidate {
    pub petitioner_id: i64,
    pub name: String,
    pub case_id: CaseId,
    pub case_number: String,
    pub received_on: Date,
    pub identified_by: IdentifiedBy,
}

/// A clerk's merge in the file, as shown.
#[derive(Clone, Debug, Serialize)]
pub struct PersonMergeView {
    pub id: i64,
    pub reason: String,
    pub merged_by_name: String,
    pub merged_at: i64,
    pub undone: bool,
    pub undone_by_name: Option<String>,
    pub undone_at: Option<i64>,
    pub undo_reason: Option<String>,
}

/// 信访人档案.
#[derive(Clone, Debug, Serialize)]
pub struct PersonFile {
    /// The record the file was opened from.
    pub id: i64,
    pub name: String,
    pub identified_by: IdentifiedBy,
    /// 重复信访人: one matter raised more than the warning rules' `habitual_after` times.
    pub habitual: bool,
    pub habitual_matters: Vec<PersonMatter>,
    pub counts: PersonCounts,
    pub cases: Vec<PersonCase>,
    pub contacts: Vec<PersonContact>,
    pub candidates: Vec<PersonCandidate>,
    pub merges: Vec<PersonMergeView>,
    /// Prohibited conduct at reception sites (Art. 26) recorded about the person, newest first.
    pub conduct: Vec<crate::conduct::ConductView>,
    /// The reader may merge records and undo merges (and record conduct).
    pub may_merge: bool,
}

pub(crate) fn merge_view(m: &PersonMerge) -> PersonMergeView {
    PersonMergeView {
        id: m.id,
        reason: m.reason.clone(),
        merged_by_name: m.merged_by_name.clone(),
        merged_at: m.merged_at,
        undone: m.undone_at.is_some(),
        undone_by_name: m.undone_by_name.clone(),
        undone_at: m.undone_at,
        undo_reason: m.undo_reason.clone(),
    }
}

/// The contacts a case records: its receipt, each written decision served, each evaluation.
pub(crate) fn contacts_of(v: &CaseView) -> Vec<PersonContact> {
    let contact = |on: Date, kind: &'static str, zh: String, en: String| PersonContact {
        on,
        kind,
        label: zh,
        label_en: en,
        case_id: v.id,
        case_number: v.number.clone(),
    };
    let mut out = vec![contact(
        v.received_on,
        "petition",
        format!("{}：{}", v.channel.zh(), v.title),
        format!("{}: {}", v.channel.en(), v.title),
    )];
    for (o, zh, en) in [
        (&v.opinion, "处理意见书", "handling opinion"),
        (&v.review_opinion, "复查意见书", "review opinion"),
        (&v.rereview_opinion, "复核意见书", "re-review opinion"),
    ] {
        if let Some(served) = o.as_ref().and_then(|o| o.served_on) {
            out.push(contact(
                served,
                "opinion_served",
                format!("送达{zh}"),
                format!("Served the {en}"),
            ));
        }
    }
    for e in &v.evaluations {
        out.push(contact(
            e.on,
            "evaluation",
            format!("评价：{}", e.grade.zh()),
            format!("Evaluation: {}", e.grade.en()),
        ));
    }
    out
}

//! The search fixture: five cases over the unit tree, and helpers to run a filter.

use super::{Org, case, day, deadline, petitioner, tokens};
use huiyin_core::case::Status;
use huiyin_core::kinds::{Channel, PetitionType};
use huiyin_core::workflow::DeadlineKind;
use huiyin_store::{CaseFilter, FullText, NewCaseRecord, Scope, Store};

pub fn text(q: &str) -> FullText {
    let q = huiyin_text::parse_query(q);
    FullText {
        fts5: huiyin_text::to_fts5(&q).unwrap(),
        tsquery: huiyin_text::to_tsquery(&q).unwrap(),
    }
}

#[allow(clippy::too_many_arguments)]
pub fn rec(
    unit: i64,
    visible: &[i64],
    title: &str,
    content: &str,
    received: &str,
    channel: Channel,
    category: &str,
    due: Option<&str>,
) -> NewCaseRecord {
    let mut r = case(unit, "330100-2026", title, content, received);
    r.visible_units = visible.to_vec();
    r.case.channel = channel;
    r.case.category = category.into();
    r.deadlines = due
        .map(|d| vec![deadline(DeadlineKind::Disposal, day(received), day(d))])
        .unwrap_or_default();
    r
}

/// Five cases; returns their ids c[1]..c[5] (c[0] unused).
pub async fn seed(store: &Store, o: &Org) -> [i64; 6] {
    use Channel::*;
    let mut recs = vec![
        rec(
            o.school_a1,
            &[o.county_a, o.school_a1],
            "学区划分不合理",
            "孩子被划到很远的地方",
            "2026-01-10",
            Letter,
            "admissions.zoning",
            Some("2026-01-25"),
        ),
        rec(
            o.county_b,
            &[o.county_b],
            "学校乱收费",
            "补课收费过高",
            "2026-02-10",
            Visit,
            "fees.tutoring",
            Some("2026-04-10"),
        ),
        rec(
            o.school_b1,
            &[o.county_b, o.school_b1],
            "食堂卫生问题",
            "饭菜变质",
            "2026-03-01",
            Online,
            "safety.canteen",
            Some("2026-03-16"),
        ),
        rec(
            o.city,
            &[o.city],
            "学区调整后收费",
            "要求退还赞助费",
            "2026-03-05",
            Letter,
            "fees.sponsorship",
            Some("2026-03-20"),
        ),
        rec(
            o.county_a,
            &[o.county_a],
            "校车安全隐患",
            "校车超载",
            "2026-01-01",
            Phone,
            "safety.transport",
            None,
        ),
    ];
    recs[1].case.status = Status::Accepted;
    recs[1].case.petition_type = PetitionType::Accusation;
    recs[2].petitioners = vec![petitioner("王芳", None, None)];
    recs[2].search_tokens = tokens("食堂卫生问题", "饭菜变质", &["王芳"]);
    let got = store.insert_cases(&recs, 1).await.unwrap();
    let mut ids = [0; 6];
    for (i, (id, _)) in got.iter().enumerate() {
        ids[i + 1] = *id;
    }
    ids
}

pub async fn ids(store: &Store, f: &CaseFilter) -> Vec<i64> {
    let page = store.list_cases(f).await.unwrap();
    assert!(page.total_exact);
    let ids: Vec<_> = page.items.iter().map(|i| i.case.id).collect();
    assert_eq!(page.total, ids.len() as i64, "{ids:?}");
    ids
}

pub fn all() -> CaseFilter {
    CaseFilter::new(Scope::All, day("2026-03-20"))
}

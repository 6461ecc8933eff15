//! Finding cases by Chinese full text (two-character words such as 学区, 收费, 食堂, and
//! petitioner names) and by visibility scope: a unit sees its subtree only. The same
//! expectations run on SQLite and on PostgreSQL, so both backends give the same answers.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod common;

use common::search::{all, ids, seed, text};
use common::{day, org, store};
use huiyin_core::kinds::Channel;
use huiyin_store::{CaseFilter, CaseSort, Scope};

#[tokio::test]
async fn full_text_finds_two_character_words_and_names() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let c = seed(&store, &o).await;
    let q = |s: &str| CaseFilter {
        text: Some(text(s)),
        ..all()
    };
    assert_eq!(ids(&store, &q("学区")).await, [c[4], c[1]]);
    assert_eq!(ids(&store, &q("收费")).await, [c[4], c[2]]);
    assert_eq!(ids(&store, &q("食堂")).await, [c[3]]);
    assert_eq!(ids(&store, &q("学区 收费")).await, [c[4]]);
    assert_eq!(ids(&store, &q("王芳")).await, [c[3]]);
    assert_eq!(ids(&store, &q("食堂 收费")).await, Vec::<i64>::new());
    assert_eq!(ids(&store, &q("校车")).await, [c[5]]);
    // Text combined with other filters and another order.
    let f = CaseFilter {
        channel: Some(Channel::Letter),
        sort: CaseSort::ReceivedAsc,
        ..q("学区")
    };
    assert_eq!(ids(&store, &f).await, [c[1], c[4]]);
}

#[tokio::test]
async fn a_unit_sees_its_subtree_only() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let c = seed(&store, &o).await;
    let scoped = |units: Vec<i64>, t: Option<&str>| CaseFilter {
        text: t.map(text),
        sort: CaseSort::IdAsc,
        ..CaseFilter::new(Scope::Units(units), day("2026-03-20"))
    };
    let (a, b) = (vec![o.county_a, o.school_a1], vec![o.county_b, o.school_b1]);
    let city = vec![o.city, o.county_a, o.school_a1, o.county_b, o.school_b1];
    assert_eq!(ids(&store, &scoped(a.clone(), None)).await, [c[1], c[5]]);
    assert_eq!(ids(&store, &scoped(b.clone(), None)).await, [c[2], c[3]]);
    assert_eq!(ids(&store, &scoped(vec![o.school_a1], None)).await, [c[1]]);
    assert_eq!(
        ids(&store, &scoped(city.clone(), None)).await,
        c[1..].to_vec()
    );
    assert_eq!(
        ids(&store, &scoped(a, Some("收费"))).await,
        Vec::<i64>::new()
    );
    assert_eq!(ids(&store, &scoped(b, Some("收费"))).await, [c[2]]);
    assert_eq!(ids(&store, &scoped(city, Some("收费"))).await, [c[2], c[4]]);
    assert_eq!(
        ids(&store, &scoped(vec![o.province], None)).await,
        Vec::<i64>::new()
    );
    assert!(ids(&store, &scoped(vec![], None)).await.is_empty());
    let nothing = CaseFilter::new(Scope::Nothing, day("2026-03-20"));
    assert!(ids(&store, &nothing).await.is_empty());
}

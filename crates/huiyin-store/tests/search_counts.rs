//! Totals of case lists: capped counts say they are capped; a bare full-text query over
//! everything is counted exactly by the index on SQLite.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::search::text;
use common::{case, insert, org, store};
use huiyin_store::{CaseFilter, Dialect, Scope};

/// `n` cases of `unit` with this title and content, received on the first `n` days of March.
async fn march_cases(
    store: &huiyin_store::Store,
    unit: i64,
    n: u32,
    (title, content): (&str, &str),
) {
    for day in 1..=n {
        let received = format!("2026-03-{day:02}");
        insert(store, case(unit, "330100-2026", title, content, &received)).await;
    }
}

#[tokio::test]
async fn capped_and_exact_totals() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    march_cases(&store, o.school_a1, 3, ("学区划分争议", "学区")).await;
    let today = common::day("2026-06-01");
    let filter = |scope: Scope| {
        let mut f = CaseFilter::new(scope, today);
        f.text = Some(text("学区"));
        f.count_cap = 2;
        f
    };
    // Over everything: SQLite's index counts every match; PostgreSQL counts up to the cap.
    let all = store.list_cases(&filter(Scope::All)).await.unwrap();
    assert_eq!(all.items.len(), 3);
    let expected = match store.dialect() {
        Dialect::Sqlite => (3, true),
        Dialect::Postgres => (2, false),
    };
    assert_eq!((all.total, all.total_exact), expected);
    // With a scope the count stops at the cap and says so.
    let scoped = store
        .list_cases(&filter(Scope::Units(vec![o.county_a, o.school_a1])))
        .await
        .unwrap();
    assert_eq!((scoped.total, scoped.total_exact), (2, false));
    assert_eq!(scoped.items.len(), 3);
    // Under the cap the count is exact.
    let mut f = filter(Scope::Units(vec![o.county_a, o.school_a1]));
    f.count_cap = 10;
    let under = store.list_cases(&f).await.unwrap();
    assert_eq!((under.total, under.total_exact), (3, true));
    // Capped (many matches: PostgreSQL walks the order) or exact (few: it collects the
    // matches first), the page is the same cases in the same order.
    let ids = |p: &huiyin_store::Page| p.items.iter().map(|i| i.case.id).collect::<Vec<_>>();
    assert_eq!(ids(&under), ids(&scoped));
    let mut second = filter(Scope::All);
    second.per_page = 2;
    second.page = 2;
    let capped_page = store.list_cases(&second).await.unwrap();
    second.count_cap = 10;
    let exact_page = store.list_cases(&second).await.unwrap();
    assert_eq!(ids(&capped_page), ids(&exact_page));
    assert_eq!(ids(&capped_page), ids(&all)[2..].to_vec());
}

/// Without full text, a list of at most `count_cap` matches is counted and gathered in one
/// statement (`search_gather.rs`): its total is exact, its page the same as the walked one
/// of a list counted past the cap, and a page past the matches is empty with the right total.
#[tokio::test]
async fn totals_and_pages_under_at_and_over_the_cap() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    for i in 0..5 {
        insert(
            &store,
            case(
                o.school_a1,
                "330100-2026",
                "食堂卫生",
                "饭菜",
                &format!("2026-03-0{}", i + 1),
            ),
        )
        .await;
    }
    let today = common::day("2026-06-01");
    let ids = |p: &huiyin_store::Page| p.items.iter().map(|i| i.case.id).collect::<Vec<_>>();
    for scope in [
        Scope::Subtree(o.county_a),
        Scope::Units(vec![o.county_a, o.school_a1]),
    ] {
        let list = |cap: i64, page: u32| {
            let mut f = CaseFilter::new(scope.clone(), today);
            f.count_cap = cap;
            f.per_page = 2;
            f.page = page;
            f
        };
        let mut pages = Vec::new();
        for cap in [4, 5, 6, 1000] {
            let first = store.list_cases(&list(cap, 2)).await.unwrap();
            let want = if cap < 5 { (cap, false) } else { (5, true) };
            assert_eq!((first.total, first.total_exact), want, "cap {cap}");
            pages.push(ids(&first));
            let past = store.list_cases(&list(cap, 4)).await.unwrap();
            assert!(past.items.is_empty(), "cap {cap}");
            assert_eq!(
                (past.total, past.total_exact),
                want,
                "cap {cap}, past the end"
            );
        }
        // Newest first, the second page is the third and fourth case whatever the cap.
        assert_eq!(pages[0].len(), 2);
        assert!(pages.iter().all(|p| *p == pages[0]), "{pages:?}");
        assert!(pages[0][0] > pages[0][1]);
    }
}

/// `per_page = 0` counts and reads no page (the 工作台's tiles): the same total as a listed
/// page, exact or capped, for a filter counted through the index, one counted from the tally
/// and one past what a gathered page holds.
#[tokio::test]
async fn a_count_alone_has_the_total_of_the_list_and_no_items() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    march_cases(&store, o.school_a1, 6, ("食堂卫生", "饭菜")).await;
    let today = common::day("2026-06-01");
    for (cap, overdue, channel) in [
        (0, false, None),
        (0, true, None),
        (3, false, None),
        (0, false, Some("letter")),
    ] {
        let list = |per_page: u32| {
            let mut f = CaseFilter::new(Scope::Subtree(o.county_a), today);
            f.count_cap = cap;
            f.per_page = per_page;
            f.overdue = overdue.then_some(true);
            f.channel = channel.map(|c| huiyin_core::kinds::Channel::parse(c).unwrap());
            f
        };
        let listed = store.list_cases(&list(20)).await.unwrap();
        let counted = store.list_cases(&list(0)).await.unwrap();
        assert!(counted.items.is_empty(), "cap {cap}, overdue {overdue}");
        assert_eq!(
            (counted.total, counted.total_exact),
            (listed.total, listed.total_exact),
            "cap {cap}, overdue {overdue}, channel {channel:?}"
        );
    }
    let mut every = CaseFilter::new(Scope::Subtree(o.county_a), today);
    every.per_page = 0;
    every.count_cap = 0;
    let all = store.list_cases(&every).await.unwrap();
    assert_eq!((all.total, all.items.len()), (6, 0), "every case counted");
}

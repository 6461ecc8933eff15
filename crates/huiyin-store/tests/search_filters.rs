//! Finding cases by filters, with sorting, paging and capped counts. The same expectations
//! run on SQLite and on PostgreSQL, so both backends give the same answers.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod common;

use common::search::{all, ids, rec, seed, text};
use common::{day, org, store};
use huiyin_core::case::Status;
use huiyin_core::kinds::{Channel, PetitionType};
use huiyin_store::{CaseFilter, CaseSort};

#[tokio::test]
async fn filters_select_the_same_cases_on_every_backend() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let c = seed(&store, &o).await;
    let f = |mut f: CaseFilter| {
        f.sort = CaseSort::IdAsc;
        f
    };
    let check = async |filter: CaseFilter, want: &[usize]| {
        let want: Vec<i64> = want.iter().map(|&i| c[i]).collect();
        assert_eq!(ids(&store, &f(filter.clone())).await, want, "{filter:?}");
    };
    check(
        CaseFilter {
            statuses: vec![Status::Accepted],
            ..all()
        },
        &[2],
    )
    .await;
    check(
        CaseFilter {
            statuses: vec![Status::Accepted, Status::Registered],
            ..all()
        },
        &[1, 2, 3, 4, 5],
    )
    .await;
    check(
        CaseFilter {
            petition_type: Some(PetitionType::Accusation),
            ..all()
        },
        &[2],
    )
    .await;
    check(
        CaseFilter {
            channel: Some(Channel::Letter),
            ..all()
        },
        &[1, 4],
    )
    .await;
    check(
        CaseFilter {
            category: Some("fees".into()),
            ..all()
        },
        &[2, 4],
    )
    .await;
    check(
        CaseFilter {
            category: Some("fees.tutoring".into()),
            ..all()
        },
        &[2],
    )
    .await;
    check(
        CaseFilter {
            category: Some("fee".into()),
            ..all()
        },
        &[],
    )
    .await;
    check(
        CaseFilter {
            received_from: Some(day("2026-03-01")),
            received_to: Some(day("2026-03-05")),
            ..all()
        },
        &[3, 4],
    )
    .await;
    check(
        CaseFilter {
            handling_units: Some(vec![o.school_a1, o.school_b1]),
            ..all()
        },
        &[1, 3],
    )
    .await;
    check(
        CaseFilter {
            handling_units: Some(vec![]),
            ..all()
        },
        &[],
    )
    .await;
    check(
        CaseFilter {
            overdue: Some(true),
            ..all()
        },
        &[1, 3],
    )
    .await;
    check(
        CaseFilter {
            overdue: Some(false),
            ..all()
        },
        &[2, 4, 5],
    )
    .await;
    check(
        CaseFilter {
            due_before: Some(day("2026-03-20")),
            ..all()
        },
        &[1, 3, 4],
    )
    .await;
}

#[tokio::test]
async fn sorting_paging_counting_and_parts() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let c = seed(&store, &o).await;
    let sorted = |sort| CaseFilter { sort, ..all() };
    assert_eq!(
        ids(&store, &all()).await,
        [c[5], c[4], c[3], c[2], c[1]],
        "newest first"
    );
    assert_eq!(
        ids(&store, &sorted(CaseSort::ReceivedAsc)).await,
        [c[5], c[1], c[2], c[3], c[4]]
    );
    assert_eq!(
        ids(&store, &sorted(CaseSort::ReceivedDesc)).await,
        [c[4], c[3], c[2], c[1], c[5]]
    );
    assert_eq!(
        ids(&store, &sorted(CaseSort::DueAsc)).await,
        [c[1], c[3], c[4], c[2], c[5]]
    );

    let page2 = store
        .list_cases(&CaseFilter {
            per_page: 2,
            page: 2,
            ..all()
        })
        .await
        .unwrap();
    let got: Vec<_> = page2.items.iter().map(|i| i.case.id).collect();
    assert_eq!(
        (got, page2.total, page2.total_exact),
        (vec![c[3], c[2]], 5, true)
    );
    let capped = store
        .list_cases(&CaseFilter {
            count_cap: 3,
            ..all()
        })
        .await
        .unwrap();
    assert_eq!(
        (capped.items.len(), capped.total, capped.total_exact),
        (5, 3, false)
    );
    let uncapped = store
        .list_cases(&CaseFilter {
            count_cap: 0,
            ..all()
        })
        .await
        .unwrap();
    assert_eq!((uncapped.total, uncapped.total_exact), (5, true));

    // Items come with their petitioners, deadlines and visibility, like `case(id)`.
    let one = store
        .list_cases(&CaseFilter {
            text: Some(text("食堂")),
            ..all()
        })
        .await
        .unwrap();
    let full = store.case(c[3]).await.unwrap().unwrap();
    let item = &one.items[0];
    assert_eq!((&item.case, item.version), (&full.case, 1));
    assert_eq!(item.petitioners, full.petitioners);
    assert_eq!(item.deadlines, full.deadlines);
    let mut v = item.visible_units.clone();
    v.sort();
    assert_eq!(v, [o.county_b, o.school_b1]);
}

#[tokio::test]
async fn a_category_filter_with_an_underscore_matches_only_that_code() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let a = rec(
        o.county_a,
        &[o.county_a],
        "学区",
        "一",
        "2026-01-01",
        Channel::Letter,
        "school_bus.safety",
        None,
    );
    let b = rec(
        o.county_a,
        &[o.county_a],
        "学区",
        "二",
        "2026-01-02",
        Channel::Letter,
        "schoolxbus.safety",
        None,
    );
    let got = store.insert_cases(&[a, b], 1).await.unwrap();
    let f = CaseFilter {
        category: Some("school_bus".into()),
        ..all()
    };
    assert_eq!(ids(&store, &f).await, [got[0].0]);
}

/// A category with no code below it in the reader's scope is read as one key of its index on
/// SQLite (`search_leaf_category.rs`); where a case of the scope carries a code below it
/// (a deployment's deeper tree), the list still finds that case, in every order.
#[tokio::test]
async fn a_category_finds_the_codes_below_it_only_where_they_exist() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let make = |unit: i64, received: &str, category: &str| {
        rec(
            unit,
            &[unit],
            "食堂",
            "饭菜",
            received,
            Channel::Letter,
            category,
            None,
        )
    };
    let got = store
        .insert_cases(
            &[
                make(o.county_a, "2026-01-03", "safety.canteen"),
                make(o.county_a, "2026-01-01", "safety.canteen.night"),
                make(o.county_a, "2026-01-02", "safety.canteenx"),
                make(o.county_b, "2026-01-04", "safety.canteen"),
                make(o.county_b, "2026-01-05", "safety.canteen"),
            ],
            1,
        )
        .await
        .unwrap();
    let id = |i: usize| got[i].0;
    for sort in [
        CaseSort::Newest,
        CaseSort::ReceivedDesc,
        CaseSort::ReceivedAsc,
        CaseSort::DueAsc,
        CaseSort::StatusAsc,
    ] {
        let list = |unit: i64, per_page: u32, page: u32| CaseFilter {
            category: Some("safety.canteen".into()),
            sort,
            per_page,
            page,
            ..CaseFilter::new(huiyin_store::Scope::Subtree(unit), day("2026-03-20"))
        };
        let a = ids(&store, &list(o.county_a, 20, 1)).await;
        let mut sorted = a.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, [id(0), id(1)], "{sort:?}");
        let b = ids(&store, &list(o.county_b, 20, 1)).await;
        let mut sorted = b.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, [id(3), id(4)], "{sort:?}");
        if matches!(sort, CaseSort::ReceivedDesc | CaseSort::Newest) {
            assert_eq!(b, [id(4), id(3)], "{sort:?}");
        }
        if sort == CaseSort::ReceivedAsc {
            assert_eq!(a, [id(1), id(0)]);
            let second = store.list_cases(&list(o.county_b, 1, 2)).await.unwrap();
            let second: Vec<i64> = second.items.iter().map(|r| r.case.id).collect();
            assert_eq!(second, [id(4)]);
        }
    }
}

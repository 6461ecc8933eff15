//! `insert_cases_bulk` writes the same rows as `insert_cases`: the same ids, numbers, parts,
//! timeline order and search entries; ids and numbers continue across both paths.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod common;

use std::sync::Arc;

use common::search::text;
use common::{
    Org, assert_entry_eq, case, day, deadline, entry, flags, insert, org, petitioner, store, tokens,
};
use huiyin_core::case::{Flag, Status};
use huiyin_core::workflow::DeadlineKind;
use huiyin_crypto::{Algorithm, KeyRing};
use huiyin_store::{CaseFilter, KeySource, NewCaseRecord, Scope, Store};

/// Registered cases with every part filled in, some linked to `earlier`.
fn batch(o: &Org, earlier: i64) -> Vec<NewCaseRecord> {
    let mut out = Vec::new();
    for i in 0..6 {
        let scope = if i % 2 == 0 {
            "330106-2026"
        } else {
            "330108-2026"
        };
        let title = ["学区划分", "乱收费", "食堂卫生"][i % 3];
        let received = day("2026-02-01").add_days(i as i32);
        let mut r = case(
            o.county_a,
            scope,
            title,
            &format!("第{i}件"),
            &received.to_string(),
        );
        r.petitioners = vec![
            petitioner(
                "张伟",
                Some(&format!("11010119900307{i:04}")),
                Some("13800138000"),
            ),
            petitioner(["李明", "王芳", "赵强"][i % 3], None, Some("13900000000")),
        ];
        r.search_tokens = tokens(
            title,
            &format!("第{i}件"),
            &["张伟", ["李明", "王芳", "赵强"][i % 3]],
        );
        r.case.flags = flags(&[Flag::Collective, Flag::Sensitive][..i % 3]);
        r.case.status = Status::Accepted;
        r.deadlines = vec![
            deadline(DeadlineKind::Handling, received, received.add_days(60)),
            deadline(DeadlineKind::Disposal, received, received.add_days(15)),
        ];
        r.more_entries = vec![
            entry(
                "accept",
                received.add_days(1),
                Some(Status::Registered),
                Status::Accepted,
                2,
            ),
            entry(
                "note",
                received.add_days(2),
                Some(Status::Accepted),
                Status::Accepted,
                3,
            ),
        ];
        r.visible_units = vec![o.county_a, o.school_a1, o.county_a];
        if i % 3 == 1 {
            r.links = vec![(earlier, "repeat".into())];
        }
        out.push(r);
    }
    out
}

fn keyed(store: Store) -> Store {
    let ring = KeyRing::generate(Algorithm::Aes256Gcm).unwrap();
    store.with_keys(Arc::new(KeySource::new(ring, None)))
}

#[tokio::test]
async fn bulk_and_single_inserts_produce_the_same_readable_cases() {
    let ((_d1, one), (_d2, bulk)) = (store().await, store().await);
    let (one, bulk) = (keyed(one), keyed(bulk));
    let (o1, o2) = (org(&one).await, org(&bulk).await);
    assert_eq!(
        o1.county_a, o2.county_a,
        "fresh databases number units alike"
    );
    let e1 = insert(
        &one,
        case(o1.county_b, "330106-2026", "旧事", "一", "2026-01-01"),
    )
    .await;
    let e2 = insert(
        &bulk,
        case(o2.county_b, "330106-2026", "旧事", "一", "2026-01-01"),
    )
    .await;
    assert_eq!(e1, e2);

    let recs = batch(&o1, e1);
    let a = one.insert_cases(&recs, 77).await.unwrap();
    let b = bulk.insert_cases_bulk(&recs, 77).await.unwrap();
    assert_eq!(a, b, "same ids and numbers");
    let numbers: Vec<_> = b.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(
        numbers,
        [
            "330106-2026-000002",
            "330108-2026-000001",
            "330106-2026-000003",
            "330108-2026-000002",
            "330106-2026-000004",
            "330108-2026-000003",
        ]
    );

    for ((id, _), rec) in a.iter().zip(&recs) {
        let x = one.case(*id).await.unwrap().unwrap();
        let y = bulk.case(*id).await.unwrap().unwrap();
        assert_eq!(x.case, y.case);
        assert_eq!((x.version, y.version), (1, 1));
        assert_eq!(x.petitioners, y.petitioners);
        let written: Vec<_> = rec
            .petitioners
            .iter()
            .map(|p| p.petitioner.clone())
            .collect();
        assert_eq!(y.petitioners, written, "sealed and opened again");
        assert_eq!(x.links, y.links);
        assert_eq!(x.deadlines, y.deadlines);
        let (mut vx, mut vy) = (x.visible_units.clone(), y.visible_units.clone());
        vx.sort();
        vy.sort();
        assert_eq!((vx.clone(), vy), (vec![o1.county_a, o1.school_a1], vx));
        let (tx, ty) = (
            one.timeline(*id).await.unwrap(),
            bulk.timeline(*id).await.unwrap(),
        );
        assert_eq!((tx.len(), ty.len()), (3, 3));
        for (got, want) in ty
            .iter()
            .zip(std::iter::once(&rec.first_entry).chain(&rec.more_entries))
        {
            assert_entry_eq(got, want);
        }
        for (p, q) in tx.iter().zip(&ty) {
            assert_entry_eq(p, q);
        }
    }
    // Links are written both ways by both paths.
    let (lx, ly) = (
        one.case(e1).await.unwrap().unwrap(),
        bulk.case(e2).await.unwrap().unwrap(),
    );
    assert_eq!(lx.links, ly.links);
    assert_eq!(
        ly.links.iter().map(|l| l.case_id).collect::<Vec<_>>(),
        [a[1].0, a[4].0]
    );
    // Sealed at rest by both.
    for raw in bulk.raw_petitioner_columns_for_tests().await.unwrap() {
        assert!(KeyRing::is_sealed(&raw), "{raw}");
    }
    // The full-text index and the due days agree.
    for q in ["学区", "收费", "食堂", "张伟", "赵强"] {
        let f = CaseFilter {
            text: Some(text(q)),
            ..CaseFilter::new(Scope::All, day("2026-03-01"))
        };
        let ix: Vec<_> = one
            .list_cases(&f)
            .await
            .unwrap()
            .items
            .iter()
            .map(|i| i.case.id)
            .collect();
        let iy: Vec<_> = bulk
            .list_cases(&f)
            .await
            .unwrap()
            .items
            .iter()
            .map(|i| i.case.id)
            .collect();
        assert_eq!(ix, iy, "{q}");
        assert!(!ix.is_empty(), "{q}");
    }
    let (from, to) = (day("2026-02-16"), day("2026-02-18"));
    let dx = one.case_ids_due_between(from, to, 0, 100).await.unwrap();
    let dy = bulk.case_ids_due_between(from, to, 0, 100).await.unwrap();
    assert_eq!((dx.clone(), dy), (vec![a[0].0, a[1].0, a[2].0], dx));
}

#[tokio::test]
async fn ids_and_numbers_continue_across_single_and_bulk_inserts() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    assert!(store.insert_cases_bulk(&[], 1).await.unwrap().is_empty());
    let r = |scope: &str| case(o.county_a, scope, "学区", "划片", "2026-02-01");
    let first = store.insert_cases(&[r("x"), r("x")], 1).await.unwrap();
    let second = store
        .insert_cases_bulk(&[r("x"), r("y"), r("x")], 2)
        .await
        .unwrap();
    let third = store.insert_cases(&[r("y"), r("x")], 3).await.unwrap();
    let fourth = store.insert_cases_bulk(&[r("x")], 4).await.unwrap();
    let all: Vec<_> = [first, second, third, fourth].concat();
    let ids: Vec<_> = all.iter().map(|(id, _)| *id).collect();
    assert_eq!(
        ids,
        (ids[0]..ids[0] + 8).collect::<Vec<_>>(),
        "consecutive ids"
    );
    let numbers: Vec<_> = all.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(
        numbers,
        [
            "x-000001", "x-000002", "x-000003", "y-000001", "x-000004", "y-000002", "x-000005",
            "x-000006",
        ]
    );
    for (id, n) in &all {
        assert_eq!(&store.case(*id).await.unwrap().unwrap().case.number, n);
    }
}

//! Warnings written in batches (the spike scan's): one transaction for many, a key raised
//! before (earlier or in the same batch) writes nothing, every case behind a warning is linked
//! once however many statements the links take, and the keys raised already are found in one
//! read.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{case, insert, org, store};
use huiyin_core::warning::{WarningKind, WarningLevel};
use huiyin_store::NewWarning;

fn spike(unit: i64, key: &str) -> NewWarning {
    NewWarning {
        kind: WarningKind::Spike,
        level: WarningLevel::Yellow,
        unit_id: unit,
        explanation_zh: format!("{key} 高于基线"),
        explanation_en: format!("{key} above its baseline"),
        acknowledge_due_at: 10_000,
        other_case_ids: Vec::new(),
        join_warning_id: None,
        unique_key: Some(key.to_owned()),
        notify: Vec::new(),
        petitioner_keys: Default::default(),
    }
}

#[tokio::test]
async fn a_batch_writes_each_new_key_once_and_links_every_case() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    // More cases than one linking statement holds (500).
    let records: Vec<_> = (0..620)
        .map(|i| {
            case(
                o.school_a1,
                "330100-2026",
                &format!("第{i}件"),
                "学区划分",
                "2026-06-22",
            )
        })
        .collect();
    let ids: Vec<i64> = store
        .insert_cases(&records, 1_000)
        .await
        .unwrap()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(ids.len(), 620);
    let mut behind_big = ids.clone();
    behind_big.push(ids[3]); // a case named twice is linked once
    let small = vec![ids[0], ids[1]];
    let before = insert(
        &store,
        case(o.school_b1, "330100-2026", "另一件", "学区", "2026-06-22"),
    )
    .await;
    assert!(
        store
            .insert_warning(&spike(o.county_b, "spike:before"), &[before], 2_000)
            .await
            .unwrap()
            .is_some()
    );

    let batch = vec![
        (spike(o.county_a, "spike:big"), behind_big),
        (spike(o.county_a, "spike:small"), small.clone()),
        // The same key again in the batch, and a key raised by an earlier scan.
        (spike(o.county_a, "spike:small"), vec![ids[5]]),
        (spike(o.county_b, "spike:before"), vec![ids[6]]),
    ];
    assert_eq!(store.insert_warnings(&batch, 3_000).await.unwrap(), 2);
    assert_eq!(store.insert_warnings(&[], 3_000).await.unwrap(), 0);

    let keys: Vec<String> = ["spike:big", "spike:small", "spike:before", "spike:never"]
        .map(str::to_owned)
        .to_vec();
    let found = store.existing_warning_keys(&keys).await.unwrap();
    let mut found: Vec<&str> = found.iter().map(String::as_str).collect();
    found.sort_unstable();
    assert_eq!(found, ["spike:before", "spike:big", "spike:small"]);

    // Read back: every case once, nothing added by the repeated keys.
    let of = |case_id: i64| {
        let store = store.clone();
        async move { store.warnings_of_case(case_id).await.unwrap() }
    };
    let first = of(ids[0]).await;
    assert_eq!(first.len(), 2, "{first:#?}");
    let big = first
        .iter()
        .find(|w| w.explanation_en.starts_with("spike:big"))
        .expect("the big spike");
    let mut linked = big.case_ids.clone();
    linked.sort_unstable();
    let mut want = ids.clone();
    want.sort_unstable();
    assert_eq!(linked, want);
    let small_w = first
        .iter()
        .find(|w| w.explanation_en.starts_with("spike:small"))
        .expect("the small spike");
    assert_eq!(small_w.case_ids, small);
    // The cases named only by the repeated keys are behind the big spike alone.
    for lone in [ids[5], ids[6], ids[619]] {
        let seen = of(lone).await;
        assert_eq!(seen.len(), 1, "{seen:#?}");
        assert!(seen[0].explanation_en.starts_with("spike:big"));
    }
    let earlier = of(before).await;
    assert_eq!(earlier.len(), 1);
    assert_eq!(earlier[0].case_ids, vec![before]);
}

/// A cluster keeps who petitioned in each case it links, and gives them back with the cases it
/// holds from the oldest candidate on; a link written without them (another kind's, or one
/// from before the column) comes back as unknown until a later join fills them in.
#[tokio::test]
async fn a_cluster_keeps_its_members_petitioners_with_the_links() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let mut ids = Vec::new();
    for i in 0..4 {
        let c = case(
            o.school_a1,
            "330100-2026",
            &format!("第{i}件"),
            "收费",
            "2026-06-22",
        );
        ids.push(insert(&store, c).await);
    }
    let mut keys = huiyin_store::PetitionerKeys {
        new_case: vec!["id:a".into(), "name:王 芳".into()],
        others: Default::default(),
    };
    keys.others.insert(ids[1], vec!["np:b".into()]);
    let cluster = NewWarning {
        kind: WarningKind::Cluster,
        unique_key: None,
        other_case_ids: vec![ids[1], ids[2]],
        petitioner_keys: keys,
        ..spike(o.county_a, "unused")
    };
    let id = store
        .insert_warning(&cluster, &[ids[3]], 2_000)
        .await
        .unwrap()
        .expect("raised");
    // The newest alike case is probed first; the cases from the second on are given back.
    let (w, held) = store
        .open_cluster_among(&[ids[3], ids[0]], ids[1])
        .await
        .unwrap()
        .expect("the open cluster");
    assert_eq!(w.id, id);
    assert_eq!(held.len(), 3, "{held:?}");
    assert_eq!(
        held[&ids[3]],
        Some(vec!["id:a".to_owned(), "name:王 芳".to_owned()])
    );
    assert_eq!(held[&ids[1]], Some(vec!["np:b".to_owned()]));
    assert_eq!(held[&ids[2]], None, "linked without its petitioners");
    assert!(!held.contains_key(&ids[0]), "not linked");
    // None of a case outside every cluster.
    assert!(
        store
            .open_cluster_among(&[ids[0]], ids[0])
            .await
            .unwrap()
            .is_none()
    );

    // Joined by the first case, naming the second and third again: the third's empty keys are
    // filled in, the second's kept as they were.
    let mut again = huiyin_store::PetitionerKeys {
        new_case: vec!["id:d".into()],
        others: Default::default(),
    };
    again.others.insert(ids[1], vec!["np:changed".into()]);
    again.others.insert(ids[2], vec!["np:c".into()]);
    let join = NewWarning {
        join_warning_id: Some(id),
        other_case_ids: vec![ids[1], ids[2]],
        petitioner_keys: again,
        ..cluster
    };
    assert_eq!(
        store.insert_warning(&join, &[ids[0]], 3_000).await.unwrap(),
        Some(id)
    );
    let (_, held) = store
        .open_cluster_among(&[ids[0]], ids[0])
        .await
        .unwrap()
        .expect("the open cluster");
    assert_eq!(held.len(), 4, "{held:?}");
    assert_eq!(held[&ids[0]], Some(vec!["id:d".to_owned()]));
    assert_eq!(held[&ids[1]], Some(vec!["np:b".to_owned()]));
    assert_eq!(held[&ids[2]], Some(vec!["np:c".to_owned()]));
}

/// The candidates of a cluster: the cases about one unit in the field's categories from a day
/// on, newest received first (the later registered first within a day), at most the limit —
/// read packed into one row, given back in that order whatever order they were written in.
#[tokio::test]
async fn the_candidates_of_a_matter_are_its_recent_cases_newest_received_first() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    // (unit, category, received): registered in an order unlike their days.
    let plan = [
        (o.school_a1, "fees.materials", "2026-06-20"),
        (o.school_a1, "fees.materials", "2026-06-25"),
        (o.school_a1, "admissions.zoning", "2026-06-24"),
        (o.school_a1, "fees.other", "2026-06-22"),
        (o.school_a1, "fees.materials", "2026-06-25"),
        (o.school_a1, "fees.materials", "2026-06-09"),
        (o.county_a, "fees.materials", "2026-06-23"),
        (o.school_a1, "fees.other", "2026-06-21"),
    ];
    let mut ids = Vec::new();
    for (i, (unit, category, received)) in plan.iter().enumerate() {
        let mut c = case(*unit, "330100-2026", &format!("第{i}件"), "收费", received);
        c.case.category = (*category).into();
        ids.push(insert(&store, c).await);
    }
    let field = vec!["fees.materials".to_owned(), "fees.other".to_owned()];
    let since = huiyin_core::Date::parse("2026-06-10").unwrap();
    let unit = o.school_a1;
    let read = |limit: i64| {
        let (store, field) = (store.clone(), field.clone());
        async move {
            store
                .recent_matter_cases(unit, &field, since, limit, None)
                .await
                .unwrap()
                .into_iter()
                .map(|c| (c.id, c.received_on.to_string()))
                .collect::<Vec<_>>()
        }
    };
    // What the plan gives: school A1, the field's categories, from the 10th, newest first.
    let mut expected: Vec<(i64, String)> = plan
        .iter()
        .zip(&ids)
        .filter(|((unit, category, received), _)| {
            *unit == o.school_a1 && field.iter().any(|f| f == category) && *received >= "2026-06-10"
        })
        .map(|((_, _, received), id)| (*id, (*received).to_owned()))
        .collect();
    expected.sort_by(|a, b| (&b.1, b.0).cmp(&(&a.1, a.0)));
    assert_eq!(expected.len(), 5);
    assert_eq!(read(300).await, expected);
    assert_eq!(read(3).await, expected[..3].to_vec());
    // Judging a history: only the cases registered before a given one are candidates.
    let before = ids[4];
    let earlier: Vec<(i64, String)> = store
        .recent_matter_cases(unit, &field, since, 300, Some(before))
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.id, c.received_on.to_string()))
        .collect();
    let want: Vec<(i64, String)> = expected
        .iter()
        .filter(|(id, _)| *id < before)
        .cloned()
        .collect();
    assert!(!want.is_empty() && want.len() < expected.len(), "{want:?}");
    assert_eq!(earlier, want);
    // Nothing about a unit or in a field without cases: an empty list, not an error.
    assert!(
        store
            .recent_matter_cases(o.school_b1, &field, since, 300, None)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .recent_matter_cases(o.school_a1, &["conduct.other".to_owned()], since, 300, None)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn each_candidate_comes_with_the_sketch_of_its_text_written_one_by_one_or_in_bulk() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let text = |i: usize| format!("某校第{i}次违规收取资料费，每人{}元", 100 + i);
    let sketch = |i: usize| huiyin_text::Shingles::of(&text(i)).sketch().unwrap();
    let with = |i: usize, stored: Option<Vec<u8>>| {
        let mut c = case(o.school_a1, "330100-2026", &text(i), "收费", "2026-06-20");
        c.text_sketch = stored;
        c
    };
    let mut other_version = sketch(2).to_bytes();
    other_version[0] = huiyin_text::SKETCH_VERSION + 1;
    let one = insert(&store, with(0, Some(sketch(0).to_bytes()))).await;
    let none = insert(&store, with(1, None)).await;
    let older = insert(&store, with(2, Some(other_version))).await;
    let bulk = store
        .insert_cases_bulk(&[with(3, Some(sketch(3).to_bytes())), with(4, None)], 1_000)
        .await
        .unwrap();
    let since = huiyin_core::Date::parse("2026-06-01").unwrap();
    let read: std::collections::HashMap<i64, Option<huiyin_text::Sketch>> = store
        .recent_matter_cases(
            o.school_a1,
            &["admissions.zoning".to_owned()],
            since,
            300,
            None,
        )
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.id, c.sketch))
        .collect();
    assert_eq!(read.len(), 5, "{read:?}");
    assert_eq!(read[&one], Some(sketch(0)));
    assert_eq!(read[&none], None);
    assert_eq!(
        read[&older], None,
        "a sketch of another version is not used"
    );
    assert_eq!(read[&bulk[0].0], Some(sketch(3)));
    assert_eq!(read[&bulk[1].0], None);
    assert!(sketch(0).resemblance(&sketch(3)) < 1.0);
}

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

/// Resolves warning `id`.
async fn resolve(store: &huiyin_store::Store, id: i64) {
    let w = store.warning(id).await.unwrap().expect("stored");
    let step = huiyin_store::WarningStepRecord {
        action: "resolve".into(),
        from_status: "open".into(),
        to_status: "resolved".into(),
        note: "已化解".into(),
        actor_user_id: None,
        actor_name: "测试".into(),
        from_unit_id: w.unit_id,
        to_unit_id: w.unit_id,
        at: 3_000,
    };
    let change = huiyin_store::WarningChange {
        id,
        expected_version: w.version,
        status: huiyin_core::warning::WarningStatus::Resolved,
        unit_id: w.unit_id,
        acknowledge_due_at: w.acknowledge_due_at,
        acknowledged_at: None,
        resolved_at: Some(3_000),
        note: Some("已化解".into()),
        step,
        notify: Vec::new(),
    };
    assert!(store.change_warning(&change).await.unwrap());
}

fn cluster(unit: i64, level: WarningLevel, others: Vec<i64>) -> NewWarning {
    NewWarning {
        kind: WarningKind::Cluster,
        level,
        unique_key: None,
        other_case_ids: others,
        ..spike(unit, "unused")
    }
}

/// The clusters a batch of registrations joins are updated and linked together: a warning
/// joined twice takes the higher level and its explanation and links every case named, a
/// second warning its own; a join of a warning resolved since it was judged raises a new
/// warning instead, with the messages of a raising.
#[tokio::test]
async fn a_batch_joins_its_clusters_together_and_a_resolved_one_is_raised_anew() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let day = "2026-06-22";
    let first = insert(
        &store,
        case(o.school_a1, "330100-2026", "第一件", "收费", day),
    )
    .await;
    let other = insert(
        &store,
        case(o.school_a1, "330100-2026", "另一件", "收费", day),
    )
    .await;
    let open = store
        .insert_warning(
            &cluster(o.county_a, WarningLevel::Yellow, vec![]),
            &[first],
            1_000,
        )
        .await
        .unwrap()
        .expect("raised");
    let gone = store
        .insert_warning(
            &cluster(o.county_a, WarningLevel::Yellow, vec![]),
            &[other],
            1_000,
        )
        .await
        .unwrap()
        .expect("raised");
    let third = insert(
        &store,
        case(o.school_a1, "330100-2026", "第三件", "收费", day),
    )
    .await;
    let second = store
        .insert_warning(
            &cluster(o.county_a, WarningLevel::Yellow, vec![]),
            &[third],
            1_000,
        )
        .await
        .unwrap()
        .expect("raised");
    resolve(&store, gone).await;
    let before = store.warning(open).await.unwrap().expect("stored");
    let joining = |level: WarningLevel, why: &str, join: i64, others: Vec<i64>| {
        let mut rec = case(o.school_a1, "330100-2026", why, "收费", day);
        let mut w = cluster(o.county_a, level, others);
        w.explanation_zh = why.to_owned();
        w.explanation_en = why.to_owned();
        w.join_warning_id = Some(join);
        rec.warnings = vec![w];
        rec
    };
    let mut after_resolution = joining(
        WarningLevel::Yellow,
        "after the resolution",
        gone,
        vec![other],
    );
    after_resolution.warnings[0].notify = vec![huiyin_store::OutboxDraft {
        event: huiyin_core::outbox::OutboxEvent::WarningRaised,
        recipient_unit_id: Some(o.county_a),
        audience: None,
        recipient_user_id: None,
        channel: huiyin_core::outbox::Channel::InApp,
        text_zh: "黄色预警".into(),
        text_en: "yellow warning".into(),
        key: "yellow".into(),
    }];
    let batch = [
        joining(WarningLevel::Orange, "orange", open, vec![]),
        joining(WarningLevel::Yellow, "second", second, vec![]),
        joining(WarningLevel::Yellow, "yellow", open, vec![first]),
        after_resolution,
    ];
    let ids: Vec<i64> = store
        .insert_cases(&batch, 2_000)
        .await
        .unwrap()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let joined = store.warning(open).await.unwrap().expect("stored");
    assert_eq!(joined.level, WarningLevel::Orange);
    assert_eq!(joined.explanation_zh, "orange");
    assert_eq!(joined.version, before.version + 1);
    let of_open = store.warnings_of_case(ids[2]).await.unwrap();
    let mut cases = of_open[0].case_ids.clone();
    cases.sort_unstable();
    assert_eq!(cases, vec![first, ids[0], ids[2]]);
    let joined_too = store.warning(second).await.unwrap().expect("stored");
    assert_eq!(joined_too.explanation_zh, "second");
    let of_second = store.warnings_of_case(ids[1]).await.unwrap();
    let mut cases = of_second[0].case_ids.clone();
    cases.sort_unstable();
    assert_eq!(cases, vec![third, ids[1]]);
    // The resolved warning is left as it was; the third case raised its own.
    let resolved = store.warning(gone).await.unwrap().expect("stored");
    assert_eq!(
        resolved.status,
        huiyin_core::warning::WarningStatus::Resolved
    );
    let of_third = store.warnings_of_case(ids[3]).await.unwrap();
    assert_eq!(of_third.len(), 1, "{of_third:#?}");
    let raised = &of_third[0];
    assert_ne!(raised.id, gone);
    assert_eq!(raised.explanation_zh, "after the resolution");
    let mut linked = raised.case_ids.clone();
    linked.sort_unstable();
    assert_eq!(linked, vec![other, ids[3]]);
    // Its messages are written with it, to the warning raised.
    let everyone = huiyin_store::OutboxSight {
        case_worker: false,
        scope: huiyin_store::Scope::All,
        firewall: Default::default(),
        units: None,
    };
    let (messages, total) = store
        .list_outbox(&everyone, None, None, 50, 0)
        .await
        .unwrap();
    assert_eq!(total, 1, "{messages:#?}");
    assert_eq!(messages[0].warning_id, Some(raised.id));
}

/// Each candidate of a cluster comes with the open cluster warnings that link it (their level
/// and owner: what a registration joining one needs) and who petitioned in it, read with the
/// candidates; a resolved cluster and another kind's warning are not among them.
#[tokio::test]
async fn a_candidate_comes_with_its_open_clusters_and_its_petitioners() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let mut ids = Vec::new();
    for i in 0..4 {
        let mut c = case(
            o.school_a1,
            "330100-2026",
            &format!("第{i}件"),
            "收费",
            "2026-06-22",
        );
        if i == 1 {
            c.petitioners = vec![
                common::petitioner("王 芳", Some("330106199001011234"), None),
                common::petitioner("赵六", None, None),
            ];
        }
        ids.push(insert(&store, c).await);
    }
    let open = store
        .insert_warning(
            &cluster(o.county_a, WarningLevel::Orange, vec![ids[1]]),
            &[ids[2]],
            2_000,
        )
        .await
        .unwrap()
        .expect("raised");
    let resolved = store
        .insert_warning(
            &cluster(o.county_b, WarningLevel::Red, vec![]),
            &[ids[3]],
            2_000,
        )
        .await
        .unwrap()
        .expect("raised");
    resolve(&store, resolved).await;
    // A spike links the first case: not a cluster.
    store
        .insert_warning(&spike(o.county_a, "spike:one"), &[ids[0]], 2_000)
        .await
        .unwrap()
        .expect("raised");
    // And a second open cluster that also holds the second case.
    let newer = store
        .insert_warning(
            &cluster(o.county_a, WarningLevel::Blue, vec![]),
            &[ids[1]],
            4_000,
        )
        .await
        .unwrap()
        .expect("raised");

    let since = huiyin_core::Date::parse("2026-06-01").unwrap();
    let field = ["admissions.zoning".to_owned()];
    let read: std::collections::HashMap<i64, huiyin_store::MatterCase> = store
        .recent_matter_cases(o.school_a1, &field, since, 300, None)
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    assert_eq!(read.len(), 4);
    let link = |warning_id: i64, level: WarningLevel, unit_id: i64| huiyin_store::ClusterLink {
        warning_id,
        level,
        unit_id,
    };
    assert!(read[&ids[0]].clusters.is_empty(), "a spike is no cluster");
    let mut second = read[&ids[1]].clusters.clone();
    second.sort_by_key(|l| l.warning_id);
    assert_eq!(
        second,
        vec![
            link(open, WarningLevel::Orange, o.county_a),
            link(newer, WarningLevel::Blue, o.county_a)
        ]
    );
    assert_eq!(
        read[&ids[2]].clusters,
        vec![link(open, WarningLevel::Orange, o.county_a)]
    );
    assert!(
        read[&ids[3]].clusters.is_empty(),
        "a resolved cluster is gone"
    );
    // Who petitioned: the ID-number key, else the name-and-phone key, else the name.
    assert_eq!(
        read[&ids[0]].petitioners,
        vec!["npk:李四:13900000000".to_owned()]
    );
    let mut people = read[&ids[1]].petitioners.clone();
    people.sort();
    assert_eq!(
        people,
        vec!["idk:330106199001011234".to_owned(), "name:赵六".to_owned()]
    );
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

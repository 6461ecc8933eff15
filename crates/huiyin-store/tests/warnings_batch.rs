//! Warnings written in batches: the spike scan's (one transaction for many, a key raised
//! before, earlier or in the same batch, writes nothing, every case behind a warning is linked
//! once however many statements the links take, and the keys raised already are found in one
//! read), and the cluster joins of a batch of registrations.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::warnings::{cluster, resolve, spike};
use common::{case, insert, org, store};
use huiyin_core::warning::WarningLevel;

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
    let (messages, total) = common::warnings::all_messages(&store).await;
    assert_eq!(total, 1, "{messages:#?}");
    assert_eq!(messages[0].warning_id, Some(raised.id));
}

/// A join names the warning's owner, or a body above it when a case joining is an accusation
/// against the owner: the warning moves up to the highest owner its joins name, in the batch's
/// statement or one by one, and never down or sideways, whatever the order of the joins.
#[tokio::test]
async fn a_join_moves_its_warning_up_to_the_owner_it_names_and_never_down() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let day = "2026-06-22";
    let mut warning_of = Vec::new();
    for owner in [o.county_a, o.county_a, o.city, o.county_a, o.county_a] {
        let c = insert(
            &store,
            case(o.school_a1, "330100-2026", "收费", "收费", day),
        )
        .await;
        let id = store
            .insert_warning(&cluster(owner, WarningLevel::Yellow, vec![]), &[c], 1_000)
            .await
            .unwrap()
            .expect("raised");
        warning_of.push(id);
    }
    let [up, two_up, stays_above, no_sideways, single] = warning_of[..] else {
        unreachable!()
    };
    let joining = |join: i64, owner: i64| {
        let mut rec = case(o.school_a1, "330100-2026", "收费", "收费", day);
        let mut w = cluster(owner, WarningLevel::Yellow, vec![]);
        w.join_warning_id = Some(join);
        rec.warnings = vec![w];
        rec
    };
    let batch = [
        joining(up, o.city),
        joining(up, o.county_a),
        joining(two_up, o.city),
        joining(two_up, o.province),
        joining(two_up, o.city),
        joining(stays_above, o.county_a),
        joining(no_sideways, o.county_b),
    ];
    store.insert_cases(&batch, 2_000).await.unwrap();
    let owner = |id: i64| {
        let store = store.clone();
        async move { store.warning(id).await.unwrap().expect("stored").unit_id }
    };
    assert_eq!(owner(up).await, o.city);
    assert_eq!(owner(two_up).await, o.province);
    assert_eq!(owner(stays_above).await, o.city, "never down");
    assert_eq!(owner(no_sideways).await, o.county_a, "never sideways");
    // A join written on its own (a history judged case by case) moves the same way.
    let c = insert(
        &store,
        case(o.school_a1, "330100-2026", "收费", "收费", day),
    )
    .await;
    let mut w = cluster(o.city, WarningLevel::Orange, vec![]);
    w.join_warning_id = Some(single);
    let joined = store.insert_warning(&w, &[c], 3_000).await.unwrap();
    assert_eq!(joined, Some(single));
    assert_eq!(owner(single).await, o.city);
    let mut w = cluster(o.county_a, WarningLevel::Orange, vec![]);
    w.join_warning_id = Some(single);
    store.insert_warning(&w, &[c], 3_000).await.unwrap();
    assert_eq!(owner(single).await, o.city, "never down");
}

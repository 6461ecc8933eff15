//! The candidates of the cluster signal (`Store::recent_matter_cases`): the recent cases of one
//! matter, newest first, each with its text's sketch, the open clusters that link it and who
//! petitioned in it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::warnings::{cluster, resolve, spike};
use common::{case, insert, org, store};
use huiyin_core::warning::WarningLevel;

/// Each candidate of a cluster comes with the open cluster warnings that link it (their level
/// and owner: what a registration joining one needs), who petitioned in it and the wall of an
/// accusation, read with the candidates; a resolved cluster and another kind's warning are not
/// among them.
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
        if i == 2 {
            c.case.petition_type = huiyin_core::kinds::PetitionType::Accusation;
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
    // The accusation's wall (its concerned unit), so its cluster is owned above it.
    let walls: Vec<Option<i64>> = ids.iter().map(|id| read[id].walled_unit_id).collect();
    assert_eq!(walls, vec![None, None, Some(o.school_a1), None]);
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

//! A case and everything that belongs to it reads back exactly as written; numbers run per
//! scope; personal data is sealed at rest when keys are configured.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;

use common::{assert_entry_eq, case, day, deadline, entry, flags, insert, org, petitioner, store};
use huiyin_core::case::{CaseDetail, Flag, Status};
use huiyin_core::kinds::{Channel, PetitionType};
use huiyin_core::workflow::DeadlineKind;
use huiyin_crypto::{Algorithm, KeyRing};
use huiyin_store::{KeySource, Store, StoreError};

#[tokio::test]
async fn a_case_with_all_its_parts_round_trips_field_by_field() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let earlier = insert(
        &store,
        case(o.county_a, "330106-2026", "学区划分", "旧事", "2026-01-05"),
    )
    .await;

    let mut rec = case(
        o.school_a1,
        "330106-2026",
        "学区划分不合理",
        "孩子被划到远处的学校",
        "2026-03-02",
    );
    rec.case.channel = Channel::Visit;
    rec.case.petition_type = PetitionType::Suggestion;
    rec.case.category = "admissions.zoning".into();
    rec.case.demands = "重新划分".into();
    rec.case.receiving_unit_id = o.county_a;
    rec.case.handling_unit_id = o.school_a1;
    rec.case.concerned_unit_id = o.county_a;
    rec.case.people_count = 6;
    rec.case.flags = flags(&[Flag::Repeat, Flag::Collective]);
    rec.case.detail = CaseDetail {
        extension_days: 3,
        extension_reason: Some("材料补充".into()),
        accepted_on: Some(day("2026-03-04")),
        ..CaseDetail::default()
    };
    rec.petitioners = vec![
        petitioner("张伟", Some("110101199003071234"), Some("13800138000")),
        petitioner("欧阳明华", None, None),
    ];
    rec.petitioners[1].petitioner.representative = true;
    rec.links = vec![(earlier, "repeat".into())];
    rec.deadlines = vec![
        deadline(DeadlineKind::Handling, day("2026-03-04"), day("2026-05-03")),
        deadline(DeadlineKind::Disposal, day("2026-03-02"), day("2026-03-17")),
    ];
    rec.deadlines[0].provisional = true;
    rec.more_entries = vec![entry(
        "accept",
        day("2026-03-04"),
        Some(Status::Registered),
        Status::Accepted,
        2_000,
    )];
    rec.case.status = Status::Accepted;
    rec.visible_units = vec![o.county_a, o.school_a1, o.county_a];

    let (id, number) = store.insert_cases(&[rec.clone()], 5_000).await.unwrap()[0].clone();
    assert_eq!(number, "330106-2026-000002");
    let got = store.case(id).await.unwrap().expect("case exists");
    assert_eq!(got.version, 1);
    let c = &got.case;
    assert_eq!((c.id, c.number.as_str()), (id, number.as_str()));
    assert_eq!(c.status, Status::Accepted);
    assert_eq!(c.channel, Channel::Visit);
    assert_eq!(c.petition_type, PetitionType::Suggestion);
    assert_eq!(c.category, "admissions.zoning");
    assert_eq!(c.title, "学区划分不合理");
    assert_eq!(c.content, "孩子被划到远处的学校");
    assert_eq!(c.demands, "重新划分");
    assert_eq!(c.received_on, day("2026-03-02"));
    assert_eq!(c.last_step_on, day("2026-03-02"));
    assert_eq!(
        (c.receiving_unit_id, c.handling_unit_id, c.concerned_unit_id),
        (o.county_a, o.school_a1, o.county_a)
    );
    assert_eq!(c.people_count, 6);
    assert_eq!(c.flags, flags(&[Flag::Collective, Flag::Repeat]));
    assert_eq!(c.detail, rec.case.detail);
    let petitioners: Vec<_> = rec
        .petitioners
        .iter()
        .map(|p| p.petitioner.clone())
        .collect();
    assert_eq!(
        got.petitioners, petitioners,
        "petitioners in position order"
    );
    let tuples = |links: &[huiyin_store::CaseLink]| {
        links
            .iter()
            .map(|l| (l.case_id, l.kind.clone(), l.number.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        tuples(&got.links),
        vec![(
            earlier,
            "repeat".to_owned(),
            "330106-2026-000001".to_owned()
        )]
    );
    // Links are written both ways.
    let back = store.case(earlier).await.unwrap().unwrap();
    assert_eq!(
        tuples(&back.links),
        vec![(id, "repeat".to_owned(), number.clone())]
    );
    // Deadlines come back by due day.
    assert_eq!(
        got.deadlines,
        vec![rec.deadlines[1].clone(), rec.deadlines[0].clone()]
    );
    let units: BTreeSet<_> = got.visible_units.iter().copied().collect();
    assert_eq!(units, BTreeSet::from([o.county_a, o.school_a1]));
    assert_eq!(got.visible_units.len(), 2, "a repeated unit is stored once");

    let timeline = store.timeline(id).await.unwrap();
    assert_eq!(timeline.len(), 2);
    assert_entry_eq(&timeline[0], &rec.first_entry);
    assert_entry_eq(&timeline[1], &rec.more_entries[0]);

    // Read together, each case is read as alone (in the order asked; unknown ids skipped).
    let together = store.case_records(&[earlier, id + 100, id]).await.unwrap();
    assert_eq!(together.len(), 2);
    for (rec, alone) in together.iter().zip([&back, &got]) {
        assert_eq!(rec.case, alone.case);
        assert_eq!(rec.version, alone.version);
        assert_eq!(rec.petitioners, alone.petitioners);
        assert_eq!(rec.links, alone.links);
        assert_eq!(rec.deadlines, alone.deadlines);
        let sorted = |u: &[i64]| u.iter().copied().collect::<BTreeSet<_>>();
        assert_eq!(sorted(&rec.visible_units), sorted(&alone.visible_units));
    }

    let by_ids = store.cases_by_ids(&[id, earlier]).await.unwrap();
    assert_eq!(by_ids.len(), 2);
    assert_eq!(by_ids[1], (got.case.clone(), 1));
    assert!(store.case(id + 100).await.unwrap().is_none());
    assert_eq!(store.count_cases().await.unwrap(), 2);
}

#[tokio::test]
async fn numbers_run_per_scope_and_are_unique() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let r = |scope: &str| case(o.county_a, scope, "食堂", "饭菜", "2026-02-01");
    let first = store
        .insert_cases(&[r("330106-2026"), r("330108-2026"), r("330106-2026")], 1)
        .await
        .unwrap();
    let second = store
        .insert_cases(&[r("330106-2025"), r("330106-2026"), r("330108-2026")], 2)
        .await
        .unwrap();
    let numbers: Vec<&str> = first
        .iter()
        .chain(&second)
        .map(|(_, n)| n.as_str())
        .collect();
    assert_eq!(
        numbers,
        [
            "330106-2026-000001",
            "330108-2026-000001",
            "330106-2026-000002",
            "330106-2025-000001",
            "330106-2026-000003",
            "330108-2026-000002",
        ]
    );
    let ids: BTreeSet<_> = first.iter().chain(&second).map(|(id, _)| *id).collect();
    assert_eq!(ids.len(), 6, "ids are unique");
    for (id, n) in first.iter().chain(&second) {
        assert_eq!(&store.case(*id).await.unwrap().unwrap().case.number, n);
    }
}

#[tokio::test]
async fn a_failed_batch_writes_nothing_and_uses_no_number() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let good = case(o.county_a, "330106-2026", "收费", "乱收费", "2026-02-01");
    let mut bad = good.clone();
    bad.case.handling_unit_id = 9_999; // no such unit: the foreign key rejects the batch
    let err = store.insert_cases(&[good.clone(), bad], 1).await;
    assert!(err.is_err(), "{err:?}");
    assert_eq!(store.count_cases().await.unwrap(), 0);
    let (_, n) = store.insert_cases(&[good], 2).await.unwrap()[0].clone();
    assert_eq!(
        n, "330106-2026-000001",
        "the rolled-back batch consumed no number"
    );
}

fn keyed(store: Store) -> Store {
    let ring = KeyRing::generate(Algorithm::Sm4Gcm).unwrap();
    store.with_keys(Arc::new(KeySource::new(ring, None)))
}

#[tokio::test]
async fn personal_data_is_sealed_at_rest_and_reads_back_clear() {
    let (_dir, store) = store().await;
    let store = keyed(store);
    let o = org(&store).await;
    let mut rec = case(o.county_a, "330106-2026", "学区", "划片", "2026-02-01");
    rec.petitioners = vec![petitioner(
        "张伟",
        Some("110101199003071234"),
        Some("13800138000"),
    )];
    let id = insert(&store, rec).await;

    let raw = store.raw_petitioner_columns_for_tests().await.unwrap();
    assert_eq!(
        raw.len(),
        3,
        "id number, phone and address are stored: {raw:?}"
    );
    for v in &raw {
        assert!(KeyRing::is_sealed(v), "stored in clear: {v}");
        for clear in ["110101199003071234", "13800138000", "文三路"] {
            assert!(!v.contains(clear), "{v} contains {clear}");
        }
    }
    let p = &store.case(id).await.unwrap().unwrap().petitioners[0];
    assert_eq!(p.id_number.as_deref(), Some("110101199003071234"));
    assert_eq!(p.phone.as_deref(), Some("13800138000"));
    assert_eq!(p.address.as_deref(), Some("杭州市西湖区文三路1号"));
    // The same values through a second handle with the keys (another process).
    let other = store.reconnect().await.unwrap();
    let p2 = &other.case(id).await.unwrap().unwrap().petitioners[0];
    assert_eq!(p2, p);

    // Without the keys the sealed values cannot be read and are not passed off as clear.
    let keyless = Store::connect(&store.url_for_tests()).await.unwrap();
    assert!(matches!(
        keyless.case(id).await,
        Err(StoreError::Corrupt(_))
    ));
}

#[tokio::test]
async fn without_keys_personal_data_is_stored_as_given() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let mut rec = case(o.county_a, "330106-2026", "学区", "划片", "2026-02-01");
    rec.petitioners = vec![petitioner("张伟", Some("110101199003071234"), None)];
    let id = insert(&store, rec).await;
    let raw = store.raw_petitioner_columns_for_tests().await.unwrap();
    assert_eq!(raw, ["110101199003071234", "杭州市西湖区文三路1号"]);
    let p = &store.case(id).await.unwrap().unwrap().petitioners[0];
    assert_eq!(
        (p.id_number.as_deref(), p.phone.as_deref()),
        (Some("110101199003071234"), None)
    );
}

#[tokio::test]
async fn a_persons_cases_are_found_by_id_number_or_name_and_phone_whatever_the_matter() {
    // Repeat and after-final detection then compare the matters themselves (issue 10 item 9).
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let mut a = case(o.county_a, "330106-2026", "学区", "一", "2026-01-01");
    a.petitioners = vec![petitioner(
        "张伟",
        Some("110101199003071234"),
        Some("13800138000"),
    )];
    let mut other_matter = a.clone();
    other_matter.case.category = "fees.charges".into();
    let mut other_unit = a.clone();
    other_unit.case.concerned_unit_id = o.county_b;
    let mut by_phone = case(o.county_a, "330106-2026", "学区", "二", "2026-01-09");
    by_phone.petitioners = vec![petitioner("张伟", None, Some("13800138000"))];
    let mut stranger = case(o.county_a, "330106-2026", "学区", "三", "2026-01-10");
    stranger.petitioners = vec![petitioner("李娜", None, Some("13700137000"))];
    let ids: Vec<_> = store
        .insert_cases(&[a, other_matter, other_unit, by_phone, stranger], 1)
        .await
        .unwrap()
        .into_iter()
        .map(|(id, _)| id)
        .collect();

    let id_keys = ["idk:110101199003071234".to_owned()];
    let np_keys = ["npk:张伟:13800138000".to_owned()];
    let by_id = store
        .cases_of_petitioner_keys(&id_keys, &[], 50)
        .await
        .unwrap();
    assert_eq!(
        by_id,
        [ids[2], ids[1], ids[0]],
        "newest first, every matter"
    );
    let by_np = store
        .cases_of_petitioner_keys(&[], &np_keys, 50)
        .await
        .unwrap();
    assert_eq!(by_np, [ids[3], ids[2], ids[1], ids[0]]);
    let both = store
        .cases_of_petitioner_keys(&id_keys, &np_keys, 50)
        .await
        .unwrap();
    assert_eq!(both, by_np, "each case once");
    assert_eq!(
        store
            .cases_of_petitioner_keys(&id_keys, &np_keys, 2)
            .await
            .unwrap(),
        [ids[3], ids[2]],
        "the limit keeps the newest"
    );
    assert!(
        store
            .cases_of_petitioner_keys(&[], &[], 50)
            .await
            .unwrap()
            .is_empty()
    );
}

//! The new warnings of a batch of registrations, written together (one statement per table
//! for all of them, `warning_writes::insert_new_warnings_in`): each warning is linked to its
//! own case and carries its own messages, across the statements' limits, and a key raised
//! before, or earlier in the batch, writes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;

use common::warnings::spike;
use common::{case, insert, org, store};
use huiyin_core::outbox::{Channel, OutboxEvent};
use huiyin_core::warning::WarningKind;
use huiyin_store::OutboxDraft;

fn message(unit: i64, key: &str) -> OutboxDraft {
    OutboxDraft {
        event: OutboxEvent::WarningRaised,
        recipient_unit_id: Some(unit),
        audience: None,
        recipient_user_id: None,
        channel: Channel::InApp,
        text_zh: format!("预警 {key}"),
        text_en: format!("warning {key}"),
        key: key.to_owned(),
    }
}

#[tokio::test]
async fn a_batch_of_registrations_writes_each_new_warning_with_its_case_and_messages() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let day = "2026-06-22";
    let earlier = insert(
        &store,
        case(o.school_a1, "330100-2026", "早前一件", "收费", day),
    )
    .await;
    let mut raised_before = spike(o.county_a, "sensitive:before");
    raised_before.kind = WarningKind::Sensitive;
    store
        .insert_warning(&raised_before, &[earlier], 1_000)
        .await
        .unwrap()
        .expect("raised");

    // More warnings than one statement writes (200) and more messages (300): each case raises
    // a warning of its own (keyed by its case, known only once written) with two messages.
    let mut batch: Vec<_> = (0..230)
        .map(|i| {
            let mut rec = case(o.school_a1, "330100-2026", &format!("第{i}件"), "收费", day);
            let mut w = spike(o.county_a, &format!("case {i}"));
            w.kind = WarningKind::Sensitive;
            w.unique_key = None;
            w.notify = vec![message(o.county_a, "red"), message(o.city, "red")];
            rec.warnings = vec![w];
            rec
        })
        .collect();
    // Two registrations raising one key: the first writes it, the second nothing; and a key
    // raised before writes nothing.
    for (title, key) in [
        ("同键其一", "collective:same"),
        ("同键其二", "collective:same"),
        ("早前已有", "sensitive:before"),
    ] {
        let mut rec = case(o.school_a1, "330100-2026", title, "收费", day);
        let mut w = spike(o.county_a, title);
        w.unique_key = Some(key.to_owned());
        w.notify = vec![message(o.county_a, title)];
        rec.warnings = vec![w];
        batch.push(rec);
    }
    let ids: Vec<i64> = store
        .insert_cases(&batch, 2_000)
        .await
        .unwrap()
        .into_iter()
        .map(|(id, _)| id)
        .collect();

    let mut warning_of_case = HashMap::new();
    for (i, id) in ids.iter().enumerate().take(231) {
        let of = store.warnings_of_case(*id).await.unwrap();
        assert_eq!(of.len(), 1, "case {i}: {of:#?}");
        assert_eq!(of[0].case_ids, vec![*id], "case {i}");
        let want = if i < 230 {
            format!("case {i} above its baseline")
        } else {
            "同键其一 above its baseline".to_owned()
        };
        assert_eq!(of[0].explanation_en, want);
        warning_of_case.insert(of[0].id, *id);
    }
    assert_eq!(warning_of_case.len(), 231, "one warning per case");
    for late in [ids[231], ids[232]] {
        assert!(store.warnings_of_case(late).await.unwrap().is_empty());
    }
    let before = store.warnings_of_case(earlier).await.unwrap();
    assert_eq!(before.len(), 1);
    assert_eq!(before[0].case_ids, vec![earlier]);

    // Every message is its own warning's: two for each case's, one for the shared key's, and
    // none for the key raised before.
    let (messages, total) = common::warnings::all_messages(&store).await;
    assert_eq!(total, 230 * 2 + 1, "{:#?}", &messages[..3]);
    let mut per_warning: HashMap<i64, Vec<Option<i64>>> = HashMap::new();
    for m in &messages {
        let w = m.warning_id.expect("a warning's message");
        assert!(warning_of_case.contains_key(&w), "{m:#?}");
        per_warning.entry(w).or_default().push(m.recipient_unit_id);
    }
    for (w, case_id) in &warning_of_case {
        let mut to = per_warning.remove(w).unwrap_or_default();
        to.sort_unstable();
        let want = if *case_id == ids[230] {
            vec![Some(o.county_a)]
        } else {
            let mut both = vec![Some(o.county_a), Some(o.city)];
            both.sort_unstable();
            both
        };
        assert_eq!(to, want, "warning {w} of case {case_id}");
    }
}

//! The cluster signal judged as a batch from its queue (`cluster_queue.rs`) keeps the wall as
//! registrations judged one by one do: an accusation among the batch's cases moves the
//! cluster the batch raised above the accused unit, whose staff then neither list, count nor
//! open it, and the move is one step of its history.

use super::warning_walls::{clusters_seen, fees, hidden_from_the_accused};
use super::*;

#[tokio::test]
async fn an_accusation_judged_in_a_batch_moves_the_batchs_cluster_above_the_wall() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let registrar2 = t.token("registrar2").await;
    // The judge is at work while three complaints of the county's fees, an accusation of the
    // same and a fourth complaint are registered: all five are judged together.
    let held = t.app.hold_cluster_judge().await;
    for (name, phone, on) in [
        ("甲一", "13700000001", "2026-06-24"),
        ("乙二", "13700000002", "2026-06-25"),
        ("丁四", "13700000004", "2026-06-26"),
    ] {
        t.register(&registrar2, &fees(&t, "appeal", name, phone, on))
            .await;
    }
    let accusation = t
        .register(
            &registrar,
            &fees(&t, "accusation", "丙三", "13700000003", "2026-06-27"),
        )
        .await;
    t.register(
        &registrar2,
        &fees(&t, "appeal", "戊五", "13700000005", "2026-06-28"),
    )
    .await;
    assert!(
        clusters_seen(&t, "city").await.is_empty(),
        "none judged yet"
    );
    drop(held);
    assert_eq!(
        t.app
            .judge_cluster_queue_until_empty()
            .await
            .expect("judge"),
        5
    );
    let seen = clusters_seen(&t, "city").await;
    assert_eq!(seen.len(), 1, "one cluster: {seen:?}");
    let id = seen[0]["id"].clone();
    assert_eq!(seen[0]["unit_id"], t.units.city, "{}", seen[0]);
    let cases = seen[0]["case_ids"].as_array().unwrap();
    assert_eq!(cases.len(), 5, "{}", seen[0]);
    assert!(cases.contains(&accusation["id"]));
    let city = t.token("city").await;
    let (_, w) = t.get(&format!("/api/v1/warnings/{id}"), Some(&city)).await;
    let history = w["history"].as_array().unwrap();
    assert_eq!(history.len(), 1, "moved once: {w}");
    assert_eq!(history[0]["action"], "move_above_wall", "{w}");
    assert_eq!(w["status"], "escalated", "{w}");
    hidden_from_the_accused(&t, &id).await;
}

//! The job queue and leases: a claim is exclusive until its lock expires, completed jobs stay
//! done, failed jobs come back after their retry time, and one holder at a time has a lease
//! (two stores stand for two processes).

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod common;

use std::collections::BTreeSet;

use common::{case, day, insert, org, store};

#[tokio::test]
async fn a_job_is_enqueued_once_per_key() {
    let (_dir, store) = store().await;
    assert!(
        store
            .enqueue_job("retime", "retime:2026", "{\"y\":2026}", 0)
            .await
            .unwrap()
    );
    assert!(
        !store
            .enqueue_job("retime", "retime:2026", "{\"other\":1}", 0)
            .await
            .unwrap()
    );
    let job = store.claim_job("a", 10, 100).await.unwrap().unwrap();
    assert_eq!(
        (
            job.kind.as_str(),
            job.unique_key.as_str(),
            job.payload.as_str(),
            job.attempts
        ),
        ("retime", "retime:2026", "{\"y\":2026}", 1)
    );
    assert!(
        store.claim_job("a", 10, 100).await.unwrap().is_none(),
        "only one job exists"
    );
}

#[tokio::test]
async fn a_claimed_job_is_not_claimed_again_until_its_lock_expires() {
    let (_dir, store) = store().await;
    let other = store.reconnect().await.unwrap();
    store.enqueue_job("k", "job-1", "p", 0).await.unwrap();
    let first = store
        .claim_job("holder-a", 1_000, 500)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.attempts, 1);
    assert!(
        other
            .claim_job("holder-b", 1_200, 500)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        other
            .claim_job("holder-b", 1_500, 500)
            .await
            .unwrap()
            .is_none(),
        "locked until 1500"
    );
    let again = other
        .claim_job("holder-b", 1_501, 500)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((again.id, again.attempts), (first.id, 2));
    assert!(
        store
            .claim_job("holder-a", 1_600, 500)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn jobs_wait_for_their_time_and_run_oldest_first() {
    let (_dir, store) = store().await;
    store.enqueue_job("k", "late", "", 5_000).await.unwrap();
    store.enqueue_job("k", "early", "", 3_000).await.unwrap();
    store
        .enqueue_job("k", "early-too", "", 3_000)
        .await
        .unwrap();
    assert!(store.claim_job("h", 2_999, 10_000).await.unwrap().is_none());
    let keys: Vec<String> = {
        let mut v = Vec::new();
        while let Some(j) = store.claim_job("h", 4_999, 10_000).await.unwrap() {
            v.push(j.unique_key);
        }
        v
    };
    assert_eq!(
        keys,
        ["early", "early-too"],
        "run_after, then insertion order"
    );
    let late = store.claim_job("h", 5_000, 10_000).await.unwrap().unwrap();
    assert_eq!(late.unique_key, "late");
}

#[tokio::test]
async fn completed_jobs_stay_done_and_failed_jobs_return_after_retry() {
    let (_dir, store) = store().await;
    store.enqueue_job("k", "ok", "1", 0).await.unwrap();
    store.enqueue_job("k", "bad", "2", 0).await.unwrap();
    let ok = store.claim_job("h", 100, 50).await.unwrap().unwrap();
    let bad = store.claim_job("h", 100, 50).await.unwrap().unwrap();
    assert_eq!(
        (ok.unique_key.as_str(), bad.unique_key.as_str()),
        ("ok", "bad")
    );
    assert!(store.complete_job(ok.id, "h", 110).await.unwrap());
    assert!(store.fail_job(bad.id, "h", "boom", 1_000).await.unwrap());
    // The failed job's lock is released but it waits for its retry time; the completed one
    // never comes back, not even after its lock would have expired.
    assert!(store.claim_job("h2", 999, 50).await.unwrap().is_none());
    let retry = store.claim_job("h2", 1_000, 50).await.unwrap().unwrap();
    assert_eq!(
        (retry.id, retry.payload.as_str(), retry.attempts),
        (bad.id, "2", 2)
    );
    assert!(store.complete_job(retry.id, "h2", 1_010).await.unwrap());
    assert!(
        store
            .claim_job("h3", 1_000_000, 50)
            .await
            .unwrap()
            .is_none()
    );
    // A completed key is still taken: the job is not enqueued again.
    assert!(!store.enqueue_job("k", "ok", "1", 0).await.unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_workers_claim_every_job_exactly_once() {
    let (_dir, store) = store().await;
    for i in 0..30 {
        store
            .enqueue_job("k", &format!("job-{i}"), "", i)
            .await
            .unwrap();
    }
    let mut tasks = Vec::new();
    for (n, s) in [store.clone(), store.reconnect().await.unwrap()]
        .into_iter()
        .enumerate()
    {
        tasks.push(tokio::spawn(async move {
            let mut got = Vec::new();
            while let Some(j) = s.claim_job(&format!("w{n}"), 100, 60_000).await.unwrap() {
                got.push(j.id);
            }
            got
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let unique: BTreeSet<_> = all.iter().copied().collect();
    assert_eq!((all.len(), unique.len()), (30, 30), "{all:?}");
}

#[tokio::test]
async fn one_process_holds_a_lease_at_a_time() {
    let (_dir, a) = store().await;
    let b = a.reconnect().await.unwrap();
    const T: i64 = 1_767_225_600_000; // 2026-01-01, a real clock reading
    assert!(a.try_lease("scan", "proc-a", T, 1_000).await.unwrap());
    assert!(!b.try_lease("scan", "proc-b", T + 500, 1_000).await.unwrap());
    assert!(
        a.try_lease("scan", "proc-a", T + 900, 1_000).await.unwrap(),
        "renewal until 1900"
    );
    assert!(
        !b.try_lease("scan", "proc-b", T + 1_500, 1_000)
            .await
            .unwrap()
    );
    assert!(
        b.try_lease("scan", "proc-b", T + 1_901, 1_000)
            .await
            .unwrap(),
        "expired: taken over"
    );
    assert!(
        !a.try_lease("scan", "proc-a", T + 1_950, 1_000)
            .await
            .unwrap()
    );
    // Another lease name is independent.
    assert!(
        a.try_lease("retime", "proc-a", T + 1_950, 1_000)
            .await
            .unwrap()
    );
    // Only the holder can release.
    a.release_lease("scan", "proc-a").await.unwrap();
    assert!(
        !a.try_lease("scan", "proc-a", T + 2_000, 1_000)
            .await
            .unwrap()
    );
    b.release_lease("scan", "proc-b").await.unwrap();
    assert!(
        a.try_lease("scan", "proc-a", T + 2_000, 1_000)
            .await
            .unwrap()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simultaneous_lease_attempts_have_one_winner() {
    let (_dir, a) = store().await;
    let b = a.reconnect().await.unwrap();
    for round in 0..10i64 {
        let name = format!("lease-{round}");
        let (n1, n2) = (name.clone(), name.clone());
        let (s1, s2) = (a.clone(), b.clone());
        let t1 = tokio::spawn(async move { s1.try_lease(&n1, "a", 100, 1_000).await.unwrap() });
        let t2 = tokio::spawn(async move { s2.try_lease(&n2, "b", 100, 1_000).await.unwrap() });
        let (w1, w2) = (t1.await.unwrap(), t2.await.unwrap());
        assert!(w1 ^ w2, "round {round}: a={w1} b={w2}");
    }
}

#[tokio::test]
async fn a_scan_slot_runs_once_and_supervisions_are_created_once() {
    let (_dir, store) = store().await;
    let other = store.reconnect().await.unwrap();
    assert!(
        store
            .start_scan("overdue", "2026-03-10", "a", 1)
            .await
            .unwrap()
    );
    assert!(
        !other
            .start_scan("overdue", "2026-03-10", "b", 2)
            .await
            .unwrap()
    );
    assert!(
        other
            .start_scan("overdue", "2026-03-11", "b", 3)
            .await
            .unwrap()
    );
    store
        .finish_scan("overdue", "2026-03-10", 7, 4)
        .await
        .unwrap();
    let runs = store.scan_runs("overdue").await.unwrap();
    let seen: Vec<_> = runs
        .iter()
        .map(|r| (r.slot.as_str(), r.holder.as_str(), r.cases_marked))
        .collect();
    assert_eq!(seen, [("2026-03-10", "a", 7), ("2026-03-11", "b", 0)]);

    let o = org(&store).await;
    let id = insert(&store, case(o.county_a, "s", "学区", "划片", "2026-03-01")).await;
    let (due, on) = (day("2026-03-16"), day("2026-03-17"));
    assert!(
        store
            .insert_supervision(id, o.county_a, "remind", "disposal", due, on, "r1")
            .await
            .unwrap()
    );
    assert!(
        !other
            .insert_supervision(id, o.county_a, "remind", "disposal", due, on, "r1")
            .await
            .unwrap()
    );
    let sup = store.supervisions_of_case(id).await.unwrap();
    assert_eq!(sup.len(), 1);
    assert_eq!(
        (
            sup[0].unit_id,
            sup[0].kind.as_str(),
            sup[0].due_on,
            sup[0].created_on
        ),
        (o.county_a, "remind", due, on)
    );
    assert_eq!((sup[0].response.clone(), sup[0].adopted), (None, None));
    assert_eq!(store.overdue_case_ids(on, 0, 10).await.unwrap(), [id]);
    assert!(store.overdue_case_ids(due, 0, 10).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_runner_whose_lock_expired_cannot_complete_or_fail_the_job_another_runner_holds() {
    let (_dir, store) = store().await;
    store.enqueue_job("k", "slow", "1", 0).await.unwrap();
    let first = store.claim_job("h1", 100, 50).await.unwrap().unwrap();
    // h1's lock ends at 150; h2 claims the job at 200.
    let second = store.claim_job("h2", 200, 1_000).await.unwrap().unwrap();
    assert_eq!(first.id, second.id);
    assert!(!store.complete_job(first.id, "h1", 210).await.unwrap());
    assert!(!store.fail_job(first.id, "h1", "late", 220).await.unwrap());
    // Still h2's: nobody else may claim it before h2's lock ends.
    assert!(store.claim_job("h3", 1_100, 50).await.unwrap().is_none());
    assert!(store.complete_job(second.id, "h2", 1_150).await.unwrap());
    assert!(store.claim_job("h3", 10_000, 50).await.unwrap().is_none());
}

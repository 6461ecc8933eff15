//! Load generation over HTTP and latency statistics.

use reqwest::Client;
use serde_json::Value;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::cli::Error;

/// Latency summary of a measurement.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Latency {
    pub requests: usize,
    pub errors: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub per_second: f64,
    /// The slowest requests (milliseconds and path): every one at or above the p95, and at
    /// least three, to say what the tail that sets the p95 is made of.
    pub slowest: Vec<(f64, String)>,
}

/// Latency percentiles of samples that carry their request path.
pub fn summarize_paths(
    mut timed: Vec<(Duration, String)>,
    errors: usize,
    wall: Duration,
) -> Latency {
    timed.sort_by_key(|t| std::cmp::Reverse(t.0));
    let tail = (timed.len() / 20 + 1).max(3);
    let slowest = timed
        .iter()
        .take(tail)
        .filter(|(_, p)| !p.is_empty())
        .map(|(d, p)| (d.as_secs_f64() * 1000.0, p.clone()))
        .collect();
    let mut samples: Vec<Duration> = timed.into_iter().map(|(d, _)| d).collect();
    samples.sort_unstable();
    let pct = |p: f64| {
        if samples.is_empty() {
            return 0.0;
        }
        let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
        samples[i.min(samples.len() - 1)].as_secs_f64() * 1000.0
    };
    Latency {
        requests: samples.len(),
        errors,
        p50_ms: pct(0.50),
        p95_ms: pct(0.95),
        p99_ms: pct(0.99),
        per_second: samples.len() as f64 / wall.as_secs_f64().max(1e-9),
        slowest,
    }
}

/// A request to make: method GET (no body) or POST (with body), path, expected status.
#[derive(Clone)]
pub struct Req {
    pub post: Option<Value>,
    pub path: String,
    pub expect: u16,
}

/// Runs `reqs` with `concurrency` workers; every request must answer `expect`.
pub async fn run(
    client: &Client,
    base: &str,
    token: &str,
    reqs: Vec<Req>,
    concurrency: usize,
) -> Result<Latency, Error> {
    let reqs = Arc::new(reqs);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..concurrency.max(1) {
        let (client, base, token, reqs, next) = (
            client.clone(),
            base.to_owned(),
            token.to_owned(),
            reqs.clone(),
            next.clone(),
        );
        workers.push(tokio::spawn(async move {
            let mut samples = Vec::new();
            let mut errors = 0usize;
            let mut first_error = None;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(r) = reqs.get(i) else { break };
                let url = format!("{base}{}", r.path);
                let t0 = Instant::now();
                let res = match &r.post {
                    Some(body) => {
                        client
                            .post(&url)
                            .bearer_auth(&token)
                            .json(body)
                            .send()
                            .await
                    }
                    None => client.get(&url).bearer_auth(&token).send().await,
                };
                match res {
                    Ok(res) => {
                        let status = res.status().as_u16();
                        let body = res.bytes().await;
                        samples.push((t0.elapsed(), r.path.clone()));
                        if status != r.expect || body.is_err() {
                            errors += 1;
                            if first_error.is_none() {
                                first_error = Some(format!(
                                    "{} {} → {status}",
                                    if r.post.is_some() { "POST" } else { "GET" },
                                    r.path
                                ));
                            }
                        }
                    }
                    Err(e) => {
                        errors += 1;
                        first_error.get_or_insert(e.to_string());
                    }
                }
            }
            (samples, errors, first_error)
        }));
    }
    let (mut all, mut errors, mut first) = (Vec::new(), 0, None);
    for w in workers {
        let (s, e, f) = w.await?;
        all.extend(s);
        errors += e;
        if first.is_none() {
            first = f;
        }
    }
    if let Some(f) = first {
        eprintln!("  first error: {f}");
    }
    Ok(summarize_paths(all, errors, started.elapsed()))
}

/// A small deterministic generator for choosing ids and words.
pub struct Rng(pub u64);

impl Rng {
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

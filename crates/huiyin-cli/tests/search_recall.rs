//! Search finds what is written (issue 12 item 4), measured against a substring oracle on the
//! demo data: passages of two to six Chinese characters drawn from the titles, contents and
//! demands of the cases a city supervisor sees are searched through the API, and every case
//! whose text holds the passage must be among the results (recall 100 %). Precision is
//! reported, not asserted: a query term matches through its bigrams, and petitioners' names
//! are searched too.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;

use common::{Db, Server};
use huiyin_text::{is_cjk, normalize};
use serde_json::Value;

/// Queries drawn.
const QUERIES: usize = 160;

/// A small deterministic generator (the draw is the same on every run).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// Every case of a query's pages (200 per page).
async fn all_pages(server: &Server, token: &str, q: Option<&str>) -> Vec<Value> {
    let mut items = Vec::new();
    for page in 1.. {
        let mut path = format!("/api/v1/cases?per_page=200&page={page}");
        if let Some(q) = q {
            path.push_str("&q=");
            for b in q.bytes() {
                path.push_str(&format!("%{b:02X}"));
            }
        }
        let res = server
            .client
            .get(server.url(&path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let v: Value = res.json().await.unwrap();
        let got = v["items"].as_array().unwrap().clone();
        let last = got.len() < 200;
        items.extend(got);
        if last {
            break;
        }
    }
    items
}

/// The normalised searchable texts of a case.
fn texts(case: &Value) -> Vec<String> {
    ["title", "content", "demands"]
        .iter()
        .map(|f| normalize(case[f].as_str().unwrap()))
        .collect()
}

#[tokio::test]
async fn every_passage_of_the_demo_texts_is_found() {
    let db = Db::fresh().await;
    let server = db.serve(&["--demo", "--demo-cases", "300"], &[]).await;
    let (status, token) = server.sign_in("supervisor", "demo", None).await;
    assert_eq!(status, 200, "{token}");
    let token = token["token"].as_str().unwrap().to_owned();

    let cases = all_pages(&server, &token, None).await;
    assert!(
        cases.len() >= 50,
        "the supervisor sees {} cases",
        cases.len()
    );
    let corpus: Vec<(i64, Vec<String>)> = cases
        .iter()
        .map(|c| (c["id"].as_i64().unwrap(), texts(c)))
        .collect();

    let mut rng = Lcg(12);
    let mut drawn = BTreeSet::new();
    let (mut expected, mut recalled, mut returned, mut relevant) = (0usize, 0usize, 0usize, 0usize);
    let mut misses = Vec::new();
    while drawn.len() < QUERIES {
        let (_, fields) = &corpus[rng.below(corpus.len())];
        let field = &fields[rng.below(fields.len())];
        let runs: Vec<Vec<char>> = field
            .split(|c: char| !is_cjk(c))
            .map(|r| r.chars().collect::<Vec<char>>())
            .filter(|r| r.len() >= 2)
            .collect();
        if runs.is_empty() {
            continue;
        }
        let run = &runs[rng.below(runs.len())];
        let len = 2 + rng.below(run.len().min(6) - 1);
        let start = rng.below(run.len() - len + 1);
        let passage: String = run[start..start + len].iter().collect();
        if !drawn.insert(passage.clone()) {
            continue;
        }
        let oracle: BTreeSet<i64> = corpus
            .iter()
            .filter(|(_, f)| f.iter().any(|t| t.contains(&passage)))
            .map(|(id, _)| *id)
            .collect();
        let found: BTreeSet<i64> = all_pages(&server, &token, Some(&passage))
            .await
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect();
        expected += oracle.len();
        recalled += oracle.intersection(&found).count();
        returned += found.len();
        relevant += found.intersection(&oracle).count();
        if !oracle.is_subset(&found) {
            misses.push(format!(
                "{passage}: {} of {} found",
                oracle.intersection(&found).count(),
                oracle.len()
            ));
        }
    }
    eprintln!(
        "{QUERIES} passages over {} cases: recall {recalled}/{expected}, precision {relevant}/{returned}",
        corpus.len()
    );
    assert!(
        misses.is_empty(),
        "passages not found:\n{}",
        misses.join("\n")
    );
    assert_eq!(recalled, expected);
}

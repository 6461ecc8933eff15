//! Request parsing under random input: thousands of malformed bodies, wrong types, odd query
//! strings and paths; none may produce a 5xx or a body without the error contract.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{letter, spawn_app};
use serde_json::{Value, json};

/// xorshift64*: deterministic, so a failure is reproducible from the seed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn odd_value(r: &mut Rng) -> Value {
    match r.below(12) {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(-1),
        3 => json!(i64::MAX),
        4 => json!(1.5e300),
        5 => json!(""),
        6 => json!("<script>alert(1)</script>"),
        7 => json!("２０２６-０１-０１"),
        8 => json!([1, 2, 3]),
        9 => json!({"nested": {"deep": [null]}}),
        10 => json!("9999-99-99"),
        _ => json!("x".repeat(r.below(5000))),
    }
}

fn mutate(r: &mut Rng, mut v: Value) -> Value {
    if let Some(obj) = v.as_object_mut() {
        let keys: Vec<String> = obj.keys().cloned().collect();
        for _ in 0..=r.below(3) {
            match r.below(3) {
                0 if !keys.is_empty() => {
                    obj.remove(&keys[r.below(keys.len())]);
                }
                1 if !keys.is_empty() => {
                    let k = keys[r.below(keys.len())].clone();
                    obj.insert(k, odd_value(r));
                }
                _ => {
                    obj.insert(format!("extra{}", r.below(9)), odd_value(r));
                }
            }
        }
    }
    v
}

#[tokio::test]
async fn no_input_produces_a_server_error() {
    let t = spawn_app().await;
    let token = t.token("county").await;
    let case_id = t
        .register(&token, &letter(t.units.school, "2026-06-01"))
        .await["id"]
        .as_i64()
        .unwrap();
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    let actions = [
        "forward",
        "assign",
        "accept",
        "reject",
        "extend",
        "issue_opinion",
        "evaluate",
        "divert",
        "object",
        "nope",
    ];
    let mut checked = 0;
    for i in 0..600 {
        let (path, body): (String, String) = match r.below(6) {
            0 => ("/api/v1/cases".into(), mutate(&mut r, letter(t.units.school, "2026-06-01")).to_string()),
            1 => {
                let mut b = json!({"action": actions[r.below(actions.len())], "to_unit_id": t.units.school, "days": 10, "reason": "r",
                    "outcome": "supported", "opinion": "o", "basis": "b", "grade": "satisfied", "procedure": "arbitration", "on": "2026-06-02"});
                b = mutate(&mut r, b);
                (format!("/api/v1/cases/{case_id}/actions"), b.to_string())
            }
            2 => ("/api/v1/auth/token".into(), mutate(&mut r, json!({"username": "county", "password": "x"})).to_string()),
            3 => {
                // Raw bytes: truncated JSON and garbage.
                let s = letter(t.units.school, "2026-06-01").to_string();
                let cut = r.below(s.len());
                ("/api/v1/cases".into(), s[..s.char_indices().map(|(i, _)| i).take_while(|i| *i <= cut).last().unwrap_or(0)].to_owned())
            }
            4 => ("/api/v1/units".into(), mutate(&mut r, json!({"name": "x", "kind": "school", "parent_id": t.units.county, "region_code": "110105"})).to_string()),
            _ => ("/api/v1/users".into(), mutate(&mut r, json!({"username": "u", "password": "p", "display_name": "d", "unit_id": 1, "roles": ["registrar"]})).to_string()),
        };
        let (status, v) = t.post_raw(&path, Some(&token), &body).await;
        assert!(status < 500, "#{i} POST {path} {body} → {status} {v}");
        if status >= 400 {
            assert!(
                v["code"].is_string() && v["message"].is_string(),
                "#{i} {path} → {v}"
            );
        }
        checked += 1;
    }
    let queries = [
        "status=",
        "status=,,",
        "page=0",
        "page=-5",
        "per_page=100000",
        "overdue=yes",
        "q=%E2%80%8B",
        "q=\"AND OR",
        "q=*",
        "q=(",
        "unit_id=abc",
        "received_from=2026-02-30",
        "sort=DROP",
        "due_before=9999-12-31",
        "q=%00",
        "category=%27%20OR%201%3D1",
    ];
    for q in queries {
        let (status, v) = t.get(&format!("/api/v1/cases?{q}"), Some(&token)).await;
        assert!(status < 500, "GET ?{q} → {status} {v}");
        checked += 1;
    }
    for p in [
        "/api/v1/cases/0",
        "/api/v1/cases/99999999999999999999",
        "/api/v1/cases/%00/timeline",
        "/api/v1/calendar/deadline?start=2026-01-01&days=-1",
        "/api/v1/calendar/deadline?start=2026-01-01&days=99999999999",
    ] {
        let (status, v) = t.get(p, Some(&token)).await;
        assert!(status < 500, "GET {p} → {status} {v}");
        checked += 1;
    }
    assert!(checked > 600);
    // The case is still intact and readable.
    let (s, _) = t.case(&token, case_id).await;
    assert_eq!(s, 200);
}

//! The read measurements of one scope: what each request sends.

use huiyin_app::seed::Vocabulary;
use huiyin_core::Date;
use huiyin_core::case::Status;
use huiyin_core::kinds::{BreakdownBy, Channel, PetitionType};
use reqwest::Client;
use serde_json::{Value, json};

use super::load::{Req, Rng, run};
use super::scopes::Scope;
use super::targets::{READS, Targets, read_target_ms};
use crate::cli::Error;

/// What the reads draw from, shared by every scope.
pub struct Inputs {
    pub vocab: Vocabulary,
    /// Category codes of `GET /api/v1/categories`.
    pub categories: Vec<String>,
    pub today: Date,
    pub requests: usize,
}

/// Orders other than the default (newest registered first).
const OTHER_SORTS: &[&str] = &[
    "received_desc",
    "received_asc",
    "due_asc",
    "id",
    "due_desc",
    "status_asc",
    "status_desc",
];
/// Every order the API accepts; "" is the parameter left out.
const ALL_SORTS: &[&str] = &[
    "",
    "newest",
    "received_desc",
    "received_asc",
    "due_asc",
    "id",
    "due_desc",
    "status_asc",
    "status_desc",
];

fn pick<'a, T>(r: &mut Rng, items: &'a [T]) -> Option<&'a T> {
    if items.is_empty() {
        return None;
    }
    items.get(r.below(items.len() as u64) as usize)
}

/// `status=`: one status of `from`, or two to four different ones separated by commas.
fn statuses(r: &mut Rng, from: &[Status]) -> String {
    let n = if r.below(2) == 0 { 1 } else { 2 + r.below(3) };
    let n = n.min(from.len() as u64);
    let mut chosen: Vec<&str> = Vec::new();
    while (chosen.len() as u64) < n {
        if let Some(s) = pick(r, from).map(|s| s.as_str())
            && !chosen.contains(&s)
        {
            chosen.push(s);
        }
    }
    chosen.join(",")
}

/// A `received_from`/`received_to` range of 30 to 180 days in the last two years.
fn received_range(r: &mut Rng, today: Date) -> String {
    let len = 30 + r.below(151) as i32;
    let from = today.add_days(-(len + r.below(730 - len as u64) as i32));
    format!("&received_from={from}&received_to={}", from.add_days(len))
}

/// A search term of one of seven kinds, equally often, percent-encoded.
fn query(r: &mut Rng, inp: &Inputs, scope: &Scope) -> String {
    encode(&term(r, inp, scope))
}

fn term(r: &mut Rng, inp: &Inputs, scope: &Scope) -> String {
    let v = &inp.vocab;
    let word = |r: &mut Rng, list: &[String]| pick(r, list).cloned().unwrap_or_default();
    match r.below(7) {
        0 => word(r, &v.common),
        1 => word(r, &v.rare),
        2 => word(r, &v.absent),
        3 => word(r, &v.phrases),
        4 => word(r, &v.names),
        5 => {
            // A valid 18-digit ID number of someone born in the scope's counties; the demo
            // draws them the same way, so it may or may not match.
            let region = pick(r, &scope.regions).cloned().unwrap_or_default();
            let birth = Date::from_ymd(
                1960 + r.below(45) as i32,
                1 + r.below(12) as u32,
                1 + r.below(28) as u32,
            )
            .unwrap_or(inp.today);
            huiyin_core::idcard::generate_valid(&region, birth, r.below(999) as u16)
        }
        _ => pick(r, &scope.numbers)
            .cloned()
            .unwrap_or_else(|| word(r, &v.common)),
    }
}

/// The requests of one measurement of one scope.
fn requests(key: &str, inp: &Inputs, scope: &Scope, seed: u64) -> Vec<String> {
    let mut r = Rng(seed);
    let year = inp.today.year();
    // A worklist is work still to do: the statuses a further step can follow.
    let open: Vec<Status> = Status::ALL
        .iter()
        .copied()
        .filter(|s| !s.is_terminal())
        .collect();
    (0..inp.requests)
        .map(|_| {
            let r = &mut r;
            match key {
                "case_detail" => {
                    format!(
                        "/api/v1/cases/{}",
                        pick(r, &scope.ids).copied().unwrap_or(1)
                    )
                }
                "worklist" => {
                    let page = 1 + r.below(5);
                    if r.below(5) == 0 {
                        format!("/api/v1/cases?overdue=true&sort=due_asc&per_page=20&page={page}")
                    } else {
                        format!(
                            "/api/v1/cases?status={}&sort=due_asc&per_page=20&page={page}",
                            statuses(r, &open)
                        )
                    }
                }
                "list" => {
                    let mut p = format!("/api/v1/cases?per_page=20&page={}", 1 + r.below(5));
                    if let Some(s) = pick(r, ALL_SORTS).filter(|s| !s.is_empty()) {
                        p += &format!("&sort={s}");
                    }
                    if r.below(3) == 0 {
                        p += &format!("&status={}", statuses(r, Status::ALL));
                    }
                    if r.below(3) == 0
                        && let Some(c) = pick(r, &inp.categories)
                    {
                        p += &format!("&category={c}");
                    }
                    if r.below(3) == 0 {
                        p += &format!(
                            "&channel={}",
                            pick(r, Channel::ALL).map_or("", |c| c.as_str())
                        );
                    }
                    if r.below(3) == 0 {
                        let t = pick(r, PetitionType::ALL).map_or("", |t| t.as_str());
                        p += &format!("&petition_type={t}");
                    }
                    if r.below(3) == 0 {
                        p += &received_range(r, inp.today);
                    }
                    if r.below(3) == 0
                        && let Some(u) = pick(r, &scope.units)
                    {
                        p += &format!("&unit_id={u}");
                    }
                    p
                }
                "search" => format!("/api/v1/cases?per_page=20&q={}", query(r, inp, scope)),
                "search_sorted" => format!(
                    "/api/v1/cases?per_page=20&q={}&sort={}",
                    query(r, inp, scope),
                    pick(r, OTHER_SORTS).copied().unwrap_or("id")
                ),
                "breakdown" => breakdown(r, inp, scope),
                _ => {
                    let y = year - r.below(2) as i32;
                    let mut p = format!("/api/v1/stats/rates?from={y}-01-01&to={y}-12-31");
                    if r.below(2) == 0
                        && let Some(u) = pick(r, &scope.units)
                    {
                        p += &format!("&unit_id={u}");
                    }
                    p
                }
            }
        })
        .collect()
}

/// A breakdown of this or last year by any dimension, of the user's own scope or (half of
/// them) a unit in it, a third narrowed to a petition type, a channel or a category.
fn breakdown(r: &mut Rng, inp: &Inputs, scope: &Scope) -> String {
    let y = inp.today.year() - r.below(2) as i32;
    // Every dimension the endpoint counts by.
    let by = pick(r, BreakdownBy::ALL).map_or("month", |b| b.as_str());
    let mut p = format!("/api/v1/stats/breakdown?by={by}&from={y}-01-01&to={y}-12-31");
    if r.below(2) == 0
        && let Some(u) = pick(r, &scope.units)
    {
        p += &format!("&unit_id={u}");
    }
    match r.below(9) {
        0 => {
            p += &format!(
                "&type={}",
                pick(r, PetitionType::ALL).map_or("", |t| t.as_str())
            )
        }
        1 => {
            p += &format!(
                "&channel={}",
                pick(r, Channel::ALL).map_or("", |c| c.as_str())
            )
        }
        2 => {
            if let Some(c) = pick(r, &inp.categories) {
                p += &format!("&category={c}");
            }
        }
        _ => {}
    }
    p
}

/// A query value percent-encoded (case numbers may hold characters such as `#` or `+`).
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Every read measurement of one scope, each `requests` requests at concurrency 4.
pub async fn measure(
    client: &Client,
    base: &str,
    backend: &str,
    targets: &Targets,
    inp: &Inputs,
    scope: &Scope,
) -> Result<Value, Error> {
    let mut out = json!({
        "user": scope.username,
        "unit": scope.unit_name,
        "unit_id": scope.unit_id,
        "units_in_scope": scope.units.len(),
        "sampled_case_ids": scope.ids.len(),
    });
    for (i, (key, label)) in READS.iter().enumerate() {
        if *key == "case_detail" && scope.ids.is_empty() {
            eprintln!(
                "  {}: no visible case; case detail not measured",
                scope.name
            );
            continue;
        }
        let seed = 0xC0FFEE ^ ((i as u64 + 1) << 32) ^ scope.unit_id as u64;
        let reqs: Vec<Req> = requests(key, inp, scope, seed)
            .into_iter()
            .map(|path| Req {
                post: None,
                path,
                expect: 200,
            })
            .collect();
        let lat = run(client, base, &scope.token, reqs, 4).await?;
        let target = read_target_ms(targets, backend, scope.name, key);
        println!(
            "  {:<8} {label:<22} p95 {:>8.2} ms (target {target}){}",
            scope.name,
            lat.p95_ms,
            if lat.errors > 0 {
                format!(", {} errors", lat.errors)
            } else {
                String::new()
            }
        );
        let mut m = serde_json::to_value(&lat)?;
        m["target_p95_ms"] = json!(target);
        out[*key] = m;
    }
    Ok(out)
}

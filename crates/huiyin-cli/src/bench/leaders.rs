//! The leaders' and supervisors' reads (issue 14 item 8), as those users: a county leader's
//! 工作台 (counts and every list, with cases the benchmark puts before them and has them take),
//! the city supervisor's 工作台 (counts, overdue in scope, orders, supervision figures), the
//! scorecard of every county of the province for a year (as the province), the cases
//! behind a scorecard figure (as the city), and the annual petition report (Art. 41) of the
//! province, the city or the county for a past year (as the province, issue 16 item 6).

use huiyin_core::Date;
use reqwest::Client;
use serde_json::{Value, json};

use super::load::{Req, Rng, run};
use super::scopes::{BENCH_PASSWORD, Scope, ensure_user, get, login};
use super::targets::{LEADER_READS, Targets, leader_target_ms};
use crate::cli::Error;

/// Cases the county leader takes (包案) and has put before them (呈阅) before measuring.
const SEEDED: usize = 40;
/// Requests of one scorecard measurement (each reads every county: far heavier than a list).
const SCORECARD_REQUESTS: usize = 60;
/// Annual reports generated, one at a time (the target is for one report, not a queue).
const ANNUAL_REPORTS: usize = 12;

const KPIS: &[&str] = &[
    "timely_acceptance",
    "on_time_conclusion",
    "participation",
    "satisfaction",
    "supervision_on_time",
    "repeat",
    "overdue",
];
const LEADER_QUEUES: &[&str] = &[
    "to_instruct",
    "owned",
    "approvals",
    "overdue",
    "due_soon",
    "mine",
    "in_handling",
    "supervised",
];

fn pick<'a, T>(r: &mut Rng, items: &'a [T]) -> &'a T {
    &items[r.below(items.len() as u64) as usize]
}

fn scope<'a>(scopes: &'a [Scope], name: &str) -> Result<&'a Scope, Error> {
    scopes
        .iter()
        .find(|s| s.name == name)
        .ok_or_else(|| format!("no {name} scope").into())
}

/// The paths of one measurement.
fn paths(
    key: &str,
    n: usize,
    today: Date,
    county: &Scope,
    city: &Scope,
    province: &Scope,
) -> Vec<String> {
    let mut r = Rng(0x1EAD ^ key.len() as u64);
    let year = |r: &mut Rng| today.year() - r.below(2) as i32;
    (0..n)
        .map(|_| {
            let r = &mut r;
            match key {
                "leader_workbench" => match r.below(3) {
                    0 => "/api/v1/worklists".to_owned(),
                    _ => format!(
                        "/api/v1/worklists/{}?page={}",
                        pick(r, LEADER_QUEUES),
                        1 + r.below(3)
                    ),
                },
                "supervisor_workbench" => match r.below(4) {
                    0 => "/api/v1/worklists".to_owned(),
                    1 => format!("/api/v1/worklists/scope_overdue?page={}", 1 + r.below(5)),
                    2 => format!(
                        "/api/v1/supervisions?status={}&page={}",
                        pick(r, &["open", "overdue", "answered"]),
                        1 + r.below(3)
                    ),
                    _ => format!("/api/v1/supervisions/stats?from={}-01-01", year(r)),
                },
                "scorecard_counties" => {
                    let y = year(r);
                    format!(
                        "/api/v1/stats/scorecard?unit_id={}&level=4&from={y}-01-01&to={y}-12-31",
                        province.unit_id
                    )
                }
                "annual_report" => {
                    let unit = *pick(r, &[province.unit_id, city.unit_id, county.unit_id]);
                    format!(
                        "/api/v1/reports/annual?unit_id={unit}&year={}&format={}",
                        today.year() - r.below(2) as i32,
                        pick(r, &["docx", "html"])
                    )
                }
                _ => {
                    let y = year(r);
                    let unit = if r.below(2) == 0 {
                        county.unit_id
                    } else {
                        *pick(r, &city.units)
                    };
                    format!(
                        "/api/v1/stats/rates/cases?kpi={}&unit_id={unit}&from={y}-01-01&to={y}-12-31&part={}&page={}",
                        pick(r, KPIS),
                        pick(r, &["numerator", "denominator"]),
                        1 + r.below(3)
                    )
                }
            }
        })
        .collect()
}

/// Creates the county leader, gives them cases to follow, and measures every leader read.
pub async fn measure(
    client: &Client,
    base: &str,
    admin: &str,
    targets: &Targets,
    requests: usize,
    today: Date,
    scopes: &[Scope],
) -> Result<Value, Error> {
    let (county, city, province) = (
        scope(scopes, "county")?,
        scope(scopes, "city")?,
        scope(scopes, "province")?,
    );
    ensure_user(
        client,
        base,
        admin,
        "bench_leader",
        "基准测试领导",
        county.unit_id,
        "leader",
    )
    .await?;
    let leader = login(client, base, "bench_leader", BENCH_PASSWORD).await?;
    let me = get(client, base, &leader, "/api/v1/me").await?;
    let leader_id = me["user"]["id"].as_i64().ok_or("no id for bench_leader")?;
    // Cases to follow: some taken personally, some put before the leader by the handler (a
    // case already closed or already so answers an error, which is skipped).
    let (mut owned, mut before) = (0, 0);
    for id in &county.ids {
        let (token, body, n) = if owned < SEEDED {
            (
                &leader,
                json!({"action": "own", "leader_user_id": leader_id}),
                &mut owned,
            )
        } else if before < SEEDED {
            (
                &county.token,
                json!({"action": "submit_for_instruction", "leader_user_id": leader_id}),
                &mut before,
            )
        } else {
            break;
        };
        let res = client
            .post(format!("{base}/api/v1/cases/{id}/actions"))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await?;
        *n += usize::from(res.status().is_success());
    }
    let seeded = owned + before;
    println!(
        "  leaders: bench_leader at {} follows {seeded} cases",
        county.unit_name
    );
    let mut out = json!({"cases_followed": seeded});
    for (key, label) in LEADER_READS {
        let (token, n, concurrency) = match *key {
            "leader_workbench" => (&leader, requests, 4),
            "supervisor_workbench" | "scorecard_drill" => (&city.token, requests, 4),
            "annual_report" => (&province.token, requests.min(ANNUAL_REPORTS), 1),
            _ => (&province.token, requests.min(SCORECARD_REQUESTS), 4),
        };
        let reqs: Vec<Req> = paths(key, n, today, county, city, province)
            .into_iter()
            .map(|path| Req {
                post: None,
                path,
                expect: 200,
            })
            .collect();
        let lat = run(client, base, token, reqs, concurrency).await?;
        let target = leader_target_ms(targets, key);
        println!(
            "  {label:<40} p95 {:>8.2} ms (target {target}){}",
            lat.p95_ms,
            if lat.errors > 0 {
                format!(", {} errors", lat.errors)
            } else {
                String::new()
            }
        );
        let mut m = serde_json::to_value(&lat)?;
        m["target_p95_ms"] = json!(target);
        m["as"] = json!(match *key {
            "leader_workbench" => "bench_leader".to_owned(),
            "scorecard_counties" | "annual_report" => province.username.clone(),
            _ => city.username.clone(),
        });
        out[*key] = m;
    }
    Ok(out)
}

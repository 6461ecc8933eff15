//! The intake measurement: durable registrations at the configured concurrency, as a county
//! registrar types them: one matter (a template about the fees of a school drawn at random,
//! so that every registration joins its school's cluster: the signals' worst case), or a
//! varied day (the demo's texts of every category about schools drawn at random).

use reqwest::Client;
use serde_json::json;

use super::BenchArgs;
use super::load::{Latency, Req, Rng, run};
use crate::cli::Error;

/// Petitioners of the intake measurement.
const NAMES: &[&str] = &[
    "张伟",
    "王芳",
    "李娜",
    "刘洋",
    "陈静",
    "杨磊",
    "赵敏",
    "黄勇",
    "周杰",
    "吴秀英",
];

/// What the registrations of a measurement are about.
pub enum Mix {
    /// One template about the fees of a school drawn at random.
    OneMatter,
    /// The demo's texts, a category and a school drawn at random for each: the names of the
    /// schools (in the order of the ids) and every category below the top level with its
    /// usual petition type.
    VariedDay {
        school_names: Vec<String>,
        categories: Vec<(String, &'static str)>,
    },
}

impl Mix {
    /// A varied day over `school_names` and the shipped categories.
    pub fn varied_day(school_names: Vec<String>) -> Mix {
        let categories = huiyin_core::category::CategoryTree::official()
            .all()
            .iter()
            .filter(|c| c.parent_code.is_some())
            .map(|c| (c.code.clone(), c.default_petition_type.as_str()))
            .collect();
        Mix::VariedDay {
            school_names,
            categories,
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Mix::OneMatter => "one matter",
            Mix::VariedDay { .. } => "a varied day",
        }
    }
}

/// Registers `count` petitions as `registrar` from `concurrency` clients and times them.
pub async fn measure(
    client: &Client,
    base: &str,
    registrar: &str,
    schools: &[i64],
    (count, concurrency): (usize, usize),
    today: huiyin_core::Date,
    mix: &Mix,
) -> Result<Latency, Error> {
    if schools.is_empty() {
        return Err("the demo database has no school to petition about".into());
    }
    // Petitioners differ from run to run: with `--reuse`, the same people again would be
    // repeat petitions of the earlier runs' cases (linked to every one of them), and intake
    // would measure repeat detection over a growing pile instead of first registrations.
    let mut rng =
        Rng(0x5EED_1234_ABCD
            ^ huiyin_core::clock::Clock::now_millis(&huiyin_app::SystemClock) as u64);
    let today = today.to_string();
    let intake: Vec<Req> = (0..count)
        .map(|i| {
            let school = rng.below(schools.len() as u64) as usize;
            let (category, petition_type, title, content, demands) = match mix {
                Mix::OneMatter => (
                    "fees".to_owned(),
                    "appeal",
                    format!("基准测试登记{i}：反映学校违规收取资料费"),
                    "学校要求家长缴纳资料费和借读费，未出示收费依据，请求核查并退还。".to_owned(),
                    "退还违规收取的费用".to_owned(),
                ),
                Mix::VariedDay {
                    school_names,
                    categories,
                } => {
                    let (code, kind) = &categories[rng.below(categories.len() as u64) as usize];
                    let name = school_names.get(school).map_or("该校", String::as_str);
                    let seed = rng.below(u64::MAX);
                    let (t, c, d) = huiyin_app::seed::sample_petition(seed, code, name);
                    (code.clone(), *kind, t, c, d)
                }
            };
            Req {
                post: Some(json!({
                    "channel": "letter", "petition_type": petition_type, "category": category,
                    "title": title, "content": content, "demands": demands,
                    "concerned_unit_id": schools[school],
                    "received_on": today,
                    "petitioners": [{"name": NAMES[rng.below(NAMES.len() as u64) as usize], "phone": format!("139{:08}", rng.below(100_000_000))}]
                })),
                path: "/api/v1/cases".into(),
                expect: 201,
            }
        })
        .collect();
    run(client, base, registrar, intake, concurrency).await
}

/// What the early-warning signals cost intake (issue 13 item 6: at most 10%): the same
/// registrations on the measured server (signals on) and on a second server over the same
/// database started with `intake_signals = false`, in three rounds of alternating order so
/// that neither side gets the warmer cache or the smaller database.
pub async fn signals_cost(
    client: &Client,
    (dir, database_url): (&std::path::Path, Option<&str>),
    (on_base, on_registrar): (&str, &str),
    schools: &[i64],
    args: &BenchArgs,
    today: huiyin_core::Date,
    mixes: &[Mix],
) -> Result<serde_json::Value, Error> {
    let (off_server, off_base) = super::server::start(client, dir, database_url, false).await?;
    let off_registrar = super::scopes::login(client, &off_base, "registrar", "demo").await?;
    let mut out = serde_json::Map::new();
    for mix in mixes {
        let key = match mix {
            Mix::OneMatter => "one_matter",
            Mix::VariedDay { .. } => "varied_day",
        };
        let cost = cost_of_signals(
            client,
            (on_base, on_registrar),
            (&off_base, &off_registrar),
            schools,
            args,
            today,
            mix,
        )
        .await?;
        out.insert(key.into(), cost);
    }
    drop(off_server);
    Ok(serde_json::Value::Object(out))
}

/// The signals' cost on one mix of registrations.
async fn cost_of_signals(
    client: &Client,
    (on_base, on_registrar): (&str, &str),
    (off_base, off_registrar): (&str, &str),
    schools: &[i64],
    args: &BenchArgs,
    today: huiyin_core::Date,
    mix: &Mix,
) -> Result<serde_json::Value, Error> {
    let n = (args.intake / 2).max(100);
    let (mut on, mut off) = ((0usize, 0.0f64, 0usize), (0usize, 0.0f64, 0usize));
    for round in 0..3 {
        for signals in [round % 2 == 0, round % 2 != 0] {
            let (base, token) = if signals {
                (on_base, on_registrar)
            } else {
                (off_base, off_registrar)
            };
            let l = measure(
                client,
                base,
                token,
                schools,
                (n, args.concurrency),
                today,
                mix,
            )
            .await?;
            let side = if signals { &mut on } else { &mut off };
            side.0 += l.requests;
            side.1 += l.requests as f64 / l.per_second.max(1e-9);
            side.2 += l.errors;
        }
    }
    let (on_rate, off_rate) = (on.0 as f64 / on.1.max(1e-9), off.0 as f64 / off.1.max(1e-9));
    let cost = 1.0 - on_rate / off_rate.max(1e-9);
    println!(
        "  intake of {}, three alternating rounds of {n}: signals on {on_rate:.0}/s, off {off_rate:.0}/s: the signals cost {:.0}%",
        mix.name(),
        cost * 100.0
    );
    Ok(json!({
        "rounds": 3,
        "per_round": n,
        "signals_on_per_second": on_rate,
        "signals_off_per_second": off_rate,
        "cost": cost,
        "errors": on.2 + off.2,
    }))
}

/// Clusters completed one after another by three petitioners each about one school: the time
/// from sending each registration until the staff's warning list counts one `cluster` warning
/// more (issue 13 item 6: ≤ 1 s after the registration that completes it). The warning is
/// written in the registration's own transaction, so under load the delay is that
/// registration's latency (the intake figures).
pub async fn cluster_delays(
    client: &Client,
    base: &str,
    registrar: &str,
    schools: &[i64],
    today: huiyin_core::Date,
    probes: usize,
) -> Result<serde_json::Value, Error> {
    let clusters = || async {
        let r = client
            .get(format!("{base}/api/v1/warnings?kind=cluster&per_page=1"))
            .bearer_auth(registrar)
            .send()
            .await?;
        let v: serde_json::Value = r.json().await?;
        v["total"]
            .as_i64()
            .ok_or_else(|| Error::from(format!("warning list: {v}")))
    };
    let mut rng =
        Rng(0xC1u64 ^ huiyin_core::clock::Clock::now_millis(&huiyin_app::SystemClock) as u64);
    let mut delays_ms: Vec<f64> = Vec::new();
    // A school per probe (one probed twice would join its first cluster, not raise one).
    let first = rng.below(schools.len() as u64) as usize;
    let probes = probes.min(schools.len());
    for k in 0..probes {
        let school = schools[(first + k) % schools.len()];
        // Words of this probe alone (random characters), so that a probe never joins a
        // cluster of an earlier run's probes on a reused database.
        let words: String = (0..24)
            .map(|_| char::from_u32(0x4E00 + rng.below(0x5000) as u32).unwrap_or('字'))
            .collect();
        let mut before = clusters().await?;
        for (p, name) in ["探针甲", "探针乙", "探针丙"].iter().enumerate() {
            let t0 = std::time::Instant::now();
            let res = client
                .post(format!("{base}/api/v1/cases"))
                .bearer_auth(registrar)
                .json(&json!({
                    "channel": "letter", "petition_type": "suggestion", "category": "campus_safety",
                    "title": format!("校车安全{words}"),
                    "content": format!("反映校车安全问题：{words}"),
                    "demands": "请求处理",
                    "concerned_unit_id": school, "received_on": today.to_string(),
                    "petitioners": [{"name": name, "phone": format!("137{:08}", rng.below(100_000_000))}]
                }))
                .send()
                .await?;
            if res.status().as_u16() != 201 {
                return Err(format!("probe registration: {}", res.text().await?).into());
            }
            let after = clusters().await?;
            if after > before {
                delays_ms.push(t0.elapsed().as_secs_f64() * 1000.0);
                break;
            }
            before = after;
            if p == 2 {
                println!("  cluster probe {k}: no warning after the third petitioner");
            }
        }
    }
    delays_ms.sort_by(f64::total_cmp);
    let max_ms = delays_ms.last().copied();
    println!(
        "  cluster warnings: {} of {probes} clusters raised one, at most {} after the completing registration was sent",
        delays_ms.len(),
        max_ms.map_or_else(|| "—".to_owned(), |m| format!("{m:.1} ms"))
    );
    Ok(json!({
        "probes": probes,
        "raised": delays_ms.len(),
        "median_ms": delays_ms.get(delays_ms.len() / 2).copied(),
        "max_ms": max_ms,
    }))
}

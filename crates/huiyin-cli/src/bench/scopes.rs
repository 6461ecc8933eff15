//! The four users every read is measured as (school, county, city, province), with what
//! each may see: the units of its subtree and a sample of its cases' ids and numbers.

use huiyin_core::Date;
use reqwest::Client;
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};

use super::load::Rng;
use crate::cli::Error;

pub(super) const BENCH_PASSWORD: &str = "Bench-2026-pass";
/// The password set when the server asks for a change at first sign-in.
const CHANGED_PASSWORD: &str = "Bench-2026-pass-2";

/// A user and what it sees.
pub struct Scope {
    pub name: &'static str,
    pub username: String,
    pub token: String,
    pub unit_id: i64,
    pub unit_name: String,
    /// The user's unit and every unit below it.
    pub units: Vec<i64>,
    /// Region codes of the county-level units in `units` (for made-up ID numbers).
    pub regions: Vec<String>,
    /// Ids of cases the user can see (a sample: a few pages in several orders and windows).
    pub ids: Vec<i64>,
    /// Their case numbers.
    pub numbers: Vec<String>,
}

/// Signs in; a user the server asks to change the password first changes it (to
/// [`CHANGED_PASSWORD`]) and signs in again; a user changed so in an earlier run
/// (`--reuse`) signs in with that password.
pub async fn login(
    client: &Client,
    base: &str,
    user: &str,
    password: &str,
) -> Result<String, Error> {
    let token = |pw: &str| {
        client
            .post(format!("{base}/api/v1/auth/token"))
            .json(&json!({"username": user, "password": pw}))
            .send()
    };
    let mut res = token(password).await?;
    if res.status().as_u16() == 401 && password == BENCH_PASSWORD {
        res = token(CHANGED_PASSWORD).await?;
    }
    let v: Value = res.json().await?;
    let Some(t) = v["token"].as_str() else {
        return Err(format!("login {user}: {v}").into());
    };
    if v["must_change_password"] != true {
        return Ok(t.to_owned());
    }
    let changed: Value = client
        .post(format!("{base}/api/v1/auth/password"))
        .bearer_auth(t)
        .json(&json!({"old_password": password, "new_password": CHANGED_PASSWORD}))
        .send()
        .await?
        .json()
        .await?;
    if changed["changed"] != true {
        return Err(format!("password change of {user}: {changed}").into());
    }
    Box::pin(login(client, base, user, CHANGED_PASSWORD)).await
}

/// Creates a user with the bench password (an existing one is kept: `--reuse`).
pub(super) async fn ensure_user(
    client: &Client,
    base: &str,
    admin: &str,
    username: &str,
    display: &str,
    unit: i64,
    role: &str,
) -> Result<(), Error> {
    let res = client
        .post(format!("{base}/api/v1/users"))
        .bearer_auth(admin)
        .json(&json!({"username": username, "password": BENCH_PASSWORD, "display_name": display, "unit_id": unit, "roles": [role]}))
        .send()
        .await?;
    let status = res.status().as_u16();
    if status != 201 && status != 409 && status != 422 {
        return Err(format!("creating {username}: {status} {}", res.text().await?).into());
    }
    Ok(())
}

pub(super) async fn get(
    client: &Client,
    base: &str,
    token: &str,
    path: &str,
) -> Result<Value, Error> {
    let res = client
        .get(format!("{base}{path}"))
        .bearer_auth(token)
        .send()
        .await?;
    let status = res.status().as_u16();
    let v: Value = res.json().await?;
    if status != 200 {
        return Err(format!("GET {path} → {status}: {v}").into());
    }
    Ok(v)
}

/// Units by id, and the subtree of a unit.
pub struct Tree(pub Vec<Value>);

impl Tree {
    fn subtree(&self, root: i64) -> Vec<i64> {
        let mut children: HashMap<i64, Vec<i64>> = HashMap::new();
        for u in &self.0 {
            if let (Some(id), Some(p)) = (u["id"].as_i64(), u["parent_id"].as_i64()) {
                children.entry(p).or_default().push(id);
            }
        }
        let (mut out, mut stack) = (Vec::new(), vec![root]);
        while let Some(id) = stack.pop() {
            out.push(id);
            stack.extend(children.get(&id).into_iter().flatten());
        }
        out.sort_unstable();
        out
    }
    fn find(&self, kind: &str, name_part: &str) -> Option<&Value> {
        self.0.iter().find(|u| {
            u["kind"] == kind && u["name"].as_str().is_some_and(|n| n.contains(name_part))
        })
    }
    fn name(&self, id: i64) -> String {
        self.0
            .iter()
            .find(|u| u["id"] == id)
            .and_then(|u| u["name"].as_str())
            .unwrap_or_default()
            .to_owned()
    }
}

/// Ids and numbers of cases `token` sees: pages 1–3 by id and by newest first, and the
/// first page of six random 20-day windows of the last two years.
async fn sample_cases(
    client: &Client,
    base: &str,
    token: &str,
    today: Date,
    rng: &mut Rng,
) -> Result<(Vec<i64>, Vec<String>), Error> {
    let mut paths: Vec<String> = (1..=3)
        .flat_map(|p| {
            [
                format!("/api/v1/cases?per_page=200&page={p}&sort=id"),
                format!("/api/v1/cases?per_page=200&page={p}"),
            ]
        })
        .collect();
    for _ in 0..6 {
        let from = today.add_days(-(20 + rng.below(710) as i32));
        paths.push(format!(
            "/api/v1/cases?per_page=200&sort=id&received_from={from}&received_to={}",
            from.add_days(20)
        ));
    }
    let mut seen = BTreeSet::new();
    let (mut ids, mut numbers) = (Vec::new(), Vec::new());
    for p in paths {
        let v = get(client, base, token, &p).await?;
        for item in v["items"].as_array().into_iter().flatten() {
            if let Some(id) = item["id"].as_i64()
                && seen.insert(id)
            {
                ids.push(id);
                if let Some(n) = item["number"].as_str() {
                    numbers.push(n.to_owned());
                }
            }
        }
    }
    Ok((ids, numbers))
}

/// Sets up the four users and samples what each sees.
pub async fn setup(
    client: &Client,
    base: &str,
    admin: &str,
    today: Date,
) -> Result<Vec<Scope>, Error> {
    let units = get(client, base, admin, "/api/v1/units").await?;
    let tree = Tree(units.as_array().cloned().unwrap_or_default());
    let province = tree
        .0
        .iter()
        .find(|u| u["parent_id"].is_null())
        .and_then(|u| u["id"].as_i64())
        .ok_or("no root unit")?;
    let county = tree
        .find("county_bureau", "西湖区")
        .and_then(|u| u["id"].as_i64())
        .ok_or("no county bureau 杭州市西湖区 (the demo's home county)")?;
    let city = tree
        .find("city_bureau", "杭州市")
        .and_then(|u| u["id"].as_i64())
        .ok_or("no city bureau 杭州市")?;
    let handler = login(client, base, "handler", "demo").await?;
    // The school of the home county that handles the most cases (a school with none would
    // leave nothing to read); counted as the county handler, capped at 1,000 by the API.
    let mut school = None;
    let mut best = -1;
    for id in tree.subtree(county) {
        if tree
            .0
            .iter()
            .any(|u| u["id"] == id && u["kind"] == "school")
        {
            let v = get(
                client,
                base,
                &handler,
                &format!("/api/v1/cases?unit_id={id}&per_page=1"),
            )
            .await?;
            let n = v["total"].as_i64().unwrap_or(0);
            if n > best {
                (best, school) = (n, Some(id));
            }
        }
    }
    let school = school.ok_or("no school in 杭州市西湖区")?;
    let school_user = format!("bench_school_{school}");
    ensure_user(
        client,
        base,
        admin,
        &school_user,
        "基准测试承办人",
        school,
        "handler",
    )
    .await?;
    ensure_user(
        client,
        base,
        admin,
        "bench_province",
        "基准测试督查员",
        province,
        "supervisor",
    )
    .await?;
    let users: [(&'static str, String, &str, i64); 4] = [
        ("school", school_user, BENCH_PASSWORD, school),
        ("county", "handler".into(), "demo", county),
        ("city", "supervisor".into(), "demo", city),
        (
            "province",
            "bench_province".into(),
            BENCH_PASSWORD,
            province,
        ),
    ];
    let mut rng = Rng(0x5C0_9E5);
    let mut out = Vec::new();
    for (name, username, password, unit) in users {
        let token = login(client, base, &username, password).await?;
        let (ids, numbers) = sample_cases(client, base, &token, today, &mut rng).await?;
        let units = tree.subtree(unit);
        let regions: BTreeSet<String> = tree
            .0
            .iter()
            .filter(|u| u["kind"] == "county_bureau")
            .filter(|u| u["id"].as_i64().is_some_and(|id| units.contains(&id)))
            .filter_map(|u| u["region_code"].as_str().map(str::to_owned))
            .collect();
        let regions = if regions.is_empty() {
            vec!["330106".to_owned()]
        } else {
            regions.into_iter().collect()
        };
        println!(
            "  {name}: {username} at {} ({} units), {} visible cases sampled",
            tree.name(unit),
            units.len(),
            ids.len()
        );
        out.push(Scope {
            name,
            username,
            token,
            unit_id: unit,
            unit_name: tree.name(unit),
            units,
            regions,
            ids,
            numbers,
        });
    }
    Ok(out)
}

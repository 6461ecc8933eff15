//! Test support: the real app on port 0 over a fresh database (SQLite, or PostgreSQL when
//! `HUIYIN_TEST_DATABASE_URL` is set), a clock the test controls, a seeded organisation with
//! users for every role, and a client with one method per endpoint.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test-only crate: a failed setup should panic loudly

pub mod browser;
pub mod browser_steps;
pub mod pages;
pub mod screens;
pub mod standins;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use huiyin_app::{App, AppConfig, NewUnitInput, NewUserInput};
use huiyin_core::Date;
use huiyin_core::clock::Clock;
use huiyin_core::org::UnitKind;
use huiyin_core::role::Role;
use serde_json::{Value, json};

/// A clock the test moves by hand.
#[derive(Clone, Debug)]
pub struct TestClock(Arc<AtomicI64>);

impl TestClock {
    pub fn at(day: &str) -> TestClock {
        let c = TestClock(Arc::new(AtomicI64::new(0)));
        c.set_today(day);
        c
    }
    /// Moves the clock to noon (Beijing) of `day`.
    pub fn set_today(&self, day: &str) {
        let d = Date::parse(day).expect("test date");
        self.0.store(
            huiyin_core::clock::FixedClock::at_noon(d).0,
            Ordering::SeqCst,
        );
    }
}

impl TestClock {
    /// Sets the clock to an exact instant (milliseconds since the epoch).
    pub fn set_millis(&self, ms: i64) {
        self.0.store(ms, Ordering::SeqCst);
    }
}

impl Clock for TestClock {
    fn now_millis(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// The seeded organisation (ids of the units tests talk about).
#[derive(Clone, Debug)]
pub struct Units {
    pub province: i64,
    pub province_office: i64,
    pub city: i64,
    pub county: i64,
    pub county_office: i64,
    pub school: i64,
    pub school2: i64,
    pub sibling_county: i64,
    pub sibling_school: i64,
    /// The discipline inspection body (纪检监察) beside the county bureau: a body of its own.
    pub county_discipline: i64,
}

/// A running app and a client for it.
pub struct TestApp {
    pub address: String,
    pub app: App,
    pub clock: TestClock,
    pub units: Units,
    pub client: reqwest::Client,
    _dir: tempfile::TempDir,
}

/// The password of every seeded user.
pub const PASSWORD: &str = "test-pass";

/// Starts the app on a fresh database with "today" = `today`, reached over plain HTTP (as the
/// tests reach it: cookies without `Secure`).
pub async fn spawn_app_at(today: &str) -> TestApp {
    spawn_app_with(today, AppConfig::default()).await
}

/// Starts the app with its settings (second factors, idle timeout…) on a fresh database with
/// "today" = `today`, over plain HTTP.
pub async fn spawn_app_with(today: &str, config: AppConfig) -> TestApp {
    spawn_app_configured(
        today,
        config,
        huiyin_web::WebConfig {
            plain_http: true,
            ..Default::default()
        },
    )
    .await
}

/// Starts the app with the web layer configured as given.
pub async fn spawn_app_web(today: &str, web: huiyin_web::WebConfig) -> TestApp {
    spawn_app_configured(today, AppConfig::default(), web).await
}

/// Starts the app with its settings and the web layer's on a fresh database.
pub async fn spawn_app_configured(
    today: &str,
    config: AppConfig,
    web: huiyin_web::WebConfig,
) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let keys = huiyin_crypto::KeyRing::generate(huiyin_crypto::Algorithm::Sm4Gcm).expect("keys");
    let store = huiyin_store::testdb::fresh_store(dir.path())
        .await
        .expect("fresh store")
        .with_keys(Arc::new(huiyin_store::KeySource::new(keys, None)))
        .with_audit_anchor(dir.path().join("huiyin.audit-anchor"));
    let clock = TestClock::at(today);
    let app = App::new(store, Arc::new(clock.clone()), config)
        .await
        .expect("app");
    let units = seed(&app).await;
    let address = serve(app.clone(), web).await;
    TestApp {
        address,
        app,
        clock,
        units,
        client: reqwest::Client::new(),
        _dir: dir,
    }
}

/// Serves `app` on a free local port and returns its base address (a second instance over the
/// same database is `serve(App::new(store, …), …)`).
pub async fn serve(app: App, web: huiyin_web::WebConfig) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind port 0");
    let address = format!("http://{}", listener.local_addr().expect("local addr"));
    let router = huiyin_web::router_with(app, web);
    tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await;
    });
    address
}

/// Starts the app with "today" = 2026-06-30.
pub async fn spawn_app() -> TestApp {
    spawn_app_at("2026-06-30").await
}

async fn unit(app: &App, name: &str, kind: UnitKind, parent: Option<i64>, region: &str) -> i64 {
    app.create_unit(
        None,
        NewUnitInput {
            name: name.into(),
            kind,
            parent_id: parent,
            region_code: region.into(),
        },
    )
    .await
    .expect("seed unit")
    .id
}

async fn user(app: &App, username: &str, unit_id: i64, roles: &[Role]) {
    app.create_user(
        None,
        NewUserInput {
            username: username.into(),
            password: PASSWORD.into(),
            display_name: format!("测试{username}"),
            unit_id,
            roles: roles.to_vec(),
        },
    )
    .await
    .expect("seed user");
}

async fn seed(app: &App) -> Units {
    use UnitKind::*;
    let province = unit(app, "某省教育厅", ProvincialDepartment, None, "110000").await;
    let province_office = unit(
        app,
        "省教育厅信访处",
        PetitionOffice,
        Some(province),
        "110000",
    )
    .await;
    let city = unit(app, "某市教育局", CityBureau, Some(province), "110100").await;
    let county = unit(app, "某区教育局", CountyBureau, Some(city), "110105").await;
    let county_office = unit(
        app,
        "某区教育局信访办",
        PetitionOffice,
        Some(county),
        "110105",
    )
    .await;
    let school = unit(app, "某区第一小学", School, Some(county), "110105").await;
    let school2 = unit(app, "某区第二中学", School, Some(county), "110105").await;
    let sibling_county = unit(app, "邻区教育局", CountyBureau, Some(city), "110106").await;
    let sibling_school = unit(app, "邻区实验小学", School, Some(sibling_county), "110106").await;
    let county_discipline = unit(
        app,
        "某区纪委监委驻区教育局纪检监察组",
        DisciplineBody,
        Some(county),
        "110105",
    )
    .await;
    let staff = [Role::Registrar, Role::Handler, Role::Leader];
    user(app, "admin", province, &[Role::Admin]).await;
    user(app, "auditor", province, &[Role::Auditor]).await;
    // The province's office also supervises (督办 downward to every unit of the province).
    let province_roles = [
        Role::Registrar,
        Role::Handler,
        Role::Leader,
        Role::Supervisor,
    ];
    user(app, "province", province_office, &province_roles).await;
    user(app, "city", city, &staff).await;
    user(app, "city_supervisor", city, &[Role::Supervisor]).await;
    user(app, "registrar", county_office, &[Role::Registrar]).await;
    user(app, "registrar2", county_office, &[Role::Registrar]).await;
    user(app, "discipline", county_discipline, &staff).await;
    user(app, "handler", county, &[Role::Handler]).await;
    user(app, "leader", county, &[Role::Leader]).await;
    user(app, "county", county, &staff).await;
    user(app, "school", school, &staff).await;
    user(app, "school_handler", school, &[Role::Handler]).await;
    user(app, "school2", school2, &staff).await;
    user(app, "sibling", sibling_county, &staff).await;
    user(app, "sibling_school", sibling_school, &staff).await;
    Units {
        province,
        province_office,
        city,
        county,
        county_office,
        school,
        school2,
        sibling_county,
        sibling_school,
        county_discipline,
    }
}

/// A minimal valid registration body about `concerned_unit_id`.
pub fn letter(concerned_unit_id: i64, received_on: &str) -> Value {
    json!({
        "channel": "letter",
        "petition_type": "appeal",
        "category": "fees",
        "title": "反映学校违规收取借读费",
        "content": "孩子在某区第一小学借读，学校收取借读费3000元，要求说明依据。",
        "demands": "退还借读费",
        "concerned_unit_id": concerned_unit_id,
        "received_on": received_on,
        "petitioners": [{"name": "张伟", "id_number": "11010519491231002X", "phone": "13800138000", "address": "某区某街道1号"}]
    })
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// A bearer token for a seeded user.
    pub async fn token(&self, username: &str) -> String {
        let res = self
            .post_json(
                "/api/v1/auth/token",
                None,
                &json!({"username": username, "password": PASSWORD}),
            )
            .await;
        assert_eq!(res.0, 200, "login {username}: {}", res.1);
        res.1["token"].as_str().expect("token").to_owned()
    }

    pub async fn post_json(&self, path: &str, token: Option<&str>, body: &Value) -> (u16, Value) {
        let mut req = self.client.post(self.url(path)).json(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        Self::answer(req.send().await.expect("request")).await
    }

    pub async fn put_json(&self, path: &str, token: Option<&str>, body: &Value) -> (u16, Value) {
        let mut req = self.client.put(self.url(path)).json(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        Self::answer(req.send().await.expect("request")).await
    }

    pub async fn post_raw(&self, path: &str, token: Option<&str>, body: &str) -> (u16, Value) {
        let mut req = self
            .client
            .post(self.url(path))
            .header("content-type", "application/json")
            .body(body.to_owned());
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        Self::answer(req.send().await.expect("request")).await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        let mut req = self.client.get(self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        Self::answer(req.send().await.expect("request")).await
    }

    async fn answer(res: reqwest::Response) -> (u16, Value) {
        let status = res.status().as_u16();
        let text = res.text().await.expect("body");
        let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, value)
    }

    /// Registers a case as `username`; panics unless 201.
    pub async fn register(&self, token: &str, body: &Value) -> Value {
        let (status, v) = self.post_json("/api/v1/cases", Some(token), body).await;
        assert_eq!(status, 201, "register: {v}");
        v
    }

    /// Takes a step; returns status and body.
    pub async fn act(&self, token: &str, case_id: i64, body: Value) -> (u16, Value) {
        self.post_json(
            &format!("/api/v1/cases/{case_id}/actions"),
            Some(token),
            &body,
        )
        .await
    }

    /// Takes a step that must succeed.
    pub async fn act_ok(&self, token: &str, case_id: i64, body: Value) -> Value {
        let (status, v) = self.act(token, case_id, body.clone()).await;
        assert_eq!(status, 200, "action {body}: {v}");
        v
    }

    pub async fn case(&self, token: &str, id: i64) -> (u16, Value) {
        self.get(&format!("/api/v1/cases/{id}"), Some(token)).await
    }

    pub async fn list(&self, token: &str, query: &str) -> Value {
        let (status, v) = self
            .get(&format!("/api/v1/cases?{query}"), Some(token))
            .await;
        assert_eq!(status, 200, "list {query}: {v}");
        v
    }
}

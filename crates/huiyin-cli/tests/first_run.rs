//! Issue 10 item 16 through the real binary: a real office starts from an empty database with
//! `admin init` and `admin import-units`, and its system administrator gets in only after
//! changing the generated password and enrolling the second factor.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod common;

use common::{Db, totp_now};
use serde_json::{Value, json};

const INIT: [&str; 14] = [
    "admin",
    "init",
    "--unit-name",
    "浙江省教育厅",
    "--unit-kind",
    "provincial_department",
    "--region-code",
    "330000",
    "--admin",
    "sysadmin",
    "--security-admin",
    "secadmin",
    "--auditor",
    "auditor1",
];

const UNITS: &str = r#"
# The tree below the province, children before their parents is fine.
[[unit]]
name = "西湖区教育局"
kind = "county_bureau"
parent = "330100"          # by region code: 杭州市教育局
region_code = "330106"

[[unit]]
name = "杭州市教育局"
kind = "city_bureau"
parent = "浙江省教育厅"
region_code = "330100"

[[unit]]
name = "西湖区教育局信访办"
kind = "petition_office"
parent = "西湖区教育局"
region_code = "330106"
"#;

const BAD_UNITS: &str = r#"[[unit]]
name = "杭州市教育局"
kind = "city_bureau"
parent = "浙江省教育厅"
region_code = "330100"

[[unit]]
name = "某某学校"
kind = "academy"
parent = "杭州市教育局"
region_code = "330106"

[[unit]]
name = "宁波市教育局"
kind = "city_bureau"
parent = "浙江省教育厅"
region_code = "999999"
"#;

/// The generated password of `username` in the output of `admin init`.
fn password_of(stdout: &str, username: &str) -> String {
    stdout
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .find(|w| w.len() == 3 && w[1] == username)
        .map(|w| w[2].to_owned())
        .unwrap_or_else(|| panic!("no password for {username} in:\n{stdout}"))
}

fn unit_id(units: &Value, name: &str) -> i64 {
    units
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == name)
        .and_then(|u| u["id"].as_i64())
        .unwrap_or_else(|| panic!("no unit {name} in {units}"))
}

#[tokio::test]
async fn an_office_starts_from_an_empty_database() {
    let db = Db::fresh().await;
    let init = db.run(&INIT, &[]);
    assert!(init.ok, "{}", init.stderr);
    let initial = password_of(&init.stdout, "sysadmin");
    for user in ["secadmin", "auditor1"] {
        assert_ne!(password_of(&init.stdout, user), initial);
    }
    // Only once.
    let again = db.run(&INIT, &[]);
    assert!(!again.ok);
    assert!(again.stderr.contains("setup.not_empty"), "{}", again.stderr);

    // A file with problems writes nothing and names each problem's line.
    let bad = db.file("bad.toml", BAD_UNITS);
    let run = db.run(
        &["admin", "import-units", "--file", bad.to_str().unwrap()],
        &[],
    );
    assert!(!run.ok);
    assert!(run.stderr.contains("2 problem(s)"), "{}", run.stderr);
    assert!(run.stdout.contains("line 7 「某某学校」") && run.stdout.contains("academy"));
    assert!(run.stdout.contains("line 13 「宁波市教育局」") && run.stdout.contains("999999"));
    // A dry run shows the plan (all three: the failed import wrote nothing), then the import
    // writes it, and a repeat changes nothing.
    let units = db.file("units.toml", UNITS);
    let file = units.to_str().unwrap();
    let run = db.run(&["admin", "import-units", "--file", file, "--dry-run"], &[]);
    assert!(run.ok, "{}", run.stderr);
    assert!(
        run.stdout.contains("would create 3 unit(s)"),
        "{}",
        run.stdout
    );
    let run = db.run(&["admin", "import-units", "--file", file], &[]);
    assert!(
        run.ok && run.stdout.contains("imported 3 unit(s)"),
        "{}",
        run.stdout
    );
    let run = db.run(&["admin", "import-units", "--file", file], &[]);
    assert!(
        run.ok && run.stdout.contains("imported 0 unit(s); 3 existed"),
        "{}",
        run.stdout
    );

    let server = db.serve(&[], &[]).await;
    // First sign-in: the password alone opens a session that can only change it.
    let (s, v) = server.sign_in("sysadmin", &initial, None).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["must_change_password"], true);
    let first = v["token"].as_str().unwrap().to_owned();
    let (s, v) = server.get("/api/v1/units", Some(&first)).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (403, Some("auth.password_change_required"))
    );
    let (s, v) = server
        .post("/api/v1/users", Some(&first), &json!({"username": "x"}))
        .await;
    assert_eq!(
        (s, v["code"].as_str()),
        (403, Some("auth.password_change_required"))
    );
    let (s, me) = server.get("/api/v1/me", Some(&first)).await;
    assert_eq!((s, &me["must_change_password"]), (200, &json!(true)));
    assert_eq!(
        me["second_factor_required"], true,
        "admins need one by default"
    );
    // The current password must be right, the new one must follow the policy.
    let change = |old: &str, new: &str| json!({"old_password": old, "new_password": new});
    let (s, v) = server
        .post(
            "/api/v1/auth/password",
            Some(&first),
            &change("wrong-One-1", "Better-pass-9"),
        )
        .await;
    assert_eq!(s, 422);
    assert!(v["fields"]["old_password"].is_string(), "{v}");
    let (s, v) = server
        .post(
            "/api/v1/auth/password",
            Some(&first),
            &change(&initial, "short"),
        )
        .await;
    assert_eq!(s, 422);
    assert!(v["fields"]["new_password"].is_string(), "{v}");
    let (s, v) = server
        .post(
            "/api/v1/auth/password",
            Some(&first),
            &change(&initial, "Better-pass-9"),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["signed_out"], true);
    let secret = v["second_factor"]["secret"].as_str().unwrap().to_owned();
    assert!(
        v["second_factor"]["uri"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/")
    );
    assert_eq!(
        server.get("/api/v1/me", Some(&first)).await.0,
        401,
        "signed out"
    );
    // From now on: the new password and a one-time code.
    assert_eq!(server.sign_in("sysadmin", &initial, None).await.0, 401);
    let (s, v) = server.sign_in("sysadmin", "Better-pass-9", None).await;
    assert_eq!((s, v["code"].as_str()), (401, Some("auth.otp_required")));
    let (s, v) = server
        .sign_in("sysadmin", "Better-pass-9", Some(&totp_now(&secret)))
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["must_change_password"], false);
    let admin = v["token"].as_str().unwrap().to_owned();

    // The administrator works: the imported tree is there, and a user joins an imported unit.
    let (s, units) = server.get("/api/v1/units", Some(&admin)).await;
    assert_eq!(s, 200);
    assert_eq!(units.as_array().unwrap().len(), 4, "{units}");
    let county = unit_id(&units, "西湖区教育局");
    let office = units
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == "西湖区教育局信访办")
        .unwrap();
    assert_eq!(office["parent_id"], county);
    assert_eq!(office["level"], 4, "an office sits beside its bureau");
    let (s, v) = server
        .post(
            "/api/v1/users",
            Some(&admin),
            &json!({"username": "clerk", "password": "Desk-pass-17", "display_name": "王登记",
                    "unit_id": unit_id(&units, "西湖区教育局信访办"), "roles": ["registrar"]}),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    let (s, v) = server.sign_in("clerk", "Desk-pass-17", None).await;
    assert_eq!((s, &v["must_change_password"]), (200, &json!(false)), "{v}");

    // The separated administrators start the same way.
    let sec = password_of(&init.stdout, "secadmin");
    let (s, v) = server.sign_in("secadmin", &sec, None).await;
    assert_eq!((s, &v["must_change_password"]), (200, &json!(true)), "{v}");
    let token = v["token"].as_str().unwrap();
    assert_eq!(server.get("/api/v1/sign-ins", Some(token)).await.0, 403);
}

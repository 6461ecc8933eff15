//! Issue 16 items 4 and 7: `App::import_cases` on SQLite, and on PostgreSQL when
//! `HUIYIN_TEST_DATABASE_URL` is set. Cases from an xlsx and from CSV files (UTF-8 with a BOM,
//! GB18030) arrive with their numbers, dates and units, marked imported, the audit chain
//! intact; importing twice adds nothing; a dry run writes nothing and reports each bad row and
//! column; a bad file writes nothing; an imported accusation against a county is not listed
//! for the county's users.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use std::path::Path;
use std::sync::Arc;

use huiyin_app::import::ImportReport;
use huiyin_app::{App, AppConfig, CaseQuery, CurrentUser, Database, KeyFile, NewUserInput};
use huiyin_core::Date;
use huiyin_core::case::{Flag, Status};
use huiyin_core::clock::FixedClock;
use huiyin_core::role::Role;
use huiyin_crypto::{Algorithm, KeyRing};

const HEADERS: &str = "编号,登记日期,信访渠道,信访类型,问题分类,标题,内容,诉求,被反映单位,承办单位,信访人,身份证号,电话,地址,人数,状态";

struct Office {
    app: App,
    county: i64,
    county_office: i64,
    school: i64,
    province_office: i64,
    _dir: tempfile::TempDir,
}

async fn office() -> Office {
    let dir = tempfile::tempdir().unwrap();
    let ring = KeyRing::generate(Algorithm::Sm4Gcm).unwrap();
    let path = dir.path().join("huiyin.keys");
    std::fs::write(&path, ring.to_key_file()).unwrap();
    let url = huiyin_store::testdb::fresh_database_url(dir.path())
        .await
        .unwrap();
    let clock = FixedClock::at_noon(Date::parse("2026-06-30").unwrap());
    let app = Database::open(&url, KeyFile { ring, path })
        .await
        .unwrap()
        .into_app(Arc::new(clock), AppConfig::default())
        .await
        .unwrap();
    let org = huiyin_app::seed::seed_organisation(&app).await.unwrap();
    let (county, county_office, schools) = org
        .counties
        .iter()
        .find(|(_, _, s)| !s.is_empty())
        .cloned()
        .unwrap();
    Office {
        app,
        county,
        county_office,
        school: schools[0],
        province_office: org.province_office,
        _dir: dir,
    }
}

async fn user(app: &App, name: &str, unit: i64) -> CurrentUser {
    app.create_user(
        None,
        NewUserInput {
            username: name.into(),
            password: "import-test-pass".into(),
            display_name: name.into(),
            unit_id: unit,
            roles: vec![Role::Handler],
        },
    )
    .await
    .unwrap()
}

/// Two rows: an appeal about a school handled by the county office (named), and an
/// accusation against the county itself handled by the province's office (by id).
fn rows(o: &Office, prefix: &str) -> Vec<String> {
    let office_name = o.app.org().get(o.county_office).unwrap().name.clone();
    vec![
        format!(
            "{prefix}-0001,2023-05-10,来信,申诉求决类,fees,反映学校收取资料费,\"学校收取资料费200元，未说明依据。\",退还资料费,{},{office_name},张伟,11010519491231002X,13800138000,某区某街道1号,1,已办结",
            o.school
        ),
        format!(
            "{prefix}-0002,2024-01-08,visit,accusation,教育收费与退费,检举县教育局乱收费,县教育局违规收取择校费。,查处,{},{},李娜,,,,,",
            o.county, o.province_office
        ),
    ]
}

fn csv(rows: &[String]) -> String {
    format!("{HEADERS}\n{}\n", rows.join("\n"))
}

async fn import(app: &App, path: &Path, dry_run: bool) -> ImportReport {
    app.import_cases(path, dry_run, &|_, _| {}).await.unwrap()
}

async fn count(app: &App) -> i64 {
    app.store_for_tests().count_cases().await.unwrap()
}

async fn audit_intact(app: &App) {
    let report = app.store_for_tests().verify_audit().await.unwrap();
    assert!(report.is_intact(), "{:?}", report.problems);
}

async fn check_imported(o: &Office, number: &str, received: &str, handling: i64) {
    let store = o.app.store_for_tests();
    let id = store
        .case_id_by_number(number)
        .await
        .unwrap()
        .expect(number);
    let rec = store.case(id).await.unwrap().unwrap();
    assert_eq!(rec.case.number, number);
    assert_eq!(rec.case.received_on, Date::parse(received).unwrap());
    assert_eq!(rec.case.handling_unit_id, handling);
    assert!(
        rec.case.flags.contains(&Flag::Imported),
        "{:?}",
        rec.case.flags
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_utf8_bom_and_gb18030_import_once() {
    let o = office().await;
    let dir = tempfile::tempdir().unwrap();
    let before = count(&o.app).await;

    let bom = dir.path().join("history-bom.csv");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(csv(&rows(&o, "BOM")).as_bytes());
    std::fs::write(&bom, bytes).unwrap();
    let r = import(&o.app, &bom, false).await;
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!((r.rows, r.imported, r.already_there), (2, 2, 0));
    assert_eq!(r.read_as, "csv utf-8");
    check_imported(&o, "BOM-0001", "2023-05-10", o.county_office).await;
    check_imported(&o, "BOM-0002", "2024-01-08", o.province_office).await;
    let closed = o
        .app
        .store_for_tests()
        .case_id_by_number("BOM-0001")
        .await
        .unwrap()
        .unwrap();
    let closed = o.app.store_for_tests().case(closed).await.unwrap().unwrap();
    assert_eq!(closed.case.status, Status::Closed);
    assert_eq!(closed.case.concerned_unit_id, o.school);

    // Twice: nothing more.
    let again = import(&o.app, &bom, false).await;
    assert!(again.problems.is_empty(), "{:?}", again.problems);
    assert_eq!((again.imported, again.already_there), (0, 2));
    assert_eq!(count(&o.app).await, before + 2);

    // The later case first in the file: cases are written in order of receipt.
    let gb = dir.path().join("history-gbk.csv");
    let reversed: Vec<String> = rows(&o, "GBK").into_iter().rev().collect();
    let text = csv(&reversed);
    let (encoded, _, _) = encoding_rs::GB18030.encode(&text);
    std::fs::write(&gb, &encoded).unwrap();
    let r = import(&o.app, &gb, false).await;
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!((r.imported, r.read_as.as_str()), (2, "csv gb18030"));
    check_imported(&o, "GBK-0002", "2024-01-08", o.province_office).await;
    let store = o.app.store_for_tests();
    let earlier = store.case_id_by_number("GBK-0001").await.unwrap().unwrap();
    let later = store.case_id_by_number("GBK-0002").await.unwrap().unwrap();
    assert!(
        earlier < later,
        "the case received in 2023 is written before the one of 2024"
    );
    assert_eq!(count(&o.app).await, before + 4);
    audit_intact(&o.app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn xlsx_import_with_date_and_number_cells() {
    use rust_xlsxwriter::{Format, Workbook};
    let o = office().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in HEADERS.split(',').enumerate() {
        ws.write_string(0, c as u16, h).unwrap();
    }
    for (r, line) in rows(&o, "XLS").iter().enumerate() {
        let r = r as u32 + 1;
        // The CSV rows' fields (no quoted commas in the cells used here but the content).
        let mut fields: Vec<String> = Vec::new();
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(line.as_bytes());
        for f in rdr.records().next().unwrap().unwrap().iter() {
            fields.push(f.to_owned());
        }
        for (c, f) in fields.iter().enumerate() {
            let c = c as u16;
            if c == 1 {
                // A real date cell: 2023-05-10 is day 45056, 2024-01-08 day 45299.
                let serial = if r == 1 { 45_056.0 } else { 45_299.0 };
                ws.write_number_with_format(r, c, serial, &date).unwrap();
            } else if c == 12 && !f.is_empty() {
                ws.write_number(r, c, f.parse::<f64>().unwrap()).unwrap();
            } else {
                ws.write_string(r, c, f).unwrap();
            }
        }
    }
    wb.save(&path).unwrap();
    let r = import(&o.app, &path, false).await;
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!((r.imported, r.read_as.as_str()), (2, "xlsx"));
    check_imported(&o, "XLS-0001", "2023-05-10", o.county_office).await;
    check_imported(&o, "XLS-0002", "2024-01-08", o.province_office).await;
    audit_intact(&o.app).await;

    // The template the command writes imports as it stands once its units are real.
    let template = dir.path().join("template.xlsx");
    let school = o.app.org().get(o.school).unwrap().name.clone();
    let unique = o.app.org().units().filter(|u| u.name == school).count() == 1;
    let office = o.app.org().get(o.county_office).unwrap().name.clone();
    let concerned = if unique { school } else { o.school.to_string() };
    huiyin_app::import::write_template(&template, Some((&concerned, &office))).unwrap();
    let t = import(&o.app, &template, true).await;
    assert!(t.problems.is_empty(), "{:?}", t.problems);
    assert_eq!(t.rows, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dry_run_reports_each_bad_row_and_bad_files_write_nothing() {
    let o = office().await;
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.csv");
    std::fs::write(&good, csv(&rows(&o, "OK"))).unwrap();
    assert_eq!(import(&o.app, &good, false).await.imported, 2);
    let before = count(&o.app).await;

    // A required column missing: reported once, by name.
    let missing = dir.path().join("missing.csv");
    let short: Vec<&str> = HEADERS
        .split(',')
        .filter(|h| *h != "诉求" && *h != "标题")
        .collect();
    std::fs::write(&missing, format!("{}\nX,2023-01-01\n", short.join(","))).unwrap();
    let r = import(&o.app, &missing, true).await;
    assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
    let text = r.problems[0].to_string();
    assert!(
        text.contains("缺少必需的列") && text.contains("标题、诉求"),
        "{text}"
    );
    assert!(text.contains("title, demands"), "{text}");

    let [a, b] = <[String; 2]>::try_from(rows(&o, "BAD")).unwrap();
    let bad_rows = vec![
        a.replace("2023-05-10", "2023/13/01"), // row 2: bad date
        b.replace("2024-01-08", "2027-01-08"), // row 3: in the future
        a.replace("BAD-0001", "BAD-0003")
            .replace(&format!(",{},", o.school), ",不存在的学校,"), // row 4
        a.replace("BAD-0001", "BAD-0004")
            .replace(",fees,", ",外星分类,"), // row 5: category
        a.replace("BAD-0001", "BAD-0005")
            .replace(",来信,", ",飞鸽,"), // row 6: channel
        a.replace("BAD-0001", "BAD-0003"),     // row 7: repeats row 4's number
        a.replace("BAD-0001", "OK-0001")
            .replace("未说明依据", "另一件事"), // row 8: stored, other content
        a.replace("BAD-0001", "BAD-0009")
            .replace(",已办结", ",复核中"), // row 9: status not importable
        a.replace("BAD-0001", "BAD-0010"),     // row 10: fine
    ];
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, csv(&bad_rows)).unwrap();
    let r = import(&o.app, &bad, true).await;
    let shown: Vec<String> = r.problems.iter().map(ToString::to_string).collect();
    let expect = [
        "第2行 登记日期：日期格式应为YYYY-MM-DD",
        "第3行 登记日期：收件日期不能晚于今天",
        "第4行 被反映单位：单位“不存在的学校”不存在",
        "第5行 问题分类：问题分类“外星分类”不存在",
        "第6行 信访渠道：“飞鸽”不是可用的值",
        "第7行 编号：编号“BAD-0003”与第4行重复",
        "第8行 编号：编号“OK-0001”已被系统中另一件内容不同的案件使用",
        "第9行 状态：“复核中”不是可用的值",
    ];
    for e in expect {
        assert!(
            shown.iter().any(|s| s.starts_with(e)),
            "{e} not in {shown:#?}"
        );
    }
    assert!(
        shown
            .iter()
            .any(|s| s.contains("row 2, received_on: expected YYYY-MM-DD")),
        "{shown:#?}"
    );
    assert_eq!(r.problems.len(), expect.len(), "{shown:#?}");
    assert_eq!(count(&o.app).await, before, "a dry run writes nothing");

    // The same file for real: refused whole, its good row 10 included.
    let real = import(&o.app, &bad, false).await;
    assert_eq!(real.problems.len(), expect.len());
    assert_eq!(real.imported, 0);
    assert_eq!(count(&o.app).await, before, "a bad file writes nothing");
    audit_intact(&o.app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_imported_accusation_is_walled_off_from_the_county() {
    let o = office().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("wall.csv");
    std::fs::write(&file, csv(&rows(&o, "WALL"))).unwrap();
    let r = import(&o.app, &file, false).await;
    assert_eq!(r.imported, 2, "{:?}", r.problems);
    let county_user = user(&o.app, "county_handler", o.county_office).await;
    let county_bureau_user = user(&o.app, "county_bureau", o.county).await;
    let province_user = user(&o.app, "province_handler", o.province_office).await;
    let numbers = |u: CurrentUser| {
        let app = o.app.clone();
        async move {
            app.list_cases(&u, CaseQuery::default())
                .await
                .unwrap()
                .items
                .into_iter()
                .map(|c| (c.number, c.flags))
                .collect::<Vec<_>>()
        }
    };
    let county = numbers(county_user).await;
    assert!(
        county
            .iter()
            .any(|(n, f)| n == "WALL-0001" && f.contains(&Flag::Imported)),
        "{county:?}"
    );
    assert!(!county.iter().any(|(n, _)| n == "WALL-0002"), "{county:?}");
    let bureau = numbers(county_bureau_user).await;
    assert!(!bureau.iter().any(|(n, _)| n == "WALL-0002"), "{bureau:?}");
    let province = numbers(province_user).await;
    assert!(
        province.iter().any(|(n, _)| n == "WALL-0002"),
        "{province:?}"
    );
}

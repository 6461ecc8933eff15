//! `huiyin import` through the real binary (SQLite, or PostgreSQL when
//! `HUIYIN_TEST_DATABASE_URL` is set): the template imports as it stands, once; a bad file is
//! reported by row and column and refused whole; `huiyin audit verify` passes afterwards.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod common;

use common::Db;

#[tokio::test]
async fn template_dry_run_import_twice_and_a_bad_file() {
    let db = Db::fresh().await;
    let made = db.run(&["demo", "--cases", "3"], &[]);
    assert!(made.ok, "demo: {}", made.stderr);
    let template = db.data_dir().join("模板.xlsx");
    let t = template.to_str().unwrap();

    let run = db.run(&["import", "--template", t], &[]);
    assert!(run.ok, "{}{}", run.stdout, run.stderr);
    assert!(template.is_file());

    let dry = db.run(&["import", "--file", t, "--dry-run"], &[]);
    assert!(dry.ok, "{}{}", dry.stdout, dry.stderr);
    assert!(
        dry.stdout.contains("未写入任何数据 nothing written"),
        "{}",
        dry.stdout
    );

    let first = db.run(&["import", "--file", t], &[]);
    assert!(first.ok, "{}{}", first.stdout, first.stderr);
    assert!(
        first
            .stdout
            .contains("新导入 imported 1，已存在 already there 0"),
        "{}",
        first.stdout
    );
    assert!(first.stderr.contains("1/1"), "progress: {}", first.stderr);
    let second = db.run(&["import", "--file", t], &[]);
    assert!(second.ok, "{}{}", second.stdout, second.stderr);
    assert!(
        second
            .stdout
            .contains("新导入 imported 0，已存在 already there 1"),
        "{}",
        second.stdout
    );

    let bad = db.file(
        "bad.csv",
        "编号,登记日期,信访渠道,信访类型,问题分类,标题,内容,被反映单位,承办单位,信访人\n\
         A-1,2024-13-01,来信,建议意见类,fees,标题,内容,1,1,张伟\n",
    );
    let refused = db.run(&["import", "--file", bad.to_str().unwrap()], &[]);
    assert!(!refused.ok, "{}", refused.stdout);
    assert!(
        refused.stdout.contains("缺少必需的列：诉求"),
        "{}",
        refused.stdout
    );
    assert!(
        refused.stderr.contains("未导入任何数据"),
        "{}",
        refused.stderr
    );

    let fixed = db.file(
        "bad2.csv",
        "编号,登记日期,信访渠道,信访类型,问题分类,标题,内容,诉求,被反映单位,承办单位,信访人\n\
         A-1,2024-13-01,来信,建议意见类,fees,标题,内容,诉求,1,1,张伟\n",
    );
    let refused = db.run(&["import", "--file", fixed.to_str().unwrap()], &[]);
    assert!(!refused.ok, "{}", refused.stdout);
    assert!(
        refused
            .stdout
            .contains("第2行 登记日期：日期格式应为YYYY-MM-DD"),
        "{}",
        refused.stdout
    );

    let verify = db.run(&["audit", "verify"], &[]);
    assert!(verify.ok, "{}{}", verify.stdout, verify.stderr);
}

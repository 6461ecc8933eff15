//! Tests of the GB/T 2260 division code table (`region`).

#![allow(clippy::unwrap_used)]

use super::*;

fn names(rs: &[&Region]) -> Vec<String> {
    rs.iter().map(|r| r.name.clone()).collect()
}

#[test]
fn official_table_is_complete_and_clean() {
    let t = RegionTable::official();
    assert_eq!(t.malformed_lines(), &[] as &[usize]);
    assert_eq!(t.version(), "mca-2021-12");
    let count = |l| t.all().iter().filter(|r| r.code.level() == l).count();
    assert_eq!(count(RegionLevel::Province), 34);
    assert_eq!(count(RegionLevel::Prefecture), 333);
    assert!(count(RegionLevel::County) > 2800);
    // Every row sits under a listed province.
    assert!(t.all().iter().all(|r| t.province_of(&r.code).is_some()));
}

#[test]
fn names_and_full_names() {
    let t = RegionTable::official();
    assert_eq!(t.name("330106"), Some("西湖区"));
    assert_eq!(t.full_name("330106"), "浙江省杭州市西湖区");
    assert_eq!(t.full_name("330100"), "浙江省杭州市");
    assert_eq!(t.full_name("330000"), "浙江省");
    assert_eq!(t.full_name("110101"), "北京市东城区");
    assert_eq!(t.full_name("429004"), "湖北省仙桃市");
    assert_eq!(t.full_name("441900"), "广东省东莞市");
    assert_eq!(t.full_name("110100"), "北京市");
    assert_eq!(t.full_name("abc"), "");
    // A code dropped in 2021 (杭州市下城区) keeps its listed ancestors.
    assert!(!t.contains("330103"));
    assert_eq!(t.full_name("330103"), "浙江省杭州市");
}

#[test]
fn ancestors() {
    let t = RegionTable::official();
    assert_eq!(t.province_of("330106").unwrap().name, "浙江省");
    assert_eq!(t.prefecture_of("330106").unwrap().name, "杭州市");
    assert_eq!(t.prefecture_of("330100").unwrap().name, "杭州市");
    assert!(t.prefecture_of("330000").is_none());
    assert!(t.prefecture_of("110101").is_none());
    assert!(t.prefecture_of("429004").is_none());
}

#[test]
fn zhejiang_is_complete() {
    let t = RegionTable::official();
    let prefectures = t.children("330000");
    assert_eq!(prefectures.len(), 11);
    assert_eq!(prefectures[0].name, "杭州市");
    assert_eq!(
        names(&t.children("330100")),
        [
            "上城区",
            "拱墅区",
            "西湖区",
            "滨江区",
            "萧山区",
            "余杭区",
            "富阳区",
            "临安区",
            "临平区",
            "钱塘区",
            "桐庐县",
            "淳安县",
            "建德市"
        ]
    );
    let counties = t.all().iter().filter(|r| r.code.as_str().starts_with("33"));
    assert_eq!(
        counties
            .filter(|r| r.code.level() == RegionLevel::County)
            .count(),
        90
    );
    assert!(t.children("330106").is_empty());
}

#[test]
fn province_children_include_counties_without_prefecture() {
    let t = RegionTable::official();
    let hubei = names(&t.children("420000"));
    assert!(hubei.contains(&"武汉市".to_owned()));
    assert!(hubei.contains(&"仙桃市".to_owned()));
    assert!(!hubei.contains(&"江岸区".to_owned()));
    let beijing = t.children("110000");
    assert_eq!(beijing.len(), 16);
}

#[test]
fn codes_parse_and_know_their_level() {
    let c = RegionCode::parse(" 330106 ").unwrap();
    assert_eq!(c.as_str(), "330106");
    assert_eq!(c.level(), RegionLevel::County);
    assert_eq!(c.province().as_str(), "330000");
    assert_eq!(c.prefecture().unwrap().as_str(), "330100");
    assert_eq!(
        RegionCode::parse("330100").unwrap().level(),
        RegionLevel::Prefecture
    );
    let p = RegionCode::parse("330000").unwrap();
    assert_eq!((p.level(), p.prefecture()), (RegionLevel::Province, None));
    for bad in ["", "33010", "3301060", "33010a", "000000", "３３０１０６"] {
        assert_eq!(
            RegionCode::parse(bad).unwrap_err().code,
            "region_code.invalid"
        );
    }
    let json = serde_json::to_string(&c).unwrap();
    assert_eq!(json, "\"330106\"");
    assert_eq!(serde_json::from_str::<RegionCode>(&json).unwrap(), c);
    assert!(serde_json::from_str::<RegionCode>("\"33\"").is_err());
}

#[test]
fn malformed_lines_are_skipped_and_reported() {
    let text = "# version: test-1\n110000\t北京市\nbad line\n11010\t短\n110101\t\n\n110101\t东城区\n110000\t重复\n";
    let t = RegionTable::from_tsv(text);
    assert_eq!(t.version(), "test-1");
    assert_eq!(t.len(), 2);
    assert_eq!(t.name("110000"), Some("北京市"));
    assert_eq!(t.malformed_lines(), &[3, 4, 5, 8]);
    assert_eq!(RegionTable::from_tsv("").version(), "unknown");
}

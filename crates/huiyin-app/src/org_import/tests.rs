#![allow(clippy::unwrap_used)]

use huiyin_core::org::{OrgTree, Unit, UnitKind};
use huiyin_store::ParentRef;

use super::plan_import;

fn unit(id: i64, name: &str, kind: UnitKind, parent: Option<i64>, level: u8, region: &str) -> Unit {
    Unit {
        id,
        name: name.into(),
        kind,
        level,
        parent_id: parent,
        region_code: region.into(),
    }
}

/// 浙江省教育厅 (1) → 杭州市教育局 (2)
fn org() -> OrgTree {
    OrgTree::new([
        unit(
            1,
            "浙江省教育厅",
            UnitKind::ProvincialDepartment,
            None,
            2,
            "330000",
        ),
        unit(
            2,
            "杭州市教育局",
            UnitKind::CityBureau,
            Some(1),
            3,
            "330100",
        ),
    ])
}

#[test]
fn a_tree_in_any_order_is_planned_parents_first() {
    let text = r#"
[[unit]]
name = "西湖区文新小学"
kind = "school"
parent = "西湖区教育局"
region_code = "330106"

[[unit]]
name = "西湖区教育局"
kind = "county_bureau"
parent = "330100"
region_code = "330106"

[[unit]]
name = "西湖区教育局信访办"
kind = "petition_office"
parent = "西湖区教育局"
region_code = "330106"

[[unit]]
name = "宁波市教育局"
kind = "city_bureau"
parent = "浙江省教育厅"
region_code = "330200"
"#;
    let plan = plan_import(text, &org());
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    let names: Vec<&str> = plan.create.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "西湖区教育局",
            "西湖区教育局信访办",
            "宁波市教育局",
            "西湖区文新小学"
        ]
    );
    assert_eq!(plan.create[0].parent, ParentRef::Existing(2));
    assert_eq!(plan.create[0].level, 4);
    assert_eq!(plan.create[3].parent, ParentRef::Batch(0));
    assert_eq!(plan.create[3].level, 5);
    assert_eq!(plan.create[1].level, 4, "an office sits beside its bureau");
    assert_eq!(plan.lines, [8, 14, 20, 2]);
}

#[test]
fn every_problem_is_reported_with_its_line() {
    let text = r#"[[unit]]
name = "甲"
kind = "college"
parent = "浙江省教育厅"
region_code = "330106"

[[unit]]
name = "乙"
kind = "county_bureau"
parent = "浙江省教育厅"
region_code = "330106"

[[unit]]
name = "丙"
kind = "city_bureau"
parent = "浙江省教育厅"
region_code = "110100"

[[unit]]
name = "丁"
kind = "city_bureau"
parent = "不存在的单位"
region_code = "330300"

[[unit]]
name = "戊"
kind = "city_bureau"
parent = "浙江省教育厅"
region_code = 330400
colour = "red"

[[unit]]
name = "己"
kind = "school"
parent = "庚"
region_code = "330100"

[[unit]]
name = "庚"
kind = "school"
parent = "己"
region_code = "330100"

[[unit]]
name = "辛"
kind = "city_bureau"
parent = "浙江省教育厅"
region_code = "440100"
"#;
    let plan = plan_import(text, &org());
    let lines: Vec<usize> = plan.problems.iter().map(|p| p.line).collect();
    assert_eq!(
        lines,
        [1, 7, 13, 19, 25, 25, 32, 38, 44],
        "{:#?}",
        plan.problems
    );
    let text_of = |line: usize| -> String {
        plan.problems
            .iter()
            .filter(|p| p.line == line)
            .map(ToString::to_string)
            .collect()
    };
    assert!(text_of(1).contains("college"), "unknown kind");
    assert!(text_of(7).contains("cannot sit under"), "{}", text_of(7));
    assert!(text_of(13).contains("110100"), "not in the table");
    assert!(text_of(19).contains("not found"));
    assert!(text_of(25).contains("text in quotes") && text_of(25).contains("colour"));
    assert!(text_of(32).contains("cycle") && text_of(38).contains("cycle"));
    assert!(text_of(44).contains("outside"), "{}", text_of(44));
    assert!(text_of(7).starts_with("第7行 line 7 「乙」"));
}

#[test]
fn existing_units_are_skipped_and_clashes_reported() {
    let again = r#"
[[unit]]
name = "杭州市教育局"
kind = "city_bureau"
parent = "浙江省教育厅"
region_code = "330100"

[[unit]]
name = "拱墅区教育局"
kind = "county_bureau"
parent = "杭州市教育局"
region_code = "330105"
"#;
    let plan = plan_import(again, &org());
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    assert_eq!(plan.existing, [("杭州市教育局".to_owned(), 2)]);
    assert_eq!(plan.create.len(), 1);
    assert_eq!(plan.create[0].parent, ParentRef::Existing(2));
    let clash = again.replace("\"330100\"", "\"330200\"");
    let plan = plan_import(&clash, &org());
    assert_eq!(plan.problems.len(), 1, "{:?}", plan.problems);
    assert!(plan.problems[0].en.contains("another kind or region code"));
    let twice = format!(
        "{again}{}",
        &again[again.find("[[unit]]\nname = \"拱墅").unwrap()..]
    );
    let plan = plan_import(&twice, &org());
    assert!(
        plan.problems.iter().any(|p| p.en.contains("repeats line")),
        "{:?}",
        plan.problems
    );
}

#[test]
fn region_codes_name_the_highest_body_or_are_ambiguous() {
    let tree = OrgTree::new([
        unit(
            1,
            "浙江省教育厅",
            UnitKind::ProvincialDepartment,
            None,
            2,
            "330000",
        ),
        unit(2, "浙江大学", UnitKind::University, Some(1), 3, "330106"),
        unit(
            3,
            "杭州市教育局",
            UnitKind::CityBureau,
            Some(1),
            3,
            "330100",
        ),
        unit(
            4,
            "西湖区教育局",
            UnitKind::CountyBureau,
            Some(3),
            4,
            "330106",
        ),
    ]);
    let text = r#"
[[unit]]
name = "某小学"
kind = "school"
parent = "330106"
region_code = "330106"
"#;
    let plan = plan_import(text, &tree);
    assert_eq!(plan.problems.len(), 1);
    assert!(plan.problems[0].en.contains("matches several units"));
    let plan = plan_import(
        &text.replace("parent = \"330106\"", "parent = \"西湖区教育局\""),
        &tree,
    );
    assert!(plan.problems.is_empty());
    assert_eq!(plan.create[0].parent, ParentRef::Existing(4));
}

#[test]
fn a_broken_file_or_an_empty_database_is_one_problem() {
    let plan = plan_import("[[unit]]\nname = \"甲\n", &org());
    assert_eq!(plan.problems.len(), 1);
    assert_eq!(plan.problems[0].line, 2, "{:?}", plan.problems);
    let plan = plan_import(
        "[[unit]]\nname=\"甲\"\nkind=\"city_bureau\"\nparent=\"浙江省教育厅\"\nregion_code=\"330100\"\n",
        &OrgTree::new([]),
    );
    assert!(plan.problems.iter().any(|p| p.en.contains("admin init")));
}

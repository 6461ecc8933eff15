//! The category file's validation, the shipped tree and the fields of petition work.

#![allow(clippy::unwrap_used)]

use super::*;

fn err(text: &str) -> CategoryError {
    CategoryTree::from_toml(text).unwrap_err()
}

#[test]
fn a_field_holds_its_top_level_category_and_everything_below() {
    let tree = CategoryTree::from_toml(
        r#"
[[category]]
code = "admissions"
name_zh = "招生"
name_en = "Admissions"
default_petition_type = "appeal"
[[category]]
code = "admissions.zoning"
name_zh = "划片"
name_en = "Zoning"
[[category]]
code = "admissions.zoning.transfer"
name_zh = "转学"
name_en = "Transfer"
[[category]]
code = "admissions_fees"
name_zh = "招生收费"
name_en = "Admission fees"
default_petition_type = "appeal"
[[category]]
code = "staff"
name_zh = "教师"
name_en = "Staff"
default_petition_type = "appeal"
"#,
    )
    .unwrap();
    let all = [
        "admissions",
        "admissions.zoning",
        "admissions.zoning.transfer",
    ];
    assert_eq!(tree.field_codes("admissions.zoning.transfer"), all);
    assert_eq!(tree.field_codes("admissions"), all);
    // A prefix of a name is not a parent: admissions_fees is a field of its own.
    assert_eq!(tree.field_codes("admissions_fees"), ["admissions_fees"]);
    // A code the tree no longer defines keeps itself beside its field.
    assert_eq!(
        tree.field_codes("staff.retired"),
        ["staff", "staff.retired"]
    );
    assert_eq!(field_of("admissions.zoning.transfer"), "admissions");
    assert_eq!(field_of("staff"), "staff");
}

#[test]
fn official_tree_is_valid() {
    let tree = CategoryTree::from_toml(OFFICIAL_TOML).unwrap();
    assert_eq!(tree, CategoryTree::official());
    let top: Vec<&str> = tree.top_level().iter().map(|c| c.code.as_str()).collect();
    assert_eq!(
        top,
        [
            "admissions",
            "fees",
            "off_campus_tutoring",
            "teacher_pay",
            "former_substitute_teachers",
            "teacher_conduct",
            "student_discipline",
            "degrees",
            "financial_aid",
            "workload",
            "campus_safety",
            "logistics",
            "teaching",
            "personnel",
            "private_schools",
            "other",
        ]
    );
    for (i, c) in tree.all().iter().enumerate() {
        assert!(!c.name_zh.is_empty() && !c.name_en.is_empty(), "{}", c.code);
        if let Some(p) = &c.parent_code {
            let at = tree.all().iter().position(|x| &x.code == p).unwrap();
            assert!(at < i, "{} listed before its parent", c.code);
        } else {
            assert!(!c.evidence.is_empty() || c.code == "other", "{}", c.code);
        }
    }
}

#[test]
fn defaults_follow_domain_section_7() {
    let tree = CategoryTree::official();
    let t = |code: &str| tree.get(code).unwrap().default_petition_type;
    let d = |code: &str| tree.get(code).unwrap().default_diversion;
    assert_eq!(t("teacher_conduct"), PetitionType::Accusation);
    assert_eq!(t("fees"), PetitionType::Appeal);
    assert_eq!(t("fees.illegal_charges"), PetitionType::Accusation);
    assert_eq!(d("teacher_pay"), Some(DiversionProcedure::TeacherAppeal));
    assert_eq!(
        d("student_discipline"),
        Some(DiversionProcedure::StudentAppeal)
    );
    assert_eq!(d("degrees"), Some(DiversionProcedure::DegreeReview));
    assert_eq!(
        d("personnel"),
        Some(DiversionProcedure::PersonnelArbitration)
    );
    assert_eq!(d("admissions"), None);
    // Inherited from the parent, or explicitly cleared with "none".
    assert_eq!(t("admissions.zoning"), PetitionType::Appeal);
    assert_eq!(
        d("teacher_pay.titles"),
        Some(DiversionProcedure::TeacherAppeal)
    );
    assert_eq!(d("personnel.appraisal"), None);
    assert_eq!(d("degrees.diplomas"), None);
}

#[test]
fn children_and_lookup() {
    let tree = CategoryTree::official();
    let kids: Vec<&str> = tree
        .children("admissions")
        .iter()
        .map(|c| c.code.as_str())
        .collect();
    assert_eq!(
        kids,
        [
            "admissions.enrolment",
            "admissions.zoning",
            "admissions.transfer",
            "admissions.exams"
        ]
    );
    assert!(tree.children("other").is_empty());
    assert_eq!(tree.get("logistics.canteen").unwrap().name_zh, "食堂");
    assert_eq!(
        tree.get("campus_safety.bullying")
            .unwrap()
            .parent_code
            .as_deref(),
        Some("campus_safety")
    );
    assert!(tree.contains("campus_safety.injury"));
    assert!(tree.get("nope").is_none());
}

#[test]
fn categories_serialise_with_wire_names() {
    let tree = CategoryTree::official();
    let json = serde_json::to_value(tree.get("teacher_pay").unwrap()).unwrap();
    assert_eq!(json["default_petition_type"], "appeal");
    assert_eq!(json["default_diversion"], "teacher_appeal");
    assert_eq!(json["parent_code"], serde_json::Value::Null);
}

#[test]
fn children_may_precede_parents_in_the_file() {
    let text = r#"
            [[category]]
            code = "a.b"
            name_zh = "乙"
            name_en = "B"
            [[category]]
            code = "a"
            name_zh = "甲"
            name_en = "A"
            default_petition_type = "suggestion"
            default_diversion = "litigation"
        "#;
    let tree = CategoryTree::from_toml(text).unwrap();
    let codes: Vec<&str> = tree.all().iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["a", "a.b"]);
    assert_eq!(
        tree.get("a.b").unwrap().default_petition_type,
        PetitionType::Suggestion
    );
    assert_eq!(
        tree.get("a.b").unwrap().default_diversion,
        Some(DiversionProcedure::Litigation)
    );
}

#[test]
fn bad_files_are_refused() {
    let one = |code: &str, extra: &str| {
        format!("[[category]]\ncode = \"{code}\"\nname_zh = \"甲\"\nname_en = \"A\"\n{extra}\n")
    };
    let ok = one("a", "default_petition_type = \"appeal\"");
    assert!(matches!(err("[[category]\n"), CategoryError::Toml(_)));
    assert!(matches!(
        err(&format!("{ok}colour = 1\n")),
        CategoryError::Toml(_)
    ));
    assert_eq!(err(""), CategoryError::Empty);
    assert_eq!(
        err(&format!("{ok}{ok}")),
        CategoryError::Duplicate("a".into())
    );
    for bad in ["A", "a-b", "1a", "a..b", "a.", "", "学区"] {
        let text = one(bad, "default_petition_type = \"appeal\"");
        assert_eq!(err(&text), CategoryError::BadCode(bad.into()), "{bad}");
    }
    assert_eq!(
        err(&format!("{ok}{}", one("b.c", ""))),
        CategoryError::MissingParent {
            code: "b.c".into(),
            parent: "b".into()
        }
    );
    assert_eq!(
        err(&one("a", "")),
        CategoryError::MissingPetitionType("a".into())
    );
    assert_eq!(
        err(&one("a", "default_petition_type = \"complaint\"")),
        CategoryError::UnknownPetitionType {
            code: "a".into(),
            value: "complaint".into()
        }
    );
    assert_eq!(
        err(&one(
            "a",
            "default_petition_type = \"appeal\"\ndefault_diversion = \"court\""
        )),
        CategoryError::UnknownDiversion {
            code: "a".into(),
            value: "court".into()
        }
    );
    let blank = "[[category]]\ncode = \"a\"\nname_zh = \" \"\nname_en = \"A\"\ndefault_petition_type = \"appeal\"\n";
    assert_eq!(err(blank), CategoryError::MissingName("a".into()));
}

//! The education content-category tree (DOMAIN.md §7, requirement 36) as configurable data:
//! each category carries a default petition type and a default diversion route (§2). The
//! shipped tree is `data/categories.toml`, which documents its fields.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::kinds::{DiversionProcedure, PetitionType};

/// The shipped tree, checked by the test `official_tree_is_valid`.
const OFFICIAL_TOML: &str = include_str!("../data/categories.toml");

/// Written for `default_diversion` to stop a child inheriting its parent's route.
const NO_DIVERSION: &str = "none";

static OFFICIAL: LazyLock<CategoryTree> =
    LazyLock::new(|| CategoryTree::from_toml(OFFICIAL_TOML).unwrap_or_else(|_| fallback()));

/// One content category.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Category {
    /// Stable ASCII code, e.g. `admissions.zoning`.
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub parent_code: Option<String>,
    pub default_petition_type: PetitionType,
    pub default_diversion: Option<DiversionProcedure>,
    /// Where the category comes from (DOMAIN.md §7); may be empty.
    pub evidence: String,
}

/// Why a category file was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CategoryError {
    #[error("the category file is not valid TOML of the expected shape: {0}")]
    Toml(String),
    #[error("the category file defines no category")]
    Empty,
    #[error("category code {0:?} is not lowercase snake_case segments joined by dots")]
    BadCode(String),
    #[error("category code {0:?} is defined twice")]
    Duplicate(String),
    #[error("category {code:?}: parent {parent:?} is not defined")]
    MissingParent { code: String, parent: String },
    #[error("category {0:?}: name_zh and name_en must not be empty")]
    MissingName(String),
    #[error("category {0:?}: a top-level category needs default_petition_type")]
    MissingPetitionType(String),
    #[error("category {code:?}: unknown petition type {value:?} (suggestion, accusation, appeal)")]
    UnknownPetitionType { code: String, value: String },
    #[error("category {code:?}: unknown diversion procedure {value:?}")]
    UnknownDiversion { code: String, value: String },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryFile {
    #[serde(default)]
    category: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    code: String,
    name_zh: String,
    name_en: String,
    default_petition_type: Option<String>,
    default_diversion: Option<String>,
    #[serde(default)]
    evidence: String,
}

/// A validated category tree, listed parents before children (depth-first, file order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategoryTree {
    categories: Vec<Category>,
    index: HashMap<String, usize>,
}

impl CategoryTree {
    /// The shipped tree (`data/categories.toml`), as an owned value a deployment may replace.
    pub fn official() -> CategoryTree {
        OFFICIAL.clone()
    }

    /// Reads and validates a category file: codes well formed and unique, every parent
    /// defined, petition types and diversion routes known. Children inherit an omitted
    /// `default_petition_type` or `default_diversion` from their parent.
    pub fn from_toml(text: &str) -> Result<CategoryTree, CategoryError> {
        let file: CategoryFile =
            toml::from_str(text).map_err(|e| CategoryError::Toml(e.to_string()))?;
        if file.category.is_empty() {
            return Err(CategoryError::Empty);
        }
        let mut seen = HashSet::new();
        for e in &file.category {
            if !is_valid_code(&e.code) {
                return Err(CategoryError::BadCode(e.code.clone()));
            }
            if !seen.insert(e.code.as_str()) {
                return Err(CategoryError::Duplicate(e.code.clone()));
            }
            if e.name_zh.trim().is_empty() || e.name_en.trim().is_empty() {
                return Err(CategoryError::MissingName(e.code.clone()));
            }
        }
        let mut roots = Vec::new();
        let mut kids: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, e) in file.category.iter().enumerate() {
            match parent_of(&e.code) {
                None => roots.push(i),
                Some(p) if seen.contains(p) => kids.entry(p).or_default().push(i),
                Some(p) => {
                    return Err(CategoryError::MissingParent {
                        code: e.code.clone(),
                        parent: p.to_owned(),
                    });
                }
            }
        }
        // Depth-first from the roots: every parent is resolved before its children.
        let mut order = Vec::with_capacity(file.category.len());
        let mut stack: Vec<usize> = roots.into_iter().rev().collect();
        while let Some(i) = stack.pop() {
            order.push(i);
            if let Some(children) = kids.get(file.category[i].code.as_str()) {
                stack.extend(children.iter().rev());
            }
        }
        let mut tree = CategoryTree {
            categories: Vec::with_capacity(order.len()),
            index: HashMap::new(),
        };
        for i in order {
            let e = &file.category[i];
            let parent = parent_of(&e.code).and_then(|p| tree.get(p));
            let petition_type = match (&e.default_petition_type, parent) {
                (Some(v), _) => PetitionType::parse(v.trim()).ok_or_else(|| {
                    CategoryError::UnknownPetitionType {
                        code: e.code.clone(),
                        value: v.clone(),
                    }
                })?,
                (None, Some(p)) => p.default_petition_type,
                (None, None) => return Err(CategoryError::MissingPetitionType(e.code.clone())),
            };
            let diversion = match (&e.default_diversion, parent) {
                (Some(v), _) if v.trim() == NO_DIVERSION => None,
                (Some(v), _) => Some(DiversionProcedure::parse(v.trim()).ok_or_else(|| {
                    CategoryError::UnknownDiversion {
                        code: e.code.clone(),
                        value: v.clone(),
                    }
                })?),
                (None, Some(p)) => p.default_diversion,
                (None, None) => None,
            };
            tree.push(Category {
                code: e.code.clone(),
                name_zh: e.name_zh.trim().to_owned(),
                name_en: e.name_en.trim().to_owned(),
                parent_code: parent_of(&e.code).map(str::to_owned),
                default_petition_type: petition_type,
                default_diversion: diversion,
                evidence: e.evidence.trim().to_owned(),
            });
        }
        Ok(tree)
    }

    fn push(&mut self, c: Category) {
        self.index.insert(c.code.clone(), self.categories.len());
        self.categories.push(c);
    }

    pub fn get(&self, code: &str) -> Option<&Category> {
        self.index.get(code).map(|&i| &self.categories[i])
    }

    pub fn contains(&self, code: &str) -> bool {
        self.index.contains_key(code)
    }

    /// Every category, parents before children.
    pub fn all(&self) -> &[Category] {
        &self.categories
    }

    pub fn top_level(&self) -> Vec<&Category> {
        self.categories
            .iter()
            .filter(|c| c.parent_code.is_none())
            .collect()
    }

    /// The direct children of `code`, in file order.
    pub fn children(&self, code: &str) -> Vec<&Category> {
        self.categories
            .iter()
            .filter(|c| c.parent_code.as_deref() == Some(code))
            .collect()
    }

    /// The field of petition work `code` belongs to, as codes: its top-level category and
    /// every category below it, sorted, `code` itself always included (even when the tree
    /// does not define it, so a case filed under a category since retired still finds its
    /// own kind). The `cluster` signal reads one matter within one field.
    pub fn field_codes(&self, code: &str) -> Vec<String> {
        let top = field_of(code);
        let mut codes: Vec<String> = self
            .categories
            .iter()
            .filter(|c| field_of(&c.code) == top)
            .map(|c| c.code.clone())
            .chain(std::iter::once(code.to_owned()))
            .collect();
        codes.sort();
        codes.dedup();
        codes
    }
}

/// The top-level code of `code`, its field of petition work: `a.b.c` → `a`.
pub fn field_of(code: &str) -> &str {
    code.split_once('.').map_or(code, |(top, _)| top)
}

/// `a.b.c` → `a.b`; a top-level code has no parent.
fn parent_of(code: &str) -> Option<&str> {
    code.rsplit_once('.').map(|(parent, _)| parent)
}

/// Lowercase ASCII snake_case segments joined by dots, each starting with a letter.
fn is_valid_code(code: &str) -> bool {
    code.len() <= 100
        && code.split('.').all(|seg| {
            seg.starts_with(|c: char| c.is_ascii_lowercase())
                && seg
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        })
}

/// Used only if the shipped file were broken (a test keeps it valid): one catch-all category.
fn fallback() -> CategoryTree {
    let mut tree = CategoryTree {
        categories: Vec::new(),
        index: HashMap::new(),
    };
    tree.push(Category {
        code: "other".to_owned(),
        name_zh: "其他".to_owned(),
        name_en: "Other".to_owned(),
        parent_code: None,
        default_petition_type: PetitionType::Appeal,
        default_diversion: None,
        evidence: String::new(),
    });
    tree
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
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
}

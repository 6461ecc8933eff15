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
#[path = "category_tests.rs"]
mod tests;

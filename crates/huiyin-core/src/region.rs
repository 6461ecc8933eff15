//! GB/T 2260 administrative division codes (行政区划代码) as versioned data (DOMAIN.md §9.2,
//! requirement 40). The shipped table is `data/regions.tsv`; its header names the edition and
//! the source. Records keep the code and `RegionTable::version()` of the table used.

use std::fmt;
use std::sync::LazyLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::person::FieldProblem;

/// The shipped table, checked by the test `official_table_is_complete_and_clean`.
const OFFICIAL_TSV: &str = include_str!("../data/regions.tsv");

static OFFICIAL: LazyLock<RegionTable> = LazyLock::new(|| RegionTable::from_tsv(OFFICIAL_TSV));

/// The level a code denotes by its trailing zeros.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionLevel {
    /// `xx0000`: province, autonomous region, municipality, SAR.
    Province,
    /// `xxxx00`: prefecture-level city, prefecture, league, autonomous prefecture.
    Prefecture,
    /// Anything else: district, county, county-level city, banner.
    County,
}

impl RegionLevel {
    pub fn zh(self) -> &'static str {
        match self {
            RegionLevel::Province => "省级",
            RegionLevel::Prefecture => "地级",
            RegionLevel::County => "县级",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            RegionLevel::Province => "Province level",
            RegionLevel::Prefecture => "Prefecture level",
            RegionLevel::County => "County level",
        }
    }
}

/// A six-digit division code. Any well-formed code parses, listed or not: ID numbers and old
/// records keep codes that later tables dropped.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RegionCode(String);

impl RegionCode {
    pub fn parse(raw: &str) -> Result<RegionCode, FieldProblem> {
        let s = raw.trim();
        if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with("00") {
            Ok(RegionCode(s.to_owned()))
        } else {
            Err(FieldProblem::new(
                "region_code.invalid",
                "行政区划代码应为6位数字，如330106",
                "A region code is 6 digits, e.g. 330106",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn level(&self) -> RegionLevel {
        if self.0.ends_with("0000") {
            RegionLevel::Province
        } else if self.0.ends_with("00") {
            RegionLevel::Prefecture
        } else {
            RegionLevel::County
        }
    }

    /// The provincial code, `xx0000` (itself for a province).
    pub fn province(&self) -> RegionCode {
        RegionCode(format!("{}0000", &self.0[..2]))
    }

    /// The prefecture code, `xxxx00` (itself for a prefecture; `None` for a province). Whether
    /// that code is listed is the table's business: municipalities and province-administered
    /// counties have no prefecture row.
    pub fn prefecture(&self) -> Option<RegionCode> {
        match self.level() {
            RegionLevel::Province => None,
            _ => Some(RegionCode(format!("{}00", &self.0[..4]))),
        }
    }
}

impl AsRef<str> for RegionCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for RegionCode {
    type Err = FieldProblem;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RegionCode::parse(s)
    }
}

impl Serialize for RegionCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for RegionCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        RegionCode::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// One row of the table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Region {
    pub code: RegionCode,
    pub name: String,
}

/// A GB/T 2260 table: rows sorted by code, with the edition it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegionTable {
    version: String,
    regions: Vec<Region>,
    malformed: Vec<usize>,
}

impl RegionTable {
    /// The shipped table (`data/regions.tsv`).
    pub fn official() -> &'static RegionTable {
        &OFFICIAL
    }

    /// Reads `code<TAB>name` lines. `#` lines are comments, one of which may be
    /// `# version: <id>`; blank lines are ignored. A malformed or repeated line is skipped and
    /// its line number kept in `malformed_lines()`.
    pub fn from_tsv(text: &str) -> RegionTable {
        let mut version = String::new();
        let mut rows: Vec<(Region, usize)> = Vec::new();
        let mut malformed = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() {
                continue;
            }
            if let Some(comment) = line.strip_prefix('#') {
                if let Some(v) = comment.trim().strip_prefix("version:") {
                    version = v.trim().to_owned();
                }
                continue;
            }
            let row = line.split_once('\t').and_then(|(code, name)| {
                let name = name.trim();
                let ok = !name.is_empty() && !name.contains('\t');
                RegionCode::parse(code)
                    .ok()
                    .filter(|_| ok)
                    .map(|code| Region {
                        code,
                        name: name.to_owned(),
                    })
            });
            match row {
                Some(r) => rows.push((r, i + 1)),
                None => malformed.push(i + 1),
            }
        }
        // A stable sort keeps the first of repeated codes; the others are reported.
        rows.sort_by(|a, b| a.0.code.cmp(&b.0.code));
        let mut regions: Vec<Region> = Vec::with_capacity(rows.len());
        for (r, line) in rows {
            if regions.last().is_some_and(|k| k.code == r.code) {
                malformed.push(line);
            } else {
                regions.push(r);
            }
        }
        malformed.sort_unstable();
        if version.is_empty() {
            version = "unknown".to_owned();
        }
        RegionTable {
            version,
            regions,
            malformed,
        }
    }

    /// The edition, e.g. `mca-2021-12`; store it with every code.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Line numbers (1-based) that were skipped as malformed or repeated.
    pub fn malformed_lines(&self) -> &[usize] {
        &self.malformed
    }

    /// All rows, sorted by code.
    pub fn all(&self) -> &[Region] {
        &self.regions
    }

    pub fn len(&self) -> usize {
        self.regions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.regions.is_empty()
    }

    pub fn get(&self, code: impl AsRef<str>) -> Option<&Region> {
        let code = code.as_ref();
        self.regions
            .binary_search_by(|r| r.code.as_str().cmp(code))
            .ok()
            .map(|i| &self.regions[i])
    }

    pub fn contains(&self, code: impl AsRef<str>) -> bool {
        self.get(code).is_some()
    }

    pub fn name(&self, code: impl AsRef<str>) -> Option<&str> {
        self.get(code).map(|r| r.name.as_str())
    }

    /// Province, prefecture and county names joined, e.g. `浙江省杭州市西湖区`; levels the table
    /// does not list are left out (`北京市东城区`), and an unparsable code gives `""`.
    pub fn full_name(&self, code: impl AsRef<str>) -> String {
        let Ok(code) = RegionCode::parse(code.as_ref()) else {
            return String::new();
        };
        let mut parts = vec![code.province()];
        parts.extend(code.prefecture());
        if code.level() == RegionLevel::County {
            parts.push(code.clone());
        }
        parts.iter().filter_map(|c| self.name(c)).collect()
    }

    /// The row of the code's province.
    pub fn province_of(&self, code: impl AsRef<str>) -> Option<&Region> {
        let code = RegionCode::parse(code.as_ref()).ok()?;
        self.get(code.province())
    }

    /// The row of the code's prefecture (itself for a prefecture); `None` for a province or
    /// where no prefecture row exists (municipal districts, province-administered counties).
    pub fn prefecture_of(&self, code: impl AsRef<str>) -> Option<&Region> {
        let code = RegionCode::parse(code.as_ref()).ok()?;
        self.get(code.prefecture()?)
    }

    /// The rows directly below a code: for a province its prefectures plus the counties that
    /// have no prefecture row; for a prefecture its counties; for a county nothing.
    pub fn children(&self, code: impl AsRef<str>) -> Vec<&Region> {
        let Ok(code) = RegionCode::parse(code.as_ref()) else {
            return Vec::new();
        };
        let prefix = match code.level() {
            RegionLevel::Province => &code.as_str()[..2],
            RegionLevel::Prefecture => &code.as_str()[..4],
            RegionLevel::County => return Vec::new(),
        };
        let start = self.regions.partition_point(|r| r.code.as_str() < prefix);
        self.regions[start..]
            .iter()
            .take_while(|r| r.code.as_str().starts_with(prefix))
            .filter(|r| r.code != code)
            .filter(|r| match (code.level(), r.code.level()) {
                (RegionLevel::Province, RegionLevel::Prefecture) => true,
                (RegionLevel::Province, _) => {
                    r.code.prefecture().is_some_and(|p| !self.contains(p))
                }
                (_, level) => level == RegionLevel::County,
            })
            .collect()
    }
}

#[cfg(test)]
#[path = "region_tests.rs"]
mod tests;

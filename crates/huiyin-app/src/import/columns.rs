//! The columns of an import file: each known by its Chinese header first, then by aliases
//! (other Chinese names in use, and the API's English field names). Matching ignores case,
//! spaces and a trailing `*` (the template marks required columns so).

use std::collections::HashMap;

/// A column `huiyin import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Col {
    Number,
    ReceivedOn,
    Channel,
    PetitionType,
    Category,
    Title,
    Content,
    Demands,
    ConcernedUnit,
    HandlingUnit,
    ReceivingUnit,
    Name,
    IdNumber,
    Phone,
    Address,
    People,
    Status,
}

/// Every column: its header, whether it is required, its aliases, and an example value (the
/// template's example row).
pub const COLUMNS: &[(Col, &str, bool, &[&str], &str)] = &[
    (
        Col::Number,
        "编号",
        true,
        &["案件编号", "信访编号", "number"],
        "XF-2024-0001",
    ),
    (
        Col::ReceivedOn,
        "登记日期",
        true,
        &["收件日期", "来信来访日期", "received_on"],
        "2024-03-15",
    ),
    (
        Col::Channel,
        "信访渠道",
        true,
        &["渠道", "信访形式", "channel"],
        "来信",
    ),
    (
        Col::PetitionType,
        "信访类型",
        true,
        &["类型", "petition_type"],
        "申诉求决类",
    ),
    (
        Col::Category,
        "问题分类",
        true,
        &["内容分类", "category"],
        "教育收费与退费",
    ),
    (
        Col::Title,
        "标题",
        true,
        &["信访事项", "title"],
        "反映某校违规收取资料费",
    ),
    (
        Col::Content,
        "内容",
        true,
        &["主要内容", "事实和理由", "content"],
        "某校2024年春季学期向每名学生收取资料费200元，未见收费依据。",
    ),
    (
        Col::Demands,
        "诉求",
        true,
        &["信访诉求", "demands"],
        "退还资料费并说明收费依据",
    ),
    (
        Col::ConcernedUnit,
        "被反映单位",
        true,
        &["涉及单位", "concerned_unit", "concerned_unit_id"],
        "（单位名称或编号）",
    ),
    (
        Col::HandlingUnit,
        "承办单位",
        true,
        &["handling_unit", "handling_unit_id"],
        "（单位名称或编号）",
    ),
    (
        Col::ReceivingUnit,
        "登记单位",
        false,
        &["收件单位", "receiving_unit", "receiving_unit_id"],
        "",
    ),
    (
        Col::Name,
        "信访人",
        true,
        &["信访人姓名", "姓名", "petitioner", "name"],
        "张伟",
    ),
    (
        Col::IdNumber,
        "身份证号",
        false,
        &["身份证号码", "公民身份号码", "id_number"],
        "",
    ),
    (
        Col::Phone,
        "电话",
        false,
        &["联系电话", "手机", "phone"],
        "13800138000",
    ),
    (
        Col::Address,
        "地址",
        false,
        &["住址", "通讯地址", "address"],
        "某区某街道1号",
    ),
    (
        Col::People,
        "人数",
        false,
        &["信访人数", "people_count"],
        "1",
    ),
    (
        Col::Status,
        "状态",
        false,
        &["办理状态", "status"],
        "已办结",
    ),
];

impl Col {
    /// The Chinese header, as problems name the column.
    pub fn header(self) -> &'static str {
        COLUMNS.iter().find(|c| c.0 == self).map_or("", |c| c.1)
    }

    /// The English field name (the first ASCII alias).
    pub fn english(self) -> &'static str {
        COLUMNS
            .iter()
            .find(|c| c.0 == self)
            .and_then(|c| c.3.iter().find(|a| a.is_ascii()))
            .copied()
            .unwrap_or("")
    }
}

fn normalise(header: &str) -> String {
    header
        .trim_start_matches('\u{feff}')
        .trim()
        .trim_end_matches(['*', '＊'])
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Where each column is in the file's header row.
#[derive(Clone, Debug, Default)]
pub struct Mapping {
    pub at: HashMap<Col, usize>,
    /// Required columns the file lacks.
    pub missing: Vec<Col>,
    /// Headers no column answers to (ignored, and reported).
    pub unknown: Vec<String>,
    /// Columns named twice (the first is read; reported).
    pub twice: Vec<Col>,
}

/// Maps a header row onto the columns.
pub fn map_headers(headers: &[String]) -> Mapping {
    let mut names: HashMap<String, Col> = HashMap::new();
    for (col, zh, _, aliases, _) in COLUMNS {
        names.insert(normalise(zh), *col);
        for a in *aliases {
            names.insert(normalise(a), *col);
        }
    }
    let mut m = Mapping::default();
    for (i, h) in headers.iter().enumerate() {
        let key = normalise(h);
        if key.is_empty() {
            continue;
        }
        match names.get(&key) {
            Some(col) if m.at.contains_key(col) => m.twice.push(*col),
            Some(col) => {
                m.at.insert(*col, i);
            }
            None => m.unknown.push(h.trim().to_owned()),
        }
    }
    m.missing = COLUMNS
        .iter()
        .filter(|c| c.2 && !m.at.contains_key(&c.0))
        .map(|c| c.0)
        .collect();
    m
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn chinese_headers_and_english_aliases_map_alike() {
        let h: Vec<String> = ["编号*", " received_on ", "信访渠道", "备注", "编号"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let m = map_headers(&h);
        assert_eq!(m.at[&Col::Number], 0);
        assert_eq!(m.at[&Col::ReceivedOn], 1);
        assert_eq!(m.unknown, ["备注"]);
        assert_eq!(m.twice, [Col::Number]);
        assert!(m.missing.contains(&Col::Title));
        assert!(!m.missing.contains(&Col::Phone), "phone is optional");
        assert_eq!(Col::ConcernedUnit.english(), "concerned_unit");
    }
}

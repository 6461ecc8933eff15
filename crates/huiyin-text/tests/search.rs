//! Index/query agreement on concrete petition texts.

mod common;

use common::{is_clean_token, matches};
use huiyin_text::{
    QueryTerm, SearchQuery, index_name_tokens, index_tokens, parse_query, to_fts5, to_tsquery,
};

const ZONING: &str = "反映学区划分不合理，孩子无法就近入学";
const FEES: &str = "学校违规收费，要求退还借读费";
const CANTEEN: &str = "食堂饭菜质量差，价格高";

fn hits(text: &str, query: &str) -> bool {
    matches(&index_tokens(text), &parse_query(query))
}

#[test]
fn queries_find_their_texts() {
    let cases = [
        (ZONING, "学区"),
        (ZONING, "学区划分"),
        (ZONING, "就近入学"),
        (ZONING, "区划"),
        (ZONING, "入学"),
        (ZONING, "合理"),
        (ZONING, "学区 入学"),
        (FEES, "收费"),
        (FEES, "借读费"),
        (FEES, "借读"),
        (FEES, "违规收费"),
        (FEES, "学校的收费"),
        (CANTEEN, "食堂"),
        (CANTEEN, "饭菜质量"),
        (CANTEEN, "ＡＢＣ食堂"), // ASCII term `abc` is not in the text
    ];
    for (text, query) in cases {
        let expect = !query.contains('Ａ');
        assert_eq!(
            hits(text, query),
            expect,
            "text {text:?} query {query:?}\nindex {}\nquery {:?}",
            index_tokens(text),
            parse_query(query)
        );
    }
}

/// Issue 12: `作业负担` found none of the demo's cases titled `反映学生作业负担过重` (jieba
/// cut the text `作业`/`负担过重`, the query `作业负担`, and the bigram `业负` was in no
/// index); passages across word boundaries, and glued to digits, are found.
#[test]
fn passages_across_word_boundaries_are_found() {
    let title = "反映学生作业负担过重";
    for q in [
        "作业负担",
        "业负",
        "生作业负",
        "担过",
        "学生作业负担过重",
        "映学",
    ] {
        assert!(
            hits(title, q),
            "{q:?}\nindex {}\nquery {:?}",
            index_tokens(title),
            parse_query(q)
        );
    }
    let fee = "每学期收费3000元补课费";
    for q in ["收费3000", "费3000", "3000元", "3000元补课"] {
        assert!(hits(fee, q), "{q:?}\nindex {}", index_tokens(fee));
    }
    assert!(!hits(title, "作业太多"));
    assert!(!hits(fee, "收费4000"));
}

#[test]
fn queries_do_not_find_other_texts() {
    assert!(!hits(FEES, "食堂"));
    assert!(!hits(CANTEEN, "收费"));
    assert!(!hits(CANTEEN, "学区"));
    assert!(!hits(ZONING, "借读费"));
    assert!(!hits(ZONING, "学区 食堂"));
}

#[test]
fn names_always_hit() {
    let index = index_name_tokens("张伟、欧阳明华");
    for q in [
        "张伟",
        "欧阳明华",
        "欧阳",
        "明华",
        "阳明",
        "欧阳明",
        "张伟 欧阳明华",
    ] {
        assert!(matches(&index, &parse_query(q)), "{q:?} in {index:?}");
    }
    assert!(!matches(&index, &parse_query("李娜")));
    assert_eq!(index_name_tokens("张伟"), "张伟");
    assert_eq!(index_name_tokens(" 欧阳明华 "), "欧阳明华 欧阳 阳明 明华");
    assert_eq!(index_name_tokens("John SMITH"), "john smith");
    // A name inside free text is found as well.
    let text = index_tokens("张伟说他要找欧阳明华");
    for q in ["张伟", "欧阳明华"] {
        assert!(matches(&text, &parse_query(q)), "{q:?} in {text:?}");
    }
}

/// Cases found by the property tests when the bigram rules of `index_tokens`
/// were disabled.
#[test]
fn bigram_rules_regressions() {
    for (text, query) in [
        ("学就", "学就"),
        ("入学学", "学学"),
        ("学学老工堂学", "老工"),
    ] {
        assert!(hits(text, query), "{query:?} in {:?}", index_tokens(text));
    }
    assert!(matches(
        &index_name_tokens("入学学"),
        &parse_query("入学学")
    ));
}

#[test]
fn index_tokens_are_clean_and_unique() {
    let index = index_tokens("  ＷＥＳ-5.4.5，家长“投诉”：A股 3号楼!! email: Foo@Bar.COM 农民工 ");
    let tokens: Vec<&str> = index.split(' ').collect();
    assert!(tokens.iter().all(|t| is_clean_token(t)), "{index}");
    let mut sorted = tokens.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), tokens.len(), "{index}");
    for t in [
        "wes",
        "5",
        "4",
        "foo",
        "bar",
        "com",
        "农民工",
        "农民",
        "民工",
        "投诉",
    ] {
        assert!(tokens.contains(&t), "{t} missing from {index}");
    }
    assert_eq!(index_tokens(""), "");
    assert_eq!(index_tokens("，。！？ \n"), "");
}

#[test]
fn query_forms() {
    let q = parse_query("学区 学区划分");
    assert_eq!(
        q.terms,
        [
            QueryTerm {
                word: "学区".into(),
                bigrams: vec![]
            },
            QueryTerm {
                word: "学区划分".into(),
                bigrams: vec!["学区".into(), "区划".into(), "划分".into()]
            },
        ]
    );
    assert_eq!(
        to_fts5(&q).as_deref(),
        Some(r#""学区" AND ("学区划分" OR ("学区" AND "区划" AND "划分"))"#)
    );
    assert_eq!(
        to_tsquery(&q).as_deref(),
        Some("学区 & (学区划分 | (学区 & 区划 & 划分))")
    );
}

#[test]
fn single_characters() {
    // 张/伟 → 张伟.
    assert_eq!(
        parse_query("张伟").terms,
        [QueryTerm {
            word: "张伟".into(),
            bigrams: vec![]
        }]
    );
    // A lone function character is dropped…
    assert_eq!(parse_query("学校的食堂"), parse_query("学校 食堂"));
    // …unless it is all there is.
    assert_eq!(
        parse_query("的").terms,
        [QueryTerm {
            word: "的".into(),
            bigrams: vec![]
        }]
    );
    // A one-character query is kept but only matches a lone character.
    assert_eq!(parse_query("工").terms.len(), 1);
    assert!(!hits("农民工讨薪", "工"));
    assert!(hits("食堂饭菜质量差", "差"));
}

#[test]
fn empty_and_unusable_queries() {
    for q in ["", "   ", "，。！？", "@#$%", "ＡＢＣ"] {
        let parsed = parse_query(q);
        assert_eq!(parsed.is_empty(), to_fts5(&parsed).is_none(), "{q:?}");
        assert_eq!(parsed.is_empty(), to_tsquery(&parsed).is_none(), "{q:?}");
    }
    assert!(parse_query("，。！？").is_empty());
    assert_eq!(parse_query("ＡＢＣ").terms[0].word, "abc");
    // Operators and quotes typed by users are plain words or dropped.
    let q = parse_query(r#"a" OR NOT b*"#);
    assert_eq!(
        to_fts5(&q).as_deref(),
        Some(r#""a" AND "or" AND "not" AND "b""#)
    );
    // Hand-built terms with unsafe characters are not rendered.
    let bad = SearchQuery {
        terms: vec![QueryTerm {
            word: "a\"b".into(),
            bigrams: vec![],
        }],
    };
    assert_eq!(to_fts5(&bad), None);
    assert_eq!(to_tsquery(&bad), None);
}

#[test]
fn query_is_capped() {
    let q =
        parse_query("学校 收费 食堂 教师 工资 学区 入学 教育局 复查 复核 信访 校长 老师 家长 学生");
    assert_eq!(q.terms.len(), huiyin_text::MAX_QUERY_TERMS);
    let q = parse_query("收费 收费 收费");
    assert_eq!(q.terms.len(), 1);
}

/// The store's scope tokens (`hyscope21`) cannot be written by a text or asked for by a
/// query: a petition mentioning one is not placed in that unit's scope, and a query for one
/// is not a search for the unit's cases.
#[test]
fn scope_tokens_are_neither_indexed_from_text_nor_searched() {
    let token = huiyin_text::scope_token(21);
    assert_eq!(token, "hyscope21");
    let indexed = huiyin_text::index_tokens("请转 HYSCOPE21 和 hyscope7 处理 abc");
    assert!(!indexed.contains("hyscope"), "{indexed}");
    assert!(indexed.split(' ').any(|t| t == "abc"), "{indexed}");
    let names = huiyin_text::index_name_tokens("hyscope3 张伟");
    assert!(!names.contains("hyscope"), "{names}");
    let q = huiyin_text::parse_query("hyscope21 学区");
    assert_eq!(huiyin_text::to_fts5(&q).as_deref(), Some("\"学区\""));
    assert!(huiyin_text::parse_query("HyScope21").is_empty());
}

/// The store's span tokens (`hyspan12`) likewise: a text cannot place a case in a span of
/// ids, and a query cannot ask for one.
#[test]
fn span_tokens_are_neither_indexed_from_text_nor_searched() {
    assert_eq!(huiyin_text::span_token(129_999, 10_000), "hyspan12");
    assert_eq!(huiyin_text::span_token(130_000, 10_000), "hyspan13");
    assert_eq!(huiyin_text::span_token(7, 4), "hyspan1");
    let indexed = huiyin_text::index_tokens("请转 HYSPAN12 和 hyspan7 处理 abc");
    assert!(!indexed.contains("hyspan"), "{indexed}");
    assert!(indexed.split(' ').any(|t| t == "abc"), "{indexed}");
    let q = huiyin_text::parse_query("hyspan12 学区");
    assert_eq!(huiyin_text::to_fts5(&q).as_deref(), Some("\"学区\""));
    assert!(huiyin_text::parse_query("HySpan3").is_empty());
}

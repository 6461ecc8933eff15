//! SimHash behaviour on petition texts.

use huiyin_text::{hamming, simhash};

#[test]
fn near_duplicates_are_close_and_different_texts_far() {
    let a = "我是某某小学学生家长，学校违规收费，要求退还借读费，并对相关责任人进行处理。";
    let b = "我是某某小学的学生家长，学校违规收费，要求退还借读费，并对有关责任人进行处理！";
    let c = "食堂饭菜质量差，价格高，孩子经常吃不饱，希望教育局加强对学校食堂的监管。";
    let (ha, hb, hc) = (simhash(a), simhash(b), simhash(c));
    assert_eq!(ha, simhash(a), "deterministic");
    assert!(
        hamming(ha, hb) <= 10,
        "near duplicates: {}",
        hamming(ha, hb)
    );
    assert!(
        hamming(ha, hc) > hamming(ha, hb) + 8,
        "{} vs {}",
        hamming(ha, hc),
        hamming(ha, hb)
    );
    // Width, whitespace and case do not matter.
    assert_eq!(simhash("学校 收费ＡＢＣ"), simhash("学校收费  abc"));
}

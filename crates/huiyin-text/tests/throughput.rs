//! Throughput of `index_tokens`. Run in release:
//! `cargo test -p huiyin-text --release --test throughput -- --ignored --nocapture`

use std::time::Instant;

use huiyin_text::{index_tokens, parse_query, simhash};

const SENTENCES: &[&str] = &[
    "反映学区划分不合理，孩子无法就近入学，希望教育局重新核定划片范围。",
    "学校违规收费，要求退还借读费和补课费，并追究校长责任。",
    "食堂饭菜质量差，价格高，学生家长多次反映无人处理。",
    "代课教师张伟反映2019年至2023年工资待遇未落实，要求补发绩效工资。",
    "校外培训机构欧阳明华擅自停课，拒不退还预收学费共计12800元。",
    "对信访事项处理意见不服，申请复查；复查后仍不服的，可以申请复核。",
];

/// About 1 MiB of petition-like text: the sentences above, and the same
/// sentences' words reshuffled by a fixed pseudo-random sequence so that the
/// segmenter does not just see six sentences over and over.
fn corpus() -> String {
    let words: Vec<&str> = SENTENCES
        .iter()
        .flat_map(|s| huiyin_text::segment(s))
        .collect();
    let mut text = String::new();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut i = 0usize;
    while text.len() < 1 << 20 {
        if i.is_multiple_of(2) {
            text.push_str(SENTENCES[i / 2 % SENTENCES.len()]);
        } else {
            for _ in 0..25 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(words[(state % words.len() as u64) as usize]);
            }
            text.push('。');
        }
        text.push_str(&format!("编号{i}。"));
        i += 1;
    }
    text
}

#[test]
#[ignore = "timing; run in release with --ignored --nocapture"]
fn index_tokens_throughput() {
    let text = corpus();
    let mb = text.len() as f64 / (1 << 20) as f64;

    let _ = index_tokens("预热"); // build the segmenter outside the timing

    let t = Instant::now();
    let whole = index_tokens(&text);
    let secs = t.elapsed().as_secs_f64();
    println!(
        "one 1 MiB call: {:.1} MiB/s ({secs:.3} s, {} bytes of tokens)",
        mb / secs,
        whole.len()
    );

    // Documents of about 2 KiB, as petitions are stored.
    let docs: Vec<&str> = text
        .split_inclusive('。')
        .collect::<Vec<_>>()
        .chunks(30)
        .map(|c| {
            let start = c[0].as_ptr() as usize - text.as_ptr() as usize;
            let len: usize = c.iter().map(|s| s.len()).sum();
            &text[start..start + len]
        })
        .collect();
    let t = Instant::now();
    let mut out = 0usize;
    for d in &docs {
        out += index_tokens(d).len();
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{} docs of ~{:.1} KiB: {:.1} MiB/s ({secs:.3} s, {out} bytes of tokens = {:.2}x input)",
        docs.len(),
        text.len() as f64 / docs.len() as f64 / 1024.0,
        mb / secs,
        out as f64 / text.len() as f64
    );

    let t = Instant::now();
    for d in &docs {
        std::hint::black_box(simhash(d));
    }
    println!("simhash: {:.1} MiB/s", mb / t.elapsed().as_secs_f64());

    let t = Instant::now();
    for _ in 0..10_000 {
        std::hint::black_box(parse_query("学区划分 就近入学 借读费 张伟"));
    }
    println!(
        "parse_query: {:.1} µs/query",
        t.elapsed().as_secs_f64() * 1e6 / 10_000.0
    );
}

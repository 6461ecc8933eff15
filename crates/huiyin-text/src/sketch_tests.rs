use super::*;

/// Petitions as the cluster signal meets them: one school's matters, each told several ways,
/// and other schools' (the names and sums differ, the wording is shared).
const SCHOOLS: [&str; 4] = [
    "西湖区第一小学",
    "滨江区实验中学",
    "余杭区崇贤中心幼儿园",
    "临平区第二中学",
];

fn accounts(school: &str, amount: u32) -> Vec<String> {
    vec![
        format!(
            "反映{school}违规收取资料费。{school}九月向每名学生收取资料费{amount}元，未出示收费依据和票据。退还违规收取的费用并公开收费项目"
        ),
        format!(
            "{school}收资料费的问题。开学时学校让每个学生交{amount}元资料费，也没有给票据，没说依据。要求退钱，公开收费项目"
        ),
        format!(
            "关于{school}乱收费。{school}向学生收取资料费每人{amount}元，不出示依据和票据，家长意见很大。请退还资料费"
        ),
        format!(
            "要求退还借读费。孩子在{school}借读期间共交借读费{amount}元，按照规定义务教育阶段不应收取借读费。退还借读费{amount}元"
        ),
        format!(
            "反映{school}强制订购教辅。{school}班主任要求学生统一订购教辅材料，每人{amount}元，不订购的学生被点名批评。停止强制订购并退还费用"
        ),
        format!(
            "{school}食堂卫生差。孩子在{school}食堂吃坏肚子，饭菜不新鲜，餐具不消毒。要求整改食堂卫生"
        ),
        format!(
            "反映{school}教师有偿补课。{school}数学老师在校外开班，每月收费{amount}元，暗示学生参加。查处有偿补课"
        ),
        format!(
            "{school}拖欠教师绩效工资。我是{school}教师，学校拖欠我绩效工资两年，共{amount}元。要求补发"
        ),
    ]
}

fn corpus() -> Vec<String> {
    SCHOOLS
        .iter()
        .zip([3000, 450, 1280, 86])
        .flat_map(|(school, amount)| accounts(school, amount))
        .collect()
}

#[test]
fn the_estimate_is_close_to_the_exact_resemblance() {
    let texts = corpus();
    let shingles: Vec<Shingles> = texts.iter().map(|t| Shingles::of(t)).collect();
    let sketches: Vec<Sketch> = shingles.iter().map(|s| s.sketch().unwrap()).collect();
    let (mut total, mut pairs, mut worst) = (0.0, 0usize, 0.0f64);
    let mut spread = Vec::new();
    for i in 0..texts.len() {
        for j in i + 1..texts.len() {
            let exact = shingles[i].similarity(&shingles[j]);
            let estimate = sketches[i].resemblance(&sketches[j]);
            let error = (estimate - exact).abs();
            total += error;
            pairs += 1;
            worst = worst.max(error);
            spread.push(exact);
            assert!(
                error <= SKETCH_MARGIN,
                "{} / {}: {exact} vs {estimate}",
                texts[i],
                texts[j]
            );
        }
    }
    let mean = total / pairs as f64;
    assert!(mean <= 0.04, "mean error {mean}");
    // The corpus spans unlike, loosely alike and alike pairs, so the bound above means something.
    assert!(spread.iter().any(|s| *s < 0.1) && spread.iter().any(|s| *s > 0.4));
    assert!(worst > 0.0, "an estimate is not the exact value");
}

#[test]
fn an_alike_pair_is_never_filtered_out() {
    let threshold = 0.30;
    let texts = corpus();
    let shingles: Vec<Shingles> = texts.iter().map(|t| Shingles::of(t)).collect();
    let mut alike = 0;
    for a in &shingles {
        for b in &shingles {
            if a.similarity(b) >= threshold {
                alike += 1;
                let estimate = a.sketch().unwrap().resemblance(&b.sketch().unwrap());
                assert!(estimate >= threshold - SKETCH_MARGIN, "{estimate}");
            }
        }
    }
    assert!(
        alike > texts.len(),
        "some distinct pairs are alike: {alike}"
    );
}

#[test]
fn the_same_text_agrees_everywhere_and_an_empty_one_has_no_sketch() {
    let s = Shingles::of(&corpus()[0]).sketch().unwrap();
    assert_eq!(s.resemblance(&s), 1.0);
    assert_eq!(Shingles::of("").sketch(), None);
    assert_eq!(Shingles::of("。，！").sketch(), None);
    // Unrelated short texts land near zero, never below.
    let other = Shingles::of("abc xyz").sketch().unwrap();
    assert!(s.resemblance(&other) < 0.1);
}

#[test]
fn the_stored_form_round_trips_and_another_version_is_ignored() {
    let s = Shingles::of(&corpus()[3]).sketch().unwrap();
    let bytes = s.to_bytes();
    assert_eq!(bytes.len(), SKETCH_SLOTS + 1);
    assert_eq!(bytes[0], SKETCH_VERSION);
    assert_eq!(Sketch::from_bytes(&bytes), Some(s.clone()));
    let hex: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
    assert_eq!(Sketch::from_hex(&hex), Some(s.clone()));
    assert_eq!(Sketch::from_hex(&hex.to_lowercase()), Some(s));
    let mut other = bytes.clone();
    other[0] = SKETCH_VERSION + 1;
    assert_eq!(Sketch::from_bytes(&other), None);
    assert_eq!(Sketch::from_bytes(&bytes[..SKETCH_SLOTS]), None);
    assert_eq!(Sketch::from_bytes(&[]), None);
    assert_eq!(Sketch::from_hex(&hex[1..]), None);
    assert_eq!(Sketch::from_hex(&hex.replace('0', "g")), None);
    assert_eq!(Sketch::from_hex(""), None);
}

#[test]
fn slots_hash_independently() {
    // Were the slots one hash repeated, every pair would agree in all or none of them.
    let texts = corpus();
    let (a, b) = (
        Shingles::of(&texts[0]).sketch().unwrap(),
        Shingles::of(&texts[1]).sketch().unwrap(),
    );
    let agree = a.0.iter().zip(b.0.iter()).filter(|(x, y)| x == y).count();
    assert!(agree > 0 && agree < SKETCH_SLOTS, "{agree}");
    assert!(SEEDS.iter().collect::<std::collections::HashSet<_>>().len() == SKETCH_SLOTS);
}

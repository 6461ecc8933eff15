//! Planted sensitive texts for the signals benchmark (`signal_bench.rs`): petitions that say
//! something the lexicon's groups are about (self-harm, extreme acts, gathering, media exposure,
//! minors' safety), written as people write — inside longer sentences, with spaces or an
//! ideographic space or a line break between the characters, beside full-width letters and
//! digits, in the demands instead of the account — and near misses that must not match
//! (跳远, 自习, 聚餐: words like the lexicon's that are not its terms). Harmless mentions of a
//! lexicon word (防溺水安全教育) are planted and reported apart: a word list cannot tell them.
//!
//! The phrases are written here by hand, not read from the lexicon, so the labels do not come
//! from the detector they measure.

use std::collections::BTreeMap;

use huiyin_core::warning::WarningKind;
use serde::Serialize;

use super::Rng;
use super::planted::{Event, Labels, TextLabel};
use super::signal_bench::{Ground, Registered, all_warnings, share};
use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;

/// (group, a sentence saying it, the words of it a writer may space out).
const PHRASES: &[(&str, &str, &str)] = &[
    ("self_harm", "再不解决我就从教学楼上跳楼", "跳楼"),
    ("self_harm", "孩子这几天一直说不想活了", "不想活"),
    ("self_harm", "她说要喝农药给学校看", "喝农药"),
    ("self_harm", "我已经走投无路，只能以死相逼", "以死相逼"),
    ("extreme_act", "有家长扬言要带汽油到学校讨说法", "汽油"),
    ("extreme_act", "他在家长群里说要报复社会", "报复社会"),
    ("extreme_act", "对方家长持刀到学校门口闹事", "持刀"),
    ("gathering", "我们几十个家长准备集体上访", "集体上访"),
    ("gathering", "明天家长们要去学校门口拉横幅", "拉横幅"),
    ("gathering", "已经有人张罗去教育局门口静坐", "静坐"),
    ("gathering", "大家商量好下周一去堵校门", "堵校门"),
    ("media", "如果再不答复我们就找记者曝光", "曝光"),
    ("media", "这件事我已经在网上发帖了", "网上发帖"),
    ("media", "视频已经被家长发到抖音上", "抖音"),
    ("minor_safety", "孩子在学校长期遭到校园欺凌", "校园欺凌"),
    ("minor_safety", "班主任经常体罚学生", "体罚"),
    ("minor_safety", "午饭后十几个孩子疑似食物中毒", "食物中毒"),
    ("minor_safety", "有老师猥亵女学生，家长都很害怕", "猥亵"),
    ("minor_safety", "孩子放学后失踪了一整晚", "失踪"),
];

/// Harmless sentences with words like the lexicon's (the word it resembles in brackets).
const NEAR_MISSES: &[(&str, &str)] = &[
    ("跳远", "孩子参加学校跳远比赛时扭伤了脚"),
    ("自习", "学校晚自习时间太长，孩子睡眠不足"),
    ("跳绳", "体育课跳绳考试标准定得太高"),
    ("聚餐", "班级聚餐费用要求家长分摊不合理"),
    ("汽车", "学校门口汽车乱停，接送孩子不安全"),
    ("爆满", "学校周边托管班爆满，孩子无处可去"),
    ("溺爱", "老师说家长不要溺爱孩子，我们有不同看法"),
    ("失眠", "作业太多，孩子最近经常失眠"),
    ("体育", "希望学校多开展体育活动"),
    ("网上", "请把收费标准在网上公示"),
    ("记录", "老师要求家长每天记录孩子的作业时间"),
    ("游泳", "游泳课收费过高"),
    ("联系", "请学校尽快联系家长说明情况"),
    ("堵车", "上学路上堵车严重，校车经常迟到"),
    ("杀虫", "教室杀虫消毒后一直有异味"),
    ("防火", "学校组织防火演练占用了上课时间"),
    ("媒介", "学校开设的媒介素养课没有教材"),
    ("微信", "老师每天在微信群里布置作业"),
];

/// Harmless sentences that contain a lexicon word.
const MENTIONS: &[(&str, &str)] = &[
    ("溺水", "建议学校暑假前多开展防溺水安全教育"),
    (
        "校园欺凌",
        "学校开展预防校园欺凌主题班会，效果很好，建议推广",
    ),
    ("食物中毒", "建议食堂张贴预防食物中毒的注意事项"),
    ("记者", "孩子参加了小记者活动，学校另收费用是否合理"),
];

/// Ordinary templates whose topic is a minor's safety: by their topic, sensitive texts.
const TOPIC_TITLES: &[&str] = &["反映教师体罚学生", "反映孩子在校遭受欺凌"];

/// How a phrase's words are written.
const VARIANTS: &[&str] = &[
    "inside",
    "spaces",
    "ideographic_space",
    "line_break",
    "full_width",
    "demands",
];

const LEADS: &[&str] = &["另外，", "最近", "更严重的是，", "听说", "现在"];

/// Labels the ordinary petitions whose template is about a minor's safety (every plant's
/// included: run after planting).
pub(super) fn label_topics(events: &mut [Event]) {
    for e in events.iter_mut() {
        if e.labels.text == TextLabel::Ordinary && TOPIC_TITLES.contains(&e.title.as_str()) {
            e.labels.text = TextLabel::Topic;
        }
    }
}

/// An ordinary petition whose template is not about a minor's safety (a near miss or a
/// harmless mention must be harmless as a whole).
fn harmless_draw(rng: &mut Rng, g: &Ground) -> Event {
    let mut e = g.draw(rng);
    let mut tries = 0;
    while TOPIC_TITLES.contains(&e.title.as_str()) && tries < 100 {
        e = g.draw(rng);
        tries += 1;
    }
    e
}

/// `words` written the way of `variant`.
fn written(words: &str, variant: &str) -> String {
    let sep = match variant {
        "spaces" => " ",
        "ideographic_space" => "\u{3000}",
        "line_break" => "\n",
        _ => "",
    };
    let chars: Vec<String> = words.chars().map(String::from).collect();
    chars.join(sep)
}

/// Plants `n` sensitive texts, `n / 2` near misses and `n / 4` harmless mentions.
pub(super) fn plant_sensitive(events: &mut Vec<Event>, rng: &mut Rng, g: &Ground, n: usize) {
    for i in 0..n {
        let (group, phrase, words) = PHRASES[i % PHRASES.len()];
        let variant = VARIANTS[(i / PHRASES.len() + i) % VARIANTS.len()];
        let said = phrase.replace(words, &written(words, variant));
        let lead = *rng.pick(LEADS);
        let mut e = g.draw(rng);
        match variant {
            "demands" => e.demands = format!("{}，{said}，请尽快处理", e.demands),
            "full_width" => {
                e.content = format!("{}（ＱＱ群１２月３日消息）{lead}「{said}」！！", e.content);
            }
            _ => e.content = format!("{}{lead}{said}。请领导重视。", e.content),
        }
        e.labels = Labels {
            text: TextLabel::Sensitive,
            how: Some((group, variant)),
            ..Labels::default()
        };
        events.push(e);
    }
    for i in 0..n / 2 {
        let (like, sentence) = NEAR_MISSES[i % NEAR_MISSES.len()];
        let mut e = harmless_draw(rng, g);
        e.content = format!("{}{}{sentence}。", e.content, rng.pick(LEADS));
        e.labels = Labels {
            text: TextLabel::NearMiss,
            how: Some((like, "near_miss")),
            ..Labels::default()
        };
        events.push(e);
    }
    for i in 0..n / 4 {
        let (word, sentence) = MENTIONS[i % MENTIONS.len()];
        let mut e = harmless_draw(rng, g);
        e.content = format!("{}{sentence}。", e.content);
        e.labels = Labels {
            text: TextLabel::Mention,
            how: Some((word, "mention")),
            ..Labels::default()
        };
        events.push(e);
    }
}

/// How the `sensitive` signal did.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SensitiveReport {
    /// Texts labelled sensitive: planted, and ordinary ones whose topic is a minor's safety.
    pub labelled: usize,
    pub planted: usize,
    pub found: usize,
    pub planted_found: usize,
    pub recall: f64,
    /// Warnings, except those on harmless mentions (counted below).
    pub warnings: usize,
    pub true_warnings: usize,
    pub precision: f64,
    pub false_alarms: usize,
    pub false_alarms_per_county_month: f64,
    pub near_misses: usize,
    pub near_misses_raised: usize,
    pub mentions: usize,
    pub mentions_raised: usize,
    /// Precision with the warnings on harmless mentions counted as false.
    pub precision_with_mentions: f64,
    /// Petitions between a labelled one and its warning: 0 when raised on its own case (in its
    /// registration's transaction); the largest over the found.
    pub delay_petitions_max: usize,
    /// Planted and found per group, and per way of writing.
    pub by_group: BTreeMap<String, (usize, usize)>,
    pub by_variant: BTreeMap<String, (usize, usize)>,
    /// The labelled texts without a warning, and the warnings on unlabelled texts (their
    /// titles, at most 10 each), for reading.
    pub missed_titles: Vec<String>,
    pub false_alarm_titles: Vec<String>,
}

/// Scores the `sensitive` warnings against the labels.
pub(super) async fn score_sensitive(
    app: &App,
    reader: &CurrentUser,
    reg: &Registered<'_>,
) -> Result<SensitiveReport> {
    let event_of = reg.event_of();
    let warnings = all_warnings(app, reader, WarningKind::Sensitive).await?;
    let mut raised = vec![false; reg.events.len()];
    for w in &warnings {
        for id in &w.case_ids {
            if let Some(i) = event_of.get(id) {
                raised[*i] = true;
            }
        }
    }
    let mut r = SensitiveReport::default();
    let mut mention_warnings = 0;
    for w in &warnings {
        let labels: Vec<TextLabel> = w
            .case_ids
            .iter()
            .filter_map(|id| event_of.get(id))
            .map(|i| reg.events[*i].labels.text)
            .collect();
        let sensitive = labels
            .iter()
            .any(|l| matches!(l, TextLabel::Sensitive | TextLabel::Topic));
        if sensitive {
            r.true_warnings += 1;
        } else if labels.contains(&TextLabel::Mention) {
            mention_warnings += 1;
        } else {
            r.false_alarms += 1;
            if r.false_alarm_titles.len() < 10
                && let Some(i) = w.case_ids.first().and_then(|id| event_of.get(id))
            {
                r.false_alarm_titles.push(reg.events[*i].title.clone());
            }
        }
    }
    r.warnings = warnings.len() - mention_warnings;
    for (i, e) in reg.events.iter().enumerate() {
        match e.labels.text {
            TextLabel::Sensitive | TextLabel::Topic => {
                r.labelled += 1;
                r.found += usize::from(raised[i]);
                if !raised[i] && r.missed_titles.len() < 10 {
                    r.missed_titles.push(e.title.clone());
                }
            }
            TextLabel::NearMiss => {
                r.near_misses += 1;
                r.near_misses_raised += usize::from(raised[i]);
            }
            TextLabel::Mention => {
                r.mentions += 1;
                r.mentions_raised += usize::from(raised[i]);
            }
            TextLabel::Ordinary => {}
        }
        if e.labels.text == TextLabel::Sensitive
            && let Some((group, variant)) = e.labels.how
        {
            r.planted += 1;
            r.planted_found += usize::from(raised[i]);
            for (map, key) in [(&mut r.by_group, group), (&mut r.by_variant, variant)] {
                let entry = map.entry(key.to_owned()).or_default();
                entry.0 += 1;
                entry.1 += usize::from(raised[i]);
            }
        }
    }
    r.recall = share(r.found, r.labelled);
    r.precision = share(r.true_warnings, r.warnings);
    r.precision_with_mentions = share(r.true_warnings, warnings.len());
    r.false_alarms_per_county_month = reg.per_county_month(r.false_alarms);
    // Each warning links the case whose registration raised it, so a found text was flagged by
    // its own registration: no petition came between.
    r.delay_petitions_max = 0;
    Ok(r)
}

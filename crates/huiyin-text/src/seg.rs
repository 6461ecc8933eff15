//! The process-wide jieba segmenter, its domain dictionary and stop lists.

use std::sync::LazyLock;

use jieba_rs::Jieba;

/// Domain words added to the jieba default dictionary, so that petition
/// vocabulary is kept whole. Changing this list changes stored tokens and
/// fingerprints: bump [`crate::SEGMENTATION_VERSION`].
pub const DOMAIN_WORDS: &[&str] = &[
    "信访",
    "信访人",
    "信访件",
    "信访事项",
    "来信来访",
    "网上信访",
    "越级上访",
    "学区划分",
    "就近入学",
    "划片招生",
    "校外培训",
    "课后服务",
    "双减",
    "乱收费",
    "借读费",
    "择校费",
    "补课费",
    "代课教师",
    "民办教师",
    "师德师风",
    "有偿补课",
    "体罚学生",
    "校园欺凌",
    "控辍保学",
    "营养餐",
    "教育局",
    "教育厅",
    "教体局",
    "复查",
    "复核",
    "复查意见",
    "复核意见",
    "办结",
    "转办",
    "交办",
    "督办",
    "答复意见",
    "绩效工资",
    "职称评审",
    "教师编制",
];

/// Single characters treated as function words. A lone one in a query is
/// dropped (so `学校的食堂` also finds `学校食堂`), and [`crate::simhash`]
/// ignores them. Changing this list changes fingerprints: bump
/// [`crate::SEGMENTATION_VERSION`].
pub const STOP_CHARS: &[char] = &[
    '的', '了', '和', '与', '及', '或', '是', '在', '被', '把', '对', '向', '从', '将', '就', '也',
    '都', '而', '且', '之', '其', '这', '那', '我', '你', '他', '她', '它', '们', '着', '过', '吗',
    '呢', '吧', '啊', '呀', '嘛', '等', '个', '又', '并', '但', '则', '为', '以', '于', '给', '让',
    '由', '所', '还', '很', '该', '此', '地', '得',
];

/// Multi-character function words ignored by [`crate::simhash`] (in addition
/// to [`STOP_CHARS`]). Changing this list changes fingerprints: bump
/// [`crate::SEGMENTATION_VERSION`].
pub const STOP_WORDS: &[&str] = &[
    "我们", "你们", "他们", "她们", "它们", "这个", "那个", "这些", "那些", "一个", "没有", "什么",
    "因为", "所以", "但是", "而且", "并且", "或者", "如果", "就是", "还是", "已经", "可以", "以及",
    "关于", "对于", "由于", "自己", "进行", "目前", "其中", "之后", "之前", "以后", "以前",
];

/// The one jieba instance of the process: the default dictionary plus
/// [`DOMAIN_WORDS`]. Building it takes about 0.1 s in release and 0.5 s in a
/// debug build, so it is built once, on first use.
pub static JIEBA: LazyLock<Jieba> = LazyLock::new(|| {
    let mut jieba = Jieba::new();
    for word in DOMAIN_WORDS {
        jieba.add_word(word, None, None);
    }
    jieba
});

/// True if `c` is in [`STOP_CHARS`].
pub fn is_stop_char(c: char) -> bool {
    STOP_CHARS.contains(&c)
}

/// True if `word` is a stop word: one character from [`STOP_CHARS`] or a
/// word from [`STOP_WORDS`].
pub fn is_stop_word(word: &str) -> bool {
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => is_stop_char(c),
        _ => STOP_WORDS.contains(&word),
    }
}

/// Segments `text` with jieba in accurate mode, HMM on (new words found).
/// The words cover `text` exactly, punctuation and whitespace included; the
/// text is not normalised first.
pub fn segment(text: &str) -> Vec<&str> {
    JIEBA.cut(text, true).into_iter().map(|t| t.word).collect()
}

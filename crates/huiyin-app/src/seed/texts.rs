//! Believable petition texts, per top-level category, with slots filled per case.

use super::Rng;

/// (title, content, demands) templates; `{school}`, `{place}`, `{amount}`, `{month}`,
/// `{grade}` and `{teacher}` are filled in.
type Template = (&'static str, &'static str, &'static str);

pub(super) const TEMPLATES: &[(&str, &[Template])] = &[
    (
        "admissions",
        &[
            (
                "反映{place}学区划分不合理",
                "我家住在{place}，今年孩子上小学，按新的学区划分被划入距离较远的学校，步行需四十分钟，附近的{school}却不能就近入学。",
                "请求重新核定学区划分，让孩子就近入学",
            ),
            (
                "反映{school}招生录取不公开",
                "{school}今年{grade}招生未公布录取名单和依据，部分符合条件的随迁子女未被录取。",
                "公开招生录取办法和结果",
            ),
            (
                "咨询随迁子女入学材料要求",
                "我们是外地来{place}务工人员，孩子要上{grade}，社区要求的居住证明材料无法办理。",
                "说明随迁子女入学所需材料并给予办理",
            ),
        ],
    ),
    (
        "fees",
        &[
            (
                "反映{school}违规收取资料费",
                "{school}{month}向每名学生收取资料费{amount}元，未出示收费依据和票据。",
                "退还违规收取的费用并公开收费项目",
            ),
            (
                "要求退还借读费",
                "孩子在{school}借读期间共交借读费{amount}元，按照规定义务教育阶段不应收取借读费。",
                "退还借读费{amount}元",
            ),
            (
                "反映{school}强制订购教辅",
                "{school}班主任要求学生统一订购教辅材料，每人{amount}元，不订购的学生被点名批评。",
                "停止强制订购并退还费用",
            ),
        ],
    ),
    (
        "off_campus_tutoring",
        &[
            (
                "校外培训机构拒不退费",
                "我在{place}某培训机构预交课时费{amount}元，机构停业后拒绝退还剩余费用。",
                "督促培训机构退还剩余课时费",
            ),
            (
                "举报无证校外培训班",
                "{place}一居民楼内长期开办学科类培训班，面向{grade}学生收费补课，没有办学许可。",
                "依法查处无证培训",
            ),
        ],
    ),
    (
        "teacher_pay",
        &[
            (
                "反映绩效工资未按时发放",
                "我是{school}教师，{month}的绩效工资至今未发放，学校未作任何说明。",
                "按时足额发放绩效工资",
            ),
            (
                "对职称评审结果有异议",
                "今年职称评审中，本人教学业绩和论文均符合条件，但未通过{school}推荐，评审过程不公开。",
                "复核评审结果并公开评审细则",
            ),
            (
                "反映教师编制招聘不公",
                "{place}今年教师招聘面试环节评分标准不透明，成绩公示时间过短。",
                "公开评分标准并复查成绩",
            ),
        ],
    ),
    (
        "former_substitute_teachers",
        &[(
            "原民办代课教师要求落实教龄补助",
            "本人在{place}从事代课工作十五年，至今未领到原民办代课教师教龄补助。",
            "核定教龄并发放补助",
        )],
    ),
    (
        "teacher_conduct",
        &[
            (
                "举报教师收受家长礼品",
                "{school}{teacher}老师在教师节前后收受多名家长购物卡，家长不送就被区别对待。",
                "调查处理并公开结果",
            ),
            (
                "反映教师体罚学生",
                "孩子在{school}{grade}上学，{month}因作业未完成被{teacher}老师罚站两节课并推搡。",
                "调查体罚行为，向孩子道歉",
            ),
            (
                "举报在职教师有偿补课",
                "{school}{teacher}老师在校外组织本班学生有偿补课，每人每月{amount}元。",
                "查处有偿补课行为",
            ),
        ],
    ),
    (
        "student_discipline",
        &[
            (
                "对学校处分决定不服",
                "孩子因一次课间冲突被{school}给予记过处分，学校未听取学生陈述申辩。",
                "撤销处分决定",
            ),
            (
                "学籍转入迟迟未办理",
                "孩子已随我们转学到{school}，但学籍转入手续两个月仍未办结，影响参加考试。",
                "尽快办理学籍转入",
            ),
        ],
    ),
    (
        "degrees",
        &[(
            "学位证书未按期颁发",
            "本人已完成全部学业并通过答辩，学校以论文查重为由推迟颁发学位证书至今。",
            "依法颁发学位证书",
        )],
    ),
    (
        "financial_aid",
        &[(
            "家庭困难学生资助未落实",
            "家里是低保户，孩子在{school}上学，今年申请了国家助学金但一直没有结果。",
            "落实助学金",
        )],
    ),
    (
        "workload",
        &[(
            "反映学生作业负担过重",
            "{school}{grade}每天作业要写到晚上十点以后，周末还有大量试卷。",
            "落实作业管理规定，减轻负担",
        )],
    ),
    (
        "campus_safety",
        &[
            (
                "反映孩子在校遭受欺凌",
                "孩子在{school}多次被同学索要财物并殴打，告诉班主任后没有得到处理。",
                "制止欺凌行为并保障孩子安全",
            ),
            (
                "学生在校受伤赔偿问题",
                "孩子{month}在{school}体育课上受伤骨折，医疗费{amount}元，学校不愿承担责任。",
                "依法承担相应赔偿责任",
            ),
            (
                "反映校舍存在安全隐患",
                "{school}教学楼外墙瓷砖多处脱落，楼梯扶手松动，存在安全隐患。",
                "尽快维修排除隐患",
            ),
        ],
    ),
    (
        "logistics",
        &[
            (
                "反映学校食堂饭菜质量差",
                "{school}食堂饭菜质量差、分量少，价格却偏高，孩子经常吃不饱。",
                "改善食堂伙食并公开收费",
            ),
            (
                "学生宿舍条件差",
                "{school}学生宿舍夏天没有空调，十多人一间，卫生条件差。",
                "改善住宿条件",
            ),
        ],
    ),
    (
        "teaching",
        &[
            (
                "建议增加课后服务内容",
                "{school}课后服务只有看管自习，建议增加体育、艺术等兴趣课程。",
                "丰富课后服务内容",
            ),
            (
                "反映实习安排与专业不符",
                "学校安排我们到与所学专业无关的工厂实习，每天工作十二小时。",
                "调整实习安排",
            ),
        ],
    ),
    (
        "personnel",
        &[(
            "反映聘用合同到期未续签",
            "本人在{school}工作八年，合同到期后学校未说明理由不予续签。",
            "依法续签聘用合同或给予补偿",
        )],
    ),
    (
        "private_schools",
        &[(
            "民办学校突然停办",
            "孩子就读的{place}某民办学校突然宣布停办，已交的学费{amount}元未退。",
            "妥善安置学生并退还学费",
        )],
    ),
    (
        "other",
        &[(
            "对教育政策的意见建议",
            "建议在{place}增设公办幼儿园学位，缓解入园难的问题。",
            "增加普惠性学前教育资源",
        )],
    ),
];

pub(super) const PLACES: &[&str] = &[
    "翠苑小区",
    "城西新村",
    "滨江花园",
    "东湖街道",
    "文一社区",
    "钱江新城",
    "古荡湾",
    "三墩镇",
    "北苑小区",
    "南星街道",
];
pub(super) const GRADES: &[&str] = &["一年级", "三年级", "五年级", "初一", "初二", "初三", "高一"];
const TEACHERS: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "黄", "吴"];
pub(super) const MONTHS: &[&str] = &[
    "今年三月",
    "今年五月",
    "去年九月",
    "上学期",
    "本学期开学时",
    "今年十一月",
];

/// A title, content and demands for a case of `category` about `school`.
pub(crate) fn petition_text(
    rng: &mut Rng,
    category: &str,
    school: &str,
) -> (String, String, String) {
    let top = huiyin_core::category::field_of(category);
    let options = TEMPLATES
        .iter()
        .find(|(c, _)| *c == top)
        .map(|(_, t)| *t)
        .unwrap_or(TEMPLATES[0].1);
    let (t, c, d) = rng.pick(options);
    let amount = (rng.below(60) + 2) * 100;
    let fill = |s: &str, rng: &mut Rng| {
        s.replace("{school}", school)
            .replace("{place}", rng.pick::<&str>(PLACES))
            .replace("{amount}", &amount.to_string())
            .replace("{grade}", rng.pick::<&str>(GRADES))
            .replace("{teacher}", rng.pick::<&str>(TEACHERS))
            .replace("{month}", rng.pick::<&str>(MONTHS))
    };
    (fill(t, rng), fill(c, rng), fill(d, rng))
}

pub(super) const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高", "欧阳",
];
pub(super) const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "霞", "平", "建华", "志强", "晓梅", "国平", "海燕",
];

pub(crate) fn person_name(rng: &mut Rng) -> String {
    format!("{}{}", *rng.pick(SURNAMES), *rng.pick(GIVEN))
}

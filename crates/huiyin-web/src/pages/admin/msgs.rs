//! The message catalog of the administration pages, in Chinese and English (the same shape as
//! `pages::i18n`: one struct, two instances, so a key missing in either language fails to build).

use crate::error::Lang;

macro_rules! catalog {
    ($($key:ident => $zh:literal, $en:literal;)+) => {
        /// Administration UI texts of one language.
        pub struct AdminMsgs { $(pub $key: &'static str,)+ }
        pub static ZH: AdminMsgs = AdminMsgs { $($key: $zh,)+ };
        pub static EN: AdminMsgs = AdminMsgs { $($key: $en,)+ };
    };
}

catalog! {
    sections => "管理项目", "Sections";
    find_unit => "按名称或区划代码查找", "Find by name or region code";
    unit_name => "单位名称", "Unit name";
    no_parent => "（无：顶级单位）", "(none: a top-level unit)";
    unit_created => "已新增单位：", "Unit added:";
    confirm_unit => "确认新增该单位？", "Add this unit?";
    n_units => "个单位", "units";
    unit_search_hint => "在上级单位列表中查找", "Search the parent list";
    path => "所属", "Within";
    no_match => "没有符合条件的记录", "Nothing matches";
    find_user => "按用户名、姓名或单位查找", "Find by username, name or unit";
    user_created => "已新增用户：", "User added:";
    confirm_user => "确认新增该用户？", "Add this user?";
    n_users => "个用户", "users";
    password_hint => "至少8位，包含大写字母、小写字母、数字、符号中的至少两类，不得含用户名", "At least 8 characters of two kinds (upper, lower, digit, symbol), not containing the username";
    username_hint => "字母、数字或 ._-", "Letters, digits or ._-";
    roles_hint => "系统管理员、安全管理员、审计管理员须由不同用户担任（三员分立）", "The system, security and audit administrator roles must be held by different users";
    state => "状态", "State";
    active => "启用", "Active";
    inactive => "停用", "Disabled";
    default_diversion => "默认分流途径", "Default route";
    evidence => "依据", "Evidence";
    categories_hint => "内容分类及其默认信访类型，登记时可修改", "Content categories and their default petition type; the clerk may change it when registering";
    rules_hint => "各地区按生效日期适用的办理时限；期限计算说明中引用的就是这些规定", "Time limits by region and effective date; deadline explanations cite these rules";
    rules_file => "规则文件（TOML）", "Rules file (TOML)";
    incident_chain => "突发事件报告链", "Incident reporting chain";
    chain_file => "报告链（TOML）", "Reporting chain (TOML)";
    outbox => "消息发件箱", "Outbox";
    rule_id => "规则编号", "Rule id";
    jurisdiction => "适用地区", "Jurisdiction";
    national => "全国", "National";
    effective_from => "生效日期", "In force from";
    source => "来源", "Source";
    in_force => "现行有效", "In force";
    superseded => "已被取代", "Superseded";
    not_yet => "尚未生效", "Not yet in force";
    limit => "时限", "Limit";
    value => "规定", "Value";
    lim_disposal => "信访部门处理（转送、交办或告知）", "Routing by the receiving office";
    lim_acceptance_notice => "受理告知", "Acceptance notice";
    lim_objection => "对不属于本机关职权范围提出异议", "Objection: outside the remit";
    lim_handling => "办理期限（自受理之日起）", "Handling period (from acceptance)";
    lim_extension => "延期上限", "Longest extension";
    lim_review_request => "复查申请期限", "Window to request a review";
    lim_review_decision => "复查办理期限", "Review decision";
    lim_rereview_request => "复核申请期限", "Window to request a re-review";
    lim_rereview_decision => "复核办理期限", "Re-review decision";
    lim_collective => "集体访人数标准", "People making a collective visit";
    lim_representatives => "代表人数上限", "Most representatives";
    lim_repeat => "重复信访关联窗口", "Window for repeat petitions";
    lim_due_soon => "临期提醒", "Due-soon warning";
    unit_days => "日", "days";
    unit_people => "人", "people";
    year => "年度", "Year";
    calendar_hint => "国务院办公厅公布的放假安排。修改后立即重算所有未结事项的期限。", "The State Council's holiday schedule. A change re-times every open case at once.";
    year_incomplete => "该年度的放假安排尚未确认完整：期限仍标为暂定。载入国务院办公厅通知的全部日期后，请确认。", "This year's schedule is not confirmed complete: its deadlines stay provisional. Confirm once every date of the State Council notice is in.";
    mark_complete => "确认本年度安排完整", "Confirm the year is complete";
    confirm_complete => "确认本年度放假安排已完整载入？确认后期限不再标为暂定，在办事项将重新计算期限。", "Confirm the year's schedule is complete? Deadlines stop being provisional and open deadlines are re-timed.";
    year_missing => "该年度的放假安排尚未载入：期限按周末计算并标为暂定。", "This year's schedule is not loaded: deadlines count weekends only and are marked provisional.";
    day_off => "放假", "Day off";
    make_up => "调休上班", "Make-up working day";
    date => "日期", "Date";
    weekday => "星期", "Weekday";
    holiday => "节日", "Holiday";
    entries => "本年度特殊日期", "Listed days of the year";
    set_day => "新增或修改一天", "Add or change a day";
    kind => "类别", "Kind";
    remove => "删除", "Remove";
    confirm_calendar => "保存后将重算所有未结事项的期限，确认修改节假日安排？", "Saving re-times every open case. Change the holiday schedule?";
    raw_toml => "直接编辑本年度安排（TOML 格式）", "Edit this year's schedule directly (TOML)";
    calendar_saved => "节假日安排已保存。", "The holiday schedule was saved.";
    legend => "图例", "Legend";
    weekend => "周末", "Weekend";
    wd_heads => "一二三四五六日", "MTWTFSS";
}

pub fn admin_msgs(lang: Lang) -> &'static AdminMsgs {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

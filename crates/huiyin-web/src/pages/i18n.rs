//! The message catalog of the staff pages: every UI text once, in Chinese and English. The
//! macro makes one struct and two instances, so a key missing in either language is a build
//! error. Labels of domain vocabularies (statuses, channels, actions…) come from huiyin-core.

use crate::error::Lang;

macro_rules! catalog {
    ($($key:ident => $zh:literal, $en:literal;)+) => {
        /// UI texts of one language.
        #[allow(dead_code)] // a few keys serve pages that are not built yet
        pub struct Msgs { $(pub $key: &'static str,)+ }
        pub static ZH: Msgs = Msgs { $($key: $zh,)+ };
        pub static EN: Msgs = Msgs { $($key: $en,)+ };
    };
}

catalog! {
    app_name => "回音", "Huiyin";
    app_tagline => "教育信访业务系统", "Education petition case management";
    skip => "跳到正文", "Skip to content";
    nav_home => "工作台", "My work";
    nav_cases => "信访事项", "Cases";
    nav_register => "登记", "Register";
    nav_warnings => "预警", "Warnings";
    nav_analysis => "研判", "Analysis";
    nav_admin => "系统管理", "Administration";
    sign_in => "登录", "Sign in";
    sign_out => "退出", "Sign out";
    username => "用户名", "Username";
    password => "密码", "Password";
    otp => "动态验证码（如已开通）", "One-time code (if enrolled)";
    demo_banner => "演示模式：数据为虚构的演示数据，演示账户密码均为 demo", "Demo mode: all data is fictitious; demo accounts use the password demo";
    switch_lang => "English", "中文";
    my_work => "我的工作", "My work";
    my_work_hint => "本单位当前需要办理的事项，点击数字查看清单", "What your body must act on now; each number opens its list";
    rates_title => "三率（本年度，本人可见范围）", "Headline rates (this year, your scope)";
    rates_hint => "鼠标悬停查看计算公式；每分钟更新", "Hover for the formula; refreshed every minute";
    no_rate => "暂无", "n/a";
    quick_register => "快速登记", "Register";
    register_letter => "登记来信", "Register a letter";
    register_visit => "登记来访", "Register a visit";
    register_phone => "登记来电", "Register a call";
    cases_title => "信访事项", "Cases";
    search_placeholder => "关键词、姓名、编号、身份证号、电话", "Words, name, case no., ID no., phone";
    search => "查询", "Search";
    full_text => "全文检索", "Full text";
    reset => "清除条件", "Clear";
    any => "全部", "Any";
    status => "状态", "Status";
    channel => "渠道", "Channel";
    petition_type => "信访类型", "Type";
    category => "内容分类", "Category";
    received_from => "收件日期自", "Received from";
    received_to => "收件日期至", "Received to";
    overdue_only => "仅超期", "Overdue only";
    sort => "排序", "Sort";
    unit_filter => "承办单位（含下级）", "Handling unit (and below)";
    page_size => "每页条数", "Per page";
    sort_newest => "登记顺序（新→旧）", "Newest registered";
    sort_received_desc => "收件日期（新→旧）", "Received (newest)";
    sort_received_asc => "收件日期（旧→新）", "Received (oldest)";
    sort_due_asc => "期限（近→远）", "Deadline (soonest)";
    sort_due_desc => "期限（远→近）", "Deadline (latest)";
    sort_status_asc => "状态（登记→办结）", "Status (registered first)";
    sort_status_desc => "状态（办结→登记）", "Status (concluded first)";
    export_xlsx => "导出 Excel", "Export to Excel";
    filters_left_out => "以下筛选条件无法识别，未生效：", "These filters could not be read and were left out: ";
    total_n => "共", "Total";
    items => "件", "cases";
    page => "页", "page";
    prev => "上一页", "Previous";
    next => "下一页", "Next";
    number => "编号", "Number";
    title => "标题", "Title";
    received_on => "收件日期", "Received";
    handling_unit => "办理单位", "Handling unit";
    concerned_unit => "涉及单位", "Unit concerned";
    receiving_unit => "登记单位", "Registered by";
    deadline => "期限", "Deadline";
    flags => "标志", "Flags";
    none => "无", "None";
    no_cases => "没有符合条件的信访事项", "No cases match";
    queue => "工作清单", "Worklist";
    back_to_list => "返回清单", "Back to the list";
    overdue_by => "已超期", "overdue";
    days => "天", "days";
    due_in => "剩余", "left";
    due_today => "今日到期", "due today";
    content => "信访内容（事实和理由）", "Content (facts and reasons)";
    demands => "诉求", "Demands";
    petitioners => "信访人", "Petitioners";
    representative => "代表", "Representative";
    people_count => "人数", "People";
    id_number => "身份证号码", "ID number";
    phone => "联系电话", "Phone";
    address => "地址", "Address";
    name => "姓名", "Name";
    timeline => "办理过程", "Timeline";
    deadlines => "办理期限", "Deadlines";
    explanation => "期限计算说明", "How it was computed";
    provisional => "（节假日数据未载入，暂定）", "(provisional: holidays not loaded)";
    links => "关联事项", "Linked cases";
    history => "信访人档案（该信访人的其他事项）", "Petitioner's history (other cases)";
    no_history => "未发现该信访人的其他信访事项", "No other cases of this petitioner";
    actions => "可办理的操作", "Available actions";
    no_actions => "当前环节您没有可办理的操作", "You have no action on this case now";
    notices => "文书", "Notices";
    no_notices => "尚无可出具的文书", "No notice yet";
    decisions => "处理意见", "Decisions";
    opinion => "处理意见", "Opinion";
    basis => "法律政策依据", "Legal basis";
    facts => "调查认定的事实和理由", "Facts found and reasons";
    facts_hint => "写明本机关经调查核实认定的事实；信访人反映的内容由意见书另行引述，不要照抄。", "The facts this office found on investigation; the petitioner's own account is quoted separately in the opinion — do not copy it here.";
    outcome => "处理结果", "Outcome";
    evaluations => "满意度评价", "Evaluations";
    step_on => "办理日期", "Date of the step";
    to_unit => "目标单位", "To unit";
    report_due_on => "报告办理结果期限", "Result due";
    reason => "理由", "Reason";
    note => "说明", "Note";
    override_reason => "再次受理理由（复核终结后）", "Reason to accept again (after final)";
    procedure => "法定途径", "Legal procedure";
    service_method => "送达方式（日期填信访人收到之日）", "Service method (date: the day the petitioner received it)";
    extension_days => "延长天数", "Days of extension";
    grade => "评价", "Grade";
    submit => "提交", "Submit";
    confirm_title => "请确认", "Please confirm";
    confirm_ok => "确认办理", "Confirm";
    cancel => "取消", "Cancel";
    confirm_action => "确认执行此操作？操作将记入办理过程，不可撤销。", "Take this step? It is recorded on the timeline and cannot be undone.";
    done => "已办理：", "Done: ";
    errors_title => "未能办理：", "Could not do this:";
    unit_search => "输入单位名称筛选", "Type to filter units";
    register_title => "登记信访事项", "Register a petition";
    channel_letter => "来信", "Letter";
    channel_visit => "来访", "Visit";
    channel_phone => "来电", "Phone call";
    add_petitioner => "增加信访人", "Add a petitioner";
    remove => "删除", "Remove";
    petitioner_n => "信访人", "Petitioner";
    anonymous_notice => "匿名检举：无法向信访人送达，本文书只能存档备查。", "Anonymous report: this cannot be served on anyone; keep it on file.";
    anonymous_hint => "检举控告（来信、来电）可以不留姓名：信访人1的姓名留空即登记为“匿名”。匿名检举照常办理，但无法书面告知信访人受理和处理结果，信访人不能凭此查询进度或申请复查、复核；其他类型的信访须填写姓名。", "An accusation by letter or phone may be anonymous: leave petitioner 1's name empty and it is registered as 匿名. It is handled as usual, but nobody can be told of acceptance or outcome in writing, follow it online or ask for a review; other petitions need a name.";
    collective_hint => "5人以上为集体访，须推选不超过5名代表", "Five or more make a collective visit, with at most 5 representatives";
    confidential => "信访人要求对身份保密", "The petitioner asks for confidentiality";
    id_warn_only => "号码有误只提示，不影响登记", "A wrong number only warns; registration goes on";
    recorder => "记录人", "Recorded by";
    call_record_hint => "来电须如实记录通话内容", "Record what the caller said faithfully";
    earlier => "既往信访记录", "Earlier cases";
    earlier_hint => "填写信访人后自动查询；勾选的事项将与新登记事项关联", "Looked up as you enter petitioners; ticked cases are linked to the new one";
    same_matter => "同一事项", "Same matter";
    same_person => "同一信访人的其他事项", "Same person, other matters";
    no_earlier => "未发现既往信访记录", "No earlier cases found";
    link_it => "关联", "Link";
    save_register => "保存登记", "Save";
    registered_ok => "登记成功，编号", "Registered as";
    attachments => "附件", "Attachments";
    upload => "上传", "Upload";
    attach_hint => "扫描件、照片或PDF，单个不超过10MB", "Scans, photos or PDF, up to 10 MB each";
    no_attachments => "暂无附件", "No attachments";
    attached_ok => "附件已上传", "Attachments added";
    choose_files => "选择文件", "Choose files";
    confirm_upload => "确认上传所选附件？", "Upload the chosen files?";
    print => "打印", "Print";
    draft_restored => "已恢复您在{time}填写但尚未提交的内容，请核对后提交。", "Restored what you typed at {time} and did not submit; check it and submit.";
    draft_discard => "放弃这些内容", "Discard it";
    session_soon => "由于长时间未操作，登录将在约{n}分钟后失效；已填写的内容保存在本浏览器标签页中。", "You have been idle: the session ends in about {n} min; what you typed is kept in this browser tab.";
    session_expired => "登录已失效。您填写的内容保存在本浏览器标签页中，重新登录后回到本页即可恢复。", "Your session has ended. What you typed is kept in this browser tab: sign in again and come back to this page to restore it.";
    session_continue => "继续工作", "Keep working";
    session_sign_in => "重新登录", "Sign in again";
    record_issue => "登记已发出", "Record as sent";
    record_sending => "发出后登记：", "Once sent, record:";
    sent_on => "发出日期", "Sent on";
    sent_how => "方式", "How";
    choose => "请选择", "Choose";
    download_docx => "下载Word文档", "Download as Word";
    issued_on => "已发出：", "Sent:";
    not_sent_yet => "尚未登记发出：办理过程不会显示“已书面告知”", "Not recorded as sent: the case will not say the petitioner was told in writing";
    no_findings => "此意见书出具时未记录本机关调查认定的事实，文书中只引述了信访人反映的情况。", "This opinion was issued without the office's findings; the document quotes only the petitioner's account.";
    back_to_case => "返回事项", "Back to the case";
    admin_units => "单位", "Units";
    admin_users => "用户和角色", "Users and roles";
    admin_categories => "内容分类", "Categories";
    admin_rules => "办理时限", "Time limits";
    admin_calendar => "节假日", "Holidays";
    add_unit => "新增单位", "Add a unit";
    add_user => "新增用户", "Add a user";
    unit_kind => "单位类型", "Kind";
    parent_unit => "上级单位", "Parent unit";
    region_code => "行政区划代码", "Region code";
    level => "层级", "Level";
    display_name => "姓名", "Name";
    unit => "单位", "Unit";
    roles => "角色", "Roles";
    save => "保存", "Save";
    code => "代码", "Code";
    default_type => "默认类型", "Default type";
    calendar_toml => "节假日安排（TOML，保存后重算所有未结事项的期限）", "Holiday calendar (TOML; saving re-times every open case)";
    retimed => "已重算期限的事项数：", "Cases re-timed:";
    rules_toml => "当前生效的时限规则", "Rules in force";
    forbidden => "您没有访问此页面的权限", "You may not open this page";
    error_title => "出错了", "Something went wrong";
    not_found_title => "未找到", "Not found";
    go_home => "返回工作台", "Back to my work";
    login_title => "登录回音", "Sign in to Huiyin";
    all_fields => "带 * 的为必填项", "Fields marked * are required";
    formula => "公式", "Formula";
    petitioner_window => "信访人申请期限", "Petitioner's window";
    starts_on => "起算日", "Counted from";
    nav_audit => "审计", "Audit";
    nav_sign_ins => "登录记录", "Sign-ins";
    audit_title => "安全审计", "Security audit";
    audit_trail => "审计日志", "Audit trail";
    audit_verify => "校验审计链", "Verify the chain";
    audit_verify_hint => "逐条重算 SM3 哈希链，发现被修改、删除或调换顺序的记录", "Recomputes the SM3 hash chain entry by entry and finds edited, deleted or reordered entries";
    audit_checked => "已校验记录数", "Entries checked";
    audit_intact => "审计链完整，未发现篡改", "The chain is intact; no tampering found";
    audit_broken => "审计链已被破坏，首个问题", "The chain is broken; first problem";
    audit_action => "操作", "Action";
    audit_target => "对象", "Target";
    audit_from => "日期自", "From";
    audit_to => "日期至", "To";
    audit_time => "时间", "Time";
    audit_result => "结果", "Result";
    audit_detail => "详情", "Detail";
    audit_bad_date => "日期格式应为 YYYY-MM-DD", "Dates must be YYYY-MM-DD";
    audit_pages => "分页", "Pages";
    audit_page => "第几页", "Page";
    audit_newer => "较新", "Newer";
    audit_older => "较早", "Older";
    sign_ins_title => "登录记录", "Sign-in history";
    sign_in_address => "来源地址", "Address";
    sign_in_ok => "成功", "Succeeded";
    sign_in_failed => "失败", "Failed";
}

pub fn msgs(lang: Lang) -> &'static Msgs {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// Picks the text of the language.
pub fn pick<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

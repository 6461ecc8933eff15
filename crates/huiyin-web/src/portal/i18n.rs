//! The message catalog of the public portal: Chinese by default, English after the switch
//! in the header (`/lang/en`, the same cookie as the staff pages). One struct, two instances:
//! a key missing in either language is a build error. Domain labels (petition types, grades)
//! come from huiyin-core; rule terms keep their Chinese names in the English text.

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;

use crate::error::Lang;

macro_rules! catalog {
    ($($key:ident => $zh:literal, $en:literal;)+) => {
        /// Portal UI texts of one language.
        pub struct Msgs { $(pub $key: &'static str,)+ }
        pub static ZH: Msgs = Msgs { $($key: $zh,)+ };
        pub static EN: Msgs = Msgs { $($key: $en,)+ };
    };
}

catalog! {
    html_lang => "zh-CN", "en";
    site => "教育信访公共服务平台", "Education petition public service";
    brand => "回音 · 教育信访公共服务平台", "Huiyin · Education petition public service";
    brand_sub => "Huiyin public petition service", "回音 · 教育信访公共服务平台";
    skip => "跳到正文", "Skip to content";
    nav_label => "主导航", "Main navigation";
    nav_guide => "办事指南", "Guide";
    nav_submit => "网上信访", "Submit a petition";
    nav_progress => "进度查询", "Check progress";
    nav_disclosure => "信息公开", "Disclosure";
    switch_lang => "English", "中文";
    switch_code => "en", "zh";
    footer_rule => "依据《信访工作条例》（2022年5月1日起施行）提供服务。本平台不收取任何费用，工作人员不会索要您的查询密码。", "Served under the Regulations on Petition Work (信访工作条例, in force since 1 May 2022). The service is free of charge; staff will never ask for your PIN.";
    footer_honest => "信访人应当如实反映情况，不得捏造、歪曲事实，不得诬告陷害他人。", "Petitioners must state the facts truthfully and must not invent or distort facts or falsely accuse others.";
    back => "返回", "Back";
    choose => "请选择", "Please choose";
    // The submission form.
    submit_h1 => "网上信访", "Submit a petition online";
    submit_lead => "请如实填写。带 * 的为必填项。提交后会得到查询码和查询密码。", "Please answer truthfully. Fields marked * are required. You receive a query code and a PIN after submitting.";
    sec_matter => "反映的事项", "Your matter";
    petition_type => "信访类型", "Type of petition";
    hint_appeal => "维护自身合法权益，提出具体诉求", "Protect your own lawful rights with a concrete request";
    hint_suggestion => "对教育工作提出建议和意见", "Suggestions and opinions on education work";
    hint_accusation => "检举违纪违法行为；材料不会转给被检举单位", "Report misconduct; the material is never passed to the body reported";
    category => "内容分类", "Category";
    category_general => "（综合）", " (general)";
    unit => "涉及单位", "Body concerned";
    unit_hint => "先选地区或输入名称搜索，再选择单位", "Pick a region or search by name, then choose the body";
    region => "地区", "Region";
    all_regions => "全部地区", "All regions";
    unit_search => "搜索单位", "Search bodies";
    unit_search_placeholder => "搜索单位名称，如“第一小学”", "Search by name, e.g. 第一小学";
    choose_unit => "请选择单位", "Choose a body";
    title => "标题", "Title";
    title_hint => "一句话概括，不超过200字", "One sentence, at most 200 characters";
    content => "事实和理由", "Facts and reasons";
    content_hint => "时间、地点、经过，不超过10000字", "When, where, what happened; at most 10,000 characters";
    demands => "具体诉求", "What you ask for";
    files => "证明材料（附件）", "Supporting files";
    files_hint => "选填。最多3个文件，每个不超过5MB；只接受PNG、JPEG图片或PDF文件（按文件内容识别）。", "Optional. At most 3 files of 5 MB each; PNG or JPEG images or PDF files only (checked by content).";
    files_again => "页面重新显示后，请重新选择附件。", "Please choose your files again.";
    sec_petitioner => "信访人", "Petitioner";
    name => "姓名", "Name";
    phone => "联系电话", "Phone";
    id_number => "身份证号码", "ID card number";
    id_hint => "选填，用于核对是否重复反映", "Optional; used to find earlier petitions on the same matter";
    address => "通讯地址", "Postal address";
    address_hint => "选填，用于邮寄书面答复", "Optional; for the written reply by post";
    confidential => "请求对我的姓名和个人信息保密", "Keep my name and personal data confidential";
    confidential_hint => "办理单位将限制显示您的身份信息", "The handling bodies will restrict who sees your identity";
    privacy_title => "个人信息保护告知", "Privacy notice";
    privacy_text => "您提交的姓名、联系电话、身份证号码、地址等个人信息，仅用于登记、办理和答复本信访事项，由受理机关依照《个人信息保护法》在境内存储并加密保护，不向无关单位和人员提供。涉及未满十四周岁未成年人的信息按敏感个人信息处理。", "Your name, phone, ID number and address are used only to register, handle and answer this petition. The receiving body stores them encrypted in China under the Personal Information Protection Law (个人信息保护法) and gives them to no unrelated body or person. Data about minors under 14 is treated as sensitive personal information.";
    privacy_consent => "我已阅读并同意上述个人信息保护告知", "I have read and accept the privacy notice";
    submit_button => "提交信访事项", "Submit the petition";
    check => "请检查标注的内容后重新提交", "Please check the marked fields and submit again";
    attachments => "附件", "Files";
    list_sep => "、", ", ";
    colon => "：", ": ";
    // The receipt.
    done_title => "提交成功", "Submitted";
    done_saved => "您的信访事项已登记。请立即保存下面的查询码和查询密码——", "Your petition is registered. Save the query code and PIN below now — ";
    done_once => "它们只显示这一次", "they are shown only once";
    done_lost => "，遗失后无法找回。", " and cannot be recovered.";
    receipt => "信访事项回执", "Petition receipt";
    query_code => "查询码", "Query code";
    pin => "查询密码", "PIN";
    received_on => "登记日期", "Registered on";
    receiving_unit => "登记机关", "Registered by";
    done_next => "有权处理的机关应当自收到之日起15日内书面告知是否受理。可随时在“进度查询”中凭查询码和查询密码查看办理进度。工作人员不会向您索要查询密码。", "The competent body must tell you in writing within 15 days whether it accepts (受理) the petition. Check progress at any time under “Check progress” with your query code and PIN. Staff will never ask for your PIN.";
    print_receipt => "打印回执", "Print the receipt";
    see_progress => "查询进度", "Check progress";
    copy_code => "复制查询码", "Copy the query code";
    copied => "已复制", "Copied";
    // The progress page.
    progress_title => "进度查询", "Check progress";
    progress_h1 => "办理进度查询", "Progress of your petition";
    stage => "当前环节", "Current stage";
    steps => "办理过程", "Steps so far";
    basis => "依据", "Basis";
    eval_h => "满意度评价", "Your evaluation";
    eval_hint => "请对本环节的办理结果作出评价。每个环节只能评价一次。", "Please evaluate the outcome of this stage. Each stage can be evaluated once.";
    eval_button => "提交评价", "Submit the evaluation";
    review_h => "申请复查", "Request a review (复查)";
    recheck_h => "申请复核", "Request a re-examination (复核)";
    review_text => "对信访处理意见不服的，可以自收到书面答复之日起30日内请求原办理机关的上一级机关复查（《信访工作条例》第三十五条）。", "If you disagree with the handling opinion, you may ask the body above the handling body for a review (复查) within 30 days of receiving the written reply (信访工作条例, art. 35).";
    recheck_text => "对复查意见不服的，可以自收到书面答复之日起30日内向复查机关的上一级机关请求复核（《信访工作条例》第三十六条）。", "If you disagree with the review opinion, you may ask the body above the reviewing body for a re-examination (复核) within 30 days of receiving the written reply (信访工作条例, art. 36).";
    request_due => "申请截止日：", "Last day to apply: ";
    review_button => "提交复查申请", "Request the review (复查)";
    review_reasons => "申请的理由（必填）", "Your reasons (required)";
    review_reasons_hint => "请写明对处理意见不服的事实和理由，上一级机关据此复查。", "Say which facts and reasons you dispute; the body above reviews on them.";
    review_files => "证明材料（可选，PNG、JPEG或PDF，最多3个，每个不超过5MB）", "Evidence (optional: PNG, JPEG or PDF, up to 3 files of 5 MB)";
    review_confirm => "我确认提交申请；提交后不能撤回，由上一级机关在规定期限内作出意见。", "I confirm the request; it cannot be withdrawn, and the body above will answer within the time limit.";
    review_reasons_missing => "请写明申请的理由", "Give your reasons";
    review_confirm_missing => "请勾选确认后再提交", "Tick the confirmation to send";
    recheck_button => "提交复核申请", "Request the re-examination (复核)";
    other_case => "查询其他事项", "Look up another petition";
    lookup_hint => "请输入提交信访事项时获得的查询码和查询密码。为保护您的信息，连续输错次数过多将暂时无法查询。", "Enter the query code and PIN you received when submitting. To protect your data, too many wrong attempts block look-ups for a while.";
    lookup_button => "查询", "Look up";
    wrong_pin => "查询码或查询密码不正确，请核对后重新输入。", "The query code or PIN is wrong; please check and try again.";
    evaluated => "感谢您的评价，已记录。", "Thank you; your evaluation is recorded.";
    review_sent => "申请已提交，上一级机关将在规定期限内作出意见。", "Your request is submitted; the body above will give its opinion within the time limit.";
    // Messages.
    too_many_h => "操作过于频繁", "Too many attempts";
    too_many_before => "为保护信访人信息，同一网络的操作次数受到限制。请在约", "To protect petitioners' data, attempts from one network are limited. Please try again in about ";
    too_many_after => "分钟后再试。", " minute(s).";
    too_large_h => "提交内容过大", "The submission is too large";
    too_large => "提交的内容超过16MB，未被接收。附件最多3个，每个不超过5MB；请压缩或减少附件后重新填写提交。", "The submission is larger than 16 MB and was not received. At most 3 files of 5 MB each; please make the files smaller or fewer and submit again.";
    unavailable_h => "暂时无法显示", "Not available right now";
    unavailable => "统计数据暂时无法读取，请稍后再试。", "The statistics cannot be read right now; please try again later.";
    // The guide and the disclosure page (headings).
    guide_h1 => "教育信访办事指南", "Guide to education petitions";
    guide_lead => "对教育行政部门、学校的工作有建议意见、检举控告或申诉求决，可以通过网上信访提出。无需注册账号，提交后凭查询码和查询密码随时查看办理进度。", "Suggestions, reports of misconduct or appeals about education authorities and schools can be submitted online. No account is needed; after submitting, check progress with your query code and PIN.";
    act_submit => "我要写信", "Write to us";
    act_submit_sub => "在线提交信访事项", "Submit a petition online";
    act_progress_sub => "凭查询码和密码查看办理情况", "See how your petition is handled";
    act_disclosure_sub => "受理办理情况统计", "Statistics on petitions handled";
    guide_how => "怎样提出信访", "How to submit a petition";
    guide_types => "三类信访事项及其处理", "The three types of petition";
    guide_legal => "应当通过其他法定途径解决的事项", "Matters for other legal channels";
    guide_limits => "办理时限", "Time limits";
    guide_calc => "期限计算器", "Deadline calculator";
    guide_rights => "信访人的权利和义务", "Your rights and duties";
    calc_start => "起算日期", "Start date";
    calc_days => "天数", "Days";
    calc_unit => "计算方式", "Counting";
    calc_calendar => "自然日（“日”）", "Calendar days (日)";
    calc_working => "工作日", "Working days (工作日)";
    calc_button => "计算", "Calculate";
    calc_due => "期限届满日：", "Due on: ";
    calc_bad => "请填写正确的起算日期（年-月-日）和天数", "Enter a valid start date (YYYY-MM-DD) and number of days";
    disclosure_h1 => "信访工作信息公开", "Petition work disclosure";
    dis_rates => "核心指标", "Key figures";
    dis_month => "按月份", "By month";
    dis_cat => "按内容分类", "By category";
    dis_region => "按地区（所涉单位所在地）", "By region (of the body concerned)";
    dis_cases => "典型案例", "Typical cases";
}

/// The catalog of a language.
pub fn msgs(lang: Lang) -> &'static Msgs {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// The portal's language: the `lang` cookie set by `/lang/{lang}`, Chinese otherwise.
pub fn portal_lang(headers: &HeaderMap) -> Lang {
    crate::pages::page_lang(headers)
}

/// The page language as an extractor.
pub struct PageLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for PageLang {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(PageLang(portal_lang(&parts.headers)))
    }
}

/// The path the language switch returns to, for a page's `nav`.
pub fn back_for(nav: &str) -> &'static str {
    match nav {
        "submit" => "/public/submit",
        "progress" => "/public/progress",
        "disclosure" => "/public/disclosure",
        _ => "/public",
    }
}

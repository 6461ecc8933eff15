//! The audit trail in words (issue 12 item 8): each recorded action and result as a petition
//! office says it (转送, 拒绝：超出延期上限), for the audit page. The codes stay in the trail;
//! only the page translates them.

use huiyin_core::error::ErrorCode;
use huiyin_core::workflow::ActionKind;

use crate::error::Lang;

use super::i18n::pick;

/// The actions the trail records besides workflow steps (`case.<step>`), with their words.
pub const ACTIONS: &[(&str, &str, &str)] = &[
    ("sign_in", "登录", "Sign-in"),
    ("case.register", "登记信访件", "Registration"),
    ("case.read", "查看信访件", "Case read"),
    ("view.identity", "查看个人身份信息", "Identity viewed"),
    ("view.accusation", "查看检举控告件", "Accusation viewed"),
    ("case.export", "导出信访件", "Export"),
    ("case.attachment_add", "上传附件", "Attachment added"),
    ("case.attachment_view", "查看附件", "Attachment viewed"),
    ("case.notice", "出具告知文书", "Notice issued"),
    ("case.link", "关联信访件", "Cases linked"),
    ("case.query_code", "生成查询码", "Query code issued"),
    ("case.supervise", "督办、催办", "Supervision order"),
    (
        "case.supervision_response",
        "督办反馈",
        "Supervision answered",
    ),
    (
        "case.publication_draft",
        "拟公开典型案例",
        "Typical case drafted",
    ),
    (
        "case.publication_confirm",
        "确认公开典型案例",
        "Typical case published",
    ),
    (
        "case.publication_withdraw",
        "撤回典型案例",
        "Typical case withdrawn",
    ),
    ("warning.step", "预警处置", "Warning handled"),
    ("incident.create", "登记突发事件", "Incident recorded"),
    ("incident.report", "报告突发事件", "Incident reported"),
    (
        "reception.schedule",
        "安排领导接访",
        "Reception day scheduled",
    ),
    (
        "config.calendar",
        "修改节假日安排",
        "Holiday calendar changed",
    ),
    ("config.rules", "修改时限规则", "Time-limit rules changed"),
    (
        "config.incident_chain",
        "修改突发事件报告链",
        "Incident reporting chain changed",
    ),
    (
        "config.scorecard",
        "修改考评方案",
        "Scorecard scheme changed",
    ),
    ("config.unit_create", "新建单位", "Unit created"),
    ("config.user_create", "新建用户", "User created"),
    ("security.password_change", "修改密码", "Password changed"),
    (
        "security.totp_enrol",
        "绑定动态口令",
        "Second factor enrolled",
    ),
    ("audit.read", "查阅审计日志", "Audit trail read"),
    ("audit.verify", "校验审计链", "Audit chain verified"),
    (
        "audit.purge",
        "清理过期审计日志",
        "Old audit entries purged",
    ),
    ("sign_ins.read", "查阅登录记录", "Sign-in history read"),
    (
        "database.restore",
        "从备份恢复数据库",
        "Database restored from a backup",
    ),
];

/// An action code in words; an unknown code is shown as it is.
pub fn action_words(code: &str, lang: Lang) -> String {
    if let Some(kind) = code.strip_prefix("case.").and_then(ActionKind::parse) {
        return pick(lang, kind.zh(), kind.en()).to_owned();
    }
    ACTIONS.iter().find(|(c, _, _)| *c == code).map_or_else(
        || code.to_owned(),
        |(_, zh, en)| pick(lang, zh, en).to_owned(),
    )
}

/// The actions a search can ask for, in words: the trail's own and every workflow step.
pub fn action_choices(lang: Lang) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = ACTIONS
        .iter()
        .map(|(c, zh, en)| ((*c).to_owned(), pick(lang, zh, en).to_owned()))
        .collect();
    out.extend(ActionKind::ALL.iter().map(|k| {
        (
            format!("case.{}", k.as_str()),
            format!(
                "{}{}",
                pick(lang, "办理：", "Step: "),
                pick(lang, k.zh(), k.en())
            ),
        )
    }));
    out
}

/// A result in words: done, refused with the rule's message, or a sign-in's failure.
pub fn result_words(result: &str, lang: Lang) -> String {
    let sign_in = [
        ("locked", "账号已锁定", "account locked"),
        ("unknown_user", "用户名不存在", "unknown user"),
        ("bad_password", "密码错误", "wrong password"),
        ("bad_otp", "动态口令错误", "wrong one-time code"),
        ("otp_missing", "缺少动态口令", "one-time code missing"),
        (
            "otp_not_enrolled",
            "未绑定动态口令",
            "second factor not enrolled",
        ),
        ("disabled", "账号已停用", "account disabled"),
    ];
    if result == "ok" {
        return pick(lang, "成功", "done").to_owned();
    }
    if let Some((_, zh, en)) = sign_in.iter().find(|(c, _, _)| *c == result) {
        return format!("{}{}", pick(lang, "失败：", "failed: "), pick(lang, zh, en));
    }
    match ErrorCode::ALL.iter().find(|c| c.as_str() == result) {
        Some(c) => format!(
            "{}{}",
            pick(lang, "拒绝：", "refused: "),
            pick(lang, c.zh(), c.en())
        ),
        None => result.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_as_words() {
        assert_eq!(action_words("case.forward", Lang::Zh), "转送");
        assert_eq!(action_words("view.identity", Lang::Zh), "查看个人身份信息");
        assert_eq!(action_words("something.new", Lang::Zh), "something.new");
        assert_eq!(result_words("ok", Lang::Zh), "成功");
        assert_eq!(
            result_words(ErrorCode::ExtensionTooLong.as_str(), Lang::Zh),
            format!("拒绝：{}", ErrorCode::ExtensionTooLong.zh())
        );
        assert_eq!(result_words("bad_password", Lang::Zh), "失败：密码错误");
        let choices = action_choices(Lang::Zh);
        assert!(
            choices
                .iter()
                .any(|(c, w)| c == "case.assign" && w == "办理：交办")
        );
        let mut codes: Vec<&String> = choices.iter().map(|(c, _)| c).collect();
        let n = codes.len();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), n, "each action once");
    }
}

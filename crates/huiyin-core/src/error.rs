//! Stable error codes and their messages (STYLE.md practice 9).
//!
//! The code is the contract; the Chinese and English texts are a translation table.

use std::fmt;

/// How an error maps onto HTTP at the edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorClass {
    /// 400: the request cannot be read (malformed body, query or path).
    Malformed,
    /// 422: the input is read but wrong.
    Invalid,
    /// 401: no or bad credentials.
    Unauthenticated,
    /// 403: known user, not allowed.
    Forbidden,
    /// 404: absent or not visible.
    NotFound,
    /// 409: the rules forbid this step now.
    Conflict,
    /// 405: the address does not take this method.
    MethodNotAllowed,
    /// 413: the body is over the route's limit.
    TooLarge,
    /// 415: the body's content type is not one the route reads.
    UnsupportedMediaType,
    /// 429: too many requests.
    TooMany,
    /// 500: our fault; details are logged, never sent.
    Internal,
}

macro_rules! error_codes {
    ($($variant:ident => $code:literal, $class:ident, $zh:literal, $en:literal;)+) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum ErrorCode { $($variant,)+ }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)+];
            pub fn as_str(self) -> &'static str { match self { $(ErrorCode::$variant => $code,)+ } }
            pub fn class(self) -> ErrorClass { match self { $(ErrorCode::$variant => ErrorClass::$class,)+ } }
            pub fn zh(self) -> &'static str { match self { $(ErrorCode::$variant => $zh,)+ } }
            pub fn en(self) -> &'static str { match self { $(ErrorCode::$variant => $en,)+ } }
        }
    };
}

error_codes! {
    BadJson => "request.malformed", Malformed, "请求格式不正确", "The request body is not valid JSON of the expected shape";
    BadParameters => "request.bad_parameters", Malformed, "请求参数格式不正确", "The request's query or path parameters cannot be read";
    TooLarge => "request.too_large", TooLarge, "请求内容过大，超过了该地址允许的大小", "The request body is larger than this address accepts";
    MethodNotAllowed => "request.method_not_allowed", MethodNotAllowed, "该地址不支持此请求方法", "This address does not accept this method";
    UnsupportedMediaType => "request.unsupported_media_type", UnsupportedMediaType, "不支持该请求内容类型", "The request's content type is not supported here";
    Validation => "request.invalid", Invalid, "请求内容有误，请检查标注的字段", "Some fields are invalid";
    Unauthenticated => "auth.required", Unauthenticated, "请先登录", "Sign in first";
    BadCredentials => "auth.bad_credentials", Unauthenticated, "用户名或密码错误", "Wrong username or password";
    AccountLocked => "auth.locked", TooMany, "连续登录失败次数过多，账户已临时锁定，请15分钟后再试", "Too many failed sign-ins: the account is locked for 15 minutes";
    SecondFactorRequired => "auth.otp_required", Unauthenticated, "请输入动态验证码", "Enter the one-time code from your authenticator";
    SecondFactorSetupRequired => "auth.otp_setup_required", Forbidden, "您的角色须使用动态验证码登录，请联系安全管理员开通", "Your role requires a second factor; ask the security administrator to enrol you";
    PasswordChangeRequired => "auth.password_change_required", Forbidden, "请先修改初始密码，然后才能继续使用系统", "Change your initial password before anything else (POST /api/v1/auth/password)";
    SetupNotEmpty => "setup.not_empty", Conflict, "数据库中已有单位，不能再次初始化；请在系统管理页面或用 import-units 增加单位", "The database already has units: init only sets up an empty database; add units on the administration pages or with import-units";
    SessionExpired => "auth.session_expired", Unauthenticated, "长时间未操作，请重新登录", "Signed out after inactivity; sign in again";
    Forbidden => "auth.forbidden", Forbidden, "您没有执行此操作的权限", "You are not allowed to do this";
    MetricsForbidden => "metrics.forbidden", Forbidden, "运行指标仅向本机或持有监控令牌（metrics_token）的监控服务器提供", "Metrics are served to this host, or to a monitoring server that sends the metrics token";
    NotFound => "not_found", NotFound, "未找到该记录", "Not found";
    CaseNotFound => "case.not_found", NotFound, "未找到该信访事项", "Case not found";
    UnitNotFound => "unit.not_found", Invalid, "单位不存在", "Unit does not exist";
    UnitBadParent => "unit.bad_parent", Invalid, "该类型的单位不能设在所选上级单位之下", "A unit of this kind cannot sit under the chosen parent";
    UsernameTaken => "user.username_taken", Conflict, "用户名已被使用", "The username is already taken";
    UnknownAction => "case.unknown_action", Invalid, "未知的办理操作", "Unknown action";
    ActionNotAllowed => "case.action_not_allowed", Conflict, "当前环节不能执行此操作", "This step is not allowed in the case's current state";
    NotHandlingUnit => "case.not_handling_unit", Forbidden, "该事项不在本单位办理环节", "The case is not at your unit for this step";
    RoleRequired => "case.role_required", Forbidden, "您的角色不能执行此操作", "Your role cannot take this step";
    StepInFuture => "case.step_in_future", Invalid, "办理日期不能晚于今天", "The step date cannot be in the future";
    StepBeforePrevious => "case.step_before_previous", Invalid, "办理日期不能早于上一环节", "The step date cannot be before the previous step";
    ReceivedInFuture => "case.received_in_future", Invalid, "收件日期不能晚于今天", "The date received cannot be in the future";
    AfterFinal => "case.after_final", Conflict, "该事项已经复核终结，同一事实和理由不再受理（《信访工作条例》第三十六条）；如确需受理，须由领导填写理由", "Already final after re-review: the same facts and reasons are not accepted again (Art. 36); an authorised override with a reason is required";
    ExtensionUsed => "case.extension_used", Conflict, "办理期限只能延长一次", "The handling period can be extended only once";
    ExtensionTooLong => "case.extension_too_long", Invalid, "延长期限超过规定上限", "The extension exceeds the permitted maximum";
    ObjectionTooLate => "case.objection_too_late", Conflict, "已超过收到转送、交办事项之日起5个工作日的异议期限", "The objection period (5 working days from receipt) has passed";
    WindowClosed => "case.request_window_closed", Conflict, "已超过30日的申请期限", "The 30-day request period has passed";
    NoHigherBody => "case.no_higher_body", Conflict, "没有可受理复查、复核的上一级单位", "There is no higher body to review this case";
    ForwardToAccused => "case.forward_to_accused", Conflict, "检举控告事项不得转送、交办给被检举控告的单位或其下属单位，也不得由其受理、办理（《信访工作条例》第三十条第三款）；请转送上一级单位或纪检监察机构", "An accusation cannot be forwarded or assigned to, accepted or handled by the accused unit or a unit inside it (Art. 30 para. 3); forward it one level up or to the discipline body";
    ReclassifyAccusation => "case.reclassify_accusation", Forbidden, "将检举控告类事项改为其他类型，须由被检举控告单位以外的单位负责人填写理由", "Only a leader outside the accused unit may reclassify an accusation, with a reason";
    ForwardToSelf => "case.forward_to_self", Invalid, "不能转送给本单位", "Cannot forward to the same unit";
    NotAppeal => "case.not_appeal", Conflict, "只有申诉求决类事项可导入法定途径", "Only appeal/request cases can be diverted to a legal procedure";
    HearingOpen => "case.hearing_open", Conflict, "听证尚未结束", "A hearing is still open";
    NoHearingOpen => "case.no_hearing_open", Conflict, "没有进行中的听证", "No hearing is open";
    AlreadyEvaluated => "case.already_evaluated", Conflict, "本环节已评价，不能重复评价", "This stage has already been evaluated";
    AlreadyServed => "case.already_served", Conflict, "该文书的送达已记录", "Service of this decision is already recorded";
    QueryCodeIssued => "case.query_code_issued", Conflict, "该事项已发放查询码（查询码和密码只显示一次）", "A query code was already issued for this case (code and PIN are shown once)";
    LateRecordNeedsLeader => "case.late_record_needs_leader", Conflict, "申请期限在补录时已经届满，须由领导审批并填写理由后补录", "The window had closed by the time this is recorded: a leader must record it, with a reason";
    CloseTooEarly => "case.close_too_early", Conflict, "信访人仍可在期限内申请复查或复核（期限自送达之日起算），且未表示满意，暂不能办结归档", "The petitioner may still ask for review and has not said they are satisfied";
    SupervisionNotBelow => "supervision.not_below", Forbidden, "督办只能向下：只能对本单位下级单位办理的事项督办、催办", "Supervision orders go downward only: to a unit below your own";
    SupervisionNotAddressed => "supervision.not_addressed", Forbidden, "该督办不是发给本单位的，不能反馈", "This order was not addressed to your unit";
    AccountabilityNotBelow => "accountability.not_below", Forbidden, "只能对本单位以下（不含本单位）的单位记录责任追究", "Accountability is recorded only about units below your own";
    AccountabilityNotFound => "accountability.not_found", NotFound, "未找到该责任追究记录", "Accountability record not found";
    SupervisionAnswered => "supervision.answered", Conflict, "该督办已经反馈", "This order has already been answered";
    WarningNotFound => "warning.not_found", NotFound, "未找到该预警", "Warning not found";
    WarningAcknowledged => "warning.acknowledged", Conflict, "该预警已签收，不能重复签收", "This warning has already been acknowledged";
    WarningResolved => "warning.resolved", Conflict, "该预警已处置完毕，不能再操作", "This warning is already resolved";
    WarningNoUnitAbove => "warning.no_unit_above", Conflict, "本单位没有上级单位，无法上报", "There is no unit above to escalate to";
    OutboxNotFound => "outbox.not_found", NotFound, "未找到该消息", "Message not found";
    OutboxNotFailed => "outbox.not_failed", Conflict, "只有发送失败的消息才能重新发送", "Only a failed message can be retried";
    IncidentNotFound => "incident.not_found", NotFound, "未找到该事件", "Incident not found";
    RiskNotFound => "risk.not_found", NotFound, "未找到该排查登记", "Screening entry not found";
    RiskStepNotAllowed => "risk.step_not_allowed", Conflict, "该排查登记当前状态不能执行此操作", "This step does not fit the entry's current state";
    PersonNotFound => "person.not_found", NotFound, "未找到该信访人档案", "Petitioner file not found";
    PersonMergeNotFound => "person.merge_not_found", NotFound, "未找到该合并记录", "Merge record not found";
    PersonAlreadyMerged => "person.already_merged", Conflict, "这两条记录已在同一信访人档案中", "These records are already in one petitioner file";
    PersonIdNumbersDiffer => "person.id_numbers_differ", Conflict, "两条记录登记的身份证号不同，不是同一人，不能合并", "The two records carry different ID numbers: they are not one person";
    PersonMergeUndone => "person.merge_undone", Conflict, "该合并已经撤销", "This merge has already been undone";
    ConductNotFound => "conduct.not_found", NotFound, "未找到该违规行为记录", "Conduct record not found";
    RecusalExists => "recusal.exists", Conflict, "该工作人员已回避此信访事项", "This staff member is already recused from the case";
    RecusalNotFound => "recusal.not_found", NotFound, "未找到该回避记录", "Recusal not found";
    RecusalLifted => "recusal.lifted", Conflict, "该回避已经解除", "This recusal has already been lifted";
    FollowUpNotFound => "follow_up.not_found", NotFound, "未找到该跟进任务", "Follow-up task not found";
    FollowUpStepNotAllowed => "follow_up.step_not_allowed", Conflict, "该跟进任务已完成或已被新的处理意见取代", "This task is done or superseded by a later decision";
    HearingNotFound => "hearing.not_found", NotFound, "未找到该听证记录", "Hearing not found";
    HearingStepNotAllowed => "hearing.step_not_allowed", Conflict, "该听证当前状态不能执行此操作", "This step does not fit the hearing's current state";
    HearingCaseState => "hearing.case_state", Conflict, "只能在办理中或复核中的信访事项上安排听证", "A hearing can be scheduled only on a case in handling or under re-review";
    MatterNotFound => "matter.not_found", NotFound, "未找到该信访事项档案", "Matter file not found";
    MatterCaseTaken => "matter.case_taken", Conflict, "该信访事项已在另一个事项档案中", "The case already belongs to a matter file";
    DuplicateNotFound => "duplicate.not_found", NotFound, "未找到该并单记录", "Merge of duplicates not found";
    DuplicateExists => "duplicate.exists", Conflict, "该信访事项已并单，须先撤销原并单", "The case is already merged; undo that first";
    DuplicateUndone => "duplicate.undone", Conflict, "该并单已经撤销", "This merge has already been undone";
    CoHandlingNotFound => "co_handling.not_found", NotFound, "未找到该协办记录", "Co-handling not found";
    CoHandlingStepNotAllowed => "co_handling.step_not_allowed", Conflict, "该协办已经完成", "This co-handling part is already done";
    CoHandlingExists => "co_handling.exists", Conflict, "该单位已在协办此信访事项", "The unit is already co-handling the case";
    JointReceptionNotFound => "joint_reception.not_found", NotFound, "未找到该联合接访记录", "Joint reception session not found";
    JointReceptionClosed => "joint_reception.closed", Conflict, "该联合接访已经结束", "This joint reception session is closed";
    JointReceptionCaseLinked => "joint_reception.case_linked", Conflict, "该信访事项已记入本次联合接访", "The case is already recorded at this session";
    JointReceptionCaseNotLinked => "joint_reception.case_not_linked", NotFound, "本次联合接访没有记入该信访事项", "The case is not recorded at this session";
    IncidentInFuture => "incident.future", Invalid, "事件发生时间不能晚于现在", "An incident cannot be dated in the future";
    IncidentChainInvalid => "incident.chain_invalid", Invalid, "突发事件报告链有误，未予保存", "The incident reporting chain is invalid and was not saved";
    ScorecardInvalid => "scorecard.invalid", Invalid, "考评方案有误，未予采用", "The scorecard scheme is invalid and was not used";
    LexiconInvalid => "lexicon.invalid", Invalid, "敏感词库文件有误，未予载入", "The sensitive-word lexicon is invalid and was not loaded";
    CalendarMissing => "calendar.year_missing", Conflict, "该年度节假日安排尚未载入", "The holiday calendar for that year is not loaded";
    RulesInvalid => "rules.invalid", Invalid, "时限规则文件有误，未予载入", "The rules file is invalid and was not loaded";
    CalendarInvalid => "calendar.invalid", Invalid, "节假日安排数据有误", "The holiday calendar data is invalid";
    CalendarNoticeUnreadable => "calendar.notice_unreadable", Invalid, "国务院通知无法读取，未予载入", "The State Council notice could not be read and was not loaded";
    SavedViewNotFound => "saved_view.not_found", NotFound, "未找到该视图", "Saved view not found";
    SavedViewName => "saved_view.name", Invalid, "视图名称须为1至40个字", "A view's name must be 1 to 40 characters";
    SavedViewsFull => "saved_view.full", Conflict, "每人最多保存20个视图，请先删除不用的视图", "At most 20 saved views each: delete one first";
    RateLimited => "rate_limited", TooMany, "请求过于频繁，请稍后再试", "Too many requests, try again later";
    Internal => "internal", Internal, "系统内部错误，请稍后重试", "Internal error, please try again";
}

/// An error of the domain: a code, optionally the field at fault and a detail for that field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DomainError {
    pub code: ErrorCode,
    pub fields: Vec<(String, FieldMessage)>,
}

/// A message about one field, in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldMessage {
    pub zh: String,
    pub en: String,
}

impl DomainError {
    pub fn new(code: ErrorCode) -> DomainError {
        DomainError {
            code,
            fields: Vec::new(),
        }
    }

    /// Marks `field` as the culprit, with the code's own message.
    pub fn field(mut self, field: &str) -> DomainError {
        let msg = FieldMessage {
            zh: self.code.zh().to_owned(),
            en: self.code.en().to_owned(),
        };
        self.fields.push((field.to_owned(), msg));
        self
    }

    /// A validation error on one field with its own message.
    pub fn invalid(field: &str, zh: impl Into<String>, en: impl Into<String>) -> DomainError {
        DomainError::new(ErrorCode::Validation).with(field, zh, en)
    }

    pub fn with(
        mut self,
        field: &str,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> DomainError {
        self.fields.push((
            field.to_owned(),
            FieldMessage {
                zh: zh.into(),
                en: en.into(),
            },
        ));
        self
    }
}

impl fmt::Display for DomainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code.as_str())?;
        for (name, msg) in &self.fields {
            write!(f, " [{name}: {}]", msg.en)?;
        }
        Ok(())
    }
}

impl std::error::Error for DomainError {}

impl From<ErrorCode> for DomainError {
    fn from(code: ErrorCode) -> Self {
        DomainError::new(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_dotted_and_translated() {
        let mut seen = HashSet::new();
        for c in ErrorCode::ALL {
            assert!(seen.insert(c.as_str()), "duplicate {}", c.as_str());
            assert!(
                c.as_str()
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch == '.' || ch == '_')
            );
            assert!(!c.zh().is_empty() && !c.en().is_empty());
            assert!(
                c.zh()
                    .chars()
                    .any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)),
                "{} has no Chinese",
                c.as_str()
            );
        }
    }
}

//! The case page's 领导批示 panel (issue 14): who took the case (包案), who it is put before
//! (呈阅), and each instruction with its report-back state; and the leaders a case may be put
//! before (the 呈阅 form's select).

use huiyin_app::CaseView;
use huiyin_core::Date;
use huiyin_core::workflow::ActionKind;

use super::i18n::pick;
use super::list::Opt;
use crate::AppState;
use crate::error::Lang;

/// One leader's instruction as the panel shows it.
pub struct InstructionLine {
    pub on: String,
    pub leader: String,
    pub text: String,
    /// 交由…办理: the unit named, if any.
    pub unit: Option<String>,
    /// 无需报告 / 待报告（期限） / 已逾期 / 已报告（日期）：报告内容
    pub report: String,
    /// `overdue` when the report day has passed without a report.
    pub class: &'static str,
}

/// The panel: empty when no leader has touched the case.
#[derive(Default)]
pub struct LeaderPanel {
    pub owner: Option<String>,
    pub request: Option<String>,
    pub instructions: Vec<InstructionLine>,
}

impl LeaderPanel {
    pub fn is_empty(&self) -> bool {
        self.owner.is_none() && self.request.is_none() && self.instructions.is_empty()
    }
}

/// The panel of a case the user sees.
pub async fn panel(s: &AppState, v: &CaseView, today: Date, lang: Lang) -> LeaderPanel {
    let mut ids: Vec<i64> = v.instructions.iter().map(|i| i.by_user_id).collect();
    ids.extend(v.owner_leader_id);
    ids.extend(v.instruction_request.as_ref().map(|r| r.leader_user_id));
    if ids.is_empty() {
        return LeaderPanel::default();
    }
    let names = s.app.user_names(&ids).await.unwrap_or_default();
    let name = |id: i64| {
        names
            .iter()
            .find(|(u, _)| *u == id)
            .map_or_else(|| format!("#{id}"), |(_, n)| n.clone())
    };
    let instructions = v
        .instructions
        .iter()
        .map(|i| {
            let (report, class) = match (i.report_due_on, i.reported_on, &i.report) {
                (None, _, _) => (pick(lang, "无需报告", "no report asked").to_owned(), ""),
                (Some(_), Some(on), text) => (
                    format!(
                        "{}{on}：{}",
                        pick(lang, "已报告 ", "reported "),
                        text.as_deref().unwrap_or_default()
                    ),
                    "",
                ),
                (Some(due), None, _) if due < today => (
                    format!(
                        "{}{due}",
                        pick(lang, "已逾期未报告，期限 ", "overdue, was due ")
                    ),
                    "overdue",
                ),
                (Some(due), None, _) => (
                    format!(
                        "{}{due}",
                        pick(lang, "待报告办理情况，期限 ", "report due ")
                    ),
                    "",
                ),
            };
            InstructionLine {
                on: i.on.to_string(),
                leader: name(i.by_user_id),
                text: i.text.clone(),
                unit: i
                    .to_unit_id
                    .and_then(|u| s.app.org().get(u).map(|x| x.name.clone())),
                report,
                class,
            }
        })
        .collect();
    LeaderPanel {
        owner: v.owner_leader_id.map(name),
        request: v.instruction_request.as_ref().map(|r| {
            format!(
                "{}（{} {}）",
                name(r.leader_user_id),
                pick(lang, "呈阅于", "since"),
                r.on
            )
        }),
        instructions,
    }
}

/// The leaders the user may put the case before, when the 呈阅 step is open to them.
pub async fn leader_options(
    s: &AppState,
    user: &huiyin_app::CurrentUser,
    v: &CaseView,
) -> Vec<Opt> {
    if !v
        .allowed_actions
        .contains(&ActionKind::SubmitForInstruction)
    {
        return Vec::new();
    }
    s.app
        .instructing_leaders(user, v.id)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|(id, name)| Opt {
            value: id.to_string(),
            label: name,
            selected: false,
        })
        .collect()
}

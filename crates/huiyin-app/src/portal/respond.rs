//! The petitioner's own steps through the portal: a satisfaction evaluation (once per stage,
//! eligible cases only) and requests for review (复查) or re-review (复核) within their
//! windows. Both run the ordinary workflow steps as the portal actor, so every rule and the
//! audit trail apply unchanged.

use huiyin_core::case::Status;
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::kinds::Grade;
use huiyin_core::workflow::Action;

use super::actor::portal_actor;
use super::files::PortalFile;
use super::progress::Progress;
use crate::context::App;
use crate::error::{AppError, Result};
use crate::step::ActionInput;

impl App {
    /// Records the petitioner's evaluation of the current result.
    #[tracing::instrument(name = "app.portal_evaluate", skip_all)]
    pub async fn portal_evaluate(&self, code: &str, pin: &str, grade: Grade) -> Result<Progress> {
        let rec = self.portal_case(code, pin).await?;
        let params = serde_json::json!({ "action": "evaluate", "grade": grade.as_str() });
        let actor = portal_actor(rec.case.handling_unit_id);
        self.record_action(
            &actor,
            rec,
            ActionInput {
                action: Action::Evaluate { grade },
                on: None,
                params_json: params.to_string(),
                remark: None,
            },
        )
        .await?;
        self.portal_progress(code, pin).await
    }

    /// Requests a review of the opinion, or a re-review of the review opinion, with the
    /// petitioner's reasons (written on the timeline with the step, in its transaction) and
    /// files (PNG, JPEG or PDF, as at submission; kept with the case before the step is taken,
    /// so a refusal or a crash never loses them).
    #[tracing::instrument(name = "app.portal_request_review", skip_all)]
    pub async fn portal_request_review(
        &self,
        code: &str,
        pin: &str,
        reasons: Option<&str>,
        files: &[PortalFile],
    ) -> Result<Progress> {
        let rec = self.portal_case(code, pin).await?;
        let reasons = reasons.map(str::trim).filter(|r| !r.is_empty());
        let mut problems = None;
        if reasons.is_some_and(|r| r.chars().count() > 2_000) {
            problems = Some(DomainError::invalid(
                "reasons",
                "理由不能超过2000个字",
                "at most 2,000 characters",
            ));
        }
        super::files::check_files(files, &mut problems);
        if let Some(e) = problems {
            return Err(e.into());
        }
        let (action, name) = match rec.case.status {
            Status::OpinionIssued => (
                Action::RequestReview { late_reason: None },
                "request_review",
            ),
            Status::ReviewDecided => (
                Action::RequestRereview { late_reason: None },
                "request_rereview",
            ),
            _ => return Err(ErrorCode::ActionNotAllowed.into()),
        };
        let params = serde_json::json!({ "action": name, "reasons": reasons });
        let unit = rec.case.handling_unit_id;
        // The evidence is kept first: whatever happens to the request next, nothing the
        // petitioner sent is lost (a refused request leaves its files with the case, audited).
        self.store_portal_files(rec.case.id, unit, files).await?;
        let result = self
            .record_action(
                &portal_actor(unit),
                rec,
                ActionInput {
                    action,
                    on: None,
                    params_json: params.to_string(),
                    remark: reasons.map(str::to_owned),
                },
            )
            .await;
        match result {
            Ok(_) => self.portal_progress(code, pin).await,
            Err(AppError::Domain(e)) if e.code == ErrorCode::WindowClosed => {
                let limits = self.rule_set_for_unit(unit, self.today()).limits;
                let (period, article, what, opinion) = if name == "request_review" {
                    (limits.review_request, "第三十五条", "复查", "信访处理意见")
                } else {
                    (limits.rereview_request, "第三十六条", "复核", "复查意见")
                };
                Err(DomainError::new(ErrorCode::WindowClosed)
                    .with(
                        "rule",
                        format!(
                            "《信访工作条例》{article}：信访人对{opinion}不服的，可以自收到书面答复之日起{}日内请求{what}；已超过该期限。",
                            period.days
                        ),
                        format!(
                            "XFGZTL-2022 {}: a request must be made within {} days of receiving the written answer; that period has passed",
                            if name == "request_review" { "Art. 35" } else { "Art. 36" },
                            period.days
                        ),
                    )
                    .into())
            }
            Err(e) => Err(e),
        }
    }
}

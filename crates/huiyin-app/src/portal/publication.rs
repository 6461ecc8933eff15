//! Typical cases (典型案例) for the disclosure page: a leader or an administrator drafts one
//! from a concluded case, the app masks personal information (see [`super::scrub`]) and lists
//! every masked span, a person confirms the (edited) text, and only then is it public. It can
//! be withdrawn again.

use huiyin_core::case::{Case, CaseId, Flag, Opinion, Status};
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::permission::Permission;
use huiyin_core::policy::is_firewalled;
use huiyin_store::{CaseRecord, PublicationRecord};
use serde::Serialize;

use super::scrub::{MaskedSpan, PiiKind, scrub};
use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::{AppError, Result};

/// Typical cases shown on the public page at most.
pub const MAX_PUBLISHED: i64 = 50;
/// Characters of a confirmed field at most.
const MAX_FIELD: usize = 5_000;

/// A masked span and the field it was found in (`title`, `summary` or `outcome`): its kind,
/// where it is and what it became — never the personal data it hid (issue 10 item 4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldSpan {
    pub field: &'static str,
    pub kind: PiiKind,
    pub start: usize,
    pub masked: String,
}

impl FieldSpan {
    fn of(field: &'static str, span: MaskedSpan) -> FieldSpan {
        FieldSpan {
            field,
            kind: span.kind,
            start: span.start,
            masked: span.masked,
        }
    }
}

/// A typical case as staff review it: the anonymised text, where it stands, and every span
/// the scrub masked in the case's original text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PublicationView {
    pub case_id: CaseId,
    /// `draft` | `published` | `withdrawn`.
    pub status: String,
    pub title: String,
    pub summary: String,
    pub outcome: String,
    pub concluded_on: String,
    pub masked: Vec<FieldSpan>,
}

/// A typical case as the public sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PublishedCase {
    pub category: String,
    pub concluded_on: String,
    pub title: String,
    pub summary: String,
    pub outcome: String,
}

pub use huiyin_core::publication_input::ConfirmedText;

/// The opinion a case concluded with (the latest decision), if it has concluded.
fn concluding_opinion(case: &Case) -> Option<&Opinion> {
    let concluded = matches!(
        case.status,
        Status::OpinionIssued | Status::ReviewDecided | Status::Final | Status::Closed
    );
    if !concluded {
        return None;
    }
    let d = &case.detail;
    d.rereview_opinion
        .as_ref()
        .or(d.review_opinion.as_ref())
        .or(d.opinion.as_ref())
}

/// The original (unmasked) title, summary and outcome of a concluded case.
fn source_text(case: &Case, o: &Opinion) -> [(&'static str, String); 3] {
    [
        ("title", case.title.clone()),
        ("summary", case.content.clone()),
        ("outcome", format!("{}。{}", o.outcome.zh(), o.opinion)),
    ]
}

fn names(rec: &CaseRecord) -> Vec<String> {
    rec.petitioners.iter().map(|p| p.name.clone()).collect()
}

/// Scrubs the three fields; answers the masked texts and the spans.
fn scrub_all(
    fields: [(&'static str, String); 3],
    names: &[String],
) -> ([String; 3], Vec<FieldSpan>) {
    let mut spans = Vec::new();
    let texts = fields.map(|(field, text)| {
        let (masked, found) = scrub(&text, names);
        spans.extend(found.into_iter().map(|span| FieldSpan::of(field, span)));
        masked
    });
    (texts, spans)
}

fn view(p: PublicationRecord, masked: Vec<FieldSpan>) -> PublicationView {
    PublicationView {
        case_id: p.case_id,
        status: p.status,
        title: p.title,
        summary: p.summary,
        outcome: p.outcome,
        concluded_on: p.concluded_on,
        masked,
    }
}

impl App {
    /// Whether the user may draft, confirm and withdraw typical cases: a leader. The system
    /// administrator reads no case under 三员分立, so publishes none either.
    pub fn can_publish(&self, user: &CurrentUser) -> bool {
        user.may(Permission::PublishCases)
    }

    /// A case the user may publish from: one the leader may see, never an accusation (its
    /// content is protected like its reporter, Art. 30 ¶3; the firewall is sticky).
    async fn publishable(&self, user: &CurrentUser, case_id: CaseId) -> Result<CaseRecord> {
        if !self.can_publish(user) {
            return Err(ErrorCode::RoleRequired.into());
        }
        let rec = self.visible_case(user, case_id).await?;
        if is_firewalled(&rec.case) {
            return Err(DomainError::new(ErrorCode::ActionNotAllowed)
                .with(
                    "case",
                    "检举控告类事项不作为典型案例公开",
                    "an accusation is never published as a typical case",
                )
                .into());
        }
        Ok(rec)
    }

    /// Drafts (or drafts again) a typical case from a concluded case: the text is masked and
    /// not public until a person confirms it.
    #[tracing::instrument(name = "app.draft_publication", skip_all, fields(user_id = user.id, case_id = case_id))]
    pub async fn draft_publication(
        &self,
        user: &CurrentUser,
        case_id: CaseId,
    ) -> Result<PublicationView> {
        let rec = self.publishable(user, case_id).await?;
        if rec.case.has(Flag::Confidential) {
            return Err(DomainError::new(ErrorCode::ActionNotAllowed)
                .with(
                    "case",
                    "信访人要求保密的事项不作为典型案例公开",
                    "the petitioner asked for confidentiality: not publishable",
                )
                .into());
        }
        let Some(opinion) = concluding_opinion(&rec.case) else {
            return Err(DomainError::new(ErrorCode::ActionNotAllowed)
                .with(
                    "case",
                    "只有已出具处理（复查、复核）意见的事项才能作为典型案例公开",
                    "only a case with an opinion issued can be published",
                )
                .into());
        };
        let names = names(&rec);
        let ([title, summary, outcome], masked) =
            scrub_all(source_text(&rec.case, opinion), &names);
        let record = PublicationRecord {
            case_id,
            category: rec.case.category.clone(),
            concluded_on: opinion.issued_on.to_string(),
            title,
            summary,
            outcome,
            status: "draft".into(),
            drafted_by: user.id,
            drafted_at: self.now_ms(),
            confirmed_by: None,
            confirmed_at: None,
        };
        self.store.save_publication_draft(&record).await?;
        self.audit(
            Some(user),
            "",
            "case.publication_draft",
            &format!("case:{case_id}"),
            "ok",
            &format!("masked:{}", masked.len()),
        )
        .await?;
        Ok(view(record, masked))
    }

    /// The typical case drafted from a case, with the spans masked in the case's text.
    #[tracing::instrument(name = "app.publication", skip_all, fields(user_id = user.id, case_id = case_id))]
    pub async fn publication(
        &self,
        user: &CurrentUser,
        case_id: CaseId,
    ) -> Result<Option<PublicationView>> {
        let rec = self.publishable(user, case_id).await?;
        let Some(p) = self.store.publication_of(case_id).await? else {
            return Ok(None);
        };
        let masked = match concluding_opinion(&rec.case) {
            Some(o) => scrub_all(source_text(&rec.case, o), &names(&rec)).1,
            None => Vec::new(),
        };
        Ok(Some(view(p, masked)))
    }

    /// Publishes the confirmed text. Refused when it is empty or too long, or still holds an
    /// ID number, a phone number or a petitioner's name.
    #[tracing::instrument(name = "app.confirm_publication", skip_all, fields(user_id = user.id, case_id = case_id))]
    pub async fn confirm_publication(
        &self,
        user: &CurrentUser,
        case_id: CaseId,
        text: ConfirmedText,
    ) -> Result<PublicationView> {
        let rec = self.publishable(user, case_id).await?;
        let fields = [
            ("title", text.title.trim().to_owned()),
            ("summary", text.summary.trim().to_owned()),
            ("outcome", text.outcome.trim().to_owned()),
        ];
        let mut err: Option<DomainError> = None;
        let mut bad = |f: &str, zh: String, en: String| {
            let e = err
                .take()
                .unwrap_or_else(|| DomainError::new(ErrorCode::Validation));
            err = Some(e.with(f, zh, en));
        };
        for (field, value) in &fields {
            let n = value.chars().count();
            if n == 0 || n > MAX_FIELD {
                bad(
                    field,
                    "请填写（不超过5000字）".into(),
                    "required, at most 5,000 characters".into(),
                );
                continue;
            }
            let (_, found) = scrub(value, &names(&rec));
            let left: Vec<&str> = found
                .iter()
                .filter(|s| s.kind != PiiKind::TitledName)
                .map(|s| s.kind.zh())
                .collect();
            if !left.is_empty() {
                bad(
                    field,
                    format!("仍含有个人信息（{}），请遮盖后再确认", left.join("、")),
                    "still holds personal information".into(),
                );
            }
        }
        if let Some(e) = err {
            return Err(e.into());
        }
        let [(_, title), (_, summary), (_, outcome)] = fields;
        let done = self
            .store
            .confirm_publication(case_id, &title, &summary, &outcome, user.id, self.now_ms())
            .await?;
        if !done {
            return Err(ErrorCode::NotFound.into());
        }
        self.audit(
            Some(user),
            "",
            "case.publication_confirm",
            &format!("case:{case_id}"),
            "ok",
            "",
        )
        .await?;
        self.publication(user, case_id)
            .await?
            .ok_or(AppError::code(ErrorCode::NotFound))
    }

    /// Takes a published typical case off the public page.
    #[tracing::instrument(name = "app.withdraw_publication", skip_all, fields(user_id = user.id, case_id = case_id))]
    pub async fn withdraw_publication(&self, user: &CurrentUser, case_id: CaseId) -> Result<()> {
        self.publishable(user, case_id).await?;
        if !self.store.withdraw_publication(case_id).await? {
            return Err(ErrorCode::NotFound.into());
        }
        self.audit(
            Some(user),
            "",
            "case.publication_withdraw",
            &format!("case:{case_id}"),
            "ok",
            "",
        )
        .await
    }

    /// The typical cases on the public page (confirmed by a person; newest first).
    #[tracing::instrument(name = "app.published_cases", skip_all)]
    pub async fn published_cases(&self) -> Result<Vec<PublishedCase>> {
        let cats = self.categories();
        Ok(self
            .store
            .published_cases(MAX_PUBLISHED)
            .await?
            .into_iter()
            .map(|p| PublishedCase {
                category: cats
                    .get(&p.category)
                    .map(|c| c.name_zh.clone())
                    .unwrap_or_else(|| "其他".to_owned()),
                concluded_on: p.concluded_on,
                title: p.title,
                summary: p.summary,
                outcome: p.outcome,
            })
            .collect())
    }
}

//! 信访听证 as records (issue 15 item 5): case staff schedule a hearing on a case in handling or
//! under 复核 whose handling unit is in their scope, record the notice sent to the participants,
//! then record it as held (minutes and conclusion) or cancel it; every write audited with it.
//!
//! **The clock is not touched here.** Scheduling does not take the `start_hearing` step, nor
//! does recording a hearing as held take `end_hearing`: those steps, on the case page, pause and
//! resume the 复核 clock exactly as before (Art. 36 ¶2), dated when the hearing really began and
//! ended. A hearing is often scheduled weeks ahead and may be cancelled; pausing the clock at
//! scheduling would stop a statutory deadline for a hearing that never took place. The hearing's
//! page says whether the case's clock is paused and links to the case for those steps.
//!
//! Reads go through the one visibility rule: a hearing on a case the reader may not open does
//! not exist for them (`hearing.not_found`), in every list too.

use std::collections::HashMap;

use huiyin_core::Date;
use huiyin_core::case::{CaseId, Status};
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::hearing::{HearingForm, HearingStatus, NewHearing, Officer, Participant};
use huiyin_core::hearing_step::{HearingAction, HearingActionForm, HearingStep, NoticeMethod};
use huiyin_core::org::UnitId;
use huiyin_core::permission::Permission;
use huiyin_core::policy::visibility_root;
use huiyin_core::workflow::ActionKind;
use huiyin_store::{CaseRecord, HearingRecord};
use serde::Serialize;

use crate::accountability::{MAX_RECORDS_READ, page_of};
use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::{AppError, Result};

/// The notice sent to the participants.
#[derive(Clone, Debug, Serialize)]
pub struct HearingNoticeView {
    pub on: Date,
    pub method: NoticeMethod,
    pub note: Option<String>,
    pub recorded_by_name: String,
}

/// A hearing as staff read it.
#[derive(Clone, Debug, Serialize)]
pub struct HearingView {
    pub id: i64,
    pub case_id: CaseId,
    pub case_number: String,
    /// The case's handling unit when the hearing was scheduled.
    pub unit_id: UnitId,
    pub unit_name: String,
    pub on: Date,
    pub place: String,
    pub public: bool,
    pub officers: Vec<Officer>,
    pub participants: Vec<Participant>,
    pub status: HearingStatus,
    pub notice: Option<HearingNoticeView>,
    pub held_on: Option<Date>,
    pub minutes: Option<String>,
    pub conclusion: Option<String>,
    pub held_by_name: Option<String>,
    pub cancel_reason: Option<String>,
    pub cancelled_by_name: Option<String>,
    pub recorded_by_name: String,
    pub created_at: i64,
    pub updated_at: i64,
    /// The case's clock is paused now (`start_hearing` taken, `end_hearing` not yet).
    pub clock_paused: bool,
    /// The steps the reader may take on it now.
    pub actions: Vec<HearingAction>,
}

/// A case's hearings, as its hearings page shows them.
#[derive(Clone, Debug, Serialize)]
pub struct CaseHearings {
    pub case_id: CaseId,
    pub case_number: String,
    pub case_status: Status,
    pub items: Vec<HearingView>,
    /// The reader may schedule a hearing on the case now.
    pub may_schedule: bool,
    pub clock_paused: bool,
}

/// A page of hearings.
#[derive(Clone, Debug, Serialize)]
pub struct HearingList {
    pub items: Vec<HearingView>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

/// What a list asks for: the hearings of days `from` to `to` at a unit of the reader's scope.
#[derive(Clone, Debug)]
pub struct HearingQuery {
    pub unit_id: Option<UnitId>,
    pub from: Date,
    pub to: Date,
    pub status: Option<HearingStatus>,
}

/// The states a hearing may be scheduled in: those of the `start_hearing` step (handling, 复核).
fn schedulable(status: Status) -> bool {
    ActionKind::StartHearing.from_states().contains(&status)
}

impl App {
    /// A case handler whose scope holds `unit`.
    fn handles_at(&self, user: &CurrentUser, unit: UnitId) -> bool {
        let org = self.org();
        user.may(Permission::HandleCases)
            && org.is_ancestor_or_self(visibility_root(&user.actor(), &org), unit)
    }

    fn hearing_view(&self, user: &CurrentUser, h: HearingRecord, rec: &CaseRecord) -> HearingView {
        let may = h.status == HearingStatus::Scheduled && self.handles_at(user, h.unit_id);
        let actions = if may {
            HearingAction::ALL
                .iter()
                .copied()
                .filter(|a| *a != HearingAction::Notify || h.notice_on.is_none())
                .collect()
        } else {
            Vec::new()
        };
        let notice = match (h.notice_on, h.notice_method) {
            (Some(on), Some(method)) => Some(HearingNoticeView {
                on,
                method,
                note: h.notice_note,
                recorded_by_name: h.notice_by_name.unwrap_or_default(),
            }),
            _ => None,
        };
        HearingView {
            id: h.id,
            case_id: h.case_id,
            case_number: rec.case.number.clone(),
            unit_id: h.unit_id,
            unit_name: self
                .org()
                .get(h.unit_id)
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            on: h.on,
            place: h.place,
            public: h.public,
            officers: h.officers,
            participants: h.participants,
            status: h.status,
            notice,
            held_on: h.held_on,
            minutes: h.minutes,
            conclusion: h.conclusion,
            held_by_name: h.held_by_name,
            cancel_reason: h.cancel_reason,
            cancelled_by_name: h.cancelled_by_name,
            recorded_by_name: h.recorded_by_name,
            created_at: h.created_at,
            updated_at: h.updated_at,
            clock_paused: rec.case.open_hearing().is_some(),
            actions,
        }
    }

    /// Schedules a hearing on a case the user may open and handles (its handling unit in their
    /// scope), in handling or under 复核. Does not pause the clock (see the module's note).
    #[tracing::instrument(name = "app.schedule_hearing", skip_all, fields(user_id = user.id, case_id = case_id))]
    pub async fn schedule_hearing(
        &self,
        user: &CurrentUser,
        case_id: CaseId,
        form: HearingForm,
    ) -> Result<HearingView> {
        let rec = self.visible_case(user, case_id).await?;
        if !user.may(Permission::HandleCases) {
            return Err(ErrorCode::RoleRequired.into());
        }
        if !self.handles_at(user, rec.case.handling_unit_id) {
            return Err(ErrorCode::NotHandlingUnit.into());
        }
        if !schedulable(rec.case.status) {
            return Err(ErrorCode::HearingCaseState.into());
        }
        let h = NewHearing::read(form, rec.case.received_on)?;
        let entry = self.audit_entry(
            Some(user),
            "",
            "hearing.schedule",
            "",
            "ok",
            &format!("case={} on={}", rec.case.number, h.on),
        );
        let id = self
            .store
            .insert_hearing(
                (case_id, rec.case.handling_unit_id),
                &h,
                (user.id, self.now_ms()),
                &entry,
            )
            .await?;
        let stored = self
            .store
            .hearing(id)
            .await?
            .ok_or(AppError::code(ErrorCode::Internal))?;
        Ok(self.hearing_view(user, stored, &rec))
    }

    /// A hearing with its case, when the reader may open the case (else `hearing.not_found`).
    async fn readable_hearing(
        &self,
        user: &CurrentUser,
        id: i64,
    ) -> Result<(HearingRecord, CaseRecord)> {
        if !user.actor().works_cases() {
            return Err(ErrorCode::HearingNotFound.into());
        }
        let Some(h) = self.store.hearing(id).await? else {
            return Err(ErrorCode::HearingNotFound.into());
        };
        let Ok(rec) = self.visible_case(user, h.case_id).await else {
            return Err(ErrorCode::HearingNotFound.into());
        };
        Ok((h, rec))
    }

    /// One hearing.
    pub async fn hearing(&self, user: &CurrentUser, id: i64) -> Result<HearingView> {
        let (h, rec) = self.readable_hearing(user, id).await?;
        Ok(self.hearing_view(user, h, &rec))
    }

    /// Takes a step on a hearing: `notify`, `hold` or `cancel`, by a case handler whose scope
    /// holds the hearing's unit. The clock is not touched (see the module's note).
    #[tracing::instrument(name = "app.act_on_hearing", skip_all, fields(user_id = user.id, hearing_id = id))]
    pub async fn act_on_hearing(
        &self,
        user: &CurrentUser,
        id: i64,
        form: HearingActionForm,
    ) -> Result<HearingView> {
        let (h, rec) = self.readable_hearing(user, id).await?;
        if !user.may(Permission::HandleCases) {
            return Err(ErrorCode::RoleRequired.into());
        }
        if !self.handles_at(user, h.unit_id) {
            return Err(ErrorCode::NotHandlingUnit.into());
        }
        let step = HearingStep::read(form, (h.status, h.on, h.notice_on.is_some()), self.today())?;
        let detail = match &step {
            HearingStep::Notify { on, method, .. } => format!("on={on} method={}", method.as_str()),
            HearingStep::Hold { on, .. } => format!("held_on={on}"),
            HearingStep::Cancel { .. } => String::new(),
        };
        let entry = self.audit_entry(
            Some(user),
            "",
            &format!("hearing.{}", step.action().as_str()),
            "",
            "ok",
            format!("case={} {detail}", rec.case.number).trim_end(),
        );
        if !self
            .store
            .record_hearing_step(id, &step, (user.id, self.now_ms()), &entry)
            .await?
        {
            return Err(DomainError::new(ErrorCode::HearingStepNotAllowed).into());
        }
        self.hearing(user, id).await
    }

    /// The hearings of a case the user may open, and what the user may do there.
    pub async fn case_hearings(&self, user: &CurrentUser, case_id: CaseId) -> Result<CaseHearings> {
        let rec = self.visible_case(user, case_id).await?;
        let items = self
            .store
            .hearings_of_case(case_id)
            .await?
            .into_iter()
            .map(|h| self.hearing_view(user, h, &rec))
            .collect();
        Ok(CaseHearings {
            case_id,
            case_number: rec.case.number.clone(),
            case_status: rec.case.status,
            items,
            may_schedule: schedulable(rec.case.status)
                && self.handles_at(user, rec.case.handling_unit_id),
            clock_paused: rec.case.open_hearing().is_some(),
        })
    }

    /// The hearings at units of the user's scope for days within the period, latest first;
    /// only those on cases the user may open are there, and counted.
    pub async fn hearings(
        &self,
        user: &CurrentUser,
        q: &HearingQuery,
        page: u32,
        per_page: u32,
    ) -> Result<HearingList> {
        let actor = user.actor();
        if !actor.works_cases() {
            return Err(ErrorCode::Forbidden.into());
        }
        let org = self.org();
        let mut units = org.subtree(visibility_root(&actor, &org));
        if let Some(u) = q.unit_id {
            units.retain(|x| org.is_ancestor_or_self(u, *x));
        }
        let page = page.max(1);
        let per_page = per_page.clamp(1, 200);
        // Hearings are few; each is judged for this reader, so the period's are read whole, up
        // to a bound, and paged after.
        let records = self
            .store
            .list_hearings(&units, (q.from, q.to), MAX_RECORDS_READ)
            .await?;
        let mut ids: Vec<CaseId> = records.iter().map(|h| h.case_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let cases: HashMap<CaseId, CaseRecord> = self
            .store
            .case_records(&ids)
            .await?
            .into_iter()
            .filter(|rec| self.may_see(user, rec))
            .map(|rec| (rec.case.id, rec))
            .collect();
        let readable: Vec<HearingView> = records
            .into_iter()
            .filter(|h| q.status.is_none_or(|s| s == h.status))
            .filter_map(|h| {
                let rec = cases.get(&h.case_id)?;
                Some(self.hearing_view(user, h, rec))
            })
            .collect();
        let (items, total) = page_of(readable, page, per_page);
        Ok(HearingList {
            items,
            total,
            page,
            per_page,
        })
    }
}

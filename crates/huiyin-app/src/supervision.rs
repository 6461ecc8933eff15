//! Supervision orders (督办, 催办) as use cases: a supervisor of a body above the handling unit
//! issues one about a case; the supervised unit answers it in writing; both read the orders of
//! the cases they may see. The case carries the flag `supervised` while an order is open.

use huiyin_core::Date;
use huiyin_core::case::{CaseId, Flag};
use huiyin_core::error::ErrorCode;
use huiyin_core::org::UnitId;
use huiyin_core::permission::Permission;
use huiyin_core::policy::visibility_root;
use huiyin_core::supervision::{
    SupervisionKind, SupervisionOrder, SupervisionOrderForm, SupervisionResponse,
    SupervisionResponseForm, SupervisionStatus, answers_for, may_issue,
};
use huiyin_store::{NewSupervisionOrder, Supervision};
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::{AppError, Result};

/// An order as its readers see it.
#[derive(Clone, Debug, Serialize)]
pub struct SupervisionView {
    pub id: i64,
    pub case_id: CaseId,
    pub case_number: String,
    /// The supervised unit.
    pub unit_id: UnitId,
    pub unit_name: String,
    pub kind: SupervisionKind,
    pub kind_label: &'static str,
    /// Made by the deadline scanner (no issuer, no grounds beyond the deadline).
    pub automatic: bool,
    /// The answer's due day (an automatic order: the missed or coming deadline's).
    pub due_on: Date,
    pub created_on: Date,
    pub status: SupervisionStatus,
    pub reason: Option<String>,
    pub issuing_unit_id: Option<UnitId>,
    pub issuing_unit_name: Option<String>,
    pub response: Option<String>,
    pub adopted: Option<bool>,
    /// The ground (督办事由) named, by code, with its words and source.
    pub grounds: Option<&'static huiyin_core::supervision_grounds::SupervisionGround>,
    /// Left unanswered past its due day: raised on this day to this unit above.
    pub escalated_on: Option<Date>,
    pub escalated_to_unit_id: Option<UnitId>,
    pub escalated_to_unit_name: Option<String>,
}

/// A page of orders.
#[derive(Clone, Debug, Serialize)]
pub struct SupervisionList {
    pub items: Vec<SupervisionView>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

impl App {
    /// Whether `user` may issue an order about a case handled by `handling_unit` in `status`.
    pub(crate) fn may_supervise(
        &self,
        user: &CurrentUser,
        handling_unit: UnitId,
        open: bool,
    ) -> bool {
        open && may_issue(&user.actor(), &self.org(), handling_unit)
    }

    /// Whether `user` answers for the unit an order is addressed to.
    fn answers_for(&self, user: &CurrentUser, order: &Supervision) -> bool {
        answers_for(&user.actor(), &self.org(), order.unit_id)
    }

    /// The orders about a case the user may see, with those the user may answer now.
    pub(crate) async fn case_supervisions(
        &self,
        user: &CurrentUser,
        case_id: CaseId,
        case_number: &str,
    ) -> Result<(Vec<SupervisionView>, Vec<i64>)> {
        let orders = self.store.supervisions_of_case(case_id).await?;
        let answerable = orders
            .iter()
            .filter(|o| o.responded_at.is_none() && self.answers_for(user, o))
            .map(|o| o.id)
            .collect();
        let views = orders
            .iter()
            .map(|o| self.supervision_view(o, case_number))
            .collect();
        Ok((views, answerable))
    }

    fn supervision_view(&self, s: &Supervision, case_number: &str) -> SupervisionView {
        let org = self.org();
        let name = |id: UnitId| org.get(id).map(|u| u.name.clone()).unwrap_or_default();
        let kind = SupervisionKind::parse(&s.kind).unwrap_or(SupervisionKind::Supervise);
        SupervisionView {
            id: s.id,
            case_id: s.case_id,
            case_number: case_number.to_owned(),
            unit_id: s.unit_id,
            unit_name: name(s.unit_id),
            kind,
            kind_label: kind.zh(),
            automatic: s.issued_by.is_none(),
            due_on: s.due_on,
            created_on: s.created_on,
            status: SupervisionStatus::of(s.responded_at.is_some(), s.due_on, self.today()),
            reason: s.reason.clone(),
            issuing_unit_id: s.issuing_unit_id,
            issuing_unit_name: s.issuing_unit_id.map(name),
            response: s.response.clone(),
            adopted: s.adopted,
            grounds: s
                .grounds
                .as_deref()
                .and_then(huiyin_core::supervision_grounds::ground),
            escalated_on: s.escalated_on,
            escalated_to_unit_id: s.escalated_to_unit_id,
            escalated_to_unit_name: s.escalated_to_unit_id.map(name),
        }
    }

    /// Issues a 督办 or 催办 about a case to the unit handling it. The issuer must see the case
    /// and supervise a body above that unit; the case must still be open.
    #[tracing::instrument(name = "app.issue_supervision", skip_all, fields(user_id = user.id, case_id = case_id))]
    pub async fn issue_supervision(
        &self,
        user: &CurrentUser,
        case_id: CaseId,
        form: SupervisionOrderForm,
    ) -> Result<SupervisionView> {
        if !user.may(Permission::SuperviseScope) {
            return Err(ErrorCode::RoleRequired.into());
        }
        let rec = self.visible_case(user, case_id).await?;
        let order = SupervisionOrder::read(form, self.today())?;
        let handling = rec.case.handling_unit_id;
        if !self.may_supervise(user, handling, true) {
            return Err(ErrorCode::SupervisionNotBelow.into());
        }
        if rec.case.status.is_terminal() {
            return Err(ErrorCode::ActionNotAllowed.into());
        }
        let now = self.now_ms();
        let key = format!("order:{case_id}:{}:{now}", user.id);
        let id = self
            .store
            .insert_supervision_order(&NewSupervisionOrder {
                case_id,
                unit_id: handling,
                kind: order.kind.as_str(),
                due_on: order.due_on,
                created_on: self.today(),
                reason: &order.reason,
                issued_by: user.id,
                issuing_unit_id: visibility_root(&user.actor(), &self.org()),
                grounds: order.grounds,
                unique_key: &key,
            })
            .await?;
        self.store
            .set_flag(case_id, Flag::Supervised, true, now)
            .await?;
        self.audit(
            Some(user),
            "",
            "case.supervise",
            &rec.case.number,
            "ok",
            &format!(
                "order={id} kind={} due_on={} grounds={}",
                order.kind.as_str(),
                order.due_on,
                order.grounds.unwrap_or("-")
            ),
        )
        .await?;
        let stored = self
            .store
            .supervision(id)
            .await?
            .ok_or(AppError::code(ErrorCode::Internal))?;
        Ok(self.supervision_view(&stored, &rec.case.number))
    }

    /// Records the supervised unit's written answer to an order on a case it may see. The flag
    /// `supervised` comes off the case when no order on it is left unanswered.
    #[tracing::instrument(name = "app.respond_supervision", skip_all, fields(user_id = user.id))]
    pub async fn respond_supervision(
        &self,
        user: &CurrentUser,
        id: i64,
        form: SupervisionResponseForm,
    ) -> Result<SupervisionView> {
        let not_found = || AppError::code(ErrorCode::NotFound);
        if !user.may(Permission::ReadCases) {
            return Err(not_found());
        }
        let order = self.store.supervision(id).await?.ok_or_else(not_found)?;
        // An order on a case the user may not see does not exist for them.
        let rec = self
            .visible_case(user, order.case_id)
            .await
            .map_err(|_| not_found())?;
        let answer = SupervisionResponse::try_from(form)?;
        if !self.answers_for(user, &order) {
            return Err(ErrorCode::SupervisionNotAddressed.into());
        }
        let now = self.now_ms();
        if !self
            .store
            .respond_supervision(id, &answer.response, answer.adopted, user.id, now)
            .await?
        {
            return Err(ErrorCode::SupervisionAnswered.into());
        }
        let orders = self.store.supervisions_of_case(order.case_id).await?;
        if orders.iter().all(|o| o.responded_at.is_some()) {
            self.store
                .set_flag(order.case_id, Flag::Supervised, false, now)
                .await?;
        }
        self.audit(
            Some(user),
            "",
            "case.supervision_response",
            &rec.case.number,
            "ok",
            &format!("order={id} adopted={}", answer.adopted),
        )
        .await?;
        let stored = orders
            .iter()
            .find(|o| o.id == id)
            .ok_or(AppError::code(ErrorCode::Internal))?;
        Ok(self.supervision_view(stored, &rec.case.number))
    }

    /// The orders on the cases the user may see (the firewall applies), newest first.
    #[tracing::instrument(name = "app.supervisions", skip_all, fields(user_id = user.id))]
    pub async fn supervisions(
        &self,
        user: &CurrentUser,
        status: Option<SupervisionStatus>,
        page: u32,
        per_page: u32,
    ) -> Result<SupervisionList> {
        let page = page.max(1);
        let per_page = per_page.clamp(1, 200);
        let (orders, total) = self
            .store
            .list_supervisions(
                &self.scope_of(user),
                &self.firewall_of(user),
                status,
                huiyin_core::deadline::overdue_if_due_before(self.today()),
                i64::from(per_page),
                i64::from(page - 1) * i64::from(per_page),
            )
            .await?;
        let ids: Vec<CaseId> = orders.iter().map(|o| o.case_id).collect();
        // A user recused from a case (回避) is not told of its orders.
        let recused = self.recused_among(user, &ids).await?;
        let shown = orders.len();
        let orders: Vec<_> = orders
            .into_iter()
            .filter(|o| !recused.contains(&o.case_id))
            .collect();
        let total = total - (shown - orders.len()) as i64;
        let numbers = self.store.cases_by_ids(&ids).await?;
        let number_of = |id: CaseId| {
            numbers
                .iter()
                .find(|(c, _)| c.id == id)
                .map(|(c, _)| c.number.clone())
                .unwrap_or_default()
        };
        Ok(SupervisionList {
            items: orders
                .iter()
                .map(|o| self.supervision_view(o, &number_of(o.case_id)))
                .collect(),
            total,
            page,
            per_page,
        })
    }
}

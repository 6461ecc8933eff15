//! Leaders' reception days as use cases (领导接访日; issue 14 item 2): the petition office
//! schedules one for a leader of a unit in its scope; staff list those of their scope; the
//! portal publishes the coming ones; a visit registered at one is linked to it.

use huiyin_core::Date;
use huiyin_core::case::CaseId;
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::intake::RegistrationInput;
use huiyin_core::kinds::Channel;
use huiyin_core::org::UnitId;
use huiyin_core::permission::Permission;
use huiyin_core::policy::visibility_root;
use huiyin_core::reception::{NewReception, ReceptionForm};
use huiyin_core::role::Role;
use huiyin_store::ReceptionRecord;
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::{AppError, Result};

/// A reception day as staff read it.
#[derive(Clone, Debug, Serialize)]
pub struct ReceptionView {
    pub id: i64,
    pub leader_user_id: i64,
    pub leader_name: String,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub on: Date,
    pub place: String,
    pub hours: String,
    pub topics: String,
    /// The cases registered at it that the reader may see.
    pub case_ids: Vec<CaseId>,
}

/// A reception day as the portal publishes it: who, where, when, on what — no cases.
#[derive(Clone, Debug, Serialize)]
pub struct PublicReception {
    pub id: i64,
    pub leader_name: String,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub on: Date,
    pub place: String,
    pub hours: String,
    pub topics: String,
}

/// A page of reception days.
#[derive(Clone, Debug, Serialize)]
pub struct ReceptionList<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

/// How many coming reception days the portal shows at most.
const PUBLIC_LIMIT: i64 = 200;

impl App {
    fn unit_name(&self, id: UnitId) -> String {
        self.org()
            .get(id)
            .map(|u| u.name.clone())
            .unwrap_or_default()
    }

    /// Whether the user works for `unit` or a body above it.
    fn over_unit(&self, user: &CurrentUser, unit: UnitId) -> bool {
        let actor = user.actor();
        let org = self.org();
        org.is_ancestor_or_self(visibility_root(&actor, &org), unit)
    }

    async fn reception_view(
        &self,
        user: &CurrentUser,
        r: &ReceptionRecord,
    ) -> Result<ReceptionView> {
        let mut case_ids = Vec::new();
        for rec in self.store.case_records(&r.case_ids).await? {
            if self.may_see(user, &rec) {
                case_ids.push(rec.case.id);
            }
        }
        Ok(ReceptionView {
            id: r.id,
            leader_user_id: r.leader_user_id,
            leader_name: r.leader_name.clone(),
            unit_id: r.unit_id,
            unit_name: self.unit_name(r.unit_id),
            on: r.on,
            place: r.place.clone(),
            hours: r.hours.clone(),
            topics: r.topics.clone(),
            case_ids,
        })
    }

    /// Schedules a reception day: by case staff of the unit or a body above it, for an active
    /// leader of that unit.
    #[tracing::instrument(name = "app.schedule_reception", skip_all, fields(user_id = user.id))]
    pub async fn schedule_reception(
        &self,
        user: &CurrentUser,
        form: ReceptionForm,
    ) -> Result<ReceptionView> {
        if !user.may(Permission::HandleCases) {
            return Err(ErrorCode::RoleRequired.into());
        }
        let r = NewReception::read(form, self.today())?;
        let org = self.org();
        let Some(unit) = org.get(r.unit_id) else {
            return Err(DomainError::new(ErrorCode::UnitNotFound)
                .field("unit_id")
                .into());
        };
        if !self.over_unit(user, unit.id) {
            return Err(DomainError::new(ErrorCode::Forbidden)
                .with(
                    "unit_id",
                    "只能安排本单位及下级单位的领导接访",
                    "only for your unit or a unit below it",
                )
                .into());
        }
        let body = org.competent_body(unit.id).map_or(unit.id, |u| u.id);
        let leader = self.store.user_by_id(r.leader_user_id).await?;
        let fits = leader.is_some_and(|u| {
            u.active
                && u.roles.contains(&Role::Leader)
                && org.competent_body(u.unit_id).map_or(u.unit_id, |b| b.id) == body
        });
        if !fits {
            return Err(DomainError::invalid(
                "leader_user_id",
                "接访领导应为该单位在岗的领导",
                "the leader must be an active leader of that unit",
            )
            .into());
        }
        let entry = self.audit_entry(
            Some(user),
            "",
            "reception.schedule",
            "",
            "ok",
            &format!("leader={} on={}", r.leader_user_id, r.on),
        );
        let id = self
            .store
            .insert_reception(&r, user.id, self.now_ms(), &entry)
            .await?;
        let stored = self
            .store
            .reception(id)
            .await?
            .ok_or(AppError::code(ErrorCode::Internal))?;
        self.reception_view(user, &stored).await
    }

    /// The reception days of the user's scope from `from` on (every one when `None`).
    pub async fn receptions(
        &self,
        user: &CurrentUser,
        from: Option<Date>,
        page: u32,
        per_page: u32,
    ) -> Result<ReceptionList<ReceptionView>> {
        let actor = user.actor();
        if !actor.works_cases() {
            return Err(ErrorCode::Forbidden.into());
        }
        let org = self.org();
        let subtree = org.subtree(visibility_root(&actor, &org));
        let units = (subtree.len() != org.len()).then_some(subtree);
        let page = page.max(1);
        let per_page = per_page.clamp(1, 200);
        let (records, total) = self
            .store
            .list_receptions(
                units.as_deref(),
                from,
                i64::from(per_page),
                i64::from(page - 1) * i64::from(per_page),
            )
            .await?;
        let mut items = Vec::with_capacity(records.len());
        for r in &records {
            items.push(self.reception_view(user, r).await?);
        }
        Ok(ReceptionList {
            items,
            total,
            page,
            per_page,
        })
    }

    /// The coming reception days of every unit, as the portal publishes them.
    pub async fn public_receptions(&self) -> Result<ReceptionList<PublicReception>> {
        let (records, total) = self
            .store
            .list_receptions(None, Some(self.today()), PUBLIC_LIMIT, 0)
            .await?;
        let items: Vec<PublicReception> = records
            .iter()
            .map(|r| PublicReception {
                id: r.id,
                leader_name: r.leader_name.clone(),
                unit_id: r.unit_id,
                unit_name: self.unit_name(r.unit_id),
                on: r.on,
                place: r.place.clone(),
                hours: r.hours.clone(),
                topics: r.topics.clone(),
            })
            .collect();
        Ok(ReceptionList {
            per_page: u32::try_from(items.len()).unwrap_or(u32::MAX),
            items,
            total,
            page: 1,
        })
    }

    /// A visit registered at a reception day: the day exists in the registrar's scope, the
    /// visit came in person that day.
    pub(crate) async fn check_reception(
        &self,
        user: &CurrentUser,
        input: &RegistrationInput,
    ) -> Result<()> {
        let Some(id) = input.reception_id else {
            return Ok(());
        };
        let refuse = |zh: &str, en: &str| -> AppError {
            DomainError::invalid("reception_id", zh.to_owned(), en.to_owned()).into()
        };
        let Some(r) = self.store.reception(id).await? else {
            return Err(refuse("接访日不存在", "no such reception day"));
        };
        if !self.over_unit(user, r.unit_id) {
            return Err(refuse("接访日不存在", "no such reception day"));
        }
        if input.channel != Channel::Visit {
            return Err(refuse(
                "领导接访日登记的应为来访",
                "a reception day receives visits",
            ));
        }
        if input.received_on != r.on {
            return Err(refuse(
                &format!("该接访日是{}，与接收日期不符", r.on),
                &format!("that reception day is {}", r.on),
            ));
        }
        Ok(())
    }
}

//! 责任追究 as use cases (issue 14 item 5): a leader or supervisor above a unit records that it,
//! or a person in it, was held to account; leaders and supervisors above the unit read the
//! records. The unit's own people and those below never do — a record is not even "not
//! found" for them in a list: it is simply not there. A record linked to a case or order the
//! reader may not open is not there for that reader either (its words could tell of an
//! accusation the reader must not know of), and is left out of the count.

use huiyin_core::Date;
use huiyin_core::accountability::{
    AccountabilityForm, AccountabilityMeasure, GROUNDS, NewAccountability, ground, may_read,
    may_record,
};
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::org::UnitId;
use huiyin_core::permission::Permission;
use huiyin_core::policy::visibility_root;
use huiyin_core::role::Role;
use huiyin_store::AccountabilityRecord;
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::{AppError, Result};

/// A ground as a reader sees it.
#[derive(Clone, Debug, Serialize)]
pub struct GroundView {
    pub code: String,
    pub zh: &'static str,
    pub en: &'static str,
    pub article: &'static str,
}

/// A linked case the reader may open.
#[derive(Clone, Debug, Serialize)]
pub struct LinkedCase {
    pub id: i64,
    pub number: String,
}

/// A record as its readers see it.
#[derive(Clone, Debug, Serialize)]
pub struct AccountabilityView {
    pub id: i64,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub person: Option<String>,
    pub grounds: Vec<GroundView>,
    pub measure: AccountabilityMeasure,
    pub measure_label: &'static str,
    pub on: Date,
    pub description: String,
    pub recording_unit_id: UnitId,
    pub recording_unit_name: String,
    /// The linked cases the reader may open.
    pub cases: Vec<LinkedCase>,
    /// The linked supervision orders on cases the reader may open.
    pub supervision_ids: Vec<i64>,
}

/// A page of records.
#[derive(Clone, Debug, Serialize)]
pub struct AccountabilityList {
    pub items: Vec<AccountabilityView>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

/// Most records of a period read for one list (then judged per reader and paged).
pub(crate) const MAX_RECORDS_READ: i64 = 5_000;

/// Page `page` (from 1) of `per_page` of items judged one by one for their reader, with how
/// many there are in all.
pub(crate) fn page_of<T>(items: Vec<T>, page: u32, per_page: u32) -> (Vec<T>, i64) {
    let total = i64::try_from(items.len()).unwrap_or(i64::MAX);
    let skip =
        usize::try_from(page.saturating_sub(1).saturating_mul(per_page)).unwrap_or(usize::MAX);
    let items = items
        .into_iter()
        .skip(skip)
        .take(usize::try_from(per_page).unwrap_or(usize::MAX))
        .collect();
    (items, total)
}

/// Leaders and supervisors are the only readers and recorders.
fn reads_accountability(user: &CurrentUser) -> bool {
    user.roles.contains(&Role::Leader) || user.may(Permission::SuperviseScope)
}

impl App {
    /// The grounds of Arts. 42–46, as the form offers them.
    pub fn accountability_grounds(&self) -> Vec<GroundView> {
        GROUNDS
            .iter()
            .map(|g| GroundView {
                code: g.code.to_owned(),
                zh: g.zh,
                en: g.en,
                article: g.article,
            })
            .collect()
    }

    /// The units whose records `user` reads: strictly below their body (none for others).
    pub fn accountability_units(&self, user: &CurrentUser) -> Vec<UnitId> {
        if !reads_accountability(user) {
            return Vec::new();
        }
        let actor = user.actor();
        let org = self.org();
        org.subtree(visibility_root(&actor, &org))
            .into_iter()
            .filter(|u| may_read(&actor, &org, *u))
            .collect()
    }

    /// The record as `user` reads it; `None` when a linked case or order is out of their sight.
    async fn accountability_view(
        &self,
        user: &CurrentUser,
        r: &AccountabilityRecord,
    ) -> Result<Option<AccountabilityView>> {
        let org = self.org();
        let name = |id: UnitId| org.get(id).map(|u| u.name.clone()).unwrap_or_default();
        let Some(cases) = self.linked_cases(user, &r.case_ids).await? else {
            return Ok(None);
        };
        for id in &r.supervision_ids {
            let seen = match self.store.supervision(*id).await? {
                Some(o) => self.visible_case(user, o.case_id).await.is_ok(),
                None => false,
            };
            if !seen {
                return Ok(None);
            }
        }
        let supervision_ids = r.supervision_ids.clone();
        let measure =
            AccountabilityMeasure::parse(&r.measure).unwrap_or(AccountabilityMeasure::Interview);
        Ok(Some(AccountabilityView {
            id: r.id,
            unit_id: r.unit_id,
            unit_name: name(r.unit_id),
            person: r.person.clone(),
            grounds: r
                .grounds
                .iter()
                .map(|code| {
                    let g = ground(code);
                    GroundView {
                        code: code.clone(),
                        zh: g.map_or("", |g| g.zh),
                        en: g.map_or("", |g| g.en),
                        article: g.map_or("", |g| g.article),
                    }
                })
                .collect(),
            measure,
            measure_label: measure.zh(),
            on: r.on,
            description: r.description.clone(),
            recording_unit_id: r.recording_unit_id,
            recording_unit_name: name(r.recording_unit_id),
            cases,
            supervision_ids,
        }))
    }

    /// The linked cases, when the user may open every one of them (`None` otherwise).
    pub(crate) async fn linked_cases(
        &self,
        user: &CurrentUser,
        ids: &[i64],
    ) -> Result<Option<Vec<LinkedCase>>> {
        let records = self.store.case_records(ids).await?;
        if records.len() != ids.len() || !records.iter().all(|rec| self.may_see(user, rec)) {
            return Ok(None);
        }
        Ok(Some(
            records
                .iter()
                .map(|rec| LinkedCase {
                    id: rec.case.id,
                    number: rec.case.number.clone(),
                })
                .collect(),
        ))
    }

    /// Records a 责任追究 about a unit below the user's body. Every linked case must be one the
    /// user may open, every linked order one on such a case.
    #[tracing::instrument(name = "app.record_accountability", skip_all, fields(user_id = user.id))]
    pub async fn record_accountability(
        &self,
        user: &CurrentUser,
        form: AccountabilityForm,
    ) -> Result<AccountabilityView> {
        if !reads_accountability(user) {
            return Err(ErrorCode::RoleRequired.into());
        }
        let org = self.org();
        let r = NewAccountability::read(form, &org, self.today())?;
        let actor = user.actor();
        if !may_record(&actor, &org, r.unit_id) {
            return Err(DomainError::new(ErrorCode::AccountabilityNotBelow)
                .field("unit_id")
                .into());
        }
        for id in &r.case_ids {
            if self.visible_case(user, *id).await.is_err() {
                return Err(DomainError::invalid(
                    "case_ids",
                    format!("事项{id}不存在或无权查看"),
                    format!("case {id} does not exist or is out of sight"),
                )
                .into());
            }
        }
        for id in &r.supervision_ids {
            let seen = match self.store.supervision(*id).await? {
                Some(o) => self.visible_case(user, o.case_id).await.is_ok(),
                None => false,
            };
            if !seen {
                return Err(DomainError::invalid(
                    "supervision_ids",
                    format!("督办{id}不存在或无权查看"),
                    format!("order {id} does not exist or is out of sight"),
                )
                .into());
            }
        }
        let entry = self.audit_entry(
            Some(user),
            "",
            "accountability.record",
            "",
            "ok",
            &format!(
                "unit={} measure={} grounds={}",
                r.unit_id,
                r.measure.as_str(),
                r.grounds.join(",")
            ),
        );
        let id = self
            .store
            .insert_accountability(
                &r,
                user.id,
                visibility_root(&actor, &org),
                self.now_ms(),
                &entry,
            )
            .await?;
        let stored = self
            .store
            .accountability(id)
            .await?
            .ok_or(AppError::code(ErrorCode::Internal))?;
        self.accountability_view(user, &stored)
            .await?
            .ok_or(AppError::code(ErrorCode::Internal))
    }

    /// The records the user reads, decided within `[from, to]`, of one unit's subtree when
    /// `unit` is given; newest first.
    pub async fn accountability_records(
        &self,
        user: &CurrentUser,
        unit: Option<UnitId>,
        from: Date,
        to: Date,
        page: u32,
        per_page: u32,
    ) -> Result<AccountabilityList> {
        if !reads_accountability(user) {
            return Err(ErrorCode::RoleRequired.into());
        }
        let org = self.org();
        let mut units = self.accountability_units(user);
        if let Some(u) = unit {
            units.retain(|x| org.is_ancestor_or_self(u, *x));
        }
        let page = page.max(1);
        let per_page = per_page.clamp(1, 200);
        // Records are few (a unit's in a year: a handful); each is judged for this reader, so
        // the period's records are read whole, up to a bound, and paged after.
        let (records, _) = self
            .store
            .list_accountability(&units, from, to, MAX_RECORDS_READ, 0)
            .await?;
        let mut readable = Vec::new();
        for r in &records {
            if let Some(v) = self.accountability_view(user, r).await? {
                readable.push(v);
            }
        }
        let (items, total) = crate::accountability::page_of(readable, page, per_page);
        Ok(AccountabilityList {
            items,
            total,
            page,
            per_page,
        })
    }

    /// One record, for a reader above its unit (not found for anyone else).
    pub async fn accountability_record(
        &self,
        user: &CurrentUser,
        id: i64,
    ) -> Result<AccountabilityView> {
        let not_found = || AppError::code(ErrorCode::AccountabilityNotFound);
        let r = self.store.accountability(id).await?.ok_or_else(not_found)?;
        if !reads_accountability(user) || !may_read(&user.actor(), &self.org(), r.unit_id) {
            return Err(not_found());
        }
        self.accountability_view(user, &r)
            .await?
            .ok_or_else(not_found)
    }

    /// The ids of cases given by number (a form's list of case numbers), each one the user may
    /// open; a number that is unknown or out of sight is refused by field, the same way.
    pub async fn visible_case_ids_by_number(
        &self,
        user: &CurrentUser,
        numbers: &[String],
    ) -> Result<Vec<i64>> {
        let mut ids = Vec::new();
        for n in numbers {
            let id = match crate::search_lookup::case_number(n) {
                Some(number) => self.store.case_id_by_number(&number).await?,
                None => None,
            };
            match id {
                Some(id) if self.visible_case(user, id).await.is_ok() => ids.push(id),
                _ => {
                    return Err(DomainError::invalid(
                        "case_ids",
                        format!("事项编号{n}不存在或无权查看"),
                        format!("case {n} does not exist or is out of sight"),
                    )
                    .into());
                }
            }
        }
        Ok(ids)
    }
}

#[cfg(test)]
mod tests {
    use super::page_of;

    #[test]
    fn a_page_of_judged_items_says_how_many_in_all() {
        let items: Vec<u32> = (1..=45).collect();
        assert_eq!(page_of(items.clone(), 1, 20), ((1..=20).collect(), 45));
        assert_eq!(page_of(items.clone(), 3, 20), ((41..=45).collect(), 45));
        assert_eq!(page_of(items.clone(), 4, 20), (Vec::new(), 45));
        assert_eq!(
            page_of(items, 0, 20).0.len(),
            20,
            "page 0 reads as the first"
        );
    }
}

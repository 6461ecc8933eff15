//! The petitioner's history (信访人档案) and the earlier cases shown to a registrar before a
//! new case is saved, so that the same person's or the same matter's cases can be linked.

use huiyin_core::case::{CaseId, Petitioner};
use huiyin_core::error::ErrorCode;
use huiyin_core::intake::PetitionerInput;
use huiyin_core::org::UnitId;
use huiyin_core::permission::Permission;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;
use crate::register::petitioner_keys_with;
use crate::view::CaseView;

/// Earlier cases of the people being registered, those about the same matter (same unit
/// concerned and category) first.
#[derive(Clone, Debug, Default)]
pub struct EarlierCases {
    pub same_matter: Vec<CaseView>,
    pub same_person: Vec<CaseView>,
}

pub(crate) const HISTORY_LIMIT: i64 = 20;

impl App {
    /// The cases among `ids` that the user may see, as views, in the given order.
    pub(crate) async fn visible_views(
        &self,
        user: &CurrentUser,
        ids: &[CaseId],
    ) -> Result<Vec<CaseView>> {
        Ok(self
            .store
            .case_records(ids)
            .await?
            .iter()
            .filter(|rec| self.may_see(user, rec))
            .map(|rec| self.case_view(rec, user))
            .collect())
    }

    /// Other cases of this case's petitioners that the user may see (信访人档案).
    pub async fn petitioner_history(
        &self,
        user: &CurrentUser,
        case_id: CaseId,
    ) -> Result<Vec<CaseView>> {
        self.visible_case(user, case_id).await?;
        let ids = self
            .store
            .petitioner_history(case_id, HISTORY_LIMIT)
            .await?;
        self.visible_views(user, &ids).await
    }

    /// Earlier cases of the petitioners about to be registered (matched on ID number, or on
    /// name and phone), split by whether they concern the same matter.
    pub async fn earlier_cases(
        &self,
        user: &CurrentUser,
        petitioners: &[PetitionerInput],
        concerned_unit_id: Option<UnitId>,
        category: Option<&str>,
    ) -> Result<EarlierCases> {
        if !user.actor().works_cases() {
            return Err(ErrorCode::Forbidden.into());
        }
        let mut id_keys = Vec::new();
        let mut np_keys = Vec::new();
        for p in petitioners.iter().filter(|p| !p.name.trim().is_empty()) {
            let (id_key, np_key) =
                self.lookup_keys(&p.name, p.id_number.as_deref(), p.phone.as_deref());
            id_keys.extend(id_key);
            np_keys.extend(np_key);
        }
        let ids = self
            .store
            .cases_of_petitioner_keys(&id_keys, &np_keys, HISTORY_LIMIT)
            .await?;
        let views = self.visible_views(user, &ids).await?;
        let (same_matter, same_person) = views.into_iter().partition(|v| {
            Some(v.concerned_unit_id) == concerned_unit_id && Some(v.category.as_str()) == category
        });
        Ok(EarlierCases {
            same_matter,
            same_person,
        })
    }

    /// The ID-number key and the name-and-phone key of a person as typed, normalised as
    /// registration normalises them so that they match the stored keys.
    pub(crate) fn lookup_keys(
        &self,
        name: &str,
        id_number: Option<&str>,
        phone: Option<&str>,
    ) -> (Option<String>, Option<String>) {
        let ring = self.store.keys().map(|k| k.ring());
        let today = self.today();
        let id_number = id_number.filter(|s| !s.trim().is_empty()).map(|raw| {
            let check = huiyin_core::idcard::check_id_number(raw, today);
            if check.normalized.is_empty() {
                raw.trim().to_owned()
            } else {
                check.normalized
            }
        });
        let phone = phone
            .and_then(|raw| huiyin_core::person::PhoneNo::parse(raw).ok())
            .map(|ph| ph.as_str().to_owned());
        let name = huiyin_core::person::PersonName::parse(name)
            .map_or_else(|_| name.trim().to_owned(), |n| n.as_str().to_owned());
        let stored = petitioner_keys_with(
            ring.as_deref(),
            &Petitioner {
                name,
                id_number,
                phone,
                address: None,
                representative: false,
            },
        );
        (stored.id_key, stored.name_phone_key)
    }

    /// Links a case to an earlier one the registrar recognised as related.
    pub async fn link_related(
        &self,
        user: &CurrentUser,
        case_id: CaseId,
        other: CaseId,
    ) -> Result<()> {
        if !user.actor().may(Permission::HandleCases) {
            return Err(ErrorCode::RoleRequired.into());
        }
        let rec = self.visible_case(user, case_id).await?;
        let other_rec = self.visible_case(user, other).await?;
        if case_id == other {
            return Ok(());
        }
        self.store.link_cases(case_id, other, "related").await?;
        self.audit(
            Some(user),
            "",
            "case.link",
            &rec.case.number,
            "ok",
            &other_rec.case.number,
        )
        .await?;
        Ok(())
    }
}

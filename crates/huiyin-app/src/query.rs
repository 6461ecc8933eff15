//! Reading cases: one case, lists with filters and full text, the timeline.

use huiyin_core::case::{CaseId, Flag};
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::kinds::PetitionType;
use huiyin_core::policy::{can_see_case, member_units, wall_of};
use huiyin_store::search::FullText;
use huiyin_store::{CaseFilter, CaseRecord, CaseSort, Firewall, HandlerFilter, Scope};

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;
use crate::view::{CaseView, TimelineView};

pub use huiyin_core::case_list::CaseQuery;
use huiyin_core::case_list::{HandlerQuery, ListSort};

#[derive(Clone, Debug, serde::Serialize)]
pub struct CaseList {
    pub items: Vec<CaseView>,
    /// Matches, counted up to 1,000; more than that shows as 1,000 with `total_exact` false.
    pub total: i64,
    pub total_exact: bool,
    pub page: u32,
    pub per_page: u32,
}

impl App {
    /// A case the user may see, or `case.not_found` (never "forbidden": existence is not leaked).
    /// A refused attempt (no such case, or out of the user's sight) is audited.
    pub async fn visible_case(&self, user: &CurrentUser, id: CaseId) -> Result<CaseRecord> {
        match self.store.case(id).await? {
            Some(rec) if self.may_see(user, &rec) => Ok(rec),
            _ => {
                let code = ErrorCode::CaseNotFound;
                self.audit_soon_with(user, "case.read", &format!("#{id}"), code.as_str(), "");
                Err(code.into())
            }
        }
    }

    /// The one visibility rule for a stored case: the tree, and the whistleblower firewall.
    pub fn may_see(&self, user: &CurrentUser, rec: &CaseRecord) -> bool {
        !self.recused(user, rec)
            && can_see_case(
                &user.actor(),
                &self.org(),
                &rec.visible_units,
                wall_of(&rec.case).as_ref(),
            )
    }

    /// The user's whistleblower firewall, for queries over many cases.
    pub fn firewall_of(&self, user: &CurrentUser) -> Firewall {
        Firewall {
            member_units: member_units(&self.org(), user.unit_id),
            user_id: user.id,
        }
    }

    /// A case filter over what the user may see: the scope and the firewall.
    pub fn filter_for(&self, user: &CurrentUser) -> CaseFilter {
        let mut f = CaseFilter::new(self.scope_of(user), self.today());
        f.firewall = Some(self.firewall_of(user));
        f
    }

    #[tracing::instrument(name = "app.get_case", skip_all, fields(user_id = user.id, case_id = id))]
    pub async fn get_case(&self, user: &CurrentUser, id: CaseId) -> Result<CaseView> {
        let rec = self.visible_case(user, id).await?;
        let view = self.case_view(&rec, user);
        self.audit_identity_views(user, std::slice::from_ref(&view))
            .await?;
        Ok(view)
    }

    /// The cases of `ids` the user may see, in the order asked (batch export and print of the
    /// ticked cases). Each id goes through the case page's own check ([`App::visible_case`]):
    /// one out of sight, or of no case, is left out without a word (its attempt audited).
    pub async fn visible_cases(&self, user: &CurrentUser, ids: &[CaseId]) -> Result<Vec<CaseView>> {
        let mut views: Vec<CaseView> = Vec::new();
        for &id in ids {
            if views.iter().any(|v| v.id == id) {
                continue;
            }
            match self.visible_case(user, id).await {
                Ok(rec) => views.push(self.case_view(&rec, user)),
                Err(e) if e.error_code() == ErrorCode::CaseNotFound => {}
                Err(e) => return Err(e),
            }
        }
        self.audit_identity_views(user, &views).await?;
        Ok(views)
    }

    /// Records every view of petitioners' identity in clear (ID numbers, phones, addresses).
    pub async fn audit_identity_views(&self, user: &CurrentUser, views: &[CaseView]) -> Result<()> {
        let shown: Vec<&str> = views
            .iter()
            .filter(|v| {
                v.petitioners.iter().any(|p| {
                    p.id_number.as_deref().is_some_and(|i| !i.contains('*')) || p.address.is_some()
                })
            })
            .map(|v| v.number.as_str())
            .collect();
        if !shown.is_empty() {
            self.audit_soon(user, "view.identity", &shown.join(","));
        }
        // The content of an accusation is as protected as its reporter (DOMAIN.md §12 #20).
        let accusations: Vec<&str> = views
            .iter()
            .filter(|v| {
                v.petition_type == PetitionType::Accusation
                    || v.flags.contains(&Flag::Whistleblower)
            })
            .map(|v| v.number.as_str())
            .collect();
        if !accusations.is_empty() {
            self.audit_soon(user, "view.accusation", &accusations.join(","));
        }
        Ok(())
    }

    #[tracing::instrument(name = "app.timeline", skip_all, fields(user_id = user.id, case_id = id))]
    pub async fn timeline(&self, user: &CurrentUser, id: CaseId) -> Result<Vec<TimelineView>> {
        self.visible_case(user, id).await?;
        Ok(self
            .store
            .timeline(id)
            .await?
            .iter()
            .map(TimelineView::from)
            .collect())
    }

    /// The visibility scope of a user.
    pub fn scope_of(&self, user: &CurrentUser) -> Scope {
        let actor = user.actor();
        if !actor.works_cases() {
            return Scope::Nothing;
        }
        let org = self.org();
        // Even the root's users read through `case_scope` (every case has a row under the
        // root): its indexes carry every filter and order, where `cases` has only some.
        Scope::Subtree(huiyin_core::policy::visibility_root(&actor, &org))
    }

    /// A page of a statistics drill-down (scorecard, 研判): the cases of `ids`, which the store
    /// chose through the reader's firewall, asked the one visibility rule again anyway, with
    /// their identity views audited.
    pub(crate) async fn drill_down_page(
        &self,
        user: &CurrentUser,
        ids: &[CaseId],
        total: i64,
        page: u32,
        per_page: u32,
    ) -> Result<CaseList> {
        let mut items = Vec::with_capacity(ids.len());
        for rec in self.store.case_records(ids).await? {
            if self.may_see(user, &rec) {
                items.push(self.case_view(&rec, user));
            }
        }
        self.audit_identity_views(user, &items).await?;
        Ok(CaseList {
            items,
            total,
            total_exact: true,
            page,
            per_page,
        })
    }

    /// The list of a search by case number: the case if it exists (`None`: no case has that
    /// number, so the query is searched as text), empty when the user may not see it.
    async fn case_by_number(
        &self,
        user: &CurrentUser,
        number: &str,
        per_page: Option<u32>,
    ) -> Result<Option<CaseList>> {
        let Some(id) = self.store.case_id_by_number(number).await? else {
            return Ok(None);
        };
        let mut items = Vec::new();
        for rec in self.store.case_records(&[id]).await? {
            if self.may_see(user, &rec) {
                items.push(self.case_view(&rec, user));
            }
        }
        self.audit_identity_views(user, &items).await?;
        Ok(Some(CaseList {
            total: items.len() as i64,
            items,
            total_exact: true,
            page: 1,
            per_page: per_page.unwrap_or(20),
        }))
    }

    #[tracing::instrument(name = "app.list_cases", skip_all, fields(user_id = user.id))]
    pub async fn list_cases(&self, user: &CurrentUser, q: CaseQuery) -> Result<CaseList> {
        let mut f = self.filter_for(user);
        f.statuses = q.statuses;
        if let Some(unit) = q.unit_id {
            let org = self.org();
            if org.get(unit).is_none() {
                return Err(DomainError::new(ErrorCode::UnitNotFound)
                    .field("unit_id")
                    .into());
            }
            f.handling_units = Some(org.subtree(unit));
            // Every case handled in the unit's subtree has been held by it, so when the unit
            // is inside the caller's scope the narrower scope is the same set, read as a
            // smaller index range.
            let inside = match &f.scope {
                Scope::Subtree(root) => org.subtree(*root).contains(&unit),
                _ => false,
            };
            if inside {
                f.scope = Scope::Subtree(unit);
            }
        }
        f.overdue = q.overdue;
        f.due_before = q.due_before;
        f.petition_type = q.petition_type;
        f.category = q.category;
        f.channel = q.channel;
        f.received_from = q.received_from;
        f.received_to = q.received_to;
        f.handler = q.handler.map(|h| match h {
            HandlerQuery::Me => HandlerFilter::User(user.id),
            HandlerQuery::Unallotted => HandlerFilter::Unallotted,
            HandlerQuery::User(id) => HandlerFilter::User(id),
        });
        if let Some(text) = q.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            if let Some(number) = crate::search_lookup::case_number(text)
                && let Some(found) = self.case_by_number(user, &number, q.per_page).await?
            {
                return Ok(found);
            }
            let parsed = huiyin_text::parse_query(text);
            let ring = self.store.keys().map(|k| k.ring());
            let key = crate::search_lookup::key_token_of(ring.as_deref(), text, self.today());
            match (
                huiyin_text::to_fts5(&parsed),
                huiyin_text::to_tsquery(&parsed),
                key,
            ) {
                (Some(fts5), Some(tsquery), None) => f.text = Some(FullText { fts5, tsquery }),
                (Some(fts5), Some(tsquery), Some(key)) => {
                    f.text = Some(FullText {
                        fts5: format!("(\"{key}\" OR ({fts5}))"),
                        tsquery: format!("({key} | ({tsquery}))"),
                    });
                }
                (_, _, Some(key)) => {
                    f.text = Some(FullText {
                        fts5: format!("\"{key}\""),
                        tsquery: key,
                    });
                }
                _ => {
                    return Ok(CaseList {
                        items: Vec::new(),
                        total: 0,
                        total_exact: true,
                        page: 1,
                        per_page: q.per_page.unwrap_or(20),
                    });
                }
            }
        }
        f.sort = match q.sort {
            ListSort::Newest => CaseSort::Newest,
            ListSort::ReceivedDesc => CaseSort::ReceivedDesc,
            ListSort::ReceivedAsc => CaseSort::ReceivedAsc,
            ListSort::DueAsc => CaseSort::DueAsc,
            ListSort::Id => CaseSort::IdAsc,
            ListSort::DueDesc => CaseSort::DueDesc,
            ListSort::StatusAsc => CaseSort::StatusAsc,
            ListSort::StatusDesc => CaseSort::StatusDesc,
        };
        f.page = q.page.unwrap_or(1).max(1);
        f.per_page = q.per_page.unwrap_or(20).clamp(1, 200);
        let page = self.store.list_cases(&f).await?;
        // A recused user's lists leave the case out (回避); the count still holds it.
        let items: Vec<CaseView> = page
            .items
            .iter()
            .filter(|r| !self.recused(user, r))
            .map(|r| self.case_view(r, user))
            .collect();
        self.audit_identity_views(user, &items).await?;
        Ok(CaseList {
            items,
            total: page.total,
            total_exact: page.total_exact,
            page: f.page,
            per_page: f.per_page,
        })
    }
}

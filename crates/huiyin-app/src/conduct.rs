//! Prohibited conduct at reception sites (Art. 26; issue 15 item 8) as use cases: case staff
//! record what a petitioner did at a site of their scope with the measures taken and any police
//! referral; the record joins the person's file. A reader sees a record when the site is in
//! their scope and they may open the case of the petitioner record it is about (so it never
//! reveals an accusation, nor its reporter, to the accused unit). Never on the portal.

use huiyin_core::Date;
use huiyin_core::conduct::{ConductForm, ConductKind, NewConduct};
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::permission::Permission;
use huiyin_core::policy::visibility_root;
use huiyin_store::ConductRecord;
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;

/// A kind of conduct with its words.
#[derive(Clone, Debug, Serialize)]
pub struct ConductKindView {
    pub kind: ConductKind,
    pub label: &'static str,
    pub label_en: &'static str,
}

/// A record as shown.
#[derive(Clone, Debug, Serialize)]
pub struct ConductView {
    pub id: i64,
    pub petitioner_id: i64,
    pub person_name: String,
    pub case_id: i64,
    pub case_number: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub on: Date,
    pub place: String,
    pub kinds: Vec<ConductKindView>,
    pub description: String,
    pub measures: String,
    pub police_referred: bool,
    pub police_unit: Option<String>,
    pub recorded_by_name: String,
    pub created_at: i64,
}

/// A page of records.
#[derive(Clone, Debug, Serialize)]
pub struct ConductList {
    pub unit_id: i64,
    pub from: Date,
    pub to: Date,
    pub items: Vec<ConductView>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

impl App {
    /// The records among `records` the user may see, as views, in the given order.
    pub(crate) async fn conduct_views(
        &self,
        user: &CurrentUser,
        records: &[ConductRecord],
    ) -> Result<Vec<ConductView>> {
        let org = self.org();
        let root = visibility_root(&user.actor(), &org);
        let ids: Vec<i64> = records.iter().map(|r| r.petitioner_id).collect();
        let rows = self.store.petitioner_rows(&ids).await?;
        let case_ids: Vec<i64> = records.iter().map(|r| r.case_id).collect();
        let views = self.visible_views(user, &case_ids).await?;
        let mut out = Vec::new();
        for r in records {
            let Some(view) = views.iter().find(|v| v.id == r.case_id) else {
                continue;
            };
            if !org.is_ancestor_or_self(root, r.unit_id) {
                continue;
            }
            let person_name = rows
                .iter()
                .find(|p| p.petitioner_id == r.petitioner_id)
                .and_then(|p| usize::try_from(p.position).ok())
                .and_then(|p| view.petitioners.get(p))
                .map(|p| p.name.clone())
                .unwrap_or_default();
            out.push(ConductView {
                id: r.id,
                petitioner_id: r.petitioner_id,
                person_name,
                case_id: r.case_id,
                case_number: view.number.clone(),
                unit_id: r.unit_id,
                unit_name: org
                    .get(r.unit_id)
                    .map(|u| u.name.clone())
                    .unwrap_or_default(),
                on: r.on,
                place: r.place.clone(),
                kinds: r
                    .kinds
                    .iter()
                    .map(|k| ConductKindView {
                        kind: *k,
                        label: k.zh(),
                        label_en: k.en(),
                    })
                    .collect(),
                description: r.description.clone(),
                measures: r.measures.clone(),
                police_referred: r.police_referred,
                police_unit: r.police_unit.clone(),
                recorded_by_name: r.recorded_by_name.clone(),
                created_at: r.created_at,
            });
        }
        Ok(out)
    }

    /// Records conduct about a petitioner record the user may open, at a unit of their scope.
    pub async fn record_conduct(
        &self,
        user: &CurrentUser,
        form: ConductForm,
    ) -> Result<ConductView> {
        let actor = user.actor();
        if !actor.works_cases() || !actor.may(Permission::HandleCases) {
            return Err(ErrorCode::RoleRequired.into());
        }
        let c = NewConduct::read(form, self.today())?;
        let (row, view) = self.visible_petitioner(user, c.petitioner_id).await?;
        let org = self.org();
        let unit_id = c.unit_id.unwrap_or(user.unit_id);
        if org.get(unit_id).is_none()
            || !org.is_ancestor_or_self(visibility_root(&actor, &org), unit_id)
        {
            return Err(DomainError::invalid(
                "unit_id",
                "发生地应为本单位或下级单位的接待场所",
                "a reception site of your unit or a unit below it",
            )
            .into());
        }
        let entry = self.audit_entry(
            Some(user),
            "",
            "conduct.record",
            "",
            "ok",
            &format!(
                "petitioner:{} unit={unit_id} kinds={} police={}",
                c.petitioner_id,
                c.kinds.len(),
                c.police_referred
            ),
        );
        let id = self
            .store
            .insert_conduct(
                &c,
                (&row.person_key, view.id, unit_id),
                (user.id, self.now_ms()),
                &entry,
            )
            .await?;
        self.conduct_record(user, id).await
    }

    /// One record the user may see.
    pub async fn conduct_record(&self, user: &CurrentUser, id: i64) -> Result<ConductView> {
        if !user.actor().works_cases() {
            return Err(ErrorCode::Forbidden.into());
        }
        let records: Vec<ConductRecord> = self.store.conduct(id).await?.into_iter().collect();
        match self.conduct_views(user, &records).await?.pop() {
            Some(v) => {
                self.audit_soon(user, "conduct.read", &format!("conduct:{id}"));
                Ok(v)
            }
            None => {
                let code = ErrorCode::ConductNotFound;
                self.audit_soon_with(
                    user,
                    "conduct.read",
                    &format!("conduct:{id}"),
                    code.as_str(),
                    "",
                );
                Err(code.into())
            }
        }
    }

    /// The records of the reception sites of a unit of the user's scope (and the units below
    /// it) in `[from, to]`, newest first.
    pub async fn conduct_list(
        &self,
        user: &CurrentUser,
        unit_id: Option<i64>,
        (from, to): (Date, Date),
        (page, per_page): (u32, u32),
    ) -> Result<ConductList> {
        let root = self.reader_root(user, unit_id)?;
        if from > to {
            return Err(DomainError::invalid(
                "from",
                "起始日期不能晚于截止日期",
                "from must not be after to",
            )
            .into());
        }
        let units = self.org().subtree(root);
        let records = self.store.conduct_at_units(&units, (from, to)).await?;
        let all = self.conduct_views(user, &records).await?;
        let page = page.max(1);
        let per_page = per_page.clamp(1, 200);
        let total = all.len() as i64;
        let items = all
            .into_iter()
            .skip((page as usize - 1) * per_page as usize)
            .take(per_page as usize)
            .collect();
        self.audit_soon_with(user, "conduct.list", "", "ok", &format!("total={total}"));
        Ok(ConductList {
            unit_id: root,
            from,
            to,
            items,
            total,
            page,
            per_page,
        })
    }
}

//! The 信访人档案 list of a scope (issue 15 item 2): the people behind the scope's petitions
//! since a day, those who petitioned most first, or the people matching an ID number or a name
//! and phone (a lookup) — counted through the reader's scope and firewall, so an accusation
//! the reader may not know of adds nothing to anyone's count.

use huiyin_core::Date;
use huiyin_core::error::DomainError;
use huiyin_core::org::UnitId;
use huiyin_store::PersonFilter;
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;

/// Which persons a list shows.
#[derive(Clone, Debug, Default)]
pub struct PersonQuery {
    /// A unit of the reader's scope (default: the reader's scope).
    pub unit_id: Option<UnitId>,
    /// Cases received from this day on (default: a year before today).
    pub from: Option<Date>,
    /// Only persons with at least this many cases (default 2; 1 with a lookup).
    pub min_cases: Option<i64>,
    pub id_number: Option<String>,
    pub name: Option<String>,
    pub phone: Option<String>,
}

/// One person in the list.
#[derive(Clone, Debug, Serialize)]
pub struct PersonListItem {
    /// The person's first record in the scope: `GET /api/v1/persons/{petitioner_id}`.
    pub petitioner_id: i64,
    pub name: String,
    pub cases: i64,
    pub last_received_on: Date,
}

/// A page of persons.
#[derive(Clone, Debug, Serialize)]
pub struct PersonList {
    pub unit_id: UnitId,
    pub from: Date,
    pub min_cases: i64,
    pub items: Vec<PersonListItem>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl App {
    /// The persons of the reader's scope (or of a unit in it), most cases first.
    pub async fn persons(
        &self,
        user: &CurrentUser,
        q: &PersonQuery,
        page: u32,
        per_page: u32,
    ) -> Result<PersonList> {
        let root = self.reader_root(user, q.unit_id)?;
        let (id_number, name, phone) = (given(&q.id_number), given(&q.name), given(&q.phone));
        if name.is_some() != phone.is_some() {
            return Err(DomainError::invalid(
                if name.is_some() { "phone" } else { "name" },
                "按姓名查找须同时填写姓名和联系电话",
                "a lookup by name needs both the name and the phone",
            )
            .into());
        }
        let mut filter = PersonFilter::default();
        if let Some(id_number) = id_number {
            filter
                .id_keys
                .extend(self.lookup_keys("", Some(id_number), None).0);
        }
        if let (Some(name), Some(phone)) = (name, phone) {
            filter
                .name_phone_keys
                .extend(self.lookup_keys(name, None, Some(phone)).1);
        }
        let lookup = id_number.is_some() || name.is_some();
        let min_cases = q.min_cases.unwrap_or(if lookup { 1 } else { 2 });
        if !(1..=10_000).contains(&min_cases) {
            return Err(DomainError::invalid(
                "min_cases",
                "信访件数下限应为1至10000",
                "min_cases must be 1 to 10000",
            )
            .into());
        }
        let today = self.today();
        let from = q.from.unwrap_or(if lookup {
            Date::from_ymd(1990, 1, 1).unwrap_or(today)
        } else {
            today.add_days(-365)
        });
        filter.from = Some(from);
        filter.min_cases = min_cases;
        let page = page.max(1);
        let per_page = per_page.clamp(1, 200);
        let (counts, total) =
            if lookup && filter.id_keys.is_empty() && filter.name_phone_keys.is_empty() {
                (Vec::new(), 0)
            } else {
                self.store
                    .persons_in_scope(
                        root,
                        &self.firewall_of(user),
                        &filter,
                        (
                            i64::from(per_page),
                            i64::from(page - 1) * i64::from(per_page),
                        ),
                    )
                    .await?
            };
        let ids: Vec<i64> = counts.iter().map(|c| c.petitioner_id).collect();
        let rows = self.store.petitioner_rows(&ids).await?;
        let case_ids: Vec<i64> = rows.iter().map(|r| r.case_id).collect();
        let views = self.visible_views(user, &case_ids).await?;
        let mut items = Vec::new();
        for c in counts {
            // The store counted through the firewall; the one visibility rule has the last word.
            let Some((row, view)) = rows
                .iter()
                .find(|r| r.petitioner_id == c.petitioner_id)
                .and_then(|r| views.iter().find(|v| v.id == r.case_id).map(|v| (r, v)))
            else {
                continue;
            };
            let name = usize::try_from(row.position)
                .ok()
                .and_then(|p| view.petitioners.get(p))
                .map(|p| p.name.clone())
                .unwrap_or_default();
            items.push(PersonListItem {
                petitioner_id: c.petitioner_id,
                name,
                cases: c.cases,
                last_received_on: c.last_received_on,
            });
        }
        self.audit_soon_with(
            user,
            "person.list",
            "",
            "ok",
            &format!("rows={}", items.len()),
        );
        Ok(PersonList {
            unit_id: root,
            from,
            min_cases,
            items,
            total,
            page,
            per_page,
        })
    }
}

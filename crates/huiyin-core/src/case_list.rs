//! A list of cases as asked for — the API's query string and the list page's filter form — read
//! into one [`CaseListForm`] and converted once into a [`CaseQuery`]. The API refuses a value
//! it cannot read (every such field at once); the page lists with the filters it could read and
//! shows the same messages beside them.

use serde::Deserialize;

use crate::case::Status;
use crate::date::Date;
use crate::error::DomainError;
use crate::kinds::{Channel, PetitionType};
use crate::org::UnitId;
use crate::wire::{Field, Problems};

crate::from_wire_by_parse!(ListSort);

macro_rules! list_sorts {
    ($($variant:ident => $wire:literal;)+) => {
        /// The order of a list.
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
        pub enum ListSort {
            /// Newest registered first (the default).
            #[default]
            $($variant,)+
        }
        impl ListSort {
            pub const ALL: &'static [ListSort] = &[$(ListSort::$variant,)+];
            pub fn as_str(self) -> &'static str { match self { $(ListSort::$variant => $wire,)+ } }
            pub fn parse(s: &str) -> Option<ListSort> { match s { $($wire => Some(ListSort::$variant),)+ _ => None } }
        }
    };
}

list_sorts! {
    Newest => "newest";
    ReceivedDesc => "received_desc";
    ReceivedAsc => "received_asc";
    DueAsc => "due_asc";
    Id => "id";
    DueDesc => "due_desc";
    StatusAsc => "status_asc";
    StatusDesc => "status_desc";
}

/// Characters of a full-text query read (the rest is dropped).
pub const MAX_QUERY_CHARS: usize = 256;

/// A list request in domain values.
#[derive(Clone, Debug, Default)]
pub struct CaseQuery {
    pub statuses: Vec<Status>,
    pub unit_id: Option<UnitId>,
    pub overdue: Option<bool>,
    pub due_before: Option<Date>,
    pub petition_type: Option<PetitionType>,
    pub category: Option<String>,
    pub channel: Option<Channel>,
    pub received_from: Option<Date>,
    pub received_to: Option<Date>,
    pub q: Option<String>,
    pub handler: Option<HandlerQuery>,
    pub sort: ListSort,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// The 承办人 a list asks for (`handler=me|none|<user id>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HandlerQuery {
    /// The caller's own cases.
    Me,
    /// Cases not yet allotted to anyone.
    Unallotted,
    /// Cases allotted to this user.
    User(i64),
}

impl HandlerQuery {
    pub fn parse(s: &str) -> Option<HandlerQuery> {
        match s.trim() {
            "me" => Some(HandlerQuery::Me),
            "none" => Some(HandlerQuery::Unallotted),
            n => n
                .parse::<i64>()
                .ok()
                .filter(|n| *n > 0)
                .map(HandlerQuery::User),
        }
    }
}

/// The filters as sent. Unknown parameters are ignored.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::IntoParams),
    into_params(parameter_in = Query)
)]
#[serde(default)]
pub struct CaseListForm {
    /// One status or several separated by commas.
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub status: Field<String>,
    /// Cases handled by this unit or the units below it.
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub unit_id: Field<i64>,
    /// true | false
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub overdue: Field<bool>,
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub due_before: Field<Date>,
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub petition_type: Field<PetitionType>,
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub category: Field<String>,
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub channel: Field<Channel>,
    /// YYYY-MM-DD (the list page's `from`).
    #[serde(alias = "from")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub received_from: Field<Date>,
    /// YYYY-MM-DD (the list page's `to`).
    #[serde(alias = "to")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub received_to: Field<Date>,
    /// Chinese full text over title, content, demands and petitioner names.
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub q: Field<String>,
    /// 承办人: `me`, `none` (not yet allotted) or a user id.
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub handler: Field<String>,
    /// `newest` (default: registration, newest first) | `id` (registration, oldest first) |
    /// `received_desc` | `received_asc` | `due_asc` (the next staff deadline, soonest first) |
    /// `due_desc` (latest deadline first; both deadline orders put the cases without one,
    /// concluded cases, last) | `status_asc` (the workflow's stages from 已登记 to 已办结, in
    /// a stage the soonest deadline first) | `status_desc` (exactly the reverse of
    /// `status_asc`).
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub sort: Field<ListSort>,
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub page: Field<u32>,
    /// 1 to 200 (default 20).
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub per_page: Field<u32>,
}

impl CaseListForm {
    /// The query of every filter that reads, and the problems of those that do not (by field,
    /// with the same codes and messages as [`CaseQuery::try_from`]).
    pub fn read(self) -> (CaseQuery, Option<DomainError>) {
        let mut p = Problems::default();
        let mut q = CaseQuery::default();
        for part in self.status.into_given().iter().flat_map(|s| s.split(',')) {
            match Status::parse(part.trim()) {
                Some(s) => q.statuses.push(s),
                None => p.add("status", "未知的状态", "unknown status"),
            }
        }
        let mut date = |name: &str, f: Field<Date>| match f {
            Field::Given(d) => Some(d),
            Field::Absent => None,
            Field::Invalid(_) => {
                p.add(name, "日期格式应为YYYY-MM-DD", "expected YYYY-MM-DD");
                None
            }
        };
        q.due_before = date("due_before", self.due_before);
        q.received_from = date("received_from", self.received_from);
        q.received_to = date("received_to", self.received_to);
        let positive = |p: &mut Problems, name: &str, f: Field<u32>| match f {
            Field::Given(n) if n > 0 => Some(n),
            Field::Absent => None,
            _ => {
                p.add(name, "应为正整数", "expected a positive integer");
                None
            }
        };
        q.page = positive(&mut p, "page", self.page);
        q.per_page = positive(&mut p, "per_page", self.per_page);
        q.unit_id = match self.unit_id {
            Field::Given(n) if n > 0 => Some(n),
            Field::Absent => None,
            _ => {
                p.add("unit_id", "应为正整数", "expected a positive integer");
                None
            }
        };
        q.overdue = match self.overdue {
            Field::Invalid(_) => {
                p.add("overdue", "应为 true 或 false", "expected true or false");
                None
            }
            f => f.into_given(),
        };
        q.petition_type = match self.petition_type {
            Field::Invalid(_) => {
                p.add("petition_type", "未知的信访类型", "unknown petition type");
                None
            }
            f => f.into_given(),
        };
        q.channel = match self.channel {
            Field::Invalid(_) => {
                p.add("channel", "未知的渠道", "unknown channel");
                None
            }
            f => f.into_given(),
        };
        q.sort = match self.sort {
            Field::Invalid(_) => {
                p.add(
                    "sort",
                    "排序方式应为 newest、id、received_desc、received_asc、due_asc、due_desc、status_asc 或 status_desc",
                    "one of newest, id, received_desc, received_asc, due_asc, due_desc, status_asc, status_desc",
                );
                ListSort::default()
            }
            f => f.into_given().unwrap_or_default(),
        };
        q.handler = match self.handler {
            Field::Given(h) => match HandlerQuery::parse(&h) {
                Some(h) => Some(h),
                None => {
                    p.add(
                        "handler",
                        "承办人应为 me、none 或用户编号",
                        "expected me, none or a user id",
                    );
                    None
                }
            },
            Field::Absent => None,
            Field::Invalid(_) => {
                p.add(
                    "handler",
                    "承办人应为 me、none 或用户编号",
                    "expected me, none or a user id",
                );
                None
            }
        };
        q.category = self.category.into_given();
        q.q = self
            .q
            .into_given()
            .map(|s| s.chars().take(MAX_QUERY_CHARS).collect());
        (q, p.finish(|| ()).err())
    }
}

impl TryFrom<CaseListForm> for CaseQuery {
    type Error = DomainError;

    /// The query, or every filter that does not read.
    fn try_from(f: CaseListForm) -> Result<CaseQuery, DomainError> {
        match f.read() {
            (q, None) => Ok(q),
            (_, Some(e)) => Err(e),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn form(json: &str) -> CaseListForm {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn unreadable_filters_are_reported_together_and_the_rest_still_reads() {
        let (q, e) = form(
            r#"{"status": "accepted,lost", "from": "2026-01-01", "to": "June", "page": "0",
            "channel": "visit", "overdue": "maybe", "sort": "due_asc"}"#,
        )
        .read();
        let mut fields: Vec<&str> = e
            .as_ref()
            .unwrap()
            .fields
            .iter()
            .map(|(k, _)| k.as_str())
            .collect();
        fields.sort_unstable();
        assert_eq!(fields, ["overdue", "page", "received_to", "status"]);
        assert_eq!(q.statuses, [Status::Accepted]);
        assert_eq!(q.received_from, Date::parse("2026-01-01").ok());
        assert_eq!(q.channel, Some(Channel::Visit));
        assert_eq!(q.sort, ListSort::DueAsc);
        assert!(CaseQuery::try_from(form(r#"{"page": "x"}"#)).is_err());
    }

    #[test]
    fn the_page_and_the_api_name_the_dates_alike_and_a_checkbox_reads_as_true() {
        let page = CaseQuery::try_from(form(r#"{"from": "2026-03-01", "overdue": "1"}"#)).unwrap();
        let api = CaseQuery::try_from(form(
            r#"{"received_from": "2026-03-01", "overdue": "true"}"#,
        ))
        .unwrap();
        assert_eq!(page.received_from, api.received_from);
        assert_eq!((page.overdue, api.overdue), (Some(true), Some(true)));
        for s in ListSort::ALL {
            assert_eq!(ListSort::parse(s.as_str()), Some(*s));
        }
    }
}

//! Statistics breakdowns as use cases (issue 16 item 1; CONTRACT `GET /api/v1/stats/breakdown`):
//! the petitions of a unit of the reader's scope received in a period, counted by month,
//! category, region, unit complained about, handling unit, channel, type, outcome or stage,
//! each figure beside the same period a year before, and the cases behind any figure. The
//! reader's firewall applies to every count and every drill-down.

use std::collections::HashMap;

use huiyin_core::Date;
use huiyin_core::case::Status;
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::kinds::{BreakdownBy, Channel, Outcome, PetitionType};
use huiyin_core::org::{OrgTree, UnitId, UnitKind};
use huiyin_store::{BreakdownFilter, KeyCount, KeyMatch};
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;
use crate::query::CaseList;

/// The most months one breakdown by month lists (ten years).
const MAX_MONTHS: usize = 120;
/// The key of cases with no written decision yet under `outcome`.
pub const NO_OUTCOME: &str = "none";

/// What a breakdown counts.
#[derive(Clone, Debug)]
pub struct BreakdownQuery {
    pub by: BreakdownBy,
    /// A unit of the reader's scope (default: the reader's own scope).
    pub unit_id: Option<UnitId>,
    pub from: Date,
    pub to: Date,
    pub petition_type: Option<PetitionType>,
    pub channel: Option<Channel>,
    /// This category or any below it.
    pub category: Option<String>,
}

/// One figure.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct BreakdownItem {
    pub key: String,
    pub label: String,
    pub label_en: String,
    pub count: i64,
    /// The same key over the same days a year before.
    pub last_year: i64,
}

/// A breakdown.
#[derive(Clone, Debug, Serialize)]
pub struct BreakdownView {
    pub by: BreakdownBy,
    pub unit_id: UnitId,
    pub from: Date,
    pub to: Date,
    pub last_year_from: Date,
    pub last_year_to: Date,
    pub total: i64,
    pub last_year_total: i64,
    pub items: Vec<BreakdownItem>,
}

/// The same day a year before (29 February: the 28th).
pub fn a_year_before(d: Date) -> Date {
    let (y, m, day) = d.ymd();
    Date::from_ymd(y - 1, m, day)
        .or_else(|| Date::from_ymd(y - 1, m, day.saturating_sub(1)))
        .unwrap_or(d.add_days(-365))
}

/// The units a region breakdown groups by: those directly below `root` that are not beside
/// it (not a 信访 office or a department of the body itself).
fn regions(org: &OrgTree, root: UnitId) -> Vec<UnitId> {
    org.children(root)
        .iter()
        .copied()
        .filter(|u| {
            org.get(*u)
                .is_some_and(|u| !u.kind.is_beside() && u.kind != UnitKind::PetitionOffice)
        })
        .collect()
}

/// The months `YYYY-MM` from `from` to `to`, at most [`MAX_MONTHS`].
fn months(from: Date, to: Date) -> Vec<String> {
    let (mut y, mut m, _) = from.ymd();
    let (ty, tm, _) = to.ymd();
    let mut out = Vec::new();
    while (y, m) <= (ty, tm) && out.len() < MAX_MONTHS {
        out.push(format!("{y:04}-{m:02}"));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

impl App {
    fn breakdown_filter(&self, q: &BreakdownQuery, from: Date, to: Date) -> BreakdownFilter {
        BreakdownFilter {
            from,
            to,
            petition_type: q.petition_type.map(|t| t.as_str().to_owned()),
            channel: q.channel.map(|c| c.as_str().to_owned()),
            category: q.category.clone(),
        }
    }

    /// The reader's root for `q`, with the period and category checked.
    fn breakdown_root(&self, user: &CurrentUser, q: &BreakdownQuery) -> Result<UnitId> {
        let root = self.reader_root(user, q.unit_id)?;
        if q.from > q.to {
            return Err(DomainError::invalid(
                "from",
                "起始日期不能晚于截止日期",
                "from must not be after to",
            )
            .into());
        }
        if let Some(c) = &q.category
            && !self.categories().contains(c)
        {
            return Err(DomainError::invalid("category", "分类不存在", "no such category").into());
        }
        Ok(root)
    }

    /// Counts under `root` per key of `q.by`, regions folded from the units complained about.
    async fn keyed_counts(
        &self,
        user: &CurrentUser,
        root: UnitId,
        q: &BreakdownQuery,
        (from, to): (Date, Date),
    ) -> Result<HashMap<String, i64>> {
        let counts = self
            .store
            .breakdown_counts(
                root,
                &self.firewall_of(user),
                &self.breakdown_filter(q, from, to),
                q.by,
            )
            .await?;
        let mut out: HashMap<String, i64> = HashMap::new();
        if q.by == BreakdownBy::Region {
            let org = self.org();
            let regions = regions(&org, root);
            for KeyCount { key, count } in counts {
                let unit = key.parse::<UnitId>().unwrap_or(root);
                let region = regions
                    .iter()
                    .copied()
                    .find(|r| org.is_ancestor_or_self(*r, unit))
                    .unwrap_or(root);
                *out.entry(region.to_string()).or_default() += count;
            }
        } else {
            for KeyCount { key, count } in counts {
                *out.entry(key).or_default() += count;
            }
        }
        Ok(out)
    }

    /// The words of a key under `by` (Chinese, English).
    fn breakdown_label(&self, by: BreakdownBy, root: UnitId, key: &str) -> (String, String) {
        let unit = || {
            let org = self.org();
            let id = key.parse::<UnitId>().unwrap_or(0);
            let name = org.get(id).map(|u| u.name.clone()).unwrap_or_default();
            if by == BreakdownBy::Region && id == root {
                (format!("{name}（本级及直属）"), format!("{name} (itself)"))
            } else {
                (name.clone(), name)
            }
        };
        let words = |zh: Option<&str>, en: Option<&str>| {
            (zh.unwrap_or(key).to_owned(), en.unwrap_or(key).to_owned())
        };
        match by {
            BreakdownBy::Month => words(None, None),
            BreakdownBy::Category | BreakdownBy::Field => {
                let cats = self.categories();
                let c = cats.get(key);
                words(c.map(|c| c.name_zh.as_str()), c.map(|c| c.name_en.as_str()))
            }
            BreakdownBy::Region | BreakdownBy::Unit | BreakdownBy::HandlingUnit => unit(),
            BreakdownBy::Channel => {
                let c = Channel::parse(key);
                words(c.map(Channel::zh), c.map(Channel::en))
            }
            BreakdownBy::Type => {
                let t = PetitionType::parse(key);
                words(t.map(PetitionType::zh), t.map(PetitionType::en))
            }
            BreakdownBy::Outcome if key == NO_OUTCOME => {
                words(Some("尚未出具意见"), Some("No decision yet"))
            }
            BreakdownBy::Outcome => {
                let o = Outcome::parse(key);
                words(o.map(Outcome::zh), o.map(Outcome::en))
            }
            BreakdownBy::Stage => {
                let s = Status::parse(key);
                words(s.map(Status::zh), s.map(Status::en))
            }
        }
    }

    /// The breakdown of `q` as `user` may count it.
    #[tracing::instrument(name = "app.breakdown", skip_all, fields(user_id = user.id, by = %q.by))]
    pub async fn breakdown(&self, user: &CurrentUser, q: &BreakdownQuery) -> Result<BreakdownView> {
        let root = self.breakdown_root(user, q)?;
        let (last_from, last_to) = (a_year_before(q.from), a_year_before(q.to));
        let (now, before) = tokio::try_join!(
            self.keyed_counts(user, root, q, (q.from, q.to)),
            self.keyed_counts(user, root, q, (last_from, last_to)),
        )?;
        let mut keys: Vec<String> = now.keys().cloned().collect();
        if q.by == BreakdownBy::Month {
            // Every month of the period, empty ones too; last year's months sit beside theirs.
            keys = months(q.from, q.to);
        }
        let mut items: Vec<BreakdownItem> = keys
            .into_iter()
            .map(|key| {
                let last_year = match q.by {
                    BreakdownBy::Month => {
                        let year = key
                            .get(..4)
                            .and_then(|y| y.parse::<i32>().ok())
                            .unwrap_or(0);
                        let month = key.get(5..).unwrap_or("");
                        before.get(&format!("{:04}-{month}", year - 1)).copied()
                    }
                    _ => before.get(&key).copied(),
                }
                .unwrap_or(0);
                let (label, label_en) = self.breakdown_label(q.by, root, &key);
                BreakdownItem {
                    count: now.get(&key).copied().unwrap_or(0),
                    key,
                    label,
                    label_en,
                    last_year,
                }
            })
            .collect();
        if q.by != BreakdownBy::Month {
            items.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
        }
        Ok(BreakdownView {
            by: q.by,
            unit_id: root,
            from: q.from,
            to: q.to,
            last_year_from: last_from,
            last_year_to: last_to,
            total: now.values().sum(),
            last_year_total: before.values().sum(),
            items,
        })
    }

    /// The cases behind one figure of a breakdown (`key` under `q.by`), newest first.
    #[tracing::instrument(name = "app.breakdown_cases", skip_all, fields(user_id = user.id))]
    pub async fn breakdown_cases(
        &self,
        user: &CurrentUser,
        q: &BreakdownQuery,
        key: &str,
        page: u32,
        per_page: u32,
    ) -> Result<CaseList> {
        let root = self.breakdown_root(user, q)?;
        let (mut from, mut to) = (q.from, q.to);
        let matching = match q.by {
            BreakdownBy::Region => {
                let org = self.org();
                let Some(unit) = key.parse::<UnitId>().ok().filter(|u| org.get(*u).is_some())
                else {
                    return Err(DomainError::new(ErrorCode::UnitNotFound)
                        .field("key")
                        .into());
                };
                let regions = regions(&org, root);
                let units = if unit == root {
                    org.subtree(root)
                        .into_iter()
                        .filter(|u| !regions.iter().any(|r| org.is_ancestor_or_self(*r, *u)))
                        .collect()
                } else if regions.contains(&unit) {
                    org.subtree(unit)
                } else {
                    Vec::new()
                };
                KeyMatch::ConcernedUnits(units)
            }
            BreakdownBy::Month => {
                // A month's cases: the days of that month within the period.
                let first = Date::parse(&format!("{key}-01")).map_err(|_| {
                    DomainError::invalid("key", "月份应为 YYYY-MM", "a month, YYYY-MM")
                })?;
                from = from.max(first);
                to = to.min(first.last_of_month());
                KeyMatch::Equals(key.to_owned())
            }
            _ => KeyMatch::Equals(key.to_owned()),
        };
        let page = page.max(1);
        let per_page = per_page.clamp(1, 200);
        let (ids, total) = if from > to {
            (Vec::new(), 0)
        } else {
            self.store
                .breakdown_case_ids(
                    root,
                    &self.firewall_of(user),
                    (&self.breakdown_filter(q, from, to), q.by, &matching),
                    i64::from(per_page),
                    i64::from(page - 1) * i64::from(per_page),
                )
                .await?
        };
        self.drill_down_page(user, &ids, total, page, per_page)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap_or(Date::from_days(0))
    }

    #[test]
    fn a_year_before_keeps_the_day_and_steps_off_29_february() {
        assert_eq!(a_year_before(d("2026-03-15")), d("2025-03-15"));
        assert_eq!(a_year_before(d("2028-02-29")), d("2027-02-28"));
    }

    #[test]
    fn months_cover_the_period_across_a_new_year() {
        assert_eq!(
            months(d("2025-11-20"), d("2026-02-03")),
            ["2025-11", "2025-12", "2026-01", "2026-02"]
        );
        assert_eq!(months(d("2026-03-01"), d("2026-03-31")), ["2026-03"]);
    }
}

//! 研判 (analysis; issue 13 item 4) as use cases: for a unit of the reader's scope and the last
//! complete weeks, the open warnings by level, the weekly trend of each matter category with
//! its expected band (the spike rule's EARS bound over the weeks before), the schools and
//! matters petitioned about most, and a table by region (the units directly below) against the
//! same number of weeks before. Every figure names the query of the cases behind it
//! (`analysis_cases`). The reader's firewall applies to every count.

use std::collections::HashMap;

use huiyin_core::Date;
use huiyin_core::detect::ears;
use huiyin_core::error::DomainError;
use huiyin_core::org::{UnitId, UnitKind};
use huiyin_core::warning::{WarningFilter, WarningLevel, WarningStatus, week_of, week_start};
use huiyin_store::MatterFilter;
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;
use crate::query::CaseList;

/// Weeks the page reads when not told (a quarter).
pub const DEFAULT_WEEKS: u32 = 12;
/// The most schools and matters listed.
const TOP: usize = 10;

/// What the page reads: whose petitions, how many complete weeks back.
#[derive(Clone, Copy, Debug, Default)]
pub struct AnalysisQuery {
    pub unit_id: Option<UnitId>,
    pub weeks: Option<u32>,
}

/// How many warnings of a level wait for acknowledgement.
#[derive(Clone, Debug, Serialize)]
pub struct LevelCount {
    pub level: WarningLevel,
    pub open: i64,
    pub escalated: i64,
}

/// One week of a category's trend: the count, and the band the weeks before give.
#[derive(Clone, Debug, Serialize)]
pub struct TrendPoint {
    /// The Monday of the week.
    pub week: Date,
    pub count: i64,
    /// The mean of the baseline weeks, and the EARS upper bound (absent without history).
    pub expected: Option<f64>,
    pub upper: Option<f64>,
    pub above: bool,
}

/// A top-level category's weekly counts.
#[derive(Clone, Debug, Serialize)]
pub struct CategoryTrend {
    pub category: String,
    pub name_zh: String,
    pub name_en: String,
    pub total: i64,
    pub points: Vec<TrendPoint>,
}

/// A unit or a category with its count in the period.
#[derive(Clone, Debug, Serialize)]
pub struct Figure {
    /// A unit id or a category code.
    pub key: String,
    pub name_zh: String,
    pub name_en: String,
    pub count: i64,
}

/// A row of the region table: a unit directly below (or the unit itself for what concerns
/// it directly), this period and the one before.
#[derive(Clone, Debug, Serialize)]
pub struct RegionRow {
    pub unit_id: UnitId,
    pub unit_name: String,
    pub count: i64,
    pub previous: i64,
    /// The category with most petitions in the period, by its Chinese name.
    pub top_category: Option<String>,
}

/// The 研判 page's figures.
#[derive(Clone, Debug, Serialize)]
pub struct AnalysisView {
    pub unit_id: UnitId,
    pub unit_name: String,
    /// The period: the Monday of the first complete week, the Sunday of the last.
    pub from: Date,
    pub to: Date,
    /// The same number of weeks just before.
    pub previous_from: Date,
    pub total: i64,
    pub warnings: Vec<LevelCount>,
    pub trends: Vec<CategoryTrend>,
    pub top_units: Vec<Figure>,
    pub top_matters: Vec<Figure>,
    pub regions: Vec<RegionRow>,
}

/// The cases behind a figure (the drill-down), all within the reader's scope.
#[derive(Clone, Debug, Default)]
pub struct AnalysisCasesQuery {
    pub unit_id: Option<UnitId>,
    /// About this unit or any below it.
    pub concerned_unit_id: Option<UnitId>,
    /// In this category or below it.
    pub category: Option<String>,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

fn top_category(code: &str) -> &str {
    code.split('.').next().unwrap_or(code)
}

impl App {
    /// The figures of the 研判 page.
    #[tracing::instrument(name = "app.analysis", skip_all, fields(user_id = user.id))]
    pub async fn analysis(&self, user: &CurrentUser, q: AnalysisQuery) -> Result<AnalysisView> {
        let root = self.reader_root(user, q.unit_id)?;
        let weeks = q.weeks.unwrap_or(DEFAULT_WEEKS);
        if !(4..=104).contains(&weeks) {
            return Err(
                DomainError::invalid("weeks", "周数应在 4 到 104 之间", "weeks: 4 to 104").into(),
            );
        }
        let weeks = i32::try_from(weeks).unwrap_or(12);
        let last = week_of(self.today()) - 1;
        let first = last - weeks + 1;
        let control = self.warning_rules.spike.ears_control();
        let lag = i32::try_from(control.lag()).unwrap_or(9);
        // The band needs the weeks before; the region table the period before.
        let history_from = first - lag.max(weeks);
        let counts = self
            .store
            .scope_matter_day_counts(
                root,
                &self.firewall_of(user),
                week_start(history_from),
                week_start(last).add_days(6),
            )
            .await?;
        let org = self.org();
        let categories = self.categories();
        let span = usize::try_from(last - history_from + 1).unwrap_or(0);
        let in_period = |d: Date| week_of(d) >= first;
        let mut weekly: HashMap<&str, Vec<f64>> = HashMap::new();
        let mut units: HashMap<UnitId, i64> = HashMap::new();
        let mut matters: HashMap<&str, i64> = HashMap::new();
        let children: Vec<UnitId> = org
            .children(root)
            .iter()
            .copied()
            .filter(|u| {
                org.get(*u)
                    .is_some_and(|u| !u.kind.is_beside() && u.kind != UnitKind::PetitionOffice)
            })
            .collect();
        let region_of = |unit: UnitId| {
            children
                .iter()
                .copied()
                .find(|c| org.is_ancestor_or_self(*c, unit))
                .unwrap_or(root)
        };
        let mut regions: HashMap<UnitId, (i64, i64, HashMap<&str, i64>)> = HashMap::new();
        let mut total = 0;
        for c in &counts {
            let Ok(i) = usize::try_from(week_of(c.received_on) - history_from) else {
                continue;
            };
            if let Some(w) = weekly
                .entry(top_category(&c.category))
                .or_insert_with(|| vec![0.0; span])
                .get_mut(i)
            {
                *w += c.count as f64;
            }
            let region = regions.entry(region_of(c.concerned_unit_id)).or_default();
            if in_period(c.received_on) {
                total += c.count;
                *units.entry(c.concerned_unit_id).or_default() += c.count;
                *matters.entry(c.category.as_str()).or_default() += c.count;
                region.0 += c.count;
                *region.2.entry(c.category.as_str()).or_default() += c.count;
            } else if week_of(c.received_on) >= first - weeks {
                region.1 += c.count;
            }
        }
        let judged_from = usize::try_from(first - history_from).unwrap_or(0);
        // As in the spike scan, the weeks before the first petition on record are no history:
        // the band starts once enough weeks after it exist.
        let known_from = counts
            .iter()
            .map(|c| c.received_on)
            .min()
            .and_then(|d| usize::try_from(week_of(d) - history_from).ok())
            .unwrap_or(0)
            .min(span);
        let mut trends: Vec<CategoryTrend> = weekly
            .iter()
            .map(|(code, series)| {
                let judged = ears(&series[known_from..], &control);
                let points: Vec<TrendPoint> = (judged_from..span)
                    .map(|t| {
                        let point = judged.iter().find(|p| p.index + known_from == t);
                        let gap = control.lag() - control.baseline;
                        let expected = t
                            .checked_sub(control.lag())
                            .filter(|from| *from >= known_from)
                            .map(|from| {
                                series[from..t - gap].iter().sum::<f64>() / control.baseline as f64
                            });
                        TrendPoint {
                            week: week_start(history_from + i32::try_from(t).unwrap_or(0)),
                            count: series[t] as i64,
                            expected,
                            upper: point.and_then(|p| p.upperbound),
                            above: point.is_some_and(|p| p.alarm),
                        }
                    })
                    .collect();
                let cat = categories.get(code);
                CategoryTrend {
                    category: (*code).to_owned(),
                    name_zh: cat.map_or_else(|| (*code).to_owned(), |c| c.name_zh.clone()),
                    name_en: cat.map_or_else(|| (*code).to_owned(), |c| c.name_en.clone()),
                    total: points.iter().map(|p| p.count).sum(),
                    points,
                }
            })
            .filter(|t| t.total > 0)
            .collect();
        trends.sort_by(|a, b| b.total.cmp(&a.total).then(a.category.cmp(&b.category)));
        let unit_name = |u: UnitId| org.get(u).map(|u| u.name.clone()).unwrap_or_default();
        let top_units = top(units.into_iter().map(|(u, n)| {
            let name = unit_name(u);
            (u.to_string(), name.clone(), name, n)
        }));
        let top_matters = top(matters.into_iter().map(|(code, n)| {
            let cat = categories.get(code);
            (
                code.to_owned(),
                cat.map_or_else(|| code.to_owned(), |c| c.name_zh.clone()),
                cat.map_or_else(|| code.to_owned(), |c| c.name_en.clone()),
                n,
            )
        }));
        let mut rows: Vec<RegionRow> = regions
            .into_iter()
            .map(|(unit, (count, previous, cats))| RegionRow {
                unit_id: unit,
                unit_name: unit_name(unit),
                count,
                previous,
                top_category: cats
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
                    .map(|(code, _)| {
                        categories
                            .get(code)
                            .map_or_else(|| code.to_owned(), |c| c.name_zh.clone())
                    }),
            })
            .collect();
        rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.unit_id.cmp(&b.unit_id)));
        Ok(AnalysisView {
            unit_id: root,
            unit_name: unit_name(root),
            from: week_start(first),
            to: week_start(last).add_days(6),
            previous_from: week_start(first - weeks),
            total,
            warnings: self.waiting_warnings_by_level(user, root).await?,
            trends,
            top_units,
            top_matters,
            regions: rows,
        })
    }

    /// Open and escalated warnings of each level the reader may see, red first.
    async fn waiting_warnings_by_level(
        &self,
        user: &CurrentUser,
        root: UnitId,
    ) -> Result<Vec<LevelCount>> {
        let unit_id = (Some(root) != self.reader_root(user, None).ok()).then_some(root);
        let mut out = Vec::new();
        for level in WarningLevel::ALL.iter().rev().copied() {
            let count = |status| WarningFilter {
                status: Some(status),
                level: Some(level),
                unit_id,
                ..WarningFilter::default()
            };
            let open = self
                .warnings(user, count(WarningStatus::Open), 1, 1)
                .await?
                .total;
            let escalated = self
                .warnings(user, count(WarningStatus::Escalated), 1, 1)
                .await?
                .total;
            out.push(LevelCount {
                level,
                open,
                escalated,
            });
        }
        Ok(out)
    }

    /// The cases behind a figure of the 研判 page, newest first.
    #[tracing::instrument(name = "app.analysis_cases", skip_all, fields(user_id = user.id))]
    pub async fn analysis_cases(
        &self,
        user: &CurrentUser,
        q: AnalysisCasesQuery,
        page: u32,
        per_page: u32,
    ) -> Result<CaseList> {
        let root = self.reader_root(user, q.unit_id)?;
        let today = self.today();
        let from = q.from.unwrap_or(today.add_days(-84));
        let to = q.to.unwrap_or(today);
        if from > to {
            return Err(DomainError::invalid(
                "from",
                "起始日期不能晚于截止日期",
                "from must not be after to",
            )
            .into());
        }
        let org = self.org();
        let concerned_units = match q.concerned_unit_id {
            None => Vec::new(),
            Some(u) if org.get(u).is_some() => org.subtree(u),
            Some(_) => {
                return Err(
                    DomainError::new(huiyin_core::error::ErrorCode::UnitNotFound)
                        .field("concerned_unit_id")
                        .into(),
                );
            }
        };
        if let Some(c) = &q.category
            && !self.categories().contains(c)
        {
            return Err(DomainError::invalid("category", "分类不存在", "no such category").into());
        }
        let page = page.max(1);
        let per_page = per_page.clamp(1, 200);
        let filter = MatterFilter {
            concerned_units,
            category: q.category.clone(),
        };
        let (ids, total) = self
            .store
            .scope_matter_case_ids(
                root,
                &self.firewall_of(user),
                &filter,
                (from, to),
                i64::from(per_page),
                i64::from(page - 1) * i64::from(per_page),
            )
            .await?;
        self.drill_down_page(user, &ids, total, page, per_page)
            .await
    }
}

/// The largest figures first (ties by key), at most `TOP`.
fn top(figures: impl Iterator<Item = (String, String, String, i64)>) -> Vec<Figure> {
    let mut all: Vec<Figure> = figures
        .map(|(key, name_zh, name_en, count)| Figure {
            key,
            name_zh,
            name_en,
            count,
        })
        .collect();
    all.sort_by(|a, b| b.count.cmp(&a.count).then(a.key.cmp(&b.key)));
    all.truncate(TOP);
    all
}

//! Open government (政务公开): the public statistics by month, category and region with the
//! headline rates, and the time limits in force for the guide — read from the rules, never
//! written by hand.

use std::collections::BTreeMap;

use huiyin_core::Date;
use huiyin_core::kpi::Rate;
use huiyin_core::region::RegionTable;
use huiyin_core::rules::Period;
use huiyin_store::Scope;
use serde::Serialize;

use crate::context::App;
use crate::error::Result;

/// A label and a count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NamedCount {
    pub name: String,
    pub count: i64,
}

/// The public statistics for a period.
#[derive(Clone, Debug, Serialize)]
pub struct Disclosure {
    pub from: Date,
    pub to: Date,
    pub total: i64,
    pub by_month: Vec<NamedCount>,
    pub by_category: Vec<NamedCount>,
    pub by_region: Vec<NamedCount>,
    pub rates: Vec<Rate>,
}

/// One time limit of the rules in force, for the guide.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GuideLimit {
    pub what: &'static str,
    pub period: String,
    pub basis: &'static str,
}

/// The rule set in force and its limits, for the guide.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GuideLimits {
    pub rule_name: String,
    pub source: String,
    pub effective_from: Date,
    pub limits: Vec<GuideLimit>,
}

fn period(p: Period) -> String {
    format!("{}个{}", p.days, p.count.zh())
}

fn sorted(map: BTreeMap<String, i64>, by_count: bool) -> Vec<NamedCount> {
    let mut v: Vec<NamedCount> = map
        .into_iter()
        .map(|(name, count)| NamedCount { name, count })
        .collect();
    if by_count {
        v.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
    }
    v
}

impl App {
    /// Statistics over cases received in `[from, to]` (whole system; counts only).
    #[tracing::instrument(name = "app.public_disclosure", skip_all)]
    pub async fn public_disclosure(&self, from: Date, to: Date) -> Result<Disclosure> {
        let rows = self.store.public_counts(from, to).await?;
        let cats = self.categories();
        let regions = RegionTable::official();
        let (mut months, mut by_cat, mut by_region) =
            (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
        let mut total = 0;
        for r in &rows {
            total += r.count;
            *months.entry(r.month.clone()).or_insert(0) += r.count;
            let mut code = r.category.as_str();
            while let Some(parent) = cats.get(code).and_then(|c| c.parent_code.as_deref()) {
                code = parent;
            }
            let cat = cats
                .get(code)
                .map(|c| c.name_zh.clone())
                .unwrap_or_else(|| "其他".to_owned());
            *by_cat.entry(cat).or_insert(0) += r.count;
            let region = regions.full_name(&r.region_code);
            let region = if region.is_empty() {
                r.region_code.clone()
            } else {
                region
            };
            *by_region.entry(region).or_insert(0) += r.count;
        }
        let counts = self
            .store
            .kpi_counts(&Scope::All, from, to, self.today())
            .await?;
        Ok(Disclosure {
            from,
            to,
            total,
            by_month: sorted(months, false),
            by_category: sorted(by_cat, true),
            by_region: sorted(by_region, true),
            rates: counts.rates(),
        })
    }

    /// The national time limits in force today.
    pub fn guide_limits(&self) -> GuideLimits {
        let rules = self.rules();
        let set = rules.for_region("", self.today());
        let l = &set.limits;
        let line = |what, period, basis| GuideLimit {
            what,
            period,
            basis,
        };
        GuideLimits {
            rule_name: set.name.clone(),
            source: set.source.clone(),
            effective_from: set.effective_from,
            limits: vec![
                line(
                    "收到信访事项后，决定转送、交办、受理或告知",
                    period(l.disposal),
                    "《信访工作条例》第二十二条、第二十三条",
                ),
                line(
                    "有权处理机关收到转送、交办事项后，书面告知是否受理",
                    period(l.acceptance_notice),
                    "《信访工作条例》第二十三条",
                ),
                line(
                    "受理后办结并出具信访处理意见书",
                    period(l.handling),
                    "《信访工作条例》第三十四条",
                ),
                line(
                    "情况复杂的，经批准可延长办理期限，最多",
                    format!("{}日", l.extension_max_days),
                    "《信访工作条例》第三十四条",
                ),
                line(
                    "对处理意见不服，请求上一级机关复查",
                    format!("收到处理意见书之日起{}", period(l.review_request)),
                    "《信访工作条例》第三十五条",
                ),
                line(
                    "复查机关提出复查意见",
                    period(l.review_decision),
                    "《信访工作条例》第三十五条",
                ),
                line(
                    "对复查意见不服，请求再上一级机关复核",
                    format!("收到复查意见书之日起{}", period(l.rereview_request)),
                    "《信访工作条例》第三十六条",
                ),
                line(
                    "复核机关提出复核意见（听证时间不计入）",
                    period(l.rereview_decision),
                    "《信访工作条例》第三十六条",
                ),
            ],
        }
    }
}

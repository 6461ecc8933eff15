//! The annual petition report (信访工作年度报告; XFGZTL-2022 Art. 41, DOMAIN.md §1.8, §12 #35;
//! issue 16 item 2) of a unit of the reader's scope for a year: the statistics (with the year
//! before beside), the fields involved, the bodies most complained about, the forwarding,
//! assignment and 督办 counts, the suggestions made in 督办 and adopted, and draft narrative
//! paragraphs a clerk edits before issuing. Every figure names the query of the cases behind
//! it; the reader's firewall applies to every count.

use huiyin_core::Date;
use huiyin_core::error::DomainError;
use huiyin_core::kinds::BreakdownBy;
use huiyin_core::kpi::Rate;
use huiyin_core::org::UnitId;
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::breakdown::{BreakdownItem, BreakdownQuery};
use crate::context::App;
use crate::error::Result;
use crate::supervision_stats::SupervisionUnitStats;

/// The most fields and bodies a report lists.
const TOP: usize = 10;

/// One figure of the report and where its cases are.
#[derive(Clone, Debug, Serialize)]
pub struct ReportFigure {
    pub key: String,
    pub label: String,
    pub count: i64,
    pub last_year: i64,
    /// The API query listing the cases behind the figure.
    pub cases: String,
}

/// One paragraph of the draft narrative.
#[derive(Clone, Debug, Serialize)]
pub struct ReportParagraph {
    pub heading: &'static str,
    pub text: String,
}

/// The report.
#[derive(Clone, Debug, Serialize)]
pub struct AnnualReport {
    pub unit_id: UnitId,
    pub unit_name: String,
    pub year: i32,
    pub from: Date,
    pub to: Date,
    pub generated_on: Date,
    pub total: i64,
    pub last_year_total: i64,
    pub by_month: Vec<ReportFigure>,
    pub by_channel: Vec<ReportFigure>,
    pub by_type: Vec<ReportFigure>,
    pub by_outcome: Vec<ReportFigure>,
    /// The fields involved (top-level categories), most first.
    pub fields: Vec<ReportFigure>,
    /// The bodies most complained about, most first.
    pub most_complained: Vec<ReportFigure>,
    pub rates: Vec<Rate>,
    /// 转送 and 交办 steps taken by the unit and the units below it in the year.
    pub forwarded: i64,
    pub assigned: i64,
    /// 督办 made in the year on cases of the unit's line, and how they were answered.
    pub supervision: SupervisionUnitStats,
    pub narrative: Vec<ReportParagraph>,
}

fn share(part: i64, whole: i64) -> String {
    if whole == 0 {
        return "0%".into();
    }
    format!("{:.1}%", part as f64 * 100.0 / whole as f64)
}

fn change(now: i64, before: i64) -> String {
    match (now, before) {
        (_, 0) => "上年同期无可比数据".into(),
        (n, b) if n >= b => format!("同比增长{:.1}%", (n - b) as f64 * 100.0 / b as f64),
        (n, b) => format!("同比下降{:.1}%", (b - n) as f64 * 100.0 / b as f64),
    }
}

/// "A（n件）、B（m件）" of the first `k` figures with a count.
fn listing(items: &[ReportFigure], k: usize) -> String {
    let named: Vec<String> = items
        .iter()
        .filter(|i| i.count > 0)
        .take(k)
        .map(|i| format!("{}（{}件）", i.label, i.count))
        .collect();
    if named.is_empty() {
        "无".into()
    } else {
        named.join("、")
    }
}

impl App {
    async fn report_figures(
        &self,
        user: &CurrentUser,
        root: UnitId,
        by: BreakdownBy,
        (from, to): (Date, Date),
    ) -> Result<(Vec<ReportFigure>, i64, i64)> {
        let q = BreakdownQuery {
            by,
            unit_id: Some(root),
            from,
            to,
            petition_type: None,
            channel: None,
            category: None,
        };
        let view = self.breakdown(user, &q).await?;
        let figures = view
            .items
            .into_iter()
            .map(|BreakdownItem { key, label, count, last_year, .. }| ReportFigure {
                cases: format!(
                    "/api/v1/stats/breakdown/cases?by={by}&key={key}&unit_id={root}&from={from}&to={to}"
                ),
                key,
                label,
                count,
                last_year,
            })
            .collect();
        Ok((figures, view.total, view.last_year_total))
    }

    /// The Art. 41 report of `unit_id` (default: the reader's scope) for `year`.
    #[tracing::instrument(name = "app.annual_report", skip_all, fields(user_id = user.id, year))]
    pub async fn annual_report(
        &self,
        user: &CurrentUser,
        unit_id: Option<UnitId>,
        year: i32,
    ) -> Result<AnnualReport> {
        let root = self.reader_root(user, unit_id)?;
        let today = self.today();
        let (Some(from), Some(to)) = (Date::from_ymd(year, 1, 1), Date::from_ymd(year, 12, 31))
        else {
            return Err(DomainError::invalid("year", "年度有误", "no such year").into());
        };
        if year < 2000 || from > today {
            return Err(DomainError::invalid(
                "year",
                "年度应在2000年至今年之间",
                "a year from 2000 to this year",
            )
            .into());
        }
        let period = (from, to);
        // The six breakdowns at once (each reads its own tally rows).
        let (
            (by_month, total, last_year_total),
            (by_channel, _, _),
            (by_type, _, _),
            (by_outcome, _, _),
            (mut fields, _, _),
            (mut most_complained, _, _),
        ) = tokio::try_join!(
            self.report_figures(user, root, BreakdownBy::Month, period),
            self.report_figures(user, root, BreakdownBy::Channel, period),
            self.report_figures(user, root, BreakdownBy::Type, period),
            self.report_figures(user, root, BreakdownBy::Outcome, period),
            self.report_figures(user, root, BreakdownBy::Field, period),
            self.report_figures(user, root, BreakdownBy::Unit, period),
        )?;
        fields.truncate(TOP);
        most_complained.truncate(TOP);
        let rates = self.rates(user, Some(root), from, to).await?.rates;
        let org = self.org();
        let steps = self
            .store
            .step_counts(
                root,
                &org.subtree(root),
                &self.firewall_of(user),
                &["forward", "assign"],
                period,
            )
            .await?;
        let steps_of = |a: &str| steps.iter().find(|(k, _)| k == a).map_or(0, |(_, n)| *n);
        let (forwarded, assigned) = (steps_of("forward"), steps_of("assign"));
        let supervision = self
            .supervision_stats(user, Some(root), from, to)
            .await?
            .total;
        let unit_name = org.get(root).map(|u| u.name.clone()).unwrap_or_default();
        let narrative = vec![
            ReportParagraph {
                heading: "一、信访事项总体情况",
                text: format!(
                    "{year}年，{unit_name}共登记信访事项{total}件，{}（上年{last_year_total}件）。按渠道分：{}。按类型分：{}。",
                    change(total, last_year_total),
                    listing(&by_channel, 8),
                    listing(&by_type, 3)
                ),
            },
            ReportParagraph {
                heading: "二、信访事项涉及的领域",
                text: format!("反映较多的领域依次为：{}。", listing(&fields, 5)),
            },
            ReportParagraph {
                heading: "三、被投诉较多的机关或者单位",
                text: format!("被反映较多的单位依次为：{}。", listing(&most_complained, 5)),
            },
            ReportParagraph {
                heading: "四、转送、交办、督办情况",
                text: format!(
                    "全年转送信访事项{forwarded}件，交办{assigned}件；发出督办、催办{}件（其中挂牌督办{}件），已反馈{}件，按时反馈{}件（{}），逾期未反馈{}件。",
                    supervision.orders,
                    supervision.listed,
                    supervision.answered,
                    supervision.answered_on_time,
                    share(supervision.answered_on_time, supervision.answered),
                    supervision.overdue
                ),
            },
            ReportParagraph {
                heading: "五、提出改进工作建议及采纳情况",
                text: format!(
                    "督办中提出改进工作建议，被督办单位书面反馈采纳{}件。（请补充其他改进工作建议及其采纳情况。）",
                    supervision.adopted
                ),
            },
            ReportParagraph {
                heading: "六、办理质效",
                text: rates
                    .iter()
                    .map(|r| match r.percent {
                        Some(p) => {
                            format!("{}{p:.1}%（{}/{}）", r.name_zh, r.numerator, r.denominator)
                        }
                        None => format!("{}：无可计算数据", r.name_zh),
                    })
                    .collect::<Vec<_>>()
                    .join("；")
                    + "。",
            },
            ReportParagraph {
                heading: "七、其他应当报告的事项",
                text: "（请填写。）".into(),
            },
        ];
        Ok(AnnualReport {
            unit_id: root,
            unit_name,
            year,
            from,
            to,
            generated_on: today,
            total,
            last_year_total,
            by_month,
            by_channel,
            by_type,
            by_outcome,
            fields,
            most_complained,
            rates,
            forwarded,
            assigned,
            supervision,
            narrative,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_and_shares_read_in_chinese() {
        assert_eq!(change(12, 10), "同比增长20.0%");
        assert_eq!(change(8, 10), "同比下降20.0%");
        assert_eq!(change(3, 0), "上年同期无可比数据");
        assert_eq!(share(1, 3), "33.3%");
        assert_eq!(share(0, 0), "0%");
    }
}

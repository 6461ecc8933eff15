//! Where an incident's reports stand, and a list of incidents as asked for (issue 13 item 3).
//!
//! [`ReportStanding::of`] is the one rule that judges a report owed — on time, late (迟报),
//! missing (漏报) or not yet due — for the badges of the incident pages, the statistics of
//! late and missing reports and the list's `report` filter alike, so that a figure and the
//! incidents listed behind it cannot disagree. [`IncidentListForm`] is the list's query as the
//! API and the list page send it, read once into an [`IncidentQuery`].

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::error::DomainError;
use crate::org::UnitId;
use crate::wire::{Field, Problems};

crate::case::wire_enum! {
    /// Where a report owed stands at a moment.
    ReportStanding {
        OnTime => "on_time", "按时", "On time";
        Late => "late", "迟报", "Late";
        Missing => "missing", "漏报", "Missing";
        Pending => "pending", "未到期", "Not yet due";
    }
}

impl ReportStanding {
    /// A report due at `due_at` (none: a follow-up 续报, which nobody owed, so no standing)
    /// and made at `reported_at`, judged at `now_ms`: made after its deadline is late (迟报);
    /// the deadline passed with nothing made is missing (漏报); made by the deadline is on
    /// time; not made and not yet due is pending.
    pub fn of(
        due_at: Option<i64>,
        reported_at: Option<i64>,
        now_ms: i64,
    ) -> Option<ReportStanding> {
        let due = due_at?;
        Some(match reported_at {
            Some(at) if at > due => ReportStanding::Late,
            Some(_) => ReportStanding::OnTime,
            None if now_ms > due => ReportStanding::Missing,
            None => ReportStanding::Pending,
        })
    }
}

/// Which incidents a list keeps by their reports: those owing any report, or those with at
/// least one report of a standing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFilter {
    Owed,
    Standing(ReportStanding),
}

impl ReportFilter {
    pub const ALL: &'static [ReportFilter] = &[
        ReportFilter::Owed,
        ReportFilter::Standing(ReportStanding::OnTime),
        ReportFilter::Standing(ReportStanding::Late),
        ReportFilter::Standing(ReportStanding::Missing),
        ReportFilter::Standing(ReportStanding::Pending),
    ];

    pub fn parse(s: &str) -> Option<ReportFilter> {
        match s {
            "owed" => Some(ReportFilter::Owed),
            s => ReportStanding::parse(s).map(ReportFilter::Standing),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ReportFilter::Owed => "owed",
            ReportFilter::Standing(s) => s.as_str(),
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            ReportFilter::Owed => "有应报报告",
            ReportFilter::Standing(ReportStanding::OnTime) => "有按时报告",
            ReportFilter::Standing(ReportStanding::Late) => "有迟报",
            ReportFilter::Standing(ReportStanding::Missing) => "有漏报",
            ReportFilter::Standing(ReportStanding::Pending) => "有未到期报告",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            ReportFilter::Owed => "Owing reports",
            ReportFilter::Standing(ReportStanding::OnTime) => "With a report on time",
            ReportFilter::Standing(ReportStanding::Late) => "With a late report",
            ReportFilter::Standing(ReportStanding::Missing) => "With a missing report",
            ReportFilter::Standing(ReportStanding::Pending) => "With a report not yet due",
        }
    }

    /// Whether an incident whose reports owed stand as `standings` is kept.
    pub fn admits(self, standings: &[ReportStanding]) -> bool {
        match self {
            ReportFilter::Owed => !standings.is_empty(),
            ReportFilter::Standing(s) => standings.contains(&s),
        }
    }
}

crate::from_wire_by_parse!(ReportFilter);

/// The instants `[from, to)` of the Beijing days `from` to `to`, both included: the period of
/// the statistics and of the list alike.
pub fn period_millis(from: Date, to: Date) -> (i64, i64) {
    (
        from.beijing_start_millis(),
        to.add_days(1).beijing_start_millis(),
    )
}

/// A list request in domain values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncidentQuery {
    pub report: Option<ReportFilter>,
    /// The first Beijing day the incidents occurred on.
    pub from: Option<Date>,
    /// The last Beijing day (included).
    pub to: Option<Date>,
    /// Incidents that occurred at exactly this unit.
    pub unit_id: Option<UnitId>,
    /// Incidents that occurred at this unit or below it.
    pub under: Option<UnitId>,
    pub page: u32,
    pub per_page: u32,
}

impl Default for IncidentQuery {
    fn default() -> Self {
        IncidentQuery {
            report: None,
            from: None,
            to: None,
            unit_id: None,
            under: None,
            page: 1,
            per_page: 20,
        }
    }
}

impl IncidentQuery {
    /// The instants of the period, each end open when not given.
    pub fn span_millis(&self) -> (Option<i64>, Option<i64>) {
        (
            self.from.map(Date::beijing_start_millis),
            self.to.map(|d| d.add_days(1).beijing_start_millis()),
        )
    }

    /// Whether any filter narrows the list.
    pub fn is_filtered(&self) -> bool {
        self.report.is_some()
            || self.from.is_some()
            || self.to.is_some()
            || self.unit_id.is_some()
            || self.under.is_some()
    }
}

/// The list's filters as sent. Unknown parameters are ignored.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::IntoParams),
    into_params(parameter_in = Query)
)]
#[serde(default)]
pub struct IncidentListForm {
    /// `owed` (the incidents owing any report) | `on_time` | `late` (迟报) | `missing` (漏报)
    /// | `pending` (not yet due): the incidents with at least one report owed of that standing.
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub report: Field<ReportFilter>,
    /// YYYY-MM-DD: occurred on this Beijing day or later.
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub from: Field<Date>,
    /// YYYY-MM-DD: occurred on this Beijing day or earlier.
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub to: Field<Date>,
    /// Occurred at exactly this unit (of the caller's scope).
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub unit_id: Field<i64>,
    /// Occurred at this unit (of the caller's scope) or a unit below it.
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub under: Field<i64>,
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub page: Field<u32>,
    /// 1 to 200 (default 20).
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>))]
    pub per_page: Field<u32>,
}

impl IncidentListForm {
    /// The query of every filter that reads, and the problems of those that do not (by
    /// field, one `validation` error).
    pub fn read(self) -> (IncidentQuery, Option<DomainError>) {
        let mut p = Problems::default();
        let report = match self.report {
            Field::Invalid(_) => {
                p.add(
                    "report",
                    "应为 owed、on_time、late、missing 或 pending",
                    "one of owed, on_time, late, missing, pending",
                );
                None
            }
            f => f.into_given(),
        };
        let date = |p: &mut Problems, name: &str, f: Field<Date>| match f {
            Field::Invalid(_) => {
                p.add(name, "日期格式应为YYYY-MM-DD", "expected YYYY-MM-DD");
                None
            }
            f => f.into_given(),
        };
        let mut from = date(&mut p, "from", self.from);
        let mut to = date(&mut p, "to", self.to);
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            p.add(
                "from",
                "起始日期不能晚于截止日期",
                "from must not be after to",
            );
            (from, to) = (None, None);
        }
        let unit = |p: &mut Problems, name: &str, f: Field<i64>| match f {
            Field::Given(n) if n > 0 => Some(n),
            Field::Absent => None,
            _ => {
                p.add(name, "应为单位编号", "expected a unit id");
                None
            }
        };
        let unit_id = unit(&mut p, "unit_id", self.unit_id);
        let under = unit(&mut p, "under", self.under);
        let number = |p: &mut Problems, name: &str, f: Field<u32>| match f {
            Field::Invalid(_) => {
                p.add(name, "应为正整数", "expected a positive integer");
                None
            }
            f => f.into_given(),
        };
        let page = number(&mut p, "page", self.page).unwrap_or(1).max(1);
        let per_page = number(&mut p, "per_page", self.per_page)
            .unwrap_or(20)
            .clamp(1, 200);
        let q = IncidentQuery {
            report,
            from,
            to,
            unit_id,
            under,
            page,
            per_page,
        };
        (q, p.finish(|| ()).err())
    }
}

impl TryFrom<IncidentListForm> for IncidentQuery {
    type Error = DomainError;

    /// The query, or every filter that does not read.
    fn try_from(f: IncidentListForm) -> Result<IncidentQuery, DomainError> {
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

    #[test]
    fn a_report_owed_stands_by_its_deadline() {
        use ReportStanding::*;
        assert_eq!(ReportStanding::of(Some(100), Some(150), 200), Some(Late));
        assert_eq!(ReportStanding::of(Some(100), Some(100), 200), Some(OnTime));
        assert_eq!(ReportStanding::of(Some(100), None, 200), Some(Missing));
        assert_eq!(ReportStanding::of(Some(100), None, 100), Some(Pending));
        assert_eq!(ReportStanding::of(None, Some(50), 200), None);
    }

    #[test]
    fn a_filter_keeps_incidents_with_a_report_of_its_standing() {
        use ReportStanding::*;
        let f = |s| ReportFilter::parse(s).unwrap();
        assert!(f("late").admits(&[OnTime, Late]));
        assert!(!f("missing").admits(&[OnTime, Late]));
        assert!(f("owed").admits(&[Pending]));
        assert!(!f("owed").admits(&[]));
        assert_eq!(ReportFilter::parse("soon"), None);
        for x in ReportFilter::ALL {
            assert_eq!(ReportFilter::parse(x.as_str()), Some(*x));
        }
    }

    #[test]
    fn every_problem_of_a_list_request_is_named() {
        let form = IncidentListForm {
            report: Field::read("soon"),
            from: Field::read("30/06/2026"),
            to: Field::read("2026-06-30"),
            unit_id: Field::read("abc"),
            under: Field::read("-3"),
            page: Field::read("x"),
            per_page: Field::Absent,
        };
        let (q, e) = form.read();
        let e = e.unwrap();
        for field in ["report", "from", "unit_id", "under", "page"] {
            assert!(e.fields.iter().any(|(f, _)| f == field), "{field}");
        }
        assert_eq!(q.to, Date::parse("2026-06-30").ok());
        let reversed = IncidentListForm {
            from: Field::read("2026-07-01"),
            to: Field::read("2026-06-30"),
            ..IncidentListForm::default()
        };
        assert!(IncidentQuery::try_from(reversed).is_err());
    }

    #[test]
    fn the_period_is_whole_beijing_days() {
        let d = Date::parse("2026-06-30").unwrap();
        let (from, to) = period_millis(d, d);
        assert_eq!(to - from, 86_400_000);
        let q = IncidentQuery {
            from: Some(d),
            to: Some(d),
            ..IncidentQuery::default()
        };
        assert_eq!(q.span_millis(), (Some(from), Some(to)));
    }
}

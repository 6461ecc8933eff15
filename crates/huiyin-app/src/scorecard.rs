//! 考评 scorecards as use cases (issue 14 item 6): the units of a level under a unit of the
//! reader's scope, scored and ranked for a period under the scheme in force (data, replaceable
//! by an administrator), every figure traceable to the cases behind its numerator and
//! denominator. The reader's firewall applies to every count and list.

use huiyin_core::Date;
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::org::{UnitId, UnitKind};
use huiyin_core::permission::Permission;
use huiyin_core::policy::visibility_root;
use huiyin_core::scorecard::{
    PENALTY_KPIS, RATE_KPIS, ScorePart, ScorecardScheme, UnitFigures, ranks, score,
};
use huiyin_store::FractionPart;
use serde::{Deserialize, Serialize};

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;
use crate::query::CaseList;

const SCHEME_KEY: &str = "scorecard.toml";

/// One unit's line of a scorecard (CONTRACT.md "Scorecards").
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ScorecardItem {
    pub unit_id: UnitId,
    pub unit_name: String,
    pub score: f64,
    pub rank: u32,
    pub parts: Vec<ScorePart>,
}

/// The scorecard of the units of a level.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ScorecardView {
    pub unit_id: UnitId,
    pub from: Date,
    pub to: Date,
    pub scheme: String,
    pub full_marks: f64,
    pub items: Vec<ScorecardItem>,
    pub total: i64,
    /// A completed month's frozen scorecard: the month (`YYYY-MM`) and when it was frozen
    /// (Beijing time); absent for a live one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frozen_at: Option<String>,
}

/// What a scorecard or its drill-down reads: whose units, which period.
#[derive(Clone, Debug)]
pub struct ScorecardQuery {
    pub unit_id: Option<UnitId>,
    /// Score the units at this level (2 province … 5 school) under the unit; default: the
    /// bodies directly under it.
    pub level: Option<u8>,
    pub from: Date,
    pub to: Date,
    /// A completed month (its first day): the frozen scorecard of that month instead of
    /// `from`/`to` (`scorecard_snapshots.rs`).
    pub month: Option<Date>,
}

impl App {
    /// The scheme in force: the administrator's, else the shipped one.
    pub async fn scorecard_scheme(&self) -> Result<ScorecardScheme> {
        Ok(match self.store.setting(SCHEME_KEY).await? {
            Some(text) => ScorecardScheme::from_toml(&text)?,
            None => ScorecardScheme::default_scheme(),
        })
    }

    /// The scheme in force as TOML.
    pub async fn scorecard_scheme_text(&self) -> Result<String> {
        Ok(match self.store.setting(SCHEME_KEY).await? {
            Some(text) => text,
            None => huiyin_core::scorecard::DEFAULT_SCHEME.to_owned(),
        })
    }

    /// Replaces the scheme (administrators); a scheme that does not parse changes nothing.
    pub async fn update_scorecard_scheme(&self, user: &CurrentUser, text: &str) -> Result<()> {
        if !user.may(Permission::Configure) {
            return Err(ErrorCode::Forbidden.into());
        }
        let scheme = ScorecardScheme::from_toml(text)?;
        self.store
            .put_setting(SCHEME_KEY, text, self.now_ms())
            .await?;
        self.audit(Some(user), "", "config.scorecard", &scheme.name, "ok", "")
            .await
    }

    /// The unit a scorecard reads, checked against the reader's scope, and the period.
    pub(crate) fn scorecard_root(&self, user: &CurrentUser, q: &ScorecardQuery) -> Result<UnitId> {
        if q.from > q.to {
            return Err(DomainError::invalid(
                "from",
                "起始日期不能晚于截止日期",
                "from must not be after to",
            )
            .into());
        }
        self.reader_root(user, q.unit_id)
    }

    /// The unit a figure of the statistics reads (the reader's own scope by default), checked
    /// against the reader's scope: case staff only.
    pub(crate) fn reader_root(&self, user: &CurrentUser, unit: Option<UnitId>) -> Result<UnitId> {
        let actor = user.actor();
        if !actor.works_cases() {
            return Err(ErrorCode::Forbidden.into());
        }
        let org = self.org();
        let mine = visibility_root(&actor, &org);
        let unit = unit.unwrap_or(mine);
        if org.get(unit).is_none() {
            return Err(DomainError::new(ErrorCode::UnitNotFound)
                .field("unit_id")
                .into());
        }
        if !org.is_ancestor_or_self(mine, unit) {
            return Err(ErrorCode::Forbidden.into());
        }
        Ok(unit)
    }

    /// The units scored under `root`.
    fn scored_units(&self, root: UnitId, level: Option<u8>) -> Vec<UnitId> {
        let org = self.org();
        let scored = |kind: UnitKind| !kind.is_beside() && kind != UnitKind::PetitionOffice;
        let units: Vec<UnitId> = match level {
            Some(l) => org
                .subtree(root)
                .into_iter()
                .filter(|u| org.get(*u).is_some_and(|u| u.level == l && scored(u.kind)))
                .collect(),
            None => org
                .children(root)
                .iter()
                .copied()
                .filter(|u| org.get(*u).is_some_and(|u| scored(u.kind)))
                .collect(),
        };
        if units.is_empty() { vec![root] } else { units }
    }

    /// The scorecard of the units of a level under a unit of the reader's scope.
    #[tracing::instrument(name = "app.scorecard", skip_all, fields(user_id = user.id))]
    pub async fn scorecard(&self, user: &CurrentUser, q: ScorecardQuery) -> Result<ScorecardView> {
        if let Some(first) = q.month {
            return self.monthly_scorecard(user, q, first).await;
        }
        let root = self.scorecard_root(user, &q)?;
        self.scorecard_under(root, &q, &self.firewall_of(user))
            .await
    }

    /// The live scorecard of the units under `root`, counted through `firewall`.
    pub(crate) async fn scorecard_under(
        &self,
        root: UnitId,
        q: &ScorecardQuery,
        firewall: &huiyin_store::Firewall,
    ) -> Result<ScorecardView> {
        let scheme = self.scorecard_scheme().await?;
        let today = self.today();
        let org = self.org();
        let units = self.scored_units(root, q.level);
        let figures = self
            .store
            .scorecard_figures(&units, firewall, q.from, q.to, today)
            .await?;
        let scored: Vec<(UnitId, UnitFigures)> = units.into_iter().zip(figures).collect();
        let scores: Vec<_> = scored.iter().map(|(_, f)| score(&scheme, f)).collect();
        let rank = ranks(&scores.iter().map(|s| s.score).collect::<Vec<_>>());
        let mut items: Vec<ScorecardItem> = scored
            .iter()
            .zip(scores)
            .zip(rank)
            .map(|(((unit, _), s), rank)| ScorecardItem {
                unit_id: *unit,
                unit_name: org.get(*unit).map(|u| u.name.clone()).unwrap_or_default(),
                score: s.score,
                rank,
                parts: s.parts,
            })
            .collect();
        items.sort_by_key(|i| (i.rank, i.unit_id));
        Ok(ScorecardView {
            unit_id: root,
            from: q.from,
            to: q.to,
            full_marks: scheme.full_marks(),
            scheme: scheme.name,
            total: i64::try_from(items.len()).unwrap_or(i64::MAX),
            items,
            month: None,
            frozen_at: None,
        })
    }

    /// The cases behind one side of a figure of a unit's scorecard (the drill-down).
    #[tracing::instrument(name = "app.scorecard_cases", skip_all, fields(user_id = user.id))]
    pub async fn scorecard_cases(
        &self,
        user: &CurrentUser,
        q: ScorecardQuery,
        kpi: &str,
        part: FractionPart,
        page: u32,
        per_page: u32,
    ) -> Result<CaseList> {
        if !RATE_KPIS.contains(&kpi) && !PENALTY_KPIS.contains(&kpi) {
            return Err(DomainError::invalid(
                "kpi",
                format!("指标应为 {}", [RATE_KPIS, PENALTY_KPIS].concat().join("、")),
                format!("one of {}", [RATE_KPIS, PENALTY_KPIS].concat().join(", ")),
            )
            .into());
        }
        let root = self.scorecard_root(user, &q)?;
        let page = page.max(1);
        let per_page = per_page.clamp(1, 200);
        let (ids, total) = self
            .store
            .scorecard_case_ids(
                root,
                &self.firewall_of(user),
                kpi,
                part,
                (q.from, q.to, self.today()),
                i64::from(per_page),
                i64::from(page - 1) * i64::from(per_page),
            )
            .await?;
        self.drill_down_page(user, &ids, total, page, per_page)
            .await
    }
}

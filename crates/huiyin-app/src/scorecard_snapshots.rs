//! 考评 frozen monthly (issue 14 item 6): the scorecard of a completed month is computed the
//! first time anyone asks for it and kept, so a ranking once published never changes as cases
//! move on. A snapshot is shared by the readers the whistleblower firewall treats alike (the
//! same member units), and is counted without the one personal exception of the firewall (a
//! registrar's own accusation), so no reader's figures ever count what another may not know.
//! The drill-down behind a frozen figure lists today's cases of that month.

use huiyin_core::Date;
use huiyin_core::error::DomainError;
use huiyin_store::{Firewall, SnapshotKey};

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::{AppError, Result};
use crate::scorecard::{ScorecardQuery, ScorecardView};

impl App {
    /// The frozen scorecard of the month starting on `first`, freezing it now if nobody has.
    pub(crate) async fn monthly_scorecard(
        &self,
        user: &CurrentUser,
        mut q: ScorecardQuery,
        first: Date,
    ) -> Result<ScorecardView> {
        let last = first.last_of_month();
        if last >= self.today() {
            return Err(DomainError::invalid(
                "month",
                "只有已结束的月份才有冻结的考评结果；本月请按起止日期查询",
                "only a completed month is frozen; ask for this month by from and to",
            )
            .into());
        }
        q.from = first;
        q.to = last;
        let root = self.scorecard_root(user, &q)?;
        let mut wall = self.firewall_of(user);
        wall.member_units.sort_unstable();
        let wall_key = wall
            .member_units
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let month = format!("{}", first).chars().take(7).collect::<String>();
        let key = SnapshotKey {
            root_unit_id: root,
            level: i64::from(q.level.unwrap_or(0)),
            month: &month,
            wall_key: &wall_key,
        };
        if self.store.scorecard_snapshot(&key).await?.is_none() {
            let firewall = Firewall {
                member_units: wall.member_units.clone(),
                user_id: 0,
            };
            let mut view = self.scorecard_under(root, &q, &firewall).await?;
            view.month = Some(month.clone());
            let body = serde_json::to_string(&view)
                .map_err(|_| AppError::code(huiyin_core::error::ErrorCode::Internal))?;
            if self
                .store
                .freeze_scorecard(&key, &body, user.id, self.now_ms())
                .await?
            {
                self.audit(
                    Some(user),
                    "",
                    "scorecard.freeze",
                    &format!("unit:{root}"),
                    "ok",
                    &format!("month={month} level={}", key.level),
                )
                .await?;
            }
        }
        let (body, at) = self
            .store
            .scorecard_snapshot(&key)
            .await?
            .ok_or(AppError::code(huiyin_core::error::ErrorCode::Internal))?;
        let mut view: ScorecardView = serde_json::from_str(&body)
            .map_err(|_| AppError::code(huiyin_core::error::ErrorCode::Internal))?;
        view.frozen_at = Some(Date::beijing_timestamp(at));
        Ok(view)
    }
}

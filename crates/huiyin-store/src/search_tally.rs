//! A plain list's count from the breakdown tally (issue 18).
//!
//! A list by petition type, channel or category (and received dates) counts the cases of the
//! reader's scope that match, up to the cap, before it cuts the page. When the matches are
//! few among many cases that count reads until it finds the cap's worth: the province's
//! e-mailed suggestions (8,482 of a million) read some 120,000 index entries, 57 ms, to say
//! "1,000 or more". The same number is a sum over the per-unit tally the breakdowns read
//! (migration 0059: one row per unit, month or day, type, channel and category), less the
//! few rows the reader's firewall hides (`Store::breakdown_counts`): 3–7 ms for the
//! province's two years, a range of the unit's own rows below it.

use huiyin_core::Date;
use huiyin_core::kinds::BreakdownBy;

use crate::Store;
use crate::breakdown::BreakdownFilter;
use crate::error::Result;
use crate::search::{CaseFilter, Scope};

impl CaseFilter {
    /// Whether anything but the petition type, the channel and the category filters the
    /// list (full text, statuses, dates, deadlines, handling units, handler, approvals).
    pub(crate) fn filtered_beyond_type_channel_category(&self) -> bool {
        self.text.is_some()
            || !self.statuses.is_empty()
            || self.received_from.is_some()
            || self.received_to.is_some()
            || self.overdue.is_some()
            || self.due_before.is_some()
            || self.handling_units.is_some()
            || self.handler.is_some()
            || self.approval_units.is_some()
    }
}

impl Store {
    /// The exact number of cases `f` matches, from the tally, when its filters are among
    /// those the tally holds and at least one of type, channel and category is given (a
    /// list by dates alone, or by nothing, counts its cap's worth from a dense index range
    /// faster than the tally adds up its rows); `None` otherwise.
    pub(crate) async fn tallied_list_count(&self, f: &CaseFilter) -> Result<Option<i64>> {
        // Every field named, so that a filter added to `CaseFilter` must be judged here: the
        // tally holds only type, channel, category and the received date.
        let CaseFilter {
            scope,
            firewall,
            statuses,
            handling_units,
            overdue,
            today: _,
            due_before,
            petition_type,
            category,
            channel,
            received_from,
            received_to,
            handler,
            approval_units,
            text,
            sort: _,
            page: _,
            per_page: _,
            count_cap: _,
            walk_budget: _,
        } = f;
        let Scope::Subtree(root) = *scope else {
            return Ok(None);
        };
        let tallied = text.is_none()
            && statuses.is_empty()
            && handling_units.is_none()
            && overdue.is_none()
            && due_before.is_none()
            && handler.is_none()
            && approval_units.is_none()
            && (petition_type.is_some() || channel.is_some() || category.is_some());
        if !tallied {
            return Ok(None);
        }
        // Without a date the period is every month the tally may hold.
        let (Some(earliest), Some(latest)) =
            (Date::from_ymd(1900, 1, 1), Date::from_ymd(9999, 12, 31))
        else {
            return Ok(None);
        };
        let filter = BreakdownFilter {
            from: received_from.unwrap_or(earliest),
            to: received_to.unwrap_or(latest),
            petition_type: petition_type.map(|t| t.as_str().to_owned()),
            channel: channel.map(|c| c.as_str().to_owned()),
            category: category.clone(),
        };
        let firewall = firewall.clone().unwrap_or_default();
        let counts = self
            .breakdown_counts(root, &firewall, &filter, BreakdownBy::Type)
            .await?;
        Ok(Some(counts.iter().map(|c| c.count).sum()))
    }
}

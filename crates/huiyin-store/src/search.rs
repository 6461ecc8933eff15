//! Finding cases: filters, visibility scope, Chinese full text, sorting and pages.

use huiyin_core::Date;
use huiyin_core::case::{CaseId, Status};
use huiyin_core::kinds::{Channel, PetitionType};
use huiyin_core::org::UnitId;

use crate::Store;
use crate::cases::CaseRecord;
use crate::error::Result;
use crate::rows::i64_col;
use crate::search_gather::Gathered;
use crate::search_sql::ListSql;
use crate::search_walk::{Fallback, Walk};

pub use crate::firewall::Firewall;

/// Which cases the caller may see.
#[derive(Clone, Debug)]
pub enum Scope {
    /// Everything (the caller's unit is the root of the tree).
    All,
    /// Cases that have been held by this unit or a unit below it (the caller's subtree),
    /// read from the `case_scope` table (migration 0014) as one index range.
    Subtree(UnitId),
    /// Cases that have been held by one of these units.
    Units(Vec<UnitId>),
    /// Nothing (e.g. an auditor).
    Nothing,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CaseSort {
    /// Newest registered first (case ids run in registration order). The default: with a
    /// full-text query it reads the index backwards and stops at the page, where sorting by
    /// received date must first fetch every match.
    #[default]
    Newest,
    ReceivedDesc,
    ReceivedAsc,
    /// The next staff deadline, soonest first; the cases without one (concluded) last.
    DueAsc,
    IdAsc,
    /// The latest deadline first; the cases without one last, newest registered first.
    DueDesc,
    /// By the workflow's stages (the order of `Status::ALL`), in a stage the soonest deadline
    /// first (`search_merge.rs`).
    StatusAsc,
    /// Exactly the reverse of [`CaseSort::StatusAsc`].
    StatusDesc,
}

/// A full-text query rendered for each backend (huiyin-text builds both).
#[derive(Clone, Debug)]
pub struct FullText {
    pub fts5: String,
    pub tsquery: String,
}

/// Which 承办人's cases a list keeps (issue 12 item 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HandlerFilter {
    /// Cases allotted to this user.
    User(i64),
    /// Cases allotted to nobody yet.
    Unallotted,
    /// This user's cases and the unallotted ones ("my work").
    UserOrUnallotted(i64),
}

#[derive(Clone, Debug)]
pub struct CaseFilter {
    pub scope: Scope,
    /// The viewer's firewall; `None` only for system work (jobs, statistics over everything).
    pub firewall: Option<Firewall>,
    pub statuses: Vec<Status>,
    /// Cases now handled by one of these units.
    pub handling_units: Option<Vec<UnitId>>,
    /// `Some(true)`: only cases with a staff deadline before `today`; `Some(false)`: none.
    pub overdue: Option<bool>,
    pub today: Date,
    pub due_before: Option<Date>,
    pub petition_type: Option<PetitionType>,
    /// A category code; its children match too.
    pub category: Option<String>,
    pub channel: Option<Channel>,
    pub received_from: Option<Date>,
    pub received_to: Option<Date>,
    pub handler: Option<HandlerFilter>,
    /// Cases waiting for a decision of one of these units (待我审批).
    pub approval_units: Option<Vec<UnitId>>,
    pub text: Option<FullText>,
    pub sort: CaseSort,
    pub page: u32,
    /// Cases per page; 0 only counts the matches and reads no page (the 工作台's tiles).
    pub per_page: u32,
    /// Count matches up to this many (0: count all). A list shows "1,000+" rather than pay for
    /// counting tens of thousands of matches on every page.
    pub count_cap: i64,
    /// Rows of an order's index a walk for dense matches reads before it sorts the matches
    /// instead (`search_walk.rs`).
    /// Also the staged full-text matches above which a page by status or latest deadline is
    /// merged from ranges rather than sorted (`search_staged.rs`).
    pub walk_budget: u32,
}

/// A leader's own lists (issue 14): `Store::leader_case_ids`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeaderFilter {
    /// Cases this leader took personally (包案).
    Owner(i64),
    /// Cases put before this leader for instruction, not yet instructed (待阅批).
    Reader(i64),
}

/// The default [`CaseFilter::count_cap`].
pub const COUNT_CAP: i64 = 1000;

/// A result set this small (known from the capped count) is gathered whole and sorted.
pub(crate) const GATHER_AT_MOST: i64 = 1000;

impl CaseFilter {
    pub fn new(scope: Scope, today: Date) -> CaseFilter {
        CaseFilter {
            scope,
            firewall: None,
            statuses: Vec::new(),
            handling_units: None,
            overdue: None,
            today,
            due_before: None,
            petition_type: None,
            category: None,
            channel: None,
            received_from: None,
            received_to: None,
            handler: None,
            approval_units: None,
            text: None,
            sort: CaseSort::default(),
            page: 1,
            per_page: 20,
            count_cap: COUNT_CAP,
            walk_budget: crate::search_walk::WALK_BUDGET,
        }
    }
}

/// A page of results.
#[derive(Clone, Debug)]
pub struct Page {
    pub items: Vec<CaseRecord>,
    /// The number of matches, or `count_cap` when there are more (then `total_exact` is false).
    pub total: i64,
    pub total_exact: bool,
}

pub(crate) fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

impl Page {
    pub(crate) fn empty() -> Page {
        Page {
            items: Vec::new(),
            total: 0,
            total_exact: true,
        }
    }
}

impl Store {
    /// Lists cases matching `f`, newest first by default, with the total count (capped).
    ///
    /// The count is taken first (it stops at `count_cap + 1` matches). When it is exact and
    /// at most 1,000, the page is cut from the whole matching set gathered through whichever
    /// index suits the filters and then sorted; otherwise matches are dense and the query walks
    /// the index of the requested order, stopping at the page, or, when a walk of
    /// [`CaseFilter::walk_budget`] rows does not reach it, sorts the matches
    /// (`search_walk.rs`, `docs/PERFORMANCE.md`).
    pub async fn list_cases(&self, f: &CaseFilter) -> Result<Page> {
        let index = match (&f.scope, &f.text) {
            (Scope::Subtree(root), Some(_)) => self.search_text_index(*root).await?,
            _ => crate::search_scope::TextIndex::default(),
        };
        let Some(mut q) = ListSql::build(
            f,
            self.dialect,
            (index.scope_token, index.matches_are_scope),
        ) else {
            return Ok(Page::empty());
        };
        q.span_width = index.span_width;
        self.steer_statuses_or_dates(f, &mut q).await?;
        self.key_leaf_category(&mut q).await?;
        if self.bound_ids_by_dates(f, &mut q).await? == crate::search_date_ids::DatedIds::Empty {
            return Ok(Page::empty());
        }
        if let Some(page) = self.text_led_list(f, &q).await? {
            return Ok(page);
        }
        // Filtered by type, channel or category only, the count is the tally's, capped as
        // the index's count would be (`search_tally.rs`).
        // A category read as one key with neither channel nor type counts its capped
        // matches from its index range faster than the tally adds up the scope's rows by
        // month (the province's 学历学位证书: 1,001 entries, 0.3 ms, against 7 ms).
        let keyed_alone = q.category_keyed && f.channel.is_none() && f.petition_type.is_none();
        q.category_alone = keyed_alone && !f.filtered_beyond_type_channel_category();
        if !keyed_alone && let Some(n) = self.tallied_list_count(f).await? {
            if n == 0 {
                return Ok(Page::empty());
            }
            let counted = if f.count_cap > 0 {
                n.min(f.count_cap + 1)
            } else {
                n
            };
            return self.walked_list(f, &q, counted).await;
        }
        if !q.text_led() && !q.index_counts {
            match self.count_and_gather(f, &q).await? {
                Some(Gathered::Page(page)) => return Ok(page),
                Some(Gathered::MoreThanCap) => {
                    return self.walked_list(f, &q, f.count_cap + 1).await;
                }
                None => {}
            }
        }
        let count_sql = if q.text_led() && f.count_cap > 0 {
            q.text_led_count(f.count_cap)
        } else if q.index_counts {
            "SELECT COUNT(*) AS n FROM case_fts WHERE case_fts MATCH $1".to_owned()
        } else if f.count_cap > 0 {
            format!(
                "SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM {} {} LIMIT {}) capped",
                q.from,
                q.where_sql(),
                f.count_cap + 1
            )
        } else {
            format!("SELECT COUNT(*) AS n FROM {} {}", q.from, q.where_sql())
        };
        let counted = i64_col(&q.bind(&count_sql).fetch_one(self.reports()).await?, "n")?;
        if counted == 0 {
            return Ok(Page::empty());
        }
        self.walked_list(f, &q, counted).await
    }

    /// The page of a list of `counted` matches (capped): cut from every match gathered and
    /// sorted when they are few, walked otherwise.
    pub(crate) async fn walked_list(
        &self,
        f: &CaseFilter,
        q: &ListSql,
        counted: i64,
    ) -> Result<Page> {
        let total_exact = q.index_counts || f.count_cap <= 0 || counted <= f.count_cap;
        let total = if total_exact { counted } else { f.count_cap };
        if f.per_page == 0 {
            // Only the count was asked for: a walk to the newest match of a sparse filter
            // (a city's overdue cases, newest first) cost more than the count itself.
            return Ok(Page {
                items: Vec::new(),
                total,
                total_exact,
            });
        }
        let per_page = f.per_page.clamp(1, 500);
        let offset = i64::from(f.page.max(1) - 1) * i64::from(per_page);
        let few = total_exact && counted <= GATHER_AT_MOST;
        // Few matches are gathered, unless walking the order finds the page sooner
        // (`search_sparse_walk.rs`): unbounded where an index holds the order, else merged
        // from ranges by `walked_page`, which stop at the page.
        let sparse_walk = few
            && self
                .walk_beats_gather(f, q, counted, offset + i64::from(per_page))
                .await?;
        let ids = if sparse_walk && let Some(sql) = q.unbounded_walk(per_page, offset) {
            self.page_ids(q, &sql).await?
        } else if few && !sparse_walk {
            self.page_ids(q, &q.gathered_page(per_page, offset)).await?
        } else {
            match q.walked_page(per_page, offset) {
                Walk::Page(sql) => self.page_ids(q, &sql).await?,
                Walk::Staged(staged) => self.staged_page_ids(q, &staged).await?,
                Walk::Ranked(ranked) => self.ranked_page_ids(q, &ranked).await?,
                Walk::Ranges(ranges) => {
                    self.range_walk_page_ids(q, &ranges, per_page, offset)
                        .await?
                }
                Walk::Bounded { walk, fallback } => {
                    let ids = self.page_ids(q, &walk).await?;
                    if ids.len() == per_page as usize {
                        ids
                    } else {
                        match fallback {
                            Fallback::Sorted(sql) => self.page_ids(q, &sql).await?,
                            Fallback::Spans(sql) => {
                                self.span_page_ids(q, per_page, offset, &sql).await?
                            }
                            Fallback::Ranked(ranked) => self.ranked_page_ids(q, &ranked).await?,
                        }
                    }
                }
            }
        };
        Ok(Page {
            items: self.records_in_order(&ids).await?,
            total,
            total_exact,
        })
    }

    pub(crate) async fn page_ids(&self, q: &ListSql, sql: &str) -> Result<Vec<CaseId>> {
        q.bind(sql)
            .fetch_all(self.reports())
            .await?
            .iter()
            .map(|r| i64_col(r, "id"))
            .collect()
    }

    // Who may see a case, its recusals and the open cases of a batch job are read from the
    // primary, never a standby: a recusal or a new case must count at once.
    pub(crate) async fn visible_units_of(&self, ids: &[CaseId]) -> Result<Vec<(CaseId, UnitId)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT case_id, unit_id FROM case_units WHERE case_id IN ({})",
            id_list(ids)
        ));
        sqlx::query(sql)
            .persistent(false)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| Ok((i64_col(r, "case_id")?, i64_col(r, "unit_id")?)))
            .collect()
    }

    /// The units each of `ids` is visible to and the users recused from it (回避, not
    /// lifted), in one round trip: `(units, recused users)` as `(case, id)` pairs.
    pub(crate) async fn units_and_recusals_of(
        &self,
        ids: &[CaseId],
    ) -> Result<(Vec<(CaseId, UnitId)>, Vec<(CaseId, i64)>)> {
        if ids.is_empty() {
            return Ok((Vec::new(), Vec::new()));
        }
        let list = id_list(ids);
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT case_id, unit_id AS id, CAST(0 AS BIGINT) AS recused FROM case_units WHERE case_id IN ({list}) \
             UNION ALL SELECT case_id, user_id AS id, CAST(1 AS BIGINT) AS recused FROM case_recusals \
             WHERE case_id IN ({list}) AND lifted_at IS NULL"
        ));
        let (mut units, mut recused) = (Vec::new(), Vec::new());
        for r in sqlx::query(sql)
            .persistent(false)
            .fetch_all(&self.read)
            .await?
        {
            let pair = (i64_col(&r, "case_id")?, i64_col(&r, "id")?);
            if i64_col(&r, "recused")? == 0 {
                units.push(pair);
            } else {
                recused.push(pair);
            }
        }
        Ok((units, recused))
    }

    /// Ids of every case not in a terminal state, in id order, after `after` (for batch jobs).
    pub async fn open_case_ids(&self, after: CaseId, limit: i64) -> Result<Vec<CaseId>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(crate::domain_sql::open_case_ids_sql()))
            .bind(after)
            .bind(limit)
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(|r| i64_col(r, "id")).collect()
    }
}

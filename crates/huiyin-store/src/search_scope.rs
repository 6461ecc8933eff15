//! Scope tokens in the full-text index (issue 18): each case's row in `case_fts` carries one
//! token per unit it is visible to (`huiyin_text::scope_token`, the units of its `case_scope`
//! rows), so a school's or a county's search asks the index for "these words AND this unit"
//! and the index intersects the two lists, instead of walking every match of a common word
//! in the whole province to keep the few in scope. The `case_scope` join stays the authority
//! on visibility; the token only narrows what the index returns.
//!
//! A database written before scope tokens holds rows without them: until every row has them
//! (the setting [`READY`], set by migration 0017 on a database without cases and by
//! [`Store::reindex_search_rows`]'s caller once it has rewritten every row), searches do not
//! use them.

use huiyin_core::case::CaseId;
use huiyin_core::org::UnitId;
use sqlx::{Any, Transaction};

use crate::error::Result;
use crate::rows::{i64_col, opt_i64, opt_text};
use crate::{Dialect, Store};

/// The setting that says every full-text row carries its scope tokens.
pub const READY: &str = "search_scope_tokens";

/// The setting the scope-token upgrade held its progress in (before text-token versions).
const OLD_UPTO: &str = "search_scope_tokens_upto";

/// The setting holding the last case id the rewrite of the full-text rows has written (so a
/// restart resumes).
const UPTO: &str = "search_index_rewrite_upto";

/// The setting holding the version of the text-token rules the full-text rows were written
/// with (`huiyin_text::INDEX_TOKENS_VERSION`; migration 0024).
const TOKENS_VERSION: &str = "search_tokens_version";

/// The first version of the index tokens whose rows all carry a span token.
const SPANS_SINCE: u32 = 3;

/// What the full-text index offers a search.
#[derive(Clone, Debug, Default)]
pub(crate) struct TextIndex {
    /// The scope token the query may add: `None` when the rows do not all carry scope tokens
    /// yet, or when the root is the top of the tree (every case is in its scope; its token
    /// would only make the index read a list of every case).
    pub scope_token: Option<String>,
    /// The index's matches are then (nearly) the scope's: with the token, or at the top
    /// (`search_text_led.rs`).
    pub matches_are_scope: bool,
    /// The width of the rows' span tokens, when every row carries one (`search_spans.rs`).
    pub span_width: Option<i64>,
}

/// The columns of a `case_fts` row as written: the case's id (SQLite's contentless FTS5
/// table keys it by `rowid`, PostgreSQL's table by `case_id`) and its tokens
/// ([`with_scope`]).
pub(crate) fn fts_columns(dialect: crate::Dialect) -> &'static [&'static str] {
    match dialect {
        crate::Dialect::Sqlite => &["rowid", "tokens"],
        crate::Dialect::Postgres => &["case_id", "tokens"],
    }
}

/// `text_tokens` followed by the span token of case `case_id` (spans of `span` ids) and the
/// scope tokens of `units`.
pub(crate) fn with_scope(
    text_tokens: &str,
    (case_id, span): (CaseId, i64),
    units: impl IntoIterator<Item = UnitId>,
) -> String {
    let mut s = text_tokens.to_owned();
    s.push(' ');
    s.push_str(&huiyin_text::span_token(case_id, span));
    for u in units {
        s.push(' ');
        s.push_str(&huiyin_text::scope_token(u));
    }
    s
}

/// The units a case is visible to, from its `case_scope` rows (in the transaction, after the
/// triggers have added the rows of a new unit).
async fn scope_units(tx: &mut Transaction<'_, Any>, case_id: CaseId) -> Result<Vec<UnitId>> {
    sqlx::query("SELECT unit_id FROM case_scope WHERE case_id = $1 ORDER BY unit_id")
        .bind(case_id)
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| i64_col(r, "unit_id"))
        .collect()
}

/// Writes case `case_id`'s full-text row: its text tokens, its span token (spans of `span`
/// ids) and the scope tokens of every unit it is visible to now. `replace`: a row exists and
/// is rewritten (FTS5 without content can only delete a row and insert it again).
pub(crate) async fn write_search_row(
    tx: &mut Transaction<'_, Any>,
    (dialect, span): (Dialect, i64),
    case_id: CaseId,
    text_tokens: &str,
    replace: bool,
) -> Result<()> {
    if replace && dialect == Dialect::Postgres {
        // A step moving the case elsewhere locks its row first: wait for it, so the units
        // read next include the step's (SQLite's one writer serialises this already).
        sqlx::query("SELECT id FROM cases WHERE id = $1 FOR UPDATE")
            .bind(case_id)
            .execute(&mut **tx)
            .await?;
    }
    let tokens = with_scope(
        text_tokens,
        (case_id, span),
        scope_units(tx, case_id).await?,
    );
    let sql = match (dialect, replace) {
        (Dialect::Sqlite, true) => {
            sqlx::query("DELETE FROM case_fts WHERE rowid = $1")
                .bind(case_id)
                .execute(&mut **tx)
                .await?;
            "INSERT INTO case_fts (rowid, tokens) VALUES ($1, $2)"
        }
        (Dialect::Sqlite, false) => "INSERT INTO case_fts (rowid, tokens) VALUES ($1, $2)",
        (Dialect::Postgres, true) => "UPDATE case_fts SET tokens = $2 WHERE case_id = $1",
        (Dialect::Postgres, false) => "INSERT INTO case_fts (case_id, tokens) VALUES ($1, $2)",
    };
    sqlx::query(sql)
        .bind(case_id)
        .bind(tokens)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl Store {
    /// What the full-text index offers a search under `root` ([`TextIndex`]).
    pub(crate) async fn search_text_index(&self, root: UnitId) -> Result<TextIndex> {
        let row = sqlx::query(
            "SELECT (SELECT parent_id FROM units WHERE id = $1) AS parent, \
             (SELECT value FROM settings WHERE key = $2) AS ready, \
             (SELECT value FROM settings WHERE key = $3) AS version",
        )
        .bind(root)
        .bind(READY)
        .bind(TOKENS_VERSION)
        .fetch_one(&self.read)
        .await?;
        let ready = opt_text(&row, "ready")?.is_some_and(|v| v == "1");
        let below_top = opt_i64(&row, "parent")?.is_some();
        let token = (ready && below_top).then(|| huiyin_text::scope_token(root));
        let spans = opt_text(&row, "version")?
            .and_then(|v| v.parse::<u32>().ok())
            .is_some_and(|v| v >= SPANS_SINCE);
        Ok(TextIndex {
            matches_are_scope: token.is_some() || !below_top,
            scope_token: token,
            span_width: spans.then_some(self.search_span),
        })
    }

    /// Whether every full-text row carries its scope tokens.
    pub async fn search_scope_ready(&self) -> Result<bool> {
        Ok(self.setting(READY).await?.is_some_and(|v| v == "1"))
    }

    /// Writes the full-text rows' span tokens `cases` ids wide instead of
    /// `huiyin_text::SPAN_CASES` — for tests, so a few cases fill several spans. Every row of
    /// the database must be written with the same width.
    pub fn with_search_span(mut self, cases: i64) -> Store {
        self.search_span = cases.max(1);
        self
    }

    /// Rewrites the full-text rows of `rows` (case id, text tokens) with their scope tokens,
    /// and records `upto` as the last case done, in one transaction (the rewrite of a database
    /// written before scope tokens or with older text tokens).
    pub async fn reindex_search_rows(
        &self,
        rows: &[(CaseId, String)],
        upto: CaseId,
        now_ms: i64,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        for (id, tokens) in rows {
            write_search_row(&mut tx, (self.dialect, self.search_span), *id, tokens, true).await?;
        }
        sqlx::query(
            "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        )
        .bind(UPTO)
        .bind(upto.to_string())
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The last case id an interrupted rewrite wrote (0: none).
    pub async fn search_scope_progress(&self) -> Result<CaseId> {
        Ok(self
            .setting(UPTO)
            .await?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0))
    }

    /// The version of the text-token rules the full-text rows were written with (1 when the
    /// setting is missing: the oldest rules).
    pub async fn search_tokens_version(&self) -> Result<u32> {
        Ok(self
            .setting(TOKENS_VERSION)
            .await?
            .and_then(|v| v.parse().ok())
            .unwrap_or(1))
    }

    /// Records that every full-text row carries its scope tokens and text tokens of
    /// `tokens_version` (after a rewrite of every row), and forgets the rewrite's progress.
    pub async fn mark_search_index_current(&self, tokens_version: u32, now_ms: i64) -> Result<()> {
        let mut tx = self.write.begin().await?;
        for (key, value) in [
            (READY, "1".to_owned()),
            (TOKENS_VERSION, tokens_version.to_string()),
        ] {
            sqlx::query(
                "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            )
            .bind(key)
            .bind(value)
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("DELETE FROM settings WHERE key IN ($1, $2)")
            .bind(UPTO)
            .bind(OLD_UPTO)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

impl Store {
    /// Marks the full-text rows as needing their scope tokens rewritten: searches stop using
    /// the tokens until the next `huiyin serve` (or [`Store::mark_search_index_current`] after a
    /// rewrite) has written every row again. For an index suspected of missing tokens.
    pub async fn request_search_reindex(&self) -> Result<()> {
        sqlx::query("DELETE FROM settings WHERE key IN ($1, $2, $3)")
            .bind(READY)
            .bind(UPTO)
            .bind(OLD_UPTO)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Ids of every case after `after`, in id order, at most `limit` (the upgrade's batches).
    pub async fn case_ids_after(&self, after: CaseId, limit: i64) -> Result<Vec<CaseId>> {
        sqlx::query("SELECT id FROM cases WHERE id > $1 ORDER BY id LIMIT $2")
            .bind(after)
            .bind(limit)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| i64_col(r, "id"))
            .collect()
    }
}

//! A category with no code below it, read on SQLite as one key of `case_scope_category`
//! (issue 18).
//!
//! A list by category asks for the code and every code below it: one range, `code ≤ c <
//! code/` (`search_sql.rs`). Over a range of keys SQLite cannot read the index in the
//! received date that follows the category in it, so a list by received date sorted every
//! match first: the province's 学历学位证书 (`degrees.diplomas`, 23,825 cases at a million),
//! newest received first, page 3, 12.3 ms. As one key the index gives the order and only the
//! cases of one day are sorted by id: 0.1 ms. Most codes a list names are leaves (the
//! shipped tree has two levels), but a deployment's tree may be deeper, so whether any case
//! of the scope carries a code below it is asked of the same index first (one seek).

use crate::error::Result;
use crate::search_sql::ListSql;
use crate::{Dialect, Store};

impl Store {
    /// Makes the category condition of `q` one key when no case of the scope carries a code
    /// below the category (SQLite, subtree scopes).
    pub(crate) async fn key_leaf_category(&self, q: &mut ListSql) -> Result<()> {
        let (Some(root), Some((cond, n))) = (q.root, q.category_cond) else {
            return Ok(());
        };
        if self.dialect != Dialect::Sqlite {
            return Ok(());
        }
        let Some(code) = n.checked_sub(1).and_then(|i| q.args.get(i)).cloned() else {
            return Ok(());
        };
        // Codes are `a-z0-9_.` (checked at registration): strictly between `code` and
        // `code/` lie exactly the codes `code.…`.
        let below = sqlx::query(
            "SELECT 1 AS one FROM case_scope INDEXED BY case_scope_category \
             WHERE unit_id = $1 AND category > $2 AND category < $3 LIMIT 1",
        )
        .bind(root)
        .bind(&code)
        .bind(format!("{code}/"))
        .fetch_optional(self.reports())
        .await?;
        if below.is_none()
            && let Some(c) = q.conds.get_mut(cond)
        {
            // The range's upper bound stays bound (every argument is), compared with
            // nothing: SQLite then reads the code as one key.
            *c = format!("s.category = ${n} AND ${} <> ''", n + 1);
            q.category_keyed = true;
        }
        Ok(())
    }
}

//! Multi-row `INSERT` statements for bulk writes: rows of values to bind, split into as few
//! statements as each database's parameter limit allows, with an optional conflict clause.

use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, Transaction};

use crate::Dialect;
use crate::error::Result;

/// A value to bind.
pub(crate) enum V {
    I(i64),
    OI(Option<i64>),
    T(String),
    OT(Option<String>),
    OB(Option<Vec<u8>>),
}

/// Parameters per statement. PostgreSQL takes up to 65,535. On SQLite, sqlx looks each
/// parameter's name up (`sqlite3_bind_parameter_name`), a linear search over the named
/// parameters, which makes `$n` placeholders quadratic in their count; the statements use
/// anonymous `?` placeholders there and stay at a few hundred parameters.
fn params_per_statement(dialect: Dialect) -> usize {
    match dialect {
        Dialect::Sqlite => 900,
        Dialect::Postgres => 30_000,
    }
}

/// Inserts `rows` into `table(cols)` with as few statements as the parameter limit allows.
pub(crate) async fn insert_rows(
    tx: &mut Transaction<'_, Any>,
    dialect: Dialect,
    table: &str,
    cols: &[&str],
    rows: Vec<Vec<V>>,
) -> Result<()> {
    upsert_rows(tx, dialect, table, cols, rows, "").await
}

/// [`insert_rows`] with a conflict clause appended to each statement.
pub(crate) async fn upsert_rows(
    tx: &mut Transaction<'_, Any>,
    dialect: Dialect,
    table: &str,
    cols: &[&str],
    rows: Vec<Vec<V>>,
    on_conflict: &str,
) -> Result<()> {
    for (sql, chunk) in statements(dialect, table, cols, rows, on_conflict) {
        bound(&sql, chunk).execute(&mut **tx).await?;
    }
    Ok(())
}

/// [`insert_rows`] that returns what `returning` (a `RETURNING` clause) names of every row
/// inserted, in no particular order.
pub(crate) async fn insert_rows_returning(
    tx: &mut Transaction<'_, Any>,
    dialect: Dialect,
    table: &str,
    cols: &[&str],
    rows: Vec<Vec<V>>,
    returning: &str,
) -> Result<Vec<AnyRow>> {
    let mut out = Vec::with_capacity(rows.len());
    for (sql, chunk) in statements(dialect, table, cols, rows, returning) {
        out.extend(bound(&sql, chunk).fetch_all(&mut **tx).await?);
    }
    Ok(out)
}

/// The statements that insert `rows`, each with its rows, `tail` appended to each.
fn statements(
    dialect: Dialect,
    table: &str,
    cols: &[&str],
    rows: Vec<Vec<V>>,
    tail: &str,
) -> Vec<(String, Vec<Vec<V>>)> {
    let per_stmt = (params_per_statement(dialect) / cols.len()).max(1);
    let mut out = Vec::new();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<V>> = rows.by_ref().take(per_stmt).collect();
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", cols.join(", "));
        let mut n = 0;
        for (i, _) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            for c in 0..cols.len() {
                n += 1;
                if c > 0 {
                    sql.push_str(", ");
                }
                match dialect {
                    // Anonymous parameters: SQLite keeps no name list for them to search.
                    Dialect::Sqlite => sql.push('?'),
                    Dialect::Postgres => sql.push_str(&format!("${n}")),
                }
            }
            sql.push(')');
        }
        sql.push_str(tail);
        out.push((sql, chunk));
    }
    out
}

/// Statement `sql` with the values of `rows` bound in order. Not kept prepared: sqlx caches
/// up to 100 statements per connection, and statements of hundreds of parameters in many
/// shapes (like the `IN (ids…)` lists of batch reads) held tens of megabytes there after
/// re-timing (docs/PERFORMANCE.md).
fn bound(sql: &str, rows: Vec<Vec<V>>) -> Query<'static, Any, AnyArguments> {
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned())).persistent(false);
    for row in rows {
        for v in row {
            q = match v {
                V::I(i) => q.bind(i),
                V::OI(i) => q.bind(i),
                V::T(s) => q.bind(s),
                V::OT(s) => q.bind(s),
                V::OB(b) => q.bind(b),
            };
        }
    }
    q
}

//! Saved views of the case list (migration 0048): a user's named query strings, nothing else.

use crate::Store;
use crate::error::Result;
use crate::rows::{i64_col, text};

#[derive(Clone, Debug)]
pub struct SavedViewRecord {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub query: String,
    pub created_at: i64,
    pub updated_at: i64,
}

fn record(row: &sqlx::any::AnyRow) -> Result<SavedViewRecord> {
    Ok(SavedViewRecord {
        id: i64_col(row, "id")?,
        user_id: i64_col(row, "user_id")?,
        name: text(row, "name")?,
        query: text(row, "query")?,
        created_at: i64_col(row, "created_at")?,
        updated_at: i64_col(row, "updated_at")?,
    })
}

const COLUMNS: &str = "id, user_id, name, query, created_at, updated_at";

impl Store {
    /// A user's saved views, oldest first.
    pub async fn saved_views(&self, user_id: i64) -> Result<Vec<SavedViewRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM saved_views WHERE user_id = $1 ORDER BY id");
        // Only the constant column list is formatted in.
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(user_id)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(record)
            .collect()
    }

    /// Saves a view unless the user already has `max` of them (counted in the same
    /// transaction); its id, or `None` when full.
    pub async fn insert_saved_view(
        &self,
        user_id: i64,
        name: &str,
        query: &str,
        max: i64,
        now_ms: i64,
    ) -> Result<Option<i64>> {
        let mut tx = self.write.begin().await?;
        let row = sqlx::query("SELECT COUNT(*) AS n FROM saved_views WHERE user_id = $1")
            .bind(user_id)
            .fetch_one(&mut *tx)
            .await?;
        let have = i64_col(&row, "n")?;
        if have >= max {
            return Ok(None);
        }
        let row = sqlx::query(
            "INSERT INTO saved_views (user_id, name, query, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $4) RETURNING id",
        )
        .bind(user_id)
        .bind(name)
        .bind(query)
        .bind(now_ms)
        .fetch_one(&mut *tx)
        .await?;
        let id = i64_col(&row, "id")?;
        tx.commit().await?;
        Ok(Some(id))
    }

    /// Renames the user's own view; false when the user has no such view.
    pub async fn rename_saved_view(
        &self,
        id: i64,
        user_id: i64,
        name: &str,
        now_ms: i64,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE saved_views SET name = $1, updated_at = $2 WHERE id = $3 AND user_id = $4",
        )
        .bind(name)
        .bind(now_ms)
        .bind(id)
        .bind(user_id)
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Deletes the user's own view; false when the user has no such view.
    pub async fn delete_saved_view(&self, id: i64, user_id: i64) -> Result<bool> {
        let done = sqlx::query("DELETE FROM saved_views WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(user_id)
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected() == 1)
    }
}

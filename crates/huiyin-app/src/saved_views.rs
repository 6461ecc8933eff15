//! Saved views of the case list (我的视图, issue 12 item 4): a user's named list query string.
//! A view carries no cases: opening it runs the list again under the user's visibility of
//! that day (the same list, the same firewall). Only its owner reads, renames or deletes it;
//! anyone else's id is `saved_view.not_found`.

use huiyin_core::error::{DomainError, ErrorCode};

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;

/// Most views one user keeps.
pub const MAX_SAVED_VIEWS: i64 = 20;
/// Longest view name, in characters.
pub const MAX_VIEW_NAME: usize = 40;
/// Longest stored query string, in bytes (the list's query strings are far shorter).
const MAX_VIEW_QUERY: usize = 2_000;

#[derive(Clone, Debug, serde::Serialize)]
pub struct SavedView {
    pub id: i64,
    pub name: String,
    /// The list's query string (no leading `?`), e.g. `status=handling&sort=due_asc`.
    pub query: String,
}

fn name_of(name: &str) -> Result<String> {
    let name = name.trim();
    let n = name.chars().count();
    if n == 0 || n > MAX_VIEW_NAME || name.chars().any(char::is_control) {
        return Err(DomainError::new(ErrorCode::SavedViewName)
            .field("name")
            .into());
    }
    Ok(name.to_owned())
}

fn query_of(query: &str) -> Result<String> {
    let query = query.trim().trim_start_matches('?');
    if query.len() > MAX_VIEW_QUERY || query.chars().any(|c| c.is_control() || c == '#') {
        return Err(DomainError::new(ErrorCode::Validation)
            .field("query")
            .into());
    }
    Ok(query.to_owned())
}

impl App {
    /// The user's saved views, oldest first.
    pub async fn saved_views(&self, user: &CurrentUser) -> Result<Vec<SavedView>> {
        Ok(self
            .store
            .saved_views(user.id)
            .await?
            .into_iter()
            .map(|r| SavedView {
                id: r.id,
                name: r.name,
                query: r.query,
            })
            .collect())
    }

    /// Saves the list's query string under a name (1–40 characters; at most 20 views).
    pub async fn save_view(
        &self,
        user: &CurrentUser,
        name: &str,
        query: &str,
    ) -> Result<SavedView> {
        let name = name_of(name)?;
        let query = query_of(query)?;
        match self
            .store
            .insert_saved_view(user.id, &name, &query, MAX_SAVED_VIEWS, self.now_ms())
            .await?
        {
            Some(id) => Ok(SavedView { id, name, query }),
            None => Err(ErrorCode::SavedViewsFull.into()),
        }
    }

    /// Renames one of the user's own views.
    pub async fn rename_view(&self, user: &CurrentUser, id: i64, name: &str) -> Result<()> {
        let name = name_of(name)?;
        if self
            .store
            .rename_saved_view(id, user.id, &name, self.now_ms())
            .await?
        {
            Ok(())
        } else {
            Err(ErrorCode::SavedViewNotFound.into())
        }
    }

    /// Deletes one of the user's own views.
    pub async fn delete_view(&self, user: &CurrentUser, id: i64) -> Result<()> {
        if self.store.delete_saved_view(id, user.id).await? {
            Ok(())
        } else {
            Err(ErrorCode::SavedViewNotFound.into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_queries_are_checked() {
        assert!(name_of("  我的待办 ").is_ok_and(|n| n == "我的待办"));
        assert!(name_of("   ").is_err());
        assert!(name_of(&"字".repeat(40)).is_ok());
        assert!(name_of(&"字".repeat(41)).is_err());
        assert!(name_of("a\nb").is_err());
        assert!(query_of("?sort=due_asc").is_ok_and(|q| q == "sort=due_asc"));
        assert!(query_of(&"a".repeat(2_001)).is_err());
    }
}

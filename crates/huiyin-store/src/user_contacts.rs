//! Staff members' work contacts (migration 0055): a mobile number for SMS and an e-mail address,
//! sealed like every phone number, read by the outbox worker to address a message.

use crate::Store;
use crate::error::Result;
use crate::rows::{i64_col, opt_text};

/// A staff member's contacts, in clear.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserContact {
    pub phone: Option<String>,
    pub email: Option<String>,
}

impl Store {
    /// Stores (sealed) or clears a user's contacts; false when there is no such user.
    pub async fn set_user_contact(&self, user_id: i64, contact: &UserContact) -> Result<bool> {
        let done = sqlx::query("UPDATE users SET phone = $1, email = $2 WHERE id = $3")
            .bind(self.seal(contact.phone.as_deref())?)
            .bind(self.seal(contact.email.as_deref())?)
            .bind(user_id)
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The contacts of the given users that have any, in clear.
    pub async fn user_contacts(&self, user_ids: &[i64]) -> Result<Vec<(i64, UserContact)>> {
        if user_ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT id, phone, email FROM users WHERE id IN ({}) \
             AND (phone IS NOT NULL OR email IS NOT NULL) ORDER BY id",
            crate::search::id_list(user_ids)
        )))
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    i64_col(r, "id")?,
                    UserContact {
                        phone: self.open(opt_text(r, "phone")?)?,
                        email: self.open(opt_text(r, "email")?)?,
                    },
                ))
            })
            .collect()
    }
}

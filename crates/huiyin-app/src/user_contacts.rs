//! A staff member's work contacts (issue 17 item 3): the mobile number the SMS gateway and
//! the e-mail address SMTP deliver the outbox's messages to. Set by a system administrator
//! (API) or the command line; stored sealed; answered masked; audited without the values.

use huiyin_core::contact::{email_ok, normalise_mobile};
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::policy::mask_phone;
use huiyin_store::UserContact;
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;
use crate::org::require_admin;

/// The contacts to store; an empty or missing value clears it.
#[derive(Clone, Debug, Default)]
pub struct ContactInput {
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// Whose contacts.
#[derive(Clone, Debug)]
pub enum UserRef {
    Id(i64),
    Username(String),
}

/// The contacts as stored, the phone masked.
#[derive(Clone, Debug, Serialize)]
pub struct ContactView {
    pub user_id: i64,
    pub username: String,
    pub phone: Option<String>,
    pub email: Option<String>,
}

impl App {
    /// Sets (or clears) a user's contacts: administrators, or the command line (`by` None).
    #[tracing::instrument(name = "app.set_user_contact", skip_all)]
    pub async fn set_user_contact(
        &self,
        by: Option<&CurrentUser>,
        who: UserRef,
        input: ContactInput,
    ) -> Result<ContactView> {
        require_admin(by)?;
        let user = match &who {
            UserRef::Id(id) => self.store.user_by_id(*id).await?,
            UserRef::Username(name) => self.store.user_by_username(name.trim()).await?,
        }
        .ok_or(ErrorCode::NotFound)?;
        let given = |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        let (phone, email) = (given(input.phone), given(input.email));
        let mut err: Option<DomainError> = None;
        let phone = match phone {
            Some(p) => match normalise_mobile(&p) {
                Some(n) => Some(n),
                None => {
                    err = Some(DomainError::new(ErrorCode::Validation).with(
                        "phone",
                        "手机号应为11位大陆手机号码",
                        "an 11-digit mainland mobile number",
                    ));
                    None
                }
            },
            None => None,
        };
        if let Some(e) = &email
            && !email_ok(e)
        {
            err = Some(
                err.unwrap_or_else(|| DomainError::new(ErrorCode::Validation))
                    .with("email", "电子邮箱地址格式不正确", "not an e-mail address"),
            );
        }
        if let Some(e) = err {
            return Err(e.into());
        }
        let contact = UserContact { phone, email };
        self.store.set_user_contact(user.id, &contact).await?;
        let state = |v: &Option<String>| if v.is_some() { "set" } else { "cleared" };
        self.audit(
            by,
            "command-line",
            "config.user_contact",
            &user.username,
            "ok",
            &format!(
                "phone={} email={}",
                state(&contact.phone),
                state(&contact.email)
            ),
        )
        .await?;
        Ok(ContactView {
            user_id: user.id,
            username: user.username,
            phone: contact.phone.as_deref().map(mask_phone),
            email: contact.email,
        })
    }
}

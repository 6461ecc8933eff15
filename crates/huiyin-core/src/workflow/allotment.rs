//! 分办 within the handling unit (issue 12 item 1): the registrar or a leader names the 承办人
//! (`allot`), changes them (改派, with a reason) or takes the case back (`take_back`). A case
//! that moves to another unit leaves its handler behind (`step` clears it): the new unit
//! allots it again.

use crate::case::Case;
use crate::error::{DomainError, ErrorCode};
use crate::workflow::step::required_text;

/// Names the handler (the app has checked who they are and filled in their name); returns the
/// timeline's notes.
pub(super) fn allot(
    c: &mut Case,
    handler_user_id: i64,
    handler_name: &str,
    reason: Option<&str>,
) -> Result<(String, String), DomainError> {
    let name = if handler_name.trim().is_empty() {
        format!("用户{handler_user_id}")
    } else {
        handler_name.trim().to_owned()
    };
    match c.detail.handler_user_id {
        Some(current) if current == handler_user_id => Err(DomainError::invalid(
            "handler_user_id",
            "本件已由该承办人办理",
            "the case is already with this handler",
        )),
        Some(_) => {
            let reason = required_text("reason", reason.unwrap_or(""), 500)?;
            c.detail.handler_user_id = Some(handler_user_id);
            c.detail.handler_name = Some(name.clone());
            Ok((
                format!("改派承办人：{name}（理由：{reason}）"),
                format!("handler changed to {name} (reason: {reason})"),
            ))
        }
        None => {
            c.detail.handler_user_id = Some(handler_user_id);
            c.detail.handler_name = Some(name.clone());
            Ok((format!("分办：承办人{name}"), format!("allotted to {name}")))
        }
    }
}

/// Takes the case back from its handler; returns the timeline's notes.
pub(super) fn take_back(
    c: &mut Case,
    reason: Option<&str>,
) -> Result<(String, String), DomainError> {
    if c.detail.handler_user_id.take().is_none() {
        return Err(ErrorCode::ActionNotAllowed.into());
    }
    c.detail.handler_name = None;
    Ok(match reason.map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) => (
            format!("收回承办（理由：{r}），待重新分办"),
            format!("taken back from the handler ({r}); to be allotted again"),
        ),
        None => (
            "收回承办，待重新分办".to_owned(),
            "taken back from the handler; to be allotted again".to_owned(),
        ),
    })
}

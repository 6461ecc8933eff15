//! The confirmation at the top of the case page after a form went through (`?done=`): a
//! workflow step, the registration, a supervision order or its answer, an attachment, or a
//! notice.

use huiyin_app::workbench::NoticeKind;
use huiyin_core::workflow::ActionKind;

use crate::error::Lang;
use crate::pages::i18n::{msgs, pick};

/// The confirmation of `done` (the query value) for the case numbered `number`, if it names
/// something done.
pub(super) fn done_message(done: Option<&str>, number: &str, lang: Lang) -> Option<String> {
    let message = done
        .and_then(ActionKind::parse)
        .map(|k| format!("{}{}", msgs(lang).done, pick(lang, k.zh(), k.en())));
    let message = message.or_else(|| {
        (done == Some("register")).then(|| format!("{} {}", msgs(lang).registered_ok, number))
    });
    let message = message.or_else(|| match done {
        Some("supervise") => Some(pick(lang, "已发出督办", "Order issued").to_owned()),
        Some("supervision_response") => {
            Some(pick(lang, "已反馈督办", "Answer recorded").to_owned())
        }
        _ => None,
    });
    let message =
        message.or_else(|| (done == Some("attach")).then(|| msgs(lang).attached_ok.to_owned()));
    message.or_else(|| {
        done.and_then(|d| d.strip_prefix("notice:"))
            .and_then(NoticeKind::parse)
            .map(|k| format!("{}{}", msgs(lang).done, pick(lang, k.zh(), k.en())))
    })
}

//! Delivered in-app messages of the outbox in the user's notification list (issue 13 item 2):
//! those addressed to the user, or to an audience of their body they belong to — and, for a
//! warning, only while the user may see it (the warnings' own scope and firewall).

use huiyin_core::Date;
use huiyin_core::outbox::{Audience, in_audience};
use huiyin_core::policy::visibility_root;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;
use crate::notifications::{Notification, NotificationKind};

/// How many delivered messages the list shows at most (the newest).
const INBOX_LIMIT: i64 = 20;

impl App {
    /// The user's delivered in-app messages, newest first, as notifications.
    pub(crate) async fn outbox_notifications(
        &self,
        user: &CurrentUser,
    ) -> Result<Vec<Notification>> {
        let Some(sight) = self.outbox_sight(user) else {
            return Ok(Vec::new());
        };
        let actor = user.actor();
        let org = self.org();
        let body = visibility_root(&actor, &org);
        let audiences: Vec<Audience> = Audience::ALL
            .iter()
            .copied()
            .filter(|a| in_audience(&actor, &org, body, *a))
            .collect();
        let messages = self
            .store
            .inbox(user.id, body, &audiences, &sight, INBOX_LIMIT)
            .await?;
        Ok(messages
            .iter()
            .map(|m| {
                let view = self.outbox_view(m);
                Notification {
                    key: format!("outbox:{}", m.id),
                    kind: NotificationKind::Message,
                    kind_label: m.event.zh(),
                    case_id: None,
                    warning_id: m.warning_id,
                    text: m.text_zh.clone(),
                    text_en: m.text_en.clone(),
                    link: view.link,
                    on: m.sent_at.map(Date::from_unix_millis_beijing),
                    unread: true,
                }
            })
            .collect())
    }
}

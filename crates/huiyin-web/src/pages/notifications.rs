//! Notifications in the staff pages (issue 12 item 7): `/notifications` lists them (unread
//! first marked, each linking to its case or warning, marked read one by one or all at once),
//! and `/notifications/badge` is the link with the unread count that every page's header loads
//! and refreshes each minute (htmx), so the count moves without a reload.

use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_app::Notification;

use super::chrome::{Chrome, error_page, render};
use super::i18n::pick;
use super::session::{QuietStaff, Staff, StaffForm};
use crate::AppState;

/// A notification as a row of the page.
pub struct NotificationRow {
    pub key: String,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub text: String,
    pub link: String,
    pub on: String,
    pub unread: bool,
}

#[derive(Template)]
#[template(path = "staff/notifications.html")]
struct NotificationsPage {
    c: Chrome,
    rows: Vec<NotificationRow>,
    unread: i64,
}

fn row(n: &Notification, lang: crate::error::Lang) -> NotificationRow {
    NotificationRow {
        key: n.key.clone(),
        kind: n.kind.as_str(),
        kind_label: pick(lang, n.kind.zh(), n.kind.en()),
        text: pick(lang, &n.text, &n.text_en).to_owned(),
        link: n.link.clone(),
        on: n.on.map(|d| d.to_string()).unwrap_or_default(),
        unread: n.unread,
    }
}

/// `GET /notifications`
pub async fn list(State(s): State<AppState>, staff: Staff) -> Response {
    let lang = staff.lang;
    match s.app.notifications(&staff.user).await {
        Ok(n) => render(&NotificationsPage {
            c: Chrome::new(
                &s,
                &staff,
                "notifications",
                pick(lang, "通知", "Notifications"),
            ),
            rows: n.items.iter().map(|x| row(x, lang)).collect(),
            unread: n.unread,
        }),
        Err(e) => error_page(&s, &staff, &e),
    }
}

/// `GET /notifications/badge`: the header's link with the unread count (an htmx fragment that
/// asks for itself again in a minute). Not a use of the session: an open tab left alone still
/// reaches the idle limit.
pub async fn badge(State(s): State<AppState>, QuietStaff(staff): QuietStaff) -> Response {
    let lang = staff.lang;
    let unread = s
        .app
        .notifications(&staff.user)
        .await
        .map(|n| n.unread)
        .unwrap_or(0);
    let label = pick(lang, "通知", "Notifications");
    let count = if unread > 0 {
        let title = pick(lang, "条未读", " unread");
        format!(
            " <span class=\"count\" data-testid=\"unread\" title=\"{unread}{title}\">{unread}</span>"
        )
    } else {
        String::new()
    };
    let html = format!(
        "<a href=\"/notifications\" id=\"notify-link\" data-testid=\"notify-link\" \
         hx-get=\"/notifications/badge\" hx-trigger=\"every 60s\" hx-swap=\"outerHTML\">{label}{count}</a>"
    );
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        html,
    )
        .into_response()
}

/// `POST /notifications/read`: marks one (`key`) or all read, then back to the list.
pub async fn read(State(s): State<AppState>, form: StaffForm) -> Response {
    let staff = form.staff;
    let key = form.fields.get("key").map(str::to_owned);
    let keys = key.map(|k| vec![k]);
    match s
        .app
        .mark_notifications_read(&staff.user, keys.as_deref())
        .await
    {
        Ok(_) => Redirect::to("/notifications").into_response(),
        Err(e) => error_page(&s, &staff, &e),
    }
}

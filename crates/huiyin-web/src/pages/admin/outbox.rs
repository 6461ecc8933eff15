//! `GET /admin/outbox`: the outbox's messages (消息发件箱; issue 13 item 2) the administrator
//! sees — those addressed to the units of their subtree, through the firewall — newest first,
//! 50 a page, filtered by status and channel, each with its event, channel, recipient, status,
//! attempts, last error and times; `POST /admin/outbox/{id}/retry` sends a failed one again
//! (confirmed first, audited by the app). The same use cases as `GET /api/v1/outbox` and
//! `POST /api/v1/outbox/{id}/retry`; like every administration page, system administrators only.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use huiyin_app::{AppError, OutboxList, OutboxView};
use huiyin_core::error::DomainError;
use huiyin_core::outbox::{Channel, OutboxStatus};
use serde::Deserialize;

use super::{AdminMsgs, Feedback, Tab, admin_msgs, guard, tabs};
use crate::AppState;
use crate::api::outbox::OutboxParams;
use crate::error::Lang;
use crate::pages::chrome::{Chrome, render_status};
use crate::pages::i18n::pick;
use crate::pages::list::Opt;
use crate::pages::session::{Staff, StaffForm};

const PER_PAGE: u32 = 50;

/// The query string as typed.
#[derive(Deserialize, Default, Clone)]
pub struct OutboxQuery {
    pub status: Option<String>,
    pub channel: Option<String>,
    pub page: Option<String>,
}

/// The filters as read: a value that does not read is left out and named.
struct Filters {
    status: Option<OutboxStatus>,
    channel: Option<Channel>,
    page: u32,
    problem: Option<DomainError>,
}

impl Filters {
    fn read(q: &OutboxQuery) -> Filters {
        let p = OutboxParams {
            status: q.status.clone(),
            channel: q.channel.clone(),
            page: None,
            per_page: None,
        };
        let (status, e1) = match p.status() {
            Ok(v) => (v, None),
            Err(e) => (None, Some(e)),
        };
        let (channel, e2) = match p.channel() {
            Ok(v) => (v, None),
            Err(e) => (None, Some(e)),
        };
        let page = q
            .page
            .as_deref()
            .and_then(|p| p.trim().parse::<u32>().ok())
            .unwrap_or(1)
            .max(1);
        Filters {
            status,
            channel,
            page,
            problem: e1.or(e2),
        }
    }

    /// The query string of these filters on `page`.
    fn href(&self, page: u32) -> String {
        let mut q = Vec::new();
        if let Some(s) = self.status {
            q.push(format!("status={}", s.as_str()));
        }
        if let Some(c) = self.channel {
            q.push(format!("channel={}", c.as_str()));
        }
        if page > 1 {
            q.push(format!("page={page}"));
        }
        if q.is_empty() {
            "/admin/outbox".to_owned()
        } else {
            // Wire values only (ASCII letters and `_`): nothing to escape.
            format!("/admin/outbox?{}", q.join("&"))
        }
    }
}

/// One message as a table row.
pub struct Row {
    pub m: OutboxView,
    pub event: &'static str,
    pub channel: &'static str,
    pub audience: &'static str,
    pub status: &'static str,
    pub status_class: &'static str,
    pub text: String,
    pub created: String,
    pub sent: String,
    pub failed: bool,
}

/// `2026-06-30T12:15:00+08:00` as `2026-06-30 12:15`.
fn minute(t: &str) -> String {
    t.get(..16).unwrap_or(t).replace('T', " ")
}

fn row(m: OutboxView, lang: Lang) -> Row {
    Row {
        event: pick(lang, m.event.zh(), m.event.en()),
        channel: pick(lang, m.channel.zh(), m.channel.en()),
        audience: m.audience.map_or(pick(lang, "指定用户", "One user"), |a| {
            pick(lang, a.zh(), a.en())
        }),
        status: pick(lang, m.status.zh(), m.status.en()),
        status_class: match m.status {
            OutboxStatus::Pending => "b-amber",
            OutboxStatus::Sent => "b-blue",
            OutboxStatus::Failed => "b-red",
        },
        text: pick(lang, &m.text, &m.text_en).to_owned(),
        created: minute(&m.created_at),
        sent: m.sent_at.as_deref().map(minute).unwrap_or_default(),
        failed: m.status == OutboxStatus::Failed,
        m,
    }
}

#[derive(Template)]
#[template(path = "staff/admin/outbox.html")]
struct OutboxPage {
    c: Chrome,
    a: &'static AdminMsgs,
    tabs: Vec<Tab>,
    fb: Feedback,
    rows: Vec<Row>,
    total: i64,
    pending: i64,
    sent: i64,
    failed: i64,
    statuses: Vec<Opt>,
    channels: Vec<Opt>,
    status: String,
    channel: String,
    page: u32,
    pages: u32,
    prev_href: String,
    next_href: String,
}

fn options<T: Copy>(
    all: &[T],
    chosen: Option<T>,
    wire: fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
    lang: Lang,
) -> Vec<Opt> {
    let mut out = vec![Opt {
        value: String::new(),
        label: pick(lang, "全部", "All").to_owned(),
        selected: chosen.is_none(),
    }];
    out.extend(all.iter().map(|v| Opt {
        value: wire(*v).to_owned(),
        label: label(*v).to_owned(),
        selected: chosen.is_some_and(|c| wire(c) == wire(*v)),
    }));
    out
}

async fn render_page(
    s: &AppState,
    staff: &Staff,
    f: &Filters,
    mut fb: Feedback,
    status: StatusCode,
) -> Response {
    let lang = staff.lang;
    let a = admin_msgs(lang);
    // A filter that does not read is named and left out; the rest of the list still shows.
    let mut status = status;
    if let (Some(e), None) = (&f.problem, &fb.error_message) {
        fb = Feedback::failed(&AppError::Domain(e.clone()), lang, &[]);
        status = StatusCode::UNPROCESSABLE_ENTITY;
    }
    let list = match s
        .app
        .outbox(&staff.user, f.status, f.channel, f.page, PER_PAGE)
        .await
    {
        Ok(l) => l,
        Err(e) => return crate::pages::chrome::error_page(s, staff, &e),
    };
    let OutboxList {
        items,
        total,
        pending,
        sent,
        failed,
        ..
    } = list;
    let pages = u32::try_from((total + i64::from(PER_PAGE) - 1) / i64::from(PER_PAGE))
        .unwrap_or(1)
        .max(1);
    render_status(
        status,
        &OutboxPage {
            c: Chrome::new(s, staff, "admin", a.outbox),
            a,
            tabs: tabs(lang, "/admin/outbox"),
            fb,
            rows: items.into_iter().map(|m| row(m, lang)).collect(),
            total,
            pending,
            sent,
            failed,
            statuses: options(
                OutboxStatus::ALL,
                f.status,
                OutboxStatus::as_str,
                |v| pick(lang, v.zh(), v.en()),
                lang,
            ),
            channels: options(
                Channel::ALL,
                f.channel,
                Channel::as_str,
                |v| pick(lang, v.zh(), v.en()),
                lang,
            ),
            status: f.status.map(|v| v.as_str().to_owned()).unwrap_or_default(),
            channel: f.channel.map(|v| v.as_str().to_owned()).unwrap_or_default(),
            page: f.page,
            pages,
            prev_href: f.href(f.page.saturating_sub(1).max(1)),
            next_href: f.href(f.page + 1),
        },
    )
}

/// `GET /admin/outbox`
pub async fn page(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<OutboxQuery>,
) -> Response {
    if let Some(r) = guard(&s, &staff) {
        return r;
    }
    render_page(
        &s,
        &staff,
        &Filters::read(&q),
        Feedback::default(),
        StatusCode::OK,
    )
    .await
}

/// `POST /admin/outbox/{id}/retry`: the failed message pending again; the page comes back
/// with the filters it was posted from.
pub async fn retry(State(s): State<AppState>, Path(id): Path<String>, form: StaffForm) -> Response {
    let StaffForm { staff, fields } = form;
    if let Some(r) = guard(&s, &staff) {
        return r;
    }
    let lang = staff.lang;
    let f = Filters::read(&OutboxQuery {
        status: fields.get("status").map(str::to_owned),
        channel: fields.get("channel").map(str::to_owned),
        page: fields.get("page").map(str::to_owned),
    });
    let outcome = match id.trim().parse::<i64>() {
        Ok(id) => s.app.retry_outbox(&staff.user, id).await,
        Err(_) => Err(AppError::code(
            huiyin_core::error::ErrorCode::OutboxNotFound,
        )),
    };
    let (fb, status) = match outcome {
        Ok(m) => (
            Feedback::done(match lang {
                Lang::Zh => format!("消息 {} 已重新排队，将在下一次发送时投递", m.id),
                Lang::En => format!(
                    "Message {} is queued again for the next delivery pass",
                    m.id
                ),
            }),
            StatusCode::OK,
        ),
        Err(e) => (
            Feedback::failed(&e, lang, &[]),
            crate::error::status_of(e.error_code()),
        ),
    };
    render_page(&s, &staff, &f, fb, status).await
}

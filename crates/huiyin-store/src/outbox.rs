//! The outbox (migration 0047): messages written in the transaction of the event they tell of,
//! delivered by a worker (`outbox_delivery.rs`), listed for the administrator and the petition
//! offices of a scope.

use huiyin_core::org::UnitId;
use huiyin_core::outbox::{Audience, Channel, OutboxEvent, OutboxStatus};
use sqlx::{Any, Transaction};

use crate::Store;
use crate::error::Result;
use crate::firewall::Firewall;
use crate::rows::{i64_col, opt_i64, opt_text, parse_wire, text};
use crate::search::{Scope, id_list};

/// A message to write with its event; the subject (warning or incident) is the event's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxDraft {
    pub event: OutboxEvent,
    pub recipient_unit_id: Option<UnitId>,
    pub audience: Option<Audience>,
    pub recipient_user_id: Option<i64>,
    pub channel: Channel,
    pub text_zh: String,
    pub text_en: String,
    /// What makes the message one of a kind besides its subject, recipient and channel (the
    /// level raised, the deadline missed): a second write of the same key changes nothing.
    pub key: String,
}

/// What a message is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutboxSubject {
    Warning(i64),
    Incident(i64),
}

/// A stored message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxRecord {
    pub id: i64,
    pub event: OutboxEvent,
    pub warning_id: Option<i64>,
    pub incident_id: Option<i64>,
    pub recipient_unit_id: Option<UnitId>,
    pub audience: Option<Audience>,
    pub recipient_user_id: Option<i64>,
    pub channel: Channel,
    pub text_zh: String,
    pub text_en: String,
    pub status: OutboxStatus,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub next_attempt_at: Option<i64>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

/// What became of a delivery attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutboxOutcome {
    Sent {
        at: i64,
    },
    /// The attempt failed: `failed`, one attempt more, tried again at `retry_at` (never by
    /// itself when `None`).
    Failed {
        error: String,
        retry_at: Option<i64>,
    },
    /// Not attempted (no transport configured): still `pending`, with the reason.
    Waiting {
        reason: String,
        retry_at: i64,
    },
}

/// Which messages a reader sees: a case worker those about the warnings they may see (the
/// warnings' own scope and firewall) and the incidents of `units`; an administrator those
/// addressed to `units`, minus any about a case the firewall hides from them.
#[derive(Clone, Debug)]
pub struct OutboxSight {
    pub case_worker: bool,
    pub scope: Scope,
    pub firewall: Firewall,
    /// The units of the reader's subtree; `None`: every unit.
    pub units: Option<Vec<UnitId>>,
}

pub(crate) const COLUMNS: &str = "o.id, o.event, o.warning_id, o.incident_id, o.recipient_unit_id, o.audience, \
     o.recipient_user_id, o.channel, o.text_zh, o.text_en, o.status, o.attempts, o.last_error, \
     o.next_attempt_at, o.created_at, o.sent_at";

pub(crate) fn record(r: &sqlx::any::AnyRow) -> Result<OutboxRecord> {
    Ok(OutboxRecord {
        id: i64_col(r, "id")?,
        event: parse_wire("event", &text(r, "event")?, OutboxEvent::parse)?,
        warning_id: opt_i64(r, "warning_id")?,
        incident_id: opt_i64(r, "incident_id")?,
        recipient_unit_id: opt_i64(r, "recipient_unit_id")?,
        audience: match opt_text(r, "audience")? {
            Some(a) => Some(parse_wire("audience", &a, Audience::parse)?),
            None => None,
        },
        recipient_user_id: opt_i64(r, "recipient_user_id")?,
        channel: parse_wire("channel", &text(r, "channel")?, Channel::parse)?,
        text_zh: text(r, "text_zh")?,
        text_en: text(r, "text_en")?,
        status: parse_wire("status", &text(r, "status")?, OutboxStatus::parse)?,
        attempts: i64_col(r, "attempts")?,
        last_error: opt_text(r, "last_error")?,
        next_attempt_at: opt_i64(r, "next_attempt_at")?,
        created_at: i64_col(r, "created_at")?,
        sent_at: opt_i64(r, "sent_at")?,
    })
}

/// Writes the messages of an event inside its transaction, in one statement; how many were
/// new (a message already written under its key is left as it is).
pub(crate) async fn insert_outbox_in(
    tx: &mut Transaction<'_, Any>,
    subject: OutboxSubject,
    drafts: &[OutboxDraft],
    now_ms: i64,
) -> Result<u64> {
    let rows: Vec<(OutboxSubject, &OutboxDraft)> = drafts.iter().map(|d| (subject, d)).collect();
    insert_outbox_rows(tx, &rows, now_ms).await
}

/// Messages written by one statement: ten bound values each, well under either database's
/// limit on bound parameters.
const MESSAGES_PER_STATEMENT: usize = 300;

/// Writes the messages of several events (a batch of registrations' new warnings) inside the
/// caller's transaction, one statement for up to [`MESSAGES_PER_STATEMENT`] of them; how many
/// were new.
pub(crate) async fn insert_outbox_rows(
    tx: &mut Transaction<'_, Any>,
    messages: &[(OutboxSubject, &OutboxDraft)],
    now_ms: i64,
) -> Result<u64> {
    let mut written = 0;
    for chunk in messages.chunks(MESSAGES_PER_STATEMENT) {
        written += insert_outbox_chunk(tx, chunk, now_ms).await?;
    }
    Ok(written)
}

async fn insert_outbox_chunk(
    tx: &mut Transaction<'_, Any>,
    messages: &[(OutboxSubject, &OutboxDraft)],
    now_ms: i64,
) -> Result<u64> {
    if messages.is_empty() {
        return Ok(0);
    }
    // The time is bound like the rest (`$1`), so the statement's text depends only on how many
    // messages it writes and stays in the writer's statement cache: written into the text, it
    // made a statement of its own for every registration that raised a warning.
    let rows: Vec<String> = (0..messages.len())
        .map(|i| {
            let b = i * 10 + 1;
            format!(
                "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, 'pending', 0, ${}, $1, $1)",
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6,
                b + 7,
                b + 8,
                b + 9,
                b + 10,
            )
        })
        .collect();
    let sql = format!(
        "INSERT INTO outbox (event, warning_id, incident_id, recipient_unit_id, audience, recipient_user_id, \
         channel, text_zh, text_en, status, attempts, dedup_key, created_at, next_attempt_at) VALUES {} \
         ON CONFLICT (dedup_key) DO NOTHING",
        rows.join(", ")
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(now_ms);
    for (subject, d) in messages {
        let (warning_id, incident_id, tag) = match *subject {
            OutboxSubject::Warning(id) => (Some(id), None, format!("w{id}")),
            OutboxSubject::Incident(id) => (None, Some(id), format!("i{id}")),
        };
        let who = match (d.recipient_unit_id, d.recipient_user_id) {
            (_, Some(user)) => format!("user{user}"),
            (Some(unit), None) => format!("unit{unit}"),
            (None, None) => "nobody".to_owned(),
        };
        let key = format!(
            "{tag}:{}:{}:{who}:{}:{}",
            d.event.as_str(),
            d.key,
            d.audience.map_or("", |a| a.as_str()),
            d.channel.as_str()
        );
        q = q
            .bind(d.event.as_str())
            .bind(warning_id)
            .bind(incident_id)
            .bind(d.recipient_unit_id)
            .bind(d.audience.map(|a| a.as_str()))
            .bind(d.recipient_user_id)
            .bind(d.channel.as_str())
            .bind(d.text_zh.clone())
            .bind(d.text_en.clone())
            .bind(key);
    }
    Ok(q.execute(&mut **tx).await?.rows_affected())
}

/// The condition on `outbox o` of a reader; `None` when they see nothing.
fn sight_sql(s: &OutboxSight) -> Option<String> {
    let units = |col: &str| match &s.units {
        None => "1 = 1".to_owned(),
        Some(u) if u.is_empty() => "1 = 0".to_owned(),
        Some(u) => format!("{col} IN ({})", id_list(u)),
    };
    if s.case_worker {
        let visible = crate::warnings::visible_sql(&s.scope, &s.firewall)?;
        Some(format!(
            "((o.warning_id IS NOT NULL AND EXISTS (SELECT 1 FROM warnings w WHERE w.id = o.warning_id AND {visible})) \
             OR (o.incident_id IS NOT NULL AND EXISTS (SELECT 1 FROM incidents i WHERE i.id = o.incident_id AND {})))",
            units("i.unit_id")
        ))
    } else {
        let mut sql = units("o.recipient_unit_id");
        if let Some(hidden) = s.firewall.hidden_condition("x") {
            sql.push_str(&format!(
                " AND NOT EXISTS (SELECT 1 FROM warning_cases wx JOIN cases x ON x.id = wx.case_id \
                 WHERE wx.warning_id = o.warning_id AND {hidden})"
            ));
        }
        Some(sql)
    }
}

impl Store {
    /// One message, whoever asks (the app judges who may see it).
    pub async fn outbox_message(&self, id: i64) -> Result<Option<OutboxRecord>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM outbox o WHERE o.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.read)
        .await?;
        row.as_ref().map(record).transpose()
    }

    /// Whether a reader sees the message.
    pub async fn outbox_visible(&self, id: i64, sight: &OutboxSight) -> Result<bool> {
        let Some(cond) = sight_sql(sight) else {
            return Ok(false);
        };
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n FROM outbox o WHERE o.id = $1 AND {cond}"
        )))
        .bind(id)
        .fetch_one(&self.read)
        .await?;
        Ok(i64_col(&row, "n")? > 0)
    }

    /// The messages a reader sees, newest first, and how many; with `status` or `channel`,
    /// those only.
    pub async fn list_outbox(
        &self,
        sight: &OutboxSight,
        status: Option<OutboxStatus>,
        channel: Option<Channel>,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<OutboxRecord>, i64)> {
        let Some(mut cond) = sight_sql(sight) else {
            return Ok((Vec::new(), 0));
        };
        if let Some(s) = status {
            cond.push_str(&format!(" AND o.status = '{}'", s.as_str()));
        }
        if let Some(c) = channel {
            cond.push_str(&format!(" AND o.channel = '{}'", c.as_str()));
        }
        let count = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n FROM outbox o WHERE {cond}"
        )))
        .fetch_one(&self.read)
        .await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM outbox o WHERE {cond} ORDER BY o.id DESC LIMIT {limit} OFFSET {offset}"
        )))
        .fetch_all(&self.read)
        .await?;
        let items = rows.iter().map(record).collect::<Result<Vec<_>>>()?;
        Ok((items, i64_col(&count, "n")?))
    }

    /// How many messages of each status a reader sees.
    pub async fn outbox_counts(&self, sight: &OutboxSight) -> Result<Vec<(OutboxStatus, i64)>> {
        let Some(cond) = sight_sql(sight) else {
            return Ok(Vec::new());
        };
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT o.status, COUNT(*) AS n FROM outbox o WHERE {cond} GROUP BY o.status"
        )))
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    parse_wire("status", &text(r, "status")?, OutboxStatus::parse)?,
                    i64_col(r, "n")?,
                ))
            })
            .collect()
    }

    /// Sends a failed message again at once; false when it is not failed.
    pub async fn retry_outbox(&self, id: i64, now_ms: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE outbox SET status = 'pending', next_attempt_at = $1 WHERE id = $2 AND status = 'failed'",
        )
        .bind(now_ms)
        .bind(id)
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The in-app messages delivered to a user, newest first: to them, or to an audience of
    /// `unit_id` among `audiences`, and (for a warning) only if they may see the warning.
    pub async fn inbox(
        &self,
        user_id: i64,
        unit_id: UnitId,
        audiences: &[Audience],
        sight: &OutboxSight,
        limit: i64,
    ) -> Result<Vec<OutboxRecord>> {
        let Some(cond) = sight_sql(sight) else {
            return Ok(Vec::new());
        };
        let mut to = format!("o.recipient_user_id = {user_id}");
        if !audiences.is_empty() {
            let list: Vec<String> = audiences
                .iter()
                .map(|a| format!("'{}'", a.as_str()))
                .collect();
            to.push_str(&format!(
                " OR (o.recipient_unit_id = {unit_id} AND o.audience IN ({}))",
                list.join(", ")
            ));
        }
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM outbox o WHERE o.channel = 'in_app' AND o.status = 'sent' \
             AND ({to}) AND {cond} ORDER BY o.id DESC LIMIT {limit}"
        )))
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(record).collect()
    }

    /// The firewalls of the cases behind a warning: (accused unit, registering user).
    pub async fn warning_walls(&self, warning_id: i64) -> Result<Vec<(UnitId, Option<i64>)>> {
        let rows = sqlx::query(
            "SELECT c.walled_unit_id, c.registered_by FROM warning_cases wc JOIN cases c ON c.id = wc.case_id \
             WHERE wc.warning_id = $1 AND c.walled_unit_id IS NOT NULL",
        )
        .bind(warning_id)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| Ok((i64_col(r, "walled_unit_id")?, opt_i64(r, "registered_by")?)))
            .collect()
    }

    /// Writes messages outside another write (the escalation job at the top of the tree).
    pub async fn insert_outbox(
        &self,
        subject: OutboxSubject,
        drafts: &[OutboxDraft],
        now_ms: i64,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        insert_outbox_in(&mut tx, subject, drafts, now_ms).await?;
        tx.commit().await?;
        Ok(())
    }
}

//! `/metrics`: the Prometheus text of the request counters and latencies
//! ([`crate::observability`]) followed by the operators' backlog gauges — job queue depth,
//! outbox backlog, warnings not resolved — read fresh from the database at each scrape, so
//! every server on one database reports the same figures.
//!
//! Who may read it: a client on this host (loopback, after `trusted_proxies`), or one that sends
//! `Authorization: Bearer <metrics_token>`. Anyone else gets 403 `metrics.forbidden`: the
//! figures are counts without names, but a count of open warnings is still the office's to see.

use std::fmt::Write as _;
use std::net::IpAddr;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use huiyin_app::{Gauge, OperationsGauges};
use huiyin_core::error::ErrorCode;

use crate::AppState;
use crate::client_addr::ClientAddr;
use crate::error::{ApiError, Lang};

/// The handler of `/metrics`.
pub async fn metrics(
    State(s): State<AppState>,
    ClientAddr(client): ClientAddr,
    lang: Lang,
    headers: HeaderMap,
) -> Response {
    if !may_read(&client, &headers, s.web.metrics_token.as_deref()) {
        return ApiError::code(ErrorCode::MetricsForbidden, lang).into_response();
    }
    let mut text = s.metrics.render();
    match s.app.operations_gauges().await {
        Ok(g) => write_gauges(&mut text, &g),
        // The request figures still help while the database is away; /readyz says why.
        Err(e) => {
            tracing::warn!(error = %e, "metrics: could not read the backlog figures");
            text.push_str("# backlog figures unavailable: the database did not answer\n");
            text.push_str("huiyin_backlog_up 0\n");
        }
    }
    (
        [(CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        text,
    )
        .into_response()
}

/// Loopback clients always; others only with the configured token.
fn may_read(client: &str, headers: &HeaderMap, token: Option<&str>) -> bool {
    if client.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback()) {
        return true;
    }
    let Some(token) = token else {
        return false;
    };
    headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|given| same_secret(given.trim().as_bytes(), token.as_bytes()))
}

/// Compares without stopping at the first differing byte.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Appends the backlog gauges in the Prometheus text format.
fn write_gauges(out: &mut String, g: &OperationsGauges) {
    out.push_str("huiyin_backlog_up 1\n");
    labelled(
        out,
        "huiyin_jobs_queued",
        "Jobs not yet done (due now or later), by kind.",
        &["kind"],
        &g.jobs_queued,
    );
    single(
        out,
        "huiyin_jobs_due",
        "Jobs whose time has come and that no worker has finished.",
        g.jobs_due as f64,
    );
    single(
        out,
        "huiyin_jobs_oldest_due_seconds",
        "Seconds since the oldest due job should have run (0: none due).",
        g.oldest_due_job_seconds,
    );
    labelled(
        out,
        "huiyin_outbox_backlog",
        "Outbox messages not delivered, by channel and status (pending or failed).",
        &["channel", "status"],
        &g.outbox_backlog,
    );
    single(
        out,
        "huiyin_outbox_oldest_pending_seconds",
        "Seconds since the oldest pending outbox message was written (0: none pending).",
        g.oldest_pending_message_seconds,
    );
    labelled(
        out,
        "huiyin_warnings_unresolved",
        "Early warnings not resolved, by status and level.",
        &["status", "level"],
        &g.warnings_unresolved,
    );
}

fn single(out: &mut String, name: &str, help: &str, value: f64) {
    let _ = writeln!(
        out,
        "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}"
    );
}

fn labelled(out: &mut String, name: &str, help: &str, keys: &[&str], rows: &[Gauge]) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge");
    for row in rows {
        let labels: Vec<String> = keys
            .iter()
            .zip(&row.labels)
            .map(|(k, v)| format!("{k}=\"{}\"", escape(v)))
            .collect();
        let _ = writeln!(out, "{name}{{{}}} {}", labels.join(","), row.value);
    }
}

/// A label value as the text format wants it.
fn escape(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_reads_and_others_need_the_token() {
        let none = HeaderMap::new();
        assert!(may_read("127.0.0.1", &none, None));
        assert!(may_read("::1", &none, None));
        assert!(!may_read("203.0.113.7", &none, None));
        assert!(!may_read("unknown", &none, Some("s3cret-token-long")));
        let mut with = HeaderMap::new();
        with.insert(AUTHORIZATION, "Bearer s3cret-token-long".parse().unwrap());
        assert!(may_read("203.0.113.7", &with, Some("s3cret-token-long")));
        assert!(!may_read("203.0.113.7", &with, Some("s3cret-token-lonG")));
        assert!(!may_read("203.0.113.7", &with, None));
    }

    #[test]
    fn gauges_are_written_in_the_text_format() {
        let g = OperationsGauges {
            jobs_queued: vec![Gauge {
                labels: vec!["deadline_scan".into()],
                value: 2,
            }],
            jobs_due: 1,
            oldest_due_job_seconds: 1.5,
            outbox_backlog: vec![Gauge {
                labels: vec!["sms".into(), "pending".into()],
                value: 3,
            }],
            oldest_pending_message_seconds: 0.0,
            warnings_unresolved: vec![],
        };
        let mut out = String::new();
        write_gauges(&mut out, &g);
        assert!(
            out.contains("huiyin_jobs_queued{kind=\"deadline_scan\"} 2\n"),
            "{out}"
        );
        assert!(
            out.contains("huiyin_jobs_oldest_due_seconds 1.5\n"),
            "{out}"
        );
        assert!(
            out.contains("huiyin_outbox_backlog{channel=\"sms\",status=\"pending\"} 3\n"),
            "{out}"
        );
        assert!(
            out.contains("# TYPE huiyin_warnings_unresolved gauge\n"),
            "{out}"
        );
        assert_eq!(escape("a\"b\\c"), "a\\\"b\\\\c");
    }
}

//! Per-address rate limits of the portal: submissions, and failed query-code/PIN checks.
//! Counted in the database through the app (`App::rate_check`, `App::rate_hit`), so they hold
//! across every server on one database. Configured by `HUIYIN_PORTAL_SUBMIT_LIMIT` and
//! `HUIYIN_PORTAL_PIN_LIMIT` as `COUNT/SECONDS` (defaults 5/3600 and 10/900).

use huiyin_app::{App, RateWindow};

/// A sliding-window limit per address.
pub struct Window(RateWindow);

impl Window {
    pub fn new(bucket: &'static str, max: i64, window_secs: i64) -> Window {
        Window(RateWindow {
            bucket,
            max: max.max(1),
            window_secs: window_secs.max(1),
        })
    }

    /// Reads `COUNT/SECONDS` from the environment variable `var`, or the default.
    pub fn from_env(bucket: &'static str, var: &str, max: i64, window_secs: i64) -> Window {
        match std::env::var(var).ok().as_deref().and_then(parse) {
            Some((n, s)) => Window::new(bucket, n, s),
            None => Window::new(bucket, max, window_secs),
        }
    }

    /// `Err(seconds to wait)` when `addr` has used its allowance. A database that cannot be
    /// read lets the request through (logged): the request will meet the same database next.
    pub async fn check(&self, app: &App, addr: &str) -> Result<(), u64> {
        app.rate_check(self.0, addr).await.unwrap_or_else(|e| {
            tracing::warn!(error = %e, bucket = self.0.bucket, "rate limit not read");
            Ok(())
        })
    }

    /// Counts one use by `addr`.
    pub async fn hit(&self, app: &App, addr: &str) {
        if let Err(e) = app.rate_hit(self.0, addr).await {
            tracing::warn!(error = %e, bucket = self.0.bucket, "rate limit hit not recorded");
        }
    }
}

fn parse(v: &str) -> Option<(i64, i64)> {
    let (n, s) = v.trim().split_once('/')?;
    Some((n.trim().parse().ok()?, s.trim().parse().ok()?))
}

/// The portal's limits.
pub struct Limits {
    pub submit: Window,
    pub pin: Window,
}

impl Limits {
    pub fn from_env() -> Limits {
        Limits {
            submit: Window::from_env("portal_submit", "HUIYIN_PORTAL_SUBMIT_LIMIT", 5, 3600),
            pin: Window::from_env("portal_pin", "HUIYIN_PORTAL_PIN_LIMIT", 10, 900),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_read_as_count_per_seconds() {
        assert_eq!(parse("3/60"), Some((3, 60)));
        assert_eq!(parse(" 10 / 900 "), Some((10, 900)));
        assert_eq!(parse("10"), None);
        assert_eq!(parse("x/60"), None);
    }
}

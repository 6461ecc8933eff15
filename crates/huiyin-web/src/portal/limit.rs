//! Per-address rate limits of the portal (in memory, per process): submissions, and failed
//! query-code/PIN checks. Configured by `HUIYIN_PORTAL_SUBMIT_LIMIT` and
//! `HUIYIN_PORTAL_PIN_LIMIT` as `COUNT/SECONDS` (defaults 5/3600 and 10/900).

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

/// Addresses tracked before old entries are swept.
const MAX_TRACKED: usize = 100_000;

/// A sliding-window counter per address.
pub struct Window {
    max: usize,
    window_ms: i64,
    hits: Mutex<HashMap<String, VecDeque<i64>>>,
}

impl Window {
    pub fn new(max: usize, window_secs: i64) -> Window {
        Window {
            max: max.max(1),
            window_ms: window_secs.max(1) * 1000,
            hits: Mutex::new(HashMap::new()),
        }
    }

    /// Reads `COUNT/SECONDS` from the environment variable `var`, or the default.
    pub fn from_env(var: &str, max: usize, window_secs: i64) -> Window {
        let parsed = std::env::var(var).ok().and_then(|v| {
            let (n, s) = v.trim().split_once('/')?;
            Some((n.trim().parse().ok()?, s.trim().parse().ok()?))
        });
        match parsed {
            Some((n, s)) => Window::new(n, s),
            None => Window::new(max, window_secs),
        }
    }

    /// `Err(seconds to wait)` when `addr` has used its allowance at `now_ms`.
    pub fn check(&self, addr: &str, now_ms: i64) -> Result<(), u64> {
        let mut map = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        let Some(q) = map.get_mut(addr) else {
            return Ok(());
        };
        while q.front().is_some_and(|t| *t <= now_ms - self.window_ms) {
            q.pop_front();
        }
        if q.len() < self.max {
            return Ok(());
        }
        let oldest = q.front().copied().unwrap_or(now_ms);
        let wait_ms = (oldest + self.window_ms - now_ms).max(1000);
        Err(u64::try_from((wait_ms + 999) / 1000).unwrap_or(1))
    }

    /// Counts one use by `addr` at `now_ms`.
    pub fn hit(&self, addr: &str, now_ms: i64) {
        let mut map = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= MAX_TRACKED {
            let cutoff = now_ms - self.window_ms;
            map.retain(|_, q| q.back().is_some_and(|t| *t > cutoff));
        }
        map.entry(addr.to_owned()).or_default().push_back(now_ms);
    }
}

/// The portal's limits.
pub struct Limits {
    pub submit: Window,
    pub pin: Window,
}

impl Limits {
    pub fn from_env() -> Limits {
        Limits {
            submit: Window::from_env("HUIYIN_PORTAL_SUBMIT_LIMIT", 5, 3600),
            pin: Window::from_env("HUIYIN_PORTAL_PIN_LIMIT", 10, 900),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_slides() {
        let w = Window::new(2, 60);
        w.hit("a", 0);
        w.hit("a", 1_000);
        assert_eq!(w.check("a", 2_000), Err(58));
        assert_eq!(w.check("b", 2_000), Ok(()));
        assert_eq!(w.check("a", 60_001), Ok(()));
    }
}

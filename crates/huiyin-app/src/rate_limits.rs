//! The portal's per-address rate limits, counted in the database (issue 17 item 1): every
//! server on one database reads and writes the same hits, so a limit holds across instances.
//! Addresses are kept as keyed digests.

use crate::context::App;
use crate::error::Result;

/// A sliding window: at most `max` hits per `window_secs` for one address in one bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateWindow {
    pub bucket: &'static str,
    pub max: i64,
    pub window_secs: i64,
}

impl App {
    fn address_key(&self, address: &str) -> String {
        let ring = self.store.keys().map(|k| k.ring());
        crate::keys::address_key(ring.as_deref(), address)
    }

    /// `Err(seconds to wait)` when `address` has used its allowance of `w`.
    pub async fn rate_check(
        &self,
        w: RateWindow,
        address: &str,
    ) -> Result<std::result::Result<(), u64>> {
        let now = self.now_ms();
        let window_ms = w.window_secs.max(1) * 1000;
        let (n, oldest) = self
            .store
            .rate_hits_since(w.bucket, &self.address_key(address), now - window_ms)
            .await?;
        if n < w.max.max(1) {
            return Ok(Ok(()));
        }
        let wait_ms = (oldest.unwrap_or(now) + window_ms - now).max(1000);
        Ok(Err(u64::try_from((wait_ms + 999) / 1000).unwrap_or(1)))
    }

    /// Counts one use of `w` by `address`.
    pub async fn rate_hit(&self, w: RateWindow, address: &str) -> Result<()> {
        Ok(self
            .store
            .insert_rate_hit(w.bucket, &self.address_key(address), self.now_ms())
            .await?)
    }
}

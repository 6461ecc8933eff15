//! The headline rates of the workbench, kept for a minute per user: over a city's year of
//! cases they cost tens of milliseconds, and a clerk opens 工作台 many times an hour. The
//! page says the figures are as of the time they were computed.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use huiyin_app::{AppError, CurrentUser, RatesView};
use huiyin_core::Date;

use crate::AppState;

const TTL: Duration = Duration::from_secs(60);
const MAX_ENTRIES: usize = 2000;

type Key = (i64, Date, Date);

/// Rates by (user, from, to), with the time they were computed.
#[derive(Default)]
pub struct RatesCache {
    map: Mutex<HashMap<Key, (Instant, RatesView)>>,
}

impl RatesCache {
    fn get(&self, key: &Key) -> Option<RatesView> {
        let map = self.map.lock().ok()?;
        map.get(key)
            .filter(|(at, _)| at.elapsed() < TTL)
            .map(|(_, v)| v.clone())
    }

    fn put(&self, key: Key, v: RatesView) {
        if let Ok(mut map) = self.map.lock() {
            if map.len() >= MAX_ENTRIES {
                map.retain(|_, (at, _)| at.elapsed() < TTL);
                if map.len() >= MAX_ENTRIES {
                    map.clear();
                }
            }
            map.insert(key, (Instant::now(), v));
        }
    }
}

/// The user's rates for this year to date, from the cache when computed within a minute.
pub async fn year_rates(s: &AppState, user: &CurrentUser) -> Result<RatesView, AppError> {
    let (from, to) = s.app.year_to_date();
    let key = (user.id, from, to);
    if let Some(v) = s.rates.get(&key) {
        return Ok(v);
    }
    let v = s.app.rates(user, None, from, to).await?;
    s.rates.put(key, v.clone());
    Ok(v)
}

//! Time is a parameter (STYLE.md practice 7): the domain never reads the clock.

use crate::date::Date;

/// The source of "now". Production uses the system clock (in the binary); tests fix it.
pub trait Clock: Send + Sync + 'static {
    /// Milliseconds since the Unix epoch.
    fn now_millis(&self) -> i64;

    /// Today in Beijing time.
    fn today(&self) -> Date {
        Date::from_unix_millis_beijing(self.now_millis())
    }
}

/// A clock stopped at one instant, for tests and reproducible demos.
#[derive(Clone, Copy, Debug)]
pub struct FixedClock(pub i64);

impl FixedClock {
    /// Noon, Beijing time, on `day`.
    pub fn at_noon(day: Date) -> FixedClock {
        FixedClock(day.beijing_start_millis() + 12 * 3_600_000)
    }
}

impl Clock for FixedClock {
    fn now_millis(&self) -> i64 {
        self.0
    }
}

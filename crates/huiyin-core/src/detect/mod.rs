//! Count-based detection for the early-warning signal `spike` (issue 13 item 1; DOMAIN.md §14
//! "Spike detection"): the CDC's EARS methods C1, C2 and C3 as functions over a series of daily
//! or weekly counts, computed exactly as R's `surveillance::earsC` computes them, and the
//! seasonal method of historical limits as R's `algo.cdc` computes it (the independent
//! reference `tests/ears_vs_r.rs` compares both), and the normal quantile they need.

mod ears;
mod historical;
mod quantile;

pub use ears::{EarsControl, EarsMethod, EarsPoint, ears};
pub use historical::{HistoricalControl, HistoricalPoint, WEEKS_PER_YEAR, historical_limits};
pub use quantile::normal_quantile;

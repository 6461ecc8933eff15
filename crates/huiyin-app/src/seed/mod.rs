//! Demo data: a realistic province (units, users for every role) and cases in every state,
//! built by running the real workflow steps so every timeline and deadline is what the
//! engine would produce. Deterministic: the same size gives the same data.

mod cases;
mod chance_clusters;
mod org;
mod plan;
mod plant_habitual;
mod plant_sensitive;
mod plant_spike;
mod planted;
mod score_spike;
mod signal_bench;
mod texts;
mod vocab;

pub use cases::{DEFAULT_HISTORY_YEARS, generate_cases, generate_cases_over};
pub use org::{DemoAccount, DemoOrg, seed_demo_users, seed_organisation};
pub use plant_habitual::HabitualReport;
pub use plant_sensitive::SensitiveReport;
pub use plant_spike::PlantedSpike;
pub use planted::{ClusterReport, PlantParams};
pub use score_spike::{SpikeFigures, SpikeReport, WITHIN_WEEKS};
pub use signal_bench::{SignalsReport, measure_signals};
pub use vocab::{Vocabulary, bench_vocabulary};

/// A believable petition of `category` about `school` as the demo writes them (title,
/// content, demands; the template and its slots drawn from `seed`): the benchmark's day of
/// varied intake.
pub fn sample_petition(seed: u64, category: &str, school: &str) -> (String, String, String) {
    texts::petition_text(&mut Rng::new(seed), category, school)
}

/// SplitMix64: small, fast, deterministic.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// True with probability `percent`/100.
    pub(crate) fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

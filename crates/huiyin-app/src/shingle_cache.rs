//! The shingles of recent cases, kept in memory for the `cluster` signal (issue 13 item 6).
//!
//! Every registration compares its text with up to 300 recent petitions about the same unit and
//! field; reading those texts and shingling each again at every registration was part of what
//! the signals cost intake (docs/PERFORMANCE.md, eleventh session). A case's title, content
//! and demands never change once registered (no statement of the store updates them, and cases
//! are never deleted while a server holds the database: `huiyin restore` refuses then), so its
//! shingles are a function of its id and may be kept: computed once, at registration or at the
//! first comparison, and then looked up. Several instances behind a load balancer each keep
//! their own; one that has not seen a case reads its text and shingles it, as before.
//!
//! Bounded by two generations: lookups and inserts go to the young one, a hit in the old one
//! moves up, and when the young one is full the old one is dropped. The cases compared are the
//! recent ones, so they stay young; memory stays under two generations (about 40,000 cases'
//! shingles, some 25 MB at the demo's text lengths).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use huiyin_core::case::CaseId;
use huiyin_text::Shingles;

/// Cases held by one generation, unless the configuration says otherwise.
pub(crate) const GENERATION: usize = 20_000;

/// The shingles of cases already seen, by case id.
#[derive(Debug, Default)]
pub struct ShingleCache {
    generations: Mutex<Generations>,
    capacity: usize,
}

#[derive(Debug, Default)]
struct Generations {
    young: HashMap<CaseId, Arc<Shingles>>,
    old: HashMap<CaseId, Arc<Shingles>>,
}

impl Generations {
    fn put(&mut self, id: CaseId, shingles: Arc<Shingles>, capacity: usize) {
        if capacity == 0 {
            return;
        }
        if self.young.len() >= capacity && !self.young.contains_key(&id) {
            self.old = std::mem::take(&mut self.young);
        }
        self.young.insert(id, shingles);
    }
}

impl ShingleCache {
    /// A cache of at most two generations of `capacity` cases each (none at 0).
    pub fn with_capacity(capacity: usize) -> ShingleCache {
        ShingleCache {
            generations: Mutex::default(),
            capacity,
        }
    }

    /// The shingles known of each of `ids`, in order (`None`: not seen yet).
    pub fn get_many(&self, ids: &[CaseId]) -> Vec<Option<Arc<Shingles>>> {
        let Ok(mut g) = self.generations.lock() else {
            return vec![None; ids.len()];
        };
        ids.iter()
            .map(|id| {
                if let Some(s) = g.young.get(id) {
                    return Some(Arc::clone(s));
                }
                let s = g.old.remove(id)?;
                g.put(*id, Arc::clone(&s), self.capacity);
                Some(s)
            })
            .collect()
    }

    /// Keeps the shingles of case `id`.
    pub fn insert(&self, id: CaseId, shingles: Arc<Shingles>) {
        if let Ok(mut g) = self.generations.lock() {
            g.put(id, shingles, self.capacity);
        }
    }

    /// How many cases' shingles are held (both generations).
    #[cfg(test)]
    fn len(&self) -> usize {
        self.generations
            .lock()
            .map_or(0, |g| g.young.len() + g.old.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shingles(text: &str) -> Arc<Shingles> {
        Arc::new(Shingles::of(text))
    }

    #[test]
    fn what_was_kept_is_found_and_what_was_not_is_missing() {
        let cache = ShingleCache::with_capacity(10);
        cache.insert(1, shingles("学校违规收取资料费"));
        let got = cache.get_many(&[1, 2]);
        assert_eq!(got[0].as_deref(), Some(&Shingles::of("学校违规收取资料费")));
        assert!(got[1].is_none());
    }

    #[test]
    fn a_cache_of_no_cases_keeps_none() {
        let cache = ShingleCache::with_capacity(0);
        cache.insert(1, shingles("学校违规收取资料费"));
        assert!(cache.get_many(&[1])[0].is_none());
        assert_eq!(cache.len(), 0);
    }

    #[test]
    fn memory_stays_under_two_generations_and_recent_use_keeps_a_case() {
        let cache = ShingleCache::with_capacity(3);
        for id in 1..=3 {
            cache.insert(id, shingles(&format!("第{id}件")));
        }
        // The fourth starts a new generation; 1..=3 become old.
        cache.insert(4, shingles("第4件"));
        assert_eq!(cache.len(), 4);
        // Case 1 is used, so it moves up with 4.
        assert!(cache.get_many(&[1])[0].is_some());
        cache.insert(5, shingles("第5件"));
        // Young {4, 1, 5} is full: the next insert drops {2, 3}.
        cache.insert(6, shingles("第6件"));
        let got = cache.get_many(&[1, 2, 3, 4, 5, 6]);
        let held: Vec<bool> = got.iter().map(Option::is_some).collect();
        assert_eq!(held, vec![true, false, false, true, true, true]);
        assert!(cache.len() <= 6);
        for id in 7..100 {
            cache.insert(id, shingles("某校"));
        }
        assert!(cache.len() <= 6, "{}", cache.len());
    }
}

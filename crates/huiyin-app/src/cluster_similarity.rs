//! How alike the `cluster` signal's candidates read to a new petition (issue 13 items 1 and 6):
//! from the shingles this server keeps, or from the sketch stored with each case (huiyin-text
//! `Sketch`), or from the case's text.
//!
//! A sketch settles a candidate that is clearly unlike (its estimate [`SKETCH_MARGIN`] or more
//! below the threshold) or clearly alike (as far above it); only those in between are read in
//! full. On an ordinary day most of a school's recent petitions in a field are another matter
//! (resemblance 0.0–0.2) and the rest the same one (0.7 and more), so most candidates are
//! settled without their texts, which at a million cases are scattered over the whole file. An
//! estimate is never shown: when the candidates judged alike make a cluster, those judged by
//! estimate are read and compared exactly before the warning is written
//! ([`Exactness::AlikeExactly`]), so its "similarity at least" is exact.

use std::sync::Arc;

use huiyin_core::case::CaseId;
use huiyin_text::{SKETCH_MARGIN, Shingles, Sketch};

/// How a candidate's resemblance was found.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Judged {
    pub value: f64,
    /// From the sketches, not the shingles.
    pub estimated: bool,
}

/// How far the sketches are trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Exactness {
    /// Candidates clearly alike or clearly unlike are settled by their sketches.
    Estimates,
    /// Only the clearly unlike are: every candidate taken as alike is compared exactly.
    AlikeExactly,
}

impl crate::context::App {
    /// How alike each candidate's text is to the new one, in order: exactly for those whose
    /// shingles are kept from earlier registrations and comparisons and for those their
    /// sketches do not settle (their texts are read, shingled and then kept); by estimate for
    /// the others.
    pub(crate) async fn candidate_similarities(
        &self,
        joining: &crate::warning_cluster::Joining<'_>,
        candidates: &[huiyin_store::MatterCase],
        threshold: f64,
        exactness: Exactness,
    ) -> crate::error::Result<Vec<Judged>> {
        let ids: Vec<CaseId> = candidates.iter().map(|c| c.id).collect();
        let kept = self.shingles.get_many(&ids);
        let new_shingles = joining.new_shingles;
        let mut out: Vec<Option<Judged>> = candidates
            .iter()
            .zip(&kept)
            .map(|(c, kept)| match kept {
                Some(s) => Some(Judged {
                    value: new_shingles.similarity(s),
                    estimated: false,
                }),
                None => {
                    judged_by_sketch(joining.new_sketch, c.sketch.as_ref(), threshold, exactness)
                }
            })
            .collect();
        let unread: Vec<CaseId> = ids
            .iter()
            .zip(&out)
            .filter(|(_, s)| s.is_none())
            .map(|(id, _)| *id)
            .collect();
        tracing::debug!(
            candidates = ids.len(),
            kept = kept.iter().filter(|s| s.is_some()).count(),
            read = unread.len(),
            "cluster candidates"
        );
        if !unread.is_empty() {
            let texts = self.store.case_texts(&unread).await?;
            for (id, slot) in ids.iter().zip(out.iter_mut()) {
                if slot.is_none() {
                    let text =
                        texts
                            .get(id)
                            .map_or_else(String::new, |[title, content, demands]| {
                                crate::register::petition_text(title, content, demands)
                            });
                    let s = Arc::new(Shingles::of(&text));
                    *slot = Some(Judged {
                        value: new_shingles.similarity(&s),
                        estimated: false,
                    });
                    self.shingles.insert(*id, s);
                }
            }
        }
        Ok(out
            .into_iter()
            .map(|j| {
                j.unwrap_or(Judged {
                    value: 0.0,
                    estimated: false,
                })
            })
            .collect())
    }
}

/// What the sketches tell of a candidate whose shingles are not kept, or `None` when its text
/// must be compared: an estimate [`SKETCH_MARGIN`] or more below `threshold` settles it as
/// unlike, and (with [`Exactness::Estimates`]) one as far above settles it as alike. A new
/// text without shingles resembles nothing; a candidate without a sketch (registered before
/// sketches were kept, or with one of another version) is compared from its text.
fn judged_by_sketch(
    new: Option<&Sketch>,
    candidate: Option<&Sketch>,
    threshold: f64,
    exactness: Exactness,
) -> Option<Judged> {
    let Some(new) = new else {
        return Some(Judged {
            value: 0.0,
            estimated: false,
        });
    };
    let value = new.resemblance(candidate?);
    let unlike = value < threshold - SKETCH_MARGIN;
    let alike = exactness == Exactness::Estimates && value >= threshold + SKETCH_MARGIN;
    (unlike || alike).then_some(Judged {
        value,
        estimated: true,
    })
}

#[cfg(test)]
mod tests {
    use super::{Exactness, judged_by_sketch};
    use huiyin_text::{Shingles, Sketch};

    fn sketch(text: &str) -> Sketch {
        Shingles::of(text).sketch().unwrap()
    }

    const FEES: &str =
        "反映西湖区第一小学违规收取资料费，每名学生收取资料费300元，未出示收费依据和票据";
    const REWORDED: &str = "西湖区第一小学向学生收取资料费，未出示依据，家长要求退费";
    const CANTEEN: &str = "西湖区第一小学食堂卫生差，孩子吃坏肚子，饭菜不新鲜，要求整改";
    const THRESHOLD: f64 = 0.30;

    fn exact(a: &str, b: &str) -> f64 {
        Shingles::of(a).similarity(&Shingles::of(b))
    }

    #[test]
    fn the_clearly_unlike_and_the_clearly_alike_are_settled_by_their_sketches() {
        let new = sketch(FEES);
        assert!(exact(FEES, CANTEEN) < 0.15, "{}", exact(FEES, CANTEEN));
        assert!(exact(FEES, FEES) >= 0.45);
        for exactness in [Exactness::Estimates, Exactness::AlikeExactly] {
            let unlike =
                judged_by_sketch(Some(&new), Some(&sketch(CANTEEN)), THRESHOLD, exactness).unwrap();
            assert!(unlike.estimated && unlike.value < THRESHOLD, "{unlike:?}");
        }
        let alike =
            judged_by_sketch(Some(&new), Some(&new), THRESHOLD, Exactness::Estimates).unwrap();
        assert!(alike.estimated && alike.value >= THRESHOLD, "{alike:?}");
        assert_eq!(
            judged_by_sketch(Some(&new), Some(&new), THRESHOLD, Exactness::AlikeExactly),
            None,
            "when a cluster is to be written, the alike are compared exactly"
        );
    }

    #[test]
    fn a_candidate_near_the_threshold_or_without_a_sketch_is_read() {
        let new = sketch(FEES);
        let near = exact(FEES, REWORDED);
        assert!((THRESHOLD..THRESHOLD + 0.15).contains(&near), "{near}");
        for exactness in [Exactness::Estimates, Exactness::AlikeExactly] {
            assert_eq!(
                judged_by_sketch(Some(&new), Some(&sketch(REWORDED)), THRESHOLD, exactness),
                None
            );
            assert_eq!(
                judged_by_sketch(Some(&new), None, THRESHOLD, exactness),
                None
            );
            let nothing = judged_by_sketch(None, Some(&new), THRESHOLD, exactness).unwrap();
            assert!(!nothing.estimated && nothing.value == 0.0);
        }
        // A threshold within the margin of zero never settles a candidate as unlike.
        assert_eq!(
            judged_by_sketch(
                Some(&new),
                Some(&sketch(CANTEEN)),
                0.1,
                Exactness::AlikeExactly
            ),
            None
        );
    }
}

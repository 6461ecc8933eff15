//! The cases of a result page, read by id with their petitioners, deadlines and the units
//! that held them, in the page's order.

use huiyin_core::case::CaseId;

use crate::Store;
use crate::cases::CaseRecord;
use crate::error::Result;

impl Store {
    /// The records of `ids`, in the order given (ids not found are left out).
    pub(crate) async fn records_in_order(&self, ids: &[CaseId]) -> Result<Vec<CaseRecord>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut cases = self.cases_by_ids(ids).await?;
        let mut petitioners = self.petitioners_of(ids).await?;
        let mut deadlines = self.deadlines_of(ids).await?;
        let (visible, recused) = self.units_and_recusals_of(ids).await?;
        let mut items = Vec::with_capacity(ids.len());
        for id in ids {
            let Some(at) = cases.iter().position(|(c, _)| c.id == *id) else {
                continue;
            };
            let (case, version) = cases.swap_remove(at);
            items.push(CaseRecord {
                case,
                version,
                petitioners: petitioners
                    .iter()
                    .filter(|(c, _)| c == id)
                    .map(|(_, p)| p.clone())
                    .collect(),
                links: Vec::new(),
                deadlines: deadlines
                    .iter()
                    .filter(|(c, _)| c == id)
                    .map(|(_, d)| d.clone())
                    .collect(),
                visible_units: visible
                    .iter()
                    .filter(|(c, _)| c == id)
                    .map(|(_, u)| *u)
                    .collect(),
                recused_users: recused
                    .iter()
                    .filter(|(c, _)| c == id)
                    .map(|(_, u)| *u)
                    .collect(),
            });
        }
        petitioners.clear();
        deadlines.clear();
        Ok(items)
    }
}

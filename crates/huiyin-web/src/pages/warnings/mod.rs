//! Early warnings for staff (预警, issue 13 item 2): the worklist at `/warnings`, a page per
//! warning with its steps (签收, 上报上级, 处置完毕), and the small panels the workbench and the
//! case page show. Every read and step goes through the same use cases as the API.

mod detail;
mod list;

pub use detail::{act, show};
pub use list::list;

use huiyin_app::{AppError, CurrentUser, WarningView};
use huiyin_core::warning::{WarningFilter, WarningStatus};

use super::audit::when;
use super::i18n::pick;
use crate::AppState;
use crate::error::Lang;

/// A case behind a warning, as a link.
pub struct CaseLink {
    pub id: i64,
    pub number: String,
}

/// A warning as one line of a list: localised labels, the colour of its level (always with
/// its name, so it is not told by colour alone) and whether its acknowledgement is late.
pub struct WarningRow {
    pub id: i64,
    /// `blue` | `yellow` | `orange` | `red`: the badge's colour class.
    pub level: &'static str,
    pub level_label: &'static str,
    pub kind: &'static str,
    pub explanation: String,
    pub unit: String,
    pub cases: Vec<CaseLink>,
    pub raised: String,
    pub due: String,
    pub late: bool,
    /// The wire status (`open`, …) for the badge's colour.
    pub status: &'static str,
    pub status_label: &'static str,
}

/// The row of a warning in the page's language.
pub fn row(w: &WarningView, lang: Lang) -> WarningRow {
    WarningRow {
        id: w.id,
        level: w.level.as_str(),
        level_label: pick(lang, w.level.zh(), w.level.en()),
        kind: pick(lang, w.kind.zh(), w.kind.en()),
        explanation: pick(lang, &w.explanation, &w.explanation_en).to_owned(),
        unit: w.unit_name.clone(),
        cases: w
            .case_ids
            .iter()
            .zip(
                w.case_numbers
                    .iter()
                    .map(String::as_str)
                    .chain(std::iter::repeat("")),
            )
            .map(|(id, number)| CaseLink {
                id: *id,
                number: if number.is_empty() {
                    format!("#{id}")
                } else {
                    number.to_owned()
                },
            })
            .collect(),
        raised: when(w.raised_at_ms),
        due: when(w.acknowledge_due_at_ms),
        late: w.acknowledgement_late,
        status: w.status.as_str(),
        status_label: pick(lang, w.status.zh(), w.status.en()),
    }
}

/// How many warnings the user may see wait for acknowledgement: open, and escalated to a unit
/// above (each counted by the list's own query, one row read).
pub async fn waiting(s: &AppState, user: &CurrentUser) -> Result<(i64, i64), AppError> {
    let count = |status| async move {
        let filter = WarningFilter {
            status: Some(status),
            ..WarningFilter::default()
        };
        s.app.warnings(user, filter, 1, 1).await.map(|l| l.total)
    };
    let (open, escalated) =
        tokio::join!(count(WarningStatus::Open), count(WarningStatus::Escalated));
    Ok((open?, escalated?))
}

/// The most warnings the case page looks through for those of its case.
const CASE_PANEL_SCAN: u32 = 200;

/// The warnings of one case among the most urgent the user may see (there is no filter by case
/// yet: the first page of 200 is read and kept to those naming the case). A failed read leaves
/// the panel empty; the case page itself does not depend on it.
pub async fn of_case(
    s: &AppState,
    user: &CurrentUser,
    case_id: i64,
    lang: Lang,
) -> Vec<WarningRow> {
    match s
        .app
        .warnings(user, WarningFilter::default(), 1, CASE_PANEL_SCAN)
        .await
    {
        Ok(list) => list
            .items
            .iter()
            .filter(|w| w.case_ids.contains(&case_id))
            .map(|w| row(w, lang))
            .collect(),
        Err(e) => {
            tracing::warn!(error = %e, case_id, "the warnings of a case could not be read");
            Vec::new()
        }
    }
}

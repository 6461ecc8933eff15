//! The text of a typical case (典型案例) a leader confirms for publication, as the API's JSON
//! body and the publication page's form send it: one input for both. What it must satisfy
//! (not empty, not too long, no personal information left) is checked by the use case.

use serde::Deserialize;

/// The text a person confirms for publication. A field not sent is empty (and refused as
/// such, by field). Unknown fields are ignored.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ConfirmedText {
    pub title: String,
    pub summary: String,
    pub outcome: String,
}

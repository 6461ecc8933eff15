//! The whistleblower firewall as one table (issue 10 item 5): where a user stands relative to
//! a case, and whether they may know that the case exists, by kind of case. Every test of a read
//! path — the domain's `can_see_case`, the store's filters, the API and the pages — takes its
//! expectations from this table, so a new read path is checked against the same rule.
//!
//! The setting: a county education bureau is the concerned (for accusations: the accused) unit.
//! Each case is registered by a registrar of the county's own petition office. Suggestions and
//! appeals stay with the county; accusations are forwarded one level up to the city, as the law
//! requires (XFGZTL-2022 Art. 30 ¶3); a "former accusation" was then reclassified as an appeal
//! by a city leader (the firewall is sticky).

/// Where a user stands relative to the case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Handler or leader of the accused (concerned) county bureau itself.
    AccusedUnitStaff,
    /// Another registrar of the county's petition office (not the one who registered it).
    AccusedOfficeStaff,
    /// The registrar of the county's office who registered the case.
    AccusedRegistrar,
    /// Staff of a school under the county.
    InsideAccused,
    /// Staff of the city bureau above the county.
    Above,
    /// Staff of the province's petition office.
    Top,
    /// Staff of a sibling county.
    Sibling,
    /// Staff of the discipline body beside the county, the case not sent to it.
    DisciplineBeside,
}

/// The kind of case, in the column order of [`MATRIX`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseKind {
    Suggestion,
    Appeal,
    Accusation,
    /// Registered as an accusation, later reclassified as an appeal.
    FormerAccusation,
}

impl CaseKind {
    pub const ALL: [CaseKind; 4] = [
        CaseKind::Suggestion,
        CaseKind::Appeal,
        CaseKind::Accusation,
        CaseKind::FormerAccusation,
    ];
}

/// Whether the user may know the case exists (open it, list it, find it, count it, see it in a
/// history, a link, a notice or an export), for each kind of [`CaseKind::ALL`].
pub const MATRIX: &[(Standing, [bool; 4])] = &[
    (Standing::AccusedUnitStaff, [true, true, false, false]),
    (Standing::AccusedOfficeStaff, [true, true, false, false]),
    (Standing::AccusedRegistrar, [true, true, true, true]),
    (Standing::InsideAccused, [false, false, false, false]),
    (Standing::Above, [true, true, true, true]),
    (Standing::Top, [true, true, true, true]),
    (Standing::Sibling, [false, false, false, false]),
    (Standing::DisciplineBeside, [false, false, false, false]),
];

/// The table's answer for one standing and kind.
pub fn sees(standing: Standing, kind: CaseKind) -> bool {
    let col = CaseKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    MATRIX
        .iter()
        .find(|(s, _)| *s == standing)
        .is_some_and(|(_, row)| row[col])
}

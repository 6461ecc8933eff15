//! The candidates of the `cluster` signal at registration (issue 13 items 1 and 6): the recent
//! cases of one matter, each with its text's sketch, the wall of an accusation (its cluster is
//! owned above it), the open cluster warnings that link it and who petitioned in it, all read
//! in one statement.
//!
//! Each read is a round trip to a database thread (on PostgreSQL, to the server), and a
//! registration that joined a cluster made four: the candidates, then the open cluster among
//! the alike, then its links, then the petitioners of the alike it did not hold, some of them
//! twice when the alike were judged again exactly. The links and the petitioners of a few
//! dozen recent cases are a probe of an index each, so they are read with the candidates. At
//! the 300-candidate maximum those probes cost more than the reads they replace on SQLite
//! (docs/PERFORMANCE.md: one matter's signals cost more there, PostgreSQL's less).

use huiyin_core::case::CaseId;
use huiyin_core::org::UnitId;
use huiyin_core::warning::WarningLevel;

use crate::Store;
use crate::error::{Result, StoreError};
use crate::rows::opt_text;

/// A recent case about a concerned unit, a candidate of the cluster signal.
#[derive(Clone, Debug)]
pub struct MatterCase {
    pub id: CaseId,
    pub received_on: huiyin_core::Date,
    /// The sketch of its text, when it was registered with one of this version.
    pub sketch: Option<huiyin_text::Sketch>,
    /// The accused unit of its whistleblower firewall, when it is (or was) an accusation: a
    /// cluster warning behind it is owned above that wall.
    pub walled_unit_id: Option<UnitId>,
    /// The open (not resolved) cluster warnings that link it.
    pub clusters: Vec<ClusterLink>,
    /// Who petitioned in it: a lookup key of each petitioner, as the app keys them
    /// (`warning_cluster::petitioner_key`: the ID-number key, else the name-and-phone key,
    /// else `name:` and the name).
    pub petitioners: Vec<String>,
}

/// An open cluster warning's link to a candidate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterLink {
    pub warning_id: i64,
    pub level: WarningLevel,
    /// The unit that owns the warning.
    pub unit_id: UnitId,
}

/// Between the candidates packed into one row (the record separator).
const CASE_SEPARATOR: char = '\u{1e}';
/// Between the petitioners of a candidate (the unit separator: keys are hex digests or names,
/// and a name never holds a control character, `person::PersonName::parse`).
const PERSON_SEPARATOR: char = '\u{1f}';

impl Store {
    /// The cases about `concerned_unit_id` in one of `categories` received from `since` on,
    /// newest first (at most `limit`): the candidates of a cluster, each with its sketch, its
    /// wall, its open cluster warnings and its petitioners' keys. The cases are found through
    /// the matter index (unit, category, day) alone; their texts are read only for the cases
    /// whose shingles the app has not kept ([`Store::case_texts`]).
    pub async fn recent_matter_cases(
        &self,
        concerned_unit_id: UnitId,
        categories: &[String],
        since: huiyin_core::Date,
        limit: i64,
        registered_before: Option<CaseId>,
    ) -> Result<Vec<MatterCase>> {
        if categories.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (0..categories.len())
            .map(|i| format!("${}", i + 3))
            .collect();
        // SQLite would rather walk (unit, day) in order than sort, reading every recent case's
        // row — texts and all — to test its category: a busy school's 450 rows at each
        // registration, where the matter index answers from itself with the field's 170.
        let cases = match self.dialect {
            crate::Dialect::Sqlite => "cases INDEXED BY cases_matter",
            crate::Dialect::Postgres => "cases",
        };
        // One row holding every candidate ("id day sketch wall clusters people", between record
        // separators): SQLite's driver hands each row of a result across threads on its own,
        // and 300 rows cost 2 ms of a reader at every registration where one row costs a
        // tenth of that (the order is restored below, not left to the aggregate). The sketch
        // is in hexadecimal (empty when there is none; migration 0067), the wall's accused unit
        // empty when there is none (the matter index carries both: migration 0071); each
        // cluster is "warning:level:unit" (index `warning_cases_case_warning`), between ';'.
        let sql = match self.dialect {
            crate::Dialect::Sqlite => {
                "SELECT group_concat(m.id || ' ' || m.received_on || ' ' || hex(m.text_sketch) || ' ' || \
                 COALESCE(m.walled_unit_id, '') || ' ' || \
                 COALESCE((SELECT group_concat(w.id || ':' || w.level || ':' || w.unit_id, ';') FROM warning_cases wc JOIN warnings w ON w.id = wc.warning_id \
                 WHERE wc.case_id = m.id AND w.kind = 'cluster' AND w.status <> 'resolved'), '') || ' ' || \
                 COALESCE((SELECT group_concat(COALESCE(p.id_key, p.name_phone_key, 'name:' || p.name), char(31)) \
                 FROM petitioners p WHERE p.case_id = m.id), ''), char(30)) AS packed"
            }
            crate::Dialect::Postgres => {
                "SELECT string_agg(m.id::text || ' ' || m.received_on || ' ' || coalesce(encode(m.text_sketch, 'hex'), '') || ' ' || \
                 coalesce(m.walled_unit_id::text, '') || ' ' || \
                 coalesce((SELECT string_agg(w.id::text || ':' || w.level || ':' || w.unit_id::text, ';') FROM warning_cases wc JOIN warnings w ON w.id = wc.warning_id \
                 WHERE wc.case_id = m.id AND w.kind = 'cluster' AND w.status <> 'resolved'), '') || ' ' || \
                 coalesce((SELECT string_agg(coalesce(p.id_key, p.name_phone_key, 'name:' || p.name), chr(31)) \
                 FROM petitioners p WHERE p.case_id = m.id), ''), chr(30)) AS packed"
            }
        };
        // Judging a history: only the cases registered before (ids follow registration).
        let before = registered_before.map_or(String::new(), |id| format!(" AND id < {id}"));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{sql} FROM (SELECT id, received_on, text_sketch, walled_unit_id FROM {cases} WHERE concerned_unit_id = $1 \
             AND received_on >= $2 AND category IN ({}){before} ORDER BY received_on DESC, id DESC LIMIT {limit}) m",
            marks.join(", ")
        )))
        .bind(concerned_unit_id)
        .bind(since.to_string());
        for c in categories {
            q = q.bind(c.clone());
        }
        let row = q.fetch_one(&self.read).await?;
        let mut cases = opt_text(&row, "packed")?
            .unwrap_or_default()
            .split(CASE_SEPARATOR)
            .filter(|item| !item.is_empty())
            .map(parse_candidate)
            .collect::<Result<Vec<MatterCase>>>()?;
        cases.sort_by_key(|c| std::cmp::Reverse((c.received_on, c.id)));
        Ok(cases)
    }
}

/// One candidate as [`Store::recent_matter_cases`] packs it.
fn parse_candidate(item: &str) -> Result<MatterCase> {
    let corrupt = || StoreError::Corrupt(format!("recent_matter_cases: `{item}`"));
    // The petitioners come last: a name may hold spaces.
    let mut parts = item.splitn(6, ' ');
    let (Some(id), Some(day), Some(sketch), Some(wall), Some(clusters), Some(people)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err(corrupt());
    };
    let clusters = clusters
        .split(';')
        .filter(|c| !c.is_empty())
        .map(|c| {
            let mut f = c.split(':');
            let (Some(w), Some(level), Some(unit), None) = (f.next(), f.next(), f.next(), f.next())
            else {
                return Err(corrupt());
            };
            Ok(ClusterLink {
                warning_id: w.parse().map_err(|_| corrupt())?,
                level: WarningLevel::parse(level).ok_or_else(corrupt)?,
                unit_id: unit.parse().map_err(|_| corrupt())?,
            })
        })
        .collect::<Result<Vec<ClusterLink>>>()?;
    Ok(MatterCase {
        id: id.parse().map_err(|_| corrupt())?,
        received_on: huiyin_core::Date::parse(day).map_err(|_| corrupt())?,
        // A sketch of another version (or none) is compared from the text.
        sketch: huiyin_text::Sketch::from_hex(sketch),
        walled_unit_id: match wall {
            "" => None,
            w => Some(w.parse().map_err(|_| corrupt())?),
        },
        clusters,
        petitioners: people
            .split(PERSON_SEPARATOR)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_packed_candidate_reads_back_with_its_clusters_and_people() {
        let c = parse_candidate("42 2026-06-20  5 7:orange:21;9:blue:3 id:a\u{1f}name:王 芳")
            .expect("parses");
        assert_eq!((c.id, c.received_on.to_string()), (42, "2026-06-20".into()));
        assert!(c.sketch.is_none());
        assert_eq!(c.walled_unit_id, Some(5));
        assert_eq!(
            c.clusters,
            vec![
                ClusterLink {
                    warning_id: 7,
                    level: WarningLevel::Orange,
                    unit_id: 21,
                },
                ClusterLink {
                    warning_id: 9,
                    level: WarningLevel::Blue,
                    unit_id: 3,
                }
            ]
        );
        assert_eq!(c.petitioners, vec!["id:a".to_owned(), "name:王 芳".into()]);
        let bare = parse_candidate("7 2026-06-21    ").expect("parses");
        assert!(bare.clusters.is_empty() && bare.petitioners.is_empty());
        assert_eq!(bare.walled_unit_id, None);
        for bad in [
            "7 2026-06-21   ",
            "x 2026-06-21    ",
            "7 2026-06-21  x  ",
            "7 2026-06-21   1:purple:3 ",
            "7 2026-06-21   1:red:3:1 ",
        ] {
            assert!(parse_candidate(bad).is_err(), "{bad}");
        }
    }
}

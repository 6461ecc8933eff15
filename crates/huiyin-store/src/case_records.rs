//! Several cases read whole at once (the petitioner's history beside a case, lists of linked
//! cases): six statements whatever their number, instead of six per case.

use std::collections::HashMap;

use huiyin_core::case::CaseId;
use huiyin_core::policy::Wall;

use crate::Store;
use crate::cases::{CASE_COLS, CaseLink, CaseRecord, case_from_row};
use crate::error::Result;
use crate::rows::{i64_col, opt_i64, text};

fn id_list(ids: &[CaseId]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

impl Store {
    /// The content of each stored case among `numbers`, by number (an import tells a case it
    /// already wrote from another case under the same number).
    pub async fn case_contents_by_numbers(
        &self,
        numbers: &[String],
    ) -> Result<HashMap<String, String>> {
        let mut out = HashMap::new();
        for chunk in numbers.chunks(500) {
            let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT number, content FROM cases WHERE number IN ({})",
                marks.join(",")
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).persistent(false);
            for n in chunk {
                q = q.bind(n.as_str());
            }
            for row in q.fetch_all(&self.read).await? {
                out.insert(text(&row, "number")?, text(&row, "content")?);
            }
        }
        Ok(out)
    }

    /// The id of the case numbered `number` (the search box's lookup by case number).
    pub async fn case_id_by_number(&self, number: &str) -> Result<Option<CaseId>> {
        sqlx::query("SELECT id FROM cases WHERE number = $1")
            .bind(number)
            .fetch_optional(&self.read)
            .await?
            .map(|r| i64_col(&r, "id"))
            .transpose()
    }

    /// The stored cases among `ids`, in the order of `ids`, each with its petitioners, links,
    /// deadlines and visibility units.
    pub async fn case_records(&self, ids: &[CaseId]) -> Result<Vec<CaseRecord>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = id_list(ids);
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {CASE_COLS} FROM cases c WHERE c.id IN ({list})"
        ));
        let rows = sqlx::query(sql)
            .persistent(false)
            .fetch_all(&self.read)
            .await?;
        let mut by_id: HashMap<CaseId, CaseRecord> = HashMap::with_capacity(rows.len());
        for row in &rows {
            let (case, version) = case_from_row(row)?;
            by_id.insert(
                case.id,
                CaseRecord {
                    case,
                    version,
                    petitioners: Vec::new(),
                    links: Vec::new(),
                    deadlines: Vec::new(),
                    visible_units: Vec::new(),
                    recused_users: Vec::new(),
                },
            );
        }
        for (id, p) in self.petitioners_of(ids).await? {
            if let Some(r) = by_id.get_mut(&id) {
                r.petitioners.push(p);
            }
        }
        for (id, d) in self.deadlines_of(ids).await? {
            if let Some(r) = by_id.get_mut(&id) {
                r.deadlines.push(d);
            }
        }
        let (units, recused) = self.units_and_recusals_of(ids).await?;
        for (id, user) in recused {
            if let Some(r) = by_id.get_mut(&id) {
                r.recused_users.push(user);
            }
        }
        for (id, unit) in units {
            if let Some(r) = by_id.get_mut(&id) {
                r.visible_units.push(unit);
            }
        }
        for (id, link) in self.links_of_many(&list).await? {
            if let Some(r) = by_id.get_mut(&id) {
                r.links.push(link);
            }
        }
        Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
    }

    /// The links of the cases in `list` (comma-separated ids), each with who may see the
    /// linked case, in linked-case order per case.
    pub(crate) async fn links_of_many(&self, list: &str) -> Result<Vec<(CaseId, CaseLink)>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT l.case_id, l.linked_case_id, l.kind, c.number, c.walled_unit_id, c.registered_by \
             FROM case_links l JOIN cases c ON c.id = l.linked_case_id \
             WHERE l.case_id IN ({list}) ORDER BY l.case_id, l.linked_case_id"
        ));
        let rows = sqlx::query(sql)
            .persistent(false)
            .fetch_all(&self.read)
            .await?;
        let mut links = rows
            .iter()
            .map(|r| {
                let registered_by = opt_i64(r, "registered_by")?;
                Ok((
                    i64_col(r, "case_id")?,
                    CaseLink {
                        case_id: i64_col(r, "linked_case_id")?,
                        kind: text(r, "kind")?,
                        number: text(r, "number")?,
                        visible_units: Vec::new(),
                        wall: opt_i64(r, "walled_unit_id")?.map(|accused_unit_id| Wall {
                            accused_unit_id,
                            registered_by,
                        }),
                    },
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        let mut linked: Vec<CaseId> = links.iter().map(|(_, l)| l.case_id).collect();
        linked.sort_unstable();
        linked.dedup();
        let units = self.visible_units_of(&linked).await?;
        for (_, l) in &mut links {
            l.visible_units = units
                .iter()
                .filter(|(c, _)| *c == l.case_id)
                .map(|(_, u)| *u)
                .collect();
        }
        Ok(links)
    }
}

/// What decides who may see a case, without its texts, petitioners or deadlines: its wall,
/// the units that held it and the users recused from it (`App::may_see` judges the same).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseSight {
    pub id: CaseId,
    pub wall: Option<Wall>,
    pub visible_units: Vec<huiyin_core::org::UnitId>,
    pub recused_users: Vec<i64>,
}

impl Store {
    /// The sight of each of `ids` that is stored, in the order of `ids`: what a count of cases
    /// checked one by one needs (a leader's 待阅批 and 包案 tiles), where reading whole records
    /// decrypted every petitioner of every case counted (issue 18).
    pub async fn case_sights(&self, ids: &[CaseId]) -> Result<Vec<CaseSight>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT id, walled_unit_id, registered_by FROM cases WHERE id IN ({})",
            id_list(ids)
        )))
        .persistent(false)
        .fetch_all(&self.read)
        .await?;
        let mut by_id: HashMap<CaseId, CaseSight> = HashMap::with_capacity(rows.len());
        for r in &rows {
            let id = i64_col(r, "id")?;
            let registered_by = opt_i64(r, "registered_by")?;
            let wall = opt_i64(r, "walled_unit_id")?.map(|accused_unit_id| Wall {
                accused_unit_id,
                registered_by,
            });
            by_id.insert(
                id,
                CaseSight {
                    id,
                    wall,
                    visible_units: Vec::new(),
                    recused_users: Vec::new(),
                },
            );
        }
        let (units, recused) = self.units_and_recusals_of(ids).await?;
        for (id, unit) in units {
            if let Some(s) = by_id.get_mut(&id) {
                s.visible_units.push(unit);
            }
        }
        for (id, user) in recused {
            if let Some(s) = by_id.get_mut(&id) {
                s.recused_users.push(user);
            }
        }
        Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
    }
}

//! 信访人档案 (issue 15 item 2): the persons of one's scope, one person's file across their
//! cases, merging two records a clerk judges to be one person, and undoing that.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use huiyin_app::{PersonFile, PersonMergeView, PersonQuery};
use huiyin_core::Date;
use huiyin_core::error::{DomainError, ErrorCode};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, Authed};

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct PersonParams {
    /// A unit of one's scope (default: one's scope).
    pub unit_id: Option<String>,
    /// Cases received from this day on (`YYYY-MM-DD`; default a year ago, or all with a lookup).
    pub from: Option<String>,
    /// Only persons with at least this many cases (default 2; 1 with a lookup).
    pub min_cases: Option<String>,
    /// Look up the person with this ID number.
    pub id_number: Option<String>,
    /// Look up by name and phone (both needed).
    pub name: Option<String>,
    pub phone: Option<String>,
    /// `xlsx` for a workbook of every matching person (default JSON).
    pub format: Option<String>,
    pub page: Option<u32>,
    /// 1 to 200, default 20.
    pub per_page: Option<u32>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|x| !x.is_empty())
}

impl PersonParams {
    /// The query, every field that does not read named.
    pub fn query(&self, lang: crate::Lang) -> Result<PersonQuery, ApiError> {
        let mut e = DomainError::new(ErrorCode::Validation);
        let unit_id = given(&self.unit_id).and_then(|u| {
            let id = u.parse::<i64>().ok().filter(|i| *i > 0);
            if id.is_none() {
                e = e
                    .clone()
                    .with("unit_id", "应为单位编号", "expected a unit id");
            }
            id
        });
        let from = given(&self.from).and_then(|d| {
            let day = Date::parse(d).ok();
            if day.is_none() {
                e = e
                    .clone()
                    .with("from", "日期格式应为YYYY-MM-DD", "expected YYYY-MM-DD");
            }
            day
        });
        let min_cases = given(&self.min_cases).and_then(|n| {
            let n = n.parse::<i64>().ok();
            if n.is_none() {
                e = e
                    .clone()
                    .with("min_cases", "应为整数", "expected a whole number");
            }
            n
        });
        if !e.fields.is_empty() {
            return Err(ApiError::domain(e, lang));
        }
        Ok(PersonQuery {
            unit_id,
            from,
            min_cases,
            id_number: given(&self.id_number).map(str::to_owned),
            name: given(&self.name).map(str::to_owned),
            phone: given(&self.phone).map(str::to_owned),
        })
    }
}

/// The persons behind one's scope's petitions, most cases first, or a lookup by ID number or
/// by name and phone; counted through one's firewall.
#[utoipa::path(get, path = "/api/v1/persons", params(PersonParams),
    responses((status = 200, description = "`{unit_id, from, min_cases, items: [{petitioner_id, name, cases, last_received_on}], total, page, per_page}`, or a workbook with `format=xlsx`"),
        (status = 403, description = "Not a unit of one's scope"),
        (status = 422, description = "A unit, day or number that does not read; a name without a phone")))]
pub async fn list(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<PersonParams>,
) -> Result<Response, ApiError> {
    let q = p.query(a.lang)?;
    let xlsx = super::wants_xlsx(given(&p.format), a.lang)?;
    if xlsx {
        let (app, user, q) = (&s.app, &a.user, &q);
        let all = crate::pages::export::every_page(|n| async move {
            app.persons(user, q, n, 200)
                .await
                .map(|l| (l.items, l.total))
        })
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
        s.app.record_export(&a.user, "persons.xlsx", all.len());
        return crate::pages::persons_workbook(&all, a.lang)
            .map_err(|_| ApiError::code(ErrorCode::Internal, a.lang));
    }
    let list = s
        .app
        .persons(&a.user, &q, p.page.unwrap_or(1), p.per_page.unwrap_or(20))
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    Ok(Json(list).into_response())
}

fn person_id(raw: &str, lang: crate::Lang) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .ok()
        .filter(|i| *i > 0)
        .ok_or(ApiError::code(ErrorCode::PersonNotFound, lang))
}

/// One person's file (信访人档案) opened from any of their records: cases, contacts, counts,
/// the habitual mark, records to merge and the merges made — of the cases one may open only.
#[utoipa::path(get, path = "/api/v1/persons/{id}", params(("id" = i64, Path, description = "A petitioner record (`petitioner_id`)")),
    responses((status = 200, description = "The person file"), (status = 404, description = "`person.not_found`")))]
pub async fn get_one(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
) -> Result<Json<PersonFile>, ApiError> {
    let id = person_id(&id, a.lang)?;
    s.app
        .person_file(&a.user, id)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// `POST /api/v1/persons/{id}/merge`.
#[derive(Deserialize, ToSchema)]
pub struct MergeBody {
    /// The other petitioner record.
    pub other_id: Option<i64>,
    /// Why the two are one person (2 to 500 characters).
    pub reason: Option<String>,
}

/// Merge another record's person into this one (a clerk's judgement, with a reason; audited).
#[utoipa::path(post, path = "/api/v1/persons/{id}/merge", params(("id" = i64, Path)), request_body = MergeBody,
    responses((status = 200, description = "The merged file"), (status = 404, description = "`person.not_found`"),
        (status = 409, description = "`person.already_merged` or `person.id_numbers_differ`"),
        (status = 422, description = "No other record or no reason")))]
pub async fn merge(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<MergeBody>,
) -> Result<Json<PersonFile>, ApiError> {
    let id = person_id(&id, a.lang)?;
    s.app
        .merge_persons(&a.user, id, (body.other_id, body.reason.as_deref()))
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// `POST /api/v1/person-merges/{id}/undo`.
#[derive(Deserialize, ToSchema)]
pub struct UndoBody {
    /// Why the merge was wrong (2 to 500 characters).
    pub reason: Option<String>,
}

/// Undo a merge that was wrong (the merge stays in the file's history, marked undone).
#[utoipa::path(post, path = "/api/v1/person-merges/{id}/undo", params(("id" = i64, Path)), request_body = UndoBody,
    responses((status = 200, description = "The merge, undone"), (status = 404, description = "`person.merge_not_found`"),
        (status = 409, description = "`person.merge_undone`"), (status = 422, description = "No reason")))]
pub async fn undo(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<UndoBody>,
) -> Result<Json<PersonMergeView>, ApiError> {
    let id = id
        .parse::<i64>()
        .ok()
        .filter(|i| *i > 0)
        .ok_or(ApiError::code(ErrorCode::PersonMergeNotFound, a.lang))?;
    s.app
        .undo_person_merge(&a.user, id, body.reason.as_deref())
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// The person records of a case's petitioners, in order.
#[derive(Serialize)]
pub struct CasePersons {
    pub items: Vec<CasePerson>,
}

#[derive(Serialize)]
pub struct CasePerson {
    pub position: i64,
    pub petitioner_id: i64,
}

/// The petitioner records of a case, to open each one's file (`GET /api/v1/persons/{id}`).
#[utoipa::path(get, path = "/api/v1/cases/{id}/persons", params(("id" = i64, Path)),
    responses((status = 200, description = "`{items: [{position, petitioner_id}]}`"), (status = 404, description = "`case.not_found`")))]
pub async fn of_case(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
) -> Result<Json<CasePersons>, ApiError> {
    let id = super::parse_id(&id, a.lang)?;
    let items = s
        .app
        .petitioners_of_case(&a.user, id)
        .await
        .map_err(|e| ApiError::new(e, a.lang))?
        .into_iter()
        .map(|(position, petitioner_id)| CasePerson {
            position,
            petitioner_id,
        })
        .collect();
    Ok(Json(CasePersons { items }))
}

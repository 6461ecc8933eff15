//! `GET /admin/units`: the organisation tree with search; `POST /admin/units`: a new unit
//! through the app's `create_unit` (which checks the kind against the parent).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_app::NewUnitInput;
use huiyin_core::org::UnitKind;
use huiyin_core::org_input::UnitForm;
use serde::Deserialize;

use super::{AdminMsgs, Feedback, Tab, admin_msgs, guard, matches, tabs};
use crate::AppState;
use crate::pages::chrome::{Chrome, form_status, render_status};
use crate::pages::i18n::pick;
use crate::pages::list::Opt;
use crate::pages::session::{Fields, Staff, StaffForm, url_escape};
use crate::pages::units::tree_order;

pub struct UnitLine {
    pub id: i64,
    pub name: String,
    pub indent: usize,
    pub kind: &'static str,
    pub level: u8,
    pub region_code: String,
    /// The ancestors' names (shown when searching, where the tree shape is lost).
    pub path: String,
}

#[derive(Template)]
#[template(path = "staff/admin/units.html")]
struct UnitsPage {
    c: Chrome,
    a: &'static AdminMsgs,
    tabs: Vec<Tab>,
    q: String,
    lines: Vec<UnitLine>,
    total: usize,
    kinds: Vec<Opt>,
    parents: Vec<Opt>,
    fb: Feedback,
    prev: Fields,
}

impl UnitsPage {
    fn prev(&self, name: &str) -> &str {
        self.prev.get(name).unwrap_or("")
    }
}

#[derive(Deserialize, Default)]
pub struct UnitsQuery {
    q: Option<String>,
    done: Option<String>,
}

pub async fn redirect() -> Redirect {
    Redirect::to("/admin/units")
}

pub async fn page(
    State(s): State<AppState>,
    staff: Staff,
    Query(p): Query<UnitsQuery>,
) -> Response {
    if let Some(r) = guard(&s, &staff) {
        return r;
    }
    let lang = staff.lang;
    let fb = match p.done {
        Some(name) => Feedback::done(format!(
            "{}{}{name}",
            admin_msgs(lang).unit_created,
            pick(lang, "", " ")
        )),
        None => Feedback::default(),
    };
    let q = p.q.unwrap_or_default();
    render_page(&s, &staff, q.trim(), fb, Fields::default(), StatusCode::OK)
}

fn render_page(
    s: &AppState,
    staff: &Staff,
    q: &str,
    fb: Feedback,
    prev: Fields,
    status: StatusCode,
) -> Response {
    let lang = staff.lang;
    let org = s.app.org();
    let units = s.app.visible_units(&staff.user);
    let ordered = tree_order(&units);
    let lines: Vec<UnitLine> = ordered
        .iter()
        .filter(|(u, _)| matches(&u.name, q) || u.region_code.starts_with(q))
        .map(|(u, depth)| {
            let mut above: Vec<&str> = org
                .ancestors_or_self(u.id)
                .iter()
                .skip(1)
                .map(|a| a.name.as_str())
                .collect();
            above.reverse();
            UnitLine {
                id: u.id,
                name: u.name.clone(),
                indent: if q.is_empty() { *depth } else { 0 },
                kind: pick(lang, u.kind.zh(), u.kind.en()),
                level: u.level,
                region_code: u.region_code.clone(),
                path: above.join(" / "),
            }
        })
        .collect();
    let chosen_kind = prev.get("kind").unwrap_or("school");
    let kinds = UnitKind::ALL
        .iter()
        .map(|k| Opt {
            value: k.as_str().to_owned(),
            label: pick(lang, k.zh(), k.en()).to_owned(),
            selected: k.as_str() == chosen_kind,
        })
        .collect();
    let chosen_parent = prev.get("parent_id").and_then(|v| v.parse::<i64>().ok());
    let parents = ordered
        .iter()
        .map(|(u, _)| Opt {
            value: u.id.to_string(),
            label: org.path_label(u.id),
            selected: chosen_parent == Some(u.id),
        })
        .collect();
    let t = crate::pages::i18n::msgs(lang);
    let page = UnitsPage {
        c: Chrome::new(s, staff, "admin", t.admin_units),
        a: admin_msgs(lang),
        tabs: tabs(lang, "/admin/units"),
        q: q.to_owned(),
        total: units.len(),
        lines,
        kinds,
        parents,
        fb,
        prev,
    };
    render_status(status, &page)
}

pub async fn create(State(s): State<AppState>, form: StaffForm) -> Response {
    let StaffForm { staff, fields } = form;
    if let Some(r) = guard(&s, &staff) {
        return r;
    }
    let lang = staff.lang;
    let t = crate::pages::i18n::msgs(lang);
    let a = admin_msgs(lang);
    let labels = [
        ("name", a.unit_name),
        ("kind", t.unit_kind),
        ("parent_id", t.parent_unit),
        ("region_code", t.region_code),
    ];
    let result = match NewUnitInput::try_from(fields.read::<UnitForm>(&[])) {
        Ok(input) => s.app.create_unit(Some(&staff.user), input).await,
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(unit) => Redirect::to(&format!(
            "/admin/units?q={}&done={}",
            url_escape(&unit.name),
            url_escape(&unit.name)
        ))
        .into_response(),
        Err(e) => {
            let fb = Feedback::failed(&e, lang, &labels);
            render_page(&s, &staff, "", fb, fields, form_status(&e))
        }
    }
}

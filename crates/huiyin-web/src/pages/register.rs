//! `GET/POST /register/{letter|visit|phone}`: registering a petition by channel, with several
//! petitioners, the unit concerned from the tree, the category picker, the ID-number check as
//! you type (`/register/check-id`) and the earlier cases of the same person or matter shown
//! before saving (`/register/earlier`), which the registrar can tick to link.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_app::AppError;
use huiyin_core::error::DomainError;
use huiyin_core::intake::{PetitionerInput, RegistrationInput};
use huiyin_core::intake_input::RegistrationForm;
use huiyin_core::kinds::{Channel, PetitionType};
use serde_json::{Map, Value, json};

use super::chrome::{Chrome, error_text, form_status, render, render_status};
use super::i18n::pick;
use super::list::{Opt, category_options};
use super::session::{Fields, Staff};
use super::units::unit_options;
use super::upload::UploadForm;
use crate::AppState;

/// The channels with a registration form of their own.
pub const CHANNELS: &[Channel] = &[Channel::Letter, Channel::Visit, Channel::Phone];

pub struct PetitionerRow {
    /// Index in field names (`__i__` in the row template the script copies).
    pub i: String,
    /// Number shown to the user (`__n__` in the template).
    pub n: String,
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub address: String,
    pub representative: bool,
}

pub struct Tab {
    pub channel: &'static str,
    pub label: &'static str,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "staff/register.html")]
struct RegisterPage {
    c: Chrome,
    channel: &'static str,
    tabs: Vec<Tab>,
    today: String,
    values: Fields,
    petitioners: Vec<PetitionerRow>,
    /// The row the script copies to add a petitioner.
    blank: PetitionerRow,
    units: Vec<Opt>,
    categories: Vec<Opt>,
    types: Vec<Opt>,
    error_message: Option<String>,
    errors: Vec<String>,
}

impl RegisterPage {
    fn value(&self, name: &str) -> &str {
        self.values.get(name).unwrap_or("")
    }
    fn is(&self, ch: &str) -> bool {
        self.channel == ch
    }

    /// The date field says what day it is by channel: the day of the visit, of the call, of
    /// the letter's arrival (issue 12 item 10).
    fn received_label(&self) -> &'static str {
        match self.channel {
            "visit" => self.c.pick("来访日期", "Visit date"),
            "phone" | "hotline" => self.c.pick("来电日期", "Call date"),
            _ => self.c.t.received_on,
        }
    }
}

/// The petitioner rows posted (`p{i}_name`, `p{i}_id`, `p{i}_phone`, `p{i}_address`, `p{i}_rep`).
pub fn petitioner_rows(f: &Fields) -> Vec<PetitionerRow> {
    let max =
        f.0.iter()
            .filter_map(|(k, _)| {
                k.strip_prefix('p')?
                    .split_once('_')?
                    .0
                    .parse::<usize>()
                    .ok()
            })
            .max();
    let Some(max) = max else {
        return Vec::new();
    };
    (0..=max.min(499))
        .map(|i| PetitionerRow {
            i: i.to_string(),
            n: (i + 1).to_string(),
            name: f.text(&format!("p{i}_name")),
            id_number: f.text(&format!("p{i}_id")),
            phone: f.text(&format!("p{i}_phone")),
            address: f.text(&format!("p{i}_address")),
            representative: f.has(&format!("p{i}_rep")),
        })
        // The first row always counts: left empty, it is an anonymous report (when the rules
        // allow one) or a name the form asks for.
        .filter(|p| {
            p.i == "0" || !(p.name.is_empty() && p.id_number.is_empty() && p.phone.is_empty())
        })
        .collect()
}

fn empty_row(i: &str, n: &str) -> PetitionerRow {
    PetitionerRow {
        i: i.to_owned(),
        n: n.to_owned(),
        name: String::new(),
        id_number: String::new(),
        phone: String::new(),
        address: String::new(),
        representative: false,
    }
}

fn opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

pub fn petitioner_inputs(rows: &[PetitionerRow]) -> Vec<PetitionerInput> {
    rows.iter()
        .map(|p| PetitionerInput {
            name: p.name.clone(),
            id_number: opt(&p.id_number),
            phone: opt(&p.phone),
            address: opt(&p.address),
            representative: p.representative,
        })
        .collect()
}

/// The posted form read into the domain's [`RegistrationForm`] (the API's body, with the
/// petitioner rows as a list) and converted by the same builder.
fn parse(channel: Channel, f: &Fields) -> Result<RegistrationInput, DomainError> {
    let mut body = Map::new();
    for name in [
        "petition_type",
        "category",
        "title",
        "content",
        "demands",
        "concerned_unit_id",
        "received_on",
        "people_count",
    ] {
        body.insert(name.to_owned(), Value::String(f.text(name)));
    }
    body.insert("channel".into(), Value::String(channel.as_str().into()));
    body.insert("confidential".into(), Value::Bool(f.has("confidential")));
    let petitioners = petitioner_rows(f)
        .into_iter()
        .map(|p| {
            json!({"name": p.name, "id_number": p.id_number, "phone": p.phone,
                   "address": p.address, "representative": p.representative})
        })
        .collect();
    body.insert("petitioners".into(), Value::Array(petitioners));
    let form: RegistrationForm = serde_json::from_value(Value::Object(body)).unwrap_or_default();
    RegistrationInput::try_from(form)
}

fn channel_of(raw: &str) -> Option<Channel> {
    Channel::parse(raw).filter(|c| CHANNELS.contains(c))
}

fn page(
    s: &AppState,
    staff: &Staff,
    channel: Channel,
    values: Fields,
    error: Option<&AppError>,
) -> RegisterPage {
    let lang = staff.lang;
    let t = super::i18n::msgs(lang);
    let mut petitioners = petitioner_rows(&values);
    if petitioners.is_empty() {
        petitioners.push(empty_row("0", "1"));
    }
    let (error_message, errors) = match error {
        Some(e) => {
            let (m, f) = error_text(e, lang);
            (Some(m), f)
        }
        None => (None, Vec::new()),
    };
    let selected_unit = values.get("concerned_unit_id").and_then(|u| u.parse().ok());
    RegisterPage {
        c: Chrome::new(s, staff, "register", t.register_title),
        channel: channel.as_str(),
        tabs: CHANNELS
            .iter()
            .map(|ch| Tab {
                channel: ch.as_str(),
                label: match ch {
                    Channel::Visit => t.channel_visit,
                    Channel::Phone => t.channel_phone,
                    _ => t.channel_letter,
                },
                current: *ch == channel,
            })
            .collect(),
        today: s.app.today().to_string(),
        petitioners,
        blank: empty_row("__i__", "__n__"),
        units: unit_options(s, &staff.user, &[], selected_unit),
        categories: category_options(s, lang, values.get("category")),
        types: PetitionType::ALL
            .iter()
            .map(|x| Opt {
                value: x.as_str().to_owned(),
                label: pick(lang, x.zh(), x.en()).to_owned(),
                selected: values.get("petition_type") == Some(x.as_str()),
            })
            .collect(),
        values,
        error_message,
        errors,
    }
}

/// `GET /register/{channel}`
pub async fn form(State(s): State<AppState>, staff: Staff, Path(ch): Path<String>) -> Response {
    let Some(channel) = channel_of(&ch) else {
        return super::chrome::not_found(&s, &staff);
    };
    render(&page(&s, &staff, channel, Fields::default(), None))
}

/// `POST /register/{channel}`: registers, links the ticked earlier cases, shows the new case.
pub async fn submit(
    State(s): State<AppState>,
    Path(ch): Path<String>,
    form: UploadForm,
) -> Response {
    let staff = form.staff;
    let Some(channel) = channel_of(&ch) else {
        return super::chrome::not_found(&s, &staff);
    };
    // Attachments are checked first: a bad file must not leave a case registered without it.
    let checked = form.files.iter().try_for_each(|f| {
        huiyin_app::workbench::check_attachment(&f.filename, &f.bytes).map(|_| ())
    });
    let result = match checked.and_then(|()| parse(channel, &form.fields)) {
        Ok(input) => s.app.register(&staff.user, input).await,
        Err(e) => Err(AppError::Domain(e)),
    };
    match result {
        Ok(reg) => {
            for f in &form.files {
                if let Err(e) = s
                    .app
                    .add_attachment(&staff.user, reg.case.id, &f.filename, &f.bytes)
                    .await
                {
                    tracing::error!(error = %e, case = reg.case.id, "attachment not stored");
                }
            }
            for other in form.fields.all("link") {
                if let Ok(other) = other.parse::<i64>() {
                    let _ = s.app.link_related(&staff.user, reg.case.id, other).await;
                }
            }
            let warned = if reg.warnings.is_empty() {
                ""
            } else {
                "&warned=1"
            };
            Redirect::to(&format!("/cases/{}?done=register{warned}", reg.case.id)).into_response()
        }
        Err(e) => render_status(
            form_status(&e),
            &page(&s, &staff, channel, form.fields, Some(&e)),
        ),
    }
}

#[derive(Template)]
#[template(path = "staff/_id_check.html")]
struct IdCheck {
    ok: bool,
    text: String,
}

/// `GET /register/check-id?p{i}_id=…`: the GB 11643 check of one ID number, as a hint.
pub async fn check_id(
    State(s): State<AppState>,
    staff: Staff,
    Query(raw): Query<Vec<(String, String)>>,
) -> Response {
    let lang = staff.lang;
    let value = raw
        .iter()
        .find(|(k, _)| {
            k.strip_prefix('p')
                .and_then(|r| r.strip_suffix("_id"))
                .is_some_and(|n| n.parse::<usize>().is_ok())
        })
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_default();
    if value.is_empty() {
        return render(&IdCheck {
            ok: true,
            text: String::new(),
        });
    }
    let check = huiyin_core::idcard::check_id_number(&value, s.app.today());
    let text = if check.is_valid() {
        let birth = check
            .birth_date()
            .map(|d| d.to_string())
            .unwrap_or_default();
        format!(
            "{} {birth}",
            pick(lang, "✓ 号码校验通过，出生日期", "✓ Valid; born")
        )
    } else {
        let problems: Vec<String> = check
            .problems
            .iter()
            .map(|p| pick(lang, &p.zh(), &p.en()).to_owned())
            .collect();
        format!(
            "⚠ {}（{}）",
            problems.join("；"),
            super::i18n::msgs(lang).id_warn_only
        )
    };
    render(&IdCheck {
        ok: check.is_valid(),
        text,
    })
}

#[derive(Template)]
#[template(path = "staff/_earlier.html")]
struct Earlier {
    c: Chrome,
    same_matter: Vec<super::rows::CaseRow>,
    same_person: Vec<super::rows::CaseRow>,
    looked: bool,
}

/// `GET /register/earlier?…`: earlier cases of the petitioners typed so far.
pub async fn earlier(
    State(s): State<AppState>,
    staff: Staff,
    Query(raw): Query<Vec<(String, String)>>,
) -> Response {
    let f = Fields(raw);
    let rows = petitioner_rows(&f);
    let inputs = petitioner_inputs(&rows);
    let lang = staff.lang;
    let unit = f.get("concerned_unit_id").and_then(|u| u.parse().ok());
    let found = s
        .app
        .earlier_cases(&staff.user, &inputs, unit, f.get("category"))
        .await
        .unwrap_or_default();
    let org = s.app.org();
    let today = s.app.today();
    let row = |v: &huiyin_app::CaseView| super::rows::case_row(v, &org, today, lang);
    render(&Earlier {
        c: Chrome::new(&s, &staff, "register", ""),
        same_matter: found.same_matter.iter().map(row).collect(),
        same_person: found.same_person.iter().map(row).collect(),
        looked: !inputs.is_empty(),
    })
}

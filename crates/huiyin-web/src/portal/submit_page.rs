//! The online submission form (网上信访) and its success page with the receipt.

use std::sync::Arc;

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use huiyin_app::portal::{PortalFile, PortalSubmission, Receipt};
use huiyin_core::intake_input::PetitionerForm;
use huiyin_core::kinds::PetitionType;
use huiyin_core::online_input::{OnlinePetitionForm, OnlinePetitionInput};
use huiyin_core::org::UnitKind;
use huiyin_core::region::RegionTable;
use huiyin_core::wire::Field;

use super::form::PortalForm;
use super::i18n::{Msgs, PageLang, msgs};
use super::limit::Limits;
use super::{error_text, render, too_many_page};
use crate::AppState;
use crate::error::Lang;
use crate::pages::session::Fields;

/// The form's fields in the order it shows them (templates/portal/submit.html).
const FORM_ORDER: &[&str] = &[
    "petition_type",
    "category",
    "concerned_unit_id",
    "title",
    "content",
    "demands",
    "attachments",
    "name",
    "contact_phone",
    "id_number",
    "address",
    "confidential",
    "consent_privacy",
];

/// A labelled group of choices (value, label).
pub struct Group {
    pub name: String,
    pub items: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "portal/submit.html")]
struct SubmitPage {
    t: &'static Msgs,
    lang: Lang,
    nav: &'static str,
    idem: String,
    categories: Vec<Group>,
    unit_groups: Vec<Group>,
    values: Vec<(String, String)>,
    errors: Vec<(String, String)>,
    message: Option<String>,
}

impl SubmitPage {
    fn val(&self, name: &str) -> &str {
        self.values
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
    fn err(&self, name: &str) -> &str {
        self.errors
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
    /// A petition type's label from huiyin-core.
    fn ptype(&self, code: &str) -> &'static str {
        match (PetitionType::parse(code), self.lang) {
            (Some(p), Lang::Zh) => p.zh(),
            (Some(p), Lang::En) => p.en(),
            (None, _) => "",
        }
    }
    fn cls(&self, name: &str) -> &'static str {
        if self.err(name).is_empty() {
            ""
        } else {
            "invalid"
        }
    }
}

#[derive(Template)]
#[template(path = "portal/done.html")]
struct DonePage {
    t: &'static Msgs,
    nav: &'static str,
    receipt: Receipt,
}

fn categories(s: &AppState, lang: Lang) -> Vec<Group> {
    let t = msgs(lang);
    let name = |c: &huiyin_core::category::Category| match lang {
        Lang::Zh => c.name_zh.clone(),
        Lang::En => c.name_en.clone(),
    };
    let tree = s.app.categories();
    tree.top_level()
        .into_iter()
        .map(|top| {
            let kids = tree.children(&top.code);
            let mut items = vec![(
                top.code.clone(),
                format!("{}{}", name(top), t.category_general),
            )];
            items.extend(kids.into_iter().map(|c| (c.code.clone(), name(c))));
            Group {
                name: name(top),
                items,
            }
        })
        .collect()
}

/// Units grouped by region (petition offices are not "units concerned").
fn unit_groups(s: &AppState) -> Vec<Group> {
    let org = s.app.org();
    let regions = RegionTable::official();
    let mut by_region: std::collections::BTreeMap<String, Vec<(String, String)>> =
        std::collections::BTreeMap::new();
    for u in org.units().filter(|u| u.kind != UnitKind::PetitionOffice) {
        by_region
            .entry(u.region_code.clone())
            .or_default()
            .push((u.id.to_string(), u.name.clone()));
    }
    by_region
        .into_iter()
        .map(|(code, items)| {
            let name = regions.full_name(&code);
            Group {
                name: if name.is_empty() { code } else { name },
                items,
            }
        })
        .collect()
}

fn new_idem() -> String {
    let mut b = [0u8; 16];
    if getrandom::fill(&mut b).is_err() {
        return String::new();
    }
    hex::encode(b)
}

fn page(s: &AppState, lang: Lang, idem: String, values: Vec<(String, String)>) -> SubmitPage {
    SubmitPage {
        t: msgs(lang),
        lang,
        nav: "submit",
        idem,
        categories: categories(s, lang),
        unit_groups: unit_groups(s),
        values,
        errors: Vec::new(),
        message: None,
    }
}

/// `GET /public/submit`
pub async fn form(State(s): State<AppState>, PageLang(lang): PageLang) -> Response {
    render(StatusCode::OK, &page(&s, lang, new_idem(), Vec::new()))
}

/// The form's label of a field, for the summary above the form.
fn label(t: &'static Msgs, field: &str) -> Option<&'static str> {
    Some(match field {
        "petition_type" => t.petition_type,
        "category" => t.category,
        "concerned_unit_id" => t.unit,
        "title" => t.title,
        "content" => t.content,
        "demands" => t.demands,
        "name" => t.name,
        "contact_phone" => t.phone,
        "id_number" => t.id_number,
        "address" => t.address,
        "consent_privacy" => t.privacy_title,
        "attachments" => t.attachments,
        _ => return None,
    })
}

/// Maps the domain's field names onto the form's.
fn form_field(f: &str) -> String {
    match f {
        "petitioners[0].name" => "name".into(),
        "petitioners[0].id_number" => "id_number".into(),
        "petitioners[0].phone" => "contact_phone".into(),
        "petitioners[0].address" => "address".into(),
        f if f.starts_with("attachments") => "attachments".into(),
        other => other.to_owned(),
    }
}

/// The page's fields read as the API's body: the one petitioner's name, ID number and address
/// are `petitioners[0]`'s (the phone is the contact phone).
fn online_form(f: &PortalForm) -> OnlinePetitionForm {
    let mut form: OnlinePetitionForm = Fields(f.fields.clone()).read(&[]);
    form.petitioners = vec![PetitionerForm {
        name: Field::read(&f.get("name")),
        id_number: Field::read(&f.get("id_number")),
        address: Field::read(&f.get("address")),
        ..PetitionerForm::default()
    }];
    form
}

/// `POST /public/submit`
pub async fn submit(
    State(s): State<AppState>,
    Extension(limits): Extension<Arc<Limits>>,
    mut f: PortalForm,
) -> Response {
    let t = msgs(f.lang);
    let idem = f.get("idem");
    let retry = !idem.is_empty() && s.app.portal_known_key(&idem).await.unwrap_or(false);
    if !retry && let Err(wait) = limits.submit.check(&s.app, &f.addr).await {
        return too_many_page(f.lang, "submit", "/public/submit", wait);
    }
    let mut errors: Vec<(String, String)> = Vec::new();
    let files = std::mem::take(&mut f.files)
        .into_iter()
        .map(|u| PortalFile {
            filename: u.filename,
            bytes: u.bytes,
        })
        .collect();
    let result = match OnlinePetitionInput::try_from(online_form(&f)) {
        Ok(input) => {
            if !retry {
                limits.submit.hit(&s.app, &f.addr).await;
            }
            s.app
                .portal_submit(
                    PortalSubmission {
                        petition: input,
                        attachments: files,
                    },
                    Some(&idem),
                )
                .await
        }
        Err(e) => Err(super::with_the_rest(&s, e, online_form(&f), files).into()),
    };
    let check = t.check;
    let mut message = Some(check.to_owned());
    match result {
        Ok(receipt) => {
            return render(
                StatusCode::OK,
                &DonePage {
                    t,
                    nav: "submit",
                    receipt,
                },
            );
        }
        Err(e) => {
            let (msg, fields) = error_text(&e, f.lang);
            if fields.is_empty() {
                message = Some(msg);
            }
            for (k, v) in fields {
                let k = form_field(&k);
                // Several messages on one field (one per file) are shown together.
                match errors.iter_mut().find(|(e, _)| *e == k) {
                    Some((_, m)) => {
                        m.push('；');
                        m.push_str(&v);
                    }
                    None => errors.push((k, v)),
                }
            }
        }
    }
    // Listed in the order the form asks (issue 12 item 10), whatever order they were found in.
    errors.sort_by_key(|(k, _)| {
        FORM_ORDER
            .iter()
            .position(|f| f == k)
            .unwrap_or(FORM_ORDER.len())
    });
    if message.as_deref() == Some(check) {
        let names: Vec<&str> = errors.iter().filter_map(|(k, _)| label(t, k)).collect();
        if !names.is_empty() {
            message = Some(format!("{check}{}{}", t.colon, names.join(t.list_sep)));
        }
    }
    let mut idem = idem;
    if let Some(pos) = errors.iter().position(|(k, _)| k == "idempotency_key") {
        message = Some(errors.remove(pos).1);
        idem = new_idem();
    }
    let mut p = page(&s, f.lang, idem, f.fields.clone());
    p.errors = errors;
    p.message = message;
    render(
        crate::error::status_of(huiyin_core::error::ErrorCode::Validation),
        &p,
    )
}

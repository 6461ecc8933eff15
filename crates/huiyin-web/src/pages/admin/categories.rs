//! `GET /admin/categories`: the content-category tree with each category's default petition
//! type and diversion route (read-only: the tree is configuration data).

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use super::{AdminMsgs, Feedback, Tab, admin_msgs, guard, tabs};
use crate::AppState;
use crate::pages::chrome::{Chrome, render};
use crate::pages::i18n::{msgs, pick};
use crate::pages::session::Staff;

pub struct CategoryLine {
    pub code: String,
    pub name: String,
    pub depth: usize,
    pub default_type: &'static str,
    pub diversion: &'static str,
    pub evidence: String,
}

#[derive(Template)]
#[template(path = "staff/admin/categories.html")]
struct CategoriesPage {
    c: Chrome,
    a: &'static AdminMsgs,
    tabs: Vec<Tab>,
    lines: Vec<CategoryLine>,
    fb: Feedback,
}

pub async fn page(State(s): State<AppState>, staff: Staff) -> Response {
    if let Some(r) = guard(&s, &staff) {
        return r;
    }
    let lang = staff.lang;
    let tree = s.app.categories();
    let mut lines = Vec::with_capacity(tree.all().len());
    let mut stack: Vec<(&huiyin_core::category::Category, usize)> =
        tree.top_level().into_iter().rev().map(|c| (c, 0)).collect();
    while let Some((cat, depth)) = stack.pop() {
        lines.push(CategoryLine {
            code: cat.code.clone(),
            name: pick(lang, &cat.name_zh, &cat.name_en).to_owned(),
            depth,
            default_type: pick(
                lang,
                cat.default_petition_type.zh(),
                cat.default_petition_type.en(),
            ),
            diversion: cat
                .default_diversion
                .map_or("", |d| pick(lang, d.zh(), d.en())),
            evidence: cat.evidence.clone(),
        });
        for child in tree.children(&cat.code).into_iter().rev() {
            stack.push((child, depth + 1));
        }
    }
    render(&CategoriesPage {
        c: Chrome::new(&s, &staff, "admin", msgs(lang).admin_categories),
        a: admin_msgs(lang),
        tabs: tabs(lang, "/admin/categories"),
        lines,
        fb: Feedback::default(),
    })
}

//! `POST /cases/batch/export.xlsx` and `POST /cases/batch/print`: the ticked cases of the list
//! as a workbook (the list's own columns) or as one printable page, a case a sheet (issue 12
//! item 6): each case's latest notice (告知书, 转送/交办函, 意见书…) as its own notice page prints
//! it, or, for a case without a notice yet, its summary under a label saying so. Each id goes
//! through the case page's visibility check (`App::visible_cases`,
//! `App::visible_cases_with_notices`): an id the user may not open is left out without a word,
//! so a forged id tells nothing.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use huiyin_app::CaseView;
use huiyin_app::workbench::{Notice, NoticeState};

use super::batch::MAX_BATCH;
use super::chrome::{Chrome, error_page, render_status};
use super::i18n::pick;
use super::notices::{doc_of, links};
use super::rows::{CaseRow, case_row, unit_name};
use super::session::{Fields, StaffForm};
use crate::AppState;
use crate::notice_doc::NoticeDoc;

/// One case on the print page: its latest notice, or (none yet) its list row and its words.
pub struct PrintCase {
    /// The latest notice's text, as the case's notice page prints it.
    pub doc: Option<NoticeDoc>,
    pub notice_kind: &'static str,
    /// "已发出 2026-12-03（邮寄送达）" or "未登记发出".
    pub notice_sent: String,
    pub row: CaseRow,
    pub category: String,
    pub concerned_unit: String,
    pub handler: String,
    pub content: String,
    pub demands: String,
    pub people: u32,
}

#[derive(Template)]
#[template(path = "staff/batch_print.html")]
struct PrintPage {
    c: Chrome,
    cases: Vec<PrintCase>,
    /// Some case prints a notice (the page then loads the notices' stylesheet).
    with_notices: bool,
    /// Ids ticked that are not printed (out of sight or no such case), counted only.
    left_out: usize,
    problem: Option<String>,
    back: String,
    today: String,
}

/// The ticked ids, in order, each once; or the problem to show (none, or too many).
fn ticked(fields: &Fields, lang: crate::Lang) -> Result<Vec<i64>, &'static str> {
    let mut ids: Vec<i64> = Vec::new();
    for (_, v) in fields.0.iter().filter(|(k, _)| k == "ids") {
        if let Ok(id) = v.trim().parse::<i64>()
            && !ids.contains(&id)
        {
            ids.push(id);
        }
    }
    match ids.len() {
        0 => Err(pick(lang, "请先勾选信访件", "Tick the cases first")),
        n if n > MAX_BATCH => Err(pick(
            lang,
            "一次最多勾选200件",
            "At most 200 cases at a time",
        )),
        _ => Ok(ids),
    }
}

fn back_of(fields: &Fields) -> String {
    // Only a list page's own link goes back (no open redirect).
    fields
        .get("back")
        .filter(|b| b.starts_with("/cases") && !b.starts_with("//"))
        .unwrap_or("/cases")
        .to_owned()
}

fn page(s: &AppState, form: &StaffForm, cases: Vec<PrintCase>, left_out: usize) -> PrintPage {
    let lang = form.staff.lang;
    PrintPage {
        c: Chrome::new(
            s,
            &form.staff,
            "cases",
            pick(lang, "打印所选信访件", "Print the ticked cases").to_owned(),
        ),
        with_notices: cases.iter().any(|x| x.doc.is_some()),
        cases,
        left_out,
        problem: None,
        back: back_of(&form.fields),
        today: s.app.today().to_string(),
    }
}

/// The workbook of the ticked cases the user may open.
pub async fn export(State(s): State<AppState>, form: StaffForm) -> Response {
    let lang = form.staff.lang;
    let ids = match ticked(&form.fields, lang) {
        Ok(ids) => ids,
        Err(p) => {
            let mut view = page(&s, &form, Vec::new(), 0);
            view.problem = Some(p.to_owned());
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &view);
        }
    };
    match s.app.visible_cases(&form.staff.user, &ids).await {
        Ok(items) => {
            let n = items.len() as i64;
            super::export::cases_xlsx(&s, &form.staff.user, lang, &items, n)
        }
        Err(e) => error_page(&s, &form.staff, &e),
    }
}

/// One printable page: each ticked case the user may open on a sheet of its own.
pub async fn print(State(s): State<AppState>, form: StaffForm) -> Response {
    let lang = form.staff.lang;
    let ids = match ticked(&form.fields, lang) {
        Ok(ids) => ids,
        Err(p) => {
            let mut view = page(&s, &form, Vec::new(), 0);
            view.problem = Some(p.to_owned());
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &view);
        }
    };
    let items = match s
        .app
        .visible_cases_with_notices(&form.staff.user, &ids)
        .await
    {
        Ok(items) => items,
        Err(e) => return error_page(&s, &form.staff, &e),
    };
    s.app
        .record_export(&form.staff.user, "cases.print", items.len());
    let org = s.app.org();
    let today = s.app.today();
    let cats = s.app.categories();
    let left_out = ids.len() - items.len();
    let cases = items
        .iter()
        .map(|(v, notice): &(CaseView, Option<Notice>)| {
            let sent = notice.as_ref().map(|n| {
                let state = NoticeState {
                    kind: n.kind,
                    sent: n.sent.clone(),
                };
                links(&[state], lang)
                    .pop()
                    .map(|l| l.sent)
                    .unwrap_or_default()
            });
            PrintCase {
                doc: notice.as_ref().map(doc_of),
                notice_kind: notice.as_ref().map_or("", |n| n.kind.as_str()),
                notice_sent: sent.unwrap_or_default(),
                row: case_row(v, &org, today, lang),
                category: cats.get(&v.category).map_or_else(
                    || v.category.clone(),
                    |c| pick(lang, &c.name_zh, &c.name_en).to_owned(),
                ),
                concerned_unit: unit_name(&org, v.concerned_unit_id),
                handler: v.handler_name.clone().unwrap_or_default(),
                content: v.content.clone(),
                demands: v.demands.clone(),
                people: v.people_count,
            }
        })
        .collect();
    render_status(StatusCode::OK, &page(&s, &form, cases, left_out))
}

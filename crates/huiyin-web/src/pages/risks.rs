//! `GET /risks`: the 矛盾纠纷排查 register of the user's scope — filtered by status (化解中,
//! 已化解, 已逾期) and level, 20 a page, with an xlsx download — and `POST /risks`, the form
//! that registers an entry (the same use case as `POST /api/v1/risks`, cases typed by number);
//! a refusal shows the page again with every problem and what was typed.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_app::{CampaignView, RiskQuery, RiskView};
use huiyin_core::risk::{RiskForm, RiskStatus, risk_level};
use huiyin_core::risk_campaign::CampaignForm;
use huiyin_core::warning::WarningLevel;
use serde::Deserialize;
use serde_json::Value;

use super::chrome::{Chrome, error_page, error_text, form_status, render_status};
use super::i18n::pick;
use super::leaders_form::numbers;
use super::list::Opt;
use super::session::{Fields, Staff, StaffForm, url_escape};
use crate::AppState;

const PER_PAGE: u32 = 20;

/// The query string as typed, echoed back into the filters and links.
#[derive(Deserialize, Default, Clone)]
pub struct RiskListQuery {
    pub status: Option<String>,
    pub level: Option<String>,
    pub page: Option<String>,
    pub done: Option<String>,
    /// Only entries found in this campaign.
    pub campaign_id: Option<String>,
}

fn blank(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

#[derive(Template)]
#[template(path = "staff/risks.html")]
struct RisksPage {
    c: Chrome,
    items: Vec<RiskView>,
    total: i64,
    page: u32,
    pages: u32,
    statuses: Vec<Opt>,
    levels: Vec<Opt>,
    /// The filters as a query string (for the pager and the download).
    filter_query: String,
    owners: Vec<Opt>,
    units: Vec<Opt>,
    /// The campaigns covering the user's scope (the list and the register form's choice).
    campaigns: Vec<CampaignView>,
    campaign_opts: Vec<Opt>,
    /// The campaign the list is narrowed to.
    campaign_name: Option<String>,
    today: String,
    done: bool,
    error_message: Option<String>,
    errors: Vec<String>,
    /// The register form failed: kept open with what was typed.
    failed: bool,
    /// The campaign form failed (then `failed` too).
    failed_campaign: bool,
    prev: Fields,
}

impl RisksPage {
    fn prev(&self, name: &str) -> &str {
        self.prev.get(name).unwrap_or("")
    }
}

/// What the page says besides the register.
#[derive(Default)]
struct Outcome {
    done: bool,
    error_message: Option<String>,
    errors: Vec<String>,
    failed: bool,
    failed_campaign: bool,
    prev: Fields,
}

async fn page(
    s: &AppState,
    staff: &Staff,
    q: &RiskListQuery,
    o: Outcome,
    status: StatusCode,
) -> Response {
    let lang = staff.lang;
    let page = blank(&q.page)
        .and_then(|p| p.parse::<u32>().ok())
        .unwrap_or(1)
        .max(1);
    let query = RiskQuery {
        status: blank(&q.status).map(str::to_owned),
        level: blank(&q.level).and_then(risk_level),
        unit_id: None,
        campaign_id: blank(&q.campaign_id).and_then(|c| c.parse().ok()),
    };
    let list = match s.app.risks(&staff.user, &query, page, PER_PAGE).await {
        Ok(l) => l,
        Err(e) => return error_page(s, staff, &e),
    };
    let status_now = blank(&q.status).unwrap_or("");
    let mut statuses: Vec<Opt> = RiskStatus::ALL
        .iter()
        .map(|st| Opt {
            value: st.as_str().to_owned(),
            label: pick(lang, st.zh(), st.en()).to_owned(),
            selected: status_now == st.as_str(),
        })
        .collect();
    statuses.push(Opt {
        value: "overdue".into(),
        label: pick(lang, "已逾期", "Overdue").into(),
        selected: status_now == "overdue",
    });
    let level_now = query.level;
    let level_opts = |chosen: Option<WarningLevel>| {
        WarningLevel::ALL
            .iter()
            .map(|l| Opt {
                value: l.as_str().to_owned(),
                label: pick(lang, l.zh(), l.en()).to_owned(),
                selected: chosen == Some(*l),
            })
            .collect::<Vec<_>>()
    };
    let chosen_owner = o
        .prev
        .get("owner_user_id")
        .and_then(|v| v.parse::<i64>().ok());
    let owners = s
        .app
        .risk_owner_choices(&staff.user)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|(id, name)| Opt {
            value: id.to_string(),
            label: name,
            selected: chosen_owner == Some(id),
        })
        .collect();
    let campaigns = s
        .app
        .campaigns(&staff.user)
        .await
        .map(|l| l.items)
        .unwrap_or_default();
    let chosen_campaign = o
        .prev
        .get("campaign_id")
        .and_then(|v| v.parse::<i64>().ok())
        .or(query.campaign_id);
    let campaign_opts = campaigns
        .iter()
        .map(|c| Opt {
            value: c.id.to_string(),
            label: format!("{}（{}，{} — {}）", c.name, c.unit_name, c.from, c.to),
            selected: chosen_campaign == Some(c.id),
        })
        .collect();
    let campaign_name = query
        .campaign_id
        .and_then(|id| campaigns.iter().find(|c| c.id == id))
        .map(|c| c.name.clone());
    let filter_query = format!(
        "status={}&level={}&campaign_id={}",
        url_escape(status_now),
        level_now.map_or("", |l| l.as_str()),
        query.campaign_id.map(|c| c.to_string()).unwrap_or_default()
    );
    let view = RisksPage {
        c: Chrome::new(
            s,
            staff,
            "risks",
            pick(lang, "矛盾纠纷排查", "Conflict screening"),
        ),
        total: list.total,
        page,
        pages: u32::try_from((list.total + i64::from(PER_PAGE) - 1) / i64::from(PER_PAGE))
            .unwrap_or(1)
            .max(1),
        items: list.items,
        statuses,
        levels: level_opts(level_now),
        filter_query,
        owners,
        // Only the units of the user's scope: an entry or a campaign is never about a unit above.
        units: super::units::filter_unit_options(s, &staff.user, o.prev.get("unit_id")),
        campaigns,
        campaign_opts,
        campaign_name,
        today: s.app.today().to_string(),
        done: o.done,
        error_message: o.error_message,
        errors: o.errors,
        failed: o.failed,
        failed_campaign: o.failed_campaign,
        prev: o.prev,
    };
    render_status(status, &view)
}

/// `GET /risks`
pub async fn list(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<RiskListQuery>,
) -> Response {
    let o = Outcome {
        done: blank(&q.done).is_some(),
        ..Outcome::default()
    };
    page(&s, &staff, &q, o, StatusCode::OK).await
}

/// `GET /risks.xlsx`: every entry matching the filters as a workbook.
pub async fn download(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<RiskListQuery>,
) -> Response {
    let query = RiskQuery {
        status: blank(&q.status).map(str::to_owned),
        level: blank(&q.level).and_then(risk_level),
        unit_id: None,
        campaign_id: blank(&q.campaign_id).and_then(|c| c.parse().ok()),
    };
    let mut all = Vec::new();
    let mut page = 1;
    loop {
        match s.app.risks(&staff.user, &query, page, 200).await {
            Ok(l) => {
                let done = l.items.is_empty() || (all.len() + l.items.len()) as i64 >= l.total;
                all.extend(l.items);
                if done {
                    break;
                }
                page += 1;
            }
            Err(e) => return error_page(&s, &staff, &e),
        }
    }
    s.app.record_export(&staff.user, "risks.xlsx", all.len());
    super::risks_workbook(&all, staff.lang).unwrap_or_else(|_| {
        error_page(
            &s,
            &staff,
            &huiyin_app::AppError::code(huiyin_core::error::ErrorCode::Internal),
        )
    })
}

/// `POST /risks`: registers an entry, then shows the register (303), or the refusal with what
/// was typed.
pub async fn record(State(s): State<AppState>, form: StaffForm) -> Response {
    let StaffForm { staff, fields } = form;
    let typed = numbers(fields.get("case_numbers").unwrap_or_default());
    let result = async {
        let ids = s
            .app
            .visible_case_ids_by_number(&staff.user, &typed)
            .await?;
        let mut f: RiskForm = fields.read(&[]);
        f.case_ids = Some(ids.into_iter().map(Value::from).collect());
        s.app.record_risk(&staff.user, f).await
    }
    .await;
    match result {
        Ok(r) => Redirect::to(&format!("/risks/{}?done=record", r.risk.id)).into_response(),
        Err(e) => {
            let (message, errors) = error_text(&e, staff.lang);
            let o = Outcome {
                done: false,
                error_message: Some(message),
                errors,
                failed: true,
                failed_campaign: false,
                prev: fields,
            };
            page(&s, &staff, &RiskListQuery::default(), o, form_status(&e)).await
        }
    }
}

/// `POST /risks/campaigns`: organises a screening campaign (the same use case as
/// `POST /api/v1/risk-campaigns`), then shows its report (303), or the refusal with what was
/// typed.
pub async fn record_campaign(State(s): State<AppState>, form: StaffForm) -> Response {
    let StaffForm { staff, fields } = form;
    let f: CampaignForm = fields.read(&[]);
    match s.app.record_campaign(&staff.user, f).await {
        Ok(c) => Redirect::to(&format!("/risks/campaigns/{}", c.id)).into_response(),
        Err(e) => {
            let (message, errors) = error_text(&e, staff.lang);
            let o = Outcome {
                done: false,
                error_message: Some(message),
                errors,
                failed: true,
                failed_campaign: true,
                prev: fields,
            };
            page(&s, &staff, &RiskListQuery::default(), o, form_status(&e)).await
        }
    }
}

//! `GET /risks/campaigns/{id}`: a screening campaign (排查活动) with its report — the register
//! entries found in it per unit: found, resolved, open, overdue — linked to the register
//! narrowed to the campaign.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use huiyin_app::{AppError, CampaignReport};
use huiyin_core::error::ErrorCode;

use super::chrome::{Chrome, error_page, render};
use super::i18n::pick;
use super::session::Staff;
use crate::AppState;

#[derive(Template)]
#[template(path = "staff/risk_campaign.html")]
struct CampaignPage {
    c: Chrome,
    r: CampaignReport,
}

/// `GET /risks/campaigns/{id}`
pub async fn show(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let Some(id) = id.parse::<i64>().ok().filter(|i| *i > 0) else {
        return error_page(&s, &staff, &AppError::code(ErrorCode::NotFound));
    };
    match s.app.campaign_report(&staff.user, id).await {
        Ok(r) => {
            let title = format!(
                "{} · {}",
                pick(staff.lang, "排查活动", "Campaign"),
                r.campaign.name
            );
            render(&CampaignPage {
                c: Chrome::new(&s, &staff, "risks", title),
                r,
            })
        }
        Err(e) => error_page(&s, &staff, &e),
    }
}

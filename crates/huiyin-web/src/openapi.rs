//! The OpenAPI document, generated from the handlers' annotations.

use axum::Json;
use utoipa::OpenApi;

use crate::api;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Huiyin 回音 API",
        description = "Case management and early warning for education petition work (教育信访)."
    ),
    paths(
        api::auth::token,
        api::auth::me,
        api::auth::change_password,
        api::org::list_units,
        api::org::create_unit,
        api::org::create_user,
        api::org::categories,
        api::cases::register,
        api::cases::list,
        api::cases::get_one,
        api::cases::timeline,
        api::cases::query_code,
        api::actions::act,
        api::calendar::deadline,
        api::calendar::get_calendar,
        api::calendar::put_calendar,
        api::calendar::edit_day,
        api::calendar::complete_year,
        api::supervision::issue,
        api::supervision::list,
        api::supervision::respond,
        api::warnings::list,
        api::warnings::get_one,
        api::warnings::act,
        api::incidents::create,
        api::incidents::list,
        api::incidents::get_one,
        api::incidents::report,
        api::receptions::schedule,
        api::receptions::list,
        api::receptions::public,
        api::calendar::rules,
        api::calendar::put_rules,
        api::security::logout,
        api::security::enrol_totp,
        api::security::audit,
        api::security::verify,
        api::security::sign_ins,
        api::stats::rates,
        api::analysis::analysis,
        api::analysis::cases,
        api::scorecard::scorecard,
        api::scorecard::rate_cases,
        api::scorecard::scheme,
        api::scorecard::put_scheme,
        api::publication::draft,
        api::publication::get,
        api::publication::confirm,
        api::publication::withdraw,
        api::workbench::worklists,
        api::workbench::worklist,
        api::workbench::notices,
        api::workbench::notice,
        api::workbench::issue_notice,
        api::workbench::notice_docx,
        api::workbench::attachments,
        api::workbench::upload,
        api::workbench::download,
        api::workbench::export,
        crate::portal::api::submit,
        crate::portal::api::progress,
        crate::portal::api::evaluation,
        crate::portal::api::review_request,
    ),
    components(schemas(
        api::workbench::NoticeSendingBody,
        api::TokenRequest,
        api::auth::PasswordBody,
        huiyin_core::org_input::UnitForm,
        huiyin_core::org_input::UserForm,
        huiyin_core::intake_input::RegistrationForm,
        huiyin_core::intake_input::PetitionerForm,
        huiyin_core::workflow::StepInput,
        api::calendar::CalendarBody,
        huiyin_core::calendar_input::DayEditForm,
        huiyin_core::supervision::SupervisionOrderForm,
        huiyin_core::supervision::SupervisionResponseForm,
        huiyin_core::warning::WarningActionForm,
        huiyin_core::incident::IncidentForm,
        huiyin_core::incident::IncidentReportForm,
        huiyin_core::reception::ReceptionForm,
        api::scorecard::SchemeBody,
        huiyin_core::publication_input::ConfirmedText,
        crate::portal::api::PublicPetitionBody,
        huiyin_core::online_input::OnlinePetitionForm,
        crate::portal::api::PublicAttachment,
        crate::portal::api::EvaluationBody
    ))
)]
pub struct ApiDoc;

pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

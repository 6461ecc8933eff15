//! The portal acts as the petitioner (信访人), not as a registrar: it registers an online
//! petition and takes the petitioner's own steps, but reaches no case through a staff path,
//! registers nothing received any other way, and takes no staff step.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_app::ActionInput;
use huiyin_app::portal::portal_actor;
use huiyin_core::error::ErrorCode;
use huiyin_core::intake::{PetitionerInput, RegistrationInput};
use huiyin_core::kinds::{Channel, Grade, PetitionType};
use huiyin_core::workflow::Action;
use huiyin_testkit::spawn_app;
use serde_json::json;

fn code(e: huiyin_app::AppError) -> ErrorCode {
    match e {
        huiyin_app::AppError::Domain(d) => d.code,
        other => panic!("not a domain error: {other:?}"),
    }
}

#[tokio::test]
async fn the_portal_petitioner_reaches_cases_only_by_query_code() {
    let t = spawn_app().await;
    let (status, receipt) = t
        .post_json(
            "/api/v1/public/petitions",
            None,
            &json!({
                "petition_type": "appeal",
                "category": "fees",
                "concerned_unit_id": t.units.school,
                "title": "反映学校违规收取资料费",
                "content": "每学期收取资料费500元，未公示收费依据。",
                "demands": "请核查",
                "petitioners": [{"name": "李秀英"}],
                "contact_phone": "13912345678",
                "consent_privacy": true
            }),
        )
        .await;
    assert_eq!(status, 201, "{receipt}");
    let registrar = t.token("registrar").await;
    let list = t.list(&registrar, "").await;
    let case = &list["items"][0];
    let id = case["id"].as_i64().unwrap();
    let history = t
        .get(&format!("/api/v1/cases/{id}/timeline"), Some(&registrar))
        .await
        .1;
    assert_eq!(history[0]["actor"], "网上信访平台（信访人）", "{history}");

    // The petitioner acting where the case stands: no staff read, no staff step.
    let petitioner = portal_actor(t.units.county_office);
    assert_eq!(
        code(t.app.get_case(&petitioner, id).await.unwrap_err()),
        ErrorCode::CaseNotFound
    );
    let evaluate = ActionInput {
        action: Action::Evaluate {
            grade: Grade::Satisfied,
        },
        on: None,
        params_json: "{}".to_owned(),
        remark: None,
    };
    assert_eq!(
        code(t.app.act(&petitioner, id, evaluate).await.unwrap_err()),
        ErrorCode::CaseNotFound,
        "steps go through the query code, not the staff door"
    );

    // Registration: online only.
    let visit = RegistrationInput {
        channel: Channel::Visit,
        petition_type: PetitionType::Appeal,
        category: "fees".to_owned(),
        title: "来访".to_owned(),
        content: "来访反映收费问题".to_owned(),
        demands: "请核查".to_owned(),
        concerned_unit_id: t.units.school,
        received_on: t.app.today(),
        petitioners: vec![PetitionerInput {
            name: "王五".to_owned(),
            id_number: None,
            phone: Some("13912345678".to_owned()),
            address: None,
            representative: false,
        }],
        people_count: None,
        confidential: false,
        reception_id: None,
    };
    assert_eq!(
        code(t.app.register(&petitioner, visit).await.unwrap_err()),
        ErrorCode::RoleRequired
    );
}

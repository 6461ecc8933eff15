//! Query codes for every channel (issue 10 item 10): a petitioner who writes, visits or calls
//! may follow the case on the portal too. With their agreement, staff issue a query code and a
//! PIN once (printed on a receipt or sent by SMS); they are kept only as keyed digests, like
//! the online form's.

use huiyin_core::case::CaseId;
use huiyin_core::error::ErrorCode;
use huiyin_core::permission::Permission;
use huiyin_store::PortalRecord;
use serde::Serialize;

use super::secret;
use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;

/// What the petitioner is given, once.
#[derive(Clone, Debug, Serialize)]
pub struct StaffReceipt {
    pub case_id: CaseId,
    pub number: String,
    pub query_code: String,
    pub pin: String,
    pub received_on: huiyin_core::Date,
}

impl App {
    /// Issues the query code and PIN of a case registered by staff; refused when one exists
    /// (they cannot be shown again: the petitioner asks for a new registration receipt instead).
    #[tracing::instrument(name = "app.issue_query_code", skip_all, fields(user_id = user.id, case_id = case_id))]
    pub async fn issue_query_code(
        &self,
        user: &CurrentUser,
        case_id: CaseId,
    ) -> Result<StaffReceipt> {
        if !user.actor().may(Permission::HandleCases) {
            return Err(ErrorCode::RoleRequired.into());
        }
        let rec = self.visible_case(user, case_id).await?;
        if self.store.portal_code_exists(case_id).await? {
            return Err(ErrorCode::QueryCodeIssued.into());
        }
        let ring = self.store.keys().map(|k| k.ring());
        let code = secret::new_code()?;
        let pin = secret::new_pin()?;
        // A unique key for the row; no retry can read the code back (nothing is sealed).
        let idem = secret::idem_key(&format!("staff:{case_id}:{code}"));
        let record = PortalRecord {
            case_id: None,
            code_key: secret::code_key(ring.as_deref(), &code),
            pin_hash: secret::pin_hash(ring.as_deref(), &code, &pin),
            idem_key: idem.clone(),
            fingerprint: "staff".into(),
            retry_seal: String::new(),
            created_at: self.now_ms(),
        };
        self.store.reserve_portal(&record).await?;
        self.store.attach_portal_case(&idem, case_id).await?;
        self.audit(
            Some(user),
            "",
            "case.query_code",
            &rec.case.number,
            "ok",
            "",
        )
        .await?;
        Ok(StaffReceipt {
            case_id,
            number: rec.case.number,
            query_code: code,
            pin,
            received_on: rec.case.received_on,
        })
    }
}

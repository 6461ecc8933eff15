//! Online submission: the same registration path as staff intake, received by the body that
//! supervises the unit concerned, answered with a query code and a PIN.

use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::intake::RegistrationInput;
use huiyin_core::kinds::Channel;
use huiyin_core::online_input::OnlinePetitionInput;
use huiyin_core::org::{OrgTree, UnitId, UnitKind};
use huiyin_core::person::PhoneNo;
use huiyin_store::{PortalRecord, StoreError, Unique};

use super::actor::portal_actor;
use super::files::{PortalFile, check_files, files_digest};
use super::secret;
use crate::context::App;
use crate::error::{AppError, Result};

/// Petitioners one online form may list.
pub const MAX_PETITIONERS: usize = 20;
/// Characters of the petition's content accepted online.
pub const MAX_CONTENT: usize = 10_000;

/// The online form as submitted: the petition, read by `OnlinePetitionInput::try_from`, and
/// its files.
#[derive(Clone, Debug)]
pub struct PortalSubmission {
    pub petition: OnlinePetitionInput,
    /// Files sent with the petition (at most 3 PNG/JPEG/PDF files of 5 MiB).
    pub attachments: Vec<PortalFile>,
}

/// What the petitioner keeps: shown once.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Receipt {
    pub query_code: String,
    pub pin: String,
    /// The day the petition was registered.
    pub received_on: huiyin_core::Date,
    /// The body that received it.
    pub receiving_unit: String,
    /// An earlier answer to the same idempotency key was returned.
    #[serde(skip)]
    pub replayed: bool,
}

/// The unit that receives an online petition: the body one level above the unit concerned
/// (its petition office when it has one), or the unit's own body at the top. Never the unit
/// concerned itself, so an accusation does not land with the accused (Art. 30).
pub fn receiving_unit(org: &OrgTree, concerned: UnitId) -> Option<UnitId> {
    let body = org
        .one_level_up(concerned)
        .or_else(|| org.competent_body(concerned))?;
    let office = org
        .children(body.id)
        .iter()
        .filter_map(|c| org.get(*c))
        .find(|u| u.kind == UnitKind::PetitionOffice)
        .map(|u| u.id);
    Some(office.unwrap_or(body.id))
}

fn check_form(s: &PortalSubmission) -> std::result::Result<String, DomainError> {
    let mut err: Option<DomainError> = None;
    let mut bad = |f: &str, zh: &str, en: &str| {
        let e = err
            .take()
            .unwrap_or_else(|| DomainError::new(ErrorCode::Validation));
        err = Some(e.with(f, zh, en));
    };
    if !s.petition.consent_privacy {
        bad(
            "consent_privacy",
            "请阅读并同意个人信息保护告知",
            "you must accept the privacy notice",
        );
    }
    if s.petition.petitioners.len() > MAX_PETITIONERS {
        bad(
            "petitioners",
            "网上信访最多填写20名信访人；人数较多的请推选代表",
            "at most 20 petitioners online",
        );
    }
    if s.petition.content.chars().count() > MAX_CONTENT {
        bad(
            "content",
            "信访内容不能超过10000字",
            "at most 10,000 characters",
        );
    }
    let phone = match PhoneNo::parse(&s.petition.contact_phone) {
        Ok(p) => p.as_str().to_owned(),
        Err(_) => {
            bad(
                "contact_phone",
                "请填写正确的联系电话（手机或固定电话）",
                "enter a valid phone number",
            );
            String::new()
        }
    };
    check_files(&s.attachments, &mut err);
    match err {
        Some(e) => Err(e),
        None => Ok(phone),
    }
}

fn to_input(s: &PortalSubmission, today: huiyin_core::Date) -> RegistrationInput {
    RegistrationInput {
        channel: Channel::Online,
        petition_type: s.petition.petition_type,
        category: s.petition.category.clone(),
        title: s.petition.title.clone(),
        content: s.petition.content.clone(),
        demands: s.petition.demands.clone(),
        concerned_unit_id: s.petition.concerned_unit_id,
        received_on: today,
        petitioners: s.petition.petitioners.clone(),
        people_count: None,
        confidential: s.petition.confidential,
        reception_id: None,
    }
}

/// A digest of everything submitted: a retry must repeat the request exactly.
fn fingerprint(s: &PortalSubmission) -> String {
    let people: Vec<String> = s
        .petition
        .petitioners
        .iter()
        .map(|p| {
            format!(
                "{}\u{1}{}\u{1}{}\u{1}{}",
                p.name,
                p.id_number.as_deref().unwrap_or(""),
                p.phone.as_deref().unwrap_or(""),
                p.address.as_deref().unwrap_or("")
            )
        })
        .collect();
    let text = format!(
        "{}\u{0}{}\u{0}{}\u{0}{}\u{0}{}\u{0}{}\u{0}{}\u{0}{}\u{0}{}\u{0}{}",
        s.petition.petition_type.as_str(),
        s.petition.category,
        s.petition.concerned_unit_id,
        s.petition.title,
        s.petition.content,
        s.petition.demands,
        people.join("\u{2}"),
        s.petition.contact_phone,
        s.petition.confidential,
        files_digest(&s.attachments)
    );
    huiyin_crypto::sm3_hex(text.as_bytes())
}

impl App {
    /// Whether a submission with this idempotency key exists (a retry is not rate-limited).
    pub async fn portal_known_key(&self, key: &str) -> Result<bool> {
        Ok(self
            .store
            .portal_by_idem(&secret::idem_key(key.trim()))
            .await?
            .is_some())
    }

    /// Every problem of a submission at once — the form's own checks and the registration's —
    /// or the contact phone to keep. The portal page also asks it about a form whose type or
    /// unit could not be read (with stand-ins for those two), so the petitioner learns of every
    /// other missing field in the same answer.
    pub fn portal_check(&self, submission: &PortalSubmission) -> Result<String> {
        check_form(submission).map_err(|mut e| {
            let input = to_input(submission, self.today());
            let limits = self.rules().for_region("", self.today()).limits.clone();
            if let Err(more) = huiyin_core::intake::validate_registration(
                input,
                self.today(),
                &self.categories(),
                &self.org(),
                &limits,
            ) {
                e.fields.extend(more.fields);
            }
            AppError::Domain(e)
        })
    }

    /// Registers an online petition. With the same `idempotency_key` and the same request, a
    /// retry answers the first receipt and creates nothing.
    #[tracing::instrument(name = "app.portal_submit", skip_all)]
    pub async fn portal_submit(
        &self,
        submission: PortalSubmission,
        idempotency_key: Option<&str>,
    ) -> Result<Receipt> {
        let org = self.org();
        let phone = self.portal_check(&submission)?;
        let receiving =
            receiving_unit(&org, submission.petition.concerned_unit_id).ok_or_else(|| {
                AppError::Domain(
                    DomainError::new(ErrorCode::UnitNotFound).field("concerned_unit_id"),
                )
            })?;
        let receiving_name = org
            .get(receiving)
            .map(|u| u.name.clone())
            .unwrap_or_default();
        let fp = fingerprint(&submission);
        let client_key = match idempotency_key.map(str::trim).filter(|k| !k.is_empty()) {
            Some(k) if k.len() <= 200 => k.to_owned(),
            Some(_) => {
                return Err(DomainError::invalid(
                    "idempotency_key",
                    "幂等键不能超过200个字符",
                    "at most 200 characters",
                )
                .into());
            }
            None => hex::encode(
                huiyin_crypto::random_bytes::<16>()
                    .map_err(|_| AppError::code(ErrorCode::Internal))?,
            ),
        };
        let idem = secret::idem_key(&client_key);
        if let Some(found) = self.store.portal_by_idem(&idem).await? {
            return self.replay(&found, &client_key, &fp, &receiving_name).await;
        }
        let ring = self.store.keys().map(|k| k.ring());
        let code = secret::new_code()?;
        let pin = secret::new_pin()?;
        let record = PortalRecord {
            case_id: None,
            code_key: secret::code_key(ring.as_deref(), &code),
            pin_hash: secret::pin_hash(ring.as_deref(), &code, &pin),
            idem_key: idem.clone(),
            fingerprint: fp.clone(),
            retry_seal: secret::seal(&client_key, &fp, &code, &pin),
            created_at: self.now_ms(),
        };
        match self.store.reserve_portal(&record).await {
            Ok(()) => {}
            Err(StoreError::Conflict(Unique::PortalIdempotencyKey)) => {
                // A concurrent retry reserved the key first.
                if let Some(found) = self.store.portal_by_idem(&idem).await? {
                    return self.replay(&found, &client_key, &fp, &receiving_name).await;
                }
                return Err(ErrorCode::Internal.into());
            }
            Err(e) => return Err(e.into()),
        }
        let mut petitioners = submission.petition.petitioners;
        if let Some(first) = petitioners.first_mut()
            && first.phone.as_deref().is_none_or(|p| p.trim().is_empty())
        {
            first.phone = Some(phone);
        }
        let input = RegistrationInput {
            channel: Channel::Online,
            petition_type: submission.petition.petition_type,
            category: submission.petition.category,
            title: submission.petition.title,
            content: submission.petition.content,
            demands: submission.petition.demands,
            concerned_unit_id: submission.petition.concerned_unit_id,
            received_on: self.today(),
            petitioners,
            people_count: None,
            confidential: submission.petition.confidential,
            reception_id: None,
        };
        let registered = match self.register(&portal_actor(receiving), input).await {
            Ok(r) => r,
            Err(e) => {
                self.store.drop_portal_reservation(&idem).await?;
                return Err(e);
            }
        };
        self.store
            .attach_portal_case(&idem, registered.case.id)
            .await?;
        self.store_portal_files(registered.case.id, receiving, &submission.attachments)
            .await?;
        Ok(Receipt {
            query_code: code,
            pin,
            received_on: registered.case.received_on,
            receiving_unit: receiving_name,
            replayed: false,
        })
    }

    async fn replay(
        &self,
        found: &PortalRecord,
        client_key: &str,
        fp: &str,
        receiving_name: &str,
    ) -> Result<Receipt> {
        if found.fingerprint != fp {
            return Err(DomainError::invalid(
                "idempotency_key",
                "该幂等键已用于另一份不同的信访，请刷新页面后重新提交",
                "this idempotency key was used for a different submission",
            )
            .into());
        }
        let Some(case_id) = found.case_id else {
            // The first attempt is still being registered.
            return Err(ErrorCode::RateLimited.into());
        };
        let (code, pin) = secret::open(client_key, fp, &found.retry_seal)
            .ok_or(AppError::code(ErrorCode::Internal))?;
        let received_on = self
            .store
            .case(case_id)
            .await?
            .map(|r| r.case.received_on)
            .unwrap_or_else(|| self.today());
        Ok(Receipt {
            query_code: code,
            pin,
            received_on,
            receiving_unit: receiving_name.to_owned(),
            replayed: true,
        })
    }
}

//! The public portal (issue 4): online submission, query codes, disclosed progress, the
//! petitioner's evaluation and review requests, and the public statistics.

mod actor;
mod disclosure;
mod files;
mod progress;
mod publication;
mod respond;
pub mod scrub;
pub mod secret;
mod staff_code;
mod submit;

pub use actor::{PORTAL_DISPLAY_NAME, PORTAL_USERNAME, portal_actor};
pub use disclosure::{Disclosure, GuideLimits, NamedCount};
pub use files::{MAX_PORTAL_FILE_BYTES, MAX_PORTAL_FILES, PortalFile, decode_base64};
pub use progress::{Progress, ProgressEvent};
pub use publication::{ConfirmedText, FieldSpan, PublicationView, PublishedCase};
pub use staff_code::StaffReceipt;
pub use submit::{MAX_CONTENT, MAX_PETITIONERS, PortalSubmission, Receipt, receiving_unit};

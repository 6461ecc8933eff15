//! Staff workbench queries (issue 3): worklists and their counts, the headline rates of the
//! user's scope, the petitioner's history, earlier cases shown at registration, notices.

mod admin;
mod attachments;
mod history;
mod notice_latest;
mod notices;
mod queue_counts;
mod queues;

pub use admin::UserSummary;
pub use attachments::{
    MAX_ATTACHMENT_BYTES, MAX_FILES_PER_UPLOAD, check_attachment, clean_filename, sniff,
};
pub use history::EarlierCases;
pub(crate) use history::HISTORY_LIMIT;
pub use huiyin_store::AttachmentMeta;
pub use notice_latest::latest_notice_kind;
pub use notices::{Notice, NoticeKind, NoticeSending, NoticeState, notice_states};
pub(crate) use notices::{SENT, sending_data, sending_notes};
pub use queue_counts::{WORK_TALLY_SETTLE_SECS, WorkCounts};
pub use queues::WorkQueue;

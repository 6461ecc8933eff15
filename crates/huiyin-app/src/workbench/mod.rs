//! Staff workbench queries (issue 3): worklists and their counts, the headline rates of the
//! user's scope, the petitioner's history, earlier cases shown at registration, notices.

mod admin;
mod history;
mod notices;
mod queues;

pub use admin::UserSummary;
pub use history::EarlierCases;
pub use notices::{Notice, NoticeKind};
pub use queues::{WorkCounts, WorkQueue};

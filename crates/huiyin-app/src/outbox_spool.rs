//! Delivery into a spool directory (`sms_spool_dir`, `email_spool_dir`): each SMS or e-mail
//! message is written as `huiyin-<id>.json` for the site's own gateway to pick up (tmp +
//! rename, named by the message's id, so a crash between writing and marking sent rewrites
//! the same file rather than losing the message).

use std::path::{Path, PathBuf};

use huiyin_store::{OutboxOutcome, OutboxRecord};
use serde::Serialize;

use crate::context::App;
use crate::error::Result;
use crate::outbox_worker::{Recipient, internal, retry_delay};

#[derive(Serialize)]
struct SpoolFile<'a> {
    id: i64,
    channel: &'a str,
    event: &'a str,
    created_at: String,
    to: &'a [Recipient],
    text: &'a str,
    text_en: &'a str,
    link: String,
}

/// Writes `body` as `dir/huiyin-{id}.json` through a temporary file and a rename.
fn write_spool_file(dir: &Path, id: i64, body: &[u8]) -> std::io::Result<PathBuf> {
    use std::io::Write;
    let target = dir.join(format!("huiyin-{id}.json"));
    let tmp = dir.join(format!(".huiyin-{id}.json.tmp"));
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(body)?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&tmp, &target)?;
    Ok(target)
}

impl App {
    /// Writes the message for `to` into `dir`.
    pub(crate) async fn deliver_to_spool(
        &self,
        m: &OutboxRecord,
        to: &[Recipient],
        dir: PathBuf,
        now: i64,
    ) -> Result<OutboxOutcome> {
        let view = self.outbox_view(m);
        let body = serde_json::to_vec_pretty(&SpoolFile {
            id: m.id,
            channel: m.channel.as_str(),
            event: m.event.as_str(),
            created_at: view.created_at.clone(),
            to,
            text: &m.text_zh,
            text_en: &m.text_en,
            link: view.link.clone(),
        })
        .map_err(internal)?;
        let id = m.id;
        let written = tokio::task::spawn_blocking(move || write_spool_file(&dir, id, &body))
            .await
            .map_err(internal)?;
        Ok(match written {
            Ok(_) => OutboxOutcome::Sent { at: now },
            Err(e) => OutboxOutcome::Failed {
                error: format!("写入投递目录失败 / spool write failed: {e}"),
                retry_at: retry_delay(m.attempts + 1).map(|d| now + d),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rewrite_replaces_the_file_of_the_same_message() {
        let dir = tempfile::tempdir().expect("tempdir");
        write_spool_file(dir.path(), 7, b"first").expect("write");
        let p = write_spool_file(dir.path(), 7, b"second").expect("rewrite");
        assert_eq!(std::fs::read(&p).expect("read"), b"second");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("huiyin-7.json")]);
        assert!(write_spool_file(&dir.path().join("missing"), 8, b"x").is_err());
    }
}

//! `huiyin backup` and `huiyin restore` (docs/OPERATIONS.md "Backup and restore"): the
//! options, and what the operator is told. The work is huiyin-app's.

use clap::Args;
use huiyin_app::SystemClock;
use std::path::{Path, PathBuf};

use crate::cli::{Error, key_file};
use crate::config::Config;

#[derive(Args, Debug)]
pub struct BackupArgs {
    /// The backup file to write; it must not exist. Its manifest is written beside it as
    /// FILE.manifest.json.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Directory of the embedded SQLite database (default ./huiyin-data).
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct RestoreArgs {
    /// The backup file (written by `huiyin backup`, with its FILE.manifest.json beside it).
    #[arg(long, value_name = "FILE")]
    pub from: PathBuf,
    /// Directory of the embedded SQLite database to replace or create (default ./huiyin-data).
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
}

/// The warning every backup ends with.
fn key_file_warning(key_file: &Path) -> String {
    format!(
        "注意：个人信息加密密钥文件 {k} 不在备份中，须与备份分开另行妥善保存；没有它，备份中加密的个人信息无法读取，审计链也无法校验。\n\
         WARNING: the personal-data key file {k} is NOT in the backup: store it apart from the backup. \
         Without it the encrypted personal data in the backup cannot be read, nor its audit chain verified.",
        k = key_file.display()
    )
}

pub async fn backup(mut cfg: Config, a: BackupArgs) -> Result<(), Error> {
    if let Some(d) = a.data_dir {
        cfg.data_dir = d;
    }
    let done = huiyin_app::backup(&cfg.database_url(), &a.out, &SystemClock).await?;
    let m = &done.manifest;
    println!(
        "已备份 backup written: {} ({} bytes, SM3 {})",
        done.file.display(),
        m.size_bytes,
        m.sm3
    );
    println!("备份清单 manifest: {}", done.manifest_path.display());
    println!(
        "案件 {} 件 cases; 审计记录 {} 条 audit entries (链头 head #{}); 结构版本 schema migration {}; 时间 taken at {}",
        m.cases, m.audit_entries, m.audit_head.id, m.schema_migration, m.created_at
    );
    println!("{}", key_file_warning(&cfg.key_file()));
    Ok(())
}

pub async fn restore(mut cfg: Config, a: RestoreArgs) -> Result<(), Error> {
    if let Some(d) = a.data_dir {
        cfg.data_dir = d;
    }
    let url = cfg.database_url();
    // PostgreSQL is refused before anything else is looked at.
    huiyin_app::sqlite_database(&url)?;
    let key_path = cfg.key_file();
    if !key_path.is_file() {
        return Err(format!(
            "密钥文件 {k} 不存在：请先把与备份分开保存的密钥文件放到此处（或用 key_file / HUIYIN_KEY_FILE 指明），未作任何更改。\
             the key file {k} does not exist: put the key file kept apart from the backup there first \
             (or name it with key_file / HUIYIN_KEY_FILE); nothing changed",
            k = key_path.display()
        )
        .into());
    }
    let done = huiyin_app::restore(&a.from, &url, key_file(&cfg)?, &SystemClock).await?;
    let m = &done.manifest;
    println!(
        "备份已校验 backup verified: 大小与 SM3 摘要相符 size and SM3 match, 完整性检查通过 integrity check ok, 审计链完整 audit chain intact"
    );
    println!(
        "已恢复 restored: {} ← {} (备份时间 taken at {}; 案件 {} 件 cases; 审计记录 {} 条 audit entries)",
        done.database.display(),
        a.from.display(),
        m.created_at,
        m.cases,
        m.audit_entries
    );
    if !done.replaced {
        println!("新建数据库 a new database was created (the directory had none)");
    }
    for n in &done.notes {
        println!("{n}");
    }
    if done.audit.is_intact() {
        println!(
            "审计日志完整 audit trail intact: {} entries checked; 恢复已记入审计日志 the restore is recorded in it",
            done.audit.checked
        );
        Ok(())
    } else {
        Err(format!(
            "恢复后审计日志校验失败 the audit trail of the restored database does not verify: {}",
            done.audit.problems.join("; ")
        )
        .into())
    }
}

//! The key file: loaded at start, created on first start, rotated by `admin rotate-keys`.

use huiyin_crypto::{Algorithm, KeyRing};
use std::io::Write;
use std::path::Path;

use crate::cli::Error;

/// Reads the key file, creating it (mode 0600) with a fresh key when it does not exist.
pub fn load_or_create(path: &Path, alg: Algorithm) -> Result<KeyRing, Error> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            Ok(KeyRing::from_key_file(&text).map_err(|e| format!("{}: {e}", path.display()))?)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let ring = KeyRing::generate(alg)?;
            write_new(path, &ring)?;
            Ok(ring)
        }
        Err(e) => Err(format!("cannot read key file {}: {e}", path.display()).into()),
    }
}

/// Writes a newly generated key file and says so in the log.
pub fn write_new(path: &Path, ring: &KeyRing) -> Result<(), Error> {
    write_atomically(path, &ring.to_key_file())?;
    tracing::warn!(
        path = %path.display(),
        "已生成新的个人信息加密密钥文件 created a new key file: back it up separately from the database"
    );
    Ok(())
}

/// Writes the key file through a temporary file and a rename, readable by the owner only.
pub fn write_atomically(path: &Path, text: &str) -> Result<(), Error> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("keys.tmp");
    {
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut f = opts.open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)?;
    Ok(())
}

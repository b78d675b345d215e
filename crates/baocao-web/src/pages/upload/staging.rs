//! Uploaded files waiting between their preview and the confirmation.
//!
//! Each upload is kept in the configured folder ([`crate::WebConfig::upload_dir`], created
//! readable by this user only) under a random name of 32 bytes in hex, never a name the user
//! chose: `ID.tep` (the file as uploaded), `ID.json` ([`Staged`]: whose upload it is, for which
//! period, the file's own name). A confirmation claims the file by renaming it to
//! `ID.dang-nhap` (so two confirmations cannot both import it), imports it and removes it;
//! what was written stays as `ID.ket-qua.json` ([`Imported`]) for the result page. Anything
//! older than [`MAX_AGE`] is removed at the next upload, and an upload older than that is
//! no longer confirmed.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::WebError;

/// How long an upload waits for its confirmation, and a result for its page.
pub const MAX_AGE: Duration = Duration::from_secs(60 * 60);

/// What is known of a staged upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staged {
    /// The user who uploaded it (only they may confirm it).
    pub username: String,
    /// The period of the page it was uploaded on (`2023-04`).
    pub period: String,
    /// The file's own name, cleaned (for the format, messages and the audit log).
    pub file_name: String,
    /// Its size in bytes.
    pub size: u64,
    /// When it was uploaded (seconds since 1970, UTC).
    pub uploaded_at: u64,
}

/// What a confirmed import wrote, for its result page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Imported {
    /// Who imported it.
    pub username: String,
    /// The period (`2023-04`).
    pub period: String,
    /// The file's own name.
    pub file_name: String,
    /// Values new, changed, unchanged and empty in the file.
    pub new: u64,
    /// Values that replaced another figure.
    pub changed: u64,
    /// Values identical to the stored ones.
    pub unchanged: u64,
    /// Empty values of the file.
    pub empty: u64,
    /// When (seconds since 1970, UTC).
    pub imported_at: u64,
}

/// What a confirmation finds.
#[derive(Debug)]
pub enum Claim {
    /// The upload, now claimed by this confirmation: import the file at the path.
    Claimed(Staged, PathBuf),
    /// This user's upload was imported already.
    Done(Imported),
    /// No such upload of this user and period (never was, expired, refused, or another
    /// user's: the same answer for all).
    Stale,
}

/// The staging folder.
#[derive(Debug, Clone)]
pub struct Staging {
    dir: PathBuf,
}

/// Seconds since 1970 now.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Whether `id` is one this module hands out: 64 lowercase hex digits.
pub fn valid_id(id: &str) -> bool {
    id.len() == 64
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> WebError {
    WebError::Internal(format!("upload staging, {what} {}: {e}", path.display()))
}

impl Staging {
    /// The staging folder at `dir`.
    pub fn new(dir: &Path) -> Staging {
        Staging {
            dir: dir.to_path_buf(),
        }
    }

    fn path(&self, id: &str, suffix: &str) -> PathBuf {
        self.dir.join(format!("{id}.{suffix}"))
    }

    /// Where the file of upload `id` is kept until it is claimed.
    pub fn file(&self, id: &str) -> PathBuf {
        self.path(id, "tep")
    }

    async fn ensure_dir(&self) -> Result<(), WebError> {
        let mut builder = tokio::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        builder.mode(0o700);
        builder
            .create(&self.dir)
            .await
            .map_err(|e| io_error("creating", &self.dir, e))
    }

    /// A new upload: its id and its file, created empty (readable by this user only).
    ///
    /// Errors: the folder cannot be written; the random source failed.
    pub async fn create(&self) -> Result<(String, tokio::fs::File), WebError> {
        self.ensure_dir().await?;
        let id = crate::auth::random_token()?;
        let path = self.file(&id);
        let mut options = tokio::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        options.mode(0o600);
        let file = options
            .open(&path)
            .await
            .map_err(|e| io_error("creating", &path, e))?;
        Ok((id, file))
    }

    /// Records whose upload `id` is.
    ///
    /// Errors: the folder cannot be written.
    pub async fn describe(&self, id: &str, staged: &Staged) -> Result<(), WebError> {
        let path = self.path(id, "json");
        let json = serde_json::to_vec(staged).map_err(|e| WebError::Internal(e.to_string()))?;
        tokio::fs::write(&path, json)
            .await
            .map_err(|e| io_error("writing", &path, e))
    }

    /// Removes upload `id`: its file (claimed or not) and its description.
    pub async fn remove(&self, id: &str) {
        for suffix in ["tep", "dang-nhap", "json"] {
            let path = self.path(id, suffix);
            if let Err(e) = tokio::fs::remove_file(&path).await
                && e.kind() != ErrorKind::NotFound
            {
                tracing::warn!(target: "baocao_web::upload", "removing {}: {e}", path.display());
            }
        }
    }

    async fn read_json<T: for<'de> Deserialize<'de>>(&self, id: &str, suffix: &str) -> Option<T> {
        let bytes = tokio::fs::read(self.path(id, suffix)).await.ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Claims upload `id` for `username`'s confirmation on the page of `period`.
    ///
    /// Errors: the folder cannot be read.
    pub async fn claim(&self, id: &str, username: &str, period: &str) -> Result<Claim, WebError> {
        if !valid_id(id) {
            return Ok(Claim::Stale);
        }
        let Some(staged) = self.read_json::<Staged>(id, "json").await else {
            return Ok(self.done(id, username).map_or(Claim::Stale, Claim::Done));
        };
        if staged.username != username || staged.period != period {
            return Ok(Claim::Stale);
        }
        if now().saturating_sub(staged.uploaded_at) > MAX_AGE.as_secs() {
            self.remove(id).await;
            return Ok(Claim::Stale);
        }
        let claimed = self.path(id, "dang-nhap");
        match tokio::fs::rename(self.file(id), &claimed).await {
            Ok(()) => Ok(Claim::Claimed(staged, claimed)),
            // Another confirmation claimed it first.
            Err(e) if e.kind() == ErrorKind::NotFound => {
                Ok(self.done(id, username).map_or(Claim::Stale, Claim::Done))
            }
            Err(e) => Err(io_error("claiming", &claimed, e)),
        }
    }

    fn done(&self, id: &str, username: &str) -> Option<Imported> {
        let bytes = std::fs::read(self.path(id, "ket-qua.json")).ok()?;
        let imported: Imported = serde_json::from_slice(&bytes).ok()?;
        (imported.username == username).then_some(imported)
    }

    /// Keeps what the import of upload `id` wrote, for its result page.
    ///
    /// Errors: the folder cannot be written.
    pub async fn keep_result(&self, id: &str, imported: &Imported) -> Result<(), WebError> {
        let path = self.path(id, "ket-qua.json");
        let json = serde_json::to_vec(imported).map_err(|e| WebError::Internal(e.to_string()))?;
        tokio::fs::write(&path, json)
            .await
            .map_err(|e| io_error("writing", &path, e))
    }

    /// What the import of upload `id` by `username` wrote, if it is still kept.
    pub async fn result(&self, id: &str, username: &str) -> Option<Imported> {
        if !valid_id(id) {
            return None;
        }
        let imported: Imported = self.read_json(id, "ket-qua.json").await?;
        (imported.username == username
            && now().saturating_sub(imported.imported_at) <= MAX_AGE.as_secs())
        .then_some(imported)
    }

    /// Removes every file of the folder older than [`MAX_AGE`] (only the names this module
    /// gives; anything else is left alone).
    pub async fn sweep(&self) {
        let Ok(mut entries) = tokio::fs::read_dir(&self.dir).await else {
            return;
        };
        while let Ok(Some(entry)) = entries.next_entry().await {
            let name = entry.file_name();
            let ours = name
                .to_str()
                .and_then(|n| n.split_once('.'))
                .is_some_and(|(id, _)| valid_id(id));
            let old = entry
                .metadata()
                .await
                .ok()
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > MAX_AGE);
            if ours && old {
                let path = entry.path();
                if let Err(e) = tokio::fs::remove_file(&path).await {
                    tracing::warn!(target: "baocao_web::upload", "removing {}: {e}", path.display());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hex_ids_of_32_bytes_are_ids() {
        assert!(valid_id(&"ab".repeat(32)));
        assert!(!valid_id(&"AB".repeat(32)));
        assert!(!valid_id("00"));
        assert!(!valid_id(&format!("../{}", "a".repeat(61))));
    }

    #[tokio::test]
    async fn a_claim_is_made_once_by_its_owner() {
        let dir = std::env::temp_dir().join(format!("baocao-staging-{}", now()));
        let staging = Staging::new(&dir.join(crate::auth::random_token().unwrap()));
        let (id, _) = staging.create().await.unwrap();
        let staged = Staged {
            username: "cv_cntt".into(),
            period: "2023-04".into(),
            file_name: "so-lieu.csv".into(),
            size: 0,
            uploaded_at: now(),
        };
        staging.describe(&id, &staged).await.unwrap();
        assert!(matches!(
            staging.claim(&id, "cv_bcvt", "2023-04").await.unwrap(),
            Claim::Stale
        ));
        assert!(matches!(
            staging.claim(&id, "cv_cntt", "2023-05").await.unwrap(),
            Claim::Stale
        ));
        let Claim::Claimed(found, path) = staging.claim(&id, "cv_cntt", "2023-04").await.unwrap()
        else {
            panic!("not claimed");
        };
        assert_eq!(found, staged);
        assert!(path.exists() && !staging.file(&id).exists());
        // Claimed: a second confirmation finds nothing to import.
        assert!(matches!(
            staging.claim(&id, "cv_cntt", "2023-04").await.unwrap(),
            Claim::Stale
        ));
        let imported = Imported {
            username: "cv_cntt".into(),
            period: "2023-04".into(),
            file_name: "so-lieu.csv".into(),
            new: 1,
            changed: 2,
            unchanged: 3,
            empty: 4,
            imported_at: now(),
        };
        staging.keep_result(&id, &imported).await.unwrap();
        staging.remove(&id).await;
        assert!(!path.exists());
        match staging.claim(&id, "cv_cntt", "2023-04").await.unwrap() {
            Claim::Done(done) => assert_eq!(done, imported),
            other => panic!("{other:?}"),
        }
        assert_eq!(staging.result(&id, "cv_cntt").await, Some(imported));
        assert_eq!(staging.result(&id, "cv_bcvt").await, None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

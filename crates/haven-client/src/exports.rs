//! "Download your data" on the device: which downloads the app waits for (each is announced
//! once when it is done, whether the event stream or a fresh read of the list says so), and
//! saving a file where the user chose without ever leaving half a file under its name.

use crate::{ClientError, HavenClient};
use haven_api::{ExportEvent, ExportJob, ExportStatus};
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The downloads this app waits for: asked for here, or seen being prepared.
#[derive(Default)]
pub struct ExportWatch {
    watched: Mutex<HashSet<String>>,
}

impl ExportWatch {
    pub fn watch(&self, id: &str) {
        if let Ok(mut w) = self.watched.lock() {
            w.insert(id.to_owned());
        }
    }

    /// Whether `id` was watched (and is no longer).
    pub fn unwatch(&self, id: &str) -> bool {
        self.watched.lock().map(|mut w| w.remove(id)).unwrap_or(false)
    }

    /// Follows the user's event stream until it ends (sign-out, the access token's end, a lost
    /// connection): each watched download that finishes is reported once to `done` with how it
    /// ended. On every (re)connect the list of downloads is read again, so one that finished
    /// while the stream was down is not missed.
    pub async fn follow(&self, client: &HavenClient, done: impl Fn(ExportStatus)) -> Result<(), ClientError> {
        let mut events = client.events().await?;
        // Without the list (a passing error), the events still tell; the next connect reads it.
        for j in client.exports().await.map(|l| l.exports).unwrap_or_default() {
            if j.status.is_open() {
                self.watch(&j.id);
            } else if self.unwatch(&j.id) {
                done(j.status);
            }
        }
        while let Some((name, data)) = events.next().await? {
            match name.as_str() {
                "export_ready" | "export_failed" => {
                    let Ok(e) = serde_json::from_str::<ExportEvent>(&data) else { continue };
                    if self.unwatch(&e.id) {
                        done(e.status);
                    }
                }
                "session_revoked" => break,
                _ => {}
            }
        }
        Ok(())
    }
}

/// The name a download is offered under: `haven-data-2026-11-24.csv`.
pub fn file_name(job: &ExportJob) -> String {
    format!("haven-data-{}.{}", job.created_at.get(..10).unwrap_or("export"), job.format.extension())
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error(transparent)]
    Client(#[from] ClientError),
    #[error("cannot {action} {}: {source}", path.display())]
    Io { action: &'static str, path: PathBuf, source: std::io::Error },
}

fn part_path(path: &Path) -> PathBuf {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".part");
    PathBuf::from(tmp)
}

fn io<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> SaveError + 'a {
    move |source| SaveError::Io { action, path: path.to_owned(), source }
}

/// Saves `text` at `path` the same way as a download: an owner-only part file, flushed, then
/// renamed.
pub fn save_text(path: &Path, text: &str) -> Result<(), SaveError> {
    let tmp = part_path(path);
    let result = (|| {
        let mut file = owner_only(&tmp).map_err(io("write", &tmp))?;
        file.write_all(text.as_bytes()).map_err(io("write", &tmp))?;
        file.sync_all().map_err(io("write", &tmp))?;
        std::fs::rename(&tmp, path).map_err(io("save", path))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A new file only its owner can read (health data, recovery codes): 0600 on Unix from the start,
/// so there is no moment when others could open it.
fn owner_only(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path)?;
    // A part file left by an earlier run keeps its old mode: set it.
    #[cfg(unix)]
    file.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    Ok(file)
}

/// Saves the ready download `id` at `path`: written to `<path>.part` beside it, flushed to disk,
/// then renamed, so no half file ever carries the name; on failure the part file is removed.
pub async fn save(client: &HavenClient, id: &str, path: &Path) -> Result<(), SaveError> {
    let tmp = part_path(path);
    let result = async {
        let mut file = owner_only(&tmp).map_err(io("write", &tmp))?;
        let mut download = client.download_export(id).await?;
        while let Some(chunk) = download.chunk().await? {
            file.write_all(&chunk).map_err(io("write", &tmp))?;
        }
        file.sync_all().map_err(io("write", &tmp))?;
        std::fs::rename(&tmp, path).map_err(io("save", path))
    }
    .await;
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

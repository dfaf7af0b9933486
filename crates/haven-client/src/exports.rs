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

fn io<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> SaveError + 'a {
    move |source| SaveError::Io { action, path: path.to_owned(), source }
}

/// What to do when a file already has the chosen name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Existing {
    /// The user picked this name in the system's save dialog, which asked before replacing.
    Replace,
    /// Saved without asking (`HAVEN_EXPORT_DIR`): the file there stays, and this one takes the
    /// next free name (`haven-data-2026-11-24 (2).csv`).
    Keep,
}

/// A new part file beside `path`, only its owner's (0600 from the start: health data, recovery
/// codes), under a name nobody could guess and created only if nothing has it — a file or
/// symlink planted there is never opened or followed.
fn part_file(path: &Path) -> Result<(PathBuf, std::fs::File), SaveError> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    // Shortened, so the part file's name stays within the 255 bytes a name may have.
    let name: String = path.file_name().map(|n| n.to_string_lossy().chars().take(60).collect()).unwrap_or_default();
    let mut last = None;
    for _ in 0..5 {
        let tmp = dir.join(format!(".{name}.{}.part", uuid::Uuid::now_v7().simple()));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some((tmp, e)),
            Err(e) => return Err(io("write", &tmp)(e)),
        }
    }
    let (tmp, e) = last.expect("five tries");
    Err(io("write", &tmp)(e))
}

/// `name.ext` as `name (n).ext` (n ≥ 2; 1 is the name itself).
fn numbered(path: &Path, n: u32) -> PathBuf {
    if n <= 1 {
        return path.to_owned();
    }
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let name = match path.extension() {
        Some(ext) => format!("{stem} ({n}).{}", ext.to_string_lossy()),
        None => format!("{stem} ({n})"),
    };
    path.with_file_name(name)
}

/// Gives the finished part file its name; answers the name it got.
fn publish(tmp: &Path, path: &Path, existing: Existing) -> Result<PathBuf, SaveError> {
    if existing == Existing::Replace {
        std::fs::rename(tmp, path).map_err(io("save", path))?;
        return Ok(path.to_owned());
    }
    for n in 1..=999 {
        let candidate = numbered(path, n);
        // A hard link is made only where no file (or symlink) has the name: never a replacement.
        match std::fs::hard_link(tmp, &candidate) {
            Ok(()) => {
                let _ = std::fs::remove_file(tmp);
                return Ok(candidate);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            // A file system without hard links (FAT on a memory stick): a rename that refuses to
            // replace, where the system has one.
            Err(link) => match rename_no_replace(tmp, &candidate) {
                Ok(()) => return Ok(candidate),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(_) => return Err(io("save", &candidate)(link)),
            },
        }
    }
    let why = haven_i18n::tr!("shell-too-many-same-name", count = 999);
    Err(io("save", path)(std::io::Error::new(std::io::ErrorKind::AlreadyExists, why)))
}

/// Renames only where nothing has the name (Linux's RENAME_NOREPLACE); elsewhere unsupported.
fn rename_no_replace(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE).map_err(std::io::Error::from)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (from, to);
        Err(std::io::ErrorKind::Unsupported.into())
    }
}

/// Where a file is saved: a path on the device's file system, or a document the system's save
/// dialog opened for the app. Android's dialog answers a `content://` address, which only its
/// provider can name or remove; the app is given the document open for writing, and `shown` is
/// what the person is told it was saved as (the name the dialog offered: the provider may
/// have kept another, which only a call into Android could read).
pub enum Target {
    Path { path: PathBuf, existing: Existing },
    Opened { file: std::fs::File, shown: String },
}

/// A document the system opened for the app, written whole from its start: whatever it held is
/// cut first (the dialog may have picked an existing one). On any failure it is emptied, so no
/// half file keeps the name the person chose (only its provider could remove it). Some
/// providers give a pipe, which can be neither cut, flushed to disk nor emptied: the provider
/// stores what it was sent when the pipe closes.
struct Opened {
    file: std::fs::File,
    place: PathBuf,
}

impl Opened {
    fn start(file: std::fs::File, shown: &str) -> Opened {
        // A pipe refuses (EINVAL); it starts empty anyway.
        let _ = file.set_len(0);
        Opened { file, place: PathBuf::from(shown) }
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), SaveError> {
        self.file.write_all(bytes).map_err(io("write", &self.place))
    }

    /// Flushed to disk; a pipe cannot be (EINVAL: fsync on a special file).
    fn finish(self) -> Result<(), SaveError> {
        match self.file.sync_all() {
            Err(e) if e.kind() != std::io::ErrorKind::InvalidInput => {
                let e = io("write", &self.place)(e);
                self.abandon();
                Err(e)
            }
            _ => Ok(()),
        }
    }

    fn abandon(self) {
        let _ = self.file.set_len(0);
    }

    /// Ends the save: flushed when everything was written, emptied when not.
    fn end(self, written: Result<(), SaveError>, shown: String) -> Result<String, SaveError> {
        match written {
            Ok(()) => self.finish().map(|()| shown),
            Err(e) => {
                self.abandon();
                Err(e)
            }
        }
    }
}

/// [`save`] to wherever the person chose; answers what to tell them it was saved as.
pub async fn save_to(client: &HavenClient, id: &str, target: Target) -> Result<String, SaveError> {
    match target {
        Target::Path { path, existing } => save(client, id, &path, existing).await.map(|p| p.display().to_string()),
        Target::Opened { file, shown } => {
            let mut out = Opened::start(file, &shown);
            let written = async {
                let mut download = client.download_export(id).await?;
                while let Some(chunk) = download.chunk().await? {
                    out.write(&chunk)?;
                }
                Ok(())
            }
            .await;
            out.end(written, shown)
        }
    }
}

/// [`save_text`] to wherever the person chose; answers what to tell them it was saved as.
pub fn save_text_to(target: Target, text: &str) -> Result<String, SaveError> {
    match target {
        Target::Path { path, existing } => save_text(&path, text, existing).map(|p| p.display().to_string()),
        Target::Opened { file, shown } => {
            let mut out = Opened::start(file, &shown);
            let written = out.write(text.as_bytes());
            out.end(written, shown)
        }
    }
}

/// Saves `text` at `path` the same way as a download: a new owner-only part file, flushed, then
/// named. Answers where it was saved.
pub fn save_text(path: &Path, text: &str, existing: Existing) -> Result<PathBuf, SaveError> {
    let (tmp, mut file) = part_file(path)?;
    let result = (|| {
        file.write_all(text.as_bytes()).map_err(io("write", &tmp))?;
        file.sync_all().map_err(io("write", &tmp))?;
        publish(&tmp, path, existing)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Saves the ready download `id` at `path`: written to a new part file beside it, flushed to
/// disk, then named, so no half file ever carries the name; on failure the part file is removed.
/// Answers where it was saved.
pub async fn save(client: &HavenClient, id: &str, path: &Path, existing: Existing) -> Result<PathBuf, SaveError> {
    let (tmp, mut file) = part_file(path)?;
    let result = async {
        let mut download = client.download_export(id).await?;
        while let Some(chunk) = download.chunk().await? {
            file.write_all(&chunk).map_err(io("write", &tmp))?;
        }
        file.sync_all().map_err(io("write", &tmp))?;
        publish(&tmp, path, existing)
    }
    .await;
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(p: &Path) -> u32 {
        #[cfg(unix)]
        return std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(p).expect("meta").permissions()) & 0o777;
        #[cfg(not(unix))]
        0o600
    }

    #[test]
    fn text_saved_into_a_document_the_system_opened_is_the_whole_document() {
        let dir = tempfile::tempdir().expect("tmp");
        let doc = dir.path().join("doc");
        std::fs::write(&doc, "an older, longer document").expect("write");
        // Opened without cutting it (a provider may ignore the "t" of "wt").
        let file = std::fs::OpenOptions::new().write(true).open(&doc).expect("open");
        let shown = save_text_to(Target::Opened { file, shown: "codes.txt".into() }, "new").expect("save");
        assert_eq!(shown, "codes.txt");
        assert_eq!(std::fs::read_to_string(&doc).expect("read"), "new");
        // Opened without write access: the error names what the person chose.
        let file = std::fs::File::open(&doc).expect("open");
        let e = save_text_to(Target::Opened { file, shown: "codes.txt".into() }, "other").expect_err("read-only");
        assert!(matches!(&e, SaveError::Io { action: "write", .. }) && e.to_string().contains("codes.txt"), "{e}");
        assert_eq!(std::fs::read_to_string(&doc).expect("read"), "new");
    }

    /// A provider that hands over a pipe: it can be neither cut nor flushed to disk, and what
    /// was written reaches the other end whole (fsync's EINVAL on a pipe is Linux's and
    /// Android's).
    #[cfg(any(target_os = "linux", target_os = "android"))]
    #[test]
    fn text_saved_into_a_pipe_arrives_whole() {
        let (mut reader, writer) = std::io::pipe().expect("pipe");
        let file = std::fs::File::from(std::os::fd::OwnedFd::from(writer));
        let shown = save_text_to(Target::Opened { file, shown: "codes.txt".into() }, "1234-5678\n").expect("save");
        assert_eq!(shown, "codes.txt");
        let mut got = String::new();
        std::io::Read::read_to_string(&mut reader, &mut got).expect("read");
        assert_eq!(got, "1234-5678\n");
    }

    #[test]
    fn saving_without_asking_never_replaces_a_file() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("haven-data-2026-11-24.csv");
        assert_eq!(save_text(&path, "first", Existing::Keep).expect("save"), path);
        let second = save_text(&path, "second", Existing::Keep).expect("save");
        assert_eq!(second, dir.path().join("haven-data-2026-11-24 (2).csv"));
        let third = save_text(&path, "third", Existing::Keep).expect("save");
        assert_eq!(third, dir.path().join("haven-data-2026-11-24 (3).csv"));
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "first");
        assert_eq!(std::fs::read_to_string(&second).expect("read"), "second");
        assert_eq!(mode(&third), 0o600);
        // Nothing else is left beside them.
        assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 3);
    }

    #[test]
    fn a_file_the_user_chose_to_replace_is_replaced() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("codes.txt");
        save_text(&path, "old", Existing::Replace).expect("save");
        assert_eq!(save_text(&path, "new", Existing::Replace).expect("save"), path);
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new");
        assert_eq!(mode(&path), 0o600);
    }

    /// Symlinks planted where the file or the old part file would go are neither followed nor
    /// written through: what they point at is untouched.
    #[cfg(unix)]
    #[test]
    fn planted_symlinks_are_not_followed() {
        let dir = tempfile::tempdir().expect("tmp");
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "precious").expect("victim");
        let path = dir.path().join("haven-data-2026-11-24.csv");
        std::os::unix::fs::symlink(&victim, dir.path().join("haven-data-2026-11-24.csv.part")).expect("link");
        std::os::unix::fs::symlink(&victim, &path).expect("link");
        let saved = save_text(&path, "health data", Existing::Keep).expect("save");
        assert_eq!(saved, dir.path().join("haven-data-2026-11-24 (2).csv"));
        assert_eq!(std::fs::read_to_string(&victim).expect("read"), "precious");
        assert_eq!(std::fs::read_to_string(&saved).expect("read"), "health data");
    }
}

//! The one module that writes files: drafts, autosaves, exports, reports and
//! journals. Everything it writes is private (mode 0600, whatever was there
//! before: drafts, journals and reports hold addresses, exports may hold
//! secrets).
//!
//! A whole-file write ([`AtomicFile`], [`write_atomic`]) goes to a temporary
//! file in the target's directory, created exclusively (`O_CREAT | O_EXCL |
//! O_NOFOLLOW`, mode 0600 from the first byte) under an unpredictable name,
//! flushed to disk, then renamed over the target. So nobody can pre-create
//! or symlink the temporary file, a crash never leaves a half-written target,
//! and a symlink at the target is replaced, never followed. The journal, the
//! one file appended to, is opened without following a symlink
//! ([`open_append_private`]). Temporary files of a killed process are removed
//! by the next start ([`clean_stale_temps`]).

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Every temporary file's name ends so: `.<target>.<pid>.<random>.cw-tmp`.
const TEMP_SUFFIX: &str = ".cw-tmp";

/// A file being written in place of `target`: nothing shows at `target`
/// until [`AtomicFile::commit`]; dropped uncommitted, it leaves no trace.
pub struct AtomicFile {
    file: Option<File>,
    temp: PathBuf,
    target: PathBuf,
}

impl AtomicFile {
    /// Creates the temporary file for `target` (and its directory if missing).
    /// Refuses a target that is something other than a file or a symlink
    /// (a device, a pipe, a socket, a directory): a rename would replace
    /// `/dev/null` with a regular file.
    pub fn create(target: &Path) -> io::Result<Self> {
        if let Ok(existing) = target.symlink_metadata() {
            let kind = existing.file_type();
            if !kind.is_file() && !kind.is_symlink() {
                return Err(io::Error::other(
                    "not a regular file (a device, pipe, socket or directory): it is left as it is",
                ));
            }
        }
        let dir = parent(target);
        std::fs::create_dir_all(dir).map_err(|e| match e.kind() {
            // A file where a directory of the path should be: say so, not
            // "File exists".
            io::ErrorKind::AlreadyExists | io::ErrorKind::NotADirectory => io::Error::new(
                e.kind(),
                format!(
                    "{} is not a directory",
                    crate::sanitize::path(&first_non_directory(dir))
                ),
            ),
            _ => e,
        })?;
        let temp = dir.join(temp_name(target)?);
        let file = private_options().create_new(true).write(true).open(&temp)?;
        Ok(Self {
            file: Some(file),
            temp,
            target: target.to_owned(),
        })
    }

    pub fn file(&mut self) -> &mut File {
        self.file
            .as_mut()
            .expect("an AtomicFile is open until committed")
    }

    /// Flushes the data to disk, renames it over the target and flushes the
    /// directory, so that the new contents survive a crash.
    pub fn commit(mut self) -> io::Result<()> {
        let file = self.file.take().expect("committed once");
        file.sync_all()?;
        drop(file);
        std::fs::rename(&self.temp, &self.target)?;
        if let Ok(dir) = File::open(parent(&self.target)) {
            let _ = dir.sync_all();
        }
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file().write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file().flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

impl AtomicFile {
    /// Like [`AtomicFile::commit`], but fails with `AlreadyExists` instead
    /// of replacing anything at the target (a file, a directory, a symlink):
    /// a hard link cannot land on an existing name.
    pub fn commit_new(mut self) -> io::Result<()> {
        let file = self.file.take().expect("committed once");
        file.sync_all()?;
        drop(file);
        let linked = std::fs::hard_link(&self.temp, &self.target);
        let _ = std::fs::remove_file(&self.temp);
        linked?;
        if let Ok(dir) = File::open(parent(&self.target)) {
            let _ = dir.sync_all();
        }
        Ok(())
    }
}

/// Writes `path` with `contents`, atomically and privately, only if nothing
/// is there yet.
pub fn write_new(path: &Path, contents: &[u8]) -> io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(contents)?;
    file.commit_new()
}

/// Why a set of files was not written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetError {
    /// These already exist; nothing was written.
    Exist(Vec<PathBuf>),
    Io(String),
}

/// Writes a set of files that belong together (an export). Without
/// `replace`, it writes none when any of them exists, and never replaces one
/// that appears meanwhile.
pub fn write_set(files: &[(PathBuf, String)], replace: bool) -> Result<Vec<PathBuf>, SetError> {
    refuse_non_files(files)?;
    for (path, _) in files {
        clean_stale_temps(path);
    }
    if !replace {
        let existing: Vec<PathBuf> = files
            .iter()
            .map(|(path, _)| path.clone())
            .filter(|path| path.symlink_metadata().is_ok())
            .collect();
        if !existing.is_empty() {
            return Err(SetError::Exist(existing));
        }
    }
    let mut written = Vec::new();
    for (path, contents) in files {
        let result = if replace {
            write_atomic(path, contents.as_bytes())
        } else {
            write_new(path, contents.as_bytes())
        };
        match result {
            Ok(()) => written.push(path.clone()),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                return Err(SetError::Exist(vec![path.clone()]))
            }
            Err(e) => {
                return Err(SetError::Io(format!(
                    "{}: {e}{}",
                    crate::sanitize::path(path),
                    already_written(&written)
                )))
            }
        }
    }
    Ok(written)
}

/// A set with a target that is no file (a pipe, a directory, a device) is
/// refused before anything is written or asked, so no part of it is left
/// behind without the rest.
fn refuse_non_files(files: &[(PathBuf, String)]) -> Result<(), SetError> {
    let not_a_file = files.iter().map(|(path, _)| path).find(|path| {
        path.symlink_metadata()
            .is_ok_and(|m| !m.file_type().is_file() && !m.file_type().is_symlink())
    });
    match not_a_file {
        Some(path) => Err(SetError::Io(format!(
            "{}: not a regular file (a device, pipe, socket or directory): it is left as it is, and nothing was written",
            crate::sanitize::path(path)
        ))),
        None => Ok(()),
    }
}

/// "; written before it: a.json, b.json" when a set stopped part-way.
fn already_written(written: &[PathBuf]) -> String {
    if written.is_empty() {
        return String::new();
    }
    let names: Vec<String> = written.iter().map(|p| crate::sanitize::path(p)).collect();
    format!(
        "; written before it (the set is incomplete): {}",
        names.join(", ")
    )
}

/// [`write_set`] for an export whose first file is `files[0]`: the files
/// beside it named after it (`NAME.SUFFIX.json`, `belongs(SUFFIX)`) that
/// this export does not write are an earlier export's, and would be read
/// as part of this one. They count as in the way (so the question lists
/// them), and replacing the set removes them.
pub fn write_export_set(
    files: &[(PathBuf, String)],
    replace: bool,
    belongs: &dyn Fn(&str) -> bool,
) -> Result<Vec<PathBuf>, SetError> {
    refuse_non_files(files)?;
    let leftovers = files
        .first()
        .map(|(first, _)| leftovers(first, files, belongs))
        .unwrap_or_default();
    if !replace && !leftovers.is_empty() {
        let mut in_the_way: Vec<PathBuf> = files
            .iter()
            .map(|(path, _)| path.clone())
            .filter(|path| path.symlink_metadata().is_ok())
            .collect();
        in_the_way.extend(leftovers);
        return Err(SetError::Exist(in_the_way));
    }
    let written = write_set(files, replace)?;
    for path in leftovers {
        std::fs::remove_file(&path)
            .map_err(|e| SetError::Io(format!("{}: {e}", crate::sanitize::path(&path))))?;
    }
    Ok(written)
}

/// The files named `STEM.SUFFIX.json` beside `first` (`belongs(SUFFIX)`)
/// that are not among `files`.
fn leftovers(
    first: &Path,
    files: &[(PathBuf, String)],
    belongs: &dyn Fn(&str) -> bool,
) -> Vec<PathBuf> {
    let Some(stem) = first.file_stem().map(|s| s.to_string_lossy().into_owned()) else {
        return Vec::new();
    };
    let dir = match first.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .filter(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            name.strip_prefix(&format!("{stem}."))
                .and_then(|rest| rest.strip_suffix(".json"))
                .is_some_and(belongs)
        })
        .map(|entry| first.with_file_name(entry.file_name()))
        .filter(|path| !files.iter().any(|(p, _)| p == path))
        .collect();
    found.sort();
    found
}

/// The first part of `dir` that exists and is not a directory.
fn first_non_directory(dir: &Path) -> PathBuf {
    dir.ancestors()
        .filter(|a| !a.as_os_str().is_empty())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .find(|a| a.exists() && !a.is_dir())
        .unwrap_or(dir)
        .to_owned()
}

/// Replaces `path` with `contents`, atomically and privately.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(contents)?;
    file.commit()
}

/// Whether `a` and `b` name one file: the same inode (through a symlink or
/// a hard link, or a path spelled another way), or, when one does not exist
/// yet, the same absolute path with `.` and `..` resolved.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
        use std::os::unix::fs::MetadataExt;
        return x.dev() == y.dev() && x.ino() == y.ino();
    }
    let resolved = |p: &Path| {
        let absolute = std::path::absolute(p).unwrap_or_else(|_| p.to_owned());
        let mut out = PathBuf::new();
        for part in absolute.components() {
            match part {
                std::path::Component::ParentDir => {
                    out.pop();
                }
                std::path::Component::CurDir => {}
                other => out.push(other),
            }
        }
        out
    };
    resolved(a) == resolved(b)
}

/// Opens an existing file of ours (a journal) to read it. A FIFO, device or
/// socket in its place is refused without blocking (a FIFO's open would wait
/// for a writer forever).
pub fn open_regular(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::other(
            "not a regular file (a device, pipe, socket or directory): it is left as it is",
        ));
    }
    Ok(file)
}

/// Opens `path` to append (creating it), refusing a symlink, and makes it
/// private even if it existed with looser permissions.
pub fn open_append_private(path: &Path) -> io::Result<File> {
    let file = private_options().create(true).append(true).open(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(io::Error::other(
            "not a regular file (a device, pipe, socket or directory): it is left as it is",
        ));
    }
    make_private(&file, &metadata)?;
    Ok(file)
}

/// [`open_append_private`], then an exclusive lock on the file, so that one
/// process at a time appends (the journals); `Ok(None)` when another holds it.
pub fn open_append_locked(path: &Path) -> io::Result<Option<File>> {
    let file = open_append_private(path)?;
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(std::fs::TryLockError::WouldBlock) => Ok(None),
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}

/// Cuts a journal back to its last whole record (a torn write left by a
/// killed process), durably, before anything is appended.
pub fn cut_torn_tail(file: &File, valid_len: u64) -> io::Result<()> {
    file.set_len(valid_len)?;
    file.sync_data()
}

/// Removes the temporary files of `target` left by processes that are no
/// longer running (killed mid-write); those of live ones are kept.
pub fn clean_stale_temps(target: &Path) {
    let Some(prefix) = target
        .file_name()
        .map(|n| format!(".{}.", n.to_string_lossy()))
    else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(parent(target)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(&prefix) else {
            continue;
        };
        let Some(pid) = rest.strip_suffix(TEMP_SUFFIX).and_then(temp_pid) else {
            continue;
        };
        if !process_is_alive(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The pid in `<pid>.<random>`, the middle of a temporary file's name.
fn temp_pid(middle: &str) -> Option<u32> {
    let (pid, random) = middle.split_once('.')?;
    (random.len() == 32 && random.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| pid.parse().ok())
        .flatten()
}

fn temp_name(target: &Path) -> io::Result<String> {
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::other("the path names no file"))?
        .to_string_lossy();
    let mut random = [0u8; 16];
    getrandom::fill(&mut random).map_err(|e| io::Error::other(e.to_string()))?;
    let hex: String = random.iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!(".{name}.{}.{hex}{TEMP_SUFFIX}", std::process::id()))
}

fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

#[cfg(unix)]
fn private_options() -> OpenOptions {
    use std::os::unix::fs::OpenOptionsExt;
    let mut options = OpenOptions::new();
    // O_NONBLOCK: opening a FIFO for writing with no reader fails at once
    // instead of blocking forever (the metadata check then refuses it); on a
    // regular file it changes nothing.
    options
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    options
}

#[cfg(not(unix))]
fn private_options() -> OpenOptions {
    OpenOptions::new()
}

#[cfg(unix)]
fn make_private(file: &File, metadata: &std::fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    if metadata.permissions().mode() & 0o077 != 0 {
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn make_private(_: &File, _: &std::fs::Metadata) -> io::Result<()> {
    Ok(())
}

#[cfg(unix)]
fn process_is_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // Signal 0 only checks; EPERM means it exists under another user.
    // SAFETY: kill with signal 0 sends nothing and touches no memory.
    let status = unsafe { libc::kill(pid, 0) };
    status == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn process_is_alive(_: u32) -> bool {
    true
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{symlink, FileTypeExt, PermissionsExt};

    fn mode(path: &Path) -> u32 {
        std::fs::symlink_metadata(path)
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    }

    #[test]
    fn one_file_is_found_under_any_of_its_names() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("draft.json");
        std::fs::write(&file, "{}").unwrap();
        let (link, hard) = (dir.path().join("link.json"), dir.path().join("hard.json"));
        symlink(&file, &link).unwrap();
        std::fs::hard_link(&file, &hard).unwrap();
        let dotted = dir.path().join("sub/../draft.json");
        for other in [&link, &hard, &file] {
            assert!(same_file(other, &file), "{other:?}");
        }
        // `sub` does not exist: resolved by its spelling.
        assert!(same_file(&dotted, &file));
        assert!(!same_file(&dir.path().join("other.json"), &file));
    }

    #[test]
    fn a_symlink_at_the_target_is_replaced_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "keep").unwrap();
        let target = dir.path().join("draft.json");
        symlink(&victim, &target).unwrap();
        write_atomic(&target, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
        assert!(std::fs::symlink_metadata(&target).unwrap().is_file());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
    }

    #[test]
    fn a_set_is_written_whole_or_not_at_all_and_never_over_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
        std::fs::write(&b, "theirs").unwrap();
        let set = [(a.clone(), "1".to_owned()), (b.clone(), "2".to_owned())];
        assert_eq!(
            write_set(&set, false),
            Err(SetError::Exist(vec![b.clone()]))
        );
        assert!(!a.exists(), "none written");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "theirs");
        // A dangling symlink counts as something there.
        let c = dir.path().join("c.json");
        symlink(dir.path().join("nowhere"), &c).unwrap();
        let err = write_new(&c, b"x").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert!(!dir.path().join("nowhere").exists());
        // Asked to, it replaces.
        assert_eq!(write_set(&set, true).unwrap(), vec![a.clone(), b.clone()]);
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "2");
        assert_eq!(mode(&a), 0o600);
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 3, "{names:?}");
    }

    #[test]
    fn a_file_in_the_way_of_a_directory_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("run.sh");
        std::fs::write(&file, "x").unwrap();
        let err = write_atomic(&file.join("sub").join("x.json"), b"{}").unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("{} is not a directory", file.display())
        );
    }

    #[test]
    fn devices_pipes_and_directories_are_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        for target in [fifo.as_path(), dir.path(), Path::new("/dev/null")] {
            let err = write_atomic(target, b"x").unwrap_err();
            assert!(err.to_string().contains("not a regular file"), "{err}");
        }
        assert!(fifo.symlink_metadata().unwrap().file_type().is_fifo());
        assert!(Path::new("/dev/null")
            .symlink_metadata()
            .unwrap()
            .file_type()
            .is_char_device());
    }

    /// A set with a pipe among its targets is refused before anything is
    /// written or asked (replace or not): no part of it is left behind.
    #[test]
    fn a_set_with_a_pipe_among_its_targets_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("sib.json");
        let fifo = dir.path().join("sib.plan.json");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let set = vec![
            (first.clone(), "1".to_owned()),
            (fifo.clone(), "2".to_owned()),
        ];
        for replace in [false, true] {
            let Err(SetError::Io(said)) = write_export_set(&set, replace, &|_| true) else {
                panic!("refused as not a file")
            };
            assert!(said.contains("nothing was written"), "{said}");
            assert!(!first.exists(), "replace {replace}: nothing written");
        }
    }

    #[test]
    fn an_existing_loose_file_becomes_private() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.csv");
        std::fs::write(&target, "old").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_atomic(&target, b"new").unwrap();
        assert_eq!(mode(&target), 0o600);
        let journal = dir.path().join("j.jsonl");
        std::fs::write(&journal, "").unwrap();
        std::fs::set_permissions(&journal, std::fs::Permissions::from_mode(0o666)).unwrap();
        drop(open_append_private(&journal).unwrap());
        assert_eq!(mode(&journal), 0o600);
    }

    #[test]
    fn the_old_predictable_temp_name_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "keep").unwrap();
        let target = dir.path().join("autosave.json");
        let old = dir
            .path()
            .join(format!(".autosave.json.{}.tmp", std::process::id()));
        symlink(&victim, &old).unwrap();
        write_atomic(&target, b"x").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 3, "no temporary file is left: {names:?}");
    }

    #[test]
    fn appending_refuses_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "keep").unwrap();
        let journal = dir.path().join("j.jsonl");
        symlink(&victim, &journal).unwrap();
        assert!(open_append_private(&journal).is_err());
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
    }

    #[test]
    fn temps_of_dead_processes_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("autosave.json");
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let random = "0123456789abcdef0123456789abcdef";
        let stale = dir
            .path()
            .join(format!(".autosave.json.{dead}.{random}{TEMP_SUFFIX}"));
        let live = dir.path().join(format!(
            ".autosave.json.{}.{random}{TEMP_SUFFIX}",
            std::process::id()
        ));
        let other = dir
            .path()
            .join(format!(".other.{dead}.{random}{TEMP_SUFFIX}"));
        for path in [&stale, &live, &other] {
            std::fs::write(path, "").unwrap();
        }
        clean_stale_temps(&target);
        assert!(!stale.exists());
        assert!(live.exists());
        assert!(other.exists(), "only this target's temporary files");
    }

    #[test]
    fn an_uncommitted_file_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("r.csv");
        let mut file = AtomicFile::create(&target).unwrap();
        file.write_all(b"half").unwrap();
        drop(file);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}

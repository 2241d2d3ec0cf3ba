//! Files on disk: finding rulesets and cases, reading errors in the
//! officer's words, writing without leaving a half-written file. Every part
//! may use this; it uses nothing of the crate.

use std::io::Read as _;
use std::path::{Path, PathBuf};

/// The largest ruleset, library, facts, cases or snapshot file jixiao reads:
/// 16 MiB, far above any real evaluation (the shipped rulesets are a few
/// kilobytes), so that a wrong path such as `/dev/zero` or a huge log file
/// is refused instead of filling memory.
pub const MAX_TEXT_BYTES: u64 = 16 * 1024 * 1024;

/// Why a file could not be read or written, in the officer's words (`Display`).
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The system refused or failed the read.
    #[error("{}", io_reason(.0))]
    Io(#[from] std::io::Error),
    /// A pipe, device or socket: reading it could block forever or never end.
    #[error("这不是普通文件（可能是管道或设备），只能读取普通文件")]
    NotRegular,
    /// Larger than [`MAX_TEXT_BYTES`].
    #[error("文件超过 {} MiB 的上限，不像规则或事实文件", MAX_TEXT_BYTES / 1024 / 1024)]
    TooLarge,
    /// A file to be rewritten that is read-only (or not writable by this user).
    #[error("文件是只读的（或无权写入），未改写；确需改写请先修改文件权限")]
    ReadOnly,
}

/// Reads a regular file of at most [`MAX_TEXT_BYTES`] as UTF-8 text. Pipes
/// and devices are refused before they are opened, so that reading never
/// blocks (a FIFO) or runs without end (`/dev/zero`); symbolic links are
/// followed. Every reader of the crate's files uses this.
pub fn read_text(path: &Path) -> Result<String, FileError> {
    let kind = std::fs::metadata(path)?.file_type();
    if kind.is_dir() {
        return Err(std::io::Error::from(std::io::ErrorKind::IsADirectory).into());
    }
    if !kind.is_file() {
        return Err(FileError::NotRegular);
    }
    let file = std::fs::File::open(path)?;
    // The path may have been replaced between the two looks; the open file decides.
    if !file.metadata()?.is_file() {
        return Err(FileError::NotRegular);
    }
    let mut bytes = Vec::new();
    file.take(MAX_TEXT_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_TEXT_BYTES {
        return Err(FileError::TooLarge);
    }
    String::from_utf8(bytes)
        .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidData).into())
}

/// Every file under `roots` (folders searched recursively, a file taken as
/// is) whose name ends with `suffix`, sorted. Symbolic links to folders are
/// not followed, so a link back to a parent cannot repeat files forever.
pub fn files_ending(roots: &[PathBuf], suffix: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending: Vec<PathBuf> = roots.to_vec();
    while let Some(path) = pending.pop() {
        let is_link = path.symlink_metadata().is_ok_and(|meta| meta.is_symlink());
        let followed = !is_link || roots.contains(&path);
        if followed && path.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&path) {
                pending.extend(entries.flatten().map(|entry| entry.path()));
            }
        } else if path.to_string_lossy().ends_with(suffix) {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// A file error in the officer's words.
pub fn io_reason(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "找不到文件".to_string(),
        ErrorKind::PermissionDenied => "没有权限".to_string(),
        ErrorKind::IsADirectory => "这是一个目录，不是文件".to_string(),
        ErrorKind::InvalidData => "文件不是 UTF-8 编码的文本".to_string(),
        ErrorKind::AlreadyExists => "文件已存在".to_string(),
        ErrorKind::StorageFull => "磁盘已满".to_string(),
        _ => format!("读写失败（{error}）"),
    }
}

/// Writes a file through a temporary file beside it and a rename, so that a
/// file is never left half-written (rulesets by `fmt`, snapshots by `test`).
///
/// A symbolic link is followed: the file it names is rewritten and the link
/// stays. An existing file keeps its permissions; a read-only one is refused
/// rather than replaced. The temporary file is created anew (never opened if
/// something is already there) with an unpredictable name, so a planted
/// `X.tmp` or link is never written through, and it is removed on any failure
/// (a full disk leaves the file as it was and nothing beside it).
pub fn write_atomically(path: &Path, contents: impl AsRef<[u8]>) -> Result<(), FileError> {
    write_atomically_with(path, |file| file.write_all(contents.as_ref()))
}

/// Like [`write_atomically`], for contents written piece by piece (a long
/// batch streamed to CSV): `write` fills the temporary file, which replaces
/// `path` only once `write` has succeeded. A failure, or a run stopped
/// before the end, leaves `path` as it was.
pub fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), FileError> {
    use std::io::{ErrorKind, Write as _};
    let real = match std::fs::canonicalize(path) {
        Ok(real) => real,
        Err(error) if error.kind() == ErrorKind::NotFound => path.to_path_buf(),
        Err(error) => return Err(error.into()),
    };
    let existing = match std::fs::metadata(&real) {
        Ok(metadata) => Some(metadata),
        Err(error) if error.kind() == ErrorKind::NotFound => None,
        Err(error) => return Err(error.into()),
    };
    if let Some(metadata) = &existing {
        ensure_rewritable(&real, metadata)?;
    }
    let folder = match real.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".jixiao-").suffix(".tmp");
    #[cfg(unix)]
    {
        // A new file gets the usual mode (0666 less the umask), not 0600.
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temporary = builder.tempfile_in(folder)?;
    if let Some(metadata) = &existing {
        temporary
            .as_file()
            .set_permissions(metadata.permissions())?;
    }
    {
        let mut buffered = std::io::BufWriter::new(temporary.as_file_mut());
        write(&mut buffered)?;
        buffered.flush()?;
    }
    temporary.as_file().sync_all()?;
    temporary.persist(&real).map_err(|failed| failed.error)?;
    Ok(())
}

/// Refuses to replace what is not a regular file, or a file this user may
/// not write (checked by opening it for writing, without truncating it).
fn ensure_rewritable(real: &Path, metadata: &std::fs::Metadata) -> Result<(), FileError> {
    if !metadata.is_file() {
        return Err(FileError::NotRegular);
    }
    if metadata.permissions().readonly() {
        return Err(FileError::ReadOnly);
    }
    match std::fs::OpenOptions::new().write(true).open(real) {
        Ok(_) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::PermissionDenied => {
            Err(FileError::ReadOnly)
        }
        Err(error) => Err(error.into()),
    }
}

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

/// Why a text file could not be read, in the officer's words (`Display`).
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The system refused or failed the read.
    #[error("{}", io_reason(.0))]
    Io(#[from] std::io::Error),
    /// A pipe, device or socket: reading it could block forever or never end.
    #[error("这不是普通文件（可能是管道或设备），只能读取普通文件")]
    NotRegular,
    /// Larger than [`MAX_TEXT_BYTES`].
    #[error("文件超过 {} MiB 的上限，不像规则或事实文件", MAX_TEXT_BYTES / 1024 / 1024)]
    TooLarge,
}

/// Reads a regular file of at most [`MAX_TEXT_BYTES`] as UTF-8 text. Pipes
/// and devices are refused before they are opened, so that reading never
/// blocks (a FIFO) or runs without end (`/dev/zero`); symbolic links are
/// followed. Every reader of the crate's files uses this.
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    let kind = std::fs::metadata(path)?.file_type();
    if kind.is_dir() {
        return Err(std::io::Error::from(std::io::ErrorKind::IsADirectory).into());
    }
    if !kind.is_file() {
        return Err(ReadError::NotRegular);
    }
    let file = std::fs::File::open(path)?;
    // The path may have been replaced between the two looks; the open file decides.
    if !file.metadata()?.is_file() {
        return Err(ReadError::NotRegular);
    }
    let mut bytes = Vec::new();
    file.take(MAX_TEXT_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_TEXT_BYTES {
        return Err(ReadError::TooLarge);
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
        _ => format!("读写失败（{error}）"),
    }
}

/// Writes a file through a temporary file beside it and a rename, so that a
/// file is never left half-written (rulesets by `fmt`, snapshots by `test`).
pub fn write_atomically(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".tmp");
    std::fs::write(&temporary, text)?;
    std::fs::rename(&temporary, path)
}

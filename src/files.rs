//! Files on disk: finding rulesets and cases, reading errors in the
//! officer's words, writing without leaving a half-written file. Every part
//! may use this; it uses nothing of the crate.

use std::path::PathBuf;

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

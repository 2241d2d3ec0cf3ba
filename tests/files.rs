//! Files that are not what they claim: pipes, devices and links given as
//! rulesets, facts, imports or cases, and files that must be written safely.

use std::path::{Path, PathBuf};
use std::time::Duration;

/// Runs `work` in a thread and fails the test if it has not finished within
/// 10 s: a guard against a read that blocks forever, not a timing test.
fn promptly<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(work());
    });
    receiver
        .recv_timeout(Duration::from_secs(10))
        .expect("the read returned within 10 s")
}

/// A FIFO at `folder/name`, or None (with a note) where `mkfifo` is missing.
fn fifo(folder: &Path, name: &str) -> Option<PathBuf> {
    let path = folder.join(name);
    match std::process::Command::new("mkfifo").arg(&path).status() {
        Ok(status) if status.success() => Some(path),
        _ => {
            eprintln!("mkfifo is not available: FIFO test skipped");
            None
        }
    }
}

const NOT_REGULAR: &str = "这不是普通文件（可能是管道或设备），只能读取普通文件";

fn jixiao(args: &[&Path]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

#[test]
fn a_fifo_is_refused_without_blocking() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let Some(path) = fifo(folder.path(), "pipe.jx") else {
        return;
    };
    let error = promptly(move || jixiao::files::read_text(&path).expect_err("refused"));
    assert_eq!(error.to_string(), NOT_REGULAR);
}

#[test]
fn dev_zero_is_refused_without_reading_it() {
    let error = promptly(|| jixiao::files::read_text(Path::new("/dev/zero")).expect_err("refused"));
    assert_eq!(error.to_string(), NOT_REGULAR);
}

#[test]
fn a_file_over_the_limit_is_refused() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let path = folder.path().join("big.jx");
    let file = std::fs::File::create(&path).expect("created");
    file.set_len(jixiao::files::MAX_TEXT_BYTES + 1)
        .expect("sized");
    let error = jixiao::files::read_text(&path).expect_err("refused");
    assert_eq!(
        error.to_string(),
        "文件超过 16 MiB 的上限，不像规则或事实文件"
    );
}

#[test]
fn a_fifo_as_ruleset_import_or_facts_gives_the_chinese_error() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let Some(pipe) = fifo(folder.path(), "lib.jx") else {
        return;
    };
    let ruleset: PathBuf = [env!("CARGO_MANIFEST_DIR"), "rulesets/luohu-2024.jx"]
        .iter()
        .collect();
    let text = std::fs::read_to_string(&ruleset).expect("ruleset");
    let importer = folder.path().join("main.jx");
    let imports_the_pipe = text.replace("common/framework-2020.jx", "lib.jx");
    std::fs::write(&importer, imports_the_pipe).expect("written");
    let outputs = promptly(move || {
        [
            jixiao(&[Path::new("check"), &pipe]),
            jixiao(&[Path::new("check"), &importer]),
            jixiao(&[Path::new("score"), &ruleset, &pipe]),
        ]
    });
    for output in outputs {
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        // miette may wrap the message; its first words stay on one line.
        assert!(stderr.contains("这不是普通文件"), "{stderr}");
    }
}

#[test]
fn a_fifo_as_a_cases_facts_file_fails_the_case() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let Some(_) = fifo(folder.path(), "pipe.facts.toml") else {
        return;
    };
    let root = env!("CARGO_MANIFEST_DIR");
    let ruleset =
        std::fs::read_to_string(format!("{root}/rulesets/luohu-2024.jx")).expect("ruleset");
    std::fs::write(folder.path().join("p.jx"), ruleset).expect("written");
    std::fs::create_dir(folder.path().join("common")).expect("folder");
    std::fs::copy(
        format!("{root}/rulesets/common/framework-2020.jx"),
        folder.path().join("common/framework-2020.jx"),
    )
    .expect("copied");
    let cases = folder.path().join("p.cases.toml");
    std::fs::write(&cases, "[\"管道\"]\n\"事实文件\" = \"pipe.facts.toml\"\n").expect("written");
    let result = promptly(move || jixiao::cases::run_file(&cases, false));
    assert_eq!(result.error, None);
    let failures = &result.cases[0].failures;
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(failures[0].ends_with(NOT_REGULAR), "{failures:?}");
}

#[cfg(unix)]
mod writing {
    use jixiao::files::write_atomically;
    use std::os::unix::fs::PermissionsExt as _;
    use std::path::Path;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path)
            .expect("exists")
            .permissions()
            .mode()
            & 0o777
    }

    /// The names in a folder, sorted: no temporary file may stay behind.
    fn names(folder: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(folder)
            .expect("folder")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .to_string()
            })
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_rewritten_file_keeps_its_mode() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let path = folder.path().join("x.jx");
        std::fs::write(&path, "old").expect("written");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("mode");
        write_atomically(&path, "new").expect("rewritten");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new");
        assert_eq!(mode(&path), 0o600);
        assert_eq!(names(folder.path()), ["x.jx"]);
    }

    #[test]
    fn a_read_only_file_is_refused_and_left_as_it_was() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let path = folder.path().join("x.jx");
        std::fs::write(&path, "old").expect("written");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("mode");
        let error = write_atomically(&path, "new").expect_err("refused");
        assert_eq!(
            error.to_string(),
            "文件是只读的（或无权写入），未改写；确需改写请先修改文件权限"
        );
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "old");
        assert_eq!(mode(&path), 0o444);
        assert_eq!(names(folder.path()), ["x.jx"]);
    }

    #[test]
    fn a_symbolic_link_is_followed_and_stays_a_link() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let real = folder.path().join("real.jx");
        let link = folder.path().join("link.jx");
        std::fs::write(&real, "old").expect("written");
        std::os::unix::fs::symlink("real.jx", &link).expect("linked");
        write_atomically(&link, "new").expect("rewritten");
        assert!(std::fs::symlink_metadata(&link).expect("link").is_symlink());
        assert_eq!(std::fs::read_to_string(&real).expect("read"), "new");
        assert_eq!(names(folder.path()), ["link.jx", "real.jx"]);
    }

    #[test]
    fn a_planted_temporary_link_is_not_written_through() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let path = folder.path().join("x.jx");
        let victim = folder.path().join("victim.txt");
        std::fs::write(&path, "old").expect("written");
        std::fs::write(&victim, "keep").expect("written");
        std::os::unix::fs::symlink("victim.txt", folder.path().join("x.jx.tmp")).expect("linked");
        write_atomically(&path, "new").expect("rewritten");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new");
        assert_eq!(std::fs::read_to_string(&victim).expect("read"), "keep");
        assert_eq!(names(folder.path()), ["victim.txt", "x.jx", "x.jx.tmp"]);
    }

    #[test]
    fn a_new_file_is_created_beside_nothing_else() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let path = folder.path().join("new.jx");
        let plain = folder.path().join("plain.jx");
        write_atomically(&path, "text").expect("written");
        std::fs::write(&plain, "text").expect("written");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "text");
        assert_eq!(
            mode(&path),
            mode(&plain),
            "the umask's mode, as fs::write gives"
        );
        assert_eq!(names(folder.path()), ["new.jx", "plain.jx"]);
    }
}

/// A write that fails part-way (here the file-size limit, as a full disk
/// would) leaves the ruleset as it was and no temporary file beside it.
#[cfg(unix)]
#[test]
fn a_failed_rewrite_leaves_the_file_and_nothing_else() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let path = folder.path().join("x.jx");
    let root = env!("CARGO_MANIFEST_DIR");
    let original =
        std::fs::read_to_string(format!("{root}/rulesets/luohu-2024.jx")).expect("ruleset");
    std::fs::write(&path, &original).expect("written");
    // Ignoring SIGXFSZ makes a write over the limit fail with EFBIG instead.
    let script = "trap '' XFSZ; ulimit -f 0; exec \"$0\" fmt --half-width \"$1\"";
    let output = std::process::Command::new("sh")
        .args(["-c", script, env!("CARGO_BIN_EXE_jixiao")])
        .arg(&path)
        .output()
        .expect("sh runs");
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), original);
    let names: Vec<_> = std::fs::read_dir(folder.path())
        .expect("folder")
        .map(|entry| entry.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["x.jx"]);
}

//! Where a served ruleset's imports come from: the `--library` folder, and
//! nowhere outside it, or else the examples embedded in the binary.
//!
//! An import path must be relative and name only plain folders and a file
//! (no `..`, no root, no drive); after following links, the file must still
//! be inside the library folder.

use crate::lang::build::Loader;
use std::path::{Component, Path, PathBuf};

/// A ruleset or facts file shipped inside the binary, to open as an example.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    /// Its path as imports and the page name it (`common/framework-2020.jx`).
    pub path: &'static str,
    /// What it is, for the page's list.
    pub title: &'static str,
    /// Its text.
    pub text: &'static str,
}

/// The shipped rulesets, their facts and the common framework library.
pub const EXAMPLES: [Example; 5] = [
    Example {
        path: "luohu-2024.jx",
        title: "罗湖区 2024 安全生产专项（规则）",
        text: include_str!("../../rulesets/luohu-2024.jx"),
    },
    Example {
        path: "luohu-2024.facts.toml",
        title: "罗湖区 2024 安全生产专项（事实）",
        text: include_str!("../../examples/luohu-2024.facts.toml"),
    },
    Example {
        path: "yantian-2024.jx",
        title: "盐田区 2024（规则）",
        text: include_str!("../../rulesets/yantian-2024.jx"),
    },
    Example {
        path: "yantian-2024.facts.toml",
        title: "盐田区 2024（事实）",
        text: include_str!("../../examples/yantian-2024.facts.toml"),
    },
    Example {
        path: "common/framework-2020.jx",
        title: "共性框架库（财预〔2020〕10号）",
        text: include_str!("../../rulesets/common/framework-2020.jx"),
    },
];

/// The embedded example at that path, if there is one.
pub fn example(path: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|example| example.path == path)
}

/// The most bytes an imported file may have.
const MAX_IMPORT_BYTES: u64 = 2 * 1024 * 1024;

/// Loads imports from the library folder, then from the embedded examples.
#[derive(Debug, Clone)]
pub struct LibraryLoader {
    /// The `--library` folder, if one was given.
    pub root: Option<PathBuf>,
}

impl Loader for LibraryLoader {
    fn load(&self, path: &str) -> Result<(String, String), String> {
        let relative = safe_relative(path)?;
        if let Some(root) = &self.root {
            if let Some(found) = self.read_inside(root, &relative)? {
                return Ok((path.to_string(), found));
            }
        }
        match example(&relative.to_string_lossy()) {
            Some(example) => Ok((path.to_string(), example.text.to_string())),
            None if self.root.is_some() => Err(format!("库目录中没有「{path}」")),
            None => Err(format!(
                "没有「{path}」：未指定库目录（jixiao serve --library 目录），只能导入内置的 common/framework-2020.jx"
            )),
        }
    }
}

impl LibraryLoader {
    /// The file's text if it is inside `root`; `None` if there is no such
    /// file; an error if it leads outside or cannot be read.
    fn read_inside(&self, root: &Path, relative: &Path) -> Result<Option<String>, String> {
        let shown = relative.display();
        let root = root
            .canonicalize()
            .map_err(|error| format!("无法打开库目录：{}", crate::files::io_reason(&error)))?;
        let Ok(full) = root.join(relative).canonicalize() else {
            return Ok(None);
        };
        if !full.starts_with(&root) {
            return Err(format!("「{shown}」经链接指向库目录之外，不能导入"));
        }
        let metadata = std::fs::metadata(&full)
            .map_err(|error| format!("无法读取「{shown}」：{}", crate::files::io_reason(&error)))?;
        if !metadata.is_file() {
            return Err(format!("「{shown}」不是文件"));
        }
        if metadata.len() > MAX_IMPORT_BYTES {
            return Err(format!("「{shown}」超过 {MAX_IMPORT_BYTES} 字节，不能导入"));
        }
        crate::files::read_text(&full)
            .map(Some)
            .map_err(|error| format!("无法读取「{shown}」：{error}"))
    }
}

/// The import path as a relative path of plain names, or why it is refused.
pub fn safe_relative(path: &str) -> Result<PathBuf, String> {
    if path.contains('\\') || path.contains(':') {
        return Err(format!(
            "导入路径「{path}」含 \\ 或 :，请用 / 分隔的相对路径"
        ));
    }
    let mut relative = PathBuf::new();
    for component in Path::new(path).components() {
        match component {
            Component::Normal(name) => relative.push(name),
            Component::CurDir => {}
            Component::ParentDir => {
                return Err(format!("导入路径「{path}」含 ..，只能导入库目录之内的文件"))
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(format!(
                    "导入路径「{path}」是绝对路径，只能导入库目录之内的文件"
                ))
            }
        }
    }
    if relative.as_os_str().is_empty() {
        return Err("导入路径为空".to_string());
    }
    Ok(relative)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_accepted() {
        assert_eq!(
            safe_relative("common/./framework-2020.jx"),
            Ok(PathBuf::from("common/framework-2020.jx"))
        );
        for refused in [
            "/etc/passwd",
            "../secret.jx",
            "common/../../x.jx",
            "C:\\x.jx",
            "",
        ] {
            assert!(safe_relative(refused).is_err(), "{refused} accepted");
        }
    }

    #[test]
    fn without_a_library_the_embedded_framework_is_imported() {
        let loader = LibraryLoader { root: None };
        let (name, text) = loader
            .load("common/framework-2020.jx")
            .expect("the framework is embedded");
        assert_eq!(name, "common/framework-2020.jx");
        assert!(text.contains("库"), "{text:.80}");
        assert!(loader.load("common/other.jx").is_err());
    }

    #[test]
    #[cfg(unix)]
    fn a_link_out_of_the_library_is_refused() {
        let outside = tempfile::tempdir().expect("temp dir");
        let library = tempfile::tempdir().expect("temp dir");
        std::fs::write(outside.path().join("secret.jx"), "库 \"x\" {}").expect("write");
        std::os::unix::fs::symlink(
            outside.path().join("secret.jx"),
            library.path().join("link.jx"),
        )
        .expect("symlink");
        let loader = LibraryLoader {
            root: Some(library.path().to_path_buf()),
        };
        let error = loader.load("link.jx").expect_err("refused");
        assert!(error.contains("库目录之外"), "{error}");
    }
}

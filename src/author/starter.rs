//! `jixiao new`: a starter ruleset on the common framework, with a facts file
//! and a cases file, so that a new project starts in one command and its
//! `jixiao test` passes from the start.

/// The common framework library, written beside a new ruleset when its folder
/// has none (`common/framework-2020.jx`).
pub const FRAMEWORK: &str = include_str!("../../rulesets/common/framework-2020.jx");

/// Where a starter ruleset imports the framework from, relative to itself.
pub const FRAMEWORK_PATH: &str = "common/framework-2020.jx";

const RULESET: &str = include_str!("starter/ruleset.jx");
const FACTS: &str = include_str!("starter/facts.toml");
const CASES: &str = include_str!("starter/cases.toml");

/// The three files of a new project.
#[derive(Debug, Clone)]
pub struct Starter {
    /// `NAME.jx`.
    pub ruleset: String,
    /// `NAME.facts.toml`.
    pub facts: String,
    /// `NAME.cases.toml`.
    pub cases: String,
}

/// The starter files for a project titled `title`, whose files are named
/// `stem.jx`, `stem.facts.toml` and `stem.cases.toml` in one folder.
pub fn starter(title: &str, stem: &str) -> Starter {
    let fill = |template: &str| {
        template
            .replace("{title}", title)
            .replace("{ruleset}", &format!("{stem}.jx"))
            .replace("{facts}", &format!("{stem}.facts.toml"))
    };
    Starter {
        ruleset: fill(RULESET),
        facts: fill(FACTS),
        cases: fill(CASES),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_is_formatted_and_its_template_fields_are_filled() {
        let files = starter("某项目 2025", "某项目-2025");
        let formatted =
            crate::author::fmt::format(&files.ruleset, &crate::author::fmt::FmtOptions::default());
        assert_eq!(formatted.ok().as_deref(), Some(files.ruleset.as_str()));
        for text in [&files.ruleset, &files.facts, &files.cases] {
            assert!(
                !text.contains("{title}") && !text.contains("{facts}"),
                "{text}"
            );
        }
        assert!(files
            .cases
            .contains("\"事实文件\" = \"某项目-2025.facts.toml\""));
        assert!(files
            .ruleset
            .contains(&format!("导入 \"{FRAMEWORK_PATH}\"")));
    }
}

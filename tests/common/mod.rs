//! Helpers shared by the integration tests.

/// The code of every diagnostic a ruleset's build reports, in order.
pub fn build_codes(source: &str) -> Vec<String> {
    jixiao::build("测试.jx", source)
        .diagnostics
        .iter()
        .filter_map(|diagnostic| diagnostic.code().map(|code| code.to_string()))
        .collect()
}

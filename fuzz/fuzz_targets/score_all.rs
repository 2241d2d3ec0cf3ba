//! Any ruleset with any facts (split at the first NUL): building, scoring,
//! explaining and auditing never panic and keep totals in bounds.
#![no_main]

// Each target uses only some of the shared properties.
#[allow(dead_code)]
#[path = "../../tests/common/robust.rs"]
mod robust;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let (ruleset, facts) = robust::split_input(data);
    if let Some(compiled) = robust::build_and_render(&ruleset) {
        robust::score_everything(&compiled, &facts);
    }
});

//! Formatting any ruleset keeps its meaning: it builds exactly when the
//! original does and scores any facts (after the first NUL) the same.
#![no_main]

// Each target uses only some of the shared properties.
#[allow(dead_code)]
#[path = "../../tests/common/robust.rs"]
mod robust;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let (ruleset, facts) = robust::split_input(data);
    robust::fmt_keeps_meaning(&ruleset, &facts);
});

//! Building any text as a ruleset, and rendering its diagnostics, never panics.
#![no_main]

// Each target uses only some of the shared properties.
#[allow(dead_code)]
#[path = "../../tests/common/robust.rs"]
mod robust;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    robust::build_and_render(&String::from_utf8_lossy(data));
});

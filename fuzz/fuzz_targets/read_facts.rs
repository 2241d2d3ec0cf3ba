//! Reading any text as the 罗湖 seed's facts (TOML and JSON), then scoring,
//! explaining and auditing what reads, never panics and keeps totals in bounds.
#![no_main]

// Each target uses only some of the shared properties.
#[allow(dead_code)]
#[path = "../../tests/common/robust.rs"]
mod robust;

use std::sync::OnceLock;

fn luohu() -> &'static jixiao::lang::compile::Compiled {
    static COMPILED: OnceLock<jixiao::lang::compile::Compiled> = OnceLock::new();
    COMPILED.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../rulesets/luohu-2024.jx");
        jixiao::build_file(std::path::Path::new(path))
            .compiled
            .expect("the 罗湖 seed builds")
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    robust::score_everything(luohu(), &String::from_utf8_lossy(data));
});

#!/usr/bin/env bash
# Seeds each fuzz target's corpus from the shipped rulesets, facts and the ui
# corpus (corpus/ is not kept in git). Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")"
for target in build_ruleset score_all fmt_roundtrip; do
    mkdir -p "corpus/$target"
    for ruleset in ../rulesets/*.jx ../rulesets/*/*.jx ../rulesets/corpus/*/*.jx ../tests/ui/*.jx; do
        cp "$ruleset" "corpus/$target/$(basename "$ruleset")"
    done
done
mkdir -p corpus/read_facts
cp ../examples/*.facts.toml corpus/read_facts/
# A ruleset and its facts, split at a NUL byte, for the targets that take both.
for name in luohu-2024 yantian-2024; do
    for target in score_all fmt_roundtrip; do
        { cat "../rulesets/$name.jx"; printf '\0'; cat "../examples/$name.facts.toml"; } \
            > "corpus/$target/$name.with-facts"
    done
done

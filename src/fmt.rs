//! The formatter: one canonical layout for a ruleset, keeping every comment.

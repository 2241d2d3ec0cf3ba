//! Authoring: the tools a ruleset's writer uses beside scoring. [`cases`]
//! runs a ruleset's test cases and snapshots, [`fmt`] lays a ruleset out in
//! one canonical form, [`starter`] writes a new project. This part may use
//! the parts before it in the pipeline: `report`, `score` and `lang`.

pub mod cases;
pub mod fmt;
pub mod starter;

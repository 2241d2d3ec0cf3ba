//! Reports: what a score card looks like to its readers. [`render`] prints
//! the annex table, JSON and Markdown; [`explain`] says how every score was
//! reached; [`audit`] compares a report's printed scores with the rules.
//! This part uses `score` and `lang`.

pub mod audit;
pub mod explain;
pub mod render;

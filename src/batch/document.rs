//! One project's annex table written as a document for a report: a workbook
//! ([`super::output::annex_xlsx`]) or a Word document ([`super::docx`]),
//! through a temporary file and a rename.

use super::annex::annex;
use super::problem::BatchError;
use crate::report::explain::Explanation;
use std::path::Path;

/// What the annex is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    /// An Excel workbook with one 评分表 sheet.
    Xlsx,
    /// A Word document.
    Docx,
}

/// The annex's bytes, titled with the ruleset's project name.
pub fn bytes(explanation: &Explanation, kind: Document) -> Result<Vec<u8>, String> {
    let annex = annex(explanation, &explanation.title);
    match kind {
        Document::Xlsx => super::output::annex_xlsx::workbook(&annex).map_err(|e| e.to_string()),
        Document::Docx => super::docx::bytes(&annex),
    }
}

/// Writes the annex to `path`; an existing file only when `force`.
pub fn write(
    explanation: &Explanation,
    kind: Document,
    path: &Path,
    force: bool,
) -> Result<(), BatchError> {
    let failed = |reason: String| BatchError::Write {
        path: path.display().to_string(),
        reason,
    };
    BatchError::refuse_existing(path, force)?;
    let bytes = bytes(explanation, kind).map_err(failed)?;
    crate::files::write_atomically(path, bytes).map_err(|error| failed(error.to_string()))
}

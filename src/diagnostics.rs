//! Diagnostics as data: code, severity, message, help, file, line and column
//! (in characters), for editors and other tools.

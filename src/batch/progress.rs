//! The progress bar of a long run, on stderr: rows done, rows per second and
//! the time left. It is drawn only when asked (the command asks when stderr
//! is a terminal), so piped or logged runs stay silent.

use super::input::Source;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// A progress bar over rows, or over bytes read when the rows are not counted.
pub struct Progress {
    bar: Option<ProgressBar>,
    /// Bytes read so far, when the bar measures bytes.
    position: Option<Arc<AtomicU64>>,
    rows: std::cell::Cell<u64>,
    started: std::time::Instant,
}

impl Progress {
    /// A bar for `source`; hidden unless `shown`.
    pub fn new(shown: bool, source: &Source) -> Progress {
        let (length, position) = match (source.row_count, &source.position) {
            (Some(rows), _) => (rows as u64, None),
            (None, Some(position)) => (source.bytes, Some(Arc::clone(position))),
            (None, None) => (0, None),
        };
        let bar = shown.then(|| {
            let length = Some(length).filter(|length| *length > 0);
            let bar = ProgressBar::with_draw_target(length, ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template("{bar:30} {percent:>3}% {msg}，剩余约 {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        });
        Progress {
            bar,
            position,
            rows: std::cell::Cell::new(0),
            started: std::time::Instant::now(),
        }
    }

    /// Counts `rows` more rows done.
    pub fn advance(&self, rows: usize) {
        self.rows.set(self.rows.get() + rows as u64);
        let Some(bar) = &self.bar else { return };
        match &self.position {
            Some(position) => bar.set_position(position.load(Ordering::Relaxed)),
            None => bar.inc(rows as u64),
        }
        let seconds = self.started.elapsed().as_secs_f64().max(1e-3);
        let rate = self.rows.get() as f64 / seconds;
        bar.set_message(format!("{} 行，{rate:.0} 行/秒", self.rows.get()));
    }

    /// Clears the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

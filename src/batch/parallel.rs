//! An ordered parallel map over a stream: worker threads take the next item
//! from the source themselves (reading it under one lock), work on it, and
//! the calling thread hands the results to the sink in the source's order.
//!
//! No thread waits for another to hand it work, so a loaded machine's
//! scheduling delays do not stall the others; a worker may run at most
//! [`WINDOW`] items ahead of the sink, so memory stays flat however long
//! the source.

use std::collections::BTreeMap;
use std::sync::{mpsc, Condvar, Mutex, PoisonError};

/// How many items may be taken and not yet passed to the sink.
const WINDOW: usize = 32;

/// What the workers share: the source and how far the sink has got.
struct State<I> {
    source: I,
    /// The sequence number of the next item to take.
    taken: usize,
    /// How many items the sink has been given.
    sunk: usize,
    /// The source is exhausted or failed, or the sink failed: take no more.
    stopped: bool,
}

/// Maps `work` over `source` on `jobs` threads (one per core for 0) and
/// passes the results to `sink` in the source's order. The first error, of
/// the source or of the sink, stops the run and is returned.
pub fn map_in_order<T, U, E, I>(
    jobs: usize,
    source: I,
    work: impl Fn(T) -> U + Sync,
    mut sink: impl FnMut(U) -> Result<(), E>,
) -> Result<(), E>
where
    I: Iterator<Item = Result<T, E>> + Send,
    U: Send,
    E: Send,
{
    let jobs = match jobs {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        jobs => jobs,
    };
    if jobs == 1 {
        for item in source {
            sink(work(item?))?;
        }
        return Ok(());
    }
    let state = Mutex::new(State {
        source,
        taken: 0,
        sunk: 0,
        stopped: false,
    });
    let moved = Condvar::new();
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel();
        for _ in 0..jobs {
            let sender = sender.clone();
            let (state, moved, work) = (&state, &moved, &work);
            scope.spawn(move || {
                while let Some((at, item)) = take(state, moved) {
                    if sender.send((at, item.map(work))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut waiting = BTreeMap::new();
        let mut result = Ok(());
        for (at, item) in receiver {
            waiting.insert(at, item);
            let mut next = lock(&state).sunk;
            while let Some(item) = waiting.remove(&next) {
                if result.is_ok() {
                    result = item.and_then(&mut sink);
                }
                next += 1;
                let mut shared = lock(&state);
                shared.sunk = next;
                shared.stopped |= result.is_err();
                moved.notify_all();
            }
        }
        result
    })
}

/// The next item and its sequence number, once the window allows it;
/// `None` when the run is over.
fn take<T, E, I>(state: &Mutex<State<I>>, moved: &Condvar) -> Option<(usize, Result<T, E>)>
where
    I: Iterator<Item = Result<T, E>>,
{
    let mut shared = lock(state);
    while !shared.stopped && shared.taken >= shared.sunk + WINDOW {
        shared = moved.wait(shared).unwrap_or_else(PoisonError::into_inner);
    }
    if shared.stopped {
        return None;
    }
    let Some(item) = shared.source.next() else {
        shared.stopped = true;
        moved.notify_all();
        return None;
    };
    shared.stopped |= item.is_err();
    let at = shared.taken;
    shared.taken += 1;
    Some((at, item))
}

/// The shared state, even if a worker panicked while holding it (the panic
/// is raised again when the threads are joined).
fn lock<S>(state: &Mutex<S>) -> std::sync::MutexGuard<'_, S> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::map_in_order;

    #[test]
    fn results_come_in_the_sources_order_with_any_number_of_threads() {
        for jobs in [1, 2, 3, 8] {
            let source = (0..1000u64).map(Ok::<u64, String>);
            let mut seen = Vec::new();
            // Uneven work, so that later items often finish first.
            let work = |n: u64| {
                let spin = (n * 7919) % 2000;
                std::hint::black_box((0..spin).fold(n, u64::wrapping_add));
                n * n
            };
            map_in_order(jobs, source, work, |n| {
                seen.push(n);
                Ok(())
            })
            .unwrap();
            let expected: Vec<u64> = (0..1000).map(|n| n * n).collect();
            assert_eq!(seen, expected, "{jobs} jobs");
        }
    }

    #[test]
    fn the_first_error_in_order_stops_the_run() {
        for jobs in [1, 2, 4] {
            let source = (0..500u32).map(|n| if n == 300 { Err(n) } else { Ok(n) });
            let mut seen = Vec::new();
            let result = map_in_order(
                jobs,
                source,
                |n| n,
                |n| {
                    seen.push(n);
                    if n == 400 {
                        return Err(n);
                    }
                    Ok(())
                },
            );
            assert_eq!(result, Err(300), "{jobs} jobs");
            assert_eq!(seen, (0..300).collect::<Vec<_>>(), "{jobs} jobs");
            let source = (0..500u32).map(Ok);
            let result = map_in_order(
                jobs,
                source,
                |n| n,
                |n| if n == 42 { Err(n) } else { Ok(()) },
            );
            assert_eq!(result, Err(42), "{jobs} jobs");
        }
    }
}

//! Moving the spans of a parsed tree: the trait, and its implementations
//! for spans, names and the containers the tree uses. The tree's own types
//! implement it beside their definitions.

use crate::lang::span::{Name, Span};

/// Moving every span of a parsed tree by the same number of bytes. Each
/// implementation names every field, so that a field added to the tree must
/// be shifted or deliberately left out.
pub(super) trait Shift {
    /// Moves every span by `by` bytes.
    fn shift(&mut self, by: usize);
}

impl Shift for Span {
    fn shift(&mut self, by: usize) {
        self.start += by;
        self.end += by;
    }
}

impl Shift for Name {
    fn shift(&mut self, by: usize) {
        let Name { text: _, span } = self;
        span.shift(by);
    }
}

impl<T: Shift> Shift for Vec<T> {
    fn shift(&mut self, by: usize) {
        self.iter_mut().for_each(|item| item.shift(by));
    }
}

impl<T: Shift> Shift for Option<T> {
    fn shift(&mut self, by: usize) {
        if let Some(item) = self {
            item.shift(by);
        }
    }
}

impl<T: Shift> Shift for Box<T> {
    fn shift(&mut self, by: usize) {
        (**self).shift(by);
    }
}

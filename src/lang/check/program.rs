//! What checking produces: the checked phase of the tree, the declared
//! facts, and the [`Program`] that compiling takes.

use crate::lang::ast::*;
use crate::lang::span::{Name, Span};
use crate::lang::units::{Interval, Ty};

/// The checked phase: references are fact slots and tier levels.
#[derive(Debug, Clone)]
pub struct Checked;

impl Phase for Checked {
    type Ref = FactRef;
    type Label = TierLevel;
}

/// The index of a declared fact, in declaration order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FactId(pub usize);

/// A resolved reference to a fact.
#[derive(Debug, Clone)]
pub struct FactRef {
    /// Which fact.
    pub id: FactId,
    /// Where it was named.
    pub span: Span,
}

/// A resolved level of an enumerated fact.
#[derive(Debug, Clone)]
pub struct TierLevel {
    /// The level's position in the fact's declaration.
    pub index: usize,
    /// The label as written in the rule.
    pub name: Name,
}

/// A declared fact with its type.
#[derive(Debug, Clone)]
pub struct Fact {
    /// The name facts files key it by.
    pub name: String,
    /// Its type.
    pub ty: Ty,
    /// Its declaration.
    pub span: Span,
    /// The range it declares (`在 0%..100%`), which facts files must respect.
    pub range: Option<Interval>,
    /// Whether any rule reads it (a library may declare facts a ruleset never uses).
    pub used: bool,
}

/// A checked ruleset, ready to compile.
#[derive(Debug, Clone)]
pub struct Program {
    /// The resolved tree.
    pub ruleset: Ruleset<Checked>,
    /// The declared facts, indexed by [`FactId`].
    pub facts: Vec<Fact>,
    /// The type of each indicator's 完成值 and 标杆值, in tree order.
    pub value_types: Vec<ValueTypes>,
}

/// What an indicator's 完成值 and 标杆值 are, for showing them.
#[derive(Debug, Clone, Default)]
pub struct ValueTypes {
    /// The 完成值's type, if it has one.
    pub actual: Option<Ty>,
    /// The 标杆值's type, if it is a value.
    pub target: Option<Ty>,
}

//! The Fluent files of every locale, parsed once (the [`catalog::Catalog`]),
//! and what can be known from them alone: references, the markup a message
//! may carry, how much of a page a locale covers, and the problems that stop
//! a build.

pub mod catalog;
pub mod chars;
pub mod coverage;
pub mod diff;
pub mod markup;
pub mod pattern;
pub mod references;
pub mod validate;

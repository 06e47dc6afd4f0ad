//! Moving a newsroom from WordPress: `qalam import wordpress FILE.xml`.
//!
//! - [`wxr`]: the export read as a stream (refusing what is not one);
//! - [`content`]: WordPress content (blocks, classic HTML, shortcodes) in
//!   the editors' markup;
//! - [`rules`]: statuses, dates, addresses;
//! - [`import`]: the two passes over the file, the writes through the one
//!   publishing path, the redirects from old addresses, and the summary.

pub mod content;
pub mod import;
pub mod rules;
pub mod wxr;

#[cfg(test)]
mod content_tests;

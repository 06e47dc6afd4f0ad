//! Moving a newsroom from WordPress: `qalam import wordpress FILE.xml`.
//!
//! - [`wxr`]: the export read as a stream (refusing what is not one);
//! - [`content`]: WordPress content (blocks, classic HTML, shortcodes) in
//!   the editors' markup;
//! - [`rules`]: statuses, dates, addresses;
//! - [`polylang`]: a bilingual site's languages and translation groups;
//! - [`import`]: the two passes over the file, the writes through the one
//!   publishing path, the redirects from old addresses, and the summary;
//! - [`sample`]: a generated export of any size (benchmark, memory test).

pub mod content;
pub mod import;
pub mod polylang;
pub mod rules;
pub mod sample;
pub mod wxr;

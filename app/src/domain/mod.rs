//! The shared vocabulary: types and rules that the server and the browser
//! both use, one file per area. Nothing here touches the database or the
//! DOM, so everything here compiles for both and is unit-tested plainly.
//!
//! - [`articles`]: statuses, the article form, its validation;
//! - [`accounts`]: roles, login and password rules;
//! - [`refusal`]: why something was refused, as codes (words: `messages`);
//! - [`reader`]: what readers' pages show;
//! - [`workspace`]: what the editors' workspace shows;
//! - [`live`]: live stories' updates, what open pages are pushed, the
//!   breaking-news bar's timing;
//! - [`pages`]: static pages ("О редакции") and the paths they may not take;
//! - [`lang`]: the two editions (Russian, Kazakh) and their addresses;
//! - `telegram` (server only): what a Telegram channel gets for an article;
//! - [`notifications`]: what readers follow by Web Push, and what they get.

pub mod accounts;
pub mod articles;
pub mod images;
pub mod lang;
pub mod live;
pub mod notifications;
pub mod pages;
pub mod reader;
pub mod refusal;
#[cfg(feature = "ssr")]
pub mod telegram;
pub mod workspace;

/// The site's name, in the header, every `<title>`, feeds and JSON-LD.
pub const SITE_NAME: &str = "Qalam";

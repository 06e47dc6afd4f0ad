//! Everything that runs only on the server, by domain. With `db/` beside
//! it, this is the whole of the app crate's `ssr`-only code: what is not
//! under `server/` or `db/` compiles for the browser too.
//!
//! - [`articles`]: the article form, saving, status changes, the editors'
//!   list, previews, revisions, and [`articles::store`], the one path by
//!   which articles are written;
//! - [`accounts`]: passwords, sessions, sign-in, staff;
//! - [`permissions`]: who may do what, decided in one place;
//! - [`categories`], [`media`], [`staff`]: the categories, uploaded
//!   images, and the accounts as admins keep them;
//! - [`live`]: live stories' updates, the breaking-news bar, what open
//!   pages are pushed;
//! - [`pages`]: static pages ("О редакции") at `/{slug}`;
//! - [`redirects`]: old addresses that moved (a changed slug, an import);
//! - [`wordpress`]: moving a newsroom from WordPress (`qalam import`);
//! - [`reader`]: what readers' pages load;
//! - [`site`]: the site's handles (database, clock, address);
//! - [`markup`], [`seo`], [`words`], [`list_targets`]: the editors' markup,
//!   meta tags and JSON-LD, search words (stems, queries, highlighting), and
//!   which categories, authors and tags readers can list (pages and feeds).

pub mod accounts;
pub mod articles;
pub mod categories;
pub mod docx;
pub mod kazakh;
pub mod list_targets;
pub mod live;
pub mod markup;
pub mod media;
pub mod pages;
pub mod permissions;
pub mod presence;
pub mod reader;
pub mod redirects;
pub mod seo;
pub mod shared;
pub mod site;
pub mod staff;
pub mod telegram;
pub mod wordpress;
pub mod words;

//! The `qalam` server: configuration, HTTP routing and middleware, the
//! plain form posts, feeds, and the maintenance commands. The rules
//! themselves live in the app crate (`app::server`); this crate speaks
//! HTTP.

pub mod client;
pub mod commands;
pub mod compression;
pub mod conditional;
pub mod config;
pub mod document;
pub mod error;
pub mod feeds;
pub mod forms;
pub mod freshness;
pub mod http;
pub mod limits;
pub mod media;
pub mod notifications;
pub mod page_cache;
pub mod presence;
pub mod push;
pub mod reach;
pub mod redirects;
pub mod scheduler;
pub mod security;
pub mod serve;
pub mod session;
pub mod sitemaps;
pub mod state;
pub mod static_files;
pub mod telemetry;
pub mod ticker;
pub mod views;

pub use http::{leptos_options, router};
pub use state::AppState;

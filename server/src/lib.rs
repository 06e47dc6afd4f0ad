//! The `qalam` server: configuration, HTTP routing, and the commands that
//! fill a database (demo content, generated benchmark data).

pub mod admin;
pub mod client;
pub mod compression;
pub mod conditional;
pub mod config;
pub mod content;
pub mod document;
pub mod freshness;
pub mod http;
pub mod limits;
pub mod page_cache;
pub mod scheduler;
pub mod security;
pub mod serve;
pub mod state;
pub mod static_files;
pub mod syndication;
pub mod telemetry;

pub use http::{leptos_options, router};
pub use state::AppState;

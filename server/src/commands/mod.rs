//! The maintenance commands of `qalam`, one file each; `main.rs` parses
//! the command line and calls them.

pub mod backup;
pub mod demo;
pub mod generate;
pub mod import;
pub mod markup;
pub mod publish;
pub mod user;

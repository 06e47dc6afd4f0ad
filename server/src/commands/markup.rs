//! `qalam markup`: the stored markup and its renderer, for tools outside
//! Rust. The visual editor's round-trip test (end2end/tests/
//! editor-roundtrip.spec.ts) exports every article's body, sends each
//! through the editor in Chromium and back, and has the server's own
//! renderer say whether the HTML is the same.

use crate::config::MarkupCommand;
use anyhow::Context;
use app::db::{articles, Db};
use std::io::Read;

pub async fn run(db: &Db, command: MarkupCommand) -> anyhow::Result<()> {
    match command {
        MarkupCommand::Export => {
            let bodies: Vec<serde_json::Value> = articles::bodies(db)
                .await?
                .into_iter()
                .map(|(slug, body)| serde_json::json!({ "slug": slug, "markup": body }))
                .collect();
            println!("{}", serde_json::to_string(&bodies)?);
        }
        MarkupCommand::Render => {
            let mut input = String::new();
            std::io::stdin().read_to_string(&mut input)?;
            let sources: Vec<String> =
                serde_json::from_str(&input).context("expected a JSON array of strings")?;
            let html: Vec<String> = sources
                .iter()
                .map(|source| app::server::markup::render(source))
                .collect();
            println!("{}", serde_json::to_string(&html)?);
        }
    }
    Ok(())
}

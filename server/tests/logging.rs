//! No failure is silent: every 5xx answer writes an error line to the
//! log, whichever handler gave it, and the browser gets our page without
//! the database's words.

mod common;

use axum::http::StatusCode;
use common::web::Web;
use common::{fresh_db, seed, story, NOW};
use std::io::Write;
use std::sync::{Arc, Mutex};

/// Log lines, kept for the test to read.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_500_from_any_handler_writes_an_error_line() {
    let log = Captured::default();
    let writer = log.clone();
    tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .init();

    let t = fresh_db().await;
    seed(&t.db).await;
    let slug = story(&t.db, "Маслихат утвердил бюджет", "politika", NOW - 60).await;
    let web = Web::at(&t, NOW);
    assert_eq!(
        web.get(&format!("/news/{slug}")).await.status,
        StatusCode::OK
    );

    // A database that lost a table: every query of these pages fails.
    sqlx::query("DROP TABLE article_tags")
        .execute(t.db.pool())
        .await
        .unwrap();
    for uri in [format!("/news/{slug}"), format!("/api/article?slug={slug}")] {
        let reply = web.get(&uri).await;
        assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR, "{uri}");
        assert!(
            !reply.body.to_lowercase().contains("article_tags"),
            "{}",
            reply.body
        );
        assert!(!reply.body.is_empty());
        let lines = log.text();
        let line = lines
            .lines()
            .find(|l| {
                l.contains("request failed")
                    && l.contains(&format!("path={}", uri.split('?').next().unwrap()))
            })
            .unwrap_or_else(|| panic!("no error line for {uri} in:\n{lines}"));
        assert!(
            line.contains("ERROR") && line.contains("status=500"),
            "{line}"
        );
        // And one access line, under the id the answer carries.
        let id = reply.header("x-request-id");
        assert!(!id.is_empty());
        let access = lines
            .lines()
            .find(|l| l.contains("qalam::access") && l.contains(&format!("request_id={id}")))
            .unwrap_or_else(|| panic!("no access line for {uri} in:\n{lines}"));
        for field in ["method=GET", "status=500", "bytes=", "ms=", "cache=-"] {
            assert!(access.contains(field), "{field} in {access}");
        }
    }
    assert!(
        log.text().contains("database error"),
        "the cause is logged too"
    );
}

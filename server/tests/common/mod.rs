//! Shared set-up for integration tests: a fresh, migrated SQLite database
//! per test, removed with its temporary directory.

#![allow(dead_code)]

use app::content::{publish, Story};
use app::db::articles::NewArticle;
use app::db::{authors, categories, Db, DbOptions};

pub struct TestDb {
    pub db: Db,
    pub url: String,
    _dir: tempfile::TempDir,
}

pub async fn fresh_db() -> TestDb {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = format!("sqlite:{}", dir.path().join("qalam.db").display());
    let db = Db::connect(&url, &DbOptions::default())
        .await
        .expect("connect");
    db.migrate()
        .await
        .expect("migrations apply to an empty database");
    TestDb { db, url, _dir: dir }
}

/// Two categories and one author.
pub async fn seed(db: &Db) {
    categories::insert(db, "politika", "Политика", 0)
        .await
        .unwrap();
    categories::insert(db, "sport", "Спорт", 1).await.unwrap();
    authors::insert(db, "aliya-seytova", "Әлия Сейітова", "")
        .await
        .unwrap();
}

pub const NOW: i64 = 1_795_000_000;

/// Publishes an article at `published_at`; returns its slug.
pub async fn story(db: &Db, title: &str, category: &str, published_at: i64) -> String {
    publish(
        db,
        &Story {
            title,
            lead: "Лид материала: короткое описание события для читателя.",
            body: "Первый абзац.\n\n> «Цитата», — сказал аким.",
            category_slug: category,
            author_slug: None,
            breaking: false,
            published_at,
            tags: &[],
        },
        published_at,
    )
    .await
    .expect("publish")
}

/// Publishes an article with the given text and tags; returns its slug.
pub async fn story_with(
    db: &Db,
    title: &str,
    lead: &str,
    body: &str,
    tags: &[&str],
    published_at: i64,
) -> String {
    let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
    publish(
        db,
        &Story {
            title,
            lead,
            body,
            category_slug: "politika",
            author_slug: None,
            breaking: false,
            published_at,
            tags: &tags,
        },
        published_at,
    )
    .await
    .expect("publish")
}

/// A draft in the first category by the first author.
pub fn draft(slug: &str) -> NewArticle<'_> {
    NewArticle {
        slug,
        title: "Черновик",
        lead: "",
        body: "",
        body_html: "",
        category_id: 1,
        author_id: 1,
        status: "draft",
        breaking: false,
        published_at: None,
        created_at: NOW - 10,
        image_id: None,
        image_alt: "",
        created_by: None,
        tags: &[],
    }
}

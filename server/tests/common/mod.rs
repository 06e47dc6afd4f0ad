//! Shared set-up for integration tests: a fresh, migrated database per
//! test, removed afterwards.
//!
//! SQLite by default (a file in a temporary directory). With
//! `QALAM_TEST_POSTGRES_URL` set (e.g. `postgres://postgres@127.0.0.1/test`,
//! a database the tests may connect to and create databases from), every
//! test gets its own new PostgreSQL database instead: `scripts/test` runs
//! the whole suite both ways.

#![allow(dead_code)]

pub mod node;
pub mod web;

use app::db::articles::NewArticle;
use app::db::{authors, categories, Db, DbOptions};
use app::domain::lang::Lang;
use app::server::articles::store::{publish, Story};
use std::sync::atomic::{AtomicU32, Ordering};

pub struct TestDb {
    pub db: Db,
    pub url: String,
    /// The PostgreSQL database to drop at the end, with the admin URL.
    postgres: Option<(String, String)>,
    _dir: tempfile::TempDir,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((admin_url, name)) = self.postgres.take() else {
            return;
        };
        // Drop runs outside async: a short-lived runtime on its own thread.
        let statement = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
            runtime.block_on(async {
                let admin = admin(&admin_url).await;
                sqlx::query(&statement)
                    .execute(admin.pool())
                    .await
                    .map(|_| ())
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("could not drop the test database {name}");
        }
    }
}

/// The PostgreSQL server tests run against, if any.
pub fn postgres_url() -> Option<String> {
    std::env::var("QALAM_TEST_POSTGRES_URL")
        .ok()
        .filter(|url| !url.is_empty())
}

async fn admin(url: &str) -> Db {
    let options = DbOptions {
        max_connections: 1,
        ..DbOptions::default()
    };
    Db::connect(url, &options)
        .await
        .expect("connect to PostgreSQL")
}

/// A new, empty (unmigrated) database of the engine under test.
pub async fn empty_db() -> TestDb {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (url, postgres) = match postgres_url() {
        None => (
            format!("sqlite:{}", dir.path().join("qalam.db").display()),
            None,
        ),
        Some(admin_url) => {
            static COUNTER: AtomicU32 = AtomicU32::new(0);
            let name = format!(
                "qalam_test_{}_{}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed)
            );
            let admin = admin(&admin_url).await;
            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(admin.pool())
                .await
                .expect("drop a leftover test database");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(admin.pool())
                .await
                .expect("create a test database");
            admin.close().await;
            let (base, _) = admin_url
                .rsplit_once('/')
                .expect("a PostgreSQL URL with a database name");
            (format!("{base}/{name}"), Some((admin_url, name)))
        }
    };
    let db = Db::connect(&url, &DbOptions::default())
        .await
        .expect("connect");
    TestDb {
        db,
        url,
        postgres,
        _dir: dir,
    }
}

pub async fn fresh_db() -> TestDb {
    let t = empty_db().await;
    t.db.migrate()
        .await
        .expect("migrations apply to an empty database");
    t
}

/// The password of every [`account`].
pub const PASSWORD: &str = "пароль-для-тестов";

/// A staff account `login` ("Сотрудник {login}") with `role`, signed in.
pub async fn account(
    db: &Db,
    login: &str,
    role: app::domain::accounts::Role,
) -> app::server::accounts::User {
    app::server::staff::create_user(
        db,
        &app::server::staff::NewUser {
            login: login.into(),
            name: format!("Сотрудник {login}"),
            role: role.as_str().into(),
            password: PASSWORD.into(),
        },
        NOW,
    )
    .await
    .expect("account");
    let (user, _token) =
        app::server::accounts::sessions::sign_in(db, login, PASSWORD, "10.0.0.1", NOW)
            .await
            .expect("sign in");
    user
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
    story_in(db, Lang::Ru, title, category, published_at).await
}

/// Publishes an article in `lang`'s edition at `published_at`; returns
/// its slug.
pub async fn story_in(
    db: &Db,
    lang: Lang,
    title: &str,
    category: &str,
    published_at: i64,
) -> String {
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
            lang,
            ..Story::default()
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
            ..Story::default()
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
        content: app::db::articles::Content {
            title: "Черновик",
            lead: "",
            body: "",
            category_id: 1,
            status: app::domain::articles::Status::Draft,
            breaking: false,
            breaking_hours: 2,
            published_at: None,
            image_id: None,
            image_alt: "",
            image_caption: "",
            image_credit: "",
            credit_line: "",
            seo_title: "",
            seo_description: "",
            tags: &[],
            coauthor_ids: &[],
            telegram: Default::default(),
        },
        body_html: "",
        author_id: 1,
        created_at: NOW - 10,
        updated_at: NOW - 10,
        created_by: None,
        imported: None,
        lang: app::domain::lang::Lang::Ru,
        translation_of: None,
        quiet: false,
    }
}

/// A published article's form: `title` in «Политика», with a lead and a
/// one-paragraph body.
pub fn published(title: &str) -> app::domain::articles::ArticleForm {
    app::domain::articles::ArticleForm {
        title: title.into(),
        category: "politika".into(),
        lead: "Лид статьи.".into(),
        body: "Первый абзац.".into(),
        status: app::domain::articles::Status::Published.as_str().into(),
        ..Default::default()
    }
}

/// The save of a save outcome, or a panic naming what came instead.
pub fn saved(outcome: app::domain::articles::SaveOutcome) -> app::domain::articles::Saved {
    match outcome {
        app::domain::articles::SaveOutcome::Saved(saved) => saved,
        other => panic!("expected a save, got {other:?}"),
    }
}

//! The data layer against a real, fresh SQLite database per test.
// Past 500 lines: the data layer's tests, one set-up for all.

mod common;

use app::db::articles::{self, NewArticle, Scope, Slice};
use app::db::categories;
use app::domain::lang::Lang;
use app::server::articles::store::{free_slug, publish, Story};
use common::{draft, fresh_db, seed, story, NOW};

#[tokio::test]
async fn lists_are_newest_first_and_only_show_published_articles() {
    let t = fresh_db().await;
    seed(&t.db).await;
    story(&t.db, "Старая новость", "politika", NOW - 300).await;
    story(&t.db, "Свежая новость", "sport", NOW - 60).await;
    story(&t.db, "Запланированная на будущее", "sport", NOW + 3600).await;
    articles::insert(
        &t.db,
        &NewArticle {
            content: articles::Content {
                published_at: Some(NOW - 10),
                ..draft("chernovik").content
            },
            ..draft("chernovik")
        },
    )
    .await
    .unwrap();

    let titles: Vec<String> = articles::latest(&t.db, app::domain::lang::Lang::Ru, NOW, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.title)
        .collect();
    assert_eq!(titles, ["Свежая новость", "Старая новость"]);
    let limited = articles::latest(&t.db, app::domain::lang::Lang::Ru, NOW, 1)
        .await
        .unwrap();
    assert_eq!(limited.len(), 1);
}

#[tokio::test]
async fn category_pages_walk_forward_and_back_without_gaps() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let politika = categories::list(&t.db).await.unwrap()[0].id;
    // 45 articles, several sharing a timestamp (the id breaks the tie).
    for i in 0..45 {
        story(
            &t.db,
            &format!("Политика {i}"),
            "politika",
            NOW - 1000 + (i / 3) * 10,
        )
        .await;
    }
    story(&t.db, "Спорт", "sport", NOW - 5).await;
    let page = |slice| {
        articles::in_scope(
            &t.db,
            Scope::Category(politika, app::domain::lang::Lang::Ru),
            NOW,
            slice,
            20,
        )
    };

    let first = page(Slice::First).await.unwrap();
    assert_eq!(first.len(), 20);
    assert!(
        first.windows(2).all(|w| key(&w[0]) > key(&w[1])),
        "newest first"
    );
    let second = page(Slice::OlderThan(first[19].cursor())).await.unwrap();
    let third = page(Slice::OlderThan(second[19].cursor())).await.unwrap();
    assert_eq!((second.len(), third.len()), (20, 5));

    // Every article exactly once, in order.
    let mut all: Vec<i64> = first
        .iter()
        .chain(&second)
        .chain(&third)
        .map(|r| r.id)
        .collect();
    assert_eq!(all.len(), 45);
    all.dedup();
    assert_eq!(all.len(), 45);

    // Back from page 3 gives page 2 again; a typed page number gives the same.
    assert_eq!(
        page(Slice::NewerThan(third[0].cursor())).await.unwrap(),
        second
    );
    assert_eq!(page(Slice::Skip(20)).await.unwrap(), second);
    assert_eq!(page(Slice::Skip(40)).await.unwrap(), third);
    assert!(page(Slice::Skip(45)).await.unwrap().is_empty());
    assert!(page(Slice::OlderThan(third[4].cursor()))
        .await
        .unwrap()
        .is_empty());
}

/// An older page is bounded by its cursor alone (so that SQLite seeks to
/// it); a cursor typed with a time after now must still show nothing that
/// is not out yet, in a category, a tag or an author's list.
#[tokio::test]
async fn a_cursor_from_the_future_does_not_reach_scheduled_articles() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let text = ("Лид.", "Текст.");
    common::story_with(&t.db, "Вышла", text.0, text.1, &["Выборы"], NOW - 60).await;
    common::story_with(
        &t.db,
        "Выйдет завтра",
        text.0,
        text.1,
        &["Выборы"],
        NOW + 86_400,
    )
    .await;
    let politika = categories::list(&t.db).await.unwrap()[0].id;
    let tag = app::db::tags::for_article(&t.db, first_id(&t).await)
        .await
        .unwrap()[0]
        .id;
    let author = app::db::authors::list(&t.db).await.unwrap()[0].id;
    let future = app::db::Cursor {
        published_at: NOW + 2 * 86_400,
        id: 1,
    };
    for scope in [
        Scope::Category(politika, app::domain::lang::Lang::Ru),
        Scope::Tag(tag, app::domain::lang::Lang::Ru),
        Scope::Author(author, app::domain::lang::Lang::Ru),
    ] {
        for slice in [Slice::First, Slice::OlderThan(future), Slice::Skip(0)] {
            let titles: Vec<String> = articles::in_scope(&t.db, scope, NOW, slice, 20)
                .await
                .unwrap()
                .into_iter()
                .map(|r| r.title)
                .collect();
            assert_eq!(titles, ["Вышла"], "{scope:?}, {slice:?}");
        }
    }
}

/// The id of the newest visible article.
async fn first_id(t: &common::TestDb) -> i64 {
    articles::latest(&t.db, app::domain::lang::Lang::Ru, NOW, 1)
        .await
        .unwrap()[0]
        .id
}

fn key(row: &articles::SummaryRow) -> (i64, i64) {
    (row.published_at, row.id)
}

#[tokio::test]
async fn an_empty_category_has_an_empty_first_page() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let sport = categories::list(&t.db).await.unwrap()[1].id;
    let rows = articles::in_scope(
        &t.db,
        Scope::Category(sport, app::domain::lang::Lang::Ru),
        NOW,
        Slice::First,
        20,
    )
    .await
    .unwrap();
    assert!(rows.is_empty());
}

#[tokio::test]
async fn slugs_are_unique_and_clashes_get_a_number() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let first = story(&t.db, "Қазақстан: жаңа заң", "politika", NOW - 60).await;
    let second = story(&t.db, "Қазақстан: жаңа заң", "politika", NOW - 30).await;
    assert_eq!(first, "qazaqstan-zhana-zan");
    assert_eq!(second, "qazaqstan-zhana-zan-2");
    assert_eq!(
        free_slug(&t.db, Lang::Ru, "Қазақстан: жаңа заң", None)
            .await
            .unwrap(),
        "qazaqstan-zhana-zan-3"
    );
    assert_eq!(
        free_slug(&t.db, Lang::Ru, "🙂", None).await.unwrap(),
        "material"
    );
    // The database itself refuses a duplicate, whatever the caller does.
    let duplicate = articles::insert(&t.db, &draft(&first)).await;
    let error = duplicate.expect_err("a duplicate slug is refused");
    let db_error = error.as_database_error().expect("a database error");
    assert!(db_error.is_unique_violation(), "{db_error}");
}

#[tokio::test]
async fn articles_by_slug_only_when_published() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let slug = story(&t.db, "Видимая статья", "politika", NOW - 60).await;
    let future = story(&t.db, "Будущая статья", "politika", NOW + 60).await;
    let row = articles::published_by_slug(&t.db, app::domain::lang::Lang::Ru, &slug, NOW)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.title, "Видимая статья");
    assert_eq!(row.author_name, "Әлия Сейітова");
    assert!(row.body_html.contains("<blockquote>"));
    assert!(
        articles::published_by_slug(&t.db, app::domain::lang::Lang::Ru, &future, NOW)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        articles::published_by_slug(&t.db, app::domain::lang::Lang::Ru, "net-takoy", NOW)
            .await
            .unwrap()
            .is_none()
    );
    assert!(articles::published_by_slug(
        &t.db,
        app::domain::lang::Lang::Ru,
        "'; DROP TABLE articles; --",
        NOW
    )
    .await
    .unwrap()
    .is_none());
    assert_eq!(articles::count(&t.db).await.unwrap(), 2);
}

#[tokio::test]
async fn the_lead_is_recent_breaking_news_or_else_the_newest() {
    let t = fresh_db().await;
    seed(&t.db).await;
    story(&t.db, "Обычная", "politika", NOW - 60).await;
    let lead = articles::lead(&t.db, app::domain::lang::Lang::Ru, NOW, 86_400)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(lead.title, "Обычная");
    let breaking = Story {
        title: "Срочная",
        lead: "",
        body: "",
        category_slug: "sport",
        author_slug: None,
        breaking: true,
        published_at: NOW - 3600,
        ..Story::default()
    };
    publish(&t.db, &breaking, NOW).await.unwrap();
    let lead = articles::lead(&t.db, app::domain::lang::Lang::Ru, NOW, 86_400)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(lead.title, "Срочная");
    // A day later the breaking story is no longer the lead.
    let later = articles::lead(&t.db, app::domain::lang::Lang::Ru, NOW + 2 * 86_400, 86_400)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(later.title, "Обычная");
}

#[tokio::test]
async fn publishing_into_an_unknown_category_is_refused() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let story = Story {
        title: "Заголовок",
        lead: "",
        body: "",
        category_slug: "net-takoy",
        author_slug: None,
        breaking: false,
        published_at: NOW,
        ..Story::default()
    };
    let error = publish(&t.db, &story, NOW).await.unwrap_err();
    assert!(error.to_string().contains("net-takoy"));
}

#[tokio::test]
async fn demo_content_fills_an_empty_database_and_refuses_a_second_time() {
    let t = fresh_db().await;
    let loaded = server::commands::demo::load_demo(&t.db, NOW).await.unwrap();
    assert!(loaded >= 60);
    assert_eq!(articles::count(&t.db).await.unwrap(), loaded as i64);
    assert_eq!(categories::list(&t.db).await.unwrap().len(), 6);
    let newest = articles::latest(&t.db, app::domain::lang::Lang::Ru, NOW, 3)
        .await
        .unwrap();
    assert!(
        newest.iter().all(|r| NOW - r.published_at < 3600),
        "a few in the last hour"
    );
    let again = server::commands::demo::load_demo(&t.db, NOW)
        .await
        .unwrap_err();
    assert!(again.to_string().contains("empty database"), "{again}");
}

#[tokio::test]
async fn generated_benchmark_data_is_bulk_inserted() {
    let t = fresh_db().await;
    server::commands::generate::generate(&t.db, 1234, NOW)
        .await
        .unwrap();
    assert_eq!(articles::count(&t.db).await.unwrap(), 1234);
    let newest = articles::latest(&t.db, app::domain::lang::Lang::Ru, NOW, 5)
        .await
        .unwrap();
    assert_eq!(newest[0].slug, "material-0");
    // Two tags each, and searchable.
    let tagged: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM article_tags")
        .fetch_one(t.db.pool())
        .await
        .unwrap();
    assert_eq!(tagged, 2 * 1234);
    let query = app::server::words::Query::parse("выборах");
    let found = app::db::search::find(
        &t.db,
        app::domain::lang::Lang::Ru,
        &query,
        NOW,
        app::db::search::Order::Newest,
        None,
        5,
    )
    .await
    .unwrap();
    assert_eq!(found.len(), 5);
    // The ids were chosen by the generator: the next article still gets
    // a fresh one (PostgreSQL's sequence was moved past them).
    story(
        &t.db,
        "Первый материал после генерации",
        "politika",
        NOW + 1,
    )
    .await;
    assert_eq!(articles::count(&t.db).await.unwrap(), 1235);
}

#[tokio::test]
async fn a_migration_that_cannot_apply_is_an_error_not_a_half_started_server() {
    let t = common::empty_db().await;
    let db = &t.db;
    // A table the first migration wants to create, made by someone else.
    sqlx::query("CREATE TABLE articles (id INTEGER PRIMARY KEY)")
        .execute(db.pool())
        .await
        .unwrap();
    let error = db.migrate().await.expect_err("the migration must fail");
    assert!(error.to_string().contains("migration failed"), "{error}");
}

#[tokio::test]
async fn a_sqlite_snapshot_is_a_complete_database_and_never_overwrites() {
    let t = fresh_db().await;
    seed(&t.db).await;
    story(&t.db, "Первый материал", "politika", NOW).await;
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("backups").join("qalam.db");
    let made = app::db::snapshot(&t.db, &copy).await;
    if t.db.engine() == app::db::Engine::Postgres {
        let error = made.expect_err("PostgreSQL is backed up with pg_dump");
        assert!(error.to_string().contains("pg_dump"), "{error}");
        return;
    }
    made.expect("a snapshot");
    // Written while the original stays open and in use.
    story(&t.db, "Второй материал", "politika", NOW + 1).await;
    let restored = app::db::Db::connect(
        &format!("sqlite:{}", copy.display()),
        &app::db::DbOptions::default(),
    )
    .await
    .unwrap();
    restored
        .migrate()
        .await
        .expect("the copy is fully migrated");
    assert_eq!(articles::count(&restored).await.unwrap(), 1);
    let again = app::db::snapshot(&t.db, &copy).await.expect_err("exists");
    assert!(again.to_string().contains("already exists"), "{again}");
}

#[tokio::test]
async fn a_backup_is_verified_and_old_ones_rotated_never_the_live_database() {
    let t = fresh_db().await;
    if t.db.engine() == app::db::Engine::Postgres {
        return; // pg_dump's job
    }
    seed(&t.db).await;
    story(&t.db, "Первый материал", "politika", NOW).await;
    let dir = tempfile::tempdir().unwrap();
    let at = |name: &str| dir.path().join(name);

    // A good snapshot: integrity ok, what it holds counted.
    app::db::snapshot(&t.db, &at("qalam-2026-11-01.db"))
        .await
        .unwrap();
    let report = app::db::backup::verify_snapshot(&at("qalam-2026-11-01.db"))
        .await
        .expect("verified");
    assert_eq!((report.articles, report.published), (1, 1));
    assert!(report.schema_version >= 5, "{report:?}");

    // What is no use says why.
    std::fs::write(at("notes.db"), "не база данных").unwrap();
    let not_sqlite = app::db::backup::verify_snapshot(&at("notes.db"))
        .await
        .unwrap_err();
    assert!(
        not_sqlite.to_string().contains("not a SQLite database"),
        "{not_sqlite}"
    );
    let missing = app::db::backup::verify_snapshot(&at("nothing.db"))
        .await
        .unwrap_err();
    assert!(missing.to_string().contains("no such file"), "{missing}");
    // A snapshot cut short (a copy that did not finish) is damaged.
    let whole = std::fs::read(at("qalam-2026-11-01.db")).unwrap();
    std::fs::write(at("cut.db"), &whole[..whole.len() / 2]).unwrap();
    assert!(app::db::backup::verify_snapshot(&at("cut.db"))
        .await
        .is_err());
    // Pages overwritten in the middle: the integrity check finds them.
    let mut scribbled = whole.clone();
    for byte in &mut scribbled[4096..whole.len().min(4096 * 3)] {
        *byte = 0x5a;
    }
    std::fs::write(at("scribbled.db"), &scribbled).unwrap();
    let damaged = app::db::backup::verify_snapshot(&at("scribbled.db"))
        .await
        .unwrap_err();
    assert!(!damaged.to_string().is_empty());

    // Rotation: four more, keeping three. Unrelated files, and a "live"
    // database with the same look, stay.
    std::fs::copy(at("qalam-2026-11-01.db"), at("qalam-live.db")).unwrap();
    let mut newest = at("qalam-2026-11-01.db");
    for day in 2..=5 {
        std::thread::sleep(std::time::Duration::from_millis(20));
        newest = at(&format!("qalam-2026-11-0{day}.db"));
        app::db::snapshot(&t.db, &newest).await.unwrap();
    }
    let deleted =
        app::db::backup::rotate_snapshots(&newest, 3, Some(&at("qalam-live.db"))).unwrap();
    let mut deleted: Vec<String> = deleted
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    deleted.sort();
    assert_eq!(deleted, ["qalam-2026-11-01.db", "qalam-2026-11-02.db"]);
    for kept in [
        "qalam-2026-11-03.db",
        "qalam-2026-11-04.db",
        "qalam-2026-11-05.db",
        "qalam-live.db",
        "notes.db",
    ] {
        assert!(at(kept).exists(), "{kept} kept");
    }
}

#[tokio::test]
async fn only_real_changes_move_the_content_version() {
    let t = fresh_db().await;
    seed(&t.db).await;
    story(&t.db, "Первый материал", "politika", NOW).await;
    let before = app::db::content_version(&t.db).await.unwrap();
    // The scheduler's tick on every node, every second, with nothing due:
    // page caches must survive it (PostgreSQL's statement triggers fire
    // for statements that change nothing).
    for _ in 0..3 {
        assert!(app::db::editorial::publish_due(&t.db, NOW)
            .await
            .unwrap()
            .is_empty());
    }
    assert_eq!(app::db::content_version(&t.db).await.unwrap(), before);
    story(&t.db, "Второй материал", "politika", NOW + 1).await;
    assert!(app::db::content_version(&t.db).await.unwrap() > before);
}

/// Migration 0014 (addresses unique per edition) rebuilds `articles` and
/// `pages` on SQLite: a database as the release before it left it keeps
/// every article and every row that refers to one (tags, authors,
/// revisions, corrections, reads), and then takes one slug in each
/// edition. On PostgreSQL the same migration swaps an index.
#[tokio::test]
async fn addresses_per_edition_keep_every_row_of_an_older_database() {
    let t = common::empty_db().await;
    t.db.migrate_before(14).await.unwrap();
    // Rows as that release wrote them, in its schema (today's code writes
    // columns it did not have): an article with a tag, its author, a
    // revision, a correction, reads, and a static page.
    let mut conn = t.db.conn().await.unwrap();
    for statement in [
        "INSERT INTO categories (id, slug, name, position) VALUES (1, 'politika', 'Политика', 0)",
        "INSERT INTO authors (id, slug, name) VALUES (1, 'aliya-seytova', 'Әлия Сейітова')",
        "INSERT INTO articles (id, slug, title, lead, body, body_html, category_id, author_id, \
             status, published_at, created_at, updated_at) \
         VALUES (1, 'maslikhat-utverdil-byudzhet', 'Маслихат утвердил бюджет', 'Лид.', 'Текст.', \
             '<p>Текст.</p>', 1, 1, 'published', 1795000000, 1795000000, 1795000000)",
        "INSERT INTO tags (id, slug, name) VALUES (1, 'almaty', 'Алматы')",
        "INSERT INTO article_tags (article_id, tag_id, position, published_at, lang) \
         VALUES (1, 1, 0, 1795000000, 'ru')",
        "INSERT INTO article_authors (article_id, author_id, position, published_at, lang) \
         VALUES (1, 1, 0, 1795000000, 'ru')",
        "INSERT INTO article_revisions (article_id, version, slug, title, lead, body, \
             category_id, status, breaking, image_alt, saved_at) \
         VALUES (1, 1, 'maslikhat-utverdil-byudzhet', 'Маслихат', 'Лид.', 'Текст.', 1, \
             'published', 0, '', 1795000000)",
        "INSERT INTO article_corrections (article_id, version, note, created_at) \
         VALUES (1, 2, 'Исправлена дата.', 1795000000)",
        "INSERT INTO article_views (article_id, hour, views) VALUES (1, 1794999600, 7)",
        "INSERT INTO pages (slug, title, created_at, updated_at) \
         VALUES ('about', 'О редакции', 1795000000, 1795000000)",
    ] {
        sqlx::query(statement).execute(&mut *conn).await.unwrap();
    }
    drop(conn);
    let first = "maslikhat-utverdil-byudzhet".to_string();
    let counts = |db: app::db::Db| async move {
        let mut conn = db.conn().await.unwrap();
        let mut counted = Vec::new();
        for table in [
            "articles",
            "article_tags",
            "article_authors",
            "article_revisions",
            "article_corrections",
            "article_views",
            "pages",
        ] {
            let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(&mut *conn)
                .await
                .unwrap();
            counted.push((table, n));
        }
        counted
    };
    let before = counts(t.db.clone()).await;
    assert!(before.iter().all(|(_, n)| *n > 0), "{before:?}");

    t.db.migrate().await.unwrap();
    assert_eq!(counts(t.db.clone()).await, before);
    // Today's code writes beside them, in each edition.
    let kazakh =
        common::story_in(&t.db, Lang::Kk, "Маслихат утвердил бюджет", "politika", NOW).await;
    assert_eq!(kazakh, first, "one slug in each edition");
    assert!(articles::id_by_slug(&t.db, Lang::Kk, &kazakh)
        .await
        .unwrap()
        .is_some());
    // A second start finds nothing to do.
    t.db.migrate().await.unwrap();
    assert_eq!(counts(t.db.clone()).await[0].1, 2);
    // The links still name the articles: deleting one takes its rows.
    let mut conn = t.db.conn().await.unwrap();
    sqlx::query("DELETE FROM articles WHERE id = 1")
        .execute(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    let after = counts(t.db.clone()).await;
    assert_eq!(after[1], ("article_tags", 0), "{after:?}");
    assert_eq!(after[5], ("article_views", 0), "{after:?}");
}

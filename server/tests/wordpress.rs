//! The WordPress import against a real database (both engines, see
//! `common`): WordPress's own Theme Unit Test export checked against the
//! file itself, a Russian newsroom's export with its images, a second
//! run, hostile files, and the old addresses through the real router.
// Past 500 lines: the importer's tests share the fixtures' set-up.

mod common;

use app::db::{articles, categories, pages, redirects, users, Db};
use app::domain::articles::Status;
use app::domain::lang::Lang;
use app::server::wordpress::import::{import, Kind, Options, Quiet, Summary};
use axum::http::StatusCode;
use common::web::Web;
use common::{fresh_db, TestDb};

/// The tests' clock: after every post of the exports (November 2026),
/// at a fixed moment.
const NOW: i64 = 1_800_000_000;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// WordPress's own Theme Unit Test export (a copy of the one in the
/// team's shared fixtures; see `data/themeunittestdata.LICENSE`).
fn theme_unit_test() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/themeunittestdata.wordpress.xml")
}

fn newsroom_export() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../end2end/fixtures/wordpress/export.xml")
}

fn newsroom_uploads() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../end2end/fixtures/wordpress/uploads")
}

async fn run(db: &Db, file: &Path, uploads: Option<PathBuf>) -> Summary {
    let options = Options {
        uploads,
        dry_run: false,
        now: NOW,
    };
    import(db, file, &options, &Quiet)
        .await
        .unwrap_or_else(|e| panic!("import of {}: {e}", file.display()))
}

/// Every article: (title, status, published_at, category slug, body_html).
async fn all_articles(db: &Db) -> Vec<(String, Status, Option<i64>, i64, String)> {
    sqlx::query_as::<_, (String, String, Option<i64>, i64, String)>(
        "SELECT title, status, published_at, category_id, body_html FROM articles ORDER BY id",
    )
    .fetch_all(db.pool())
    .await
    .unwrap()
    .into_iter()
    .map(|(t, s, p, c, b)| (t, Status::parse(&s).unwrap(), p, c, b))
    .collect()
}

async fn count(db: &Db, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(db.pool())
        .await
        .unwrap()
}

/// What the export itself says, read with a different XML parser.
struct Expected {
    /// post status (WordPress) → how many, for posts without a password.
    posts: HashMap<String, usize>,
    protected_posts: usize,
    pages: usize,
    nav_menu_items: usize,
    attachments: usize,
    top_categories: HashMap<String, String>,
    /// post id → (title as exported, GMT date, first category nicename).
    facts: HashMap<i64, (String, String, String)>,
    comments: usize,
}

fn expected(file: &Path) -> Expected {
    let text = std::fs::read_to_string(file).unwrap();
    let document = roxmltree::Document::parse(&text).unwrap();
    let wp = |node: roxmltree::Node<'_, '_>, name: &str| {
        node.children()
            .find(|c| c.tag_name().name() == name)
            .and_then(|c| c.text())
            .unwrap_or("")
            .trim()
            .to_string()
    };
    let mut found = Expected {
        posts: HashMap::new(),
        protected_posts: 0,
        pages: 0,
        nav_menu_items: 0,
        attachments: 0,
        top_categories: HashMap::new(),
        facts: HashMap::new(),
        comments: 0,
    };
    let mut parents = HashMap::new();
    for term in document.descendants().filter(|n| {
        n.tag_name().name() == "category"
            && n.tag_name()
                .namespace()
                .is_some_and(|ns| ns.contains("wordpress.org"))
    }) {
        parents.insert(wp(term, "category_nicename"), wp(term, "category_parent"));
    }
    for slug in parents.keys() {
        let mut top = slug.clone();
        while let Some(parent) = parents.get(&top).filter(|p| !p.is_empty()) {
            top = parent.clone();
        }
        found.top_categories.insert(slug.clone(), top);
    }
    for item in document
        .descendants()
        .filter(|n| n.tag_name().name() == "item")
    {
        found.comments += item
            .children()
            .filter(|c| c.tag_name().name() == "comment")
            .count();
        let id: i64 = wp(item, "post_id").parse().unwrap();
        match wp(item, "post_type").as_str() {
            "post" => {
                if wp(item, "post_password").is_empty() {
                    *found.posts.entry(wp(item, "status")).or_default() += 1;
                } else {
                    found.protected_posts += 1;
                }
                let first_category = item
                    .children()
                    .find(|c| {
                        c.tag_name().name() == "category"
                            && c.attribute("domain") == Some("category")
                    })
                    .and_then(|c| c.attribute("nicename"))
                    .unwrap_or("")
                    .to_string();
                let title = item
                    .children()
                    .find(|c| c.tag_name().name() == "title")
                    .and_then(|c| c.text())
                    .unwrap_or("")
                    .to_string();
                found
                    .facts
                    .insert(id, (title, wp(item, "post_date_gmt"), first_category));
            }
            "page" => found.pages += 1,
            "nav_menu_item" => found.nav_menu_items += 1,
            "attachment" => found.attachments += 1,
            _ => {}
        }
    }
    found
}

fn utc(date: &str) -> i64 {
    app::text::time::parse_almaty_input(date).unwrap() + 5 * 3600
}

#[tokio::test]
async fn the_theme_unit_test_export_imports_as_the_file_says() {
    let t = fresh_db().await;
    let file = theme_unit_test();
    let expect = expected(&file);
    let summary = run(&t.db, &file, None).await;
    eprintln!("{summary}");

    // Counts and statuses, against the file.
    let posts: usize = expect.posts.values().sum::<usize>() + expect.protected_posts;
    let post_counts = summary.counts[&Kind::Post];
    assert_eq!(
        post_counts.imported,
        posts - expect.posts.get("trash").copied().unwrap_or(0)
    );
    assert_eq!(summary.counts[&Kind::Page].imported, expect.pages);
    assert_eq!(
        summary
            .skipped
            .get(&(Kind::Other, "пункт меню".to_string())),
        Some(&expect.nav_menu_items)
    );
    assert_eq!(summary.comments, expect.comments);
    assert_eq!(summary.failed, vec![], "nothing fails for want of images");
    let stored = all_articles(&t.db).await;
    assert_eq!(stored.len(), post_counts.imported);
    let with = |status: Status| stored.iter().filter(|a| a.1 == status).count();
    assert_eq!(with(Status::Published), expect.posts["publish"]);
    assert_eq!(with(Status::Scheduled), expect.posts["future"]);
    assert_eq!(
        with(Status::Draft),
        expect.posts["draft"] + expect.protected_posts,
        "drafts, and password-protected posts kept from the public"
    );
    assert_eq!(count(&t.db, "pages").await as usize, expect.pages);

    // Escaped and marked-up titles read as text.
    let titles: Vec<&str> = stored.iter().map(|a| a.0.as_str()).collect();
    let special = &expect.facts[&1174].0;
    assert!(special.contains("&*()"), "the file itself: {special}");
    assert!(
        titles.contains(&"Markup: Title With Special Characters ~`!@#$%^&*()-_=+{}[]/\\;:'\"?,.>"),
        "{titles:#?}"
    );
    assert!(titles.contains(&"Markup: Title With Markup"), "{titles:#?}");
    assert!(
        titles.contains(&"Без заголовка"),
        "the post without a title"
    );

    // Dates: GMT as exported; the scheduled post keeps its future date.
    for (id, (title, gmt, _)) in &expect.facts {
        let Some(article) = stored.iter().find(|a| &a.0 == title) else {
            continue;
        };
        if matches!(article.1, Status::Published | Status::Scheduled) {
            assert_eq!(article.2, Some(utc(gmt)), "post {id} «{title}»");
        }
    }

    // Categories: one level, children filed under their top category,
    // and only the ones posts use.
    let ours = categories::list(&t.db).await.unwrap();
    for (id, (title, _, first)) in &expect.facts {
        let (Some(article), false) = (stored.iter().find(|a| &a.0 == title), first.is_empty())
        else {
            continue;
        };
        let top = &expect.top_categories[first];
        let category = ours.iter().find(|c| c.id == article.3).unwrap();
        assert_eq!(
            category.slug,
            app::server::wordpress::rules::term_slug(top, ""),
            "post {id} «{title}» filed under {first}"
        );
    }
    assert!(ours.len() < expect.top_categories.len());

    // Shortcodes: the gallery and caption posts have no shortcodes left,
    // and nothing a reader gets can run script.
    for article in &stored {
        for forbidden in [
            "[gallery",
            "[caption",
            "<script",
            "<iframe",
            "<style",
            "javascript:",
        ] {
            assert!(
                !article.4.contains(forbidden),
                "«{}»: {forbidden}",
                article.0
            );
        }
        assert!(!article.4.contains(" onerror="), "«{}»", article.0);
    }
    let tags_post = stored
        .iter()
        .find(|a| a.0 == "Markup: HTML Tags and Formatting")
        .unwrap();
    assert!(
        tags_post.4.contains("<code>&lt;blockquote&gt;</code>"),
        "{}",
        tags_post.4
    );
    assert!(tags_post.4.contains("<blockquote>"), "{}", tags_post.4);
    // Images of the export are on the internet: each reported, none stored.
    assert_eq!(count(&t.db, "images").await, 0);
    assert!(summary
        .remarks
        .iter()
        .any(|r| r.title == "Post Format: Gallery" && r.text.contains("изображение")));
    // Every post has an address; the sticky post is counted.
    assert_eq!(summary.sticky, 1);
}

#[tokio::test]
async fn a_newsroom_export_brings_authors_categories_pages_images_and_its_old_addresses() {
    let t = fresh_db().await;
    // The newsroom already has a category that the export names too.
    categories::insert(&t.db, "politika", "Политика", 0)
        .await
        .unwrap();
    let summary = run(&t.db, &newsroom_export(), Some(newsroom_uploads())).await;
    eprintln!("{summary}");
    assert_eq!(summary.counts[&Kind::Post].imported, 6);
    assert_eq!(summary.counts[&Kind::Page].imported, 2);
    assert_eq!(summary.counts[&Kind::Image].imported, 2);
    assert_eq!(summary.comments, 2);
    assert!(summary
        .skipped
        .contains_key(&(Kind::Post, "в корзине".to_string())));

    // Accounts with no password: nobody signs in until an admin sets one.
    for login in ["b.omarov", "marat"] {
        let user = users::by_login(&t.db, login).await.unwrap().expect(login);
        assert_eq!(user.role, app::domain::accounts::Role::Author);
        let signed_in =
            app::server::accounts::sessions::sign_in(&t.db, login, "", "10.0.0.1", NOW).await;
        assert!(signed_in.is_err(), "{login} cannot sign in");
    }
    // One category per top category: Выборы is filed under the existing
    // Политика; Регионы is new.
    let names: Vec<String> = categories::list(&t.db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.slug)
        .collect();
    assert_eq!(
        names,
        ["politika", "regiony", "obshchestvo"],
        "only the categories posts use, in the order first used"
    );

    let web = Web::at(&t, NOW);
    let page = web.get("/news/vybory-v-maslikhat-naznacheny-na-mart").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let body = &page.body;
    assert!(body.contains("Выборы в маслихат назначены на март &amp; уже идёт выдвижение"));
    assert!(body.contains("<blockquote>"), "quote");
    assert!(body.contains("— Нурлан Абдиров"), "its cite");
    assert!(
        body.contains("<li>сдать декларацию о доходах;</li>"),
        "list"
    );
    assert!(
        body.contains("<figcaption>Площадь перед акиматом утром"),
        "image caption"
    );
    assert!(body.contains("<th>Область</th>"), "table");
    assert!(body.contains("data-embed=\"youtube\""), "embed");
    assert!(
        body.contains("ЦИК назначил выборы в маслихаты на 15 марта"),
        "the excerpt is the lead"
    );
    assert!(body.contains("Бауыржан Омаров"), "the byline");
    // Yoast SEO's title and description, its site name left to our pages.
    assert!(
        body.contains("<title>Выборы в маслихат 2027: как выдвинуться — Qalam</title>"),
        "the search title"
    );
    assert!(
        body.contains(
            "<meta name=\"description\" content=\"Выборы пройдут в марте. Как выдвинуть кандидата и какие документы сдать до 1 февраля.\""
        ),
        "the search description"
    );
    let classic = web.get("/news/reka-ili-vyshla-iz-beregov").await;
    // Rank Math's default title is the headline: nothing of its own.
    assert!(classic
        .body
        .contains("<title>Река Или вышла из берегов у Капшагая — Qalam</title>"));
    assert_eq!(classic.status, StatusCode::OK);
    assert!(
        classic
            .body
            .contains("<figcaption>Река Или у Капшагая утром"),
        "[caption]"
    );
    assert!(
        classic
            .body
            .contains("href=\"/news/vybory-v-maslikhat-naznacheny-na-mart\""),
        "a link to the old site's post leads to its new address"
    );
    assert!(
        !classic.body.contains("document.write"),
        "the script is gone"
    );
    assert!(
        classic.body.contains("писал &lt;script&gt; в тексте"),
        "text stays text"
    );
    assert!(
        summary
            .remarks
            .iter()
            .any(|r| r.text.contains("poteryannyy-snimok.jpg")),
        "the missing image is named"
    );
    assert!(summary.remarks.iter().any(|r| r.text.contains("<script>")));

    // Statuses and the scheduled post.
    let stored = all_articles(&t.db).await;
    let status_of = |title: &str| stored.iter().find(|a| a.0 == title).map(|a| a.1);
    assert_eq!(status_of("Черновик о бюджете"), Some(Status::Draft));
    assert_eq!(status_of("Итоги года в маслихате"), Some(Status::Scheduled));
    assert_eq!(status_of("Для своих"), Some(Status::Draft), "private");
    assert_eq!(status_of("На проверке у редактора"), Some(Status::Review));
    assert_eq!(status_of("Удалённая заметка"), None, "trash");
    // A GMT date of zeros: the local date, read in Almaty.
    let river = stored.iter().find(|a| a.0.starts_with("Река Или")).unwrap();
    assert_eq!(
        river.2,
        app::text::time::parse_almaty_input("2026-11-21 11:30:00")
    );

    // Pages: "О редакции" at its transliterated address, in the footer;
    // the page whose address the site owns moved aside.
    let about = web.get("/o-redaktsii").await;
    assert_eq!(about.status, StatusCode::OK, "{}", about.body);
    assert!(about.body.contains("Редакция работает в Алматы"));
    assert!(about.body.contains("href=\"/o-redaktsii\""), "footer link");
    assert!(pages::by_slug(&t.db, Lang::Ru, "search-2")
        .await
        .unwrap()
        .is_some());
    assert_eq!(web.get("/search-2").await.status, StatusCode::OK);

    // Old addresses, through the router.
    let image = articles::id_by_slug(&t.db, Lang::Ru, "vybory-v-maslikhat-naznacheny-na-mart")
        .await
        .unwrap()
        .unwrap();
    let featured: Option<i64> = sqlx::query_scalar("SELECT image_id FROM articles WHERE id = $1")
        .bind(image)
        .fetch_one(t.db.pool())
        .await
        .unwrap();
    let featured = featured.expect("the featured image");
    for (old, new) in [
        (
            "/2026/11/20/%d0%b2%d1%8b%d0%b1%d0%be%d1%80%d1%8b-%d0%b2-%d0%bc%d0%b0%d1%81%d0%bb%d0%b8%d1%85%d0%b0%d1%82-%d0%bd%d0%b0%d0%b7%d0%bd%d0%b0%d1%87%d0%b5%d0%bd%d1%8b-%d0%bd%d0%b0-%d0%bc%d0%b0%d1%80%d1%82/".to_string(),
            "/news/vybory-v-maslikhat-naznacheny-na-mart".to_string(),
        ),
        (
            "/2026/11/20/%D0%B2%D1%8B%D0%B1%D0%BE%D1%80%D1%8B-%D0%B2-%D0%BC%D0%B0%D1%81%D0%BB%D0%B8%D1%85%D0%B0%D1%82-%D0%BD%D0%B0%D0%B7%D0%BD%D0%B0%D1%87%D0%B5%D0%BD%D1%8B-%D0%BD%D0%B0-%D0%BC%D0%B0%D1%80%D1%82".to_string(),
            "/news/vybory-v-maslikhat-naznacheny-na-mart".to_string(),
        ),
        ("/?p=101".to_string(), "/news/vybory-v-maslikhat-naznacheny-na-mart".to_string()),
        ("/?p=102&utm_source=telegram".to_string(), "/news/reka-ili-vyshla-iz-beregov".to_string()),
        ("/2026/11/21/reka-ili-vyshla-iz-beregov/".to_string(), "/news/reka-ili-vyshla-iz-beregov".to_string()),
        ("/category/%d0%bf%d0%be%d0%bb%d0%b8%d1%82%d0%b8%d0%ba%d0%b0/%d0%b2%d1%8b%d0%b1%d0%be%d1%80%d1%8b/".to_string(), "/category/politika".to_string()),
        ("/category/regiony/".to_string(), "/category/regiony".to_string()),
        ("/category/regiony/feed/".to_string(), "/category/regiony/feed.xml".to_string()),
        ("/tag/%d0%bc%d0%b0%d1%81%d0%bb%d0%b8%d1%85%d0%b0%d1%82/".to_string(), "/tag/maslikhat".to_string()),
        ("/feed/".to_string(), "/feed.xml".to_string()),
        ("/wp-content/uploads/2026/11/akim-ploshchad.png".to_string(), format!("/media/{featured}")),
        ("/wp-content/uploads/2026/11/akim-ploshchad-300x169.png".to_string(), format!("/media/{featured}")),
        ("/%d0%be-%d1%80%d0%b5%d0%b4%d0%b0%d0%ba%d1%86%d0%b8%d0%b8/".to_string(), "/o-redaktsii".to_string()),
        ("/?page_id=401".to_string(), "/o-redaktsii".to_string()),
        ("/search/".to_string(), "/search-2".to_string()),
        ("/author/b.omarov/".to_string(), "/author/bauyrzhan-omarov".to_string()),
    ] {
        let reply = web.get(&old).await;
        assert_eq!(reply.status, StatusCode::MOVED_PERMANENTLY, "{old}: {}", reply.body);
        assert_eq!(reply.location(), new, "{old}");
    }
    // Live addresses are never redirected; unknown ones stay 404.
    assert_eq!(web.get("/search?q=x").await.status, StatusCode::OK);
    assert_eq!(
        web.get("/?p=999").await.status,
        StatusCode::OK,
        "the home page"
    );
    assert_eq!(
        web.get("/2026/11/21/no-such-post").await.status,
        StatusCode::NOT_FOUND
    );
    // Drafts leave no public redirect.
    assert_eq!(web.get("/?p=103").await.status, StatusCode::OK);
    assert!(redirects::target(&t.db, "/?p=103").await.unwrap().is_none());
}

#[tokio::test]
async fn a_second_import_changes_nothing_and_a_changed_export_updates_only_what_changed() {
    let t = fresh_db().await;
    let first = run(&t.db, &newsroom_export(), Some(newsroom_uploads())).await;
    let before = (
        count(&t.db, "articles").await,
        count(&t.db, "images").await,
        count(&t.db, "pages").await,
        count(&t.db, "users").await,
        count(&t.db, "redirects").await,
        count(&t.db, "article_revisions").await,
    );
    let again = run(&t.db, &newsroom_export(), Some(newsroom_uploads())).await;
    assert_eq!(again.counts[&Kind::Post].imported, 0);
    assert_eq!(again.counts[&Kind::Post].updated, 0);
    assert_eq!(
        again.counts[&Kind::Post].unchanged,
        first.counts[&Kind::Post].imported
    );
    assert_eq!(again.counts[&Kind::Page].unchanged, 2);
    let after = (
        count(&t.db, "articles").await,
        count(&t.db, "images").await,
        count(&t.db, "pages").await,
        count(&t.db, "users").await,
        count(&t.db, "redirects").await,
        count(&t.db, "article_revisions").await,
    );
    assert_eq!(before, after, "nothing duplicated, nothing rewritten");

    // A newer export: one post changed in WordPress.
    let dir = tempfile::tempdir().unwrap();
    let newer = dir.path().join("newer.xml");
    let text = std::fs::read_to_string(newsroom_export()).unwrap();
    let changed = text.replace(
        "Вода поднялась ночью.",
        "Вода поднялась ночью, к утру спала.",
    );
    assert_ne!(text, changed);
    std::fs::write(&newer, changed).unwrap();
    // Meanwhile an editor here changed another imported post.
    let editor = common::account(&t.db, "editor", app::domain::accounts::Role::Editor).await;
    let budget = articles::id_by_slug(&t.db, Lang::Ru, "vybory-v-maslikhat-naznacheny-na-mart")
        .await
        .unwrap()
        .unwrap();
    let row = app::db::editorial::by_id(&t.db, budget)
        .await
        .unwrap()
        .unwrap();
    let tags: Vec<String> = Vec::new();
    let edited = app::db::articles::Content {
        lead: "Лид, переписанный в редакции.",
        ..row.content(&tags, &[])
    };
    app::server::articles::store::update(
        &t.db,
        budget,
        row.version,
        &edited,
        None,
        app::server::articles::store::Edit::by(editor.id, NOW + 10),
    )
    .await
    .unwrap()
    .unwrap();
    let third = run(&t.db, &newer, Some(newsroom_uploads())).await;
    assert_eq!(third.counts[&Kind::Post].updated, 1, "{third}");
    assert_eq!(third.counts[&Kind::Post].imported, 0);
    assert_eq!(count(&t.db, "articles").await, before.0);
    let page = Web::at(&t, NOW)
        .get("/news/reka-ili-vyshla-iz-beregov")
        .await;
    assert!(page.body.contains("к утру спала"));
    // The editors' version of the other post is kept.
    let kept = app::db::editorial::by_id(&t.db, budget)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.lead, "Лид, переписанный в редакции.");
    // And a run without changes, after the edit, leaves it too.
    let fourth = run(&t.db, &newer, Some(newsroom_uploads())).await;
    assert_eq!(fourth.counts[&Kind::Post].updated, 0);
}

/// Every table an import writes, counted.
async fn snapshot(t: &TestDb) -> Vec<i64> {
    let mut counts = Vec::new();
    for table in [
        "articles",
        "categories",
        "authors",
        "users",
        "tags",
        "images",
        "pages",
        "redirects",
        "wp_imports",
    ] {
        counts.push(count(&t.db, table).await);
    }
    counts
}

#[tokio::test]
async fn hostile_and_broken_files_are_refused_and_change_nothing() {
    let t = fresh_db().await;
    run(&t.db, &newsroom_export(), None).await;
    let before = snapshot(&t).await;
    let dir = tempfile::tempdir().unwrap();
    let export = std::fs::read_to_string(newsroom_export()).unwrap();
    let laughs = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\
         <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>\n{}",
        export.split_once("?>").unwrap().1.replace("Река Или вышла из берегов у Капшагая", "&d;")
    );
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("billion laughs", laughs.into_bytes(), "DTD"),
        (
            "truncated",
            export.as_bytes()[..export.len() * 2 / 3].to_vec(),
            "обрывается",
        ),
        (
            "an HTML page",
            b"<!DOCTYPE html><html><body>Not an export</body></html>".to_vec(),
            "DTD",
        ),
        (
            "an RSS feed",
            b"<rss><channel><title>x</title><item><title>y</title></item></channel></rss>".to_vec(),
            "не экспорт",
        ),
        (
            "a JPEG",
            std::fs::read(newsroom_uploads().join("2026/11/reka-ili.png")).unwrap(),
            "не XML",
        ),
        (
            "an unknown entity",
            export
                .replace("<title>Река Или", "<title>Река&nbsp;Или")
                .into_bytes(),
            "сущность",
        ),
        ("an empty file", Vec::new(), "не экспорт"),
    ];
    for (what, bytes, says) in cases {
        let file = dir.path().join("hostile.xml");
        std::fs::write(&file, &bytes).unwrap();
        let options = Options {
            uploads: None,
            dry_run: false,
            now: NOW,
        };
        match import(&t.db, &file, &options, &Quiet).await {
            Ok(summary) => panic!("{what}: imported\n{summary}"),
            Err(error) => {
                let message = error.to_string();
                assert!(message.contains(says), "{what}: {message}");
            }
        }
        assert_eq!(
            snapshot(&t).await,
            before,
            "{what}: the database is as it was"
        );
    }
    // A dry run of a whole export writes nothing either.
    let options = Options {
        uploads: Some(newsroom_uploads()),
        dry_run: true,
        now: NOW,
    };
    let fresh = fresh_db().await;
    let empty = snapshot(&fresh).await;
    let dry = import(&fresh.db, &newsroom_export(), &options, &Quiet)
        .await
        .unwrap();
    assert_eq!(dry.counts[&Kind::Post].imported, 6, "{dry}");
    assert_eq!(snapshot(&fresh).await, empty);
}

#[tokio::test]
async fn an_export_of_100000_posts_is_read_in_flat_memory_and_a_cut_one_writes_nothing() {
    let t = fresh_db().await;
    let before = snapshot(&t).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.xml");
    let bytes = generated_export(&file, 100_000, true);
    assert!(bytes > 100 * 1024 * 1024, "{bytes} bytes");
    // The real binary, its peak memory watched from outside.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_qalam"))
        .args(["import", "wordpress"])
        .arg(&file)
        .args(["--database-url", &t.url])
        .env("QALAM_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0u64;
    let status = loop {
        if let Ok(status) = std::fs::read_to_string(&status_file) {
            if let Some(line) = status.lines().find(|l| l.starts_with("VmHWM:")) {
                let kib: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
                peak_kib = peak_kib.max(kib);
            }
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!status.success(), "a cut file is refused");
    assert!(stderr.contains("обрывается"), "{stderr}");
    eprintln!("peak memory reading {bytes} bytes: {} MB", peak_kib / 1024);
    assert!(
        peak_kib < 120 * 1024,
        "peak {} MB for a {} MB file",
        peak_kib / 1024,
        bytes / 1024 / 1024
    );
    assert_eq!(snapshot(&t).await, before, "the database is as it was");
}

/// Writes a generated export of `posts` posts (`cut`: ending in the
/// middle of one more); returns its size.
fn generated_export(file: &Path, posts: usize, cut: bool) -> u64 {
    let mut out = std::io::BufWriter::new(std::fs::File::create(file).unwrap());
    app::server::wordpress::sample::write_export(&mut out, posts, cut).unwrap();
    drop(out);
    std::fs::metadata(file).unwrap().len()
}

fn polylang_export() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../end2end/fixtures/wordpress/polylang.xml")
}

/// (slug, lang, translation group) of every article, by slug.
async fn editions(db: &Db) -> Vec<(String, String, Option<i64>)> {
    sqlx::query_as("SELECT slug, lang, translation_group FROM articles ORDER BY slug")
        .fetch_all(db.pool())
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_polylang_export_brings_both_editions_with_their_translations_and_old_addresses() {
    let t = fresh_db().await;
    let summary = run(&t.db, &polylang_export(), None).await;
    assert_eq!(summary.counts[&Kind::Post].imported, 5, "{summary}");
    assert_eq!(
        summary
            .skipped
            .get(&(Kind::Post, "язык не русский и не казахский".to_string())),
        Some(&1),
        "the English post: {summary}"
    );
    assert_eq!(summary.translations, 2, "{summary}");
    let natsbank = articles::id_by_slug(&t.db, Lang::Ru, "natsbank-sokhranil-stavku")
        .await
        .unwrap()
        .unwrap();
    let kurstar = articles::id_by_slug(&t.db, Lang::Ru, "v-turkestane-kursy")
        .await
        .unwrap()
        .unwrap();
    // Each post in its language; each group named by its Russian member,
    // also where the Kazakh one came first in the file.
    let expected = vec![
        (
            "aqtobede-elektrondyq-kezek".to_string(),
            "kk".to_string(),
            None,
        ),
        (
            "natsbank-sokhranil-stavku".to_string(),
            "ru".to_string(),
            Some(natsbank),
        ),
        (
            "turkistanda-til-kurstary".to_string(),
            "kk".to_string(),
            Some(kurstar),
        ),
        (
            "ulttyq-bank-molsherleme".to_string(),
            "kk".to_string(),
            Some(natsbank),
        ),
        (
            "v-turkestane-kursy".to_string(),
            "ru".to_string(),
            Some(kurstar),
        ),
    ];
    assert_eq!(editions(&t.db).await, expected);
    // Polylang's two categories per language are one each here, with
    // the Kazakh name and address.
    let named: Vec<(String, String, String, Option<String>)> = categories::list(&t.db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.slug, c.name, c.name_kk, c.slug_kk))
        .collect();
    assert_eq!(
        named,
        vec![
            (
                "ekonomika".into(),
                "Экономика".into(),
                "Экономика".into(),
                Some("ekonomika-kk".into())
            ),
            (
                "obshchestvo".into(),
                "Общество".into(),
                "Қоғам".into(),
                Some("qogam".into())
            ),
        ]
    );
    // Old Kazakh addresses lead to the Kazakh edition.
    let web = Web::at(&t, NOW);
    for (old, new) in [
        (
            "/kk/2026/11/20/ulttyq-bank-molsherleme/",
            "/kk/news/ulttyq-bank-molsherleme",
        ),
        (
            "/2026/11/20/natsbank-sokhranil-stavku/",
            "/news/natsbank-sokhranil-stavku",
        ),
        ("/?p=102", "/kk/news/ulttyq-bank-molsherleme"),
        ("/kk/category/qogam/", "/kk/category/qogam"),
        ("/kk/category/qogam/feed/", "/kk/category/qogam/feed.xml"),
        ("/category/obshchestvo/", "/category/obshchestvo"),
    ] {
        let reply = web.get(old).await;
        assert_eq!(
            reply.status,
            StatusCode::MOVED_PERMANENTLY,
            "{old}: {}",
            reply.body
        );
        assert_eq!(reply.location(), new, "{old}");
    }
    assert_eq!(
        web.get("/?p=105").await.status,
        StatusCode::OK,
        "the English post: the home page"
    );
    let kazakh = web.get("/kk/news/ulttyq-bank-molsherleme").await;
    assert_eq!(kazakh.status, StatusCode::OK);
    assert!(kazakh.body.contains(r#"lang="kk""#));
    assert!(
        kazakh
            .body
            .contains(r#"href="http://qalam.test/news/natsbank-sokhranil-stavku" hreflang="ru""#),
        "{}",
        kazakh.body
    );
    let list = web.get("/kk/category/qogam").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("Ақтөбеде электрондық кезек енгізілді"));
    assert!(!list.body.contains("В Туркестане"));
    // A second run changes nothing.
    let again = run(&t.db, &polylang_export(), None).await;
    assert_eq!(again.counts[&Kind::Post].imported, 0, "{again}");
    assert_eq!(editions(&t.db).await, expected);
    assert_eq!(categories::list(&t.db).await.unwrap().len(), 2);
}

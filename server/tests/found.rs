//! Found and shared, against a real database through the HTTP router:
//! search (word forms, ranking, odd queries), feeds, sitemaps, robots.txt,
//! author and tag pages, related articles and the article's JSON-LD.

mod common;

use app::db::{articles, Db};
use app::domain::accounts::Role;
use app::domain::articles::{ArticleForm, SaveOutcome, Status};
use app::domain::reader::SearchData;
use app::server::articles::status::Action;
use app::server::staff::{create_user, NewUser};
use axum::http::StatusCode;
use common::web::{encode, no_cache, state, Reply, Web};
use common::{draft, fresh_db, seed, story_with, TestDb};

async fn get(t: &TestDb, uri: &str) -> Reply {
    Web::with(state(t, "https://qalam.example", no_cache()))
        .get(uri)
        .await
}

/// The search server function's answer for `q`.
async fn search(t: &TestDb, q: &str) -> SearchData {
    search_with(t, q, "").await
}

/// The search server function's answer for `q` with more parameters
/// (`&order=relevance`, `&after=…`, `&lang=kk`).
async fn search_with(t: &TestDb, q: &str, more: &str) -> SearchData {
    let reply = get(t, &format!("/api/search?q={}{more}", encode(q))).await;
    assert_eq!(reply.status, StatusCode::OK, "{q}: {}", reply.body);
    serde_json::from_str(&reply.body).expect("search JSON")
}

fn titles(page: &SearchData) -> Vec<String> {
    page.hits
        .iter()
        .map(|hit| hit.title.iter().map(|p| p.text.as_str()).collect())
        .collect()
}

fn now() -> i64 {
    app::server::site::Clock::System.now()
}

/// An election story in the title, one in the body, one unrelated, and an
/// unpublished draft about elections.
async fn newsroom() -> TestDb {
    let t = fresh_db().await;
    seed(&t.db).await;
    let now = now();
    story_with(
        &t.db,
        "Выборы в маслихат назначены на март",
        "Центризбирком утвердил график.",
        "Кандидаты начнут регистрацию в январе.",
        &["выборы", "маслихат"],
        now - 7200,
    )
    .await;
    story_with(
        &t.db,
        "Акимат подвёл итоги года",
        "Итоги работы городских служб.",
        "Аким напомнил о прошлых выборах и рассказал о дорогах.",
        &["Алматы"],
        now - 3600,
    )
    .await;
    story_with(
        &t.db,
        "Снегопад в Өскемене",
        "Дороги расчищают.",
        "Спасатели работают круглосуточно.",
        &["погода"],
        now - 60,
    )
    .await;
    articles::insert(
        &t.db,
        &articles::NewArticle {
            content: articles::Content {
                title: "Черновик о выборов",
                body: "Выборов не будет.",
                ..draft("chernovik").content
            },
            created_at: now - 10,
            ..draft("chernovik")
        },
    )
    .await
    .unwrap();
    t
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_finds_every_word_form_newest_first_or_the_title_first() {
    let t = newsroom().await;
    for query in ["выборы", "выборах", "ВЫБОРОВ", "выбор"] {
        let page = search(&t, query).await;
        // Newest published first: the body match is the newer.
        assert_eq!(
            titles(&page),
            [
                "Акимат подвёл итоги года",
                "Выборы в маслихат назначены на март",
            ],
            "{query}"
        );
        assert_eq!(page.next, None);
        // «По релевантности»: the headline match first.
        let ranked = search_with(&t, query, "&order=relevance").await;
        assert_eq!(
            titles(&ranked),
            [
                "Выборы в маслихат назначены на март",
                "Акимат подвёл итоги года"
            ],
            "{query}"
        );
    }
    // Every form in the title and the quoted passage is marked.
    let page = search(&t, "выборы").await;
    let marked: Vec<&str> = page.hits[0]
        .fragment
        .iter()
        .filter(|p| p.marked)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(marked, ["выборах"]);
    // All words must occur; a quoted phrase must occur as typed.
    assert_eq!(titles(&search(&t, "выборы март").await).len(), 1);
    assert_eq!(titles(&search(&t, "\"итоги года\"").await).len(), 1);
    assert_eq!(titles(&search(&t, "\"года итоги\"").await).len(), 0);
    // Kazakh letters, typed or not, and "ё" read as "е".
    for query in ["өскемене", "Оскемене", "Өскемен"] {
        assert_eq!(
            titles(&search(&t, query).await),
            ["Снегопад в Өскемене"],
            "{query}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn odd_queries_get_a_sensible_page_never_an_error() {
    let t = newsroom().await;
    let long = "выборы ".repeat(500);
    let odd = [
        "",
        "   ",
        "?!…—;:",
        "\"выборы",
        "выборы\"\"\"",
        "«выборы",
        "'; DROP TABLE articles; --",
        "выборы OR 1=1",
        "NEAR(выборы маслихат) title:* ^выборы",
        "\u{0}\u{1b}",
        long.as_str(),
    ];
    for query in odd {
        let reply = get(&t, &format!("/search?q={}", encode(query))).await;
        assert_eq!(reply.status, StatusCode::OK, "{query:?}");
        assert!(reply.header("content-type").starts_with("text/html"));
        assert!(reply.body.contains("<h1>Поиск</h1>"), "{query:?}");
        assert!(
            reply.body.contains("noindex"),
            "search pages are not indexed"
        );
    }
    let long = get(&t, &format!("/search?q={}", encode(&long))).await;
    assert!(long.body.contains("Запрос слишком длинный"));
    // The articles are still there.
    assert_eq!(articles::count(&t.db).await.unwrap(), 4);
    let nothing = get(
        &t,
        "/search?q=%D0%BA%D0%B0%D1%80%D1%82%D0%BE%D1%88%D0%BA%D0%B0",
    )
    .await;
    assert!(nothing.body.contains("ничего не найдено"));
    // Cursors and orders that cannot exist are a 404, not an error.
    for uri in [
        "/search?q=x&after=abc",
        "/search?q=выборы&after=-5",
        "/search?q=выборы&after=1.5",
        "/search?q=выборы&after=99999999999999999999999",
        "/search?q=выборы&order=relevance&after=5",
        "/search?q=выборы&order=relevance&after=7.5",
        "/search?q=выборы&order=oldest",
        "/search?after=2",
    ] {
        let uri = uri.replace("выборы", &encode("выборы"));
        assert_eq!(get(&t, &uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn show_more_pages_through_a_hundred_results_while_news_is_published() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let now = now();
    // Ids and publication times in opposite orders: a story imported or
    // scheduled later may be older news.
    for i in 0..100 {
        story_with(
            &t.db,
            &format!("Тарифы на тепло, выпуск {i}"),
            "Лид.",
            "Текст.",
            &[],
            now - 100_000 - i * 60,
        )
        .await;
    }
    let mut seen: Vec<String> = Vec::new();
    let mut after: Option<String> = None;
    for page in 0.. {
        let more = after
            .as_ref()
            .map_or(String::new(), |a| format!("&after={}", encode(a)));
        let data = search_with(&t, "тарифы", &more).await;
        assert_eq!(data.continued, page > 0);
        seen.extend(titles(&data));
        // News keeps coming while the reader pages: it goes above the
        // first page, never into the pages still to come.
        story_with(
            &t.db,
            &format!("Тарифы: новость во время чтения {page}"),
            "Лид.",
            "Текст.",
            &[],
            now - 10 + page,
        )
        .await;
        match data.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    // The first written is the newest news: publication time decides,
    // not the id.
    let expected: Vec<String> = (0..100)
        .map(|i| format!("Тарифы на тепло, выпуск {i}"))
        .collect();
    assert_eq!(seen, expected, "newest published first, no gaps or repeats");
    let html = get(&t, &format!("/search?q={}", encode("тарифы"))).await;
    assert!(
        html.body.contains("Найдено больше 20 материалов"),
        "{}",
        html.body
    );
    assert!(html.body.contains("Показать ещё"));
    assert!(html.body.contains("&amp;after="));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn relevance_pages_through_its_tiers_without_repeats() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let now = now();
    for i in 0..25 {
        // Headline, lead, body: by turns, each newer than the last.
        let (title, lead, body) = match i % 3 {
            0 => (
                format!("Бюджет района {i}"),
                "Лид.".to_string(),
                "Текст.".to_string(),
            ),
            1 => (
                format!("Новость {i}"),
                "Сессия обсудила бюджет.".to_string(),
                "Текст.".to_string(),
            ),
            _ => (
                format!("Сообщение {i}"),
                "Лид.".to_string(),
                "Речь о бюджете.".to_string(),
            ),
        };
        story_with(&t.db, &title, &lead, &body, &[], now - 10_000 + i).await;
    }
    let mut seen = Vec::new();
    let mut after = String::new();
    loop {
        let data = search_with(&t, "бюджет", &format!("&order=relevance{after}")).await;
        seen.extend(titles(&data));
        match data.next {
            Some(next) => after = format!("&after={}", encode(&next)),
            None => break,
        }
    }
    let tier = |rest: i64| -> Vec<String> {
        (0..25)
            .rev()
            .filter(|i| i % 3 == rest)
            .map(|i| match rest {
                0 => format!("Бюджет района {i}"),
                1 => format!("Новость {i}"),
                _ => format!("Сообщение {i}"),
            })
            .collect()
    };
    let expected: Vec<String> = [tier(0), tier(1), tier(2)].concat();
    assert_eq!(seen, expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kazakh_word_forms_are_found_in_the_kazakh_edition() {
    use app::domain::lang::Lang;
    let t = fresh_db().await;
    seed(&t.db).await;
    let now = now();
    let publish = |title: &'static str, body: &'static str, lang: Lang, at: i64| {
        let db = t.db.clone();
        async move {
            let tags: Vec<String> = Vec::new();
            app::server::articles::store::publish(
                &db,
                &app::server::articles::store::Story {
                    title,
                    lead: "",
                    body,
                    category_slug: "politika",
                    published_at: at,
                    lang,
                    tags: &tags,
                    ..Default::default()
                },
                at,
            )
            .await
            .expect("publish")
        }
    };
    publish(
        "Қарағандыда жаңа мектептер ашылды",
        "Мектептердің саны өсті.",
        Lang::Kk,
        now - 300,
    )
    .await;
    publish(
        "Алматыдағы сайлауда белсенділік жоғары болды",
        "Сайлаушылар ертемен келді.",
        Lang::Kk,
        now - 200,
    )
    .await;
    publish(
        "Алма бағында жаңа сорттар",
        "Бағбандар жұмыс істейді.",
        Lang::Kk,
        now - 100,
    )
    .await;
    publish(
        "В Караганде открыли школы",
        "Школы приняли учеников.",
        Lang::Ru,
        now - 50,
    )
    .await;
    let kk = |q: &'static str| {
        let t = &t;
        async move { titles(&search_with(t, q, "&lang=kk").await) }
    };
    for q in ["мектеп", "мектептер", "мектептерде", "Мектептеріміз"]
    {
        assert_eq!(kk(q).await, ["Қарағандыда жаңа мектептер ашылды"], "{q}");
    }
    // Kazakh letters typed as their Russian look-alikes, names as written.
    for q in ["Қарағанды", "Караганды", "карагандыда"] {
        assert_eq!(kk(q).await, ["Қарағандыда жаңа мектептер ашылды"], "{q}");
    }
    for q in ["Алматы", "алматыда", "сайлау", "сайлаудың"] {
        assert_eq!(
            kk(q).await,
            ["Алматыдағы сайлауда белсенділік жоғары болды"],
            "{q}"
        );
    }
    // "алма" (an apple) is not "Алматы".
    assert_eq!(kk("алма").await, ["Алма бағында жаңа сорттар"]);
    // Each edition searches its own articles.
    assert_eq!(
        titles(&search(&t, "школы").await),
        ["В Караганде открыли школы"]
    );
    assert!(kk("школы").await.is_empty());
    // The page links to the other edition's results.
    let html = get(&t, &format!("/kk/search?q={}", encode("мектеп"))).await;
    assert!(
        html.body
            .contains(&format!("/search?q={}", encode("мектеп"))),
        "{}",
        html.body
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_typo_searches_the_likely_word_and_offers_the_typed_one() {
    let t = newsroom().await;
    for i in 0..12 {
        story_with(
            &t.db,
            &format!("На выборах {i} голосовали весь день"),
            "Лид.",
            "Явка выросла.",
            &[],
            now() - 20_000 - i,
        )
        .await;
    }
    app::db::search::refresh_vocabulary(&t.db).await.unwrap();
    let page = search(&t, "выбрах").await;
    let correction = page.correction.as_ref().expect("corrected");
    assert_eq!(correction.searched, "выборах");
    assert_eq!(page.hits.len(), 14);
    let html = get(&t, &format!("/search?q={}", encode("выбрах"))).await;
    assert!(
        html.body.contains("Показаны результаты по запросу"),
        "{}",
        html.body
    );
    assert!(html.body.contains("exact=1"));
    // As typed, on request: nothing, and no correction.
    let exact = search_with(&t, "выбрах", "&exact=1").await;
    assert!(exact.correction.is_none() && exact.hits.is_empty());
    // A word that is found is never corrected, nor is a rare real one.
    assert!(search(&t, "выборах").await.correction.is_none());
    assert!(search(&t, "маслихат").await.correction.is_none());
    // A long word forgives two typos.
    let page = search(&t, "голосавали").await;
    assert_eq!(
        page.correction.map(|c| c.searched),
        Some("голосовали".to_string())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scheduled_article_is_found_once_published_not_before() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let now = now();
    articles::insert(
        &t.db,
        &articles::NewArticle {
            content: articles::Content {
                title: "Мажилис соберётся на сессию",
                status: Status::Scheduled,
                published_at: Some(now + 3600),
                ..draft("sessiya").content
            },
            created_at: now - 10,
            ..draft("sessiya")
        },
    )
    .await
    .unwrap();
    assert!(search(&t, "сессию").await.hits.is_empty());
    app::db::editorial::publish_due(&t.db, now + 3600)
        .await
        .unwrap();
    // Visible from its time on (the clock here is the real one, an hour
    // before it: the key says when).
    let at_its_time = app::db::search::find(
        &t.db,
        app::domain::lang::Lang::Ru,
        &app::server::words::Query::parse("сессию"),
        now + 3600,
        app::db::search::Order::Newest,
        None,
        21,
    )
    .await
    .unwrap();
    assert_eq!(at_its_time.len(), 1);
    assert!(
        search(&t, "сессию").await.hits.is_empty(),
        "not before its time"
    );
}

async fn editor_account(db: &Db) -> app::server::accounts::User {
    create_user(
        db,
        &NewUser {
            login: "editor".into(),
            name: "Редактор".into(),
            role: Role::Editor.as_str().into(),
            password: "пароль-для-тестов".into(),
        },
        0,
    )
    .await
    .unwrap();
    let (user, _) = app::server::accounts::sessions::sign_in(
        db,
        "editor",
        "пароль-для-тестов",
        "10.0.0.1",
        now(),
    )
    .await
    .unwrap();
    user
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_trash_and_tags_reach_search_and_revisions() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let editor = editor_account(&t.db).await;
    let mut form = ArticleForm {
        title: "Бюджет Астаны утверждён".into(),
        category: "politika".into(),
        lead: "Маслихат проголосовал.".into(),
        body: "Расходы на дороги выросли.".into(),
        status: Status::Published.as_str().into(),
        tags: "бюджет, Астана, бюджет, ".into(),
        ..ArticleForm::default()
    };
    let SaveOutcome::Saved(saved) =
        app::server::articles::save::save_article(&t.db, &editor, &form, now())
            .await
            .unwrap()
    else {
        panic!("saved")
    };
    assert_eq!(
        titles(&search(&t, "бюджета").await),
        ["Бюджет Астаны утверждён"]
    );
    let tag_page = get(&t, "/tag/byudzhet").await;
    assert_eq!(tag_page.status, StatusCode::OK);
    // (The ticker on every page lists the article too: look at the list.)
    assert!(
        tag_page
            .body
            .contains(r#"<h2 class="card__title"><a href="/news/byudzhet-astany-utverzhden">"#),
        "{}",
        tag_page.body
    );
    // A new title replaces the old words in the index; tags change too.
    form.id = Some(saved.id);
    form.version = saved.version;
    form.title = "Маслихат принял смету".into();
    form.tags = "смета".into();
    app::server::articles::save::save_article(&t.db, &editor, &form, now())
        .await
        .unwrap();
    assert!(titles(&search(&t, "утверждён").await).is_empty());
    assert_eq!(
        titles(&search(&t, "сметы").await),
        ["Маслихат принял смету"]
    );
    assert!(get(&t, "/tag/byudzhet")
        .await
        .body
        .contains("Здесь пока нет материалов."));
    // The revision kept the old tags; restoring it brings them back.
    let revisions = app::db::editorial::revisions(&t.db, saved.id)
        .await
        .unwrap();
    assert_eq!(revisions[0].tags, "бюджет, Астана");
    app::server::articles::revisions::restore_revision(
        &t.db,
        &editor,
        saved.id,
        revisions[0].id,
        now(),
    )
    .await
    .unwrap();
    let tags = app::db::tags::for_article(&t.db, saved.id).await.unwrap();
    let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["бюджет", "Астана"]);
    // Trashed articles are not found; deleted ones leave the index.
    app::server::articles::status::article_action(&t.db, &editor, saved.id, Action::Trash, now())
        .await
        .unwrap();
    assert!(search(&t, "бюджет").await.hits.is_empty());
    // Too many or empty tags are refused with a message in Russian.
    let bad = ArticleForm {
        tags: "!!!, ок".into(),
        ..form.clone()
    };
    match app::server::articles::save::save_article(
        &t.db,
        &editor,
        &ArticleForm { id: None, ..bad },
        now(),
    )
    .await
    .unwrap()
    {
        SaveOutcome::Invalid(errors) => {
            assert!(app::messages::refusal(&errors["tags"]).contains("буквы или цифры"))
        }
        other => panic!("expected a field error, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_from_before_search_is_indexed_at_start() {
    let t = newsroom().await;
    {
        let mut tx = t.db.begin().await.unwrap();
        for id in 1..=4 {
            app::db::search::forget(&mut tx, id).await.unwrap();
        }
        tx.commit().await.unwrap();
    }
    assert!(search(&t, "выборы").await.hits.is_empty());
    let indexed = app::db::search::index_missing(&t.db).await.unwrap();
    // The three published ones: drafts are not indexed.
    assert_eq!(indexed, 3);
    assert_eq!(search(&t, "выборы").await.hits.len(), 2);
    // Once complete, later starts skip the pass.
    assert_eq!(app::db::search::index_missing(&t.db).await.unwrap(), 0);
}

fn parse_xml(reply: &Reply) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(&reply.body).expect("well-formed XML")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feeds_are_rss_with_escaped_text_and_stable_guids() {
    let t = newsroom().await;
    let feed = get(&t, "/feed.xml").await;
    assert_eq!(feed.status, StatusCode::OK);
    assert_eq!(
        feed.header("content-type"),
        "application/rss+xml; charset=utf-8"
    );
    let doc = parse_xml(&feed);
    let items: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("item"))
        .collect();
    assert_eq!(items.len(), 3, "published articles only");
    let text = |node: roxmltree::Node, tag: &str| {
        node.children()
            .find(|c| c.has_tag_name(tag))
            .and_then(|c| c.text())
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(text(items[0], "title"), "Снегопад в Өскемене");
    assert!(text(items[0], "link").starts_with("https://qalam.example/news/"));
    assert!(text(items[0], "guid").starts_with("tag:qalam.example,2026:article-"));
    assert!(text(items[0], "pubDate").ends_with("+0500"));
    assert_eq!(text(items[0], "description"), "Дороги расчищают.");
    for uri in [
        "/category/politika/feed.xml",
        "/author/aliya-seytova/feed.xml",
        "/tag/vybory/feed.xml",
    ] {
        let reply = get(&t, uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}");
        parse_xml(&reply);
    }
    let tag_feed = get(&t, "/tag/vybory/feed.xml").await;
    assert_eq!(
        parse_xml(&tag_feed)
            .descendants()
            .filter(|n| n.has_tag_name("item"))
            .count(),
        1
    );
    for uri in [
        "/category/net/feed.xml",
        "/author/net/feed.xml",
        "/tag/net/feed.xml",
    ] {
        assert_eq!(get(&t, uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
    // Every page points feed readers at the site's feed; lists at their own.
    let page = get(&t, "/tag/vybory").await;
    assert!(page.body.contains(r#"type="application/rss+xml""#));
    assert!(page.body.contains(r#"href="/tag/vybory/feed.xml""#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sitemaps_index_every_published_article_and_robots_names_them() {
    let t = newsroom().await;
    let index = get(&t, "/sitemap.xml").await;
    assert_eq!(
        index.header("content-type"),
        "application/xml; charset=utf-8"
    );
    let doc = parse_xml(&index);
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(
        locs,
        [
            "https://qalam.example/sitemaps/sections.xml",
            "https://qalam.example/sitemaps/news.xml",
            "https://qalam.example/sitemaps/articles-1.xml",
            "https://qalam.example/sitemaps/kk-sections.xml",
            "https://qalam.example/sitemaps/kk-news.xml",
        ]
    );
    assert!(doc.descendants().any(|n| n.has_tag_name("lastmod")));
    let articles = get(&t, "/sitemaps/articles-1.xml").await;
    let doc = parse_xml(&articles);
    let urls = doc.descendants().filter(|n| n.has_tag_name("url")).count();
    assert_eq!(urls, 3, "no drafts");
    let news = get(&t, "/sitemaps/news.xml").await;
    assert!(parse_xml(&news)
        .descendants()
        .any(|n| n.has_tag_name("title") && n.text() == Some("Снегопад в Өскемене")));
    let sections = get(&t, "/sitemaps/sections.xml").await;
    let body = &sections.body;
    for path in ["/category/politika", "/author/aliya-seytova", "/tag/vybory"] {
        assert!(
            body.contains(&format!("https://qalam.example{path}<")),
            "{path}"
        );
    }
    for missing in [
        "/sitemaps/articles-2.xml",
        "/sitemaps/kk-articles-1.xml",
        "/sitemaps/articles-0.xml",
        "/sitemaps/x.xml",
    ] {
        assert_eq!(
            get(&t, missing).await.status,
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }
    let robots = get(&t, "/robots.txt").await;
    assert!(robots.header("content-type").starts_with("text/plain"));
    assert!(robots
        .body
        .contains("Sitemap: https://qalam.example/sitemap.xml"));
    assert!(robots.body.contains("Disallow: /admin"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn article_pages_link_author_and_tags_and_suggest_related_articles() {
    let t = newsroom().await;
    let slug = articles::latest(&t.db, app::domain::lang::Lang::Ru, now(), 10)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.title.starts_with("Выборы"))
        .unwrap()
        .slug;
    let page = get(&t, &format!("/news/{slug}")).await;
    let body = &page.body;
    assert!(body.contains(r#"href="/author/aliya-seytova""#));
    assert!(body.contains(r#"href="/tag/vybory""#));
    assert!(body.contains("Читайте также"));
    let related = body
        .split("Читайте также")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .unwrap();
    assert!(related.contains("Снегопад в Өскемене"), "same category");
    assert!(
        !related.contains("Выборы в маслихат назначены"),
        "never itself"
    );
    // OpenGraph and the JSON-LD name the same article as the page.
    assert!(body.contains(r#"<meta property="og:type" content="article""#));
    let canonical = format!(r#"href="https://qalam.example/news/{slug}""#);
    assert!(
        body.split("<link")
            .any(|l| l.contains(r#"rel="canonical""#) && l.contains(&canonical)),
        "{}",
        &body[..body.find("</head>").unwrap_or(0)]
    );
    let document = scraper::Html::parse_document(body);
    let script = scraper::Selector::parse(r#"script[type="application/ld+json"]"#).unwrap();
    let json: String = document
        .select(&script)
        .next()
        .expect("JSON-LD")
        .text()
        .collect();
    let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(value["headline"], "Выборы в маслихат назначены на март");
    assert_eq!(value["author"][0]["name"], "Әлия Сейітова");
    assert_eq!(
        value["author"][0]["url"],
        "https://qalam.example/author/aliya-seytova"
    );
    // Author and tag pages; unknown ones are a 404.
    let author = get(&t, "/author/aliya-seytova").await;
    assert_eq!(author.status, StatusCode::OK);
    assert!(author.body.contains("Әлия Сейітова"));
    assert!(author.body.contains("Снегопад в Өскемене"));
    for uri in [
        "/author/net-takogo",
        "/tag/net-takogo",
        "/author/aliya-seytova?page=abc",
    ] {
        assert_eq!(get(&t, uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn matches_are_the_same_through_the_index_and_by_walking_in_every_tier() {
    use app::db::search::{find, pg_find, Order, Tier, Via};
    use app::domain::lang::Lang;
    let t = newsroom().await;
    // PostgreSQL has two ways (SQLite one): they must agree. Enough
    // unrelated articles that a match is not just the newest rows.
    for i in 0..30 {
        story_with(
            &t.db,
            &format!("Сводка погоды номер {i}"),
            "Ветер и снег.",
            "Прогноз на неделю.",
            &[],
            now() - 10_000 - i,
        )
        .await;
    }
    let below = app::db::search::order_key(now(), 0xFF_FFFF) + 1;
    for typed in [
        "выборы",
        "выборах март",
        "\"итоги года\"",
        "\"года итоги\"",
        "өскемене",
        "погоды",
        "картошка",
    ] {
        let query = app::server::words::Query::parse(typed);
        let found = find(&t.db, Lang::Ru, &query, now(), Order::Newest, None, 1001)
            .await
            .unwrap();
        // Newest published first, only what readers may see (never the draft).
        assert!(
            found.windows(2).all(|w| w[0].cursor.key > w[1].cursor.key),
            "{typed}"
        );
        if t.db.engine() == app::db::Engine::Postgres {
            for tier in [Tier::Title, Tier::Lead, Tier::All] {
                let estimate = pg_find(&t.db, Lang::Ru, &query, tier, &[], below, 1001, Via::Probe)
                    .await
                    .unwrap();
                for via in [Via::Index, Via::Walk] {
                    let other = pg_find(&t.db, Lang::Ru, &query, tier, &[], below, 1001, via)
                        .await
                        .unwrap();
                    assert_eq!(other, estimate, "{typed} via {via:?} in {tier:?}");
                }
            }
        }
    }
    // The tiers: the headline, the lead, the body.
    let tiers = |typed: &'static str| {
        let db = t.db.clone();
        async move {
            let query = app::server::words::Query::parse(typed);
            find(&db, Lang::Ru, &query, now(), Order::Relevance, None, 1001)
                .await
                .unwrap()
                .iter()
                .map(|hit| hit.cursor.tier)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(tiers("маслихат").await, [Tier::Title]);
    assert_eq!(tiers("центризбирком").await, [Tier::Lead]);
    assert_eq!(tiers("регистрацию").await, [Tier::All]);
    assert_eq!(tiers("погоды").await.len(), 30);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_windows_page_as_the_walk_does_in_a_larger_archive() {
    use app::db::search::{pg_find, Tier, Via};
    use app::domain::lang::Lang;
    let t = fresh_db().await;
    if t.db.engine() != app::db::Engine::Postgres {
        return;
    }
    // More articles than the first window holds (2,000 rows of the
    // edition), so words of every frequency go through the windows: a
    // common one, a town in one lead in forty, a rare combination.
    let now = now();
    server::commands::generate::generate_sized(&t.db, 6_000, now, 300)
        .await
        .unwrap();
    let top = app::db::search::order_key(now, 0xFF_FFFF) + 1;
    for typed in ["выборах", "Экибастуз", "Нацбанк итоги квартала Павлодаре"]
    {
        let query = app::server::words::Query::parse(typed);
        // Five pages of 21 by each way, each page below the last.
        let pages = |via: Via| {
            let (db, query) = (t.db.clone(), query.clone());
            async move {
                let (mut below, mut all) = (top, Vec::new());
                for _ in 0..5 {
                    let page = pg_find(&db, Lang::Ru, &query, Tier::All, &[], below, 21, via)
                        .await
                        .unwrap();
                    let Some(&(_, last)) = page.last() else { break };
                    below = last;
                    all.extend(page);
                }
                all
            }
        };
        let walked = pages(Via::Walk).await;
        assert!(!walked.is_empty(), "{typed}");
        assert_eq!(pages(Via::Index).await, walked, "{typed}");
        assert_eq!(pages(Via::Probe).await, walked, "{typed}");
    }
}

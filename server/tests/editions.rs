//! The Kazakh edition beside the Russian one, through the HTTP router on
//! a real database (SQLite, and PostgreSQL with `QALAM_TEST_POSTGRES_URL`):
//! translation groups, per-edition pages and lists, the language of each
//! page, reciprocal `hreflang`, the language switch, feeds and sitemaps.
// Past 500 lines: one newsroom set-up shared by every edition test.

mod common;

use app::db::{articles, categories, Db};
use app::domain::lang::Lang;
use axum::http::StatusCode;
use common::web::Web;
use common::{fresh_db, seed, story_in, TestDb, NOW};

const SITE: &str = "http://qalam.test";

/// Publishes `title` in `lang`'s edition (a translation of `of`); its id
/// and slug.
async fn article(
    db: &Db,
    title: &str,
    lang: Lang,
    of: Option<i64>,
    published_at: i64,
) -> (i64, String) {
    let slug = story_in(db, lang, title, "politika", published_at).await;
    let id = articles::id_by_slug(db, lang, &slug)
        .await
        .unwrap()
        .unwrap();
    if of.is_some() {
        articles::set_edition(db, id, lang, of).await.unwrap();
    }
    (id, slug)
}

/// Two categories, one named in Kazakh; a Russian article with its
/// Kazakh translation, one Russian article alone, one Kazakh alone.
async fn newsroom() -> (TestDb, (i64, String), (i64, String)) {
    let t = fresh_db().await;
    seed(&t.db).await;
    let politika = categories::list(&t.db).await.unwrap()[0].id;
    categories::name_in_kazakh(&t.db, politika, "Саясат", Some("sayasat"))
        .await
        .unwrap();
    let russian = article(&t.db, "Маслихат утвердил бюджет", Lang::Ru, None, NOW - 600).await;
    let kazakh = article(
        &t.db,
        "Мәслихат бюджетті бекітті",
        Lang::Kk,
        Some(russian.0),
        NOW - 500,
    )
    .await;
    article(&t.db, "Только по-русски", Lang::Ru, None, NOW - 400).await;
    article(&t.db, "Тек қазақша жаңалық", Lang::Kk, None, NOW - 300).await;
    (t, russian, kazakh)
}

/// `<link rel="alternate" hreflang=…>` targets of a page, as (lang, href).
fn hreflangs(body: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for tag in body.split("<link").skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        let attr = |name: &str| {
            let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
            Some(tag[start..start + tag[start..].find('"')?].to_string())
        };
        if let (Some(lang), Some(href)) = (attr("hreflang"), attr("href")) {
            found.push((lang, href));
        }
    }
    found.sort();
    found
}

/// Where the header's language switch leads.
fn switch(body: &str) -> String {
    let at = body.find("language-switch").expect("a language switch");
    let tag = &body[body[..at].rfind("<a ").expect("its link")..];
    let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
    let start = tag.find("href=\"").expect("an href") + 6;
    tag[start..start + tag[start..].find('"').unwrap()].to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_translation_group_holds_one_article_per_language() {
    let (t, russian, kazakh) = newsroom().await;
    // A second Kazakh translation of the same article is refused by the
    // database, and nothing changes.
    let (second, _) = article(&t.db, "Тағы бір аударма", Lang::Ru, None, NOW - 200).await;
    assert!(
        articles::set_edition(&t.db, second, Lang::Kk, Some(russian.0))
            .await
            .is_err(),
        "two Kazakh articles in one group"
    );
    let row = app::db::editorial::by_id(&t.db, second)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((row.lang, row.translation_group), (Lang::Ru, None));
    // The group is named by the original, which joined it.
    let original = app::db::editorial::by_id(&t.db, russian.0)
        .await
        .unwrap()
        .unwrap();
    let translation = app::db::editorial::by_id(&t.db, kazakh.0)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(original.translation_group, Some(russian.0));
    assert_eq!(translation.translation_group, Some(russian.0));
    assert_eq!(
        articles::translations(&t.db, russian.0, russian.0, NOW)
            .await
            .unwrap(),
        vec![(Lang::Kk, kazakh.1.clone())]
    );
    // Unlinked, it is an article of its own edition again.
    articles::set_edition(&t.db, kazakh.0, Lang::Kk, None)
        .await
        .unwrap();
    assert!(articles::translations(&t.db, russian.0, russian.0, NOW)
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_edition_shows_its_own_articles_in_its_own_language() {
    let (t, russian, kazakh) = newsroom().await;
    let web = Web::at(&t, NOW);

    let home = web.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(
        home.body.contains(r#"<html lang="ru""#),
        "{}",
        &home.body[..200]
    );
    assert!(home.body.contains("Только по-русски"));
    assert!(
        !home.body.contains("Тек қазақша жаңалық"),
        "a Kazakh article on the Russian home"
    );
    assert!(home.body.contains("Последние новости"));
    assert_eq!(switch(&home.body), "/kk", "the switch to the Kazakh home");

    let kk = web.get("/kk").await;
    assert_eq!(kk.status, StatusCode::OK);
    assert!(kk.body.contains(r#"<html lang="kk""#));
    assert!(kk.body.contains("Тек қазақша жаңалық"));
    assert!(
        !kk.body.contains("Только по-русски"),
        "a Russian article on the Kazakh home"
    );
    for kazakh_words in ["Соңғы жаңалықтар", "Айдарлар", "Сайттан іздеу", "Русский"]
    {
        assert!(kk.body.contains(kazakh_words), "{kazakh_words}");
    }
    for russian_words in ["Последние новости", "Рубрики", "Поиск по сайту", "назад"]
    {
        assert!(
            !kk.body.contains(russian_words),
            "{russian_words} on a Kazakh page"
        );
    }
    assert!(kk.body.contains(r#"href="/kk/category/sayasat""#));
    assert!(kk.body.contains(r#"content="kk_KZ""#));

    // An article is at its own edition's address only.
    assert_eq!(web.get(&format!("/news/{}", kazakh.1)).await.status, 404);
    assert_eq!(
        web.get(&format!("/kk/news/{}", russian.1)).await.status,
        404
    );
    let page = web.get(&format!("/kk/news/{}", kazakh.1)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(r#""inLanguage":"kk""#));

    // A category page per edition; a category without a Kazakh name has
    // none.
    let sayasat = web.get("/kk/category/sayasat").await;
    assert_eq!(sayasat.status, StatusCode::OK);
    assert!(sayasat.body.contains("Саясат"));
    assert!(sayasat.body.contains("Тек қазақша жаңалық"));
    assert!(!sayasat.body.contains("Только по-русски"));
    assert_eq!(web.get("/kk/category/sport").await.status, 404);
    assert_eq!(web.get("/kk/category/politika").await.status, 404);
    let missing = web.get("/kk/news/no-such-story").await;
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Бет табылмады"));

    // The ticker's items for each edition.
    let items = web.get("/api/ticker/items?lang=kk").await;
    assert!(items.body.contains("Тек қазақша жаңалық"));
    assert!(items.body.contains("бұрын"));
    assert!(!items.body.contains("Только по-русски"));
    assert_eq!(web.get("/api/ticker/items?lang=en").await.status, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn translations_link_each_other_and_the_switch_follows() {
    let (t, russian, kazakh) = newsroom().await;
    let web = Web::at(&t, NOW);
    let ru_url = format!("{SITE}/news/{}", russian.1);
    let kk_url = format!("{SITE}/kk/news/{}", kazakh.1);
    let both = vec![
        ("kk".to_string(), kk_url.clone()),
        ("ru".to_string(), ru_url.clone()),
        ("x-default".to_string(), ru_url.clone()),
    ];
    let ru = web.get(&format!("/news/{}", russian.1)).await;
    assert_eq!(hreflangs(&ru.body), both, "reciprocal, on the Russian page");
    assert_eq!(switch(&ru.body), format!("/kk/news/{}", kazakh.1));
    let kk = web.get(&format!("/kk/news/{}", kazakh.1)).await;
    assert_eq!(hreflangs(&kk.body), both, "reciprocal, on the Kazakh page");
    assert_eq!(switch(&kk.body), format!("/news/{}", russian.1));
    assert!(
        kk.body.contains(r#"content="ru_RU""#),
        "og:locale:alternate"
    );

    // An article without a translation: no hreflang, the switch goes to
    // the other edition's home.
    let alone = web.get("/news/tolko-po-russki").await;
    assert_eq!(alone.status, StatusCode::OK);
    assert!(hreflangs(&alone.body).is_empty());
    assert_eq!(switch(&alone.body), "/kk");

    // A translation not yet published is not linked.
    let draft_of = article(&t.db, "Завтрашняя новость", Lang::Ru, None, NOW - 100).await;
    let (draft, _) = article(
        &t.db,
        "Ертеңгі жаңалық",
        Lang::Kk,
        Some(draft_of.0),
        NOW + 3600,
    )
    .await;
    let page = web.get(&format!("/news/{}", draft_of.1)).await;
    assert!(
        hreflangs(&page.body).is_empty(),
        "a translation from the future"
    );
    assert!(draft > 0);
    // Once it is out, the original links it, and its ETag moves (a
    // conditional request no longer gets the old page).
    let later = Web::at(&t, NOW + 7200)
        .get(&format!("/news/{}", draft_of.1))
        .await;
    assert_eq!(hreflangs(&later.body).len(), 3, "ru, kk and x-default");
    let etag = |reply: &common::web::Reply| reply.headers.get("etag").cloned();
    assert!(etag(&page).is_some());
    assert_ne!(etag(&page), etag(&later));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feeds_and_sitemaps_say_each_article_s_language() {
    let (t, russian, kazakh) = newsroom().await;
    let web = Web::at(&t, NOW);
    let feed = web.get("/kk/feed.xml").await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(feed.body.contains("<language>kk</language>"));
    assert!(feed.body.contains(&format!("{SITE}/kk/news/{}", kazakh.1)));
    assert!(!feed.body.contains(&russian.1));
    let ru_feed = web.get("/feed.xml").await;
    assert!(ru_feed.body.contains("<language>ru</language>"));
    assert!(!ru_feed.body.contains(&kazakh.1));
    let kk_category_feed = web.get("/kk/category/sayasat/feed.xml").await;
    assert_eq!(kk_category_feed.status, StatusCode::OK);
    assert!(kk_category_feed.body.contains("<language>kk</language>"));
    assert!(kk_category_feed
        .body
        .contains(&format!("{SITE}/kk/news/{}", kazakh.1)));
    assert!(!kk_category_feed.body.contains(&russian.1));
    assert_eq!(
        web.get("/kk/category/politika/feed.xml").await.status,
        StatusCode::NOT_FOUND,
        "the Russian address in the Kazakh edition"
    );
    // Each edition has its own news sitemap, in its own language.
    let news = web.get("/sitemaps/kk-news.xml").await;
    assert_eq!(news.status, StatusCode::OK);
    assert!(news.body.contains(&format!(
        "<loc>{SITE}/kk/news/{}</loc><news:news><news:publication><news:name>Qalam</news:name>\
         <news:language>kk</news:language>",
        kazakh.1
    )));
    assert!(!news.body.contains("<news:language>ru"), "{}", news.body);
    let news = web.get("/sitemaps/news.xml").await;
    assert!(news.body.contains(&format!(
        "<loc>{SITE}/news/{}</loc><news:news><news:publication><news:name>Qalam</news:name>\
         <news:language>ru</news:language>",
        russian.1
    )));
    assert!(!news.body.contains("<news:language>kk"), "{}", news.body);
}

/// `<url>` entries of a sitemap: (loc, its hreflang links sorted).
fn sitemap_urls(body: &str) -> Vec<(String, Vec<(String, String)>)> {
    let doc = roxmltree::Document::parse(body).expect("well-formed XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("url"))
        .map(|url| {
            let loc = url
                .children()
                .find(|n| n.has_tag_name("loc"))
                .and_then(|n| n.text())
                .unwrap_or_default()
                .to_string();
            let mut links: Vec<(String, String)> = url
                .children()
                .filter(|n| n.has_tag_name(("http://www.w3.org/1999/xhtml", "link")))
                .map(|n| {
                    (
                        n.attribute("hreflang").unwrap_or_default().to_string(),
                        n.attribute("href").unwrap_or_default().to_string(),
                    )
                })
                .collect();
            links.sort();
            (loc, links)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_edition_has_its_sitemaps_with_the_pages_hreflang() {
    let (t, russian, kazakh) = newsroom().await;
    let web = Web::at(&t, NOW);
    let index = web.get("/sitemap.xml").await.body;
    for file in [
        "sections",
        "news",
        "articles-1",
        "kk-sections",
        "kk-news",
        "kk-articles-1",
    ] {
        assert!(
            index.contains(&format!("<loc>{SITE}/sitemaps/{file}.xml</loc>")),
            "{file}: {index}"
        );
    }
    let ru_url = format!("{SITE}/news/{}", russian.1);
    let kk_url = format!("{SITE}/kk/news/{}", kazakh.1);
    let pair = vec![
        ("kk".to_string(), kk_url.clone()),
        ("ru".to_string(), ru_url.clone()),
        ("x-default".to_string(), ru_url.clone()),
    ];
    let ru = sitemap_urls(&web.get("/sitemaps/articles-1.xml").await.body);
    let kk = sitemap_urls(&web.get("/sitemaps/kk-articles-1.xml").await.body);
    // Each edition lists its own articles; a translated pair carries the
    // same set in both files, as on both pages.
    assert_eq!(ru.len(), 2, "{ru:?}");
    assert_eq!(kk.len(), 2, "{kk:?}");
    assert!(ru.iter().all(|(loc, _)| !loc.contains("/kk/")), "{ru:?}");
    assert!(
        kk.iter().all(|(loc, _)| loc.contains("/kk/news/")),
        "{kk:?}"
    );
    assert!(ru.contains(&(ru_url.clone(), pair.clone())), "{ru:?}");
    assert!(kk.contains(&(kk_url.clone(), pair.clone())), "{kk:?}");
    let page = web.get(&format!("/news/{}", russian.1)).await;
    assert_eq!(
        hreflangs(&page.body),
        pair,
        "the page and its sitemap agree"
    );
    assert!(ru
        .iter()
        .chain(&kk)
        .filter(|(loc, _)| *loc != ru_url && *loc != kk_url)
        .all(|(_, links)| links.is_empty()));
    // The sections: both homes link each other; a category named in
    // Kazakh is in both files, one without a Kazakh name only in the Russian.
    let sections = sitemap_urls(&web.get("/sitemaps/kk-sections.xml").await.body);
    let home = sections
        .iter()
        .find(|(loc, _)| *loc == format!("{SITE}/kk"))
        .expect("the Kazakh home");
    assert!(
        home.1.contains(&("ru".to_string(), format!("{SITE}/"))),
        "{home:?}"
    );
    let category = sections
        .iter()
        .find(|(loc, _)| *loc == format!("{SITE}/kk/category/sayasat"))
        .expect("the named category");
    assert!(
        category
            .1
            .contains(&("ru".to_string(), format!("{SITE}/category/politika"))),
        "{category:?}"
    );
    let categories = sections
        .iter()
        .filter(|(loc, _)| loc.contains("/category/"));
    assert_eq!(categories.count(), 1, "only named categories: {sections:?}");
    let ru_sections = sitemap_urls(&web.get("/sitemaps/sections.xml").await.body);
    assert!(ru_sections.len() > sections.len(), "{ru_sections:?}");
    // Unlinked, the two are alone in their files again.
    articles::set_edition(&t.db, kazakh.0, Lang::Kk, None)
        .await
        .unwrap();
    let ru = sitemap_urls(&web.get("/sitemaps/articles-1.xml").await.body);
    assert!(ru.iter().all(|(_, links)| links.is_empty()), "{ru:?}");
    // The category pages name each other too, only on their first page.
    let list = web.get("/kk/category/sayasat").await;
    assert!(
        hreflangs(&list.body).contains(&("ru".to_string(), format!("{SITE}/category/politika")))
    );
    let home = web.get("/").await;
    assert!(hreflangs(&home.body).contains(&("kk".to_string(), format!("{SITE}/kk"))));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authors_and_tags_have_a_page_in_each_edition_they_write_in() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let politika = categories::list(&t.db).await.unwrap()[0].id;
    categories::name_in_kazakh(&t.db, politika, "Саясат", Some("sayasat"))
        .await
        .unwrap();
    let tagged = |title: &'static str, tag: &'static str, at: i64| {
        let db = t.db.clone();
        async move {
            let slug = common::story_with(&db, title, "Лид.", "Текст.", &[tag], at).await;
            articles::id_by_slug(&db, Lang::Ru, &slug)
                .await
                .unwrap()
                .unwrap()
        }
    };
    let russian = tagged("Маслихат Алматы утвердил бюджет", "Алматы", NOW - 900).await;
    let kazakh = tagged("Алматы мәслихаты бюджетті бекітті", "Алматы", NOW - 800).await;
    // Made in Russian, moved to the Kazakh edition: its links follow.
    articles::set_edition(&t.db, kazakh, Lang::Kk, Some(russian))
        .await
        .unwrap();
    let only_russian = tagged("Только в русской версии", "Павлодар", NOW - 700).await;
    let author = app::db::authors::list(&t.db).await.unwrap()[0].clone();
    app::db::authors::set_profile(&t.db, author.id, "Журналист.", "Тілші.", None)
        .await
        .unwrap();
    let web = Web::at(&t, NOW);
    let title_of = |id: i64| {
        let db = t.db.clone();
        async move {
            app::db::editorial::by_id(&db, id)
                .await
                .unwrap()
                .unwrap()
                .title
        }
    };
    let (russian_title, kazakh_title, only_title) = (
        title_of(russian).await,
        title_of(kazakh).await,
        title_of(only_russian).await,
    );
    for (path, shown, hidden) in [
        ("/tag/almaty".to_string(), &russian_title, &kazakh_title),
        ("/kk/tag/almaty".to_string(), &kazakh_title, &russian_title),
        (
            format!("/author/{}", author.slug),
            &russian_title,
            &kazakh_title,
        ),
        (
            format!("/kk/author/{}", author.slug),
            &kazakh_title,
            &russian_title,
        ),
    ] {
        let page = web.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
        assert!(page.body.contains(shown.as_str()), "{path}");
        assert!(!page.body.contains(hidden.as_str()), "{path}");
    }
    let kazakh_author = web.get(&format!("/kk/author/{}", author.slug)).await.body;
    assert!(kazakh_author.contains("Тілші."), "the Kazakh bio");
    assert!(!kazakh_author.contains("Журналист."));
    assert!(kazakh_author.contains(r#"<html lang="kk""#));
    // A tag or an author with nothing in the edition has no page there.
    assert_eq!(
        web.get("/kk/tag/pavlodar").await.status,
        StatusCode::NOT_FOUND
    );
    assert!(!web.get("/tag/pavlodar").await.body.contains(&kazakh_title));
    // The Kazakh article links its tag's and author's Kazakh pages, and
    // «Читайте также» stays in its edition.
    let kazakh_slug = app::db::editorial::by_id(&t.db, kazakh)
        .await
        .unwrap()
        .unwrap()
        .slug;
    let page = web.get(&format!("/kk/news/{kazakh_slug}")).await.body;
    assert!(page.contains(r#"href="/kk/tag/almaty""#), "{page}");
    assert!(page.contains(&format!(r#"href="/kk/author/{}""#, author.slug)));
    assert!(
        !page.contains(&only_title),
        "a Russian article among the Kazakh one's related"
    );
    // Feeds and sitemaps per edition.
    let feed = web.get("/kk/tag/almaty/feed.xml").await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(feed.body.contains("<language>kk</language>"));
    assert!(feed.body.contains(&kazakh_title) && !feed.body.contains(&russian_title));
    let sections = web.get("/sitemaps/kk-sections.xml").await.body;
    assert!(
        sections.contains(&format!("{SITE}/kk/tag/almaty<")),
        "{sections}"
    );
    assert!(
        sections.contains(&format!("{SITE}/kk/author/{}<", author.slug)),
        "{sections}"
    );
    assert!(!sections.contains("pavlodar"), "{sections}");
}

/// A Kazakh article with `title`, saved through the editors' form;
/// its outcome.
async fn kazakh_form(
    t: &TestDb,
    editor: &app::server::accounts::User,
    title: &str,
    slug: &str,
) -> app::domain::articles::SaveOutcome {
    let form = app::domain::articles::ArticleForm {
        slug: slug.into(),
        lang: "kk".into(),
        ..common::published(title)
    };
    app::server::articles::save::save_article(&t.db, editor, &form, NOW - 100)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_address_is_unique_in_its_edition_only() {
    use app::domain::accounts::Role;
    use app::domain::articles::SaveOutcome;
    use app::domain::refusal::Refusal;
    let (t, russian, _) = newsroom().await;
    let editor = common::account(&t.db, "editor", Role::Editor).await;

    // A translation made from the same title keeps the address; a second
    // Kazakh article with it is numbered, in its own edition only.
    let (twin, twin_slug) =
        article(&t.db, "Маслихат утвердил бюджет", Lang::Kk, None, NOW - 90).await;
    assert_eq!(twin_slug, russian.1);
    let (_, numbered) = article(&t.db, "Маслихат утвердил бюджет", Lang::Kk, None, NOW - 80).await;
    assert_eq!(numbered, format!("{}-2", russian.1));
    let web = Web::at(&t, NOW);
    let ru = web.get(&format!("/news/{}", russian.1)).await;
    let kk = web.get(&format!("/kk/news/{twin_slug}")).await;
    assert_eq!((ru.status, kk.status), (StatusCode::OK, StatusCode::OK));
    assert!(
        ru.body.contains(r#"<html lang="ru""#),
        "{}",
        &ru.body[..200]
    );
    assert!(
        kk.body.contains(r#"<html lang="kk""#),
        "{}",
        &kk.body[..200]
    );

    // The form refuses a typed address its edition holds, and takes one
    // only the other edition holds.
    match kazakh_form(&t, &editor, "Бюджет туралы", &twin_slug).await {
        SaveOutcome::Invalid(errors) => {
            assert_eq!(errors.get("slug"), Some(&Refusal::SlugTaken))
        }
        other => panic!("{other:?}"),
    }
    let only_russian = app::text::slugify("Только по-русски");
    let taken_over = common::saved(kazakh_form(&t, &editor, "Орысша ғана", &only_russian).await);
    assert_eq!(taken_over.slug, only_russian);

    // A Russian draft that moves to the Kazakh edition is checked there.
    let draft = app::domain::articles::ArticleForm {
        slug: "chernovik".into(),
        status: "draft".into(),
        ..common::published("Черновик")
    };
    let draft = common::saved(
        app::server::articles::save::save_article(&t.db, &editor, &draft, NOW - 50)
            .await
            .unwrap(),
    );
    let moved = app::domain::articles::ArticleForm {
        id: Some(draft.id),
        version: draft.version,
        slug: twin_slug.clone(),
        status: "draft".into(),
        lang: "kk".into(),
        ..common::published("Черновик")
    };
    match app::server::articles::save::save_article(&t.db, &editor, &moved, NOW - 40)
        .await
        .unwrap()
    {
        SaveOutcome::Invalid(errors) => {
            assert_eq!(errors.get("slug"), Some(&Refusal::SlugTaken))
        }
        other => panic!("{other:?}"),
    }
    let moved = app::domain::articles::ArticleForm {
        slug: String::new(),
        ..moved
    };
    let moved = common::saved(
        app::server::articles::save::save_article(&t.db, &editor, &moved, NOW - 30)
            .await
            .unwrap(),
    );
    assert_eq!(
        articles::edition_of(&t.db, draft.id).await.unwrap(),
        Some(Lang::Kk)
    );
    assert_eq!(moved.slug, "chernovik", "free in the Kazakh edition");

    // A published Kazakh article's old address leads to its new one in
    // its own edition.
    let renamed = app::domain::articles::ArticleForm {
        id: Some(twin),
        version: 1,
        slug: "maslikhat-byudzheti".into(),
        lang: "kk".into(),
        ..common::published("Маслихат утвердил бюджет")
    };
    common::saved(
        app::server::articles::save::save_article(&t.db, &editor, &renamed, NOW - 20)
            .await
            .unwrap(),
    );
    let web = Web::at(&t, NOW);
    let old = web.get(&format!("/kk/news/{twin_slug}")).await;
    assert_eq!(old.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(
        old.headers.get("location").unwrap(),
        "/kk/news/maslikhat-byudzheti"
    );
    let russian_page = web.get(&format!("/news/{}", russian.1)).await;
    assert_eq!(russian_page.status, StatusCode::OK, "the Russian one stays");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_slug_in_two_editions_is_read_and_counted_as_two_articles() {
    let (t, russian, _) = newsroom().await;
    let (twin, slug) = article(&t.db, "Маслихат утвердил бюджет", Lang::Kk, None, NOW - 90).await;
    assert_eq!(slug, russian.1);
    let web = Web::at(&t, NOW);
    let browser = (
        "user-agent",
        "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0",
    );
    for path in [
        format!("/news/{slug}"),
        format!("/kk/news/{slug}"),
        format!("/kk/news/{slug}"),
    ] {
        let request = axum::http::Request::get(path)
            .header(browser.0, browser.1)
            .body(axum::body::Body::empty())
            .unwrap();
        assert_eq!(web.send(request).await.status, StatusCode::OK);
    }
    // Behind a CDN the page's beacon reports the read, with its path.
    let mut state = common::web::state(
        &t,
        SITE,
        std::sync::Arc::new(server::page_cache::PageCache::new(
            std::time::Duration::from_secs(60),
            10,
        )),
    );
    state.site.view_beacon = true;
    let behind_cdn = Web::with(state);
    let beacon = |body: String| {
        axum::http::Request::post("/views")
            .header(browser.0, browser.1)
            .header("origin", SITE)
            .body(axum::body::Body::from(body))
            .unwrap()
    };
    let answered = behind_cdn.send(beacon(format!("/kk/news/{slug}"))).await;
    assert_eq!(answered.status, StatusCode::NO_CONTENT);
    let bare = behind_cdn.send(beacon(slug.clone())).await;
    assert_eq!(bare.status, StatusCode::BAD_REQUEST, "a path, not a slug");
    for node in [&web, &behind_cdn] {
        server::views::flush(&t.db, &node.state.views, NOW)
            .await
            .unwrap();
    }
    assert_eq!(app::db::views::total(&t.db, russian.0, 0).await.unwrap(), 1);
    assert_eq!(app::db::views::total(&t.db, twin, 0).await.unwrap(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_static_page_address_is_unique_in_its_edition_only() {
    use app::domain::accounts::Role;
    use app::domain::pages::PageForm;
    use app::server::pages::PageSaved;
    let t = fresh_db().await;
    seed(&t.db).await;
    let editor = common::account(&t.db, "editor", Role::Editor).await;
    let page = |title: &str, lang: &str| PageForm {
        title: title.into(),
        slug: "about".into(),
        body: format!("{title}."),
        published: true,
        lang: lang.into(),
        ..PageForm::default()
    };
    for (title, lang) in [("О редакции", "ru"), ("Редакция туралы", "kk")] {
        let saved = app::server::pages::save_page(&t.db, &editor, &page(title, lang), NOW)
            .await
            .unwrap();
        assert!(matches!(saved, PageSaved::Saved(_)), "{lang}: {saved:?}");
    }
    let again = app::server::pages::save_page(&t.db, &editor, &page("Тағы", "kk"), NOW)
        .await
        .unwrap();
    assert!(matches!(again, PageSaved::Invalid(_)), "{again:?}");
    let web = Web::at(&t, NOW);
    let ru = web.get("/about").await;
    let kk = web.get("/kk/about").await;
    assert_eq!((ru.status, kk.status), (StatusCode::OK, StatusCode::OK));
    assert!(ru.body.contains("О редакции") && !ru.body.contains("Редакция туралы"));
    assert!(kk.body.contains("Редакция туралы") && !kk.body.contains("О редакции"));
}

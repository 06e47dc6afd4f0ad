//! Static pages and old addresses through the real router: the editors'
//! form (refusals keep what was typed), pages at `/{slug}` after the
//! site's own files and routes, the footer, the paths a page may never
//! take, and the 301 an article or page leaves when its address changes.

mod common;

use app::domain::accounts::Role;
use app::domain::pages::{is_reserved, RESERVED};
use app::server::articles::store::{self, Edit};
use axum::http::StatusCode;
use common::web::{encode, field_value, Web};
use common::{account, fresh_db, seed, story, NOW};

fn page_form(title: &str, slug: &str, body: &str, published: bool) -> String {
    let mut form = format!(
        "title={}&slug={}&body={}&in_footer=on",
        encode(title),
        encode(slug),
        encode(body)
    );
    if published {
        form.push_str("&published=on");
    }
    form
}

#[tokio::test]
async fn editors_write_pages_that_readers_find_at_their_address_and_in_the_footer() {
    let t = fresh_db().await;
    seed(&t.db).await;
    account(&t.db, "editor", Role::Editor).await;
    account(&t.db, "author", Role::Author).await;
    let web = Web::at(&t, NOW);
    let editor = web.sign_in("editor", common::PASSWORD).await;
    let author = web.sign_in("author", common::PASSWORD).await;

    let blank = web.get_as("/admin/pages/new", &editor).await;
    assert_eq!(blank.status, StatusCode::OK, "{}", blank.body);
    assert!(blank.body.contains("Новая страница"));
    let body = "Редакция работает в Алматы.\n\n## Контакты\n\nПишите: [info@qalam.kz](mailto:info@qalam.kz)";
    let saved = web
        .post_form(
            "/admin/pages/new",
            Some(&editor),
            &page_form("О редакции", "", body, true),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert!(
        saved.location().ends_with("?notice=page"),
        "{}",
        saved.location()
    );
    let page = web.get("/o-redaktsii").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page
        .body
        .contains("<h1 class=\"article__title\">О редакции</h1>"));
    assert!(page.body.contains("<h2>Контакты</h2>"));
    assert!(
        page.body.contains("<title>О редакции — Qalam</title>"),
        "its own title"
    );
    // Every reader page links to it from the footer.
    let home = web.get("/").await;
    assert!(home
        .body
        .contains("<a href=\"/o-redaktsii\">О редакции</a>"));

    // Refused: the form again, everything typed, a message at the field.
    for (slug, message) in [
        ("search", "Этот адрес занят разделом сайта"),
        ("o-redaktsii", "уже занят другой страницей"),
        ("Контакты", "только строчные латинские буквы"),
    ] {
        let refused = web
            .post_form(
                "/admin/pages/new",
                Some(&editor),
                &page_form("Контакты", slug, "Телефон редакции: 8 727 000 00 00.", true),
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{slug}");
        assert!(refused.body.contains(message), "{slug}: {}", refused.body);
        let document = refused.document();
        assert_eq!(field_value(&document, "slug").as_deref(), Some(slug));
        assert_eq!(field_value(&document, "title").as_deref(), Some("Контакты"));
        assert_eq!(
            field_value(&document, "body").as_deref(),
            Some("Телефон редакции: 8 727 000 00 00.")
        );
    }
    // Authors do not edit pages.
    let forbidden = web
        .post_form(
            "/admin/pages/new",
            Some(&author),
            &page_form("Моя страница", "", "Текст", true),
        )
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    assert_eq!(
        web.get_as("/admin/pages", &author).await.status,
        StatusCode::FORBIDDEN
    );

    // A draft page is not public; the site's files still come first.
    web.post_form(
        "/admin/pages/new",
        Some(&editor),
        &page_form("Реклама", "reklama", "Прайс.", false),
    )
    .await;
    assert_eq!(web.get("/reklama").await.status, StatusCode::NOT_FOUND);
    assert!(
        !web.get("/").await.body.contains("/reklama"),
        "not in the footer"
    );
    assert_eq!(web.get("/favicon.svg").await.status, StatusCode::OK);
    // One-segment routes of the site come before pages.
    assert_eq!(web.get_as("/admin", &editor).await.status, StatusCode::OK);
    assert_eq!(web.get("/corrections").await.status, StatusCode::OK);
    assert_eq!(web.get("/no-such-page").await.status, StatusCode::NOT_FOUND);
    // Addresses with a trailing slash lead to ours, never to another site.
    let slashed = web.get("/o-redaktsii/?utm_source=tg").await;
    assert_eq!(slashed.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(slashed.location(), "/o-redaktsii?utm_source=tg");
    for sneaky in [
        "//evil.example/",
        "/%2F%2Fevil.example/",
        "/\\evil.example/",
    ] {
        let reply = web.get(sneaky).await;
        let location = reply.header("location");
        assert!(
            !location.starts_with("//") && !location.starts_with("/\\"),
            "{sneaky} → {location}"
        );
    }
    // A post to a page's address is no page.
    assert_eq!(
        web.post_form("/o-redaktsii", Some(&editor), "x=1")
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Renamed: the old address leads to the new one.
    let id: i64 = saved
        .location()
        .trim_start_matches("/admin/pages/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let renamed = web
        .post_form(
            &format!("/admin/pages/{id}"),
            Some(&editor),
            &page_form("О нас", "o-nas", body, true),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER, "{}", renamed.body);
    let old = web.get("/o-redaktsii").await;
    assert_eq!(old.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(old.location(), "/o-nas");
    // Deleted: gone.
    let deleted = web
        .post_form(&format!("/admin/pages/{id}/delete"), Some(&editor), "")
        .await;
    assert_eq!(deleted.location(), "/admin/pages?notice=page-deleted");
    assert_eq!(web.get("/o-nas").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_article_whose_address_changes_leaves_a_301_behind_without_chains() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let first = story(&t.db, "Аким ответил на вопросы", "politika", NOW - 3600).await;
    let editor = account(&t.db, "editor", Role::Editor).await.id;
    let web = Web::at(&t, NOW);
    let id = app::db::articles::id_by_slug(&t.db, app::domain::lang::Lang::Ru, &first)
        .await
        .unwrap()
        .unwrap();
    let rename = |slug: &'static str| {
        let db = t.db.clone();
        async move {
            let row = app::db::editorial::by_id(&db, id).await.unwrap().unwrap();
            let tags: Vec<String> = Vec::new();
            store::update(
                &db,
                id,
                row.version,
                &row.content(&tags, &[]),
                Some(slug),
                Edit::by(editor, NOW),
            )
            .await
            .unwrap()
            .unwrap();
        }
    };
    rename("akim-otvetil").await;
    rename("akim-otvetil-zhitelyam").await;
    for old in [format!("/news/{first}"), "/news/akim-otvetil".to_string()] {
        let reply = web.get(&old).await;
        assert_eq!(reply.status, StatusCode::MOVED_PERMANENTLY, "{old}");
        assert_eq!(
            reply.location(),
            "/news/akim-otvetil-zhitelyam",
            "{old}: one hop"
        );
    }
    assert_eq!(
        web.get("/news/akim-otvetil-zhitelyam").await.status,
        StatusCode::OK
    );
    // Back to an old address: it is live again, and no redirect loops.
    rename("akim-otvetil").await;
    assert_eq!(web.get("/news/akim-otvetil").await.status, StatusCode::OK);
    let back = web.get("/news/akim-otvetil-zhitelyam").await;
    assert_eq!(back.location(), "/news/akim-otvetil");
}

/// Every path the app or the server routes is one a page may not take:
/// the Leptos route table, and every `.route("/…")` in the server's code.
#[tokio::test]
async fn pages_never_take_a_path_the_site_routes() {
    use leptos_axum::generate_route_list;
    let mut owned: Vec<String> = generate_route_list(app::App)
        .iter()
        .map(|route| route.path().to_string())
        .collect();
    let sources = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![sources];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for piece in text.split(".route(").skip(1) {
                    let quoted = piece.trim_start();
                    if let Some(route) = quoted.strip_prefix('"').and_then(|r| r.split('"').next())
                    {
                        owned.push(route.to_string());
                    }
                }
                for constant in text.split("_PATH: &str = \"").skip(1) {
                    owned.push(constant.split('"').next().unwrap().to_string());
                }
            }
        }
    }
    assert!(owned.iter().any(|r| r == "/feed.xml"), "{owned:?}");
    for route in owned {
        let first = route
            .trim_start_matches('/')
            .split('/')
            .next()
            .unwrap_or("");
        if first.is_empty() || first.starts_with('{') || first.starts_with(':') {
            continue;
        }
        assert!(is_reserved(first), "{route}: add «{first}» to RESERVED");
    }
    assert!(RESERVED.contains(&"corrections"));
}

#[tokio::test]
async fn a_kazakh_page_answers_in_the_kazakh_edition_and_its_footer_only() {
    let t = fresh_db().await;
    seed(&t.db).await;
    account(&t.db, "editor", Role::Editor).await;
    let web = Web::at(&t, NOW);
    let editor = web.sign_in("editor", common::PASSWORD).await;
    let russian = page_form("О редакции", "o-redaktsii", "Редакция в Алматы.", true);
    let kazakh = format!(
        "{}&lang=kk",
        page_form(
            "Редакция туралы",
            "redaktsiya-turaly",
            "Редакция Алматыда.",
            true
        )
    );
    for form in [&russian, &kazakh] {
        let saved = web.post_form("/admin/pages/new", Some(&editor), form).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    }
    let page = web.get("/kk/redaktsiya-turaly").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains(r#"<html lang="kk""#), "{}", page.body);
    assert!(page.body.contains("Редакция туралы"));
    // Each edition's footer links its own pages; each page answers at
    // its own edition's address only.
    assert!(page.body.contains(r#"href="/kk/redaktsiya-turaly""#));
    assert!(!page.body.contains(r#"href="/o-redaktsii""#));
    assert!(page.body.contains(r#"href="/kk/corrections""#));
    let home = web.get("/").await;
    assert!(home.body.contains(r#"href="/o-redaktsii""#));
    assert!(!home.body.contains("redaktsiya-turaly"));
    assert_eq!(
        web.get("/redaktsiya-turaly").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        web.get("/kk/o-redaktsii").await.status,
        StatusCode::NOT_FOUND
    );
    // An unknown edition is refused with the form again, nothing lost.
    let refused = web
        .post_form(
            "/admin/pages/new",
            Some(&editor),
            &format!(
                "{}&lang=en",
                page_form("About", "about", "Текст страницы.", true)
            ),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(refused.body.contains("Текст страницы."));
    assert_eq!(web.get("/about").await.status, StatusCode::NOT_FOUND);
    // Moved to the Russian edition, its Kazakh address leads there.
    let id: i64 = sqlx::query_scalar("SELECT id FROM pages WHERE slug = 'redaktsiya-turaly'")
        .fetch_one(t.db.pool())
        .await
        .unwrap();
    let moved = web
        .post_form(
            &format!("/admin/pages/{id}"),
            Some(&editor),
            &format!(
                "{}&lang=ru",
                page_form(
                    "Редакция туралы",
                    "redaktsiya-turaly",
                    "Редакция Алматыда.",
                    true
                )
            ),
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    let old = web.get("/kk/redaktsiya-turaly").await;
    assert_eq!(old.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(old.location(), "/redaktsiya-turaly");
}

//! Hostile input through the real router: titles and queries that try to
//! end the `<title>` (or any raw-text element) and write markup, and a
//! corpus of naughty strings through every route and every form.
//!
//! Pages are parsed as browsers parse them (html5ever), and the test fails
//! when anything typed became an element or an attribute
//! (`common::web::injected`); finding a string absent would prove nothing.
// Past 500 lines: every route and form under one newsroom and one list
// of naughty strings.

mod common;

use app::domain::articles::CORRECTION_MAX_CHARS;

use app::domain::articles::{normalize_multiline, split_tags};
use app::server::staff::{create_user, NewUser};
use axum::http::StatusCode;
use common::web::{as_parsed, encode, field_value, injected, title, Reply, Web};
use common::{fresh_db, seed, TestDb};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Payloads aimed at our own pages: each tries to leave the context it is
/// put in (attribute, title, textarea, script, comment) and write an
/// element or attribute carrying the marker `qalam-injected`.
const PAYLOADS: &[&str] = &[
    "</title><h1 id=\"fake\" qalam-injected>FAKE NEWS</h1><meta http-equiv=\"refresh\" content=\"1;url=/news/zz-redirected\">",
    "Проверка </title><script>alert(1)</script>",
    "</TITLE ><i qalam-injected>Қате</i>",
    "\"><i qalam-injected>x</i>",
    "'><i qalam-injected>x</i>",
    "</textarea><i qalam-injected>ә</i>",
    "</script><i qalam-injected>x</i><script>alert(1)</script>",
    "</style><i qalam-injected>x</i>",
    "</noscript><i qalam-injected>x</i>",
    "--><i qalam-injected>x</i><!--",
    "]]><i qalam-injected>x</i>",
    "<img src=x onerror=alert(1) qalam-injected>",
    "<svg onload=alert(1)><i qalam-injected></i></svg>",
    "<a href=\"javascript:alert(1)\" qalam-injected>ссылка</a>",
    "&lt;i qalam-injected&gt; &amp; &#x3C;/title&#x3E;&#60;i qalam-injected&#62;",
    "{{7*7}} ${7*7} <%= 7*7 %> \\u003c/script\\u003e",
    "<base href=\"https://evil.example/\">",
    "%00 %2500 %%30%30 %D0%B0",
];

/// Control characters: NUL (PostgreSQL refuses it in text), escape, DEL,
/// C1 codes. Forms refuse them with a message.
const CONTROLS: &[&str] = &[
    "Нулевой\u{0}байт",
    "\u{0}",
    "a\u{7f}b\u{85}c\u{9b}",
    "\u{1b}[31mкрасный",
];

/// The Big List of Naughty Strings (MIT, `tests/data/blns.LICENSE`) and
/// our own payloads.
fn corpus() -> Vec<String> {
    let blns: Vec<String> =
        serde_json::from_str(include_str!("data/blns.json")).expect("blns.json is a list");
    blns.into_iter()
        .chain(PAYLOADS.iter().chain(CONTROLS).map(|p| p.to_string()))
        .filter(|s| !s.is_empty())
        .collect()
}

/// A site with two categories, an author, staff accounts and one article.
struct Newsroom {
    t: TestDb,
    web: Web,
    editor: String,
    admin: String,
    image_id: String,
    /// A published article that takes the correction notes.
    corrected: i64,
    sent: Arc<AtomicUsize>,
}

impl Newsroom {
    async fn open() -> Newsroom {
        let t = fresh_db().await;
        seed(&t.db).await;
        let web = Web::new(&t);
        for (login, role) in [("editor", "editor"), ("admin", "admin")] {
            create_user(
                &t.db,
                &NewUser {
                    login: login.into(),
                    name: format!("Сотрудник {login}"),
                    role: role.into(),
                    password: "пароль для проверки".into(),
                },
                web.state.site.now(),
            )
            .await
            .unwrap();
        }
        // Signed in before any hostile sign-in throttles this address.
        let editor = web.sign_in("editor", "пароль для проверки").await;
        let admin = web.sign_in("admin", "пароль для проверки").await;
        let png = include_bytes!("fixtures/photo.png");
        let upload = web
            .post_multipart("/admin/images", &editor, &[], Some(png))
            .await;
        assert_eq!(upload.status, StatusCode::OK, "{}", upload.body);
        let image: serde_json::Value = serde_json::from_str(&upload.body).unwrap();
        let image_id = image["id"].to_string();
        common::story(&t.db, "Маслихат утвердил бюджет", "politika", common::NOW).await;
        let slug = common::story(&t.db, "Аким ответил жителям", "politika", common::NOW).await;
        let corrected = app::db::articles::id_by_slug(&t.db, app::domain::lang::Lang::Ru, &slug)
            .await
            .unwrap()
            .unwrap();
        // A live story too: the update forms take the naughty strings.
        app::db::live::start(&t.db, corrected, common::NOW)
            .await
            .unwrap();
        Newsroom {
            corrected,
            t,
            web,
            editor,
            admin,
            image_id,
            sent: Arc::new(AtomicUsize::new(0)),
        }
    }

    fn count(&self) {
        self.sent.fetch_add(1, Ordering::Relaxed);
    }

    async fn get(&self, uri: &str, session: Option<&str>) -> Reply {
        self.count();
        match session {
            Some(session) => self.web.get_as(uri, session).await,
            None => self.web.get(uri).await,
        }
    }
}

/// Fails unless the answer is not a 5xx and, when HTML, holds nothing
/// injected.
fn check_answer(what: &str, reply: &Reply) {
    assert!(
        !reply.status.is_server_error(),
        "{what}: {} {}",
        reply.status,
        reply.body
    );
    if reply.is_html() {
        let found = injected(&reply.document(), reply.nonce().as_deref());
        assert!(found.is_empty(), "{what}: {found:#?}");
    }
}

/// The article form's fields, with `field` set to `value`.
fn article_fields<'a>(
    image_id: &'a str,
    field: &'a str,
    value: &'a str,
) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("version", "0"),
        ("title", "Проверка ввода"),
        ("slug", ""),
        ("category", "politika"),
        ("lead", "Лид"),
        ("body", "Текст"),
        ("tags", "проверка"),
        ("image_id", image_id),
        ("image_alt", "Фото"),
        ("image_caption", ""),
        ("image_credit", ""),
        ("credit_line", ""),
        ("coauthors", ""),
        ("status", "draft"),
        ("publish_at", ""),
    ];
    for pair in &mut fields {
        if pair.0 == field {
            pair.1 = value;
        }
    }
    fields
}

/// A text as the form documents storing it.
fn stored(field: &str, typed: &str) -> String {
    use app::text::time::{almaty_input_value, parse_almaty_input};
    match field {
        "lead" | "body" => normalize_multiline(typed),
        "tags" => split_tags(typed).join(", "),
        "coauthors" => app::domain::articles::split_names(typed).join(", "),
        "publish_at" => parse_almaty_input(typed)
            .map(almaty_input_value)
            .unwrap_or_default(),
        _ => typed.trim().to_string(),
    }
}

/// The addresses of the tags in `text`: one tag per address, which keeps
/// the spelling it was first saved with ("Выборы" and "выборы" are one).
fn tag_slugs(text: &str) -> Vec<String> {
    split_tags(text)
        .iter()
        .map(|t| app::text::slugify(t))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_titles_and_queries_never_become_markup() {
    let room = Newsroom::open().await;
    let web = &room.web;
    // An author and a category with hostile names.
    create_user(
        &room.t.db,
        &NewUser {
            login: "hostile".into(),
            name: "</title><i qalam-injected>Әлия</i>".into(),
            role: "author".into(),
            password: "пароль для проверки".into(),
        },
        common::NOW,
    )
    .await
    .unwrap();
    let rename = format!(
        "do=rename&name={}",
        encode("</title><i qalam-injected>Саясат")
    );
    let renamed = web
        .post_form("/admin/categories/1", Some(&room.admin), &rename)
        .await;
    assert_eq!(renamed.location(), "/admin/categories?notice=category");
    let author_slug = app::db::authors::list(&room.t.db)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.name.contains("Әлия"))
        .unwrap()
        .slug;

    for (n, payload) in PAYLOADS.iter().enumerate() {
        // Published with the payload as its title and a tag, and a draft
        // with it for the editors' preview.
        let tag = format!("тег {n} {}", payload.chars().take(30).collect::<String>());
        let mut ids = Vec::new();
        for status in ["published", "draft"] {
            let fields = [
                ("version", "0"),
                ("title", *payload),
                ("category", "politika"),
                ("lead", *payload),
                ("body", *payload),
                ("tags", tag.as_str()),
                ("status", status),
            ];
            let saved = web
                .post_multipart("/admin/articles/new", &room.editor, &fields, None)
                .await;
            assert_eq!(
                saved.status,
                StatusCode::SEE_OTHER,
                "{payload}: {}",
                saved.body
            );
            let id: String = saved
                .location()
                .trim_start_matches("/admin/articles/")
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            ids.push(id);
        }
        let form = room
            .get(&format!("/admin/articles/{}", ids[0]), Some(&room.editor))
            .await;
        check_answer("the article form", &form);
        let document = form.document();
        assert_eq!(
            field_value(&document, "title").as_deref(),
            Some(payload.trim())
        );
        let slug = field_value(&document, "slug").unwrap();
        let tag_slug = app::text::slugify(&split_tags(&tag)[0]);

        let article = room.get(&format!("/news/{slug}"), None).await;
        assert_eq!(article.status, StatusCode::OK);
        check_answer("the article page", &article);
        assert_eq!(
            title(&article.document()),
            format!("{} — Qalam", payload.trim())
        );

        let preview = room
            .get(
                &format!("/admin/articles/{}/preview", ids[1]),
                Some(&room.editor),
            )
            .await;
        assert_eq!(preview.status, StatusCode::OK);
        check_answer("the preview", &preview);
        assert_eq!(
            title(&preview.document()),
            format!("Предпросмотр: {} — Qalam", payload.trim())
        );

        let search = room
            .get(&format!("/search?q={}", encode(payload)), None)
            .await;
        assert_eq!(search.status, StatusCode::OK);
        check_answer("search", &search);
        let shown: String = payload.chars().take(200).collect();
        assert_eq!(
            title(&search.document()),
            format!("Поиск: {} — Qalam", shown.trim())
        );

        for uri in [
            "/".to_string(),
            "/category/politika".to_string(),
            format!("/tag/{tag_slug}"),
            format!("/author/{author_slug}"),
            "/admin".to_string(),
            format!("/admin/articles/{}/revisions", ids[0]),
        ] {
            let reply = room.get(&uri, Some(&room.editor)).await;
            assert_eq!(reply.status, StatusCode::OK, "{uri}");
            check_answer(&uri, &reply);
            let anonymous = room.get(&uri, None).await;
            check_answer(&uri, &anonymous);
        }
    }
}

/// Every GET route with `s` in each place a request can carry it.
fn addresses(s: &str) -> Vec<(String, bool)> {
    let e = encode(s);
    let reader = [
        format!("/news/{e}"),
        format!("/category/{e}"),
        format!("/category/{e}/feed.xml"),
        format!("/author/{e}"),
        format!("/tag/{e}"),
        format!("/{e}"),
        format!("/{e}/"),
        format!("/?p={e}&page_id={e}"),
        format!("/category/{e}/{e}/"),
        format!("/wp-content/uploads/{e}-300x200.jpg"),
        format!("/pkg/{e}"),
        format!("/media/{e}"),
        format!("/media/1/{e}"),
        format!("/media/{e}/800.webp"),
        format!("/corrections?{e}"),
        format!("/sitemaps/{e}"),
        format!("/search?q={e}"),
        format!("/search?q={e}&after=2"),
        format!("/search?q=%D0%B1%D1%8E%D0%B4%D0%B6%D0%B5%D1%82&after={e}"),
        format!("/search?q=%D0%B1%D1%8E%D0%B4%D0%B6%D0%B5%D1%82&order={e}&after={e}&exact={e}"),
        format!("/search?q=%D0%B1%D1%8E%D0%B4%D0%B6%D0%B5%D1%82&order=relevance&after={e}"),
        format!("/search?q={e}&order=relevance&after=1.{e}&exact=1"),
        format!("/category/politika?page={e}"),
        format!("/category/politika?page=2&after={e}"),
        format!("/category/politika?page=2&before={e}"),
        format!("/api/ticker?limit={e}"),
        format!("/api/ticker/items?{e}"),
        format!("/api/search?q={e}"),
        format!("/api/list?kind={e}&slug={e}"),
        format!("/api/article?slug={e}"),
        format!("/metrics?token={e}"),
        format!("/health?{e}"),
        format!("/health/live?{e}"),
        // The Kazakh edition.
        format!("/kk/news/{e}"),
        format!("/kk/category/{e}"),
        format!("/kk/{e}"),
        format!("/kk/search?q={e}"),
        format!("/kk/search?q=%D0%B1%D1%8E%D0%B4%D0%B6%D0%B5%D1%82&after={e}&order={e}"),
        format!("/kk/category/sayasat?page={e}&after={e}"),
        format!("/kk/feed.xml?{e}"),
        format!("/kk/category/{e}/feed.xml"),
        format!("/kk/corrections?{e}"),
        format!("/kk/author/{e}"),
        format!("/kk/tag/{e}"),
        format!("/kk/author/{e}/feed.xml"),
        format!("/author/{e}/feed.xml"),
        format!("/kk/tag/{e}/feed.xml"),
        format!("/kk/tag/{e}?page={e}&after={e}"),
        format!("/sitemaps/kk-{e}"),
        format!("/sitemaps/kk-articles-{e}.xml"),
        format!("/api/corrections?lang={e}"),
        format!("/api/ticker?limit=6&lang={e}"),
        format!("/api/ticker/items?lang={e}"),
        format!("/api/home?lang={e}"),
        format!("/api/article?slug={e}&lang={e}"),
        format!("/api/search?q={e}&lang=kk"),
        format!("/api/search?q={e}&order={e}&after={e}&exact={e}&lang=kk"),
    ];
    let workspace = [
        format!("/admin?q={e}"),
        format!("/admin?status={e}&category={e}&author={e}"),
        format!("/admin?page={e}"),
        format!("/admin/articles/{e}"),
        format!("/admin/articles/{e}/preview"),
        format!("/admin/articles/1?correction={e}&e_correction={e}"),
        format!("/admin/articles/1/revisions/{e}"),
        format!("/admin/login?login={e}&e_login={e}"),
        format!("/admin/categories?name={e}&e_name={e}&rename=1&rename_name={e}&e_rename={e}"),
        format!("/admin/categories?kazakh=1&kazakh_name={e}&e_kazakh={e}"),
        format!("/admin/telegram?lang={e}&category={e}&chat={e}&e_chat={e}&notice={e}&e_token={e}"),
        format!("/admin/articles/new?translate={e}"),
        format!("/admin/articles/1?push={e}"),
        format!("/{e}.txt"),
        format!("/api/admin/editor?id=&restore_draft=false&translate={e}"),
        format!("/admin/users?login={e}&name={e}&role={e}&e_login={e}&account={e}"),
        format!("/admin/pages/{e}"),
        format!("/admin/pages?notice={e}"),
        format!("/admin/profile?bio={e}&bio_kk={e}&e_profile={e}&notice={e}"),
        format!("/api/admin/editor?id={e}"),
        format!("/api/admin/editor?id=1&restore_draft=false&stash={e}"),
        format!("/admin/articles/1?stash={e}"),
        format!("/admin/articles/new?stash={e}&draft={e}"),
        format!("/admin/articles/1/presence?tab={e}"),
        // Only refusals: a well-formed tab of a real article would be an
        // open event stream, which never ends.
        format!("/admin/articles/{e}/presence?tab={e}"),
        format!("/admin/login?kept={e}&next={e}"),
        format!("/editor/{e}"),
    ];
    reader
        .into_iter()
        .map(|a| (a, false))
        .chain(workspace.into_iter().map(|a| (a, true)))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn naughty_strings_through_every_route_and_form() {
    let room = Arc::new(Newsroom::open().await);
    let corpus = corpus();
    let started = std::time::Instant::now();

    // Reading: every address, a few at a time.
    for chunk in corpus.chunks(8) {
        let mut requests = tokio::task::JoinSet::new();
        for s in chunk {
            for (uri, signed_in) in addresses(s) {
                let room = room.clone();
                requests.spawn(async move {
                    let session = signed_in.then_some(room.editor.as_str());
                    let reply = room.get(&uri, session).await;
                    check_answer(&uri, &reply);
                });
            }
        }
        while let Some(done) = requests.join_next().await {
            done.unwrap();
        }
    }

    let read = started.elapsed();
    // Articles do not touch each other: two strings at a time.
    for pair in corpus.chunks(2) {
        let mut saves = tokio::task::JoinSet::new();
        for s in pair {
            let (room, s) = (room.clone(), s.clone());
            saves.spawn(async move {
                article_form(&room, &s).await;
                save_through_the_api(&room, &s).await;
            });
        }
        while let Some(done) = saves.join_next().await {
            done.unwrap();
        }
    }
    let articles = started.elapsed();
    for s in &corpus {
        short_forms(&room, s).await;
    }
    eprintln!(
        "timing: read {read:?}, article form {articles:?}, short forms {:?}",
        started.elapsed()
    );
    // Last, as it adds categories that later pages would have to list.
    for s in &corpus {
        add_category(&room, s).await;
    }
    eprintln!(
        "hostile input: {} strings, {} requests in {:.1} s",
        corpus.len(),
        room.sent.load(Ordering::Relaxed),
        started.elapsed().as_secs_f64()
    );
}

/// The article form's text fields.
const TEXT_FIELDS: [&str; 11] = [
    "title",
    "slug",
    "lead",
    "body",
    "tags",
    "image_alt",
    "publish_at",
    "image_caption",
    "image_credit",
    "credit_line",
    "coauthors",
];

/// The article form with `s` typed in `fields`: saved, or refused with
/// the form again holding everything typed and a message at each field
/// that is wrong. Returns the fields refused (none when saved).
async fn submit_article(room: &Newsroom, s: &str, fields: &[&str]) -> Vec<String> {
    let mut form = article_fields(&room.image_id, "", "");
    for pair in &mut form {
        if fields.contains(&pair.0) {
            pair.1 = s;
        }
    }
    room.count();
    let reply = room
        .web
        .post_multipart("/admin/articles/new", &room.editor, &form, None)
        .await;
    let what = format!("article form, {fields:?} = {s:?}");
    check_answer(&what, &reply);
    match reply.status {
        StatusCode::SEE_OTHER => {
            let page = room.get(reply.location(), Some(&room.editor)).await;
            check_answer(&what, &page);
            let document = page.document();
            for field in fields {
                let shown = field_value(&document, field).unwrap_or_default();
                if *field == "tags" {
                    assert_eq!(tag_slugs(&shown), tag_slugs(s), "{what}");
                } else if *field == "slug" && s.trim().is_empty() {
                    // No address typed: made from the title.
                    assert!(!shown.is_empty(), "{what}");
                } else {
                    assert_eq!(shown, stored(field, s), "{what}: {field} read back");
                }
            }
            Vec::new()
        }
        StatusCode::UNPROCESSABLE_ENTITY => {
            let document = reply.document();
            for (name, typed) in &form {
                if TEXT_FIELDS.contains(name) {
                    let shown = field_value(&document, name);
                    assert_eq!(shown, Some(as_parsed(typed)), "{what}: {name} came back");
                }
            }
            let mut refused = Vec::new();
            for field in TEXT_FIELDS {
                let error = scraper::Selector::parse(&format!("#{field}-error")).unwrap();
                if let Some(message) = document.select(&error).next() {
                    let message: String = message.text().collect();
                    assert!(
                        message.chars().any(|c| ('а'..='я').contains(&c)),
                        "{what}: {message}"
                    );
                    refused.push(field.to_string());
                }
            }
            assert!(
                !refused.is_empty(),
                "{what}: refused without a message at a field"
            );
            assert!(
                refused.iter().all(|f| fields.contains(&f.as_str())),
                "{what}: {refused:?} refused, though only {fields:?} were typed"
            );
            refused
        }
        other => panic!("{what}: {other}"),
    }
}

/// `s` in every text field of the article form at once (refused or saved,
/// everything typed must come back), then in every field that took it,
/// which must then be saved and read back as the form stores it.
async fn article_form(room: &Newsroom, s: &str) {
    let refused = submit_article(room, s, &TEXT_FIELDS).await;
    if refused.is_empty() {
        return;
    }
    let mut fields: Vec<&str> = TEXT_FIELDS
        .iter()
        .copied()
        .filter(|f| !refused.iter().any(|r| r == f))
        .collect();
    // The address is checked against others only once it is well formed.
    if fields.is_empty() {
        return;
    }
    let again = submit_article(room, s, &fields).await;
    if !again.is_empty() {
        fields.retain(|f| !again.iter().any(|r| r == f));
        if !fields.is_empty() {
            let last = submit_article(room, s, &fields).await;
            assert!(
                last.is_empty(),
                "{s:?}: {fields:?} refused at the third try: {last:?}"
            );
        }
    }
}

/// The hydrated form's save: JSON through the server function.
async fn save_through_the_api(room: &Newsroom, s: &str) {
    let form = serde_json::json!({ "form": {
        "id": null, "version": 0, "title": s, "slug": "", "category": "politika",
        "lead": s, "body": s, "breaking": false, "status": "draft", "publish_at": "",
        "image_id": null, "image_alt": "", "tags": "",
    }});
    let request = axum::http::Request::post("/api/admin/save_article")
        .header("origin", common::web::SITE)
        .header("cookie", format!("qalam_session={}", room.editor))
        .header("content-type", "application/json")
        .body(axum::body::Body::from(form.to_string()))
        .unwrap();
    room.count();
    let reply = room.web.send(request).await;
    let what = format!("save_article API, {s:?}");
    check_answer(&what, &reply);
    assert_eq!(reply.status, StatusCode::OK, "{what}: {}", reply.body);
    let outcome: app::domain::articles::SaveOutcome = serde_json::from_str(&reply.body).unwrap();
    if let app::domain::articles::SaveOutcome::Saved(saved) = outcome {
        let page = room
            .get(&format!("/admin/articles/{}", saved.id), Some(&room.editor))
            .await;
        let document = page.document();
        assert_eq!(
            field_value(&document, "title"),
            Some(s.trim().to_string()),
            "{what}"
        );
        assert_eq!(
            field_value(&document, "body"),
            Some(normalize_multiline(s)),
            "{what}"
        );
    }
}

/// The value of the element with `id`.
fn value_of(reply: &Reply, id: &str) -> Option<String> {
    let selector = scraper::Selector::parse(&format!("#{id}")).ok()?;
    let document = reply.document();
    let element = document.select(&selector).next()?;
    Some(
        element
            .value()
            .attr("value")
            .unwrap_or_default()
            .to_string(),
    )
}

/// Follows a plain form's redirect and checks the page it lands on.
async fn landing(room: &Newsroom, what: &str, reply: &Reply, session: Option<&str>) -> Reply {
    check_answer(what, reply);
    assert_eq!(
        reply.status,
        StatusCode::SEE_OTHER,
        "{what}: {}",
        reply.body
    );
    let page = room.get(reply.location(), session).await;
    check_answer(what, &page);
    assert_eq!(page.status, StatusCode::OK, "{what}");
    page
}

/// Sign-in, renaming a category, staff accounts and article actions.
async fn short_forms(room: &Newsroom, s: &str) {
    let e = encode(s);
    let post = |uri: String, session: Option<String>, body: String| async move {
        room.count();
        room.web.post_form(&uri, session.as_deref(), &body).await
    };

    let what = format!("sign-in as {s:?}");
    let reply = post(
        "/admin/login".into(),
        None,
        format!("login={e}&password={e}"),
    )
    .await;
    let page = landing(room, &what, &reply, None).await;
    assert_eq!(
        value_of(&page, "login"),
        Some(as_parsed(s.trim())),
        "{what}"
    );

    let what = format!("naming a category in Kazakh {s:?}");
    let reply = post(
        "/admin/categories/2".into(),
        Some(room.admin.clone()),
        format!("do=kazakh&name={e}"),
    )
    .await;
    let page = landing(room, &what, &reply, Some(&room.admin)).await;
    let shown = value_of(&page, "category-2-kk");
    if reply.location().contains("e_kazakh=") {
        assert_eq!(shown, Some(as_parsed(s)), "{what}: typed name kept");
    } else {
        assert_eq!(shown, Some(s.trim().to_string()), "{what}: saved");
    }

    let what = format!("renaming a category to {s:?}");
    let reply = post(
        "/admin/categories/2".into(),
        Some(room.admin.clone()),
        format!("do=rename&name={e}"),
    )
    .await;
    let page = landing(room, &what, &reply, Some(&room.admin)).await;
    let shown = value_of(&page, "category-2");
    if reply.location().contains("e_rename=") {
        assert_eq!(shown, Some(as_parsed(s)), "{what}: typed name kept");
    } else {
        assert_eq!(shown, Some(s.trim().to_string()), "{what}: saved");
    }

    // Now and then an account that is saved, named `s`.
    if room.sent.load(Ordering::Relaxed).is_multiple_of(25) && !s.trim().is_empty() {
        let what = format!("an account named {s:?}");
        let login = format!("user{}", room.sent.load(Ordering::Relaxed));
        let body = format!("login={login}&name={e}&role=author&password=dlinnyi-parol");
        let reply = post("/admin/users".into(), Some(room.admin.clone()), body).await;
        landing(room, &what, &reply, Some(&room.admin)).await;
        let account = app::db::users::by_login(&room.t.db, &login).await.unwrap();
        if reply.location().contains("notice=user") {
            assert_eq!(
                account.map(|a| a.name),
                Some(s.trim().to_string()),
                "{what}"
            );
        }
    }
    let what = format!("a new account {s:?}");
    let reply = post(
        "/admin/users".into(),
        Some(room.admin.clone()),
        format!("login={e}&name={e}&role={e}&password={e}"),
    )
    .await;
    let page = landing(room, &what, &reply, Some(&room.admin)).await;
    if reply.location().contains("e_") {
        assert_eq!(value_of(&page, "user-login"), Some(as_parsed(s)), "{what}");
        assert_eq!(value_of(&page, "user-name"), Some(as_parsed(s)), "{what}");
    }

    for (uri, body) in [
        (
            "/admin/users/editor".to_string(),
            format!("do=role&role={e}"),
        ),
        ("/admin/users/editor".to_string(), format!("do={e}")),
        (
            format!("/admin/users/{e}"),
            "do=role&role=author".to_string(),
        ),
        (
            format!("/admin/categories/{e}"),
            format!("do=rename&name={e}"),
        ),
        (
            format!("/admin/articles/{e}/action"),
            "do=trash".to_string(),
        ),
        (format!("/admin/articles/{e}"), String::new()),
        (format!("/admin/articles/{e}/take"), String::new()),
        (format!("/admin/articles/{e}/draft/discard"), String::new()),
        ("/admin/articles/1/take".to_string(), format!("tab={e}")),
        ("/admin/preview".to_string(), format!("title={e}&body={e}")),
        ("/admin/docx".to_string(), format!("docx={e}")),
        (format!("/admin/pages/{e}"), format!("title={e}")),
        (format!("/admin/pages/{e}/delete"), String::new()),
        (
            "/admin/telegram".to_string(),
            format!("lang={e}&category={e}&chat={e}"),
        ),
        (
            "/admin/telegram".to_string(),
            format!("lang=kk&category=&chat={e}"),
        ),
        (format!("/admin/telegram/{e}/delete"), String::new()),
        (
            "/admin/telegram/ai-crawlers".to_string(),
            format!("policy={e}"),
        ),
        (format!("/admin/articles/{e}/push"), String::new()),
        ("/admin/telegram/token".to_string(), format!("token={e}")),
    ] {
        let what = format!("posting {body} to {uri}");
        let reply = post(uri, Some(room.admin.clone()), body).await;
        check_answer(&what, &reply);
    }
    // Readers' push subscriptions (JSON, as push.js posts them): `s` as
    // every field, as a push service's address, and as the whole body.
    let endpoint = format!("https://fcm.googleapis.com/fcm/send/{s}");
    for (uri, body) in [
        (
            "/push/subscriptions",
            serde_json::json!({"topic": s, "endpoint": s, "keys": {"p256dh": s, "auth": s}}).to_string(),
        ),
        (
            "/push/subscriptions",
            serde_json::json!({"topic": "breaking:ru", "endpoint": endpoint, "keys": {"p256dh": s, "auth": s}})
                .to_string(),
        ),
        (
            "/push/subscriptions/delete",
            serde_json::json!({"topic": s, "endpoint": s}).to_string(),
        ),
        ("/push/subscriptions", s.to_string()),
    ] {
        let request = axum::http::Request::post(uri)
            .header(axum::http::header::ORIGIN, common::web::SITE)
            .header(axum::http::header::CONTENT_TYPE, "application/json")
            .body(axum::body::Body::from(body.clone()))
            .unwrap();
        room.count();
        let reply = room.web.send(request).await;
        check_answer(&format!("posting {body} to {uri}"), &reply);
        assert_ne!(reply.status, StatusCode::CREATED, "{body}: not a subscription");
    }
    // A static page titled, addressed and written `s`: saved, or the form
    // again with everything typed and a message at a field.
    let what = format!("a page {s:?}");
    let reply = post(
        "/admin/pages/new".into(),
        Some(room.editor.clone()),
        format!("title={e}&slug={e}&body={e}&published=on&in_footer=on"),
    )
    .await;
    check_answer(&what, &reply);
    match reply.status {
        StatusCode::SEE_OTHER => {
            let page = room.get(reply.location(), Some(&room.editor)).await;
            check_answer(&what, &page);
        }
        StatusCode::UNPROCESSABLE_ENTITY => {
            let document = reply.document();
            for field in ["title", "slug", "body"] {
                assert_eq!(
                    field_value(&document, field),
                    Some(as_parsed(s)),
                    "{what}: {field} came back"
                );
            }
            let error = scraper::Selector::parse(".field__error").unwrap();
            assert!(
                document.select(&error).next().is_some(),
                "{what}: a message"
            );
        }
        other => panic!("{what}: {other}"),
    }
    // A live update headed and written `s`: posted, or the workspace page
    // again with what was typed; changing and deleting by a hostile id.
    let what = format!("a live update {s:?}");
    let reply = post(
        format!("/admin/articles/{}/updates", room.corrected),
        Some(room.editor.clone()),
        format!("headline={e}&body={e}&pinned=on"),
    )
    .await;
    check_answer(&what, &reply);
    match reply.status {
        StatusCode::SEE_OTHER => {
            // Kept short: the workspace page lists the story's updates.
            sqlx::query("DELETE FROM live_updates")
                .execute(room.t.db.pool())
                .await
                .unwrap();
        }
        StatusCode::UNPROCESSABLE_ENTITY => {
            let document = reply.document();
            let typed = |selector: &str| {
                let selector = scraper::Selector::parse(selector).unwrap();
                document.select(&selector).next().map(|e| {
                    e.value()
                        .attr("value")
                        .map(str::to_string)
                        .unwrap_or_else(|| e.text().collect())
                })
            };
            assert_eq!(typed("#update-headline"), Some(as_parsed(s)), "{what}");
            assert_eq!(typed("#update-body"), Some(as_parsed(s)), "{what}");
        }
        other => panic!("{what}: {other}"),
    }
    for uri in [
        format!("/admin/articles/{}/updates/{e}", room.corrected),
        format!("/admin/articles/{}/updates/{e}/delete", room.corrected),
        format!("/admin/articles/{e}/updates"),
    ] {
        let reply = post(
            uri.clone(),
            Some(room.editor.clone()),
            format!("headline={e}&body={e}"),
        )
        .await;
        check_answer(&uri, &reply);
    }
    // The event stream with a hostile story: a stream, never an error
    // (its body never ends, so only the answer's head is read).
    room.count();
    let stream = room
        .web
        .raw(
            axum::http::Request::get(format!("/events?live={e}"))
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(stream.status(), StatusCode::OK, "/events?live={s:?}");
    let what = format!("an article action {s:?}");
    let reply = post(
        "/admin/articles/1/action".into(),
        Some(room.editor.clone()),
        format!("do={e}"),
    )
    .await;
    check_answer(&what, &reply);
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{what}");
    let reply = post(
        format!("/admin/articles/{e}/revisions/{e}/restore"),
        Some(room.editor.clone()),
        String::new(),
    )
    .await;
    check_answer("restoring a revision", &reply);
    for uri in [
        format!("/admin/articles/{e}/deliveries/{e}/retry"),
        format!("/admin/articles/1/deliveries/{e}/retry"),
    ] {
        let reply = post(uri, Some(room.editor.clone()), String::new()).await;
        check_answer("retrying a Telegram delivery", &reply);
    }
    // A correction note: added (and listed), or refused with the note kept.
    let what = format!("a correction {s:?}");
    let reply = post(
        format!("/admin/articles/{}/corrections", room.corrected),
        Some(room.editor.clone()),
        format!("note={e}"),
    )
    .await;
    let page = landing(room, &what, &reply, Some(&room.editor)).await;
    let note_box = scraper::Selector::parse("#note").unwrap();
    let document = page.document();
    let kept: String = document
        .select(&note_box)
        .next()
        .map(|t| t.text().collect())
        .unwrap_or_default();
    if reply
        .location()
        .contains("e_correction=correction-unpublished")
    {
        // Trashed by an article action above (`s` was its id): no form.
    } else if reply.location().contains("e_correction=") {
        let sent: String = s.chars().take(CORRECTION_MAX_CHARS + 100).collect();
        assert_eq!(
            kept.trim(),
            as_parsed(&sent).trim(),
            "{what}: typed note kept"
        );
        let error = scraper::Selector::parse("#note-error").unwrap();
        assert!(
            document.select(&error).next().is_some(),
            "{what}: a message"
        );
    } else {
        assert!(kept.trim().is_empty(), "{what}: the form is empty again");
        let listed = scraper::Selector::parse(".corrections-admin li").unwrap();
        let notes: Vec<String> = document
            .select(&listed)
            .map(|li| li.text().collect())
            .collect();
        let typed = normalize_multiline(s);
        assert!(
            notes
                .iter()
                .any(|n| n.contains(typed.lines().next().unwrap_or(""))),
            "{what}: listed"
        );
    }
    // The beacon takes only a slug (and is off here: 404).
    room.count();
    let beacon = room
        .web
        .send(
            axum::http::Request::post("/views")
                .header("origin", common::web::SITE)
                .body(axum::body::Body::from(s.to_string()))
                .unwrap(),
        )
        .await;
    check_answer("the beacon", &beacon);
    // An upload that is not an image.
    room.count();
    let upload = room
        .web
        .post_multipart("/admin/images", &room.editor, &[], Some(s.as_bytes()))
        .await;
    check_answer("an upload", &upload);
    assert_eq!(upload.status, StatusCode::BAD_REQUEST, "{s:?}");
    // A body image "chosen" from the library by a forged value: saved
    // only for a stored image's id, else the form again.
    room.count();
    let mut form = article_fields(&room.image_id, "", "");
    form.extend([("inline_stored", s), ("inline_alt", "Описание")]);
    let chosen = room
        .web
        .post_multipart("/admin/articles/new", &room.editor, &form, None)
        .await;
    check_answer("a chosen body image", &chosen);
    let expected = match s.trim().parse::<i64>() {
        Ok(id) if id.to_string() == room.image_id => StatusCode::SEE_OTHER,
        Ok(_) => StatusCode::UNPROCESSABLE_ENTITY,
        Err(_) => StatusCode::SEE_OTHER,
    };
    assert_eq!(chosen.status, expected, "{s:?}");
    // A forged language or translation: saved only for a known language
    // (a translation id that is not a number is left out), else the form
    // again; never a 500.
    for (name, expected) in [
        (
            "lang",
            [StatusCode::SEE_OTHER, StatusCode::UNPROCESSABLE_ENTITY],
        ),
        (
            "translation_of",
            [StatusCode::SEE_OTHER, StatusCode::UNPROCESSABLE_ENTITY],
        ),
        // Saved, or refused at its field (control characters, length).
        (
            "telegram_text",
            [StatusCode::SEE_OTHER, StatusCode::UNPROCESSABLE_ENTITY],
        ),
    ] {
        room.count();
        let mut form = article_fields(&room.image_id, "", "");
        form.push((name, s));
        let reply = room
            .web
            .post_multipart("/admin/articles/new", &room.editor, &form, None)
            .await;
        check_answer(&format!("an article's {name} {s:?}"), &reply);
        assert!(
            expected.contains(&reply.status),
            "{name} {s:?}: {}",
            reply.status
        );
        if name == "lang" && reply.status == StatusCode::SEE_OTHER {
            assert!(
                ["", "ru", "kk"].contains(&s.trim()),
                "saved with lang {s:?}"
            );
        }
    }
    // A static page of an unknown edition: the form again.
    room.count();
    let page = room
        .web
        .post_form(
            "/admin/pages/new",
            Some(&room.editor),
            &format!("title=Страница&body=Текст&published=on&lang={}", encode(s)),
        )
        .await;
    check_answer(&format!("a page's edition {s:?}"), &page);
    let expected = match s.trim() {
        "" | "ru" | "kk" => StatusCode::SEE_OTHER,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    assert_eq!(page.status, expected, "a page's edition {s:?}");
}

async fn add_category(room: &Newsroom, s: &str) {
    let what = format!("a new category {s:?}");
    room.count();
    let reply = room
        .web
        .post_form(
            "/admin/categories",
            Some(&room.admin),
            &format!("name={}", encode(s)),
        )
        .await;
    let page = landing(room, &what, &reply, Some(&room.admin)).await;
    if reply.location().contains("e_name=") {
        assert_eq!(
            value_of(&page, "new-category"),
            Some(as_parsed(s)),
            "{what}"
        );
    } else {
        let categories = app::db::categories::list(&room.t.db).await.unwrap();
        assert!(
            categories.iter().any(|c| c.name == s.trim()),
            "{what}: saved as typed"
        );
    }
}

//! The newsroom's craft against a real database (both engines, see
//! `common`): bylines with several authors, responsive image sizes,
//! corrections, and read counts for «Самое читаемое».

mod common;

use app::db::{authors, corrections, editorial, images, views};
use app::domain::accounts::Role;
use app::domain::articles::{ArticleForm, SaveOutcome};
use app::domain::refusal::Refusal;
use app::server::articles::corrections::add_correction;
use app::server::articles::save::save_article;
use app::server::media::store_image;
use axum::http::StatusCode;
use common::web::{state, Web, SITE};
use common::{account, fresh_db, published, saved, seed, NOW};
use server::page_cache::PageCache;
use std::sync::Arc;
use std::time::Duration;

/// A PNG photo `width`×`height` (a gradient).
fn photo(width: u32, height: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    picture
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    out.into_inner()
}

#[tokio::test]
async fn several_authors_in_order_on_the_page_the_feeds_and_each_authors_page() {
    let t = fresh_db().await;
    seed(&t.db).await;
    authors::insert(&t.db, "daniyar-akhmetov", "Данияр Ахметов", "")
        .await
        .unwrap();
    let editor = account(&t.db, "editor", Role::Editor).await;
    let form = ArticleForm {
        coauthors: "данияр ахметов, Әлия Сейітова".into(),
        credit_line: "Фото: Reuters; перевод: Данияр Ахметов".into(),
        ..published("Выборы в маслихат: итоги")
    };
    let first = saved(save_article(&t.db, &editor, &form, NOW).await.unwrap());
    let byline: Vec<String> = authors::for_article(&t.db, first.id)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(
        byline,
        ["Сотрудник editor", "Данияр Ахметов", "Әлия Сейітова"],
        "the editor first, then the co-authors as typed"
    );

    // Unknown names are refused, naming the name; nothing is saved.
    let unknown = ArticleForm {
        coauthors: "Данияр Ахметов, Нет Такого".into(),
        ..published("Другая статья")
    };
    match save_article(&t.db, &editor, &unknown, NOW).await.unwrap() {
        SaveOutcome::Invalid(errors) => assert_eq!(
            errors.get("coauthors"),
            Some(&Refusal::CoauthorUnknown("Нет Такого".into()))
        ),
        other => panic!("{other:?}"),
    }

    let web = Web::at(&t, NOW + 60);
    let page = web.get(&format!("/news/{}", first.slug)).await;
    assert_eq!(page.status, StatusCode::OK);
    let document = page.document();
    let links = scraper::Selector::parse(".article__authors a[rel=author]").unwrap();
    let hrefs: Vec<&str> = document
        .select(&links)
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(hrefs.len(), 3, "{}", page.body);
    assert_eq!(hrefs[1], "/author/daniyar-akhmetov");
    assert!(page.body.contains("Фото: Reuters; перевод: Данияр Ахметов"));
    let json_ld = scraper::Selector::parse("script[type=\"application/ld+json\"]").unwrap();
    let data: serde_json::Value = serde_json::from_str(
        &document
            .select(&json_ld)
            .next()
            .unwrap()
            .text()
            .collect::<String>(),
    )
    .unwrap();
    assert_eq!(data["author"].as_array().map(Vec::len), Some(3));
    assert_eq!(data["author"][1]["name"], "Данияр Ахметов");

    let feed = web.get("/feed.xml").await;
    assert_eq!(
        feed.body.matches("<dc:creator>").count(),
        3,
        "{}",
        feed.body
    );
    assert!(feed
        .body
        .contains("<dc:creator>Данияр Ахметов</dc:creator>"));

    // A co-author's page lists the article, and so does their feed.
    let listed = |body: &str| {
        let cards = scraper::Selector::parse(".list .card__title a").unwrap();
        scraper::Html::parse_document(body)
            .select(&cards)
            .map(|a| a.text().collect::<String>())
            .collect::<Vec<_>>()
    };
    for uri in ["/author/daniyar-akhmetov", "/author/aliya-seytova"] {
        let list = web.get(uri).await;
        assert_eq!(list.status, StatusCode::OK, "{uri}");
        assert_eq!(listed(&list.body), ["Выборы в маслихат: итоги"], "{uri}");
    }
    let feed = web.get("/author/daniyar-akhmetov/feed.xml").await;
    assert!(feed.body.contains("Выборы в маслихат: итоги"));

    // Editing keeps the byline, and a revision keeps the one it replaced.
    let edited = ArticleForm {
        id: Some(first.id),
        version: first.version,
        coauthors: "Данияр Ахметов".into(),
        ..published("Выборы в маслихат: итоги")
    };
    saved(
        save_article(&t.db, &editor, &edited, NOW + 120)
            .await
            .unwrap(),
    );
    assert_eq!(
        authors::coauthor_ids(t.db.pool(), first.id)
            .await
            .unwrap()
            .len(),
        1
    );
    let revisions = editorial::revisions(&t.db, first.id).await.unwrap();
    assert_eq!(authors::ids_from_text(&revisions[0].coauthors).len(), 2);
    let list = web.get("/author/aliya-seytova").await;
    assert!(listed(&list.body).is_empty(), "no longer her article");
}

#[tokio::test]
async fn uploads_are_made_in_every_width_as_webp_and_jpeg_with_long_cache_headers() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let editor = account(&t.db, "editor", Role::Editor).await;
    let image = store_image(&t.db, &editor, &photo(2000, 1000), NOW)
        .await
        .expect("stored");
    assert_eq!((image.width, image.height), (2000, 1000));
    let web = Web::new(&t);
    for width in [480, 800, 1200, 1600] {
        for (extension, content_type) in [("webp", "image/webp"), ("jpg", "image/jpeg")] {
            let uri = format!("/media/{}/{width}.{extension}", image.id);
            let response = web.raw(common::web::get(&uri, None)).await;
            assert_eq!(response.status(), StatusCode::OK, "{uri}");
            let headers = response.headers().clone();
            assert_eq!(headers["content-type"], content_type, "{uri}");
            assert_eq!(
                headers["cache-control"], "public, max-age=31536000, immutable",
                "{uri}"
            );
            use http_body_util::BodyExt;
            let bytes = response.into_body().collect().await.unwrap().to_bytes();
            let size = imagesize::blob_size(&bytes).expect("an image");
            assert_eq!(
                (size.width, size.height),
                (width as usize, width as usize / 2)
            );
        }
    }
    for missing in [
        "1000.webp",
        "480.png",
        "480",
        "0480.jpg",
        "99999999999999999999.webp",
    ] {
        let reply = web.get(&format!("/media/{}/{missing}", image.id)).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{missing}");
    }
    assert_eq!(
        web.get("/media/999/480.webp").await.status,
        StatusCode::NOT_FOUND
    );

    // An image stored before sizes existed gets them on first request,
    // and a small one answers the list's widths with its own.
    let small = photo(300, 200);
    let old = images::insert(&t.db, "image/png", 300, 200, &small, None, NOW)
        .await
        .unwrap();
    assert_eq!(
        images::variant(&t.db, old, 300, app::domain::images::Format::WebP)
            .await
            .unwrap(),
        None
    );
    let reply = web.get(&format!("/media/{old}/480.webp")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), "image/webp");
    assert!(
        images::variant(&t.db, old, 300, app::domain::images::Format::Jpeg)
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(
        web.get(&format!("/media/{old}/1200.webp")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        web.get(&format!("/media/{old}/301.webp")).await.status,
        StatusCode::NOT_FOUND
    );

    // A published article's page offers the sizes, and its image loads first.
    let form = ArticleForm {
        image_id: Some(image.id),
        image_alt: "Площадь".into(),
        image_caption: "Площадь Республики".into(),
        image_credit: "Фото: Әлия Сейітова".into(),
        body: format!(
            "Текст.\n\n![Вид сверху](/media/{} \"Вид сверху | Фото: дрон\")",
            image.id
        ),
        ..published("Площадь после ремонта")
    };
    let saved = saved(save_article(&t.db, &editor, &form, NOW).await.unwrap());
    let web = Web::at(&t, NOW + 60);
    let page = web.get(&format!("/news/{}", saved.slug)).await;
    let document = page.document();
    let featured = scraper::Selector::parse(".article__figure img").unwrap();
    let img = document.select(&featured).next().expect("featured image");
    assert_eq!(img.value().attr("fetchpriority"), Some("high"));
    assert_eq!(img.value().attr("loading"), None);
    assert_eq!(img.value().attr("width"), Some("2000"));
    let source = scraper::Selector::parse(".article__figure source[type=\"image/webp\"]").unwrap();
    let srcset = document
        .select(&source)
        .next()
        .and_then(|s| s.value().attr("srcset"));
    assert!(srcset.is_some_and(|s| s.contains(&format!("/media/{}/1200.webp 1200w", image.id))));
    assert!(
        page.body.contains("<figcaption>Площадь Республики"),
        "{}",
        page.body
    );
    let body_img = scraper::Selector::parse(".article__body figure img").unwrap();
    let inline = document.select(&body_img).next().expect("inline image");
    assert_eq!(inline.value().attr("loading"), Some("lazy"));
    assert_eq!(inline.value().attr("height"), Some("1000"));
}

#[tokio::test]
async fn a_correction_shows_above_the_body_and_is_kept_with_the_revisions() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let editor = account(&t.db, "editor", Role::Editor).await;
    let author = account(&t.db, "author", Role::Author).await;
    let article = saved(
        save_article(
            &t.db,
            &editor,
            &published("Аким встретился с жителями"),
            NOW,
        )
        .await
        .unwrap(),
    );
    let at = NOW + 3600;
    let note = "В первой версии неверно указана фамилия акима: Қасымов, а не Касымов.";
    assert_eq!(
        add_correction(&t.db, &editor, article.id, note, at)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        add_correction(&t.db, &editor, article.id, "  ", at)
            .await
            .unwrap(),
        Some(Refusal::CorrectionMissing)
    );
    assert!(
        add_correction(&t.db, &author, article.id, note, at)
            .await
            .is_err(),
        "authors do not correct published work"
    );
    let kept = corrections::for_article(&t.db, article.id).await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].version, article.version + 1);
    let revisions = editorial::revisions(&t.db, article.id).await.unwrap();
    assert_eq!(
        revisions.len(),
        1,
        "the version before the correction is kept"
    );
    assert_eq!(revisions[0].version, article.version);

    let web = Web::at(&t, at + 60);
    let page = web.get(&format!("/news/{}", article.slug)).await;
    let document = page.document();
    let aside = scraper::Selector::parse(".article__corrections").unwrap();
    let shown: String = document
        .select(&aside)
        .next()
        .expect("corrections")
        .text()
        .collect();
    assert!(shown.contains("Исправление, 18 ноября:"), "{shown}");
    assert!(shown.contains(note));
    let body = page.body.find("article__body").unwrap();
    assert!(
        page.body.find("article__corrections").unwrap() < body,
        "above the body"
    );
    assert!(
        page.body.contains("Обновлено"),
        "the article reads as updated"
    );
    let list = web.get("/corrections").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains(note));
    assert!(list.body.contains(&format!("/news/{}", article.slug)));

    // A draft takes no corrections; the form says so.
    let draft = saved(
        save_article(
            &t.db,
            &editor,
            &ArticleForm {
                status: "draft".into(),
                ..published("Черновик")
            },
            NOW,
        )
        .await
        .unwrap(),
    );
    assert_eq!(
        add_correction(&t.db, &editor, draft.id, note, at)
            .await
            .unwrap(),
        Some(Refusal::CorrectionNotPublished)
    );

    // Through the plain form: a refusal comes back with the typed note.
    let session = web.sign_in("editor", common::PASSWORD).await;
    let reply = web
        .post_form(
            &format!("/admin/articles/{}/corrections", article.id),
            Some(&session),
            &format!("note={}", "ә".repeat(1001)),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert!(reply.location().contains("e_correction=correction-long"));
    let form = web.get_as(reply.location(), &session).await;
    assert!(form.body.contains(&"ә".repeat(1001)));
    assert!(form.body.contains("Исправление длиннее 1000 символов."));
}

const BROWSER: (&str, &str) = (
    "user-agent",
    "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0",
);

/// A GET of article `slug` with `headers`.
async fn read(
    web: &Web,
    slug: &str,
    headers: &[(&'static str, &'static str)],
) -> common::web::Reply {
    let mut request = axum::http::Request::get(format!("/news/{slug}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    web.send(request.body(axum::body::Body::empty()).unwrap())
        .await
}

#[tokio::test]
async fn reads_are_counted_from_the_page_cache_and_merged_across_two_servers() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let slug = common::story(&t.db, "Самая читаемая новость", "politika", NOW - 600).await;
    common::story(&t.db, "Другая новость", "politika", NOW - 300).await;
    let node = || {
        let cache = Arc::new(PageCache::new(Duration::from_secs(600), 100));
        let mut state = state(&t, SITE, cache);
        state.site.clock = app::server::site::Clock::Fixed(NOW);
        Web::with(state)
    };
    let (a, b) = (node(), node());
    for _ in 0..3 {
        assert_eq!(read(&a, &slug, &[BROWSER]).await.status, StatusCode::OK);
    }
    assert!(
        !a.state.page_cache.is_empty(),
        "later reads came from the page cache"
    );
    for _ in 0..2 {
        read(&b, &slug, &[BROWSER]).await;
    }
    // Not reads: a prefetch, a prerender, a bot that says so, a 404.
    read(&a, &slug, &[BROWSER, ("sec-purpose", "prefetch")]).await;
    read(&b, &slug, &[BROWSER, ("sec-purpose", "prefetch;prerender")]).await;
    read(
        &a,
        &slug,
        &[("user-agent", "Mozilla/5.0 (compatible; Googlebot/2.1)")],
    )
    .await;
    a.get("/news/net-takoy-stati").await;

    let id = app::db::articles::id_by_slug(&t.db, app::domain::lang::Lang::Ru, &slug)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        views::total(&t.db, id, 0).await.unwrap(),
        0,
        "nothing written before a flush"
    );
    server::views::flush(&t.db, &a.state.views, NOW)
        .await
        .unwrap();
    server::views::flush(&t.db, &b.state.views, NOW)
        .await
        .unwrap();
    assert_eq!(views::total(&t.db, id, 0).await.unwrap(), 5);
    // A later flush in the same hour adds to the same row.
    read(&b, &slug, &[BROWSER]).await;
    server::views::flush(&t.db, &b.state.views, NOW + 5)
        .await
        .unwrap();
    assert_eq!(views::total(&t.db, id, 0).await.unwrap(), 6);

    // «Самое читаемое» lists it first, on a page rendered now.
    let fresh = Web::at(&t, NOW + 10);
    let home = fresh.get("/").await;
    let document = home.document();
    let block = scraper::Selector::parse(".most-read__item a").unwrap();
    let titles: Vec<String> = document
        .select(&block)
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(
        titles.first().map(String::as_str),
        Some("Самая читаемая новость")
    );
    // A week later it is out of the 24 hours but still in the 7 days.
    let rows = app::server::reader::most_read::load(&t.db, NOW + 3 * 86_400)
        .await
        .unwrap()
        .pick(app::domain::lang::Lang::Ru, None);
    assert_eq!(rows.first().map(|r| r.slug.as_str()), Some(slug.as_str()));
    let gone = app::server::reader::most_read::load(&t.db, NOW + 9 * 86_400)
        .await
        .unwrap()
        .pick(app::domain::lang::Lang::Ru, None);
    assert!(gone.is_empty());
}

#[tokio::test]
async fn admins_and_the_author_set_the_bio_and_photo_their_author_page_shows() {
    let t = fresh_db().await;
    seed(&t.db).await;
    account(&t.db, "admin", Role::Admin).await;
    account(&t.db, "author", Role::Author).await;
    account(&t.db, "other", Role::Author).await;
    let web = Web::at(&t, NOW + 60);
    let admin = web.sign_in("admin", common::PASSWORD).await;
    let author = web.sign_in("author", common::PASSWORD).await;
    let post = |session: String,
                login: &'static str,
                fields: Vec<(&'static str, String)>,
                photo: Option<Vec<u8>>| {
        let web = &web;
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (*n, v.as_str())).collect();
            let files: Vec<(&str, &[u8])> =
                photo.as_deref().map(|p| ("photo", p)).into_iter().collect();
            let (content_type, body) = common::web::multipart_with(&fields, &files);
            let request = axum::http::Request::post(format!("/admin/users/{login}/profile"))
                .header("origin", SITE)
                .header("cookie", format!("qalam_session={session}"))
                .header("content-type", content_type)
                .body(axum::body::Body::from(body))
                .unwrap();
            web.send(request).await
        }
    };
    let bio = "Пишет о Шымкенте и юге страны. Раньше — корреспондент «Қазақстан».";
    let reply = post(
        admin.clone(),
        "author",
        vec![("bio", bio.into())],
        Some(photo(600, 600)),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(reply.location(), "/admin/users?notice=profile");
    let page = web.get("/author/sotrudnik-author").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains(bio));
    assert!(
        page.body.contains("page-header__photo"),
        "the photo is shown"
    );

    // The author edits their own; not someone else's.
    let own = post(
        author.clone(),
        "author",
        vec![("bio", "Новая биография.".into())],
        None,
    )
    .await;
    assert_eq!(own.location(), "/admin/users?notice=profile");
    let page = web.get("/author/sotrudnik-author").await;
    assert!(page.body.contains("Новая биография."));
    assert!(page.body.contains("page-header__photo"), "the photo stays");
    // From their own profile page, which every role has.
    let profile = web.get_as("/admin/profile", &author).await;
    assert_eq!(profile.status, StatusCode::OK, "{}", profile.body);
    assert!(profile.body.contains("Мой профиль"));
    assert!(profile.body.contains("Новая биография."));
    assert!(profile.body.contains("href=\"/author/sotrudnik-author\""));
    let from_page = post(
        author.clone(),
        "author",
        vec![
            ("bio", "С моей страницы.".into()),
            ("back", "profile".into()),
        ],
        None,
    )
    .await;
    assert_eq!(from_page.location(), "/admin/profile?notice=profile");
    let refused_there = post(
        author.clone(),
        "author",
        vec![("bio", "ө".repeat(601)), ("back", "profile".into())],
        None,
    )
    .await;
    assert!(
        refused_there.location().starts_with("/admin/profile?bio="),
        "{}",
        refused_there.location()
    );
    let again = web.get_as(refused_there.location(), &author).await;
    assert!(again.body.contains("Биография длиннее 600 символов."));
    assert!(again.body.contains(&"ө".repeat(601)));
    let theirs = post(author.clone(), "other", vec![("bio", "Чужая".into())], None).await;
    assert_eq!(theirs.status, StatusCode::FORBIDDEN);

    // Refused: the typed bio comes back on the staff page with a message.
    let long = "ө".repeat(601);
    let refused = post(admin.clone(), "author", vec![("bio", long.clone())], None).await;
    assert!(
        refused.location().contains("e_profile=bio-long"),
        "{}",
        refused.location()
    );
    let staff = web.get_as(refused.location(), &admin).await;
    assert!(staff.body.contains(&long));
    assert!(staff.body.contains("Биография длиннее 600 символов."));
    let not_image = post(
        admin.clone(),
        "author",
        vec![("bio", "x".into())],
        Some(b"GIF89a".to_vec()),
    )
    .await;
    assert!(not_image.location().contains("e_profile=image-format"));
    // Removing the photo.
    post(
        admin,
        "author",
        vec![("bio", "Без фото.".into()), ("remove_photo", "on".into())],
        None,
    )
    .await;
    let page = web.get("/author/sotrudnik-author").await;
    assert!(!page.body.contains("page-header__photo"));

    // The Kazakh bio: refused like the Russian one, with both typed
    // bios back; kept when a form does not send it.
    let admin = web.sign_in("admin", common::PASSWORD).await;
    let long_kk = "қ".repeat(601);
    let refused = post(
        admin.clone(),
        "author",
        vec![("bio", "Орысша.".into()), ("bio_kk", long_kk.clone())],
        None,
    )
    .await;
    assert!(
        refused.location().contains("e_profile=bio-long"),
        "{}",
        refused.location()
    );
    let staff = web.get_as(refused.location(), &admin).await;
    assert!(staff.body.contains(&long_kk) && staff.body.contains("Орысша."));
    let saved = post(
        admin.clone(),
        "author",
        vec![
            ("bio", "Пишет о юге.".into()),
            ("bio_kk", "Оңтүстік туралы жазады.".into()),
        ],
        None,
    )
    .await;
    assert_eq!(saved.location(), "/admin/users?notice=profile");
    post(
        admin,
        "author",
        vec![("bio", "Только по-русски.".into())],
        None,
    )
    .await;
    let byline = app::db::authors::by_slug(&t.db, "sotrudnik-author")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (byline.bio.as_str(), byline.bio_kk.as_str()),
        ("Только по-русски.", "Оңтүстік туралы жазады.")
    );
}

#[tokio::test]
async fn a_stored_upload_chosen_for_the_body_becomes_a_figure_without_javascript() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let editor = account(&t.db, "editor", Role::Editor).await;
    let stored = store_image(&t.db, &editor, &photo(900, 600), NOW)
        .await
        .expect("stored");
    let web = Web::at(&t, NOW + 60);
    let session = web.sign_in("editor", common::PASSWORD).await;
    // The form offers it.
    let form = web.get_as("/admin/articles/new", &session).await;
    assert!(
        form.body
            .contains(&format!("name=\"inline_stored\" value=\"{}\"", stored.id)),
        "the library lists the upload"
    );
    let fields = |alt: &str, stored: String| {
        vec![
            ("version", "0".to_string()),
            ("title", "Весна в степи".to_string()),
            ("category", "politika".to_string()),
            ("lead", "Тюльпаны зацвели раньше обычного.".to_string()),
            ("body", "Первый абзац.".to_string()),
            ("status", "published".to_string()),
            ("inline_alt", alt.to_string()),
            ("inline_caption", "Тюльпаны Шренка".to_string()),
            ("inline_credit", "Фото: Qalam".to_string()),
            ("inline_stored", stored),
        ]
    };
    let send = |fields: Vec<(&'static str, String)>| {
        let web = &web;
        let session = session.clone();
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (*n, v.as_str())).collect();
            let (content_type, body) = common::web::multipart_with(&fields, &[]);
            let request = axum::http::Request::post("/admin/articles/new")
                .header("origin", SITE)
                .header("cookie", format!("qalam_session={session}"))
                .header("content-type", content_type)
                .body(axum::body::Body::from(body))
                .unwrap();
            web.send(request).await
        }
    };
    // Without a description: refused, with everything typed kept.
    let refused = send(fields("", stored.id.to_string())).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Весна в степи"));
    assert!(refused.body.contains("Тюльпаны Шренка"));
    assert!(
        refused
            .body
            .contains(&format!("value=\"{}\" checked", stored.id)),
        "the choice is kept"
    );
    // A forged id is a field error, not a 500.
    let forged = send(fields("Тюльпаны", "999999".into())).await;
    assert_eq!(forged.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Chosen and described: a figure at the end of the body.
    let saved = send(fields("Поле тюльпанов", stored.id.to_string())).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = web.get("/news/vesna-v-stepi").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page
        .body
        .contains("alt=\"Поле тюльпанов\" width=\"900\" height=\"600\""));
    assert!(page.body.contains(
        "<figcaption>Тюльпаны Шренка <span class=\"figure__credit\">Фото: Qalam</span></figcaption>"
    ));
}

//! The editors' workspace through the real router (no socket): sign-in,
//! the same-origin rule, plain form posts, security headers, images.

mod common;

use app::server::staff::{create_user, NewUser};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::web::{encode, get, post_form, post_multipart, Reply, Web, SITE};
use common::{fresh_db, seed, TestDb};

async fn send(t: &TestDb, request: Request<Body>) -> Reply {
    Web::new(t).send(request).await
}

async fn editor_session(t: &TestDb) -> String {
    create_user(
        &t.db,
        &NewUser {
            login: "editor".into(),
            name: "Айгерим Нурланова".into(),
            role: "editor".into(),
            password: "пароль редактора".into(),
        },
        app::server::site::Clock::System.now(),
    )
    .await
    .unwrap();
    let body = format!("login=editor&password={}", encode("пароль редактора"));
    let reply = send(t, post_form("/admin/login", SITE, None, &body)).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/admin");
    let cookie = reply.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    reply.session().expect("a session cookie")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_origin_posts_are_refused_before_anything_happens() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let session = editor_session(&t).await;
    for uri in [
        "/admin/login",
        "/admin/logout",
        "/admin/categories",
        "/api/admin/save_article",
    ] {
        let reply = send(
            &t,
            post_form(uri, "https://evil.example", Some(&session), "name=x"),
        )
        .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{uri}");
        assert!(reply.body.contains("Запрос отклонён"));
    }
    // Fetch metadata from another site is refused even with a matching Origin.
    let mut request = post_form("/admin/logout", SITE, Some(&session), "");
    request
        .headers_mut()
        .insert("sec-fetch-site", "cross-site".parse().unwrap());
    assert_eq!(send(&t, request).await.status, StatusCode::FORBIDDEN);
    // The session survived all of that.
    let list = send(&t, get("/admin", Some(&session))).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("Айгерим Нурланова"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_workspace_needs_a_session_and_sign_out_ends_it() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let anonymous = send(&t, get("/admin", None)).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert_eq!(anonymous.location(), "/admin/login?next=%2Fadmin");
    // Signing in brings the editor back to the page they asked for.
    let deep = send(&t, get("/admin/articles/new?draft=restore", None)).await;
    assert_eq!(
        deep.location(),
        "/admin/login?next=%2Fadmin%2Farticles%2Fnew%3Fdraft%3Drestore"
    );
    let login = send(&t, get("/admin/login", None)).await;
    assert_eq!(login.status, StatusCode::OK);
    assert!(login.body.contains("Вход для редакции"));
    // The API refuses too, with 401.
    let api = send(&t, get("/api/admin/articles", None)).await;
    assert_eq!(api.status, StatusCode::UNAUTHORIZED);

    let session = editor_session(&t).await;
    let page = send(&t, get("/admin", Some(&session))).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.headers[header::CACHE_CONTROL], "private, no-store");

    // Signing in again while signed in replaces the session.
    let body = format!("login=editor&password={}", encode("пароль редактора"));
    let again = send(&t, post_form("/admin/login", SITE, Some(&session), &body)).await;
    let rotated = again.session().unwrap();
    assert_ne!(rotated, session);
    assert_eq!(
        send(&t, get("/admin", Some(&session))).await.status,
        StatusCode::SEE_OTHER
    );

    let out = send(&t, post_form("/admin/logout", SITE, Some(&rotated), "")).await;
    assert_eq!(out.location(), "/admin/login?bye=1");
    assert!(out.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    assert_eq!(
        send(&t, get("/admin", Some(&rotated))).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_sign_in_keeps_the_login_and_says_nothing_specific() {
    let t = fresh_db().await;
    seed(&t.db).await;
    editor_session(&t).await;
    let reply = send(
        &t,
        post_form("/admin/login", SITE, None, "login=Editor&password=wrong"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(
        reply.location(),
        "/admin/login?login=Editor&e_login=sign-in"
    );
    assert!(reply.session().is_none());
    let page = send(&t, get(reply.location(), None)).await;
    assert!(page.body.contains("Неверный логин или пароль."));
    assert!(page.body.contains(r#"value="Editor""#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_carry_a_nonce_csp_that_matches_their_scripts() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let reply = send(&t, get("/admin/login", None)).await;
    let csp = reply.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(csp.contains("'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'none'"));
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce");
    assert!(nonce.len() >= 16);
    assert!(reply.body.contains(&format!(r#"nonce="{nonce}""#)));
    assert!(
        !reply.body.contains("<script>"),
        "every script carries the nonce"
    );
    let other = send(&t, get("/admin/login", None)).await;
    assert_ne!(
        other.headers[header::CONTENT_SECURITY_POLICY],
        csp,
        "one nonce per response"
    );
    assert_eq!(reply.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(
        reply
            .headers
            .get(header::STRICT_TRANSPORT_SECURITY)
            .is_none(),
        "no HSTS over http"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_plain_article_form_keeps_what_was_typed_and_saves_with_an_image() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let session = editor_session(&t).await;
    let body_text = "Текст, который нельзя потерять: «кавычки», </textarea><script>alert(1)</script> и ә ғ қ ң ө ұ ү һ і.";
    // Publishing without a lead: the form again (422), everything kept.
    let invalid = send(
        &t,
        post_multipart(
            "/admin/articles/new",
            &session,
            &[
                ("version", "0"),
                ("title", "Алматы готовится к зиме"),
                ("slug", ""),
                ("category", "politika"),
                ("lead", ""),
                ("body", body_text),
                ("status", "published"),
                ("publish_at", ""),
            ],
            None,
        ),
    )
    .await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(invalid.body.contains("Перед публикацией напишите лид."));
    assert!(invalid.body.contains(r#"value="Алматы готовится к зиме""#));
    assert!(invalid
        .body
        .contains("&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!invalid.body.contains("<script>alert(1)"));
    assert_eq!(app::db::articles::count(&t.db).await.unwrap(), 0);

    // With the lead and an image: saved, and the reader's page shows both.
    let png = include_bytes!("fixtures/photo.png");
    let saved = send(
        &t,
        post_multipart(
            "/admin/articles/new",
            &session,
            &[
                ("version", "0"),
                ("title", "Алматы готовится к зиме"),
                ("category", "politika"),
                (
                    "lead",
                    "Коммунальные службы города перешли на зимний режим.",
                ),
                ("body", body_text),
                ("status", "published"),
                ("image_alt", "Снегоуборочная техника на проспекте Абая"),
                ("breaking", "on"),
            ],
            Some(png),
        ),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert!(saved.location().ends_with("?notice=saved"));
    let article = send(&t, get("/news/almaty-gotovitsya-k-zime", None)).await;
    assert_eq!(article.status, StatusCode::OK);
    assert!(article
        .body
        .contains(r#"alt="Снегоуборочная техника на проспекте Абая""#));
    assert!(article.body.contains(r#"width="3" height="2""#));
    assert!(
        article.body.contains("&lt;script&gt;"),
        "typed HTML is text"
    );
    let src = article
        .body
        .split(r#"src="/media/"#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("an image");
    // The page shows a size made from the upload (a 3-pixel PNG: its own
    // width, as JPEG); the upload itself stays at /media/{id}.
    assert!(src.ends_with("/3.jpg"), "{src}");
    let media = send(&t, get(&format!("/media/{src}"), None)).await;
    assert_eq!(media.status, StatusCode::OK);
    assert_eq!(media.headers[header::CONTENT_TYPE], "image/jpeg");
    let id = src.split('/').next().unwrap_or_default();
    let original = send(&t, get(&format!("/media/{id}"), None)).await;
    assert_eq!(original.headers[header::CONTENT_TYPE], "image/png");
    assert_eq!(
        media.headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(
        send(&t, get("/media/999", None)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        send(&t, get("/media/abc", None)).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conflicting_plain_save_shows_both_versions() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let session = editor_session(&t).await;
    let fields = |title: &'static str, version: &'static str| {
        vec![
            ("version", version),
            ("title", title),
            ("category", "politika"),
            ("status", "draft"),
        ]
    };
    let first = send(
        &t,
        post_multipart(
            "/admin/articles/new",
            &session,
            &fields("Первая версия", "0"),
            None,
        ),
    )
    .await;
    let edit = first
        .location()
        .trim_end_matches("?notice=saved")
        .to_string();
    let mine = send(
        &t,
        post_multipart(&edit, &session, &fields("Правка Айгерим", "1"), None),
    )
    .await;
    assert_eq!(mine.status, StatusCode::SEE_OTHER);
    let late = send(
        &t,
        post_multipart(&edit, &session, &fields("Правка Нурлана", "1"), None),
    )
    .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert!(late
        .body
        .contains("Статью изменили, пока вы её редактировали"));
    assert!(
        late.body.contains(r#"value="Правка Нурлана""#),
        "the late text stays in the form"
    );
    assert!(
        late.body.contains("Правка Айгерим"),
        "the other version is shown"
    );
    // An author's crafted status is refused on the server, not just hidden.
    let bad_id = send(
        &t,
        post_multipart("/admin/articles/abc", &session, &fields("x", "1"), None),
    )
    .await;
    assert_eq!(bad_id.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_author_cannot_publish_through_the_api_either() {
    let t = fresh_db().await;
    seed(&t.db).await;
    create_user(
        &t.db,
        &NewUser {
            login: "author".into(),
            name: "Автор".into(),
            role: "author".into(),
            password: "пароль автора".into(),
        },
        app::server::site::Clock::System.now(),
    )
    .await
    .unwrap();
    let body = format!("login=author&password={}", encode("пароль автора"));
    let session = send(&t, post_form("/admin/login", SITE, None, &body))
        .await
        .session()
        .unwrap();
    let form = serde_json::json!({ "form": {
        "id": null, "version": 0, "title": "Самовольная публикация", "slug": "",
        "category": "politika", "lead": "Лид", "body": "Текст", "breaking": false,
        "status": "published", "publish_at": "", "image_id": null, "image_alt": ""
    }});
    let request = Request::post("/api/admin/save_article")
        .header(header::ORIGIN, SITE)
        .header(header::HOST, "qalam.test")
        .header(header::COOKIE, format!("qalam_session={session}"))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, "application/json")
        .body(Body::from(form.to_string()))
        .unwrap();
    let reply = send(&t, request).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    // The refusal travels as its code; the browser puts it in words.
    let outcome: app::domain::articles::SaveOutcome = serde_json::from_str(&reply.body).unwrap();
    let app::domain::articles::SaveOutcome::Invalid(refusals) = outcome else {
        panic!("an author published through the API: {}", reply.body);
    };
    assert!(app::messages::refusal(&refusals["status"]).contains("только редакторы"));
    assert_eq!(app::db::articles::count(&t.db).await.unwrap(), 0);
    // Users and categories are admin-only.
    let users = send(
        &t,
        post_form(
            "/admin/users",
            SITE,
            Some(&session),
            "login=x&name=x&role=admin&password=12345678",
        ),
    )
    .await;
    assert_eq!(users.status, StatusCode::FORBIDDEN);
    let categories = send(
        &t,
        post_form("/admin/categories", SITE, Some(&session), "name=Новая"),
    )
    .await;
    assert_eq!(categories.status, StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admins_change_roles_and_passwords_but_not_their_own_role() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let now = app::server::site::Clock::System.now();
    for (login, role) in [("boss", "admin"), ("aidos", "author")] {
        create_user(
            &t.db,
            &NewUser {
                login: login.into(),
                name: format!("Сотрудник {login}"),
                role: role.into(),
                password: "старый пароль".into(),
            },
            now,
        )
        .await
        .unwrap();
    }
    let sign_in = |login: &'static str, password: &'static str| {
        let body = format!("login={login}&password={}", encode(password));
        post_form("/admin/login", SITE, None, &body)
    };
    let boss = send(&t, sign_in("boss", "старый пароль"))
        .await
        .session()
        .unwrap();
    let aidos = send(&t, sign_in("aidos", "старый пароль"))
        .await
        .session()
        .unwrap();

    let promote = send(
        &t,
        post_form(
            "/admin/users/aidos",
            SITE,
            Some(&boss),
            "do=role&role=editor",
        ),
    )
    .await;
    assert_eq!(promote.location(), "/admin/users?notice=account");
    let row = app::db::users::by_login(&t.db, "aidos")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.role, app::domain::accounts::Role::Editor);

    let own = send(
        &t,
        post_form(
            "/admin/users/boss",
            SITE,
            Some(&boss),
            "do=role&role=author",
        ),
    )
    .await;
    assert_eq!(
        own.location(),
        "/admin/users?account=boss&e_account=own-role"
    );
    let page = send(&t, get(own.location(), Some(&boss))).await;
    assert!(page.body.contains("Свою роль изменить нельзя"));

    let short = send(
        &t,
        post_form(
            "/admin/users/aidos",
            SITE,
            Some(&boss),
            "do=password&password=short",
        ),
    )
    .await;
    assert!(short.location().ends_with("e_account=password-short"));
    let body = format!("do=password&password={}", encode("новый длинный пароль"));
    let reset = send(
        &t,
        post_form("/admin/users/aidos", SITE, Some(&boss), &body),
    )
    .await;
    assert_eq!(reset.location(), "/admin/users?notice=account");
    // The old session ended; only the new password signs in.
    assert_eq!(
        send(&t, get("/admin", Some(&aidos))).await.status,
        StatusCode::SEE_OTHER
    );
    assert!(send(&t, sign_in("aidos", "старый пароль"))
        .await
        .session()
        .is_none());
    let fresh = send(&t, sign_in("aidos", "новый длинный пароль"))
        .await
        .session()
        .unwrap();
    // Now an editor, not an admin: cannot change accounts.
    let refused = send(
        &t,
        post_form(
            "/admin/users/boss",
            SITE,
            Some(&fresh),
            "do=role&role=author",
        ),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let unknown = send(
        &t,
        post_form(
            "/admin/users/nobody",
            SITE,
            Some(&boss),
            "do=role&role=author",
        ),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

/// A query parameter of a `Location`, decoded.
fn query_value(location: &str, name: &str) -> String {
    let query = location.split_once('?').map_or("", |(_, q)| q);
    app::text::url::Query::parse(query)
        .get(name)
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_save_after_the_session_ended_comes_back_filled_in_after_sign_in() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let session = editor_session(&t).await;
    let out = send(&t, post_form("/admin/logout", SITE, Some(&session), "")).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let body_text = "Абзац, набранный, пока сессия истекала: «ёлочки», ә ғ қ ң ө ұ ү һ і.";
    let fields = [
        ("version", "0"),
        ("title", "Ночной снегопад в Алматы"),
        ("slug", ""),
        ("category", "politika"),
        ("lead", "Лид."),
        ("body", body_text),
        ("status", "draft"),
        ("publish_at", ""),
    ];
    // The ended session's post: nothing saved, the text kept for the sign-in.
    let refused = send(
        &t,
        post_multipart("/admin/articles/new", &session, &fields, None),
    )
    .await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER);
    assert!(refused.location().starts_with("/admin/login?kept=1&next="));
    assert_eq!(app::db::articles::count(&t.db).await.unwrap(), 0);
    let next = query_value(refused.location(), "next");
    assert!(next.starts_with("/admin/articles/new?stash="), "{next}");
    let login = send(&t, get(refused.location(), None)).await;
    assert!(login.body.contains("набранный текст не потерян"));

    // Signing in goes back to the form, with everything typed.
    let body = format!(
        "login=editor&password={}&next={}",
        encode("пароль редактора"),
        encode(&next)
    );
    let signed_in = send(&t, post_form("/admin/login", SITE, None, &body)).await;
    assert_eq!(signed_in.location(), next);
    let session = signed_in.session().expect("a new session");
    let form = send(&t, get(&next, Some(&session))).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains(r#"value="Ночной снегопад в Алматы""#));
    assert!(form.body.contains("«ёлочки», ә ғ қ ң ө ұ ү һ і."));
    assert!(form.body.contains("Вы снова вошли."));
    let token = query_value(&next, "stash");
    assert!(form
        .body
        .contains(&format!(r#"name="stash" value="{token}""#)));

    // Saved from there, it is an article and the stash is gone.
    let mut posted = fields.to_vec();
    posted.push(("stash", &token));
    let saved = send(
        &t,
        post_multipart("/admin/articles/new", &session, &posted, None),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(app::db::articles::count(&t.db).await.unwrap(), 1);
    let again = send(&t, get(&next, Some(&session))).await;
    assert!(!again.body.contains(body_text));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn preview_shows_the_form_as_it_stands_and_saves_nothing() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let session = editor_session(&t).await;
    let fields = [
        ("id", ""),
        ("version", "0"),
        ("title", "Черновик, который ещё не сохраняли"),
        ("slug", ""),
        ("category", "politika"),
        ("lead", "Лид из формы."),
        (
            "body",
            "## Подзаголовок\n\nТекст с **жирным** и <script>alert(1)</script> внутри.",
        ),
        ("status", "draft"),
        ("publish_at", ""),
        ("tags", "выборы, Мажилис"),
    ];
    let preview = send(
        &t,
        post_multipart("/admin/preview", &session, &fields, None),
    )
    .await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(preview.body.contains("Предпросмотр текста из формы"));
    assert!(preview.body.contains("<h2"));
    assert!(preview.body.contains("<strong>жирным</strong>"));
    assert!(preview.body.contains("Мажилис"));
    assert!(!preview.body.contains("<script>alert(1)"));
    assert_eq!(app::db::articles::count(&t.db).await.unwrap(), 0);
    // Signed out, it is the sign-in page; opened directly, a hint.
    let signed_out = send(&t, post_multipart("/admin/preview", "0", &fields, None)).await;
    assert_eq!(signed_out.status, StatusCode::SEE_OTHER);
    let direct = send(&t, get("/admin/preview", Some(&session))).await;
    assert!(direct.body.contains("открывается кнопкой «Предпросмотр»"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_search_title_and_description_name_the_readers_page() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let session = editor_session(&t).await;
    let mut fields = vec![
        ("version", "0"),
        ("title", "Аким ответил на вопросы жителей"),
        ("slug", "akim-otvetil"),
        ("category", "politika"),
        ("lead", "Лид статьи."),
        ("body", "Текст."),
        ("status", "published"),
        ("publish_at", ""),
        ("seo_title", "Аким Алматы о тарифах, дорогах и снеге"),
        (
            "seo_description",
            "Главное из встречи акима с жителями: тарифы, дороги, уборка снега.",
        ),
    ];
    let saved = send(
        &t,
        post_multipart("/admin/articles/new", &session, &fields, None),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = send(&t, get("/news/akim-otvetil", None)).await;
    assert!(page
        .body
        .contains("<title>Аким Алматы о тарифах, дорогах и снеге"));
    assert!(page
        .body
        .contains(r#"name="description" content="Главное из встречи акима с жителями"#));
    // The headline stays the article's own.
    assert!(page.body.contains(">Аким ответил на вопросы жителей</h1>"));
    // Too long a search title is refused at its field, everything kept.
    let long = "Очень длинный заголовок ".repeat(10);
    fields[1] = ("title", "Другая статья");
    fields[2] = ("slug", "drugaya");
    fields[8] = ("seo_title", &long);
    let refused = send(
        &t,
        post_multipart("/admin/articles/new", &session, &fields, None),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Не длиннее 120 символов."));
}

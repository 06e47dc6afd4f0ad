//! «Из файла Word (.docx)»: real documents made by LibreOffice (and the
//! hostile ones made from them, see fixtures/docx/README.md) through the
//! reader, the image store and the one HTML-to-markup converter.

mod common;

use app::domain::accounts::Role;
use app::domain::refusal::Refusal;
use app::error::AppError;
use app::server::docx::import::from_docx;
use common::{account, fresh_db, seed, NOW};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/docx/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[tokio::test]
async fn a_libreoffice_document_becomes_the_expected_markup_with_its_image_stored() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let editor = account(&t.db, "editor", Role::Editor).await;
    let converted = from_docx(&t.db, &editor, &fixture("newsroom.docx"), NOW)
        .await
        .expect("converted");
    let expected = std::fs::read_to_string(format!(
        "{}/tests/fixtures/docx/newsroom.md",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("expected markup");
    assert_eq!(converted.markup, expected.trim_end());
    assert_eq!(converted.images_left_out, 0);
    // The markup renders as typed markup does: the sanitiser has the last word.
    let html = app::server::markup::render(&converted.markup);
    assert!(html.contains("<h2>Итоги сессии маслихата</h2>"));
    assert!(!html.contains("<script"));
}

#[tokio::test]
async fn what_is_not_a_plain_docx_is_refused_with_its_reason() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let editor = account(&t.db, "editor", Role::Editor).await;
    for (name, refusal) in [
        ("newsroom.doc", Refusal::DocxOldWord),
        ("encrypted.docx", Refusal::DocxEncrypted),
        ("macros.docm", Refusal::DocxMacros),
        ("bomb.docx", Refusal::DocxTooLarge),
        ("newsroom.fodt", Refusal::DocxNotDocx),
    ] {
        let started = std::time::Instant::now();
        assert_eq!(
            from_docx(&t.db, &editor, &fixture(name), NOW).await,
            Err(AppError::Refused(refusal)),
            "{name}"
        );
        // The bomb is refused after expanding at most the limit.
        assert!(started.elapsed().as_secs() < 10, "{name} took too long");
    }
    let png = include_bytes!("fixtures/photo.png");
    assert_eq!(
        from_docx(&t.db, &editor, png, NOW).await,
        Err(AppError::Refused(Refusal::DocxNotDocx))
    );
    assert_eq!(app::db::images::recent(&t.db, 10).await.unwrap().len(), 0);
}

mod through_http {
    use super::{common, fixture};
    use axum::body::Body;
    use axum::http::{header, Request, StatusCode};
    use common::web::{encode, multipart_with, post_form, Web, SITE};
    use common::{fresh_db, seed, TestDb};

    async fn session(t: &TestDb) -> String {
        app::server::staff::create_user(
            &t.db,
            &app::server::staff::NewUser {
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
        let reply = Web::new(t)
            .send(post_form("/admin/login", SITE, None, &body))
            .await;
        reply.session().expect("a session")
    }

    fn post(uri: &str, session: &str, fields: &[(&str, &str)], docx: &[u8]) -> Request<Body> {
        let (content_type, body) = multipart_with(fields, &[("docx", docx)]);
        Request::post(uri)
            .header(header::ORIGIN, SITE)
            .header(header::COOKIE, format!("qalam_session={session}"))
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn with_javascript_the_document_comes_back_as_markup_and_refusals_as_json() {
        let t = fresh_db().await;
        seed(&t.db).await;
        let session = session(&t).await;
        let web = Web::new(&t);
        let done = web
            .send(post(
                "/admin/docx",
                &session,
                &[],
                &fixture("newsroom.docx"),
            ))
            .await;
        assert_eq!(done.status, StatusCode::OK);
        let converted: app::domain::workspace::FromDocx =
            serde_json::from_str(&done.body).expect("JSON");
        assert!(converted.markup.starts_with("## Итоги сессии маслихата"));
        let refused = web
            .send(post("/admin/docx", &session, &[], &fixture("macros.docm")))
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        assert!(refused.body.contains("макросы"));
        assert!(refused.body.contains("DocxMacros"));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn without_javascript_the_form_comes_back_with_the_text_in_it_and_nothing_saved() {
        let t = fresh_db().await;
        seed(&t.db).await;
        let session = session(&t).await;
        let web = Web::new(&t);
        let fields = [
            ("version", "0"),
            ("title", "Сессия маслихата"),
            ("slug", ""),
            ("category", "politika"),
            ("lead", ""),
            ("body", "Абзац, набранный до документа."),
            ("status", "draft"),
            ("publish_at", ""),
        ];
        let page = web
            .send(post(
                "/admin/articles/new",
                &session,
                &fields,
                &fixture("newsroom.docx"),
            ))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page
            .body
            .contains("Текст документа добавлен в конец статьи"));
        assert!(page
            .body
            .contains("Абзац, набранный до документа.\n\n## Итоги сессии маслихата"));
        assert_eq!(app::db::articles::count(&t.db).await.unwrap(), 0);
        // A refused document: the form again, everything typed, the reason
        // at the field.
        let refused = web
            .send(post(
                "/admin/articles/new",
                &session,
                &fields,
                &fixture("encrypted.docx"),
            ))
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("защищён паролем"));
        assert!(refused.body.contains(r#"value="Сессия маслихата""#));
        assert!(refused.body.contains("Абзац, набранный до документа."));
    }
}

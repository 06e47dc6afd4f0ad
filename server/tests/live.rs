//! Live coverage against a real database (both engines, see `common`):
//! who may post updates, what a live story's page shows (and its
//! LiveBlogPosting), the breaking bar's timing, and an event stream that
//! carries an update and ends when the node begins to stop. The push
//! across two real nodes is in `nodes.rs`.

mod common;

use app::db::live;
use app::domain::accounts::Role;
use app::domain::articles::{ArticleForm, SaveOutcome, Status};
use app::domain::live::UpdateForm;
use app::domain::refusal::Refusal;
use app::error::AppError;
use app::server::articles::save::save_article;
use app::server::articles::status::{article_action, Action};
use app::server::live::{add_update, delete_update, edit_update};
use axum::http::StatusCode;
use common::web::Web;
use common::{account, fresh_db, seed, NOW};
use http_body_util::BodyExt;

fn update(headline: &str, body: &str, pinned: bool) -> UpdateForm {
    UpdateForm {
        headline: headline.into(),
        body: body.into(),
        pinned,
        important: false,
    }
}

fn story(title: &str, breaking: bool, hours: &str) -> ArticleForm {
    ArticleForm {
        title: title.into(),
        category: "politika".into(),
        lead: "Лид материала.".into(),
        body: "Текст.".into(),
        status: Status::Published.as_str().into(),
        breaking,
        breaking_hours: hours.into(),
        ..ArticleForm::default()
    }
}

async fn publish(
    db: &app::db::Db,
    user: &app::server::accounts::User,
    form: &ArticleForm,
    at: i64,
) -> i64 {
    match save_article(db, user, form, at).await.expect("saved") {
        SaveOutcome::Saved(saved) => saved.id,
        other => panic!("not saved: {other:?}"),
    }
}

#[tokio::test]
async fn updates_need_a_live_story_and_its_author_or_an_editor() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let editor = account(&t.db, "editor", Role::Editor).await;
    let author = account(&t.db, "author", Role::Author).await;
    let other = account(&t.db, "other", Role::Author).await;
    // The author's story, published by an editor.
    let draft = match save_article(
        &t.db,
        &author,
        &ArticleForm {
            status: "review".into(),
            ..story("День выборов", false, "")
        },
        NOW,
    )
    .await
    .unwrap()
    {
        SaveOutcome::Saved(saved) => saved,
        other => panic!("{other:?}"),
    };
    let id = draft.id;
    let row = app::db::editorial::by_id(&t.db, id).await.unwrap().unwrap();
    let published = ArticleForm {
        id: Some(id),
        version: row.version,
        ..story("День выборов", false, "")
    };
    assert!(matches!(
        save_article(&t.db, &editor, &published, NOW).await.unwrap(),
        SaveOutcome::Saved(_)
    ));

    // Not live yet: refused.
    let early = add_update(
        &t.db,
        &author,
        id,
        &update("", "Участки открылись.", false),
        NOW,
    )
    .await;
    assert_eq!(early, Err(AppError::Refused(Refusal::NotLive)));
    // Only editors start the coverage.
    assert_eq!(
        article_action(&t.db, &author, id, Action::LiveStart, NOW).await,
        Err(AppError::Forbidden)
    );
    article_action(&t.db, &editor, id, Action::LiveStart, NOW)
        .await
        .unwrap();

    // The author posts to their own story; another author may not.
    let first = add_update(
        &t.db,
        &author,
        id,
        &update("", "Участки открылись в 7:00.", false),
        NOW + 60,
    )
    .await
    .unwrap()
    .expect("valid");
    assert_eq!(first.author, "Сотрудник author");
    assert_eq!(
        add_update(
            &t.db,
            &other,
            id,
            &update("", "Чужая запись", false),
            NOW + 61
        )
        .await,
        Err(AppError::Forbidden)
    );
    // Invalid: every field's reason, nothing written.
    let refused = add_update(
        &t.db,
        &author,
        id,
        &update(&"ы".repeat(151), " ", false),
        NOW + 62,
    )
    .await
    .unwrap()
    .expect_err("refused");
    assert_eq!(refused.len(), 2);
    // The editor pins one; a later pin unpins it.
    let pinned = add_update(
        &t.db,
        &editor,
        id,
        &update("Главное", "Явка к 10:00 — 12%.", true),
        NOW + 120,
    )
    .await
    .unwrap()
    .unwrap();
    let second_pin = add_update(
        &t.db,
        &editor,
        id,
        &update("Главное к полудню", "Явка к 12:00 — 25%.", true),
        NOW + 180,
    )
    .await
    .unwrap()
    .unwrap();
    let stored = live::for_article(&t.db, id).await.unwrap();
    let pins: Vec<i64> = stored.iter().filter(|u| u.pinned).map(|u| u.id).collect();
    assert_eq!(pins, [second_pin.id]);
    // Edited and deleted; the other author cannot.
    assert_eq!(
        edit_update(
            &t.db,
            &other,
            id,
            first.id,
            &update("", "Правка", false),
            NOW + 200
        )
        .await,
        Err(AppError::Forbidden)
    );
    assert_eq!(
        edit_update(
            &t.db,
            &author,
            id,
            first.id,
            &update("Открытие", "Участки открылись ровно в 7:00.", false),
            NOW + 240
        )
        .await
        .unwrap(),
        None
    );
    delete_update(&t.db, &editor, id, pinned.id, NOW + 300)
        .await
        .unwrap();
    assert_eq!(
        delete_update(&t.db, &editor, id, pinned.id, NOW + 301).await,
        Err(AppError::NotFound)
    );

    // Readers: the label, the pinned update first, then the newest, each
    // with its own address; JSON-LD is a LiveBlogPosting.
    let web = Web::at(&t, NOW + 400);
    let page = web.get("/news/den-vyborov").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Прямая трансляция"));
    let order: Vec<usize> = ["Главное к полудню", "Открытие"]
        .iter()
        .map(|h| page.body.find(h).expect(h))
        .collect();
    assert!(order[0] < order[1], "pinned first");
    assert!(page.body.contains(&format!("id=\"update-{}\"", first.id)));
    assert!(page
        .body
        .contains(&format!("href=\"#update-{}\"", first.id)));
    assert!(page.body.contains("\"@type\":\"LiveBlogPosting\""));
    assert!(page.body.contains("\"liveBlogUpdate\""));
    assert!(
        !page.body.contains("Явка к 10:00"),
        "the deleted update is gone"
    );
    // The ticker and the feed say «Онлайн» while it is live.
    let feed = web.get("/feed.xml").await;
    assert!(
        feed.body.contains("<title>Онлайн: День выборов</title>"),
        "{}",
        feed.body
    );
    let ticker = web.get("/api/ticker").await;
    assert!(ticker.body.contains("\"live\":true"), "{}", ticker.body);

    // Ended: «Трансляция завершена», no more updates, and the events
    // open pages were told, in order.
    article_action(&t.db, &editor, id, Action::LiveEnd, NOW + 500)
        .await
        .unwrap();
    assert_eq!(
        add_update(
            &t.db,
            &editor,
            id,
            &update("", "После конца", false),
            NOW + 600
        )
        .await,
        Err(AppError::Refused(Refusal::NotLive))
    );
    let page = Web::at(&t, NOW + 700).get("/news/den-vyborov").await;
    assert!(page.body.contains("Трансляция завершена"));
    assert!(page.body.contains("\"coverageEndTime\""));
    let kinds: Vec<String> = live::events_after(&t.db, 0, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(kinds.first().map(String::as_str), Some("started"));
    assert_eq!(kinds.last().map(String::as_str), Some("ended"));
    assert!(kinds.iter().any(|k| k == "remove"));
}

#[tokio::test]
async fn the_breaking_bar_shows_for_its_hours_and_comes_down_when_told() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let editor = account(&t.db, "editor", Role::Editor).await;
    let id = publish(
        &t.db,
        &editor,
        &story("Землетрясение в Алматы", true, "3"),
        NOW,
    )
    .await;
    let bar = |at: i64| {
        let db = t.db.clone();
        async move {
            app::db::live::breaking_now(&db, app::domain::lang::Lang::Ru, at)
                .await
                .unwrap()
                .map(|(article_id, ..)| article_id)
        }
    };
    assert_eq!(bar(NOW).await, Some(id));
    assert_eq!(bar(NOW + 3 * 3600 - 1).await, Some(id));
    assert_eq!(bar(NOW + 3 * 3600).await, None, "after its three hours");
    // Saving again (a typo) keeps the start; the page shows it meanwhile.
    let row = app::db::editorial::by_id(&t.db, id).await.unwrap().unwrap();
    let typo = ArticleForm {
        id: Some(id),
        version: row.version,
        ..story("Землетрясение в Алматы: подробности", true, "3")
    };
    publish(&t.db, &editor, &typo, NOW + 3600).await;
    assert_eq!(bar(NOW + 3 * 3600 - 1).await, Some(id));
    let page = Web::at(&t, NOW + 60).get("/").await;
    assert!(
        page.body.contains("class=\"breaking-bar\""),
        "on every reader page"
    );
    assert!(page.body.contains("Землетрясение в Алматы: подробности"));
    // Taken down: gone at once, and a later save does not bring it back.
    article_action(&t.db, &editor, id, Action::TakeDownBreaking, NOW + 3700)
        .await
        .unwrap();
    assert_eq!(bar(NOW + 3701).await, None);
    let row = app::db::editorial::by_id(&t.db, id).await.unwrap().unwrap();
    let again = ArticleForm {
        id: Some(id),
        version: row.version,
        ..story("Землетрясение в Алматы: итоги", true, "3")
    };
    publish(&t.db, &editor, &again, NOW + 3800).await;
    assert_eq!(bar(NOW + 3801).await, None);
    // A wrong number of hours is refused with a message.
    let bad = match save_article(&t.db, &editor, &story("Новость", true, "100"), NOW)
        .await
        .unwrap()
    {
        SaveOutcome::Invalid(errors) => errors,
        other => panic!("{other:?}"),
    };
    assert_eq!(bad.get("breaking_hours"), Some(&Refusal::BreakingHours));
}

#[tokio::test]
async fn a_stream_carries_what_changed_and_ends_when_the_node_stops() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let web = Web::at(&t, NOW);
    let response = web
        .raw(
            axum::http::Request::get("/events?live=7")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert!(
        response.headers().get("content-encoding").is_none(),
        "never compressed"
    );
    let push = web.state.push.clone();
    let mut body = response.into_body();
    assert!(next_frame(&mut body).await.unwrap().contains(": ready"));
    assert_eq!(push.open_streams(), 1);
    // Another story's update is not this stream's; the ticker is everyone's.
    push.send(&app::domain::live::Push::Remove { article: 8, id: 1 });
    push.send(&app::domain::live::Push::Remove { article: 7, id: 3 });
    let event = next_frame(&mut body).await.unwrap();
    assert!(
        event.contains("event: remove") && event.contains("\"article\":7"),
        "{event}"
    );
    push.send(&app::domain::live::Push::Ticker);
    assert!(next_frame(&mut body)
        .await
        .unwrap()
        .contains("event: ticker"));
    // The node begins to stop: the stream ends at once.
    push.closing.cancel();
    assert!(next_frame(&mut body).await.is_none(), "the stream ended");
    drop(body);
    assert_eq!(push.open_streams(), 0);
    // Hostile `live` values are no story, not an error.
    for query in ["live=abc", "live=-5", "live=%FF", "live=1e9"] {
        let reply = web
            .raw(
                axum::http::Request::get(format!("/events?{query}"))
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(reply.status(), StatusCode::OK, "{query}");
    }
}

/// The stream's next piece of text, or `None` once it ended (2 s at most).
async fn next_frame(body: &mut axum::body::Body) -> Option<String> {
    let frame = tokio::time::timeout(std::time::Duration::from_secs(2), body.frame())
        .await
        .expect("in time")?;
    let data = frame.expect("a frame").into_data().unwrap_or_default();
    Some(String::from_utf8_lossy(&data).into_owned())
}

//! The outbox and its Telegram sender against a local fake Bot API, on a
//! real database (SQLite, and PostgreSQL with `QALAM_TEST_POSTGRES_URL`):
//! one post per published article however many nodes send, a 429 waited
//! out, the edit after a correction or a new headline, the delete after
//! an unpublish, nothing for «Не публиковать в Telegram», breaking news
//! first, scheduled articles when they appear, and a node that dies
//! holding a delivery.
// Past 500 lines: one fake Bot API shared by every outbox test.

mod common;

use app::db::outbox::{self, ArticleChange};
use app::db::{categories, Db};
use app::domain::accounts::Role;
use app::domain::articles::ArticleForm;
use app::domain::lang::Lang;
use app::server::articles::save::save_article;
use app::server::site::Clock;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use common::{account, fresh_db, published, saved, seed, NOW};
use serde_json::{json, Value};
use server::reach::{Peers, Sender, TelegramBot};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

const SITE: &str = "http://qalam.test";
const TOKEN: &str = "123456:test-token";
/// A token as @BotFather gives one, entered in the workspace; the fake
/// Bot API takes it as well as [`TOKEN`].
const TOKEN_ENTERED: &str = "123456789:AAEhBP0av28PnN6xXx4Yy3u-FmlabcdefgH";

/// A Bot API on loopback: records every call, answers the first send
/// with a 429 when asked to, and numbers the messages it makes.
#[derive(Clone, Default)]
struct FakeBot {
    calls: Arc<Mutex<Vec<(String, Value)>>>,
    busy_once: Arc<AtomicBool>,
    next_message: Arc<AtomicI64>,
}

impl FakeBot {
    async fn start() -> (FakeBot, String) {
        let bot = FakeBot::default();
        bot.next_message.store(100, Ordering::SeqCst);
        let app = axum::Router::new()
            .route("/{bot}/{method}", axum::routing::post(answer))
            .with_state(bot.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        (bot, url)
    }

    fn calls(&self) -> Vec<(String, Value)> {
        self.calls.lock().unwrap().clone()
    }

    fn methods(&self) -> Vec<String> {
        self.calls().into_iter().map(|(m, _)| m).collect()
    }
}

async fn answer(
    State(bot): State<FakeBot>,
    Path((token, method)): Path<(String, String)>,
    Json(body): Json<Value>,
) -> impl IntoResponse {
    if token != format!("bot{TOKEN}") && token != format!("bot{TOKEN_ENTERED}") {
        let refusal = json!({"ok": false, "error_code": 401, "description": "Unauthorized"});
        return (StatusCode::UNAUTHORIZED, Json(refusal));
    }
    bot.calls.lock().unwrap().push((method.clone(), body));
    if method.starts_with("send") && bot.busy_once.swap(false, Ordering::SeqCst) {
        let busy = json!({
            "ok": false,
            "error_code": 429,
            "description": "Too Many Requests: retry after 3",
            "parameters": {"retry_after": 3}
        });
        return (StatusCode::TOO_MANY_REQUESTS, Json(busy));
    }
    let result = match method.as_str() {
        "sendMessage" | "sendPhoto" => {
            json!({"message_id": bot.next_message.fetch_add(1, Ordering::SeqCst)})
        }
        "editMessageText" | "editMessageCaption" => json!({"message_id": 1}),
        _ => json!(true),
    };
    (StatusCode::OK, Json(json!({"ok": true, "result": result})))
}

/// A node's sender at `now`, named `node`, with no pause between messages.
fn sender(db: &Db, api: &str, node: &str, now: i64) -> Sender {
    let peers = Peers {
        telegram: Some(TelegramBot::new(api, TOKEN).unwrap()),
        ..Peers::default()
    };
    let mut sender = Sender::new(db.clone(), peers, SITE, Clock::Fixed(now));
    sender.node = node.to_string();
    sender.per_chat_gap = std::time::Duration::ZERO;
    sender
}

async fn run_at(sender: &mut Sender, now: i64) -> usize {
    sender.clock = Clock::Fixed(now);
    sender.run_once().await.unwrap()
}

/// A newsroom with an editor and channels: «Политика» and «Спорт»; the
/// Russian edition's channel, the sport channel, the Kazakh channel.
async fn newsroom() -> (common::TestDb, app::server::accounts::User) {
    let t = fresh_db().await;
    seed(&t.db).await;
    let sport = categories::list(&t.db).await.unwrap()[1].id;
    outbox::add_channel(&t.db, Lang::Ru, None, "@qalam_news", NOW)
        .await
        .unwrap();
    outbox::add_channel(&t.db, Lang::Ru, Some(sport), "@qalam_sport", NOW)
        .await
        .unwrap();
    outbox::add_channel(&t.db, Lang::Kk, None, "@qalam_kz", NOW)
        .await
        .unwrap();
    let editor = account(&t.db, "editor", Role::Editor).await;
    (t, editor)
}

async fn publish(
    t: &common::TestDb,
    editor: &app::server::accounts::User,
    form: ArticleForm,
) -> i64 {
    saved(save_article(&t.db, editor, &form, NOW).await.unwrap()).id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_post_per_channel_from_two_nodes_after_a_429() {
    let (t, editor) = newsroom().await;
    let (bot, api) = FakeBot::start().await;
    bot.busy_once.store(true, Ordering::SeqCst);
    let id = publish(&t, &editor, published("Маслихат утвердил бюджет & <план>")).await;
    let sport = publish(
        &t,
        &editor,
        ArticleForm {
            category: "sport".into(),
            ..published("Кайрат вышел в финал")
        },
    )
    .await;
    let (mut a, mut b) = (
        sender(&t.db, &api, "node-a", NOW),
        sender(&t.db, &api, "node-b", NOW),
    );
    // Both nodes at once: each delivery is claimed by one of them.
    let (first, second) = tokio::join!(run_at(&mut a, NOW), run_at(&mut b, NOW));
    assert_eq!(first + second, 3, "politics: one channel; sport: two");
    // The 429's wait is honoured: nothing before it is over.
    for now in [NOW + 1, NOW + 2] {
        assert_eq!(run_at(&mut a, now).await + run_at(&mut b, now).await, 0);
    }
    assert_eq!(run_at(&mut b, NOW + 3).await, 1);
    for now in [NOW + 4, NOW + 60, NOW + 3600] {
        assert_eq!(run_at(&mut a, now).await + run_at(&mut b, now).await, 0);
    }
    let calls = bot.calls();
    assert_eq!(
        calls.len(),
        4,
        "three posts and the refused first try: {calls:?}"
    );
    let mut chats: Vec<(String, String)> = calls
        .iter()
        .skip(1)
        .map(|(_, body)| {
            (
                body["chat_id"].as_str().unwrap().to_string(),
                body["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    chats.sort();
    assert_eq!(
        chats
            .iter()
            .map(|(chat, _)| chat.as_str())
            .collect::<Vec<_>>(),
        ["@qalam_news", "@qalam_news", "@qalam_sport"]
    );
    let politics = &calls
        .iter()
        .rev()
        .find(|(_, body)| body["text"].as_str().unwrap().contains("Маслихат"))
        .unwrap()
        .1;
    let slug = app::db::editorial::by_id(&t.db, id)
        .await
        .unwrap()
        .unwrap()
        .slug;
    assert_eq!(politics["parse_mode"], "HTML");
    assert_eq!(
        politics["text"],
        format!(
            "<b>Маслихат утвердил бюджет &amp; &lt;план&gt;</b>\n\nЛид статьи.\n\n\
             <a href=\"{SITE}/news/{slug}\">Читать на сайте</a>"
        )
    );
    // The workspace's record: sent, with Telegram's message, after two
    // attempts for the one that waited.
    let rows = outbox::for_article(&t.db, id).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].state.as_str(), rows[0].outcome.as_str()),
        ("sent", "")
    );
    assert!(outbox::message(&t.db, id, "@qalam_news")
        .await
        .unwrap()
        .is_some());
    assert_eq!(outbox::for_article(&t.db, sport).await.unwrap().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_correction_and_a_new_headline_edit_the_message_and_an_unpublish_deletes_it() {
    let (t, editor) = newsroom().await;
    let (bot, api) = FakeBot::start().await;
    let id = publish(&t, &editor, published("Сессия маслихата")).await;
    let mut node = sender(&t.db, &api, "node", NOW);
    run_at(&mut node, NOW).await;
    let message = outbox::message(&t.db, id, "@qalam_news")
        .await
        .unwrap()
        .unwrap();

    app::server::articles::corrections::add_correction(
        &t.db,
        &editor,
        id,
        "Исправлена дата сессии.",
        NOW + 60,
    )
    .await
    .unwrap();
    run_at(&mut node, NOW + 60).await;
    let (method, body) = bot.calls().pop().unwrap();
    assert_eq!(method, "editMessageText");
    assert_eq!(body["message_id"], message.message_id);
    assert!(
        body["text"]
            .as_str()
            .unwrap()
            .contains("<i>Исправление: Исправлена дата сессии.</i>"),
        "{body}"
    );

    // A new headline: edited too; a change of the body alone is not.
    let row = app::db::editorial::by_id(&t.db, id).await.unwrap().unwrap();
    let retitled = ArticleForm {
        id: Some(id),
        version: row.version,
        slug: row.slug.clone(),
        ..published("Сессия маслихата перенесена")
    };
    saved(
        save_article(&t.db, &editor, &retitled, NOW + 120)
            .await
            .unwrap(),
    );
    run_at(&mut node, NOW + 120).await;
    assert!(bot.calls().last().unwrap().1["text"]
        .as_str()
        .unwrap()
        .contains("перенесена"));
    let row = app::db::editorial::by_id(&t.db, id).await.unwrap().unwrap();
    let body_only = ArticleForm {
        id: Some(id),
        version: row.version,
        slug: row.slug.clone(),
        body: "Другой текст.".into(),
        ..published("Сессия маслихата перенесена")
    };
    saved(
        save_article(&t.db, &editor, &body_only, NOW + 130)
            .await
            .unwrap(),
    );
    assert_eq!(run_at(&mut node, NOW + 130).await, 0);

    app::server::articles::status::article_action(
        &t.db,
        &editor,
        id,
        app::server::articles::status::Action::Unpublish,
        NOW + 180,
    )
    .await
    .unwrap();
    run_at(&mut node, NOW + 180).await;
    let (method, body) = bot.calls().pop().unwrap();
    assert_eq!(method, "deleteMessage");
    assert_eq!(body["message_id"], message.message_id);
    assert!(outbox::message(&t.db, id, "@qalam_news")
        .await
        .unwrap()
        .is_none());
    assert_eq!(
        bot.methods(),
        [
            "sendMessage",
            "editMessageText",
            "editMessageText",
            "deleteMessage"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_for_an_article_kept_off_telegram_and_breaking_news_goes_first() {
    let (t, editor) = newsroom().await;
    let (bot, api) = FakeBot::start().await;
    let kept_off = publish(
        &t,
        &editor,
        ArticleForm {
            telegram_skip: true,
            ..published("Только на сайте")
        },
    )
    .await;
    assert!(outbox::for_article(&t.db, kept_off)
        .await
        .unwrap()
        .is_empty());
    for title in ["Первая", "Вторая", "Третья"] {
        publish(&t, &editor, published(title)).await;
    }
    publish(
        &t,
        &editor,
        ArticleForm {
            breaking: true,
            telegram_text: "Свой текст для канала.".into(),
            ..published("Землетрясение в Алматы")
        },
    )
    .await;
    let mut node = sender(&t.db, &api, "node", NOW);
    assert_eq!(run_at(&mut node, NOW).await, 4);
    let first = &bot.calls()[0].1;
    assert!(
        first["text"]
            .as_str()
            .unwrap()
            .starts_with("⚡️ Срочно\n<b>Землетрясение в Алматы</b>\n\nСвой текст для канала."),
        "{first}"
    );
    assert!(bot
        .calls()
        .iter()
        .all(|(_, body)| !body["text"].as_str().unwrap().contains("Только на сайте")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scheduled_article_goes_out_when_it_appears_and_a_kazakh_one_to_its_channel() {
    let (t, editor) = newsroom().await;
    let (bot, api) = FakeBot::start().await;
    let later = ArticleForm {
        status: "scheduled".into(),
        publish_at: app::text::time::almaty_input_value(NOW + 3600),
        lang: "kk".into(),
        ..published("Ертең жарияланады")
    };
    let id = publish(&t, &editor, later).await;
    assert!(
        outbox::for_article(&t.db, id).await.unwrap().is_empty(),
        "saved, not sent"
    );
    server::scheduler::publish_due(&t.db, NOW + 3600)
        .await
        .unwrap();
    let mut node = sender(&t.db, &api, "node", NOW + 3600);
    assert_eq!(run_at(&mut node, NOW + 3600).await, 1);
    let (_, body) = bot.calls().pop().unwrap();
    assert_eq!(body["chat_id"], "@qalam_kz");
    assert!(
        body["text"].as_str().unwrap().ends_with(">Толығырақ</a>"),
        "{body}"
    );
    assert!(
        body["text"].as_str().unwrap().contains("/kk/news/"),
        "{body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_that_dies_holding_a_delivery_loses_nothing() {
    let (t, editor) = newsroom().await;
    let (bot, api) = FakeBot::start().await;
    let id = publish(&t, &editor, published("Сессия маслихата")).await;
    // Node A claims it and dies before sending or recording anything.
    let held = outbox::claim(
        &t.db,
        "node-a",
        &[outbox::TELEGRAM],
        NOW,
        NOW + server::reach::LEASE_SECONDS,
        8,
    )
    .await
    .unwrap();
    assert_eq!(held.len(), 1);
    let mut b = sender(&t.db, &api, "node-b", NOW);
    assert_eq!(run_at(&mut b, NOW + 30).await, 0, "A's lease holds");
    assert_eq!(run_at(&mut b, NOW + server::reach::LEASE_SECONDS).await, 1);
    assert_eq!(bot.methods(), ["sendMessage"]);
    // A, back, cannot record over B's result.
    outbox::finish(
        &t.db,
        &held[0],
        "node-a",
        &outbox::Finished::Failed {
            why: "поздно".into(),
        },
        NOW + 100,
    )
    .await
    .unwrap();
    let rows = outbox::for_article(&t.db, id).await.unwrap();
    assert_eq!(rows[0].state, "sent");
    // A change with no channel to tell: nothing is written.
    let mut conn = t.db.conn().await.unwrap();
    outbox::article_changed(&mut conn, 999_999, ArticleChange::Withdrawn, NOW)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refusal_is_kept_and_retried_on_request_and_the_token_stays_secret() {
    let (t, editor) = newsroom().await;
    let (bot, api) = FakeBot::start().await;
    let id = publish(&t, &editor, published("Сессия маслихата")).await;
    // A wrong token: Telegram refuses, and the outbox says so without it.
    let mut wrong = sender(&t.db, &api, "node", NOW);
    wrong.peers.telegram = Some(TelegramBot::new(&api, "999:wrong-secret").unwrap());
    run_at(&mut wrong, NOW).await;
    let rows = outbox::for_article(&t.db, id).await.unwrap();
    assert_eq!(
        (rows[0].state.as_str(), rows[0].outcome.as_str()),
        ("failed", "Unauthorized")
    );
    assert!(!format!("{rows:?}").contains("wrong-secret"));
    assert!(!format!("{:?}", wrong.peers.telegram).contains("wrong-secret"));
    assert!(bot.calls().is_empty());
    // «Повторить», with the right token.
    assert!(outbox::retry(&t.db, id, rows[0].id, NOW + 60)
        .await
        .unwrap());
    assert!(
        !outbox::retry(&t.db, id, rows[0].id, NOW + 60)
            .await
            .unwrap(),
        "once"
    );
    let mut node = sender(&t.db, &api, "node", NOW + 60);
    assert_eq!(run_at(&mut node, NOW + 60).await, 1);
    assert_eq!(
        outbox::for_article(&t.db, id).await.unwrap()[0].state,
        "sent"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_environment_s_channels_follow_the_variable() {
    let t = fresh_db().await;
    seed(&t.db).await;
    outbox::add_channel(&t.db, Lang::Ru, None, "@from_workspace", NOW)
        .await
        .unwrap();
    let chats = |db: Db| async move {
        outbox::channels(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|c| (c.lang, c.chat, c.from_env))
            .collect::<Vec<_>>()
    };
    outbox::sync_env_channels(
        &t.db,
        &[
            (Lang::Ru, "@qalam_news".into()),
            (Lang::Kk, "@qalam_kz".into()),
        ],
        NOW,
    )
    .await
    .unwrap();
    outbox::sync_env_channels(&t.db, &[(Lang::Kk, "@qalam_kz".into())], NOW)
        .await
        .unwrap();
    assert_eq!(
        chats(t.db.clone()).await,
        vec![
            (Lang::Ru, "@from_workspace".to_string(), false),
            (Lang::Kk, "@qalam_kz".to_string(), true),
        ]
    );
    // The environment's own cannot be removed in the workspace.
    let env = outbox::channels(&t.db).await.unwrap()[1].id;
    assert!(!outbox::remove_channel(&t.db, env).await.unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admins_add_and_remove_channels_in_the_workspace_and_others_cannot() {
    let t = fresh_db().await;
    seed(&t.db).await;
    account(&t.db, "admin", Role::Admin).await;
    account(&t.db, "editor", Role::Editor).await;
    let web = common::web::Web::at(&t, NOW);
    let admin = web.sign_in("admin", common::PASSWORD).await;
    let editor = web.sign_in("editor", common::PASSWORD).await;

    // A wrong address: the form again, with what was typed and a message.
    let refused = web
        .post_form(
            "/admin/telegram",
            Some(&admin),
            "lang=kk&category=sport&chat=qalam+sport",
        )
        .await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER);
    let page = web.get_as(refused.location(), &admin).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("value=\"qalam sport\""),
        "the chat typed"
    );
    assert!(page.body.contains("Укажите канал как @имя"));
    assert!(page.body.contains(r#"<option value="kk" selected"#));

    let added = web
        .post_form(
            "/admin/telegram",
            Some(&admin),
            "lang=kk&category=sport&chat=%40qalam_sport_kz",
        )
        .await;
    assert_eq!(added.location(), "/admin/telegram?notice=channel");
    let page = web.get_as("/admin/telegram", &admin).await;
    assert!(page.body.contains("@qalam_sport_kz"));
    assert!(page.body.contains("Казахская версия, рубрика «Спорт»"));
    let channels = outbox::channels(&t.db).await.unwrap();
    assert_eq!(channels.len(), 1);
    assert_eq!(
        (channels[0].lang, channels[0].category_id.is_some()),
        (Lang::Kk, true)
    );
    // The same again: refused, not doubled.
    let again = web
        .post_form(
            "/admin/telegram",
            Some(&admin),
            "lang=kk&category=sport&chat=%40qalam_sport_kz",
        )
        .await;
    assert!(again.location().contains("e_chat=telegram-taken"));

    // Editors may not see or change the list.
    let forbidden = web.get_as("/admin/telegram", &editor).await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    let forbidden = web
        .post_form(
            &format!("/admin/telegram/{}/delete", channels[0].id),
            Some(&editor),
            "",
        )
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    let removed = web
        .post_form(
            &format!("/admin/telegram/{}/delete", channels[0].id),
            Some(&admin),
            "",
        )
        .await;
    assert_eq!(removed.location(), "/admin/telegram?notice=channel-removed");
    assert!(outbox::channels(&t.db).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_bot_api_waits_and_says_so_in_russian() {
    let (t, editor) = newsroom().await;
    let id = publish(&t, &editor, published("Сессия маслихата")).await;
    // Nothing listens on this port.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let mut node = sender(&t.db, &closed, "node", NOW);
    assert_eq!(run_at(&mut node, NOW).await, 1);
    let rows = outbox::for_article(&t.db, id).await.unwrap();
    assert_eq!(
        (rows[0].state.as_str(), rows[0].outcome.as_str()),
        ("pending", "нет связи с Telegram")
    );
    // It waits 5 s before the next try.
    assert_eq!(run_at(&mut node, NOW + 4).await, 0);
    assert_eq!(run_at(&mut node, NOW + 5).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_entered_in_the_workspace_is_taken_up_and_never_shown() {
    let (t, editor) = newsroom().await;
    let (bot, api) = FakeBot::start().await;
    common::account(&t.db, "admin", Role::Admin).await;
    let web = common::web::Web::at(&t, NOW);
    let admin = web.sign_in("admin", common::PASSWORD).await;
    let page = web.get_as("/admin/telegram", &admin).await;
    assert!(page.body.contains("Токен бота не задан"));
    // Not a token: the message, and what was typed is not in the address.
    let wrong = web
        .post_form("/admin/telegram/token", Some(&admin), "token=not-a-token")
        .await;
    assert_eq!(
        wrong.location(),
        "/admin/telegram?e_token=telegram-token#bot"
    );
    // Editors may not set it.
    let editor_session = web.sign_in("editor", common::PASSWORD).await;
    let body = format!("token={}", common::web::encode(TOKEN_ENTERED));
    let refused = web
        .post_form("/admin/telegram/token", Some(&editor_session), &body)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let set = web
        .post_form("/admin/telegram/token", Some(&admin), &body)
        .await;
    assert_eq!(set.location(), "/admin/telegram?notice=bot-token#bot");
    let page = web.get_as("/admin/telegram", &admin).await;
    assert!(page.body.contains("Токен бота задан."));
    assert!(!page.body.contains(TOKEN_ENTERED), "never shown back");

    // A sender without the environment's token takes it up.
    let id = publish(&t, &editor, published("Токен из редакции")).await;
    let mut sender = Sender::new(t.db.clone(), Peers::default(), SITE, Clock::Fixed(NOW));
    sender.per_chat_gap = std::time::Duration::ZERO;
    assert_eq!(
        run_at(&mut sender, NOW).await,
        0,
        "no token yet: nothing claimed"
    );
    sender.stored_token_api = Some(api.clone());
    sender.refresh_token().await.unwrap();
    assert_eq!(run_at(&mut sender, NOW).await, 1);
    assert_eq!(bot.methods(), ["sendMessage"]);
    assert_eq!(
        outbox::for_article(&t.db, id).await.unwrap()[0].state,
        "sent"
    );
    // Removed: the sender lets deliveries wait again.
    web.post_form("/admin/telegram/token/delete", Some(&admin), "")
        .await;
    sender.refresh_token().await.unwrap();
    assert!(sender.peers.telegram.is_none());
}

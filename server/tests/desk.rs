//! The editors' desk against a real database (SQLite, and PostgreSQL in
//! the second half of scripts/test): autosave keeps what is typed in the
//! editor's own slot and never where readers look; reopening offers it
//! back; a new article becomes a draft row at its first autosave.

mod common;

use app::db::{articles, editorial};
use app::domain::accounts::Role;
use app::domain::articles::{ArticleForm, SaveOutcome, Status};
use app::domain::refusal::Refusal;
use app::domain::workspace::PresenceNews;
use app::error::AppError;
use app::server::accounts::User;
use app::server::articles::form::{editor_page, Opening};
use app::server::articles::{drafts, listing, save::save_article, stash};
use app::server::presence;
use common::{account, fresh_db, published, saved, seed, NOW};

async fn open(
    db: &app::db::Db,
    user: &User,
    id: i64,
    restore: bool,
) -> app::domain::workspace::ArticleEditor {
    let opening = Opening {
        restore_draft: restore,
        ..Opening::default()
    };
    editor_page(db, user, Some(id), opening, "https://qalam.kz", NOW)
        .await
        .expect("the form opens")
}

#[tokio::test]
async fn autosave_keeps_typing_in_the_editors_own_slot_and_readers_see_nothing_new() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let editor = account(&t.db, "editor", Role::Editor).await;
    let colleague = account(&t.db, "colleague", Role::Editor).await;
    let article = saved(
        save_article(&t.db, &editor, &published("Бюджет города"), NOW)
            .await
            .unwrap(),
    );

    let mut typed = open(&t.db, &editor, article.id, false).await.form;
    typed.body.push_str("\n\nТретий абзац, ещё не сохранённый.");
    typed.title = "Бюджет города на 2027 год".into();
    let kept = drafts::autosave(&t.db, &editor, &typed, NOW + 5)
        .await
        .unwrap();
    assert_eq!(
        (kept.id, kept.version, kept.saved_at),
        (article.id, 1, NOW + 5)
    );

    // Nothing readers or the article's history see has changed.
    let row = editorial::by_id(&t.db, article.id).await.unwrap().unwrap();
    assert_eq!((row.version, row.title.as_str()), (1, "Бюджет города"));
    let page =
        articles::published_by_slug(&t.db, app::domain::lang::Lang::Ru, &article.slug, NOW + 10)
            .await
            .unwrap()
            .expect("still published");
    assert!(!page.body_html.contains("Третий абзац"));
    assert!(editorial::revisions(&t.db, article.id)
        .await
        .unwrap()
        .is_empty());

    // Reopened, the form offers it back, with what differs; a colleague
    // is offered nothing (the slot is the editor's own).
    let offer = open(&t.db, &editor, article.id, false)
        .await
        .draft
        .expect("an offer");
    assert_eq!(offer.saved_at, NOW + 5);
    assert_eq!(offer.changed, vec!["Заголовок", "Текст"]);
    assert!(!offer.stale);
    assert!(offer
        .body_lines
        .iter()
        .any(|l| l.kind == '+' && l.text == "Третий абзац, ещё не сохранённый."));
    assert!(open(&t.db, &colleague, article.id, false)
        .await
        .draft
        .is_none());

    // «Восстановить»: the form holds the unsaved version; saving it is an
    // ordinary save, which empties the slot.
    let restored = open(&t.db, &editor, article.id, true).await;
    assert_eq!(restored.form.title, "Бюджет города на 2027 год");
    assert!(restored.draft.is_none());
    let second = saved(
        save_article(&t.db, &editor, &restored.form, NOW + 20)
            .await
            .unwrap(),
    );
    assert_eq!(second.version, 2);
    assert!(open(&t.db, &editor, article.id, false)
        .await
        .draft
        .is_none());
}

#[tokio::test]
async fn a_version_typed_over_an_older_save_is_offered_as_stale_and_still_meets_the_version_check()
{
    let t = fresh_db().await;
    seed(&t.db).await;
    let editor = account(&t.db, "editor", Role::Editor).await;
    let colleague = account(&t.db, "colleague", Role::Editor).await;
    let article = saved(
        save_article(&t.db, &editor, &published("Тарифы на воду"), NOW)
            .await
            .unwrap(),
    );
    let mut typed = open(&t.db, &editor, article.id, false).await.form;
    typed.lead = "Мой новый лид.".into();
    drafts::autosave(&t.db, &editor, &typed, NOW + 1)
        .await
        .unwrap();
    let mut theirs = open(&t.db, &colleague, article.id, false).await.form;
    theirs.lead = "Лид коллеги.".into();
    saved(
        save_article(&t.db, &colleague, &theirs, NOW + 2)
            .await
            .unwrap(),
    );

    let offer = open(&t.db, &editor, article.id, false)
        .await
        .draft
        .expect("an offer");
    assert!(offer.stale, "someone saved after it was typed");
    let restored = open(&t.db, &editor, article.id, true).await.form;
    assert_eq!(restored.version, 1, "the version it was typed over");
    match save_article(&t.db, &editor, &restored, NOW + 3)
        .await
        .unwrap()
    {
        SaveOutcome::Conflict(conflict) => assert_eq!(conflict.lead, "Лид коллеги."),
        other => panic!("expected a conflict, got {other:?}"),
    }
}

#[tokio::test]
async fn a_new_article_autosaves_as_a_draft_row_once_it_has_a_title() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let author = account(&t.db, "author", Role::Author).await;
    let untitled = ArticleForm {
        body: "Текст без заголовка.".into(),
        category: "sport".into(),
        ..ArticleForm::default()
    };
    assert_eq!(
        drafts::autosave(&t.db, &author, &untitled, NOW).await,
        Err(AppError::Refused(Refusal::TitleMissing))
    );
    let titled = ArticleForm {
        title: "Сборная провела тренировку".into(),
        // Not yet valid for a save: autosave keeps it anyway.
        slug: "Неверный адрес".into(),
        ..untitled
    };
    let kept = drafts::autosave(&t.db, &author, &titled, NOW)
        .await
        .unwrap();
    let row = editorial::by_id(&t.db, kept.id)
        .await
        .unwrap()
        .expect("a draft row");
    assert_eq!(row.status, Status::Draft);
    assert_eq!(row.title, "Сборная провела тренировку");
    assert_eq!(row.body, "", "the text waits in the slot until a save");
    assert_eq!(row.author_id, author.author_id);
    let offer = open(&t.db, &author, kept.id, false)
        .await
        .draft
        .expect("the text is offered");
    assert_eq!(offer.form.body, "Текст без заголовка.");
    assert_eq!(offer.form.slug, "Неверный адрес");
    assert_eq!(offer.form.category, "sport");

    // Later autosaves go to the same article.
    let again = ArticleForm {
        id: Some(kept.id),
        version: kept.version,
        body: "Текст, дописанный позже.".into(),
        ..offer.form
    };
    let later = drafts::autosave(&t.db, &author, &again, NOW + 8)
        .await
        .unwrap();
    assert_eq!(later.id, kept.id);
    assert_eq!(articles::count(&t.db).await.unwrap(), 1);
}

#[tokio::test]
async fn autosave_asks_the_same_rules_as_saving() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let editor = account(&t.db, "editor", Role::Editor).await;
    let author = account(&t.db, "author", Role::Author).await;
    let article = saved(
        save_article(&t.db, &editor, &published("Чужая статья"), NOW)
            .await
            .unwrap(),
    );
    let mut typed = open(&t.db, &editor, article.id, false).await.form;
    typed.body = "Текст автора поверх чужой статьи.".into();
    assert_eq!(
        drafts::autosave(&t.db, &author, &typed, NOW).await,
        Err(AppError::Forbidden)
    );
    // A missing article is a 404, and a slot as heavy as a novel is refused.
    typed.id = Some(article.id + 1000);
    assert_eq!(
        drafts::autosave(&t.db, &editor, &typed, NOW).await,
        Err(AppError::NotFound)
    );
    typed.id = Some(article.id);
    typed.body = "ә".repeat(drafts::DRAFT_MAX_BYTES);
    assert_eq!(
        drafts::autosave(&t.db, &editor, &typed, NOW).await,
        Err(AppError::Refused(Refusal::BodyTooLong))
    );

    // An unsaved version identical to the article is no offer, and is dropped.
    let same = open(&t.db, &editor, article.id, false).await.form;
    drafts::autosave(&t.db, &editor, &same, NOW).await.unwrap();
    assert!(open(&t.db, &editor, article.id, false)
        .await
        .draft
        .is_none());
    // «Не восстанавливать» drops it too.
    typed.body = "Другой текст.".into();
    drafts::autosave(&t.db, &editor, &typed, NOW).await.unwrap();
    drafts::discard(&t.db, &editor, article.id).await.unwrap();
    assert!(open(&t.db, &editor, article.id, false)
        .await
        .draft
        .is_none());
}

async fn open_at(
    db: &app::db::Db,
    user: &User,
    id: i64,
    opening: Opening,
    now: i64,
) -> app::domain::workspace::ArticleEditor {
    editor_page(db, user, Some(id), opening, "https://qalam.kz", now)
        .await
        .expect("the form opens")
}

#[tokio::test]
async fn an_article_someone_edits_warns_first_and_can_be_taken_over() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let editor = account(&t.db, "editor", Role::Editor).await;
    let colleague = account(&t.db, "colleague", Role::Editor).await;
    let author = account(&t.db, "author", Role::Author).await;
    let article = saved(
        save_article(&t.db, &editor, &published("Паводок на Иртыше"), NOW)
            .await
            .unwrap(),
    );

    // The editor opens it: the form, with its open tab.
    let first = open_at(&t.db, &editor, article.id, Opening::default(), NOW).await;
    let tab = first.tab.expect("an open tab");
    assert!(first.others.is_empty());

    // The colleague is warned, and sees who and since when; so does the list.
    let warned = open_at(&t.db, &colleague, article.id, Opening::default(), NOW + 30).await;
    assert!(warned.tab.is_none(), "the warning, not the form");
    assert_eq!(warned.others.len(), 1);
    assert_eq!(warned.others[0].name, "Сотрудник editor");
    assert_eq!(
        warned.others[0].sentence(NOW + 30),
        format!(
            "Сотрудник editor редактирует эту статью (с {})",
            app::text::time::moment(NOW, NOW + 30)
        )
    );
    let list = listing::list_articles(&t.db, &colleague, &Default::default(), 1, NOW + 30)
        .await
        .unwrap();
    assert_eq!(list.items[0].editing, warned.others);
    // The editor's own list and form name nobody.
    let own = listing::list_articles(&t.db, &editor, &Default::default(), 1, NOW + 30)
        .await
        .unwrap();
    assert!(own.items[0].editing.is_empty());
    let news = presence::news(&t.db, &editor, article.id, &tab, NOW + 30)
        .await
        .unwrap()
        .expect("the editor's tab");
    assert_eq!(news, PresenceNews::default());

    // An author who may not edit it cannot take it.
    assert_eq!(
        presence::take_over(&t.db, &author, article.id, NOW + 40).await,
        Err(AppError::Forbidden)
    );
    // The colleague takes it over: the editor's tab is told who and when,
    // and the colleague's form opens without a warning.
    presence::take_over(&t.db, &colleague, article.id, NOW + 40)
        .await
        .unwrap();
    let told = presence::news(&t.db, &editor, article.id, &tab, NOW + 41)
        .await
        .unwrap()
        .expect("still the editor's tab");
    let taken = told.taken_by.expect("taken over");
    assert_eq!(
        (taken.name.as_str(), taken.since),
        ("Сотрудник colleague", NOW + 40)
    );
    let theirs = open_at(&t.db, &colleague, article.id, Opening::default(), NOW + 42).await;
    assert!(theirs.tab.is_some() && theirs.others.is_empty());
    // The editor's heartbeat does not bring the taken tab back.
    presence::still_open(&t.db, &editor, article.id, &tab, NOW + 50)
        .await
        .unwrap();
    let again = open_at(&t.db, &editor, article.id, Opening::default(), NOW + 51).await;
    assert!(
        again.tab.is_none(),
        "the editor is warned about the colleague now"
    );
    assert_eq!(again.others[0].name, "Сотрудник colleague");
}

#[tokio::test]
async fn presence_ends_when_the_tab_closes_or_within_a_minute_of_silence() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let editor = account(&t.db, "editor", Role::Editor).await;
    let colleague = account(&t.db, "colleague", Role::Editor).await;
    let article = saved(
        save_article(&t.db, &editor, &published("Снег в Астане"), NOW)
            .await
            .unwrap(),
    );
    let tab = open_at(&t.db, &editor, article.id, Opening::default(), NOW)
        .await
        .tab
        .expect("open");
    // Heartbeats keep it open past a minute...
    for beat in 1..=4 {
        presence::still_open(&t.db, &editor, article.id, &tab, NOW + beat * 20)
            .await
            .unwrap();
    }
    let seen = presence::editing(&t.db, article.id, &colleague, NOW + 90)
        .await
        .unwrap();
    assert_eq!(seen.len(), 1);
    // ...silence ends it 60 s after the last one (a killed tab, a crash).
    assert!(
        presence::editing(&t.db, article.id, &colleague, NOW + 80 + 61)
            .await
            .unwrap()
            .is_empty()
    );
    // A tab that closes is gone at once.
    let other = open_at(&t.db, &editor, article.id, Opening::default(), NOW + 200)
        .await
        .tab
        .expect("open");
    presence::close(&t.db, &other).await.unwrap();
    assert!(presence::editing(&t.db, article.id, &colleague, NOW + 201)
        .await
        .unwrap()
        .is_empty());
    // Its stream reconnecting (another node) opens it again.
    presence::reopen(&t.db, &editor, article.id, &other, NOW + 202)
        .await
        .unwrap();
    assert_eq!(
        presence::editing(&t.db, article.id, &colleague, NOW + 203)
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn a_form_posted_after_the_session_ended_comes_back_after_sign_in() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let editor = account(&t.db, "editor", Role::Editor).await;
    let author = account(&t.db, "author", Role::Author).await;
    let article = saved(
        save_article(&t.db, &editor, &published("Тарифы на тепло"), NOW)
            .await
            .unwrap(),
    );
    let mut typed = open_at(&t.db, &editor, article.id, Opening::default(), NOW)
        .await
        .form;
    typed.body = "Текст, набранный до конца сессии: ә ғ қ ң ө ұ ү һ і.".into();
    let token = stash::keep(&t.db, &typed, NOW + 10)
        .await
        .unwrap()
        .expect("kept");

    // Signed in again, the form opens with it and says so.
    let opening = |token: &str| Opening {
        stash: Some(token.to_string()),
        ..Opening::default()
    };
    let back = open_at(&t.db, &editor, article.id, opening(&token), NOW + 100).await;
    assert_eq!(back.form.body, typed.body);
    assert_eq!(
        back.form.version, typed.version,
        "the version check still guards"
    );
    assert_eq!(back.stash.as_deref(), Some(token.as_str()));
    assert_eq!(back.notice.as_deref(), Some(app::messages::STASH_RESTORED));

    // Nobody else, no other article, no made-up token and nothing older
    // than a day gets it.
    assert_eq!(
        stash::find(&t.db, &author, &token, NOW + 100)
            .await
            .unwrap(),
        None
    );
    let other = saved(
        save_article(&t.db, &editor, &published("Другая статья"), NOW)
            .await
            .unwrap(),
    );
    let elsewhere = open_at(&t.db, &editor, other.id, opening(&token), NOW + 100).await;
    assert_ne!(elsewhere.form.body, typed.body);
    assert!(elsewhere.stash.is_none());
    assert_eq!(
        stash::find(&t.db, &editor, &"0".repeat(64), NOW)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        stash::find(
            &t.db,
            &editor,
            &token,
            NOW + 10 + stash::STASH_KEEPS_SECONDS
        )
        .await
        .unwrap(),
        None
    );

    // Saved, it is forgotten; a form heavier than 2 MB is not kept.
    stash::forget(&t.db, &token).await.unwrap();
    assert_eq!(
        stash::find(&t.db, &editor, &token, NOW + 100)
            .await
            .unwrap(),
        None
    );
    typed.body = "ә".repeat(stash::STASH_MAX_BYTES / 2);
    assert_eq!(stash::keep(&t.db, &typed, NOW).await.unwrap(), None);
}

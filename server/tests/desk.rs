//! The editors' desk against a real database (SQLite, and PostgreSQL in
//! the second half of scripts/test): autosave keeps what is typed in the
//! editor's own slot and never where readers look; reopening offers it
//! back; a new article becomes a draft row at its first autosave.

mod common;

use app::db::{articles, editorial};
use app::domain::accounts::Role;
use app::domain::articles::{ArticleForm, SaveOutcome, Status};
use app::domain::refusal::Refusal;
use app::error::AppError;
use app::server::accounts::User;
use app::server::articles::{drafts, form::editor_page, save::save_article};
use common::{account, fresh_db, published, saved, seed, NOW};

async fn open(
    db: &app::db::Db,
    user: &User,
    id: i64,
    restore: bool,
) -> app::domain::workspace::ArticleEditor {
    editor_page(db, user, Some(id), None, restore, "https://qalam.kz", NOW)
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
    let page = articles::published_by_slug(&t.db, &article.slug, NOW + 10)
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

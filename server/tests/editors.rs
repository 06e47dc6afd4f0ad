//! The editors' rules against a real database: roles, sign-in throttling,
//! sessions, conflicts, revisions, scheduled publishing.

mod common;

use app::db::{articles, editorial, Db};
use app::domain::accounts::Role;
use app::domain::articles::{ArticleForm, SaveOutcome, Status};
use app::error::AppError;
use app::server::accounts::sessions::SignInError;
use app::server::accounts::{SessionPolicy, User};
use app::server::articles::status::Action;
use app::server::staff::{create_user, NewUser};
use common::{account, fresh_db, saved, seed, NOW};

fn form(title: &str, status: Status) -> ArticleForm {
    ArticleForm {
        title: title.into(),
        category: "politika".into(),
        lead: "Лид статьи.".into(),
        body: "Первый абзац.\n\n## Подзаголовок\n\nВторой абзац.".into(),
        status: status.as_str().into(),
        ..ArticleForm::default()
    }
}

#[tokio::test]
async fn an_editor_publishes_and_readers_see_it_with_a_transliterated_slug() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let editor = account(&t.db, "editor", Role::Editor).await;
    let result = app::server::articles::save::save_article(
        &t.db,
        &editor,
        &form("Қазақстан: выборы в маслихат", Status::Published),
        NOW,
    )
    .await
    .unwrap();
    let saved = saved(result);
    assert_eq!(saved.slug, "qazaqstan-vybory-v-maslikhat");
    assert_eq!(saved.status, Status::Published);
    let page = articles::published_by_slug(&t.db, app::domain::lang::Lang::Ru, &saved.slug, NOW)
        .await
        .unwrap()
        .expect("visible to readers");
    assert!(page.body_html.contains("<h2>Подзаголовок</h2>"));
    assert_eq!(page.author_name, "Сотрудник editor");

    // The same title again gets "-2"; a typed slug that is taken is refused.
    let again = saved_slug(&t.db, &editor, "Қазақстан: выборы в маслихат", "").await;
    assert_eq!(again, Ok("qazaqstan-vybory-v-maslikhat-2".to_string()));
    let clash = saved_slug(
        &t.db,
        &editor,
        "Другой заголовок",
        "qazaqstan-vybory-v-maslikhat",
    )
    .await;
    assert_eq!(
        clash,
        Err("Этот адрес уже занят другой статьёй. Измените его.".to_string())
    );
}

async fn saved_slug(db: &Db, user: &User, title: &str, slug: &str) -> Result<String, String> {
    let form = ArticleForm {
        slug: slug.into(),
        ..form(title, Status::Draft)
    };
    match app::server::articles::save::save_article(db, user, &form, NOW)
        .await
        .unwrap()
    {
        SaveOutcome::Saved(saved) => Ok(saved.slug),
        SaveOutcome::Invalid(errors) => Err(app::messages::refusal(&errors["slug"])),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_author_cannot_publish_or_touch_others_work() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let author = account(&t.db, "author", Role::Author).await;
    let other = account(&t.db, "other", Role::Author).await;
    let editor = account(&t.db, "editor", Role::Editor).await;

    // Publishing or scheduling: refused with a field message, nothing saved.
    for status in [Status::Published, Status::Scheduled] {
        let mut attempt = form("Попытка публикации", status);
        attempt.publish_at = "01.01.2031 10:00".into();
        let outcome = app::server::articles::save::save_article(&t.db, &author, &attempt, NOW)
            .await
            .unwrap();
        let SaveOutcome::Invalid(errors) = outcome else {
            panic!("an author published: {outcome:?}");
        };
        assert!(app::messages::refusal(&errors["status"]).contains("только редакторы"));
    }
    assert_eq!(articles::count(&t.db).await.unwrap(), 0);

    // Their own draft: yes, and submitting it for review.
    let draft = saved(
        app::server::articles::save::save_article(
            &t.db,
            &author,
            &form("Черновик автора", Status::Draft),
            NOW,
        )
        .await
        .unwrap(),
    );
    let review = ArticleForm {
        id: Some(draft.id),
        version: draft.version,
        ..form("Черновик автора", Status::Review)
    };
    let review = saved(
        app::server::articles::save::save_article(&t.db, &author, &review, NOW)
            .await
            .unwrap(),
    );
    assert_eq!(review.status, Status::Review);

    // Someone else's draft: not to edit, trash, restore or see.
    let edit = ArticleForm {
        id: Some(draft.id),
        version: review.version,
        ..form("Чужая правка", Status::Draft)
    };
    assert_eq!(
        app::server::articles::save::save_article(&t.db, &other, &edit, NOW).await,
        Err(AppError::Forbidden)
    );
    assert_eq!(
        app::server::articles::status::article_action(&t.db, &other, draft.id, Action::Trash, NOW)
            .await,
        Err(AppError::Forbidden)
    );
    assert_eq!(
        app::server::articles::form::editor_page(
            &t.db,
            &other,
            Some(draft.id),
            Default::default(),
            "",
            NOW
        )
        .await
        .map(|_| ()),
        Err(AppError::Forbidden)
    );
    assert_eq!(
        app::server::articles::preview::preview(&t.db, &other, draft.id, "", NOW)
            .await
            .map(|_| ()),
        Err(AppError::Forbidden)
    );

    // Once an editor publishes it, the author can no longer change it.
    let publish = ArticleForm {
        id: Some(draft.id),
        version: review.version,
        ..form("Черновик автора", Status::Published)
    };
    let published = saved(
        app::server::articles::save::save_article(&t.db, &editor, &publish, NOW)
            .await
            .unwrap(),
    );
    let edit_own = ArticleForm {
        id: Some(draft.id),
        version: published.version,
        ..form("Правка после публикации", Status::Draft)
    };
    assert_eq!(
        app::server::articles::save::save_article(&t.db, &author, &edit_own, NOW).await,
        Err(AppError::Forbidden)
    );
    assert_eq!(
        app::server::articles::status::article_action(
            &t.db,
            &author,
            draft.id,
            Action::Unpublish,
            NOW
        )
        .await,
        Err(AppError::Forbidden)
    );
    // Authors list only their own work.
    let list =
        app::server::articles::listing::list_articles(&t.db, &other, &Default::default(), 1, NOW)
            .await
            .unwrap();
    assert_eq!(list.total, 0);
    assert!(list.authors.is_empty());
}

#[tokio::test]
async fn trash_restore_and_delete_for_good_is_admin_only() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let editor = account(&t.db, "editor", Role::Editor).await;
    let admin = account(&t.db, "admin", Role::Admin).await;
    let article = saved(
        app::server::articles::save::save_article(
            &t.db,
            &editor,
            &form("Статья", Status::Published),
            NOW,
        )
        .await
        .unwrap(),
    );
    let visible = |db: Db, slug: String| async move {
        articles::published_by_slug(&db, app::domain::lang::Lang::Ru, &slug, NOW)
            .await
            .unwrap()
            .is_some()
    };
    assert_eq!(
        app::server::articles::status::article_action(
            &t.db,
            &admin,
            article.id,
            Action::Delete,
            NOW
        )
        .await,
        Err(AppError::Refused(
            app::domain::refusal::Refusal::DeleteOnlyTrashed
        ))
    );
    app::server::articles::status::article_action(
        &t.db,
        &editor,
        article.id,
        Action::Unpublish,
        NOW,
    )
    .await
    .unwrap();
    assert!(!visible(t.db.clone(), article.slug.clone()).await);
    app::server::articles::status::article_action(&t.db, &editor, article.id, Action::Trash, NOW)
        .await
        .unwrap();
    assert_eq!(
        app::server::articles::status::article_action(
            &t.db,
            &editor,
            article.id,
            Action::Delete,
            NOW
        )
        .await,
        Err(AppError::Forbidden)
    );
    app::server::articles::status::article_action(&t.db, &editor, article.id, Action::Restore, NOW)
        .await
        .unwrap();
    let row = editorial::by_id(&t.db, article.id).await.unwrap().unwrap();
    assert_eq!(row.status, app::domain::articles::Status::Draft);
    app::server::articles::status::article_action(&t.db, &admin, article.id, Action::Trash, NOW)
        .await
        .unwrap();
    app::server::articles::status::article_action(&t.db, &admin, article.id, Action::Delete, NOW)
        .await
        .unwrap();
    assert!(editorial::by_id(&t.db, article.id).await.unwrap().is_none());
    assert!(editorial::revisions(&t.db, article.id)
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn a_second_save_from_the_same_version_is_a_conflict_and_nothing_is_lost() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let first = account(&t.db, "aigerim", Role::Editor).await;
    let second = account(&t.db, "nurlan", Role::Editor).await;
    let article = saved(
        app::server::articles::save::save_article(
            &t.db,
            &first,
            &form("Исходный заголовок", Status::Draft),
            NOW,
        )
        .await
        .unwrap(),
    );
    // Both open version 1; the first saves.
    let mine = ArticleForm {
        id: Some(article.id),
        version: article.version,
        ..form("Заголовок Айгерим", Status::Draft)
    };
    let theirs = ArticleForm {
        id: Some(article.id),
        version: article.version,
        body: "Текст Нурлана, который нельзя потерять.".into(),
        ..form("Заголовок Нурлана", Status::Draft)
    };
    saved(
        app::server::articles::save::save_article(&t.db, &first, &mine, NOW + 10)
            .await
            .unwrap(),
    );
    let outcome = app::server::articles::save::save_article(&t.db, &second, &theirs, NOW + 20)
        .await
        .unwrap();
    let SaveOutcome::Conflict(conflict) = outcome else {
        panic!("the second save overwrote the first: {outcome:?}");
    };
    assert_eq!(conflict.title, "Заголовок Айгерим");
    assert_eq!(conflict.saved_by, "Сотрудник aigerim");
    assert_eq!(conflict.version, 2);
    let row = editorial::by_id(&t.db, article.id).await.unwrap().unwrap();
    assert_eq!(
        row.title, "Заголовок Айгерим",
        "the refused save wrote nothing"
    );

    // Saving again knowingly (from the version shown) wins, and the
    // overwritten text stays in the revisions.
    let again = ArticleForm {
        version: conflict.version,
        ..theirs
    };
    let done = saved(
        app::server::articles::save::save_article(&t.db, &second, &again, NOW + 30)
            .await
            .unwrap(),
    );
    assert_eq!(done.version, 3);
    let revisions = editorial::revisions(&t.db, article.id).await.unwrap();
    let titles: Vec<&str> = revisions.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(titles, ["Заголовок Айгерим", "Исходный заголовок"]);

    // Restoring a revision is itself a new version.
    let original = revisions.last().unwrap().id;
    let compare =
        app::server::articles::revisions::compare_revision(&t.db, &first, article.id, original)
            .await
            .unwrap();
    assert!(compare
        .lines
        .iter()
        .any(|l| l.kind == '-' && l.text == "Исходный заголовок"));
    assert!(compare
        .lines
        .iter()
        .any(|l| l.kind == '+' && l.text == "Заголовок Нурлана"));
    app::server::articles::revisions::restore_revision(
        &t.db,
        &first,
        article.id,
        original,
        NOW + 40,
    )
    .await
    .unwrap();
    let row = editorial::by_id(&t.db, article.id).await.unwrap().unwrap();
    assert_eq!((row.title.as_str(), row.version), ("Исходный заголовок", 4));
    assert_eq!(
        editorial::revisions(&t.db, article.id).await.unwrap().len(),
        3
    );
}

#[tokio::test]
async fn concurrent_saves_of_one_version_let_exactly_one_through() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let editor = account(&t.db, "editor", Role::Editor).await;
    let article = saved(
        app::server::articles::save::save_article(
            &t.db,
            &editor,
            &form("Гонка", Status::Draft),
            NOW,
        )
        .await
        .unwrap(),
    );
    let mut tasks = Vec::new();
    for i in 0..6 {
        let (db, editor) = (t.db.clone(), editor.clone());
        let attempt = ArticleForm {
            id: Some(article.id),
            version: article.version,
            ..form(&format!("Версия {i}"), Status::Draft)
        };
        tasks.push(tokio::spawn(async move {
            app::server::articles::save::save_article(&db, &editor, &attempt, NOW + 1).await
        }));
    }
    let mut saves = 0;
    for task in tasks {
        match task.await.unwrap().unwrap() {
            SaveOutcome::Saved(_) => saves += 1,
            SaveOutcome::Conflict(_) => {}
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(saves, 1);
    let row = editorial::by_id(&t.db, article.id).await.unwrap().unwrap();
    assert_eq!(row.version, 2);
    assert_eq!(
        editorial::revisions(&t.db, article.id).await.unwrap().len(),
        1
    );
}

#[tokio::test]
async fn scheduled_articles_appear_at_their_time_exactly_once() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let editor = account(&t.db, "editor", Role::Editor).await;
    // 18:30 in Almaty on the day of NOW, an hour or more ahead.
    let at = NOW + 2 * 3600;
    let mut planned = form("Запланированная новость", Status::Published);
    planned.publish_at = app::text::time::almaty_input_value(at);
    let planned = saved(
        app::server::articles::save::save_article(&t.db, &editor, &planned, NOW)
            .await
            .unwrap(),
    );
    assert_eq!(planned.status, Status::Scheduled, "a future time schedules");
    let at = planned.published_at.unwrap();
    assert!(at > NOW && at - NOW <= 2 * 3600);

    assert!(server::scheduler::publish_due(&t.db, at - 1)
        .await
        .unwrap()
        .is_empty());
    assert!(
        articles::latest(&t.db, app::domain::lang::Lang::Ru, at - 1, 10)
            .await
            .unwrap()
            .is_empty()
    );
    // Two servers tick at the same moment: one of them publishes it.
    let (a, b) = tokio::join!(
        server::scheduler::publish_due(&t.db, at),
        server::scheduler::publish_due(&t.db, at)
    );
    let mut published = a.unwrap();
    published.extend(b.unwrap());
    assert_eq!(published, [planned.id]);
    let latest = articles::latest(&t.db, app::domain::lang::Lang::Ru, at, 10)
        .await
        .unwrap();
    assert_eq!(latest[0].title, "Запланированная новость");
    assert!(server::scheduler::publish_due(&t.db, at + 60)
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn sign_in_is_throttled_per_account_and_never_says_which_part_was_wrong() {
    let t = fresh_db().await;
    seed(&t.db).await;
    account(&t.db, "editor", Role::Editor).await;
    let attempt = |login: &'static str, password: &'static str, ip: &'static str, now: i64| {
        let db = t.db.clone();
        async move {
            app::server::accounts::sessions::sign_in(&db, login, password, ip, now)
                .await
                .map(|_| ())
        }
    };
    // A wrong password and an unknown login read the same.
    let wrong = attempt("editor", "неверный пароль", "10.0.0.2", NOW).await;
    let unknown = attempt("nobody", "неверный пароль", "10.0.0.3", NOW).await;
    assert_eq!(
        wrong.unwrap_err().to_string(),
        unknown.unwrap_err().to_string()
    );
    for i in 1..5 {
        assert!(matches!(
            attempt("editor", "неверный пароль", "10.0.0.2", NOW + i).await,
            Err(SignInError::Invalid)
        ));
    }
    // Five failures: now even the right password waits, from any address.
    let throttled = attempt("editor", "пароль-для-тестов", "10.9.9.9", NOW + 5).await;
    let Err(SignInError::Throttled { wait_seconds }) = throttled else {
        panic!("not throttled: {throttled:?}");
    };
    assert!(wait_seconds > 0 && wait_seconds <= 30);
    // Unknown logins are throttled the same way (no hint that they exist).
    for i in 0..5 {
        let _ = attempt("ghost", "x", "10.0.0.4", NOW + i).await;
    }
    assert!(matches!(
        attempt("ghost", "x", "10.0.0.5", NOW + 6).await,
        Err(SignInError::Throttled { .. })
    ));
    // After the wait the right password works; a further failure doubles it.
    assert!(attempt("editor", "пароль-для-тестов", "10.9.9.9", NOW + 40)
        .await
        .is_ok());
    // An address guessing many logins is throttled too.
    for (i, login) in ["a1", "a2", "a3", "a4", "a5"].into_iter().enumerate() {
        let _ = attempt(login, "x", "10.7.7.7", NOW + 100 + i as i64).await;
    }
    assert!(matches!(
        attempt("editor", "пароль-для-тестов", "10.7.7.7", NOW + 106).await,
        Err(SignInError::Throttled { .. })
    ));
}

#[tokio::test]
async fn sessions_rotate_expire_and_end_at_sign_out() {
    let t = fresh_db().await;
    seed(&t.db).await;
    account(&t.db, "editor", Role::Editor).await;
    let policy = SessionPolicy {
        idle_seconds: 600,
        lifetime_seconds: 3600,
        secure_cookie: false,
    };
    let sign_in = || {
        app::server::accounts::sessions::sign_in(
            &t.db,
            "editor",
            "пароль-для-тестов",
            "10.0.0.1",
            NOW,
        )
    };
    let (_, first) = sign_in().await.unwrap();
    let (_, second) = sign_in().await.unwrap();
    assert_ne!(first, second, "every sign-in gets a new session id");
    let user = |token: String, now: i64| {
        let db = t.db.clone();
        async move {
            app::server::accounts::sessions::user_for_token(&db, &token, now, &policy)
                .await
                .unwrap()
        }
    };
    assert_eq!(
        user(first.clone(), NOW + 1).await.unwrap().role,
        Role::Editor
    );
    // Used every 9 minutes, it lives on…
    let mut now = NOW;
    while now + 540 < NOW + 3600 {
        now += 540;
        assert!(
            user(first.clone(), now).await.is_some(),
            "alive at +{}",
            now - NOW
        );
    }
    // …but not past its absolute lifetime.
    assert!(user(first.clone(), NOW + 3601).await.is_none());
    assert!(
        user(first.clone(), NOW + 10).await.is_none(),
        "deleted when expired"
    );
    // Idle for more than 10 minutes: gone.
    assert!(user(second.clone(), NOW + 601).await.is_none());
    // Sign-out ends it on the server.
    let (_, third) = sign_in().await.unwrap();
    assert!(user(third.clone(), NOW + 5).await.is_some());
    app::server::accounts::sessions::sign_out(&t.db, &third)
        .await
        .unwrap();
    assert!(user(third, NOW + 6).await.is_none());
    assert!(user("forged-token".into(), NOW).await.is_none());
}

#[tokio::test]
async fn accounts_need_valid_fields_and_store_only_argon2id_hashes() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let bad = NewUser {
        login: "Айгерим".into(),
        name: " ".into(),
        role: "boss".into(),
        password: "short".into(),
    };
    let Err(app::server::staff::CreateUserError::Invalid(errors)) =
        create_user(&t.db, &bad, NOW).await
    else {
        panic!("invalid account accepted");
    };
    let fields: Vec<&str> = errors.keys().map(String::as_str).collect();
    assert_eq!(fields, ["login", "name", "password", "role"]);
    account(&t.db, "aigerim", Role::Author).await;
    let row = app::db::users::by_login(&t.db, "aigerim")
        .await
        .unwrap()
        .unwrap();
    assert!(row.password_hash.starts_with("$argon2id$"));
    assert!(!row.password_hash.contains("пароль"));
    let taken = NewUser {
        login: "AIGERIM".into(),
        name: "Другая".into(),
        role: "author".into(),
        password: "достаточно длинный".into(),
    };
    let Err(app::server::staff::CreateUserError::Invalid(errors)) =
        create_user(&t.db, &taken, NOW).await
    else {
        panic!("duplicate login accepted");
    };
    assert_eq!(errors["login"].code(), "login-taken");
}

#[tokio::test]
async fn images_are_checked_by_their_bytes_and_stored() {
    let t = fresh_db().await;
    seed(&t.db).await;
    let editor = account(&t.db, "editor", Role::Editor).await;
    let png = tiny_png();
    let image = app::server::media::store_image(&t.db, &editor, &png, NOW)
        .await
        .unwrap();
    assert_eq!((image.width, image.height), (3, 2));
    let file = app::db::images::file(&t.db, image.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((file.content_type.as_str(), file.bytes), ("image/png", png));
    for (bytes, message) in [
        (b"<svg onload=alert(1)>".to_vec(), "JPEG, PNG или WebP"),
        (Vec::new(), "Выберите файл"),
        (
            vec![0u8; app::domain::articles::IMAGE_MAX_BYTES + 1],
            "больше 8 МБ",
        ),
    ] {
        let Err(AppError::Refused(refusal)) =
            app::server::media::store_image(&t.db, &editor, &bytes, NOW).await
        else {
            panic!("accepted a bad image");
        };
        let text = app::messages::refusal(&refusal);
        assert!(text.contains(message), "{text}");
    }
    // An article with the image shows it; without alt text it is refused.
    let mut with_image = form("С картинкой", Status::Published);
    with_image.image_id = Some(image.id);
    let outcome = app::server::articles::save::save_article(&t.db, &editor, &with_image, NOW)
        .await
        .unwrap();
    assert!(matches!(outcome, SaveOutcome::Invalid(ref e) if e.contains_key("image_alt")));
    with_image.image_alt = "Здание акимата Алматы".into();
    let done = saved(
        app::server::articles::save::save_article(&t.db, &editor, &with_image, NOW)
            .await
            .unwrap(),
    );
    let row = articles::published_by_slug(&t.db, app::domain::lang::Lang::Ru, &done.slug, NOW)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.image_id, Some(image.id));
    assert_eq!((row.image_width, row.image_height), (Some(3), Some(2)));
}

/// A valid 3×2 PNG.
pub fn tiny_png() -> Vec<u8> {
    const PNG: &str = "89504e470d0a1a0a0000000d49484452000000030000000208060000009d74661a0000001149444154789c63f8cfc0f01f86199039009b7e0bf572b0b93c0000000049454e44ae426082";
    (0..PNG.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&PNG[i..i + 2], 16).unwrap())
        .collect()
}

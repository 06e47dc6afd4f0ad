//! The article form (`/admin/articles/new`, `/admin/articles/{id}`), the
//! page's one island (`article_page.rs` puts it on the page).
//!
//! Without JavaScript it is a plain multipart form post (the image file
//! goes with it); the server answers with a redirect or the form again.
//! Hydrated, it checks fields as the editor types (the same rules as the
//! server), uploads the image at once with a progress bar, and saves
//! through a server function without reloading the page.
//!
//! Longer than most files on purpose: `EditorForm` is one island whose
//! signals every field shares, so it stays one function; the fields
//! themselves and the upload are in `fields.rs`.
// Past 500 lines: the form island is one component whose signals the
// whole view shares; its parts live in fields.rs, seo_panel.rs and others.

use super::autosave::{self, Autosave, SaveState};
use super::fields::{
    body_area, select_input, send_file, show_after_render, start_upload, text_area, text_input,
    upload_progress_line, Field, Upload,
};
use super::inline_image::InlineImage;
use super::presence::{self, presence_view};
use super::seo_panel::{seo_panel, SeoFields};
use super::visual_editor;
use crate::api::admin::{discard_draft, save_article};
use crate::domain::articles::{
    append_to_body, field, validate_article, ArticleForm, Conflict, SaveOutcome, Status,
};
use crate::domain::lang::Lang;
use crate::domain::refusal::{FieldErrors, Refusal};
use crate::domain::workspace::{
    ArticleEditor, Autosaved, Choice, DraftOffer, FromDocx, PresenceNews,
};
use crate::messages::NOT_SAVED;
use crate::text::counts;
use crate::text::time::{almaty_input_value, moment};
use crate::text::{almaty_date_time, slugify};
use leptos::prelude::*;

/// The browser's clock in Unix seconds (only read when hydrated).
fn browser_now() -> i64 {
    #[cfg(feature = "hydrate")]
    {
        (js_sys::Date::now() / 1000.0) as i64
    }
    // Only event handlers read it, and they never run on the server.
    #[cfg(not(feature = "hydrate"))]
    {
        0
    }
}

/// The value of the input or textarea `id` as the page holds it now.
fn typed_before_hydration(id: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let element = document().get_element_by_id(id)?;
        js_sys::Reflect::get(&element, &wasm_bindgen::JsValue::from_str("value"))
            .ok()?
            .as_string()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = id;
        None
    }
}

/// The clock a time on the page is shown against: the server's while it
/// renders, the browser's once live (the same day, so the same words).
fn shown_now(server_now: i64) -> i64 {
    if cfg!(feature = "hydrate") {
        browser_now()
    } else {
        server_now
    }
}

fn saved_notice(status: Status, published_at: Option<i64>) -> String {
    match (status, published_at) {
        (Status::Published, _) => "Опубликовано.".to_string(),
        (Status::Scheduled, Some(at)) => {
            format!("Запланировано на {}.", almaty_date_time(at, Lang::Ru))
        }
        (Status::Review, _) => "Отправлено на проверку.".to_string(),
        _ => "Черновик сохранён.".to_string(),
    }
}

/// The form, an island loaded only by this page (lazy: its code is a
/// chunk of its own, which no reader page fetches).
#[island(lazy)]
pub(super) fn EditorForm(data: ArticleEditor, notice: Option<String>) -> impl IntoView {
    let initial = data.form.clone();
    let initial_id = initial.id;
    let initial_form = initial.clone();
    let id = RwSignal::new(initial.id);
    let version = RwSignal::new(initial.version);
    let title = RwSignal::new(initial.title.clone());
    let slug = RwSignal::new(initial.slug.clone());
    let category = RwSignal::new(initial.category.clone());
    let lang = RwSignal::new(initial.lang.clone());
    let translation_of = initial.translation_of;
    let lead = RwSignal::new(initial.lead.clone());
    let body = RwSignal::new(initial.body.clone());
    let breaking = RwSignal::new(initial.breaking);
    let breaking_hours = RwSignal::new(initial.breaking_hours.clone());
    let status = RwSignal::new(initial.status.clone());
    let publish_at = RwSignal::new(initial.publish_at.clone());
    let image_id = RwSignal::new(initial.image_id);
    let image_url = RwSignal::new(data.image_url.clone());
    let image_alt = RwSignal::new(initial.image_alt.clone());
    let tags = RwSignal::new(initial.tags.clone());
    let image_caption = RwSignal::new(initial.image_caption.clone());
    let image_credit = RwSignal::new(initial.image_credit.clone());
    let credit_line = RwSignal::new(initial.credit_line.clone());
    let coauthors = RwSignal::new(initial.coauthors.clone());
    let seo_title = RwSignal::new(initial.seo_title.clone());
    let seo_description = RwSignal::new(initial.seo_description.clone());
    let telegram_skip = RwSignal::new(initial.telegram_skip);
    let telegram_text = RwSignal::new(initial.telegram_text.clone());
    let inline = InlineImage::new(&initial.inline);
    let stored_status = RwSignal::new(data.stored_status);
    let public_url = RwSignal::new(data.public_url.clone());
    let errors = RwSignal::new(data.errors.clone());
    let conflict = RwSignal::new(data.conflict.clone());
    let notice = RwSignal::new(notice);
    let saving = RwSignal::new(false);
    let upload_progress = RwSignal::new(None::<u32>);

    let collect = move || ArticleForm {
        id: id.get_untracked(),
        version: version.get_untracked(),
        title: title.get_untracked(),
        slug: slug.get_untracked(),
        category: category.get_untracked(),
        lead: lead.get_untracked(),
        body: body.get_untracked(),
        breaking: breaking.get_untracked(),
        status: status.get_untracked(),
        publish_at: publish_at.get_untracked(),
        image_id: image_id.get_untracked(),
        image_alt: image_alt.get_untracked(),
        tags: tags.get_untracked(),
        image_caption: image_caption.get_untracked(),
        image_credit: image_credit.get_untracked(),
        credit_line: credit_line.get_untracked(),
        coauthors: coauthors.get_untracked(),
        seo_title: seo_title.get_untracked(),
        seo_description: seo_description.get_untracked(),
        inline: Default::default(),
        breaking_hours: breaking_hours.get_untracked(),
        lang: lang.get_untracked(),
        translation_of,
        telegram_skip: telegram_skip.get_untracked(),
        telegram_text: telegram_text.get_untracked(),
    };
    // After the first failed save, fields are re-checked as the editor types.
    let recheck = move || {
        if !errors.with_untracked(FieldErrors::is_empty) {
            let mut local = validate_article(&collect(), browser_now());
            // Keep the server's findings the browser cannot know (a taken slug).
            errors.with_untracked(|server| {
                if let (Some(Refusal::SlugTaken), false) =
                    (server.get(field::SLUG), local.contains_key(field::SLUG))
                {
                    local.insert(field::SLUG.into(), Refusal::SlugTaken);
                }
            });
            errors.set(local);
        }
    };
    // What was typed before the island woke up (a fast editor on a slow
    // connection) is in the inputs but not in the signals: adopt it, or a
    // save would send the page's first values.
    Effect::new(move |_| {
        for (name, value) in [
            (field::TITLE, title),
            (field::SLUG, slug),
            (field::LEAD, lead),
            (field::BODY, body),
            (field::TAGS, tags),
            (field::COAUTHORS, coauthors),
            (field::SEO_TITLE, seo_title),
            (field::SEO_DESCRIPTION, seo_description),
        ] {
            if let Some(typed) = typed_before_hydration(name) {
                if typed != value.get_untracked() {
                    value.set(typed);
                }
            }
        }
    });
    // Autosave: every change of a field is counted; the timer and leaving
    // a field send the form (autosave.rs says when).
    let autosave = Autosave::new();
    Effect::new(move |loaded: Option<()>| {
        for text in [
            title,
            slug,
            category,
            lead,
            body,
            breaking_hours,
            status,
            publish_at,
        ] {
            text.track();
        }
        for text in [
            image_alt,
            tags,
            image_caption,
            image_credit,
            credit_line,
            coauthors,
            seo_title,
            seo_description,
            telegram_text,
        ] {
            text.track();
        }
        breaking.track();
        telegram_skip.track();
        image_id.track();
        if loaded.is_some() {
            autosave.changed();
        }
    });
    // The first autosave of a new article made its draft row: the page is
    // that article's now (a reload opens it).
    let on_kept = move |kept: Autosaved| {
        if id.get_untracked().is_none() {
            id.set(Some(kept.id));
            version.set(kept.version);
            stored_status.set(Some(Status::Draft));
            replace_address(&format!("/admin/articles/{}", kept.id));
        }
    };
    let send_autosave = move |force: bool| autosave.send_if_due(force, collect, on_kept);
    // Who else has the article open, as the workspace stream says.
    let presence_news = RwSignal::new(PresenceNews {
        others: data.others.clone(),
        taken_by: None,
    });
    let taken = move || presence_news.with(|news| news.taken_by.is_some());
    let server_now = data.now;
    if let (Some(article), Some(tab)) = (initial_id, data.tab.as_deref()) {
        presence::follow(presence::stream_path(article, tab), move |news| {
            // Taken over: what this tab typed goes to its own slot now.
            if news.taken_by.is_some() {
                send_autosave(true);
            }
            presence_news.set(news);
        });
    }
    // Both live as long as the page: an island is never unmounted.
    #[cfg(feature = "hydrate")]
    {
        if set_interval_with_handle(
            move || send_autosave(false),
            std::time::Duration::from_millis(1000),
        )
        .is_err()
        {
            leptos::logging::warn!("autosave could not start its timer");
        }
        let _leaving = window_event_listener(leptos::ev::beforeunload, move |ev| {
            if autosave.unsent() {
                autosave.keep_in_browser(&collect());
                ev.prevent_default();
            }
        });
    }
    // An unsaved version: the server's slot, or this browser's copy.
    let offer = RwSignal::new(data.draft.clone());

    let restore = move |form: ArticleForm| {
        version.set(form.version);
        title.set(form.title);
        slug.set(form.slug);
        category.set(form.category);
        lead.set(form.lead);
        body.set(form.body);
        breaking.set(form.breaking);
        breaking_hours.set(form.breaking_hours);
        status.set(form.status);
        publish_at.set(form.publish_at);
        if form.image_id != image_id.get_untracked() {
            image_url.set(form.image_id.map(|id| format!("/media/{id}")));
        }
        image_id.set(form.image_id);
        image_alt.set(form.image_alt);
        tags.set(form.tags);
        image_caption.set(form.image_caption);
        image_credit.set(form.image_credit);
        credit_line.set(form.credit_line);
        coauthors.set(form.coauthors);
        seo_title.set(form.seo_title);
        seo_description.set(form.seo_description);
        telegram_skip.set(form.telegram_skip);
        telegram_text.set(form.telegram_text);
        offer.set(None);
        notice.set(Some(crate::messages::DRAFT_RESTORED.to_string()));
    };
    let decline = move || {
        offer.set(None);
        autosave::forget_local(initial_id);
        if let Some(article) = initial_id {
            leptos::task::spawn_local(async move {
                if let Err(error) = discard_draft(article).await {
                    leptos::logging::warn!("the unsaved version was not dropped: {error}");
                }
            });
        }
    };

    // This browser's copy: typed before the session ended, it goes back
    // into the form (the editor has just signed in again); kept while the
    // server was away, it is offered.
    Effect::new(move |_| {
        let Some(copy) = autosave::local_copy(initial_id) else {
            return;
        };
        let changed = copy.form.changed_fields(&initial_form);
        if changed.is_empty() {
            return;
        }
        if copy.signed_out {
            restore(copy.form);
            notice.set(Some(crate::messages::STASH_RESTORED.to_string()));
            return;
        }
        offer.set(Some(DraftOffer {
            saved_at: copy.at,
            stale: copy.form.version != initial_form.version,
            changed: changed.into_iter().map(str::to_string).collect(),
            body_lines: Vec::new(),
            form: copy.form,
        }));
    });

    // The visual editor replaces the body's textarea once the island
    // lives, and follows every change the island makes to the body.
    Effect::new(move |_| visual_editor::start());
    Effect::new(move |_| body.with(|markup| visual_editor::markup_changed(field::BODY, markup)));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        // «Предпросмотр» posts the form to a new tab, as without JavaScript.
        if previewing(&ev) {
            return;
        }
        ev.prevent_default();
        if saving.get_untracked()
            || upload_progress.get_untracked().is_some()
            || inline.progress.get_untracked().is_some()
        {
            return;
        }
        // An uploaded body image not yet put in goes at the end, as it
        // would without JavaScript.
        if !inline.insert_into(body, errors) {
            notice.set(Some(NOT_SAVED.into()));
            show_after_render("[aria-invalid=\"true\"]");
            return;
        }
        let form = collect();
        let local = validate_article(&form, browser_now());
        if !local.is_empty() {
            errors.set(local);
            notice.set(Some(NOT_SAVED.into()));
            show_after_render("[aria-invalid=\"true\"]");
            return;
        }
        saving.set(true);
        leptos::task::spawn_local(async move {
            let result = save_article(form.clone()).await;
            saving.set(false);
            match result {
                Ok(SaveOutcome::Saved(saved)) => {
                    autosave.saved(Some(saved.id));
                    errors.set(FieldErrors::new());
                    conflict.set(None);
                    version.set(saved.version);
                    slug.set(saved.slug.clone());
                    status.set(saved.status.as_str().to_string());
                    stored_status.set(Some(saved.status));
                    if let Some(at) = saved.published_at {
                        publish_at.set(almaty_input_value(at));
                    }
                    public_url.set(
                        (saved.status == Status::Published)
                            .then(|| format!("/news/{}", saved.slug)),
                    );
                    notice.set(Some(saved_notice(saved.status, saved.published_at)));
                    // A new article (even one autosave already made a draft
                    // row of) opens as its own page, with its actions.
                    if initial_id.is_none() {
                        id.set(Some(saved.id));
                        go_to(&format!("/admin/articles/{}?notice=saved", saved.id));
                    }
                }
                Ok(SaveOutcome::Invalid(found)) => {
                    errors.set(found);
                    notice.set(Some(NOT_SAVED.into()));
                    show_after_render("[aria-invalid=\"true\"]");
                }
                Ok(SaveOutcome::Conflict(theirs)) => {
                    version.set(theirs.version);
                    conflict.set(Some(theirs));
                    notice.set(None);
                    show_after_render(".conflict");
                }
                // The session ended: the text waits in this browser and
                // comes back into the form after signing in (the link is
                // in the autosave line).
                Err(crate::error::AppError::Unauthorized) => {
                    autosave.signed_out(&form);
                    notice.set(None);
                }
                Err(error) => notice.set(Some(error.to_string())),
            }
        });
    };

    let slug_field = Field::new(field::SLUG, "Адрес (латиницей)", errors).hint("slug-hint");
    let action = match initial.id {
        Some(id) => format!("/admin/articles/{id}"),
        None => "/admin/articles/new".to_string(),
    };
    let heading = if initial.id.is_some() {
        "Редактирование статьи"
    } else {
        "Новая статья"
    };
    let categories = data.categories.clone();
    let statuses = data.statuses.clone();
    let generated_slug = move || {
        let typed = slug.get();
        if typed.trim().is_empty() {
            slugify(&title.get())
        } else {
            typed
        }
    };

    // Two columns (one on a phone): writing, and the article's settings.
    // Each is a view of its own (one view of the whole form is too deep a
    // type for the compiler).
    let main_column = view! {
                <div class="article-form__main">
                    {text_input(Field::new(field::TITLE, "Заголовок", errors), "text", initial.title.clone(), title, recheck)}
                    {text_area(Field::new(field::LEAD, "Лид", errors), 3, &initial.lead, lead, recheck)}
                    {body_area(Field::new(field::BODY, "Текст", errors).hint("markup-help"), &initial.body, body, recheck)}
                    <p class="text-counts">{move || body.with(|markup| counts::describe(counts::of_markup(markup)))}</p>
                    <details class="hint" id="markup-help">
                        <summary>"Как оформлять текст"</summary>
                        <ul>
                            <li>"Пустая строка — новый абзац."</li>
                            <li><code>"## Подзаголовок"</code></li>
                            <li><code>"> Цитата"</code></li>
                            <li><code>"**жирный**"</code> ", " <code>"*курсив*"</code></li>
                            <li><code>"[текст ссылки](https://…)"</code></li>
                            <li><code>"- пункт списка"</code> " или " <code>"1. пункт"</code></li>
                            <li>
                                <code>"![описание](/media/12 \"Подпись | Фото: автор\")"</code>
                                " — изображение с подписью; несколько подряд — галерея"
                            </li>
                            <li><code>"| Округ | Явка |"</code> " — таблица (строка " <code>"|--|--|"</code> " под заголовками)"</li>
                            <li>"Ссылка на YouTube, пост в Telegram, X или Instagram отдельной строкой — встроенный пост"</li>
                        </ul>
                    </details>
                    {docx_field(body, notice, errors)}
                    {inline.fieldset(body, errors, data.recent_images.clone())}
                </div>
    }
    .into_any();
    let side_column = view! {
                <div class="article-form__side">
                    <section class="side-panel" aria-labelledby="publish-panel">
                        <h2 id="publish-panel" class="side-panel__title">"Публикация"</h2>
                        <div class="field-row">
                            {select_input(Field::new(field::STATUS, "Статус", errors), statuses, status, recheck)}
                            {text_input(
                                Field::new(field::PUBLISH_AT, "Время публикации (Алматы)", errors),
                                "datetime-local",
                                initial.publish_at.clone(),
                                publish_at,
                                recheck,
                            )}
                        </div>
                        <p class="hint">
                            "«Опубликовано» с будущим временем — публикация по расписанию. Пустое время — сейчас."
                        </p>
                        <div class="form-actions">
                            <button type="submit" class="button" disabled=move || saving.get() || taken()>
                                {move || if saving.get() { "Сохранение…" } else { "Сохранить" }}
                            </button>
                            // The text as it stands, saved or not, in a new tab
                            // (a plain post: the same with JavaScript off).
                            <button
                                type="submit"
                                class="button button--secondary"
                                formaction=PREVIEW_PATH
                                formtarget="_blank"
                                data-preview="1"
                            >
                                "Предпросмотр"
                            </button>
                            {move || {
                                id.get()
                                    .map(|id| {
                                        view! { <a href=format!("/admin/articles/{id}/revisions")>"История правок"</a> }
                                    })
                            }}
                        </div>
                    </section>
                    {language_field(initial_id, translation_of, lang, Field::new(field::LANG, "Язык статьи", errors), recheck)}
                    {select_input(Field::new(field::CATEGORY, "Рубрика", errors), categories, category, recheck)}
                    <div class="field">
                        <label for="slug">{slug_field.label}</label>
                        <input
                            id="slug"
                            name=field::SLUG
                            value=initial.slug.clone()
                            prop:value=move || slug.get()
                            placeholder=move || slugify(&title.get())
                            on:input=move |ev| {
                                slug.set(event_target_value(&ev));
                                recheck();
                            }
                            aria-invalid=slug_field.invalid()
                            aria-describedby=slug_field.described()
                        />
                        <p class="hint" id="slug-hint">
                            "Оставьте пустым, и адрес составится из заголовка: "
                            <code class="slug-preview">
                                {move || Lang::from_code(&lang.get()).unwrap_or_default().prefix()}
                                "/news/"
                                {generated_slug}
                            </code>
                        </p>
                        {slug_field.message()}
                    </div>
                    {text_input(
                        Field::new(field::TAGS, "Теги через запятую", errors),
                        "text",
                        initial.tags.clone(),
                        tags,
                        recheck,
                    )}
                    {text_input(
                        Field::new(field::COAUTHORS, "Соавторы через запятую", errors).hint("coauthors-hint"),
                        "text",
                        initial.coauthors.clone(),
                        coauthors,
                        recheck,
                    )}
                    <p class="hint" id="coauthors-hint">
                        "Первый автор — автор статьи, его добавлять не нужно. В редакции: " {data.authors.join(", ")} "."
                    </p>
                    {text_input(
                        Field::new(field::CREDIT_LINE, "Строка под подписью («Фото: …», «Перевод: …»)", errors),
                        "text",
                        initial.credit_line.clone(),
                        credit_line,
                        recheck,
                    )}
                    <fieldset class="field">
                        <legend>"Изображение"</legend>
                        <input type="hidden" name=field::IMAGE_ID prop:value=move || image_id.get().map(|i| i.to_string()).unwrap_or_default() value=initial.image_id.map(|i| i.to_string()).unwrap_or_default() />
                        {move || {
                            image_url
                                .get()
                                .map(|url| {
                                    view! {
                                        <img class="article-form__image" src=url alt="" width="320" height="180" />
                                        <label class="checkbox">
                                            <input
                                                type="checkbox"
                                                name=field::REMOVE_IMAGE
                                                on:change=move |_| {
                                                    image_id.set(None);
                                                    image_url.set(None);
                                                }
                                            />
                                            "Убрать изображение"
                                        </label>
                                    }
                                })
                        }}
                        <label for="image">"Файл (JPEG, PNG или WebP, до 8 МБ)"</label>
                        <input
                            id="image"
                            name=field::IMAGE
                            type="file"
                            accept="image/jpeg,image/png,image/webp"
                            on:change=move |ev| start_upload(ev, upload_progress, image_id, image_url, errors, field::IMAGE)
                            aria-describedby=Field::new(field::IMAGE, "", errors).described()
                        />
                        {upload_progress_line(upload_progress)}
                        {Field::new(field::IMAGE, "", errors).message()}
                        {text_input(
                            Field::new(field::IMAGE_ALT, "Описание изображения (для тех, кто его не видит)", errors),
                            "text",
                            initial.image_alt.clone(),
                            image_alt,
                            recheck,
                        )}
                        {text_input(
                            Field::new(field::IMAGE_CAPTION, "Подпись к изображению", errors),
                            "text",
                            initial.image_caption.clone(),
                            image_caption,
                            recheck,
                        )}
                        {text_input(
                            Field::new(field::IMAGE_CREDIT, "Автор или источник снимка («Фото: Reuters»)", errors),
                            "text",
                            initial.image_credit.clone(),
                            image_credit,
                            recheck,
                        )}
                    </fieldset>
                    <div class="field">
                        <label class="checkbox">
                            <input
                                type="checkbox"
                                name=field::BREAKING
                                value="on"
                                checked=initial.breaking
                                prop:checked=move || breaking.get()
                                on:change=move |ev| breaking.set(event_target_checked(&ev))
                            />
                            "Срочная новость"
                        </label>
                        {text_input(
                            Field::new(field::BREAKING_HOURS, "Часов показывать плашку «Срочно»", errors)
                                .hint("breaking-hours-hint"),
                            "number",
                            initial.breaking_hours.clone(),
                            breaking_hours,
                            recheck,
                        )}
                        <p class="hint" id="breaking-hours-hint">
                            "Плашка появится вверху каждой страницы сайта, у читателей — без перезагрузки."
                        </p>
                    </div>
                    {seo_panel(
                        SeoFields {
                            title: seo_title,
                            description: seo_description,
                            headline: title,
                            lead,
                            slug: Signal::derive(generated_slug),
                        },
                        initial.seo_title.clone(),
                        &initial.seo_description,
                        errors,
                        recheck,
                    )}
                    <fieldset class="fieldset telegram-fields">
                        <legend>"Telegram"</legend>
                        <label class="checkbox">
                            <input
                                type="checkbox"
                                name=field::TELEGRAM_SKIP
                                value="on"
                                checked=initial.telegram_skip
                                prop:checked=move || telegram_skip.get()
                                on:change=move |ev| telegram_skip.set(event_target_checked(&ev))
                            />
                            "Не публиковать в Telegram"
                        </label>
                        {text_area(
                            Field::new(field::TELEGRAM_TEXT, "Анонс для Telegram", errors)
                                .hint("telegram-text-hint"),
                            3,
                            &initial.telegram_text,
                            telegram_text,
                            recheck,
                        )}
                        <p class="hint" id="telegram-text-hint">
                            "Вместо лида, под заголовком. Пусто — лид. Каналы получают статью, когда она публикуется."
                        </p>
                    </fieldset>
                </div>
    }
    .into_any();
    view! {
        <section class="admin admin--editor">
            <header class="admin__header">
                <h1>{heading}</h1>
                <p class="admin__status">
                    {move || {
                        stored_status
                            .get()
                            .map(|s| {
                                view! {
                                    "Сейчас: "
                                    <span class=format!("status status--{}", s.as_str())>{s.label()}</span>
                                }
                            })
                    }}
                    {move || {
                        public_url
                            .get()
                            .map(|url| view! { " · " <a href=url.clone()>"Статья на сайте"</a> })
                    }}
                </p>
            </header>
            <p class="notice" role="status" aria-live="polite">{move || notice.get()}</p>
            <p class="autosave" aria-live="polite">
                {move || autosave::status_line(&autosave.state.get(), browser_now())}
                {move || {
                    matches!(autosave.state.get(), SaveState::SignedOut(_))
                        .then(|| {
                            let back = id
                                .get()
                                .map_or("/admin/articles/new".to_string(), |id| format!("/admin/articles/{id}"));
                            view! {
                                " "
                                <a href=format!("/admin/login?next={}", crate::text::url::encode_component(&back))>
                                    "Войти"
                                </a>
                            }
                        })
                }}
            </p>
            {move || presence_view(presence_news.get(), shown_now(server_now))}
            {move || offer.get().map(|o| draft_offer_view(o, initial_id, browser_now(), restore, decline))}
            {move || conflict.get().map(conflict_view)}
            <form
                class="article-form"
                method="post"
                action=action
                enctype="multipart/form-data"
                novalidate
                on:submit=on_submit
                on:focusout=move |_| send_autosave(true)
            >
                <input type="hidden" name=field::VERSION prop:value=move || version.get().to_string() value=initial.version.to_string() />
                <input type="hidden" name=field::ID prop:value=move || id.get().map(|i| i.to_string()).unwrap_or_default() value=initial.id.map(|i| i.to_string()).unwrap_or_default() />
                {data.stash.clone().map(|token| view! { <input type="hidden" name=field::STASH value=token /> })}
                {main_column}
                {side_column}
            </form>
        </section>
    }
    .into_any()
}

/// The article's edition. A new article chooses it (a translation's is
/// set by the article it translates, and travels hidden with the form);
/// a stored one keeps the edition it was written in.
fn language_field(
    stored: Option<i64>,
    translation_of: Option<i64>,
    lang: RwSignal<String>,
    field: Field,
    recheck: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let name_of = |code: &str| match Lang::from_code(code).unwrap_or_default() {
        Lang::Ru => "русский",
        Lang::Kk => "казахский",
    };
    match (stored, translation_of) {
        (Some(_), _) => view! {
            <p class="field field--fact">"Язык статьи: " {name_of(&lang.get_untracked())}</p>
        }
        .into_any(),
        (None, Some(original)) => view! {
            <div class="field field--fact">
                <p>
                    "Перевод статьи на " {name_of(&lang.get_untracked())} " язык. "
                    <a href=format!("/admin/articles/{original}") target="_blank">"Исходная статья"</a>
                </p>
                <input type="hidden" name=field::LANG value=lang.get_untracked() />
                <input type="hidden" name=field::TRANSLATION_OF value=original.to_string() />
                {field.message()}
            </div>
        }
        .into_any(),
        (None, None) => {
            let choices = Lang::ALL
                .iter()
                .map(|l| Choice {
                    value: l.code().to_string(),
                    label: match l {
                        Lang::Ru => "Русский — основная версия сайта".to_string(),
                        Lang::Kk => "Қазақша — казахская версия (/kk)".to_string(),
                    },
                })
                .collect();
            if lang.get_untracked().is_empty() {
                lang.set(Lang::Ru.code().to_string());
            }
            select_input(field, choices, lang, recheck).into_any()
        }
    }
}

/// «Из файла Word (.docx)»: with JavaScript the document is converted at
/// once and its text joins the body; without, it goes with the form and
/// the form comes back with the text in it, not yet saved.
fn docx_field(
    body: RwSignal<String>,
    notice: RwSignal<Option<String>>,
    errors: RwSignal<FieldErrors>,
) -> impl IntoView {
    let progress = RwSignal::new(None::<u32>);
    let field = Field::new(field::DOCX, "Из файла Word (.docx)", errors).hint("docx-hint");
    let upload = Upload {
        part: field::DOCX,
        path: "/admin/docx",
        progress,
        errors,
        error_field: field::DOCX,
    };
    view! {
        <div class="field">
            <label for=field::DOCX>{field.label}</label>
            <input
                id=field::DOCX
                name=field::DOCX
                type="file"
                accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                aria-invalid=field.invalid()
                aria-describedby=field.described()
                on:change=move |ev| {
                    send_file(ev, upload, move |text| {
                        let converted: FromDocx = serde_json::from_str(text).ok()?;
                        body.update(|body| append_to_body(body, &converted.markup));
                        notice.set(Some(crate::messages::docx_added(converted.images_left_out)));
                        Some(())
                    })
                }
            />
            <p class="hint" id="docx-hint">
                "Заголовки, выделения, ссылки, списки, таблицы, изображения и сноски документа добавятся в конец текста. "
                "Статья не сохранится, пока вы не нажмёте «Сохранить»."
            </p>
            {upload_progress_line(progress)}
            {field.message()}
        </div>
    }
}

/// Where «Предпросмотр» posts the form (`server/src/forms/articles.rs`).
pub const PREVIEW_PATH: &str = "/admin/preview";

/// Whether the form is being sent by «Предпросмотр».
fn previewing(ev: &leptos::ev::SubmitEvent) -> bool {
    #[cfg(feature = "hydrate")]
    {
        ev.submitter()
            .is_some_and(|button| button.has_attribute("data-preview"))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        false
    }
}

/// Opens `path` as a new page (islands have no client-side router).
fn go_to(path: &str) {
    #[cfg(feature = "hydrate")]
    if let Err(error) = window().location().assign(path) {
        leptos::logging::error!("could not open {path}: {error:?}");
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// Puts `path` in the address bar without loading it.
fn replace_address(path: &str) {
    #[cfg(feature = "hydrate")]
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// «Восстановить несохранённую версию от 14:05?»: what differs, and the
/// two answers. Without JavaScript «Восстановить» opens the form with
/// that version in it and «Не восстанавливать» is a plain post.
fn draft_offer_view(
    offer: DraftOffer,
    article: Option<i64>,
    now: i64,
    restore: impl Fn(ArticleForm) + Copy + 'static,
    decline: impl Fn() + Copy + 'static,
) -> impl IntoView {
    let form = offer.form.clone();
    let lines = offer.body_lines.clone();
    let restore_href = article.map_or("?draft=restore".to_string(), |id| {
        format!("/admin/articles/{id}?draft=restore")
    });
    let decline_action = article.map_or("/admin/articles/new".to_string(), |id| {
        format!("/admin/articles/{id}/draft/discard")
    });
    view! {
        <section class="draft-offer" role="alert" aria-labelledby="draft-offer-title">
            <h2 id="draft-offer-title">
                "Восстановить несохранённую версию от " {moment(offer.saved_at, now)} "?"
            </h2>
            <p>"Отличается: " {offer.changed.join(", ")} "."</p>
            {offer.stale.then(|| view! {
                <p>"Статью сохраняли после этой версии: при сохранении вы увидите обе и выберете."</p>
            })}
            {(!lines.is_empty()).then(|| view! {
                <details>
                    <summary>"Что изменилось в тексте"</summary>
                    {super::revisions::diff_view(lines)}
                </details>
            })}
            <form method="post" action=decline_action class="form-actions">
                <a
                    class="button"
                    href=restore_href
                    on:click=move |ev| {
                        ev.prevent_default();
                        restore(form.clone());
                    }
                >
                    "Восстановить"
                </a>
                <button
                    type="submit"
                    class="button button--secondary"
                    on:click=move |ev| {
                        ev.prevent_default();
                        decline();
                    }
                >
                    "Не восстанавливать"
                </button>
            </form>
        </section>
    }
}

fn conflict_view(theirs: Conflict) -> impl IntoView {
    view! {
        <div class="conflict" role="alert" tabindex="-1">
            <h2>"Статью изменили, пока вы её редактировали"</h2>
            <p>
                {theirs.saved_by} " сохранил(а) свою версию " {almaty_date_time(theirs.saved_at, Lang::Ru)}
                ". Ваш текст не сохранён — он остался в форме ниже. Сравните его с версией коллеги. "
                "Если нажать «Сохранить» ещё раз, ваш текст заменит её, а версия коллеги останется в истории правок."
            </p>
            <details open>
                <summary>"Версия коллеги"</summary>
                <div class="conflict__theirs">
                    <p><strong>{theirs.title}</strong></p>
                    <p>{theirs.lead}</p>
                    <pre>{theirs.body}</pre>
                </div>
            </details>
        </div>
    }
}

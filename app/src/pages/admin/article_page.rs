//! The article form's page (`/admin/articles/new`, `/admin/articles/{id}`):
//! the form itself (the `EditorForm` island, `editor.rs`), and beside it
//! the plain forms that work the same with JavaScript on or off: the
//! status actions, corrections and a live story's desk.

use super::editor::EditorForm;
use super::fields::plain_text_area;
use super::visual_editor::EditorScript;
use crate::api::admin::get_article_editor;
use crate::components::islands::IslandPreloads;
use crate::components::loaded::loaded;
use crate::domain::articles::Status;
use crate::domain::lang::Lang;
use crate::domain::workspace::{ArticleEditor, DeliveryLine, TranslationLink};
use crate::hooks::use_query;
use crate::messages;
use crate::text::plural::BROWSERS;
use crate::text::{almaty_date_time, iso_datetime, plural};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn NewArticlePage() -> impl IntoView {
    editor_screen(Memo::new(|_| None))
}

#[component]
pub fn ArticleEditorPage() -> impl IntoView {
    let params = use_params_map();
    // A malformed id asks for article 0, which does not exist: a 404.
    let id = Memo::new(move |_| {
        Some(
            params
                .read()
                .get("id")
                .and_then(|id| id.parse::<i64>().ok())
                .unwrap_or(0),
        )
    });
    editor_screen(id)
}

fn editor_screen(id: Memo<Option<i64>>) -> impl IntoView {
    let query = use_query();
    // Keyed on the notice too: after an action the server redirects here
    // with a new notice, and the form must show the article's new state.
    let data = Resource::new(
        move || {
            let query = query.read();
            (
                id.get(),
                query.get("notice"),
                query.get("draft").as_deref() == Some("restore"),
                query.get("stash"),
                query.get("translate").and_then(|id| id.parse::<i64>().ok()),
            )
        },
        |(id, _, restore, stash, translate)| get_article_editor(id, restore, stash, translate),
    );
    view! {
        {loaded(data, move |data| {
            // Someone else has it open: warn before showing the form.
            if let (Some(id), None, false) = (data.form.id, &data.tab, data.others.is_empty()) {
                return view! {
                    <Title text="Статью сейчас редактируют" />
                    {super::presence::warning(id, &data.form.title, &data.others, data.now)}
                }
                .into_any();
            }
            let notice = query
                .get_untracked()
                .get("notice")
                .and_then(|code| messages::notice(&code))
                .map(str::to_string)
                .or_else(|| data.notice.clone());
            let heading = if data.form.id.is_some() {
                "Редактирование статьи"
            } else {
                "Новая статья"
            };
            let actions = data
                .form
                .id
                .map(|id| action_buttons(id, data.stored_status, data.user.role));
            let corrections = data.form.id.map(|id| {
                let query = query.get_untracked();
                let typed = query.get("correction").unwrap_or_default();
                let refused = query
                    .get("e_correction")
                    .and_then(|code| messages::for_code(&code));
                corrections_section(id, &data, typed, refused)
            });
            let live = data.form.id.map(|id| {
                super::live_desk::live_section(
                    id,
                    &data,
                    use_context::<crate::domain::live::UpdateReplay>(),
                )
            });
            let translations = data
                .form
                .id
                .map(|id| translations_section(id, &data.translations));
            let deliveries = data
                .form
                .id
                .map(|id| deliveries_section(id, &data.deliveries, data.user.role));
            let confirming = query.get_untracked().get("push").is_some_and(|v| v == "confirm");
            let push = data
                .form
                .id
                .zip(data.push_audience)
                .map(|(id, audience)| push_section(id, audience, &data.form.lang, confirming));
            view! {
                <Title text=heading />
                <IslandPreloads />
                <EditorScript />
                <EditorForm data notice />
                {actions}
                {translations}
                {push}
                {deliveries}
                {corrections}
                {live}
            }
            .into_any()
        })}
    }
}

/// The article's corrections and, once it is published and the user may
/// change it, the form that adds one (a plain form: it works the same with
/// JavaScript on or off).
fn corrections_section(
    id: i64,
    data: &ArticleEditor,
    typed: String,
    refused: Option<String>,
) -> impl IntoView {
    let published = data.stored_status == Some(Status::Published);
    let may_add = published && data.user.role.can_publish();
    if data.corrections.is_empty() && !may_add {
        return ().into_any();
    }
    let listed = data
        .corrections
        .iter()
        .map(|c| {
            view! {
                <li>
                    <time datetime=iso_datetime(c.at)>{almaty_date_time(c.at, Lang::Ru)}</time>
                    " — "
                    {c.note.clone()}
                </li>
            }
        })
        .collect_view();
    let form = may_add.then(|| {
        let invalid = refused.is_some().then_some("true");
        let described = if refused.is_some() {
            "note-error"
        } else {
            "note-hint"
        };
        view! {
            <form method="post" action=format!("/admin/articles/{id}/corrections") class="correction-form">
                <div class="field">
                    <label for="note">"Новое исправление"</label>
                    {plain_text_area("note", "note".into(), 3, &typed, invalid, Some(described.into()))}
                    <p class="hint" id="note-hint">
                        "Появится над текстом статьи с сегодняшней датой и останется в истории правок. Исправление нельзя удалить."
                    </p>
                    {super::field_error("note", refused)}
                </div>
                <button type="submit" class="button button--secondary">"Добавить исправление"</button>
            </form>
        }
    });
    view! {
        <section class="corrections-admin" id="corrections" aria-labelledby="corrections-heading">
            <h2 id="corrections-heading">"Исправления"</h2>
            <ul>{listed}</ul>
            {form}
        </section>
    }
    .into_any()
}

/// The article in the other edition: its translation, or a link that
/// opens a new article translating this one (a plain link: the same with
/// JavaScript off).
fn translations_section(id: i64, links: &[TranslationLink]) -> impl IntoView {
    let items = links
        .iter()
        .map(|link| {
            let language = match link.lang {
                Lang::Ru => "русском",
                Lang::Kk => "казахском",
            };
            match &link.article {
                Some((other, title, status)) => view! {
                    <li>
                        "На " {language} ": "
                        <a href=format!("/admin/articles/{other}")>{title.clone()}</a>
                        " (" {status.label().to_lowercase()} ")"
                    </li>
                }
                .into_any(),
                None => view! {
                    <li>
                        "На " {language} " пока нет. "
                        <a class="button button--secondary" href=format!("/admin/articles/new?translate={id}")>
                            {match link.lang {
                                Lang::Ru => "Перевести на русский",
                                Lang::Kk => "Перевести на казахский",
                            }}
                        </a>
                    </li>
                }
                .into_any(),
            }
        })
        .collect_view();
    view! {
        <section class="translations-admin" aria-labelledby="translations-heading">
            <h2 id="translations-heading">"Переводы"</h2>
            <ul>{items}</ul>
        </section>
    }
}

/// What went to the article's Telegram channels, with «Повторить» on a
/// failed delivery for those who may publish (a plain form).
fn deliveries_section(
    id: i64,
    deliveries: &[DeliveryLine],
    role: crate::domain::accounts::Role,
) -> impl IntoView {
    if deliveries.is_empty() {
        return ().into_any();
    }
    let items = deliveries
        .iter()
        .map(|d| {
            let retry = (d.state == "failed" && role.can_publish()).then(|| {
                view! {
                    <form method="post" action=format!("/admin/articles/{id}/deliveries/{}/retry", d.id)>
                        <button type="submit" class="button button--secondary">"Повторить"</button>
                    </form>
                }
            });
            view! {
                <li class=format!("delivery delivery--{}", d.state)>
                    {d.summary()} ", "
                    <time datetime=iso_datetime(d.at)>{almaty_date_time(d.at, Lang::Ru)}</time>
                    {retry}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="deliveries-admin" id="deliveries" aria-labelledby="deliveries-heading">
            <h2 id="deliveries-heading">"Рассылки"</h2>
            <ul>{items}</ul>
        </section>
    }
    .into_any()
}

/// The breaking push: editors open the confirmation first, which says
/// how many browsers it reaches, then send it (plain forms and links: the
/// same with JavaScript off).
fn push_section(id: i64, audience: i64, lang: &str, confirming: bool) -> impl IntoView {
    let edition = if lang == "kk" {
        "казахской"
    } else {
        "русской"
    };
    let browsers = format!("{audience} {}", plural(audience.unsigned_abs(), BROWSERS));
    let body = if audience == 0 {
        // Nothing to send to: no button that would send nothing.
        view! {
            <p class="hint">
                {format!("На срочные новости {edition} версии пока никто не подписан.")}
            </p>
        }
        .into_any()
    } else if confirming {
        view! {
            <p role="alert">
                {format!("Уведомление «Срочно» с заголовком статьи уйдёт на все подписки {edition} версии: {browsers}. Отменить отправку нельзя.")}
            </p>
            <form method="post" action=format!("/admin/articles/{id}/push")>
                <button type="submit" class="button">"Отправить уведомление"</button>
                " "
                <a href=format!("/admin/articles/{id}#push")>"Отмена"</a>
            </form>
        }
        .into_any()
    } else {
        view! {
            <p class="hint">{format!("Подписки на срочные новости {edition} версии: {browsers}.")}</p>
            <a class="button button--secondary" href=format!("/admin/articles/{id}?push=confirm#push")>
                "Отправить push-уведомление…"
            </a>
        }
        .into_any()
    };
    view! {
        <section class="push-admin" id="push" aria-labelledby="push-heading">
            <h2 id="push-heading">"Срочное push-уведомление"</h2>
            {body}
        </section>
    }
}

fn action_buttons(
    id: i64,
    status: Option<Status>,
    role: crate::domain::accounts::Role,
) -> impl IntoView {
    let status = status.unwrap_or(Status::Draft);
    let mut actions: Vec<(&'static str, &'static str)> = Vec::new();
    if status.is_public() && role.can_publish() {
        actions.push(("unpublish", "Снять с публикации"));
    }
    if status == Status::Trashed {
        actions.push(("restore", "Восстановить из корзины"));
        if role.is_admin() {
            actions.push(("delete", "Удалить навсегда"));
        }
    } else if role.can_publish() || !status.is_public() {
        actions.push(("trash", "В корзину"));
    }
    view! {
        <div class="article-actions">
            {actions
                .into_iter()
                .map(|(action, label)| {
                    view! {
                        <form method="post" action=format!("/admin/articles/{id}/action")>
                            <input type="hidden" name="do" value=action />
                            <button type="submit" class="button button--secondary">{label}</button>
                        </form>
                    }
                })
                .collect_view()}
        </div>
    }
}

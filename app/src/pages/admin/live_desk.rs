//! A published article's live coverage in the workspace, under its form:
//! starting and ending it (editors), and its updates — one short form to
//! add one (without JavaScript a plain post; hydrated, it posts without a
//! reload and the update joins the list at once), and each update's own
//! form to change or delete it. Also the breaking bar's «Снять плашку».

use super::field_error;
use super::fields::{bound_text_area, plain_text_area};
use crate::api::admin::post_live_update;
use crate::domain::lang::Lang;
use crate::domain::live::{field, DeskUpdate, LiveDesk, UpdateForm, UpdateOutcome, UpdateReplay};
use crate::domain::refusal::FieldErrors;
use crate::domain::workspace::ArticleEditor;
use crate::messages;
use crate::text::{almaty_date_time, iso_datetime};
use leptos::prelude::*;

/// The live section and the bar's button, for article `id`.
pub fn live_section(id: i64, data: &ArticleEditor, replay: Option<UpdateReplay>) -> impl IntoView {
    let editor = data.user.role.can_publish();
    let bar = data.breaking_until.filter(|_| editor).map(|until| {
        view! {
            <form method="post" action=format!("/admin/articles/{id}/action") class="breaking-admin">
                <input type="hidden" name="do" value="unbreak" />
                <p class="hint">"Плашка «Срочно» на сайте до " {almaty_date_time(until, Lang::Ru)} "."</p>
                <button type="submit" class="button button--secondary">"Снять плашку «Срочно»"</button>
            </form>
        }
    });
    let desk = data
        .live
        .clone()
        .map(|desk| desk_view(id, desk, editor, replay));
    view! {
        {bar}
        {desk}
    }
    .into_any()
}

fn desk_view(id: i64, desk: LiveDesk, editor: bool, replay: Option<UpdateReplay>) -> impl IntoView {
    let live_now = desk.started_at.is_some() && desk.ended_at.is_none();
    let state = match (desk.started_at, desk.ended_at) {
        (None, _) => "Статью можно вести как прямую трансляцию: записи появятся под текстом, у читателей — без перезагрузки страницы.".to_string(),
        (Some(at), None) => format!("Трансляция идёт с {}.", almaty_date_time(at, Lang::Ru)),
        (Some(_), Some(at)) => format!("Трансляция завершена {}.", almaty_date_time(at, Lang::Ru)),
    };
    let switch = editor.then(|| {
        let (action, label) = if live_now {
            ("live-end", "Завершить трансляцию")
        } else {
            ("live-start", "Начать прямую трансляцию")
        };
        view! {
            <form method="post" action=format!("/admin/articles/{id}/action")>
                <input type="hidden" name="do" value=action />
                <button type="submit" class="button button--secondary">{label}</button>
            </form>
        }
    });
    let new_replay = replay.clone().filter(|r| r.update.is_none());
    let edit_replay = replay.filter(|r| r.update.is_some());
    let composer = (live_now && desk.may_post).then(|| {
        let (typed, errors) = new_replay
            .map(|r| (r.form, r.errors))
            .unwrap_or_default();
        view! { <UpdateComposer article=id typed errors updates=desk.updates.clone() edit_replay /> }
    });
    let list = (!live_now || !desk.may_post).then(|| {
        view! {
            <ol class="live-desk__list">
                {desk
                    .updates
                    .iter()
                    .map(|u| desk_update(id, u.clone(), desk.may_post, None))
                    .collect_view()}
            </ol>
        }
    });
    view! {
        <section class="live-desk" id="live" aria-labelledby="live-desk-heading">
            <h2 id="live-desk-heading">"Прямая трансляция"</h2>
            <p class="hint">{state}</p>
            {switch}
            {composer}
            {list}
        </section>
    }
    .into_any()
}

/// The new update's form and the updates, live in the browser.
#[island(lazy)]
fn UpdateComposer(
    article: i64,
    typed: UpdateForm,
    errors: FieldErrors,
    updates: Vec<DeskUpdate>,
    edit_replay: Option<UpdateReplay>,
) -> impl IntoView {
    let headline = RwSignal::new(typed.headline.clone());
    let body = RwSignal::new(typed.body.clone());
    let pinned = RwSignal::new(typed.pinned);
    let important = RwSignal::new(typed.important);
    let errors = RwSignal::new(errors);
    let updates = RwSignal::new(updates);
    let notice = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let form = UpdateForm {
            headline: headline.get_untracked(),
            body: body.get_untracked(),
            pinned: pinned.get_untracked(),
            important: important.get_untracked(),
        };
        sending.set(true);
        leptos::task::spawn_local(async move {
            let result = post_live_update(article, form.clone()).await;
            sending.set(false);
            match result {
                Ok(UpdateOutcome::Posted(posted)) => {
                    errors.set(FieldErrors::new());
                    headline.set(String::new());
                    body.set(String::new());
                    pinned.set(false);
                    important.set(false);
                    notice.set(messages::notice("update").map(str::to_string));
                    updates.update(|list| {
                        if form.pinned {
                            for u in list.iter_mut() {
                                u.form.pinned = false;
                            }
                        }
                        list.insert(
                            0,
                            DeskUpdate {
                                id: posted.id,
                                form,
                                author: posted.author,
                                at: posted.at,
                            },
                        );
                    });
                }
                Ok(UpdateOutcome::Invalid(found)) => {
                    errors.set(found);
                    notice.set(Some(
                        "Запись не добавлена: исправьте отмеченные поля.".into(),
                    ));
                }
                Err(error) => notice.set(Some(error.to_string())),
            }
        });
    };
    // The article's own form is on this page: ids of their own.
    let id_of = |name: &str| format!("update-{name}");
    let message = move |name: &'static str| {
        move || {
            field_error(
                &id_of(name),
                errors.with(|e| e.get(name).map(messages::refusal)),
            )
        }
    };
    let invalid =
        move |name: &'static str| move || errors.with(|e| e.contains_key(name)).then_some("true");
    let described = move |name: &'static str| {
        move || {
            errors
                .with(|e| e.contains_key(name))
                .then(|| format!("{}-error", id_of(name)))
        }
    };
    view! {
        <form
            method="post"
            action=format!("/admin/articles/{article}/updates")
            class="live-desk__form"
            novalidate
            on:submit=on_submit
        >
            <p class="notice" role="status" aria-live="polite">{move || notice.get()}</p>
            <div class="field">
                <label for="update-headline">"Заголовок записи (необязательно)"</label>
                <input
                    id="update-headline"
                    name=field::HEADLINE
                    value=typed.headline
                    prop:value=move || headline.get()
                    on:input=move |ev| headline.set(event_target_value(&ev))
                    aria-invalid=invalid(field::HEADLINE)
                    aria-describedby=described(field::HEADLINE)
                />
                {message(field::HEADLINE)}
            </div>
            <div class="field">
                <label for="update-body">"Текст записи"</label>
                {bound_text_area(
                    field::BODY,
                    "update-body",
                    5,
                    &typed.body,
                    body,
                    invalid(field::BODY),
                    described(field::BODY),
                )}
                {message(field::BODY)}
            </div>
            <label class="checkbox">
                <input
                    type="checkbox"
                    name=field::PINNED
                    checked=typed.pinned
                    prop:checked=move || pinned.get()
                    on:change=move |ev| pinned.set(event_target_checked(&ev))
                />
                "Закрепить наверху"
            </label>
            <label class="checkbox">
                <input
                    type="checkbox"
                    name=field::IMPORTANT
                    checked=typed.important
                    prop:checked=move || important.get()
                    on:change=move |ev| important.set(event_target_checked(&ev))
                />
                "Важное: push-уведомление подписчикам трансляции"
            </label>
            <button type="submit" class="button" disabled=move || sending.get()>
                "Опубликовать запись"
            </button>
        </form>
        <ol class="live-desk__list">
            <For each=move || updates.get() key=|u| (u.id, u.form.clone()) let:update>
                {
                    let replay = edit_replay.clone().filter(|r| r.update == Some(update.id));
                    desk_update(article, update, true, replay)
                }
            </For>
        </ol>
    }
}

/// One update in the workspace: what it says, and its forms.
fn desk_update(
    article: i64,
    u: DeskUpdate,
    may_post: bool,
    replay: Option<UpdateReplay>,
) -> AnyView {
    let action = format!("/admin/articles/{article}/updates/{}", u.id);
    let (form, errors) = match replay {
        Some(r) => (r.form, r.errors),
        None => (u.form.clone(), FieldErrors::new()),
    };
    let open = !errors.is_empty();
    let headline_id = format!("update-{}-headline", u.id);
    let body_id = format!("update-{}-body", u.id);
    let body_error = errors.get(field::BODY).map(messages::refusal);
    let headline_error = errors.get(field::HEADLINE).map(messages::refusal);
    let shown = if u.form.headline.is_empty() {
        u.form.body.lines().next().unwrap_or("").to_string()
    } else {
        u.form.headline.clone()
    };
    // Each form's fields have names of their own (the new update's too).
    let when = almaty_date_time(u.at, Lang::Ru);
    let forms = may_post.then(|| {
        view! {
            <details open=open>
                <summary>"Изменить или удалить"</summary>
                <form method="post" action=action.clone() class="live-desk__edit">
                    <label for=headline_id.clone()>{format!("Заголовок записи от {when}")}</label>
                    <input id=headline_id.clone() name=field::HEADLINE value=form.headline.clone() />
                    {field_error(&headline_id, headline_error)}
                    <label for=body_id.clone()>{format!("Текст записи от {when}")}</label>
                    {plain_text_area(field::BODY, body_id.clone(), 4, &form.body, open.then_some("true"), None)}
                    {field_error(&body_id, body_error)}
                    <label class="checkbox">
                        <input type="checkbox" name=field::PINNED checked=form.pinned />
                        "Закрепить наверху"
                    </label>
                    <label class="checkbox">
                        <input type="checkbox" name=field::IMPORTANT checked=form.important />
                        "Важное: push-уведомление подписчикам трансляции"
                    </label>
                    <button type="submit" class="button button--secondary">"Сохранить запись"</button>
                </form>
                <form method="post" action=format!("{action}/delete")>
                    <button type="submit" class="link-button">"Удалить запись"</button>
                </form>
            </details>
        }
    });
    view! {
        <li class="live-desk__update">
            <p>
                <time datetime=iso_datetime(u.at)>{almaty_date_time(u.at, Lang::Ru)}</time>
                " · "
                {u.author}
                {u.form.pinned.then_some(" · закреплено")}
                {u.form.important.then_some(" · важное")}
            </p>
            <p class="live-desk__text">{shown}</p>
            {forms}
        </li>
    }
    .into_any()
}

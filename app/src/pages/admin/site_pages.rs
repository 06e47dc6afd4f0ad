//! The editors' static pages: the list (`/admin/pages`) and the form
//! (`/admin/pages/new`, `/admin/pages/{id}`). A plain form: it posts to
//! the server and comes back refused with everything typed, or saved.

use super::fields::plain_text_area;
use super::{field_error, notice};
use crate::api::admin::{get_page_editor, get_pages_admin};
use crate::components::loaded::loaded;
use crate::domain::lang::Lang;
use crate::domain::pages::{field, PageEditor, PagesAdmin};
use crate::hooks::use_query;
use crate::messages::{self, PAGE_NOT_SAVED};
use crate::text::almaty_date_time;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PagesAdminPage() -> impl IntoView {
    let query = use_query();
    let list = Resource::new(|| (), |_| get_pages_admin());
    view! {
        <Title text="Страницы — редакция" />
        {move || notice(&query.read().get("notice").unwrap_or_default())}
        {loaded(list, pages_view)}
    }
}

fn pages_view(data: PagesAdmin) -> impl IntoView {
    let rows = data
        .items
        .into_iter()
        .map(|p| {
            let state = match (p.published, p.in_footer) {
                (false, _) => "Черновик",
                (true, true) => "Опубликована, в подвале сайта",
                (true, false) => "Опубликована",
            };
            view! {
                <tr>
                    <td>
                        <a href=format!("/admin/pages/{}", p.id)>{p.title}</a>
                    </td>
                    <td>
                        <code>{p.lang.path(&format!("/{}", p.slug))}</code>
                    </td>
                    <td>{state}</td>
                    <td>{almaty_date_time(p.updated_at, Lang::Ru)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="admin">
            <h1>"Страницы"</h1>
            <p class="hint">
                "Постоянные страницы сайта: «О редакции», «Контакты», «Реклама». Отмеченные для подвала появляются в нижней части каждой страницы."
            </p>
            <p>
                <a class="button" href="/admin/pages/new">"Новая страница"</a>
            </p>
            <table class="admin-table">
                <thead>
                    <tr>
                        <th scope="col">"Название"</th>
                        <th scope="col">"Адрес"</th>
                        <th scope="col">"Состояние"</th>
                        <th scope="col">"Изменена"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

#[component]
pub fn PageEditorPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query();
    // "new" is a new page; a malformed id asks for page 0: a 404.
    let id = Memo::new(move |_| match params.read().get("id").as_deref() {
        None | Some("new") => None,
        Some(id) => Some(id.parse::<i64>().unwrap_or(0)),
    });
    let data = Resource::new(move || id.get(), get_page_editor);
    view! {
        {move || notice(&query.read().get("notice").unwrap_or_default())}
        {loaded(data, page_form)}
    }
}

fn page_form(data: PageEditor) -> impl IntoView {
    let form = data.form;
    let errors = data.errors;
    let error = |name: &str| errors.get(name).map(messages::refusal);
    let invalid = |name: &str| errors.contains_key(name).then_some("true");
    let described = |name: &str, hint: Option<&str>| {
        if errors.contains_key(name) {
            Some(format!("{name}-error"))
        } else {
            hint.map(str::to_string)
        }
    };
    let (heading, action) = match form.id {
        Some(id) => ("Редактирование страницы", format!("/admin/pages/{id}")),
        None => ("Новая страница", "/admin/pages/new".to_string()),
    };
    let refused =
        (!errors.is_empty()).then(|| view! { <p class="notice" role="alert">{PAGE_NOT_SAVED}</p> });
    let public = data
        .public_url
        .map(|url| view! { <p class="admin__status"><a href=url>"Страница на сайте"</a></p> });
    let delete = form.id.map(|id| {
        view! {
            <form method="post" action=format!("/admin/pages/{id}/delete") class="page-delete">
                <button type="submit" class="button button--secondary">"Удалить страницу"</button>
            </form>
        }
    });
    view! {
        <Title text=format!("{heading} — редакция") />
        <section class="admin admin--editor">
            <header class="admin__header">
                <h1>{heading}</h1>
                {public}
            </header>
            {refused}
            <form class="article-form" method="post" action=action>
                <div class="field">
                    <label for=field::TITLE>"Название"</label>
                    <input
                        id=field::TITLE
                        name=field::TITLE
                        value=form.title.clone()
                        required
                        aria-invalid=invalid(field::TITLE)
                        aria-describedby=described(field::TITLE, None)
                    />
                    {field_error(field::TITLE, error(field::TITLE))}
                </div>
                <div class="field">
                    <label for=field::SLUG>"Адрес"</label>
                    <input
                        id=field::SLUG
                        name=field::SLUG
                        value=form.slug.clone()
                        aria-invalid=invalid(field::SLUG)
                        aria-describedby=described(field::SLUG, Some("page-slug-hint"))
                    />
                    <p class="hint" id="page-slug-hint">
                        "Латинские буквы, цифры и дефисы: страница откроется по адресу /адрес. Оставьте пустым, и он составится из названия."
                    </p>
                    {field_error(field::SLUG, error(field::SLUG))}
                </div>
                <div class="field">
                    <label for=field::LANG>"Версия сайта"</label>
                    <select
                        id=field::LANG
                        name=field::LANG
                        aria-invalid=invalid(field::LANG)
                        aria-describedby=described(field::LANG, Some("page-lang-hint"))
                    >
                        {Lang::ALL
                            .into_iter()
                            .map(|lang| {
                                let label = match lang {
                                    Lang::Ru => "Русская — /адрес",
                                    Lang::Kk => "Казахская — /kk/адрес",
                                };
                                view! {
                                    <option value=lang.code() selected=form.lang == lang.code()>
                                        {label}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <p class="hint" id="page-lang-hint">
                        "Страница казахской версии открывается по адресу /kk/адрес, и ссылка на неё — в подвале казахских страниц."
                    </p>
                    {field_error(field::LANG, error(field::LANG))}
                </div>
                <div class="field">
                    <label for=field::BODY>"Текст"</label>
                    {plain_text_area(
                        field::BODY,
                        field::BODY.to_string(),
                        16,
                        &form.body,
                        invalid(field::BODY),
                        described(field::BODY, None),
                    )}
                    {field_error(field::BODY, error(field::BODY))}
                </div>
                <label class="checkbox">
                    <input type="checkbox" name=field::PUBLISHED checked=form.published />
                    "Опубликована"
                </label>
                <label class="checkbox">
                    <input type="checkbox" name=field::IN_FOOTER checked=form.in_footer />
                    "Ссылка в подвале сайта"
                </label>
                <button type="submit" class="button">"Сохранить"</button>
            </form>
            {delete}
        </section>
    }
}

//! An article's preview and revisions: the list, a comparison, restoring.

use crate::api::admin::{get_preview, get_revision, get_revisions};
use crate::components::loaded::loaded;
use crate::domain::lang::Lang;
use crate::domain::workspace::{RevisionCompare, RevisionList};
use crate::pages::article::article_view;
use crate::text::almaty_date_time;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

fn article_id() -> Memo<i64> {
    let params = use_params_map();
    Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse().ok())
            .unwrap_or(0)
    })
}

#[component]
pub fn PreviewPage() -> impl IntoView {
    let id = article_id();
    let article = Resource::new(move || id.get(), get_preview);
    view! {
        <p class="preview-banner" role="status">
            "Предпросмотр: так статью увидят читатели. "
            <a href=move || format!("/admin/articles/{}", id.get())>"Вернуться к редактированию"</a>
        </p>
        {loaded(article, article_view)}
    }
}

/// The article form's text as it stood when «Предпросмотр» was pressed,
/// saved or not: the server's handler of `POST /admin/preview` renders
/// [`UnsavedPreviewPage`] with it as context.
#[derive(Clone, Debug)]
pub struct UnsavedPreview {
    pub article: crate::domain::reader::ArticleData,
    /// The article's form to go back to (None: a new article's).
    pub back: Option<i64>,
}

#[component]
pub fn UnsavedPreviewPage() -> impl IntoView {
    let Some(preview) = use_context::<UnsavedPreview>() else {
        return view! {
            <Title text="Предпросмотр" />
            <section class="admin admin--narrow">
                <h1>"Предпросмотр"</h1>
                <p>"Предпросмотр открывается кнопкой «Предпросмотр» в форме статьи: он показывает текст таким, какой он в форме сейчас, даже несохранённый."</p>
                <p><a href="/admin">"К списку статей"</a></p>
            </section>
        }
        .into_any();
    };
    let back = preview
        .back
        .map_or("/admin/articles/new".to_string(), |id| {
            format!("/admin/articles/{id}")
        });
    // Boxed: the article's view inside this one is too deep a type for
    // the compiler's hydrate build.
    let article = article_view(preview.article).into_any();
    view! {
        <p class="preview-banner" role="status">
            "Предпросмотр текста из формы, сохранённого или нет: так статью увидят читатели. "
            "Закройте вкладку, чтобы вернуться к форме. "
            <a href=back>"Открыть сохранённую версию в редакторе"</a>
        </p>
        {article}
    }
    .into_any()
}

#[component]
pub fn RevisionsPage() -> impl IntoView {
    let id = article_id();
    let list = Resource::new(move || id.get(), get_revisions);
    view! {
        <Title text="История правок" />
        {loaded(list, revisions_view)}
    }
}

fn revisions_view(data: RevisionList) -> impl IntoView {
    let id = data.article_id;
    let empty = data.items.is_empty();
    view! {
        <section class="admin">
            <p>
                <a href=format!("/admin/articles/{id}")>"← К статье «" {data.title} "»"</a>
            </p>
            <h1>"История правок"</h1>
            <p>"Текущая версия: " {data.version}</p>
            {empty.then(|| view! { <p class="empty">"Статью ещё не меняли после первого сохранения."</p> })}
            <ol class="revisions">
                {data
                    .items
                    .into_iter()
                    .map(|r| {
                        view! {
                            <li>
                                <a href=format!("/admin/articles/{id}/revisions/{}", r.id)>
                                    "Версия " {r.version} ": " {r.title}
                                </a>
                                " — " {r.saved_by} ", "
                                <time>{almaty_date_time(r.saved_at, Lang::Ru)}</time>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
    .into_any()
}

#[component]
pub fn RevisionPage() -> impl IntoView {
    let id = article_id();
    let params = use_params_map();
    let compare = Resource::new(
        move || {
            let revision = params.read().get("revision").and_then(|r| r.parse().ok());
            (id.get(), revision.unwrap_or(0))
        },
        |(id, revision)| get_revision(id, revision),
    );
    view! {
        <Title text="Сравнение версий" />
        {loaded(compare, compare_view)}
    }
}

fn compare_view(data: RevisionCompare) -> impl IntoView {
    let id = data.article_id;
    let revision = data.revision;
    view! {
        <section class="admin">
            <p>
                <a href=format!("/admin/articles/{id}/revisions")>"← Все версии"</a>
            </p>
            <h1>"Версия " {revision.version} " и текущий текст"</h1>
            <p>
                "Сохранил(а) " {revision.saved_by} ", " {almaty_date_time(revision.saved_at, Lang::Ru)}
                ". Строки со знаком «−» есть только в этой версии, со знаком «+» — только в текущей."
            </p>
            {diff_view(data.lines)}
            <form method="post" action=format!("/admin/articles/{id}/revisions/{}/restore", revision.id)>
                <button type="submit" class="button">"Восстановить эту версию"</button>
            </form>
        </section>
    }
    .into_any()
}

/// A line diff: «−» lines only in the older text, «+» only in the newer.
pub(super) fn diff_view(lines: Vec<crate::domain::workspace::DiffLine>) -> impl IntoView {
    view! {
        <pre class="diff">
            {lines
                .into_iter()
                .map(|line| {
                    let (class, mark) = match line.kind {
                        '-' => ("diff__line diff__line--old", "− "),
                        '+' => ("diff__line diff__line--new", "+ "),
                        _ => ("diff__line", "  "),
                    };
                    view! { <span class=class>{mark} {line.text} "\n"</span> }
                })
                .collect_view()}
        </pre>
    }
}

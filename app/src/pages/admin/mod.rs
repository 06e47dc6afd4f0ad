//! The editors' workspace under `/admin`, in Russian.
//!
//! Every page is server-rendered complete (works without JavaScript). Short
//! forms (sign-in, categories, users, article actions) post to plain
//! routes that answer with a redirect, carrying error codes and typed
//! values in the query; with JavaScript on, the router's `<Form>` follows
//! that redirect without a page reload. The article form saves through a
//! server function when hydrated, and posts to the server otherwise.

mod editor;
mod pages;

pub use editor::{ArticleEditorPage, NewArticlePage};
pub use pages::{
    ArticleListPage, CategoriesAdminPage, PreviewPage, RevisionPage, RevisionsPage, SignInPage,
    UsersAdminPage,
};

use crate::editing::{form_message, Role};
use crate::model::CurrentUser;
use crate::text::url::Query;
use leptos::prelude::*;
use leptos_router::components::Form;

/// The workspace's header: navigation, who is signed in, sign-out.
#[component]
pub fn AdminBar(user: CurrentUser) -> impl IntoView {
    let admin = user.role == Role::Admin;
    view! {
        <nav class="admin-bar" aria-label="Редакция">
            <a href="/admin">"Статьи"</a>
            <a href="/admin/articles/new">"Новая статья"</a>
            {admin
                .then(|| {
                    view! {
                        <a href="/admin/categories">"Рубрики"</a>
                        <a href="/admin/users">"Сотрудники"</a>
                    }
                })}
            <a href="/">"На сайт"</a>
            <span class="admin-bar__user">{user.name} " · " {user.role.label()}</span>
            <div class="admin-bar__logout">
                <Form method="post" action="/admin/logout">
                    <button type="submit" class="link-button">"Выйти"</button>
                </Form>
            </div>
        </nav>
    }
}

/// A short form's state after a plain post, read from the query string:
/// typed values by name, and `e_FIELD=CODE` errors.
#[derive(Clone, Debug, Default)]
pub struct QueryForm(Query);

impl QueryForm {
    pub fn new(query: Query) -> QueryForm {
        QueryForm(query)
    }

    pub fn value(&self, field: &str) -> String {
        self.0.get(field).unwrap_or_default()
    }

    pub fn error(&self, field: &str) -> Option<String> {
        self.0
            .get(&format!("e_{field}"))
            .and_then(|code| form_message(&code))
    }
}

/// A field's error line, tied to the input by `id` for screen readers.
pub fn field_error(id: &str, message: Option<String>) -> impl IntoView {
    message.map(|text| {
        view! {
            <p class="field__error" id=format!("{id}-error") role="alert">
                {text}
            </p>
        }
    })
}

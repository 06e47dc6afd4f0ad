//! The editors' workspace under `/admin`, in Russian.
//!
//! Every page is server-rendered complete (works without JavaScript). Short
//! forms (sign-in, categories, users, article actions) are plain posts to
//! routes that answer with a redirect, carrying error codes and typed
//! values in the query. The article form is an island: live, it checks
//! fields as the editor types, uploads images at once and saves through a
//! server function; without JavaScript it posts to the server.

mod article_page;
mod articles;
mod autosave;
mod editor;
mod fields;
mod inline_image;
mod live_desk;
mod presence;
mod revisions;
mod seo_panel;
mod sign_in;
mod site_pages;
mod staff;
mod telegram;
mod visual_editor;

pub use article_page::{ArticleEditorPage, NewArticlePage};
pub use articles::ArticleListPage;
pub use revisions::{PreviewPage, RevisionPage, RevisionsPage, UnsavedPreview, UnsavedPreviewPage};
pub use sign_in::SignInPage;
pub use site_pages::{PageEditorPage, PagesAdminPage};
pub use staff::{CategoriesAdminPage, ProfilePage, UsersAdminPage};
pub use telegram::TelegramAdminPage;

use crate::api::admin::get_me;
use crate::domain::accounts::Role;
use crate::domain::workspace::CurrentUser;
use crate::messages::for_code;
use crate::text::url::Query;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::components::Outlet;

/// Every workspace page: the desk's own compact header (not the reader
/// site's), the page full width, never indexed. The server's session
/// middleware has already sent anyone without a session to the sign-in
/// page.
#[component]
pub fn WorkspaceLayout() -> impl IntoView {
    let me = Resource::new(|| (), |_| get_me());
    view! {
        <Meta name="robots" content="noindex, nofollow" />
        <header class="desk-header">
            <a class="desk-header__brand" href="/admin">
                {crate::domain::SITE_NAME}
                <span class="desk-header__room">"Редакция"</span>
            </a>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    me.await.ok().flatten().map(|user| view! { <DeskNav user /> })
                })}
            </Suspense>
        </header>
        <div class="layout layout--workspace">
            <main id="main" tabindex="-1">
                <Outlet />
            </main>
        </div>
    }
}

/// The desk's navigation: the newsroom's pages, who is signed in, sign-out.
#[component]
fn DeskNav(user: CurrentUser) -> impl IntoView {
    let admin = user.role == Role::Admin;
    let editor = user.role.can_publish();
    view! {
        <nav class="admin-bar" aria-label="Редакция">
            <a href="/admin">"Статьи"</a>
            <a href="/admin/articles/new">"Новая статья"</a>
            {editor.then(|| view! { <a href="/admin/pages">"Страницы"</a> })}
            {admin
                .then(|| {
                    view! {
                        <a href="/admin/categories">"Рубрики"</a>
                        <a href="/admin/users">"Сотрудники"</a>
                        <a href="/admin/telegram">"Telegram"</a>
                    }
                })}
            <a href="/">"На сайт"</a>
            <a class="admin-bar__user" href="/admin/profile" title="Мой профиль">
                {user.name}
                " · "
                {user.role.label()}
            </a>
            <form class="admin-bar__logout" method="post" action="/admin/logout">
                <button type="submit" class="link-button">"Выйти"</button>
            </form>
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
            .and_then(|code| for_code(&code))
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

/// The notice line for the code in `?notice=`, if it is one of ours.
fn notice(code: &str) -> Option<impl IntoView> {
    crate::messages::notice(code).map(|text| view! { <p class="notice" role="status">{text}</p> })
}

//! Qalam: the site, shared by the server (feature `ssr`) and the browser
//! (feature `hydrate`).

pub mod api;
pub mod components;
pub mod editing;
pub mod error;
pub mod hooks;
pub mod model;
pub mod pages;
pub mod text;

#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod content;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod editor;
#[cfg(feature = "ssr")]
pub mod lists;
#[cfg(feature = "ssr")]
pub mod markup;
#[cfg(feature = "ssr")]
pub mod search;
#[cfg(feature = "ssr")]
pub mod seo;
#[cfg(feature = "ssr")]
pub mod site;

use components::layout::{SiteFooter, SiteHeader};
use components::ticker::Ticker;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Link, Meta, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::{path, SsrMode};
use pages::admin::{
    ArticleEditorPage, ArticleListPage, CategoriesAdminPage, NewArticlePage, PreviewPage,
    RevisionPage, RevisionsPage, SignInPage, UsersAdminPage,
};
use pages::{ArticlePage, AuthorPage, CategoryPage, HomePage, NotFound, SearchPage, TagPage};

/// The site's name, in the header and every `<title>`.
pub const SITE_NAME: &str = "Qalam";

/// The HTML document around the app; rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang="ru">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The page's Content-Security-Policy: scripts only from this site and
/// only with this response's nonce (Leptos puts it on its hydration
/// scripts), WebAssembly allowed to compile, no plugins, no framing.
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    mark_hydrated();
    view! {
        <Title formatter=components::raw_text::page_title />
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml" />
        <Link rel="alternate" type_="application/rss+xml" title=format!("{SITE_NAME} — все новости") href="/feed.xml" />
        <Meta name="theme-color" content="#0b5c47" />
        <Router>
            <a class="skip-link" href="#main">"Перейти к содержанию"</a>
            <SiteHeader />
            <div class="layout">
                <main id="main" tabindex="-1">
                    // Async: every page is complete HTML before the first
                    // byte, so it works without JavaScript and sets its own
                    // <title>, meta tags and HTTP status.
                    <Routes fallback=NotFound>
                        <Route path=path!("") view=HomePage ssr=SsrMode::Async />
                        <Route path=path!("/news/:slug") view=ArticlePage ssr=SsrMode::Async />
                        <Route path=path!("/category/:slug") view=CategoryPage ssr=SsrMode::Async />
                        <Route path=path!("/author/:slug") view=AuthorPage ssr=SsrMode::Async />
                        <Route path=path!("/tag/:slug") view=TagPage ssr=SsrMode::Async />
                        <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async />
                        <Route path=path!("/admin") view=ArticleListPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/login") view=SignInPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/articles/new") view=NewArticlePage ssr=SsrMode::Async />
                        <Route path=path!("/admin/articles/:id") view=ArticleEditorPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/articles/:id/preview") view=PreviewPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/articles/:id/revisions") view=RevisionsPage ssr=SsrMode::Async />
                        <Route
                            path=path!("/admin/articles/:id/revisions/:revision")
                            view=RevisionPage
                            ssr=SsrMode::Async
                        />
                        <Route path=path!("/admin/categories") view=CategoriesAdminPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/users") view=UsersAdminPage ssr=SsrMode::Async />
                    </Routes>
                </main>
                <ReaderSidebar />
            </div>
            <SiteFooter />
        </Router>
    }
}

/// The ticker beside reader pages; the editors' workspace needs the room.
#[component]
fn ReaderSidebar() -> impl IntoView {
    let location = use_location();
    let reader = move || !location.pathname.get().starts_with("/admin");
    view! {
        <Show when=reader>
            <aside class="sidebar">
                <Ticker />
            </aside>
        </Show>
    }
}

/// Sets `data-hydrated` on `<html>` once the browser has hydrated the page:
/// tests and scripts wait for it instead of guessing.
fn mark_hydrated() {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
}

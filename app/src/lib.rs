//! Qalam: the site, shared by the server (feature `ssr`) and the browser
//! (feature `hydrate`).
//!
//! Shared by both: [`domain`] (the vocabulary), [`messages`] (every
//! sentence we say), [`text`], [`components`], [`pages`], [`api`] (the
//! server functions, thin). Server only: [`server`] (the logic, by
//! domain) and [`db`] (every SQL statement).

// The article page's view, built once more inside the unsaved preview
// (`pages::admin::revisions`), is a deeper type than the default limit
// allows when the release build lays out its hydration.
#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod domain;
pub mod error;
pub mod hooks;
pub mod messages;
pub mod pages;
pub mod text;
pub mod words;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod server;

use components::islands::{BundleStylesheet, IslandScripts};
use components::layout::{ReaderFrame, ReaderLayout};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, SsrMode};
use pages::admin::{
    ArticleEditorPage, ArticleListPage, CategoriesAdminPage, NewArticlePage, PageEditorPage,
    PagesAdminPage, PreviewPage, ProfilePage, RevisionPage, RevisionsPage, SignInPage,
    TelegramAdminPage, UnsavedPreviewPage, UsersAdminPage, WorkspaceLayout,
};
use pages::{
    ArticlePage, AuthorPage, CategoryPage, CorrectionsPage, HomePage, NotFound, SearchPage,
    StaticPage, TagPage,
};

pub use domain::SITE_NAME;

/// The HTML document around the app; rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // Islands mode: nothing outside an island is hydrated, so nothing
    // outside one is serialised into the page (Leptos' HydrationScripts
    // would say so; our loader replaces it).
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    // For the pages that name the bundle (components::islands).
    provide_context(options.clone());
    let lang = page_lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <BundleStylesheet options=options.clone() />
                <IslandScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The language of the page being served, from its path (the shell is
/// outside the router). The workspace's pages are Russian.
fn page_lang() -> domain::lang::Lang {
    #[cfg(feature = "ssr")]
    if let Some(parts) = use_context::<http::request::Parts>() {
        return domain::lang::Lang::of_path(parts.uri.path());
    }
    domain::lang::Lang::Ru
}

/// The page's Content-Security-Policy: scripts only from this site and
/// only with this response's nonce (our island loader and speculation
/// rules carry it), WebAssembly allowed to compile, no plugins, no framing
/// of this site; frames only from the embeds' players (YouTube's cookieless
/// host and Telegram), which an article's island adds when asked.
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let frames = crate::server::markup::embeds::FRAME_HOSTS.join(" ");
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         frame-src {frames}; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    );
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

/// The static pages' route (`/{slug}`), which the server leaves to its
/// fallback: a file in the site root (`/favicon.svg`) is served first.
pub const STATIC_PAGE_PATH: &str = "/:slug";

/// Whether `path` is the editors' workspace: `/admin` (the workspace
/// layout in [`App`] below) and what is under it, and its server
/// functions under `/api/admin`; not `/administrator`. The session
/// middleware, the private-cache rule, the page cache and the access log
/// all ask this one function.
pub fn is_workspace(path: &str) -> bool {
    let under = |root: &str| {
        path.strip_prefix(root)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    under("/admin") || under("/api/admin")
}

/// Every page: the head's shared tags, the header and footer, and the two
/// layouts (readers' pages beside the ticker; the editors' workspace).
/// Every route is `SsrMode::Async`: the page is complete HTML before the
/// first byte, so it works without JavaScript and sets its own `<title>`,
/// meta tags and HTTP status.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Outside the router: from the request, as the shell reads it.
    let lang = page_lang();
    view! {
        <Title formatter=move |title| components::raw_text::page_title_in(title, lang) />
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml" />
        <Link rel="alternate" type_="application/rss+xml" title=format!("{SITE_NAME} — все новости") href="/feed.xml" />
        <Meta name="theme-color" content="#0b5c47" />
        <Router>
            <a class="skip-link" href="#main">{hooks::use_lang().words().skip_to_content}</a>
            <Routes fallback=|| view! { <ReaderFrame><NotFound /></ReaderFrame> }>
                <ParentRoute path=path!("") view=ReaderLayout ssr=SsrMode::Async>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("news/:slug") view=ArticlePage ssr=SsrMode::Async />
                    <Route path=path!("category/:slug") view=CategoryPage ssr=SsrMode::Async />
                    <Route path=path!("author/:slug") view=AuthorPage ssr=SsrMode::Async />
                    <Route path=path!("tag/:slug") view=TagPage ssr=SsrMode::Async />
                    <Route path=path!("search") view=SearchPage ssr=SsrMode::Async />
                    <Route path=path!("corrections") view=CorrectionsPage ssr=SsrMode::Async />
                </ParentRoute>
                // The Kazakh edition: the same pages under /kk (the page
                // reads its edition from the path, `hooks::use_lang`).
                <ParentRoute path=path!("kk") view=ReaderLayout ssr=SsrMode::Async>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("news/:slug") view=ArticlePage ssr=SsrMode::Async />
                    <Route path=path!("category/:slug") view=CategoryPage ssr=SsrMode::Async />
                    <Route path=path!("search") view=SearchPage ssr=SsrMode::Async />
                    <Route path=path!("corrections") view=CorrectionsPage ssr=SsrMode::Async />
                    <Route path=path!("author/:slug") view=AuthorPage ssr=SsrMode::Async />
                    <Route path=path!("tag/:slug") view=TagPage ssr=SsrMode::Async />
                </ParentRoute>
                <ParentRoute path=path!("admin") view=WorkspaceLayout ssr=SsrMode::Async>
                    <Route path=path!("") view=ArticleListPage ssr=SsrMode::Async />
                    <Route path=path!("login") view=SignInPage ssr=SsrMode::Async />
                    <Route path=path!("articles/new") view=NewArticlePage ssr=SsrMode::Async />
                    <Route path=path!("articles/:id") view=ArticleEditorPage ssr=SsrMode::Async />
                    <Route path=path!("articles/:id/preview") view=PreviewPage ssr=SsrMode::Async />
                    <Route path=path!("preview") view=UnsavedPreviewPage ssr=SsrMode::Async />
                    <Route path=path!("articles/:id/revisions") view=RevisionsPage ssr=SsrMode::Async />
                    <Route
                        path=path!("articles/:id/revisions/:revision")
                        view=RevisionPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("categories") view=CategoriesAdminPage ssr=SsrMode::Async />
                    <Route path=path!("telegram") view=TelegramAdminPage ssr=SsrMode::Async />
                    <Route path=path!("users") view=UsersAdminPage ssr=SsrMode::Async />
                    <Route path=path!("profile") view=ProfilePage ssr=SsrMode::Async />
                    <Route path=path!("pages") view=PagesAdminPage ssr=SsrMode::Async />
                    <Route path=path!("pages/new") view=PageEditorPage ssr=SsrMode::Async />
                    <Route path=path!("pages/:id") view=PageEditorPage ssr=SsrMode::Async />
                </ParentRoute>
                // Static pages: after every other route (the router takes
                // the first that matches, and `/admin` is one segment too),
                // and not an axum route of their own (`STATIC_PAGE_PATH`):
                // files in the site root are looked for first.
                <ParentRoute path=path!("kk") view=ReaderLayout ssr=SsrMode::Async>
                    <Route path=path!(":slug") view=StaticPage ssr=SsrMode::Async />
                </ParentRoute>
                <ParentRoute path=path!("") view=ReaderLayout ssr=SsrMode::Async>
                    <Route path=path!(":slug") view=StaticPage ssr=SsrMode::Async />
                </ParentRoute>
            </Routes>
        </Router>
    }
}

#[cfg(test)]
mod tests {
    use super::is_workspace;

    #[test]
    fn the_workspace_is_admin_and_its_api_only() {
        for path in [
            "/admin",
            "/admin/",
            "/admin/articles/1",
            "/api/admin/editor",
        ] {
            assert!(is_workspace(path), "{path}");
        }
        for path in [
            "/administrator",
            "/adminka",
            "/api/ticker",
            "/",
            "/news/admin",
        ] {
            assert!(!is_workspace(path), "{path}");
        }
    }
}

//! Qalam: the site, shared by the server (feature `ssr`) and the browser
//! (feature `hydrate`).

pub mod api;
pub mod components;
pub mod error;
pub mod model;
pub mod pages;
pub mod text;

#[cfg(feature = "ssr")]
pub mod content;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod markup;
#[cfg(feature = "ssr")]
pub mod site;

use components::layout::{SiteFooter, SiteHeader};
use components::ticker::Ticker;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Link, Meta, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};
use pages::{ArticlePage, CategoryPage, HomePage, NotFound};

/// The site's name, in the header and every `<title>`.
pub const SITE_NAME: &str = "Qalam";

/// The HTML document around the app; rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
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

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    mark_hydrated();
    view! {
        <Title formatter=|title: String| {
            if title.is_empty() { format!("{SITE_NAME} — новости Казахстана") } else { format!("{title} — {SITE_NAME}") }
        } />
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml" />
        <Meta name="theme-color" content="#0b5c47" />
        <Router>
            <a class="skip-link" href="#main">"Перейти к содержанию"</a>
            <SiteHeader />
            <div class="layout">
                <main id="main" tabindex="-1">
                    // Async: every reader page is complete HTML before the first
                    // byte, so it works without JavaScript and sets its own
                    // <title>, meta tags and HTTP status.
                    <Routes fallback=NotFound>
                        <Route path=path!("") view=HomePage ssr=SsrMode::Async />
                        <Route path=path!("/news/:slug") view=ArticlePage ssr=SsrMode::Async />
                        <Route path=path!("/category/:slug") view=CategoryPage ssr=SsrMode::Async />
                    </Routes>
                </main>
                <aside class="sidebar">
                    <Ticker />
                </aside>
            </div>
            <SiteFooter />
        </Router>
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

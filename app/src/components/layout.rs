//! The frame of every page: the header with the category navigation, the
//! footer, and the readers' layout (the page beside the ticker).

use crate::api::reader::{get_article, get_categories, get_footer_pages};
use crate::components::breaking::BreakingBar;
use crate::components::follow::PushControl;
use crate::components::islands::IslandPreloads;
use crate::components::raw_text::JsonScript;
use crate::components::ticker::Ticker;
use crate::domain::lang::Lang;
use crate::domain::notifications::Topic;
use crate::domain::reader::ArticleData;
use crate::domain::SITE_NAME;
use crate::error::AppError;
use crate::hooks::use_lang;
use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_location;

/// An article page's data, read once by the readers' layout for the page
/// and for the header's language switch (which renders first).
#[derive(Clone, Copy)]
pub struct PageArticle(pub Resource<Result<ArticleData, AppError>>);

/// The readers' pages: their route's page beside the ticker.
#[component]
pub fn ReaderLayout() -> impl IntoView {
    let lang = use_lang();
    let path = use_location().pathname.get_untracked();
    let slug = path
        .strip_prefix(lang.prefix())
        .and_then(|rest| rest.strip_prefix("/news/"))
        .filter(|slug| !slug.is_empty() && !slug.contains('/'))
        .map(str::to_string);
    if let Some(slug) = slug {
        let article = Resource::new(move || slug.clone(), move |slug| get_article(slug, lang));
        provide_context(PageArticle(article));
    }
    view! {
        <ReaderFrame>
            <Outlet />
        </ReaderFrame>
    }
}

/// A reader page's frame, also around the 404 page: the site's header
/// and footer (the workspace has its own compact header).
#[component]
pub fn ReaderFrame(children: Children) -> impl IntoView {
    view! {
        <SiteHeader />
        <IslandPreloads />
        <BreakingBar />
        <div class="layout">
            <main id="main" tabindex="-1">
                {children()}
            </main>
            <aside class="sidebar">
                <Ticker />
            </aside>
        </div>
        <SpeculationRules />
        <SiteFooter />
    }
}

/// Reader links open at once where the browser allows: a page is
/// prerendered when the pointer rests on its link (or on touch start),
/// never the workspace, the API, feeds or files.
#[component]
fn SpeculationRules() -> impl IntoView {
    let rules = serde_json::json!({
        "prerender": [{
            "source": "document",
            "where": { "and": [
                { "href_matches": "/*" },
                { "not": { "href_matches": ["/admin", "/admin/*", "/api/*", "/media/*", "/pkg/*", "/*.xml"] } },
                { "not": { "selector_matches": "[rel~=nofollow]" } }
            ] },
            "eagerness": "moderate"
        }]
    });
    view! { <JsonScript kind="speculationrules" json=rules.to_string() /> }
}

#[component]
pub fn SiteHeader() -> impl IntoView {
    let lang = use_lang();
    let words = lang.words();
    let categories = Resource::new(|| (), move |_| get_categories(lang));
    view! {
        <header class="site-header">
            <div class="site-header__inner">
                <a class="brand" href=lang.home()>
                    <span class="brand__name">{SITE_NAME}</span>
                    <span class="brand__tagline">{words.tagline}</span>
                </a>
                <form class="site-search" method="get" action=lang.path("/search") role="search" aria-label=words.search_site>
                    <label class="visually-hidden" for="site-search-q">{words.search_site}</label>
                    <input id="site-search-q" type="search" name="q" placeholder=words.search_site maxlength="200" />
                    <button class="site-search__button" type="submit">{words.search_button}</button>
                </form>
                <LanguageSwitch lang />
            </div>
            <nav class="site-nav" aria-label=words.categories_label>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        categories
                            .await
                            .map(|list| {
                                view! {
                                    <ul class="site-nav__list">
                                        {list
                                            .into_iter()
                                            .map(|c| {
                                                view! {
                                                    <li>
                                                        <a href=lang.category_path(&c.slug)>{c.name}</a>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                            })
                            .ok()
                    })}
                </Suspense>
            </nav>
        </header>
    }
}

/// The other edition: on an article page its published translation
/// (from the page's own data, `PageArticle`), else the other edition's
/// home. A plain link: it works without JavaScript, and the language
/// stays in the address (never a cookie).
#[component]
fn LanguageSwitch(lang: Lang) -> impl IntoView {
    let other = lang.other();
    let words = lang.words();
    let article = use_context::<PageArticle>();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let translation = match article {
                    Some(PageArticle(article)) => {
                        article.await.ok().and_then(|a| a.translation_path)
                    }
                    None => None,
                };
                let target = translation.unwrap_or_else(|| other.home());
                view! {
                    <a
                        class="language-switch"
                        href=target
                        hreflang=other.code()
                        lang=other.code()
                        title=words.other_edition_label
                    >
                        {words.other_edition}
                    </a>
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn SiteFooter() -> impl IntoView {
    let lang = use_lang();
    let words = lang.words();
    let pages = Resource::new(|| (), |_| get_footer_pages());
    view! {
        <footer class="site-footer">
            <p>{SITE_NAME} {words.footer_about}</p>
            <nav aria-label=words.footer_links_label>
                <ul class="site-footer__links">
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            pages
                                .await
                                .unwrap_or_default()
                                .into_iter()
                                .filter(|page| page.lang == lang)
                                .map(|page| {
                                    view! {
                                        <li>
                                            <a href=lang.path(&format!("/{}", page.slug))>{page.title}</a>
                                        </li>
                                    }
                                })
                                .collect_view()
                        })}
                    </Suspense>
                    <li>
                        <a href=lang.path("/corrections")>{words.corrections}</a>
                    </li>
                </ul>
            </nav>
            <p>{words.footer_time_zone}</p>
            <PushControl topic=Topic::Breaking(lang) />
        </footer>
    }
}

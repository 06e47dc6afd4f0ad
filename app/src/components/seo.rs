//! The `<head>` tags of a page for search engines, feed readers and link
//! previews, from the [`Seo`] its server function built.

use crate::domain::lang::Lang;
use crate::domain::reader::{hreflang_set, Seo, Translation};
use crate::domain::SITE_NAME;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};

#[component]
pub fn SeoTags(seo: Seo) -> impl IntoView {
    let Seo {
        title,
        description,
        canonical,
        image,
        article,
        feed,
        noindex,
        lang,
        translations,
    } = seo;
    // A page without an address of its own (the editors' preview) gets a
    // title only.
    if canonical.is_empty() {
        return view! { <Title text=title /> }.into_any();
    }
    // The home page's own title is empty: `<title>` then shows the site's.
    let card_title = if title.is_empty() {
        lang.words().site_title.to_string()
    } else {
        title.clone()
    };
    let kind = if article.is_some() {
        "article"
    } else {
        "website"
    };
    let article_tags = article.map(|a| {
        view! {
            <Meta property="article:published_time" content=a.published_time />
            <Meta property="article:modified_time" content=a.modified_time />
            <Meta property="article:section" content=a.section />
            {a
                .author_urls
                .into_iter()
                .map(|url| view! { <Meta property="article:author" content=url /> })
                .collect_view()}
            {a
                .tags
                .into_iter()
                .map(|tag| view! { <Meta property="article:tag" content=tag /> })
                .collect_view()}
        }
    });
    let feed = feed.map(|f| {
        view! { <Link rel="alternate" type_="application/rss+xml" title=f.title href=f.href /> }
    });
    let languages = language_links(lang, &canonical, translations);
    view! {
        <Title text=title.clone() />
        <Meta name="description" content=description.clone() />
        <Link rel="canonical" href=canonical.clone() />
        // Discover and search show a large image only when allowed to.
        {if noindex {
            view! { <Meta name="robots" content="noindex, follow" /> }
        } else {
            view! { <Meta name="robots" content="max-image-preview:large" /> }
        }}
        {feed}
        <Meta property="og:site_name" content=SITE_NAME />
        <Meta property="og:locale" content=lang.og_locale() />
        {languages}
        <Meta property="og:type" content=kind />
        <Meta property="og:title" content=card_title.clone() />
        <Meta property="og:description" content=description.clone() />
        <Meta property="og:url" content=canonical />
        <Meta property="og:image" content=image.url.clone() />
        <Meta property="og:image:width" content=image.width.to_string() />
        <Meta property="og:image:height" content=image.height.to_string() />
        <Meta property="og:image:alt" content=image.alt.clone() />
        {article_tags}
        <Meta name="twitter:card" content="summary_large_image" />
        <Meta name="twitter:title" content=card_title />
        <Meta name="twitter:description" content=description />
        <Meta name="twitter:image" content=image.url />
        <Meta name="twitter:image:alt" content=image.alt />
    }
    .into_any()
}

/// The page's translations for search engines: the `hreflang` set
/// (`hreflang_set`) and `og:locale:alternate` for the other languages.
/// Nothing on a page without translations.
fn language_links(lang: Lang, canonical: &str, translations: Vec<Translation>) -> impl IntoView {
    let links = hreflang_set(lang, canonical, &translations);
    view! {
        {translations
            .into_iter()
            .map(|t| view! { <Meta property="og:locale:alternate" content=t.lang.og_locale() /> })
            .collect_view()}
        {links
            .into_iter()
            .map(|(code, url)| view! { <Link rel="alternate" hreflang=code href=url /> })
            .collect_view()}
    }
}

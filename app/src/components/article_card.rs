//! An article in a list: category, time, headline, excerpt.

use crate::components::picture::{CardPicture, Priority};
use crate::domain::reader::ArticleSummary;
use crate::hooks::use_lang;
use crate::text::{iso_datetime, short_time};
use leptos::prelude::*;

/// How prominent a card is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardSize {
    /// The home page's lead story.
    Lead,
    Regular,
    /// Headline and time only.
    Compact,
}

#[component]
pub fn ArticleCard(
    item: ArticleSummary,
    /// The server's clock when the list was loaded.
    now: i64,
    #[prop(default = CardSize::Regular)] size: CardSize,
    /// The heading level of the headline (2 or 3), to keep the outline right.
    #[prop(default = 3)]
    level: u8,
    #[prop(default = true)] show_category: bool,
) -> impl IntoView {
    let class = match size {
        CardSize::Lead => "card card--lead",
        CardSize::Regular => "card",
        CardSize::Compact => "card card--compact",
    };
    let lang = use_lang();
    let words = lang.words();
    let href = lang.article_path(&item.slug);
    let title = view! { <a href=href>{item.title}</a> };
    let headline = if level <= 2 {
        view! { <h2 class="card__title">{title}</h2> }.into_any()
    } else {
        view! { <h3 class="card__title">{title}</h3> }.into_any()
    };
    let category = (show_category && !item.category.slug.is_empty()).then(|| {
        view! {
            <a class="card__category" href=lang.category_path(&item.category.slug)>
                {item.category.name}
            </a>
        }
    });
    let excerpt = (size != CardSize::Compact && !item.excerpt.is_empty())
        .then(|| view! { <p class="card__excerpt">{item.excerpt}</p> });
    // Lists show images in a fixed 16:9 box (CSS), so nothing shifts as
    // they load; compact cards show none. The lead story's image is the
    // home page's largest paint: fetched first.
    let priority = if size == CardSize::Lead {
        Priority::First
    } else {
        Priority::Lazy
    };
    let image = item
        .image
        .filter(|_| size != CardSize::Compact)
        .map(|image| view! { <CardPicture image priority /> });
    view! {
        <article class=class>
            {image}
            <p class="card__meta">
                {item.breaking.then(|| view! { <span class="badge">{words.breaking_badge}</span> })}
                {category}
                <time datetime=iso_datetime(item.published_at)>
                    {short_time(item.published_at, now, lang)}
                </time>
            </p>
            {headline}
            {excerpt}
        </article>
    }
    // Erased: lists nest many cards, and the full type gets too deep.
    .into_any()
}

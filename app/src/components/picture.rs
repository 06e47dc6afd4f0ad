//! A stored image as a `<picture>`: WebP sizes for browsers that take them
//! (all current ones), JPEG sizes for the rest, and fixed dimensions so
//! the page keeps its place while the image loads.

use crate::domain::images::{
    card_srcset, fallback_url, srcset, stored_id, variant_url, Format, ARTICLE_SIZES, CARD_SIZES,
    CARD_WIDTHS,
};
use crate::domain::reader::ImageRef;
use leptos::prelude::*;

/// How the page wants the image.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Priority {
    /// The page's main image (the largest paint): fetched first, never lazy.
    First,
    /// Below the fold: fetched when the reader scrolls near it.
    Lazy,
}

/// The article's own image, as wide as the article column.
#[component]
pub fn ArticlePicture(image: ImageRef, priority: Priority) -> impl IntoView {
    let (width, height) = (image.width.unwrap_or(1600), image.height.unwrap_or(900));
    let Some(id) = stored_id(&image.url) else {
        return view! { <img src=image.url alt=image.alt width=width height=height /> }.into_any();
    };
    let eager = priority == Priority::First;
    view! {
        <picture>
            <source type="image/webp" srcset=srcset(id, width, Format::WebP) sizes=ARTICLE_SIZES />
            <img
                src=fallback_url(id, width)
                srcset=srcset(id, width, Format::Jpeg)
                sizes=ARTICLE_SIZES
                alt=image.alt
                width=width
                height=height
                loading=(!eager).then_some("lazy")
                fetchpriority=eager.then_some("high")
                decoding="async"
            />
        </picture>
    }
    .into_any()
}

/// A list card's image in its 16:9 box (CSS).
#[component]
pub fn CardPicture(image: ImageRef, priority: Priority) -> impl IntoView {
    let eager = priority == Priority::First;
    let loading = (!eager).then_some("lazy");
    let fetchpriority = eager.then_some("high");
    let Some(id) = stored_id(&image.url) else {
        return view! {
            <img class="card__image" src=image.url alt=image.alt width="320" height="180" loading=loading decoding="async" />
        }
        .into_any();
    };
    view! {
        <picture>
            <source type="image/webp" srcset=card_srcset(id, Format::WebP) sizes=CARD_SIZES />
            <img
                class="card__image"
                src=variant_url(id, CARD_WIDTHS[0], Format::Jpeg)
                srcset=card_srcset(id, Format::Jpeg)
                sizes=CARD_SIZES
                alt=image.alt
                width="320"
                height="180"
                loading=loading
                fetchpriority=fetchpriority
                decoding="async"
            />
        </picture>
    }
    .into_any()
}

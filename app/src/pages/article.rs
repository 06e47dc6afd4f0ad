//! `/news/{slug}`: one article.

use crate::api::reader::get_article;
use crate::components::article_card::ArticleCard;
use crate::components::embeds::{has_players, EmbedPlayers};
use crate::components::layout::PageArticle;
use crate::components::live::LiveStory;
use crate::components::loaded::loaded;
use crate::components::most_read::{MostRead, ReadBeacon};
use crate::components::picture::{ArticlePicture, Priority};
use crate::components::raw_text::JsonScript;
use crate::components::seo::SeoTags;
use crate::components::share::Share;
use crate::domain::lang::Lang;
use crate::domain::reader::{ArticleData, CorrectionNote, ImageRef, NamedLink};
use crate::hooks::use_lang;
use crate::text::time::almaty_day;
use crate::text::{almaty_date_time, iso_datetime};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ArticlePage() -> impl IntoView {
    let params = use_params_map();
    let lang = use_lang();
    // The layout has read it already, for the header's language switch.
    let article = match use_context::<PageArticle>() {
        Some(PageArticle(article)) => article,
        None => Resource::new(
            move || params.read().get("slug").unwrap_or_default(),
            move |slug| get_article(slug, lang),
        ),
    };
    view! {
        {loaded(article, article_view)}
    }
}

/// An article as readers see it; the editors' preview shows the same view.
pub fn article_view(a: ArticleData) -> impl IntoView {
    let lang = a.seo.lang;
    let words = lang.words();
    let updated = a.updated_at.map(|ts| {
        view! {
            <span class="article__updated">
                {words.updated} <time datetime=iso_datetime(ts)>{almaty_date_time(ts, lang)}</time>
            </span>
        }
    });
    let now = a.now;
    let tags = (!a.tags.is_empty()).then(|| {
        view! {
            <ul class="tags" aria-label=words.tags_label>
                {a
                    .tags
                    .into_iter()
                    .map(|tag| view! { <li><a class="tag" href=tag.href>{tag.name}</a></li> })
                    .collect_view()}
            </ul>
        }
    });
    let related = (!a.related.is_empty()).then(|| {
        view! {
            <section class="related" aria-labelledby="related-heading">
                <h2 id="related-heading" class="section-heading">{words.related}</h2>
                <div class="list">
                    {a
                        .related
                        .into_iter()
                        .map(|item| view! { <ArticleCard item now level=3 /> })
                        .collect_view()}
                </div>
            </section>
        }
    });
    view! {
        <SeoTags seo=a.seo />
        <JsonScript kind="application/ld+json" json=a.json_ld />
        <article class="article">
            <header class="article__header">
                <p class="article__kicker">
                    {(!a.category.slug.is_empty()).then(|| view! {
                        <a class="article__category" href=lang.category_path(&a.category.slug)>
                            {a.category.name}
                        </a>
                    })}
                    {a.breaking.then(|| view! { <span class="badge">{words.breaking_badge}</span> })}
                </p>
                <h1 class="article__title">{a.title.clone()}</h1>
                <p class="article__lead">{a.lead}</p>
                <p class="article__byline">
                    <span class="article__authors">{byline(a.authors, words.and)}</span>
                    <time datetime=iso_datetime(a.published_at)>{almaty_date_time(a.published_at, lang)}</time>
                    {updated}
                </p>
                {(!a.credit_line.is_empty())
                    .then(|| view! { <p class="article__credit">{a.credit_line}</p> })}
            </header>
            {a.image.map(featured_image)}
            {corrections(a.corrections, now, lang)}
            {body(a.body_html)}
            {a.live.map(|coverage| view! { <LiveStory coverage now /> })}
            {tags}
            <Share url=a.url title=a.title />
        </article>
        {a.view_beacon.then(|| view! { <ReadBeacon path=lang.article_path(&a.slug) /> })}
        <MostRead items=a.most_read now />
        {related}
    }
}

/// "Әлия Сейітова, Данияр Ахметов и Нұрлан Қасымов", each a link.
fn byline(authors: Vec<NamedLink>, and: &'static str) -> impl IntoView {
    let count = authors.len();
    authors
        .into_iter()
        .enumerate()
        .map(|(i, author)| {
            let joint = match (i + 1 == count, i == 0) {
                (_, true) => "",
                (true, false) => and,
                (false, false) => ", ",
            };
            view! {
                {joint}
                <a class="article__author" href=author.href rel="author">{author.name}</a>
            }
        })
        .collect_view()
}

/// The featured image: the page's largest paint, so never lazy and
/// fetched first; its box is reserved by its stored size.
fn featured_image(image: ImageRef) -> impl IntoView {
    let (caption, credit) = (image.caption.clone(), image.credit.clone());
    let caption = (!caption.is_empty() || !credit.is_empty()).then(|| {
        view! {
            <figcaption>
                {caption}
                {(!credit.is_empty())
                    .then(|| view! { " " <span class="figure__credit">{credit}</span> })}
            </figcaption>
        }
    });
    view! {
        <figure class="article__figure">
            <ArticlePicture image priority=Priority::First />
            {caption}
        </figure>
    }
}

/// «Исправление, 24 ноября: …»: one correction, on the article and on
/// `/corrections`.
pub fn correction_line(at: i64, note: String, now: i64, lang: Lang) -> impl IntoView {
    view! {
        <p class="correction">
            <strong>
                {lang.words().correction} <time datetime=iso_datetime(at)>{almaty_day(at, now, lang)}</time> ":"
            </strong>
            " "
            {note}
        </p>
    }
}

/// The corrections above the body, oldest first.
fn corrections(notes: Vec<CorrectionNote>, now: i64, lang: Lang) -> impl IntoView {
    (!notes.is_empty()).then(|| {
        view! {
            <aside class="article__corrections" aria-label=lang.words().corrections>
                {notes.into_iter().map(|c| correction_line(c.at, c.note, now, lang)).collect_view()}
            </aside>
        }
    })
}

/// The body (sanitised HTML, rendered at save); with embeds, inside the
/// island that plays them. Static pages show theirs the same way.
pub(crate) fn body(body_html: String) -> impl IntoView {
    if has_players(&body_html) {
        view! {
            <EmbedPlayers>
                <div class="article__body" inner_html=body_html></div>
            </EmbedPlayers>
        }
        .into_any()
    } else {
        view! { <div class="article__body" inner_html=body_html></div> }.into_any()
    }
}

//! What pages tell search engines, aggregators and messengers: canonical
//! URLs, descriptions, OpenGraph cards and the `NewsArticle` JSON-LD. Built
//! here on the server, where the public URL is known.

use crate::domain::images::{served_width, stored_id, variant_url, Format};
use crate::domain::lang::Lang;
use crate::domain::live::LiveCoverage;
use crate::domain::reader::{
    FeedLink, ImageRef, NamedLink, Seo, SeoArticle, SeoImage, Translation,
};
use crate::domain::SITE_NAME;
use crate::text::iso_datetime;
use serde_json::json;

/// The card shown for pages without an image of their own (`public/`).
pub const DEFAULT_IMAGE: (&str, i64, i64) = ("/og-image.png", 1200, 630);
/// The publisher's logo for `NewsArticle` (`public/`; Google asks for at
/// most 600×60).
pub const LOGO: (&str, i64, i64) = ("/publisher-logo.png", 600, 60);

/// `path` on the public base URL ("https://qalam.kz").
fn absolute(base: &str, path: &str) -> String {
    format!("{}{path}", base.trim_end_matches('/'))
}

/// The site's card image.
pub fn default_image(base: &str) -> SeoImage {
    let (path, width, height) = DEFAULT_IMAGE;
    SeoImage {
        url: absolute(base, path),
        width,
        height,
        alt: SITE_NAME.to_string(),
    }
}

/// The width of the card made from a stored image: messengers and
/// Discover show a large preview from 1,200 px up.
pub const CARD_IMAGE_WIDTH: i64 = 1200;

/// An article's image as a card. A stored image with a known size is its
/// JPEG variant (Telegram and some messengers show no WebP) of 1,200 px,
/// or the largest made when the upload is narrower; the size is scaled.
pub fn article_image(base: &str, image: Option<&ImageRef>) -> SeoImage {
    let Some(image) = image else {
        return default_image(base);
    };
    let (width, height) = (image.width.unwrap_or(0), image.height.unwrap_or(0));
    let variant = stored_id(&image.url).zip(served_width(CARD_IMAGE_WIDTH, width));
    match variant {
        Some((id, card_width)) if width > 0 => SeoImage {
            url: absolute(base, &variant_url(id, card_width, Format::Jpeg)),
            width: card_width,
            height: height * card_width / width,
            alt: image.alt.clone(),
        },
        _ => SeoImage {
            url: absolute(base, &image.url),
            width,
            height,
            alt: image.alt.clone(),
        },
    }
}

/// A page that is not an article, in `lang`'s edition.
pub fn page(base: &str, title: &str, description: &str, path: &str, lang: Lang) -> Seo {
    Seo {
        title: title.to_string(),
        description: description.to_string(),
        canonical: absolute(base, path),
        image: default_image(base),
        article: None,
        feed: None,
        noindex: false,
        lang,
        translations: Vec::new(),
    }
}

/// The same page in other editions, as `Seo::translations`: each
/// edition's path made absolute.
pub fn translations(base: &str, paths: &[(Lang, String)]) -> Vec<Translation> {
    paths
        .iter()
        .map(|(lang, path)| Translation {
            lang: *lang,
            url: absolute(base, path),
        })
        .collect()
}

/// A list page with its own feed.
pub fn with_feed(mut seo: Seo, title: String, href: String) -> Seo {
    seo.feed = Some(FeedLink { title, href });
    seo
}

/// An article's facts, for its card and its JSON-LD.
pub struct ArticleFacts<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub path: &'a str,
    pub image: Option<&'a ImageRef>,
    pub published_at: i64,
    pub modified_at: i64,
    pub section: &'a str,
    /// The byline in order: names and author page paths.
    pub authors: &'a [NamedLink],
    pub tags: Vec<String>,
    /// A live story's coverage: the page is then a `LiveBlogPosting`.
    pub live: Option<&'a LiveCoverage>,
    pub lang: Lang,
    /// Its published translations' paths.
    pub translations: &'a [(Lang, String)],
}

pub fn article(base: &str, facts: &ArticleFacts<'_>) -> Seo {
    Seo {
        title: facts.title.to_string(),
        description: facts.description.to_string(),
        canonical: absolute(base, facts.path),
        image: article_image(base, facts.image),
        article: Some(SeoArticle {
            published_time: iso_datetime(facts.published_at),
            modified_time: iso_datetime(facts.modified_at),
            section: facts.section.to_string(),
            author_urls: facts
                .authors
                .iter()
                .map(|a| absolute(base, &a.href))
                .collect(),
            tags: facts.tags.clone(),
        }),
        feed: None,
        noindex: false,
        lang: facts.lang,
        translations: translations(base, facts.translations),
    }
}

/// The schema.org `NewsArticle` for an article page, as JSON for a
/// `<script type="application/ld+json">` (`components::raw_text::JsonScript`
/// makes it safe to put there).
pub fn news_article_json_ld(base: &str, facts: &ArticleFacts<'_>) -> String {
    let image = article_image(base, facts.image);
    let mut image_object = json!({
        "@type": "ImageObject",
        "url": image.url,
        "width": image.width,
        "height": image.height,
    });
    if let Some(stored) = facts.image {
        if !stored.caption.trim().is_empty() {
            image_object["caption"] = json!(stored.caption.trim());
        }
        if !stored.credit.trim().is_empty() {
            image_object["creditText"] = json!(stored.credit.trim());
        }
    }
    let authors: Vec<serde_json::Value> = facts
        .authors
        .iter()
        .map(|a| json!({ "@type": "Person", "name": a.name, "url": absolute(base, &a.href) }))
        .collect();
    let (logo, logo_width, logo_height) = LOGO;
    let url = absolute(base, facts.path);
    let data = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": { "@type": "WebPage", "@id": url },
        "url": url,
        "headline": facts.title,
        "description": facts.description,
        "image": [image_object],
        "datePublished": iso_datetime(facts.published_at),
        "dateModified": iso_datetime(facts.modified_at),
        "articleSection": facts.section,
        "keywords": facts.tags,
        "inLanguage": facts.lang.code(),
        "author": authors,
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": SITE_NAME,
            "url": absolute(base, "/"),
            "logo": {
                "@type": "ImageObject",
                "url": absolute(base, logo),
                "width": logo_width,
                "height": logo_height,
            },
        },
    });
    let mut data = data;
    if let Some(live) = facts.live {
        // What search engines read for a live badge: the coverage's
        // times and each update as a BlogPosting with its own address.
        data["@type"] = json!("LiveBlogPosting");
        data["coverageStartTime"] = json!(iso_datetime(live.started_at));
        if let Some(ended) = live.ended_at {
            data["coverageEndTime"] = json!(iso_datetime(ended));
        }
        let updates: Vec<serde_json::Value> = live
            .updates
            .iter()
            .map(|u| {
                json!({
                    "@type": "BlogPosting",
                    "headline": u.summary,
                    "datePublished": iso_datetime(u.at),
                    "dateModified": iso_datetime(u.edited_at.unwrap_or(u.at)),
                    "url": format!("{url}#update-{}", u.id),
                    "author": { "@type": "Person", "name": u.author, "url": absolute(base, &u.author_href) },
                })
            })
            .collect();
        data["liveBlogUpdate"] = json!(updates);
    }
    data.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn byline() -> &'static [NamedLink] {
        static BYLINE: std::sync::OnceLock<Vec<NamedLink>> = std::sync::OnceLock::new();
        BYLINE.get_or_init(|| {
            vec![
                NamedLink {
                    name: "Әлия Сейітова".into(),
                    href: "/author/aliya-seytova".into(),
                },
                NamedLink {
                    name: "Данияр Ахметов".into(),
                    href: "/author/daniyar-akhmetov".into(),
                },
            ]
        })
    }

    fn facts() -> ArticleFacts<'static> {
        ArticleFacts {
            title: "Қарағанды: «тарифы» </script><b>",
            description: "Лид & описание",
            path: "/news/karaganda",
            image: None,
            published_at: 1_795_000_000,
            modified_at: 1_795_003_600,
            section: "Экономика",
            authors: byline(),
            tags: vec!["тарифы".into()],
            live: None,
            lang: Lang::Ru,
            translations: &[],
        }
    }

    #[test]
    fn a_live_story_is_a_live_blog_posting_with_each_update() {
        use crate::domain::live::{LiveCoverage, LiveUpdate};
        let update = |id: i64, at: i64, summary: &str| LiveUpdate {
            id,
            headline: String::new(),
            body_html: "<p>…</p>".into(),
            author: "Әлия Сейітова".into(),
            author_href: "/author/aliya-seytova".into(),
            pinned: false,
            at,
            edited_at: None,
            summary: summary.into(),
        };
        let mut coverage = LiveCoverage {
            article_id: 1,
            started_at: 1_795_000_000,
            ended_at: None,
            updates: vec![
                update(12, 1_795_003_600, "Явка к 12:00 — 41%"),
                update(11, 1_795_000_600, "Участки открылись"),
            ],
        };
        let live = ArticleFacts {
            live: Some(&coverage),
            ..facts()
        };
        let value: serde_json::Value =
            serde_json::from_str(&news_article_json_ld(BASE, &live)).expect("valid JSON");
        assert_eq!(value["@type"], "LiveBlogPosting");
        assert_eq!(value["coverageStartTime"], "2026-11-18T16:06:40+05:00");
        assert!(value.get("coverageEndTime").is_none(), "still live");
        let updates = value["liveBlogUpdate"].as_array().expect("updates");
        assert_eq!(updates.len(), 2);
        assert_eq!(updates[0]["@type"], "BlogPosting");
        assert_eq!(updates[0]["headline"], "Явка к 12:00 — 41%");
        assert_eq!(updates[0]["datePublished"], "2026-11-18T17:06:40+05:00");
        assert_eq!(
            updates[0]["url"],
            "https://qalam.example/news/karaganda#update-12"
        );
        coverage.ended_at = Some(1_795_010_000);
        let ended = ArticleFacts {
            live: Some(&coverage),
            ..facts()
        };
        let value: serde_json::Value =
            serde_json::from_str(&news_article_json_ld(BASE, &ended)).expect("valid JSON");
        assert_eq!(value["coverageEndTime"], "2026-11-18T18:53:20+05:00");
        // Not live: a NewsArticle.
        let plain: serde_json::Value =
            serde_json::from_str(&news_article_json_ld(BASE, &facts())).expect("valid JSON");
        assert_eq!(plain["@type"], "NewsArticle");
    }

    const BASE: &str = "https://qalam.example/";

    #[test]
    fn json_ld_is_valid_json_with_the_article_facts() {
        let text = news_article_json_ld(BASE, &facts());
        let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(value["@type"], "NewsArticle");
        assert_eq!(value["headline"], "Қарағанды: «тарифы» </script><b>");
        assert_eq!(value["datePublished"], "2026-11-18T16:06:40+05:00");
        assert_eq!(value["dateModified"], "2026-11-18T17:06:40+05:00");
        assert_eq!(
            value["author"][0]["url"],
            "https://qalam.example/author/aliya-seytova"
        );
        assert_eq!(
            value["mainEntityOfPage"]["@id"],
            "https://qalam.example/news/karaganda"
        );
        assert_eq!(value["image"][0]["width"], 1200);
        assert!(value["image"][0].get("creditText").is_none());
        assert_eq!(value["publisher"]["logo"]["height"], 60);
    }

    #[test]
    fn json_ld_lists_every_author_in_byline_order() {
        let value: serde_json::Value =
            serde_json::from_str(&news_article_json_ld(BASE, &facts())).expect("valid JSON");
        let names: Vec<&str> = value["author"]
            .as_array()
            .map(|a| a.iter().filter_map(|p| p["name"].as_str()).collect())
            .unwrap_or_default();
        assert_eq!(names, ["Әлия Сейітова", "Данияр Ахметов"]);
        assert_eq!(value["author"][1]["@type"], "Person");
        assert_eq!(
            value["author"][1]["url"],
            "https://qalam.example/author/daniyar-akhmetov"
        );
    }

    #[test]
    fn json_ld_image_carries_its_caption_and_credit() {
        let image = ImageRef {
            url: "/media/7".into(),
            alt: "Площадь".into(),
            width: Some(1600),
            height: Some(900),
            caption: "Площадь Республики утром".into(),
            credit: "Фото: Данияр Ахметов".into(),
        };
        let facts = ArticleFacts {
            image: Some(&image),
            ..facts()
        };
        let value: serde_json::Value =
            serde_json::from_str(&news_article_json_ld(BASE, &facts)).expect("valid JSON");
        assert_eq!(
            value["image"][0]["url"],
            "https://qalam.example/media/7/1200.jpg"
        );
        assert_eq!(value["image"][0]["height"], 675);
        assert_eq!(value["image"][0]["caption"], "Площадь Республики утром");
        assert_eq!(value["image"][0]["creditText"], "Фото: Данияр Ахметов");
    }

    #[test]
    fn cards_are_large_jpegs_where_the_upload_allows() {
        let image = |width| ImageRef {
            url: "/media/7".into(),
            alt: "Площадь".into(),
            width: Some(width),
            height: Some(width / 2),
            caption: String::new(),
            credit: String::new(),
        };
        let large = article_image(BASE, Some(&image(4000)));
        assert_eq!(large.url, "https://qalam.example/media/7/1200.jpg");
        assert_eq!((large.width, large.height), (1200, 600));
        // Narrower than 1,200: the original's own width, still a JPEG.
        let narrow = article_image(BASE, Some(&image(900)));
        assert_eq!(narrow.url, "https://qalam.example/media/7/900.jpg");
        assert_eq!((narrow.width, narrow.height), (900, 450));
        // A size not known: the original, as it is.
        let unknown = ImageRef {
            width: None,
            ..image(1000)
        };
        assert_eq!(
            article_image(BASE, Some(&unknown)).url,
            "https://qalam.example/media/7"
        );
    }

    #[test]
    fn article_cards_carry_absolute_urls_and_times() {
        let seo = article(BASE, &facts());
        assert_eq!(seo.canonical, "https://qalam.example/news/karaganda");
        assert_eq!(seo.image.url, "https://qalam.example/og-image.png");
        let article = seo.article.expect("article facts");
        assert_eq!(article.published_time, "2026-11-18T16:06:40+05:00");
        assert_eq!(article.section, "Экономика");
    }
}

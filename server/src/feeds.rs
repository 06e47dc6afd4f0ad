//! RSS 2.0 feeds: the whole site's, and one for each category, author
//! and tag. The XML is written by the small pure functions at the top
//! (unit-tested below); the handlers only load rows and call them.

use crate::error::HttpError;
use crate::state::AppState;
use app::db::articles::{self, Slice, SummaryRow};
use app::db::authors;
use app::domain::lang::Lang;
use app::server::site::Site;
use app::text::html::escape_xml as xml_escape;
use app::text::time::rfc2822;
use app::SITE_NAME;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// Items in a feed.
pub const FEED_ITEMS: i64 = 50;

const RSS: &str = "application/rss+xml; charset=utf-8";
/// Feeds and sitemaps change at most as often as articles do; five minutes
/// of caching by proxies and readers is plenty fresh.
pub(crate) const CACHE: &str = "public, max-age=300";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/feed.xml", get(|state| site_feed(state, Lang::Ru)))
        .route("/kk/feed.xml", get(|state| site_feed(state, Lang::Kk)))
        .route(
            "/category/{slug}/feed.xml",
            get(|state, slug| list_feed(state, Lang::Ru, "category", slug)),
        )
        .route(
            "/kk/category/{slug}/feed.xml",
            get(|state, slug| list_feed(state, Lang::Kk, "category", slug)),
        )
        .route(
            "/author/{slug}/feed.xml",
            get(|state, slug| list_feed(state, Lang::Ru, "author", slug)),
        )
        .route(
            "/kk/author/{slug}/feed.xml",
            get(|state, slug| list_feed(state, Lang::Kk, "author", slug)),
        )
        .route(
            "/tag/{slug}/feed.xml",
            get(|state, slug| list_feed(state, Lang::Ru, "tag", slug)),
        )
        .route(
            "/kk/tag/{slug}/feed.xml",
            get(|state, slug| list_feed(state, Lang::Kk, "tag", slug)),
        )
}

/// One item of a feed.
#[derive(Clone, Debug)]
pub struct FeedItem {
    pub title: String,
    /// Absolute.
    pub link: String,
    /// Stable across edits of the title or address.
    pub guid: String,
    /// The full lead.
    pub description: String,
    pub category: String,
    /// The byline in order: one `dc:creator` each.
    pub authors: Vec<String>,
    pub published_at: i64,
    pub updated_at: i64,
}

#[derive(Clone, Debug)]
pub struct Channel {
    pub lang: Lang,
    pub title: String,
    /// The page this feed follows (absolute).
    pub link: String,
    pub description: String,
    /// The feed's own address (absolute).
    pub self_url: String,
    pub items: Vec<FeedItem>,
}

/// An RSS 2.0 document.
pub fn rss(channel: &Channel) -> String {
    let mut xml = String::with_capacity(1024 + channel.items.len() * 800);
    xml.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n",
    );
    let e = xml_escape;
    xml.push_str(&format!(
        "<title>{}</title>\n<link>{}</link>\n<description>{}</description>\n\
         <language>{}</language>\n<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        e(&channel.title),
        e(&channel.link),
        e(&channel.description),
        channel.lang.code(),
        e(&channel.self_url),
    ));
    if let Some(newest) = channel
        .items
        .iter()
        .map(|i| i.updated_at.max(i.published_at))
        .max()
    {
        xml.push_str(&format!(
            "<lastBuildDate>{}</lastBuildDate>\n",
            rfc2822(newest)
        ));
    }
    for item in &channel.items {
        xml.push_str(&format!(
            "<item>\n<title>{}</title>\n<link>{}</link>\n<guid isPermaLink=\"false\">{}</guid>\n\
             <pubDate>{}</pubDate>\n<description>{}</description>\n<category>{}</category>\n",
            e(&item.title),
            e(&item.link),
            e(&item.guid),
            rfc2822(item.published_at),
            e(&item.description),
            e(&item.category),
        ));
        for author in &item.authors {
            xml.push_str(&format!("<dc:creator>{}</dc:creator>\n", e(author)));
        }
        xml.push_str("</item>\n");
    }
    xml.push_str("</channel>\n</rss>\n");
    xml
}

/// What a feed item's GUID starts with: an RFC 4151 tag URI on the site's
/// host, "tag:qalam.kz,2026:article-"; the article id follows, so the GUID
/// survives edits of the title or address.
pub fn guid_prefix(site: &Site) -> String {
    let authority = site.origin().split("://").nth(1).unwrap_or("qalam");
    let host = authority.split(':').next().unwrap_or("qalam");
    format!("tag:{host},2026:article-")
}

// ---- Handlers ----

/// A feed, with `Last-Modified` at its newest item's last change.
fn feed_response(channel: &Channel) -> Response {
    let mut response = xml_response(RSS, rss(channel));
    let newest = channel
        .items
        .iter()
        .map(|item| item.updated_at.max(item.published_at))
        .max();
    if let Some(value) = newest.and_then(crate::conditional::http_date) {
        response.headers_mut().insert(header::LAST_MODIFIED, value);
    }
    response
}

pub(crate) fn xml_response(content_type: &'static str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, CACHE),
        ],
        body,
    )
        .into_response()
}

/// No such feed or sitemap file: plain text, for feed readers.
pub(crate) fn not_found() -> Response {
    let (_, text) = app::messages::http_refusal(app::messages::HttpRefusal::NoSuchFeed);
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

async fn feed_items(state: &AppState, rows: Vec<SummaryRow>) -> Result<Vec<FeedItem>, sqlx::Error> {
    let db = &state.site.db;
    let categories = state.site.shared.categories(db, state.site.now()).await?;
    let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
    let bylines = authors::names_for_articles(db, &ids).await?;
    let guid_prefix = guid_prefix(&state.site);
    Ok(rows
        .into_iter()
        .map(|row| FeedItem {
            link: state.site.absolute(&row.lang.article_path(&row.slug)),
            guid: format!("{guid_prefix}{}", row.id),
            category: categories
                .iter()
                .find(|c| c.id == row.category_id)
                .and_then(|c| c.in_edition(row.lang))
                .map(|(_, name)| name.to_string())
                .unwrap_or_default(),
            authors: bylines
                .iter()
                .filter(|(id, _)| *id == row.id)
                .map(|(_, name)| name.clone())
                .collect(),
            // A live story says so while it is live, as the ticker does.
            title: if row.live {
                format!("{}: {}", row.lang.words().live_badge, row.title)
            } else {
                row.title
            },
            description: row.lead,
            published_at: row.published_at,
            updated_at: row.updated_at,
        })
        .collect())
}

/// An edition's feed: `/feed.xml`, `/kk/feed.xml`.
async fn site_feed(State(state): State<AppState>, lang: Lang) -> Result<Response, HttpError> {
    let now = state.site.now();
    let rows = state
        .site
        .shared
        .newest(&state.site.db, lang, now, FEED_ITEMS as usize)
        .await?;
    let items = feed_items(&state, rows).await?;
    let words = lang.words();
    Ok(feed_response(&Channel {
        lang,
        title: words.site_title.to_string(),
        link: state.site.absolute(&lang.home()),
        description: words.home_description.to_string(),
        self_url: state.site.absolute(&lang.path("/feed.xml")),
        items,
    }))
}

/// The feed of one category, author or tag in `lang`'s edition (see
/// `app::server::list_targets`).
async fn list_feed(
    State(state): State<AppState>,
    lang: Lang,
    kind: &'static str,
    Path(slug): Path<String>,
) -> Result<Response, HttpError> {
    // No address of ours looks otherwise: nothing typed reaches the database.
    if !app::api::reader::plausible_slug(&slug) {
        return Ok(not_found());
    }
    let now = state.site.now();
    let db = &state.site.db;
    let categories = state.site.shared.categories(db, now).await?;
    let Some(list) = app::server::list_targets::find(db, &categories, lang, kind, &slug).await?
    else {
        return Ok(not_found());
    };
    let rows = articles::in_scope(db, list.scope, now, Slice::First, FEED_ITEMS).await?;
    let items = feed_items(&state, rows).await?;
    Ok(feed_response(&Channel {
        lang,
        title: format!("{SITE_NAME} — {}", list.name),
        link: state.site.absolute(&list.base),
        description: list.description,
        self_url: state.site.absolute(&format!("{}/feed.xml", list.base)),
        items,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(n: i64) -> FeedItem {
        FeedItem {
            title: format!("Қарағанды & «тарифы» <b>№{n}</b>"),
            link: format!("https://qalam.example/news/a-{n}"),
            guid: format!("tag:qalam.example,2026:article-{n}"),
            description: "Лид с \"кавычками\" и 'апострофом'\u{0}\u{1b}.".into(),
            category: "Экономика".into(),
            authors: vec!["Нұрлан Қасымов".into(), "Әлия Сейітова".into()],
            published_at: 1_795_000_000 + n,
            updated_at: 1_795_000_000 + n,
        }
    }

    #[test]
    fn rss_items_carry_escaped_text_dates_and_stable_guids() {
        let xml = rss(&Channel {
            lang: Lang::Kk,
            title: "Qalam — Экономика".into(),
            link: "https://qalam.example/category/ekonomika".into(),
            description: "Последние материалы".into(),
            self_url: "https://qalam.example/category/ekonomika/feed.xml".into(),
            items: vec![item(1), item(2)],
        });
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
        assert!(xml.contains("<title>Қарағанды &amp; «тарифы» &lt;b&gt;№1&lt;/b&gt;</title>"));
        assert!(xml.contains("<guid isPermaLink=\"false\">tag:qalam.example,2026:article-2</guid>"));
        assert!(xml.contains("<pubDate>Wed, 18 Nov 2026 16:06:41 +0500</pubDate>"));
        assert!(xml.contains("<lastBuildDate>Wed, 18 Nov 2026 16:06:42 +0500</lastBuildDate>"));
        assert!(xml.contains(
            "<description>Лид с &quot;кавычками&quot; и &apos;апострофом&apos;.</description>"
        ));
        assert!(xml.contains(
            "<dc:creator>Нұрлан Қасымов</dc:creator>\n<dc:creator>Әлия Сейітова</dc:creator>\n</item>"
        ));
        assert_eq!(
            xml.matches("<dc:creator>").count(),
            4,
            "one per author per item"
        );
        assert_eq!(xml.matches("<item>").count(), 2);
        assert!(!xml.contains('\u{0}'));
        assert!(xml.contains("<language>kk</language>"));
    }
}

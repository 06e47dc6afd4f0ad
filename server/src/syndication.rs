//! Feeds and sitemaps: RSS 2.0 for the whole site and for each category,
//! author and tag; a sitemap index over article sitemaps of at most
//! [`SITEMAP_URLS`] addresses each, a sitemap of the sections, a Google News
//! sitemap of the last 48 hours; and `robots.txt` naming the index.
//!
//! The XML is written by the small pure functions at the top (unit-tested
//! below); the handlers only load rows and call them.

use crate::state::AppState;
use app::db::articles::{self, Slice, SummaryRow};
use app::db::{authors, categories, tags};
use app::site::Site;
use app::text::html::escape_xml as xml_escape;
use app::text::iso_datetime;
use app::text::time::rfc2822;
use app::SITE_NAME;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// Items in a feed.
pub const FEED_ITEMS: i64 = 50;
/// Addresses in one sitemap file (the protocol's limit).
pub const SITEMAP_URLS: i64 = 50_000;
/// The news sitemap covers this much time, and at most this many articles
/// (Google News' rules).
const NEWS_WINDOW_SECONDS: i64 = 48 * 3600;
const NEWS_MAX: i64 = 1000;

const RSS: &str = "application/rss+xml; charset=utf-8";
const XML: &str = "application/xml; charset=utf-8";
/// Feeds and sitemaps change at most as often as articles do; five minutes
/// of caching by proxies and readers is plenty fresh.
const CACHE: &str = "public, max-age=300";

// ---- XML ----

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
    pub author: String,
    pub published_at: i64,
    pub updated_at: i64,
}

#[derive(Clone, Debug)]
pub struct Channel {
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
         <language>ru</language>\n<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        e(&channel.title),
        e(&channel.link),
        e(&channel.description),
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
             <pubDate>{}</pubDate>\n<description>{}</description>\n<category>{}</category>\n\
             <dc:creator>{}</dc:creator>\n</item>\n",
            e(&item.title),
            e(&item.link),
            e(&item.guid),
            rfc2822(item.published_at),
            e(&item.description),
            e(&item.category),
            e(&item.author),
        ));
    }
    xml.push_str("</channel>\n</rss>\n");
    xml
}

/// An address in a sitemap or a sitemap in the index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SitemapEntry {
    /// Absolute.
    pub loc: String,
    pub lastmod: Option<i64>,
}

fn entries_xml(root: &str, item: &str, entries: &[SitemapEntry]) -> String {
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <{root} xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
    );
    for entry in entries {
        xml.push_str(&format!("<{item}><loc>{}</loc>", xml_escape(&entry.loc)));
        if let Some(ts) = entry.lastmod {
            xml.push_str(&format!("<lastmod>{}</lastmod>", iso_datetime(ts)));
        }
        xml.push_str(&format!("</{item}>\n"));
    }
    xml.push_str(&format!("</{root}>\n"));
    xml
}

pub fn sitemap_index(sitemaps: &[SitemapEntry]) -> String {
    entries_xml("sitemapindex", "sitemap", sitemaps)
}

pub fn urlset(urls: &[SitemapEntry]) -> String {
    entries_xml("urlset", "url", urls)
}

/// An article in the Google News sitemap.
#[derive(Clone, Debug)]
pub struct NewsEntry {
    pub loc: String,
    pub title: String,
    pub published_at: i64,
}

pub fn news_sitemap(publication: &str, entries: &[NewsEntry]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n",
    );
    for entry in entries {
        xml.push_str(&format!(
            "<url><loc>{}</loc><news:news><news:publication><news:name>{}</news:name>\
             <news:language>ru</news:language></news:publication>\
             <news:publication_date>{}</news:publication_date><news:title>{}</news:title>\
             </news:news></url>\n",
            xml_escape(&entry.loc),
            xml_escape(publication),
            iso_datetime(entry.published_at),
            xml_escape(&entry.title),
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}

pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nDisallow: /admin\nDisallow: /api/\nDisallow: /search\n\n\
         Sitemap: {}\n",
        site.absolute("/sitemap.xml")
    )
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

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/feed.xml", get(site_feed))
        .route(
            "/category/{slug}/feed.xml",
            get(|state, slug| list_feed(state, "category", slug)),
        )
        .route(
            "/author/{slug}/feed.xml",
            get(|state, slug| list_feed(state, "author", slug)),
        )
        .route(
            "/tag/{slug}/feed.xml",
            get(|state, slug| list_feed(state, "tag", slug)),
        )
        .route("/sitemap.xml", get(sitemap))
        .route("/sitemaps/{file}", get(sitemap_file))
        .route("/robots.txt", get(robots_txt))
}

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

fn xml_response(content_type: &'static str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, CACHE),
        ],
        body,
    )
        .into_response()
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "Такой ленты или карты сайта нет.",
    )
        .into_response()
}

/// Database trouble: logged for the operator, a plain 503 for the client.
fn unavailable(error: sqlx::Error) -> Response {
    tracing::error!(%error, "feed or sitemap query failed");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "Сервис временно недоступен. Попробуйте через минуту.",
    )
        .into_response()
}

async fn feed_items(state: &AppState, rows: Vec<SummaryRow>) -> Result<Vec<FeedItem>, sqlx::Error> {
    let db = &state.site.db;
    let categories = state.site.shared.categories(db, state.site.now()).await?;
    let authors = authors::list(db).await?;
    let guid_prefix = guid_prefix(&state.site);
    Ok(rows
        .into_iter()
        .map(|row| FeedItem {
            link: state.site.absolute(&format!("/news/{}", row.slug)),
            guid: format!("{guid_prefix}{}", row.id),
            category: categories
                .iter()
                .find(|c| c.id == row.category_id)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            author: authors
                .iter()
                .find(|a| a.id == row.author_id)
                .map(|a| a.name.clone())
                .unwrap_or_default(),
            title: row.title,
            description: row.lead,
            published_at: row.published_at,
            updated_at: row.updated_at,
        })
        .collect())
}

async fn site_feed(State(state): State<AppState>) -> Response {
    let now = state.site.now();
    let result = async {
        let rows = state
            .site
            .shared
            .newest(&state.site.db, now, FEED_ITEMS as usize)
            .await?;
        feed_items(&state, rows).await
    }
    .await;
    match result {
        Ok(items) => feed_response(&Channel {
            title: format!("{SITE_NAME} — новости Казахстана"),
            link: state.site.absolute("/"),
            description: "Последние материалы".into(),
            self_url: state.site.absolute("/feed.xml"),
            items,
        }),
        Err(error) => unavailable(error),
    }
}

/// The feed of one category, author or tag (see `app::lists`).
async fn list_feed(
    State(state): State<AppState>,
    kind: &'static str,
    Path(slug): Path<String>,
) -> Response {
    let now = state.site.now();
    let db = &state.site.db;
    let result = async {
        let categories = state.site.shared.categories(db, now).await?;
        let Some(list) = app::lists::find(db, &categories, kind, &slug).await? else {
            return Ok(not_found());
        };
        let rows = articles::in_scope(db, list.scope, now, Slice::First, FEED_ITEMS).await?;
        let items = feed_items(&state, rows).await?;
        Ok(feed_response(&Channel {
            title: format!("{SITE_NAME} — {}", list.name),
            link: state.site.absolute(&list.base),
            description: format!("Последние материалы: {}", list.name),
            self_url: state.site.absolute(&format!("{}/feed.xml", list.base)),
            items,
        }))
    }
    .await;
    respond(result)
}

fn respond(result: Result<Response, sqlx::Error>) -> Response {
    result.unwrap_or_else(unavailable)
}

async fn sitemap(State(state): State<AppState>) -> Response {
    let now = state.site.now();
    let site = &state.site;
    let result = async {
        let blocks = articles::sitemap_blocks(&site.db, now, SITEMAP_URLS).await?;
        let newest = blocks.iter().map(|(_, lastmod)| *lastmod).max();
        let mut entries = vec![
            SitemapEntry {
                loc: site.absolute("/sitemaps/sections.xml"),
                lastmod: newest,
            },
            SitemapEntry {
                loc: site.absolute("/sitemaps/news.xml"),
                lastmod: newest,
            },
        ];
        entries.extend(blocks.into_iter().map(|(block, lastmod)| SitemapEntry {
            loc: site.absolute(&format!("/sitemaps/articles-{}.xml", block + 1)),
            lastmod: Some(lastmod),
        }));
        Ok(xml_response(XML, sitemap_index(&entries)))
    }
    .await;
    respond(result)
}

/// Which file of `/sitemaps/`.
#[derive(Debug, PartialEq, Eq)]
enum SitemapFile {
    Sections,
    News,
    /// Block `n - 1` of articles, for "articles-{n}.xml".
    Articles(i64),
}

fn sitemap_file_name(name: &str) -> Option<SitemapFile> {
    match name {
        "sections.xml" => Some(SitemapFile::Sections),
        "news.xml" => Some(SitemapFile::News),
        _ => {
            let number = name.strip_prefix("articles-")?.strip_suffix(".xml")?;
            if number.starts_with('0') || !number.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let n: i64 = number.parse().ok()?;
            (1..=1_000_000)
                .contains(&n)
                .then_some(SitemapFile::Articles(n - 1))
        }
    }
}

async fn sitemap_file(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(file) = sitemap_file_name(&file) else {
        return not_found();
    };
    let now = state.site.now();
    let site = &state.site;
    let db = &site.db;
    let result = async {
        let body = match file {
            SitemapFile::Sections => {
                let mut urls = vec![SitemapEntry {
                    loc: site.absolute("/"),
                    lastmod: None,
                }];
                let paths = categories::list(db)
                    .await?
                    .into_iter()
                    .map(|c| format!("/category/{}", c.slug))
                    .chain(
                        authors::list(db)
                            .await?
                            .into_iter()
                            .map(|a| format!("/author/{}", a.slug)),
                    )
                    .chain(
                        tags::in_use(db, now, SITEMAP_URLS / 2)
                            .await?
                            .into_iter()
                            .map(|t| format!("/tag/{}", t.slug)),
                    );
                urls.extend(paths.map(|path| SitemapEntry {
                    loc: site.absolute(&path),
                    lastmod: None,
                }));
                urlset(&urls)
            }
            SitemapFile::News => {
                let rows =
                    articles::published_since(db, now, now - NEWS_WINDOW_SECONDS, NEWS_MAX).await?;
                let entries: Vec<NewsEntry> = rows
                    .into_iter()
                    .map(|row| NewsEntry {
                        loc: site.absolute(&format!("/news/{}", row.slug)),
                        title: row.title,
                        published_at: row.published_at,
                    })
                    .collect();
                news_sitemap(SITE_NAME, &entries)
            }
            SitemapFile::Articles(block) => {
                let rows = articles::sitemap_block(db, now, block, SITEMAP_URLS).await?;
                if rows.is_empty() {
                    return Ok(not_found());
                }
                let urls: Vec<SitemapEntry> = rows
                    .into_iter()
                    .map(|row| SitemapEntry {
                        loc: site.absolute(&format!("/news/{}", row.slug)),
                        lastmod: Some(row.updated_at.max(row.published_at)),
                    })
                    .collect();
                urlset(&urls)
            }
        };
        Ok(xml_response(XML, body))
    }
    .await;
    respond(result)
}

async fn robots_txt(State(state): State<AppState>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, CACHE),
        ],
        robots(&state.site),
    )
        .into_response()
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
            author: "Нұрлан Қасымов".into(),
            published_at: 1_795_000_000 + n,
            updated_at: 1_795_000_000 + n,
        }
    }

    #[test]
    fn rss_items_carry_escaped_text_dates_and_stable_guids() {
        let xml = rss(&Channel {
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
        assert!(xml.contains("<dc:creator>Нұрлан Қасымов</dc:creator>"));
        assert_eq!(xml.matches("<item>").count(), 2);
        assert!(!xml.contains('\u{0}'));
    }

    #[test]
    fn sitemaps_list_addresses_with_w3c_dates() {
        let index = sitemap_index(&[SitemapEntry {
            loc: "https://qalam.example/sitemaps/articles-1.xml".into(),
            lastmod: Some(1_795_000_000),
        }]);
        assert!(index.contains(
            "<sitemap><loc>https://qalam.example/sitemaps/articles-1.xml</loc>\
             <lastmod>2026-11-18T16:06:40+05:00</lastmod></sitemap>"
        ));
        let set = urlset(&[SitemapEntry {
            loc: "https://qalam.example/search?q=a&b".into(),
            lastmod: None,
        }]);
        assert!(set.contains("<url><loc>https://qalam.example/search?q=a&amp;b</loc></url>"));
        let news = news_sitemap(
            "Qalam",
            &[NewsEntry {
                loc: "https://qalam.example/news/x".into(),
                title: "Өскемен <срочно>".into(),
                published_at: 1_795_000_000,
            }],
        );
        assert!(news.contains("<news:title>Өскемен &lt;срочно&gt;</news:title>"));
        assert!(news.contains("<news:language>ru</news:language>"));
    }

    #[test]
    fn sitemap_file_names() {
        assert_eq!(
            sitemap_file_name("sections.xml"),
            Some(SitemapFile::Sections)
        );
        assert_eq!(sitemap_file_name("news.xml"), Some(SitemapFile::News));
        assert_eq!(
            sitemap_file_name("articles-1.xml"),
            Some(SitemapFile::Articles(0))
        );
        assert_eq!(
            sitemap_file_name("articles-20.xml"),
            Some(SitemapFile::Articles(19))
        );
        for bad in [
            "articles-0.xml",
            "articles-01.xml",
            "articles--1.xml",
            "articles-x.xml",
            "articles-1",
            "x.xml",
            "articles-99999999999999999999.xml",
        ] {
            assert_eq!(sitemap_file_name(bad), None, "{bad}");
        }
    }
}

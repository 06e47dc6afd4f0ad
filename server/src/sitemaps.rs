//! Sitemaps and robots.txt: a sitemap index over article sitemaps of at
//! most [`SITEMAP_URLS`] addresses each, a sitemap of the sections, a
//! Google News sitemap of the last 48 hours; and `robots.txt` naming the
//! index. The XML is written by the pure functions at the top.

use crate::error::HttpError;
use crate::feeds::{not_found, xml_response, CACHE};
use crate::state::AppState;
use app::db::articles;
use app::db::{authors, categories, tags};
use app::domain::lang::Lang;
use app::server::site::Site;
use app::text::html::escape_xml as xml_escape;
use app::text::iso_datetime;
use app::SITE_NAME;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// Addresses in one sitemap file (the protocol's limit).
pub const SITEMAP_URLS: i64 = 50_000;
/// The news sitemap covers this much time, and at most this many articles
/// (Google News' rules).
const NEWS_WINDOW_SECONDS: i64 = 48 * 3600;
const NEWS_MAX: i64 = 1000;

const XML: &str = "application/xml; charset=utf-8";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sitemap.xml", get(sitemap))
        .route("/sitemaps/{file}", get(sitemap_file))
        .route("/robots.txt", get(robots_txt))
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
    /// The article's own language (`<news:language>`), not the site's.
    pub lang: Lang,
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
             <news:language>{}</news:language></news:publication>\
             <news:publication_date>{}</news:publication_date><news:title>{}</news:title>\
             </news:news></url>\n",
            xml_escape(&entry.loc),
            xml_escape(publication),
            entry.lang.code(),
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

// ---- Handlers ----

async fn sitemap(State(state): State<AppState>) -> Result<Response, HttpError> {
    let now = state.site.now();
    let site = &state.site;
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

async fn sitemap_file(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, HttpError> {
    let Some(file) = sitemap_file_name(&file) else {
        return Ok(not_found());
    };
    let now = state.site.now();
    let site = &state.site;
    let db = &site.db;
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
                    lang: row.lang,
                    loc: site.absolute(&row.lang.article_path(&row.slug)),
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
                    loc: site.absolute(&row.lang.article_path(&row.slug)),
                    lastmod: Some(row.updated_at.max(row.published_at)),
                })
                .collect();
            urlset(&urls)
        }
    };
    Ok(xml_response(XML, body))
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
            &[
                NewsEntry {
                    lang: Lang::Ru,
                    loc: "https://qalam.example/news/x".into(),
                    title: "Өскемен <срочно>".into(),
                    published_at: 1_795_000_000,
                },
                NewsEntry {
                    lang: Lang::Kk,
                    loc: "https://qalam.example/kk/news/y".into(),
                    title: "Өскемендегі жаңалық".into(),
                    published_at: 1_795_000_000,
                },
            ],
        );
        assert!(news.contains("<news:language>kk</news:language>"));
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

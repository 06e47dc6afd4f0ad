//! Sitemaps and robots.txt: a sitemap index over each edition's article
//! sitemaps of at most [`SITEMAP_URLS`] addresses each, its sitemap of the
//! sections and its Google News sitemap of the last 48 hours; and
//! `robots.txt` naming the index. Every page with a published translation
//! lists its `hreflang` set, as its `<head>` does. The XML is written by
//! the pure functions at the top.

use crate::error::HttpError;
use crate::feeds::{not_found, xml_response, CACHE};
use crate::state::AppState;
use app::db::articles;
use app::db::{authors, categories, tags};
use app::domain::lang::Lang;
use app::domain::reader::{hreflang_set, Translation};
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
    /// The page's `hreflang` set (`hreflang_set`): (language, absolute
    /// URL), empty without a published translation.
    pub alternates: Vec<(&'static str, String)>,
}

impl SitemapEntry {
    pub fn new(loc: String, lastmod: Option<i64>) -> SitemapEntry {
        SitemapEntry {
            loc,
            lastmod,
            alternates: Vec::new(),
        }
    }

    /// `loc` in `lang`, whose translation is at `translation` (absolute).
    fn translated(
        loc: String,
        lastmod: Option<i64>,
        lang: Lang,
        translation: Option<String>,
    ) -> SitemapEntry {
        let translations: Vec<Translation> = translation
            .map(|url| Translation {
                lang: lang.other(),
                url,
            })
            .into_iter()
            .collect();
        SitemapEntry {
            alternates: hreflang_set(lang, &loc, &translations),
            loc,
            lastmod,
        }
    }
}

fn entries_xml(root: &str, item: &str, entries: &[SitemapEntry]) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(&format!(
        "<{root} xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\""
    ));
    if entries.iter().any(|entry| !entry.alternates.is_empty()) {
        xml.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    xml.push_str(">\n");
    for entry in entries {
        xml.push_str(&format!("<{item}><loc>{}</loc>", xml_escape(&entry.loc)));
        if let Some(ts) = entry.lastmod {
            xml.push_str(&format!("<lastmod>{}</lastmod>", iso_datetime(ts)));
        }
        for (hreflang, href) in &entry.alternates {
            xml.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{hreflang}\" href=\"{}\"/>",
                xml_escape(href)
            ));
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

/// Crawlers that gather text to train AI models, by the names their
/// makers document; shut out when admins refuse them (docs/reach.md).
/// Search engines' own crawlers (Googlebot, YandexBot, Bingbot) are not
/// among them: refusing these keeps the site in search.
pub const AI_TRAINING_CRAWLERS: [&str; 12] = [
    "GPTBot",
    "ClaudeBot",
    "anthropic-ai",
    "Google-Extended",
    "Applebot-Extended",
    "PerplexityBot",
    "CCBot",
    "Bytespider",
    "meta-externalagent",
    "cohere-ai",
    "Amazonbot",
    "YandexAdditional",
];

pub fn robots(site: &Site, refuse_ai_crawlers: bool) -> String {
    let mut robots = String::new();
    if refuse_ai_crawlers {
        for crawler in AI_TRAINING_CRAWLERS {
            robots.push_str(&format!("User-agent: {crawler}\n"));
        }
        robots.push_str("Disallow: /\n\n");
    }
    robots.push_str(&format!(
        "User-agent: *\nDisallow: /admin\nDisallow: /api/\nDisallow: /search\n\n\
         Sitemap: {}\n",
        site.absolute("/sitemap.xml")
    ));
    robots
}

// ---- Handlers ----

/// The index: each edition's sections, news and article sitemaps.
async fn sitemap(State(state): State<AppState>) -> Result<Response, HttpError> {
    let now = state.site.now();
    let site = &state.site;
    let mut entries = Vec::new();
    for lang in Lang::ALL {
        let blocks = articles::sitemap_blocks(&site.db, lang, now, SITEMAP_URLS).await?;
        let newest = blocks.iter().map(|(_, lastmod)| *lastmod).max();
        let file = |name: &str| site.absolute(&SitemapFile::path(lang, name));
        entries.push(SitemapEntry::new(file("sections.xml"), newest));
        entries.push(SitemapEntry::new(file("news.xml"), newest));
        entries.extend(blocks.into_iter().map(|(block, lastmod)| {
            SitemapEntry::new(file(&format!("articles-{}.xml", block + 1)), Some(lastmod))
        }));
    }
    Ok(xml_response(XML, sitemap_index(&entries)))
}

/// Which file of `/sitemaps/`, of which edition.
#[derive(Debug, PartialEq, Eq)]
struct SitemapFile {
    lang: Lang,
    kind: SitemapKind,
}

#[derive(Debug, PartialEq, Eq)]
enum SitemapKind {
    Sections,
    News,
    /// Block `n - 1` of articles, for "articles-{n}.xml".
    Articles(i64),
}

impl SitemapFile {
    /// The path of the file `name` of `lang`'s edition: the Russian
    /// files keep the names they had before the Kazakh edition
    /// ("/sitemaps/news.xml"); the Kazakh ones start with "kk-".
    fn path(lang: Lang, name: &str) -> String {
        match lang {
            Lang::Ru => format!("/sitemaps/{name}"),
            Lang::Kk => format!("/sitemaps/{}-{name}", lang.code()),
        }
    }

    fn parse(name: &str) -> Option<SitemapFile> {
        let (lang, name) = match name.strip_prefix("kk-") {
            Some(rest) => (Lang::Kk, rest),
            None => (Lang::Ru, name),
        };
        let kind = match name {
            "sections.xml" => SitemapKind::Sections,
            "news.xml" => SitemapKind::News,
            _ => {
                let number = name.strip_prefix("articles-")?.strip_suffix(".xml")?;
                if number.starts_with('0') || !number.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                let n: i64 = number.parse().ok()?;
                if !(1..=1_000_000).contains(&n) {
                    return None;
                }
                SitemapKind::Articles(n - 1)
            }
        };
        Some(SitemapFile { lang, kind })
    }
}

async fn sitemap_file(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, HttpError> {
    let Some(SitemapFile { lang, kind }) = SitemapFile::parse(&file) else {
        return Ok(not_found());
    };
    let now = state.site.now();
    let site = &state.site;
    let db = &site.db;
    let body = match kind {
        SitemapKind::Sections => {
            let translated = |path: String, other: Option<String>| {
                SitemapEntry::translated(
                    site.absolute(&path),
                    None,
                    lang,
                    other.map(|path| site.absolute(&path)),
                )
            };
            let mut urls = vec![translated(lang.home(), Some(lang.other().home()))];
            urls.extend(categories::list(db).await?.iter().filter_map(|c| {
                let (slug, _) = c.in_edition(lang)?;
                let other = c
                    .in_edition(lang.other())
                    .map(|(slug, _)| lang.other().category_path(slug));
                Some(translated(lang.category_path(slug), other))
            }));
            // Authors and tags with an article in this edition.
            let paths = authors::in_edition(db, lang, now)
                .await?
                .into_iter()
                .map(|a| format!("/author/{}", a.slug))
                .chain(
                    tags::in_use(db, lang, now, SITEMAP_URLS / 2)
                        .await?
                        .into_iter()
                        .map(|t| format!("/tag/{}", t.slug)),
                );
            urls.extend(
                paths.map(|path| SitemapEntry::new(site.absolute(&lang.path(&path)), None)),
            );
            urlset(&urls)
        }
        SitemapKind::News => {
            let rows =
                articles::published_since(db, lang, now, now - NEWS_WINDOW_SECONDS, NEWS_MAX)
                    .await?;
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
        SitemapKind::Articles(block) => {
            let rows = articles::sitemap_block(db, lang, now, block, SITEMAP_URLS).await?;
            if rows.is_empty() {
                return Ok(not_found());
            }
            let urls: Vec<SitemapEntry> = rows
                .into_iter()
                .map(|row| {
                    // The entry names its translation, where one is published.
                    let translation = row
                        .translation_slug
                        .map(|slug| site.absolute(&lang.other().article_path(&slug)));
                    SitemapEntry::translated(
                        site.absolute(&lang.article_path(&row.slug)),
                        Some(row.updated_at.max(row.published_at)),
                        lang,
                        translation,
                    )
                })
                .collect();
            urlset(&urls)
        }
    };
    Ok(xml_response(XML, body))
}

async fn robots_txt(State(state): State<AppState>) -> Result<Response, HttpError> {
    let refuse_ai_crawlers = app::server::telegram::refuses_ai_crawlers(&state.site.db).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, CACHE),
        ],
        robots(&state.site, refuse_ai_crawlers),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemaps_list_addresses_with_w3c_dates() {
        let index = sitemap_index(&[SitemapEntry::new(
            "https://qalam.example/sitemaps/articles-1.xml".into(),
            Some(1_795_000_000),
        )]);
        assert!(index.contains(
            "<sitemap><loc>https://qalam.example/sitemaps/articles-1.xml</loc>\
             <lastmod>2026-11-18T16:06:40+05:00</lastmod></sitemap>"
        ));
        let set = urlset(&[SitemapEntry::new(
            "https://qalam.example/search?q=a&b".into(),
            None,
        )]);
        assert!(set.contains("<url><loc>https://qalam.example/search?q=a&amp;b</loc></url>"));
        assert!(!set.contains("xmlns:xhtml"), "{set}");
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
    fn an_article_with_a_translation_lists_the_whole_hreflang_set() {
        let kazakh = SitemapEntry::translated(
            "https://qalam.example/kk/news/a".into(),
            None,
            Lang::Kk,
            Some("https://qalam.example/news/b".into()),
        );
        let alone =
            SitemapEntry::translated("https://qalam.example/news/c".into(), None, Lang::Ru, None);
        let set = urlset(&[kazakh, alone]);
        assert!(
            set.contains(r#"xmlns:xhtml="http://www.w3.org/1999/xhtml""#),
            "{set}"
        );
        assert!(
            set.contains(
                "<url><loc>https://qalam.example/kk/news/a</loc>\
                 <xhtml:link rel=\"alternate\" hreflang=\"kk\" href=\"https://qalam.example/kk/news/a\"/>\
                 <xhtml:link rel=\"alternate\" hreflang=\"ru\" href=\"https://qalam.example/news/b\"/>\
                 <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"https://qalam.example/news/b\"/></url>"
            ),
            "{set}"
        );
        assert!(
            set.contains("<url><loc>https://qalam.example/news/c</loc></url>"),
            "{set}"
        );
    }

    #[test]
    fn sitemap_file_names() {
        let file = |lang, kind| Some(SitemapFile { lang, kind });
        assert_eq!(
            SitemapFile::parse("sections.xml"),
            file(Lang::Ru, SitemapKind::Sections)
        );
        assert_eq!(
            SitemapFile::parse("news.xml"),
            file(Lang::Ru, SitemapKind::News)
        );
        assert_eq!(
            SitemapFile::parse("kk-news.xml"),
            file(Lang::Kk, SitemapKind::News)
        );
        assert_eq!(
            SitemapFile::parse("articles-1.xml"),
            file(Lang::Ru, SitemapKind::Articles(0))
        );
        assert_eq!(
            SitemapFile::parse("kk-articles-20.xml"),
            file(Lang::Kk, SitemapKind::Articles(19))
        );
        assert_eq!(
            SitemapFile::path(Lang::Kk, "news.xml"),
            "/sitemaps/kk-news.xml"
        );
        assert_eq!(
            SitemapFile::path(Lang::Ru, "news.xml"),
            "/sitemaps/news.xml"
        );
        for bad in [
            "articles-0.xml",
            "articles-01.xml",
            "articles--1.xml",
            "articles-x.xml",
            "articles-1",
            "x.xml",
            "kk-kk-news.xml",
            "ru-news.xml",
            "kk-",
            "articles-99999999999999999999.xml",
        ] {
            assert_eq!(SitemapFile::parse(bad), None, "{bad}");
        }
    }
}

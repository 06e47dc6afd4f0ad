//! An article page: the article, its tags, "Читайте также", and its
//! SEO (meta tags and NewsArticle JSON-LD).

use super::{summarize, DESCRIPTION_CHARS, RELATED, UPDATE_GRACE_SECONDS};
use crate::db::articles::{self, ArticleRow, Scope, Slice, SummaryRow};
use crate::db::authors::Author;
use crate::db::categories::Category;
use crate::db::corrections::CorrectionRow;
use crate::db::tags::Tag;
use crate::db::Db;
use crate::domain::lang::Lang;
use crate::domain::live::LiveCoverage;
use crate::domain::reader::{
    ArticleData, ArticleSummary, CorrectionNote, ImageRef, NamedLink, Seo,
};
use crate::error::AppError;
use crate::server::media::image_url;
use crate::server::seo::{self, ArticleFacts};
use crate::server::shared::{newest_of_category, take_of_category};
use crate::server::site::Site;
use crate::text::excerpt;
use std::collections::HashSet;

/// The article of `lang`'s edition at `slug`.
pub async fn article(site: &Site, lang: Lang, slug: &str) -> Result<ArticleData, AppError> {
    let db = &site.db;
    let now = site.now();
    let row = articles::published_by_slug(db, lang, slug, now)
        .await?
        .ok_or(AppError::NotFound)?;
    let attached = attached(db, &row).await?;
    let categories = site.shared.categories(db, now).await?;
    let tag_ids: Vec<i64> = attached.tags.iter().map(|t| t.id).collect();
    let newest = site.shared.newest_kept(db, lang, now).await?;
    let translations = match row.translation_group {
        Some(group) => articles::translations(db, group, row.id, now).await?,
        None => Vec::new(),
    };
    let related = related(db, &row, &tag_ids, &newest, now)
        .await?
        .into_iter()
        .map(|r| summarize(r, &categories))
        .collect();
    let most_read = site
        .shared
        .most_read(db, now)
        .await?
        .pick(lang, Some(row.id))
        .into_iter()
        .map(|r| summarize(r, &categories))
        .collect();
    let shown = Shown::ToReaders {
        related,
        most_read,
        view_beacon: site.view_beacon,
        translations,
    };
    Ok(assemble(row, attached, &site.public_url, now, shown))
}

/// What an article page shows beside the article's own row.
pub struct Attached {
    pub tags: Vec<Tag>,
    /// The byline, first author first.
    pub byline: Vec<Author>,
    pub corrections: Vec<CorrectionRow>,
    /// A live story's coverage, if it ever went live.
    pub live: Option<LiveCoverage>,
}

pub async fn attached(db: &Db, row: &ArticleRow) -> Result<Attached, sqlx::Error> {
    let id = row.id;
    let found = articles::attachments(db, id).await?;
    Ok(Attached {
        tags: found.tags,
        byline: found.byline,
        corrections: found.corrections,
        live: crate::server::live::coverage(db, id, row.live_started_at, row.live_ended_at).await?,
    })
}

/// Who the page is for.
pub enum Shown {
    /// Readers: "Читайте также", «Самое читаемое», meta tags,
    /// NewsArticle JSON-LD, and the read beacon when the site uses one.
    ToReaders {
        related: Vec<ArticleSummary>,
        most_read: Vec<ArticleSummary>,
        view_beacon: bool,
        /// Its published translations: edition and slug.
        translations: Vec<(Lang, String)>,
    },
    /// The editors' preview: nobody outside sees it, so no cards, no
    /// structured data, and no "Обновлено".
    InPreview,
}

/// The one place an [`ArticleData`] is put together, for the readers'
/// page and the editors' preview (`server::articles::preview`) alike.
pub fn assemble(
    row: ArticleRow,
    attached: Attached,
    public_url: &str,
    now: i64,
    shown: Shown,
) -> ArticleData {
    let lang = row.lang;
    let path = lang.article_path(&row.slug);
    let Attached {
        tags: article_tags,
        byline,
        corrections,
        live,
    } = attached;
    let authors: Vec<NamedLink> = byline
        .into_iter()
        .map(|a| NamedLink {
            href: lang.path(&format!("/author/{}", a.slug)),
            name: a.name,
        })
        .collect();
    // The editors' search description, else the lead's opening.
    let description = if row.seo_description.trim().is_empty() {
        excerpt(&row.lead, DESCRIPTION_CHARS)
    } else {
        row.seo_description.clone()
    };
    let image = row.image_id.map(|id| ImageRef {
        url: image_url(id),
        alt: row.image_alt.clone(),
        width: row.image_width,
        height: row.image_height,
        caption: row.image_caption.clone(),
        credit: row.image_credit.clone(),
    });
    let category = super::category_ref(
        &Category {
            id: row.category_id,
            slug: row.category_slug,
            name: row.category_name,
            position: 0,
            name_kk: row.category_name_kk,
            slug_kk: row.category_slug_kk,
        },
        lang,
    )
    .unwrap_or_default();
    let (updated_at, seo, json_ld, related, most_read, view_beacon, translation_path) = match shown
    {
        Shown::ToReaders {
            related,
            most_read,
            view_beacon,
            translations,
        } => {
            let translations: Vec<(Lang, String)> = translations
                .into_iter()
                .map(|(lang, slug)| (lang, lang.article_path(&slug)))
                .collect();
            // A correction always marks the article as updated.
            let updated_at = (row.updated_at > row.published_at + UPDATE_GRACE_SECONDS
                || !corrections.is_empty())
            .then_some(row.updated_at);
            let facts = ArticleFacts {
                title: &row.title,
                description: &description,
                path: &path,
                image: image.as_ref(),
                published_at: row.published_at,
                modified_at: updated_at.unwrap_or(row.published_at),
                section: &category.name,
                authors: &authors,
                tags: article_tags.iter().map(|t| t.name.clone()).collect(),
                live: live.as_ref(),
                lang,
                translations: &translations,
            };
            let mut seo = seo::article(public_url, &facts);
            // The editors' search title names the page; the headline stays
            // the article's (JSON-LD `headline`, the page's <h1>).
            if !row.seo_title.trim().is_empty() {
                seo.title = row.seo_title.clone();
            }
            let json_ld = seo::news_article_json_ld(public_url, &facts);
            // Two editions: at most one translation, in the other.
            let translation_path = translations.first().map(|(_, path)| path.clone());
            (
                updated_at,
                seo,
                json_ld,
                related,
                most_read,
                view_beacon,
                translation_path,
            )
        }
        Shown::InPreview => {
            let seo = Seo {
                title: format!("Предпросмотр: {}", row.title),
                lang,
                ..Seo::default()
            };
            (
                None,
                seo,
                "{}".to_string(),
                Vec::new(),
                Vec::new(),
                false,
                None,
            )
        }
    };
    ArticleData {
        url: format!("{public_url}{path}"),
        description,
        authors,
        credit_line: row.credit_line,
        corrections: corrections
            .into_iter()
            .map(|c| CorrectionNote {
                at: c.created_at,
                note: c.note,
            })
            .collect(),
        tags: article_tags
            .into_iter()
            .map(|t| NamedLink {
                href: lang.path(&format!("/tag/{}", t.slug)),
                name: t.name,
            })
            .collect(),
        related,
        most_read,
        view_beacon,
        seo,
        json_ld,
        now,
        slug: row.slug,
        title: row.title,
        lead: row.lead,
        body_html: row.body_html,
        category,
        published_at: row.published_at,
        updated_at,
        breaking: row.breaking,
        image,
        live,
        translation_path,
    }
}

/// "Читайте также": the newest articles sharing a tag with article
/// `id`, then the newest of its category. The site's newest articles
/// (`newest`, in memory) hold the category's newest unless they leave
/// it short; only then is the database asked.
async fn related(
    db: &Db,
    article: &ArticleRow,
    tag_ids: &[i64],
    newest: &[SummaryRow],
    now: i64,
) -> Result<Vec<SummaryRow>, sqlx::Error> {
    let (id, category_id) = (article.id, article.category_id);
    let mut rows =
        articles::sharing_tags(db, article.lang, id, tag_ids, now, RELATED as i64).await?;
    rows.sort_by_key(|r| std::cmp::Reverse((r.published_at, r.id)));
    rows.dedup_by_key(|r| r.id);
    rows.truncate(RELATED);
    if rows.len() < RELATED {
        let missing = RELATED - rows.len();
        let tagged: HashSet<i64> = rows.iter().map(|r| r.id).collect();
        let wanted = |r: &SummaryRow| r.id != id && !tagged.contains(&r.id);
        let more = match newest_of_category(newest, category_id, missing, wanted) {
            Some(more) => more,
            None => {
                let read = articles::in_scope(
                    db,
                    Scope::Category(category_id, article.lang),
                    now,
                    Slice::First,
                    (RELATED * 2 + 1) as i64,
                )
                .await?;
                take_of_category(&read, category_id, missing, wanted)
            }
        };
        rows.extend(more);
    }
    rows.sort_by_key(|r| std::cmp::Reverse((r.published_at, r.id)));
    Ok(rows)
}

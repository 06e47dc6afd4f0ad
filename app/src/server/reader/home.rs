//! The home page: the lead story, the latest news, a block per category.

use super::{category_ref, summarize, HOME_LATEST, HOME_SECTION_ITEMS, LEAD_WINDOW_SECONDS};
use crate::db::articles::{self, SummaryRow};
use crate::db::categories::Category;
use crate::db::Db;
use crate::domain::lang::Lang;
use crate::domain::reader::{HomeData, HomeSection, Seo};
use crate::error::AppError;
use crate::server::seo;
use crate::server::shared::{newest_of_category, take_of_category};
use crate::server::site::Site;
use std::collections::HashSet;

/// `lang`'s edition's home page.
pub async fn home(site: &Site, lang: Lang) -> Result<HomeData, AppError> {
    let db = &site.db;
    let now = site.now();
    let categories = site.shared.categories(db, now).await?;
    let newest = site.shared.newest_kept(db, lang, now).await?;
    let lead = match &*site
        .shared
        .breaking_lead(db, lang, now, LEAD_WINDOW_SECONDS)
        .await?
    {
        Some(breaking) => Some(breaking.clone()),
        None => newest.first().cloned(),
    };
    let mut shown: HashSet<i64> = lead.iter().map(|r| r.id).collect();
    let latest: Vec<SummaryRow> = newest
        .iter()
        .filter(|r| !shown.contains(&r.id))
        .take(HOME_LATEST)
        .cloned()
        .collect();
    shown.extend(latest.iter().map(|r| r.id));
    // The categories this edition names.
    let named: Vec<Category> = categories
        .iter()
        .filter(|c| c.in_edition(lang).is_some())
        .cloned()
        .collect();
    let blocks = home_blocks(db, lang, &named, &newest, &shown, now).await?;
    let sections: Vec<HomeSection> = named
        .iter()
        .zip(blocks)
        .filter(|(_, items)| !items.is_empty())
        .filter_map(|(category, items)| {
            Some(HomeSection {
                category: category_ref(category, lang)?,
                items: items
                    .into_iter()
                    .map(|r| summarize(r, &categories))
                    .collect(),
            })
        })
        .collect();
    let most_read = site.shared.most_read(db, now).await?.pick(lang, None);
    Ok(HomeData {
        now,
        most_read: most_read
            .into_iter()
            .map(|r| summarize(r, &categories))
            .collect(),
        lead: lead.map(|r| summarize(r, &categories)),
        latest: latest
            .into_iter()
            .map(|r| summarize(r, &categories))
            .collect(),
        sections,
        seo: Seo {
            translations: seo::translations(
                &site.public_url,
                &[(lang.other(), lang.other().home())],
            ),
            ..seo::page(
                &site.public_url,
                "",
                lang.words().home_description,
                &lang.home(),
                lang,
            )
        },
    })
}

/// The home page's block for each of `categories`: its newest
/// articles not `shown` above, from the site's `newest` where they
/// hold them; the database is asked only for the categories left.
async fn home_blocks(
    db: &Db,
    lang: Lang,
    categories: &[Category],
    newest: &[SummaryRow],
    shown: &HashSet<i64>,
    now: i64,
) -> Result<Vec<Vec<SummaryRow>>, AppError> {
    let wanted = |r: &SummaryRow| !shown.contains(&r.id);
    let mut blocks: Vec<Option<Vec<SummaryRow>>> = categories
        .iter()
        .map(|c| newest_of_category(newest, c.id, HOME_SECTION_ITEMS, wanted))
        .collect();
    let short: Vec<i64> = categories
        .iter()
        .zip(&blocks)
        .filter(|(_, items)| items.is_none())
        .map(|(c, _)| c.id)
        .collect();
    if !short.is_empty() {
        // Enough per category to fill it after skipping what is shown.
        let per = (HOME_SECTION_ITEMS + shown.len()) as i64;
        let rows = articles::newest_in_categories(db, lang, &short, now, per).await?;
        for (category, items) in categories.iter().zip(blocks.iter_mut()) {
            if items.is_none() {
                *items = Some(take_of_category(
                    &rows,
                    category.id,
                    HOME_SECTION_ITEMS,
                    wanted,
                ));
            }
        }
    }
    Ok(blocks.into_iter().map(Option::unwrap_or_default).collect())
}

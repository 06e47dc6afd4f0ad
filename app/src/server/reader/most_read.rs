//! «Самое читаемое»: the most read articles of the last 24 hours, or of
//! the last 7 days while a day holds too few reads (a quiet night, a new
//! site). Read once for every page (`server::shared`, at most every 10 s
//! or at a content change); each page then leaves out itself.

use crate::db::articles::{self, SummaryRow};
use crate::db::views::{self, hour_of};
use crate::db::Db;
use crate::domain::lang::Lang;

/// How many the block lists.
pub const MOST_READ: usize = 5;
const DAY: i64 = 86_400;
const WEEK: i64 = 7 * DAY;
/// Ids ranked for each window: more than the block shows, since some may
/// be unpublished since they were read.
/// Both editions share the ranking, so it reaches far enough down for
/// the smaller one.
const RANKED: i64 = 8 * MOST_READ as i64;

/// The most read visible articles of the day and, when the day has fewer
/// than the block needs, of the week; most read first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MostRead {
    day: Vec<SummaryRow>,
    week: Vec<SummaryRow>,
}

impl MostRead {
    /// The block of a page of `lang`'s edition about article `except`
    /// (or of no article).
    pub fn pick(&self, lang: Lang, except: Option<i64>) -> Vec<SummaryRow> {
        let without = |rows: &[SummaryRow]| -> Vec<SummaryRow> {
            rows.iter()
                .filter(|row| row.lang == lang && Some(row.id) != except)
                .take(MOST_READ)
                .cloned()
                .collect()
        };
        let day = without(&self.day);
        if day.len() >= MOST_READ {
            day
        } else {
            without(&self.week)
        }
    }
}

/// The block's articles at `now`: the reads ranked from `article_views`
/// alone, then those articles by id.
pub async fn load(db: &Db, now: i64) -> Result<MostRead, sqlx::Error> {
    let ranked = |window: i64| async move {
        let ids: Vec<i64> = views::most_read(db, hour_of(now - window), RANKED)
            .await?
            .into_iter()
            .map(|(id, _reads)| id)
            .collect();
        let rows = articles::visible_by_ids(db, &ids, now).await?;
        // One more than the block per edition, for a page that leaves
        // itself out.
        let mut kept = [0; 2];
        let rows = rows
            .into_iter()
            .filter(|row| {
                let count = &mut kept[usize::from(row.lang == Lang::Kk)];
                *count += 1;
                *count <= MOST_READ + 1
            })
            .collect();
        Ok::<Vec<SummaryRow>, sqlx::Error>(rows)
    };
    let day = ranked(DAY).await?;
    let full = |rows: &[SummaryRow], lang: Lang| {
        rows.iter().filter(|row| row.lang == lang).count() > MOST_READ
    };
    let week = if Lang::ALL.iter().all(|lang| full(&day, *lang)) {
        Vec::new()
    } else {
        ranked(WEEK).await?
    };
    Ok(MostRead { day, week })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64) -> SummaryRow {
        SummaryRow {
            id,
            lang: Lang::Ru,
            slug: format!("a{id}"),
            title: String::new(),
            lead: String::new(),
            category_id: 1,
            author_id: 1,
            published_at: 0,
            updated_at: 0,
            breaking: false,
            image_id: None,
            image_alt: String::new(),
            live: false,
        }
    }

    #[test]
    fn a_page_leaves_itself_out_and_a_short_day_gives_the_week() {
        let full_day = MostRead {
            day: (1..=6).map(row).collect(),
            week: Vec::new(),
        };
        let ids = |rows: Vec<SummaryRow>| rows.iter().map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(ids(full_day.pick(Lang::Ru, None)), vec![1, 2, 3, 4, 5]);
        assert_eq!(ids(full_day.pick(Lang::Ru, Some(2))), vec![1, 3, 4, 5, 6]);
        let short_day = MostRead {
            day: (1..=5).map(row).collect(),
            week: (1..=6).rev().map(row).collect(),
        };
        assert_eq!(ids(short_day.pick(Lang::Ru, None)), vec![1, 2, 3, 4, 5]);
        assert_eq!(
            ids(short_day.pick(Lang::Ru, Some(1))),
            vec![6, 5, 4, 3, 2],
            "four of the day are too few: the week's"
        );
    }

    #[test]
    fn each_edition_reads_its_own() {
        let kazakh = |id| SummaryRow {
            lang: Lang::Kk,
            ..row(id)
        };
        let day = MostRead {
            day: vec![row(1), kazakh(2), row(3), kazakh(4)],
            week: Vec::new(),
        };
        let ids = |rows: Vec<SummaryRow>| rows.iter().map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(
            ids(day.pick(Lang::Kk, None)),
            Vec::<i64>::new(),
            "a short day: the week's"
        );
        let both = MostRead {
            week: day.day.clone(),
            ..day
        };
        assert_eq!(ids(both.pick(Lang::Kk, Some(4))), vec![2]);
        assert_eq!(ids(both.pick(Lang::Ru, None)), vec![1, 3]);
    }
}

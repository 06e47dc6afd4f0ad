//! Reads that every reader page repeats, kept in memory between content
//! changes: the category list (navigation, cards), the newest articles
//! (the ticker, the home page, the site's feed), the breaking bar, the
//! home page's breaking lead, «Самое читаемое» and the footer's pages. An
//! uncached reader page then asks the database only for what is its own
//! (an article, a category's page), and the event stream's follower reads
//! nothing while nothing changes.
//!
//! Exact, like the page cache: every server empties it when
//! `content_version` moves (it polls that row, `server::freshness`) and at
//! once after a change made through itself. An entry is also used for
//! [`MAX_AGE_SECONDS`] at most, so that a node whose clock runs behind
//! another's cannot hide a just published article for long, and read
//! counts (which move no version) reach «Самое читаемое» within that
//! time; the breaking bar's entry ends when the bar does.

use crate::db::articles::{self, SummaryRow};
use crate::db::categories::{self, Category};
use crate::db::{self, Db};
use crate::domain::lang::Lang;
use crate::domain::live::BreakingNews;
use crate::domain::pages::PageLink;
use crate::server::reader::most_read::{self, MostRead};
use std::future::Future;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// The most newest articles kept; longer lists read the database.
pub const NEWEST_KEPT: usize = 50;
/// The longest an entry is used, in seconds of the site's clock.
pub const MAX_AGE_SECONDS: i64 = 10;

/// A value, when it was read and until when it may be used.
#[derive(Debug)]
struct Stamped<T> {
    value: Arc<T>,
    read_at: i64,
    until: i64,
}

/// One kept read.
#[derive(Debug)]
struct Slot<T>(Mutex<Option<Stamped<T>>>);

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Slot(Mutex::new(None))
    }
}

impl<T> Slot<T> {
    /// The entry, if it may be used at `now`.
    fn fresh(&self, now: i64) -> Option<Arc<T>> {
        let slot = self.0.lock().ok()?;
        let entry = slot.as_ref()?;
        (now >= entry.read_at && now < entry.until).then(|| entry.value.clone())
    }

    fn forget(&self) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = None;
        }
    }
}

#[derive(Debug, Default)]
pub struct SharedReads {
    /// The content version the entries were read at.
    version: AtomicI64,
    /// Moves at every `clear`: a read that started before one is not kept.
    generation: AtomicU64,
    categories: Slot<Vec<Category>>,
    /// Per edition, in `Lang::ALL`'s order.
    editions: [EditionReads; 2],
    most_read: Slot<MostRead>,
    footer: Slot<Vec<PageLink>>,
}

/// What each edition's pages repeat.
#[derive(Debug, Default)]
struct EditionReads {
    newest: Slot<Vec<SummaryRow>>,
    breaking_lead: Slot<Option<SummaryRow>>,
    breaking: Slot<Option<BreakingNews>>,
}

impl SharedReads {
    pub fn new() -> SharedReads {
        SharedReads::default()
    }

    /// Forgets everything if `version` is not the one the entries were read
    /// at; returns whether it did.
    pub fn sync_version(&self, version: i64) -> bool {
        let changed = self.version.swap(version, Ordering::AcqRel) != version;
        if changed {
            self.clear();
        }
        changed
    }

    pub fn clear(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.categories.forget();
        for edition in &self.editions {
            edition.newest.forget();
            edition.breaking_lead.forget();
            edition.breaking.forget();
        }
        self.most_read.forget();
        self.footer.forget();
    }

    /// `slot`'s entry, or what `load` reads (kept until the moment it
    /// names, at most [`MAX_AGE_SECONDS`] after `now`).
    async fn read<T>(
        &self,
        slot: &Slot<T>,
        now: i64,
        load: impl Future<Output = Result<(T, Option<i64>), sqlx::Error>>,
    ) -> Result<Arc<T>, sqlx::Error> {
        if let Some(value) = slot.fresh(now) {
            return Ok(value);
        }
        let generation = self.generation.load(Ordering::Acquire);
        let (value, ends) = load.await?;
        let value = Arc::new(value);
        let until = ends.map_or(now + MAX_AGE_SECONDS, |ends| {
            ends.min(now + MAX_AGE_SECONDS)
        });
        self.keep(slot, value.clone(), now, until, generation);
        Ok(value)
    }

    /// Keeps `value` in `slot` unless the cache was cleared since the read
    /// began (at `generation`): that read may predate the change.
    fn keep<T>(&self, slot: &Slot<T>, value: Arc<T>, now: i64, until: i64, generation: u64) {
        if let Ok(mut slot) = slot.0.lock() {
            if self.generation.load(Ordering::Acquire) == generation {
                *slot = Some(Stamped {
                    value,
                    read_at: now,
                    until,
                });
            }
        }
    }

    fn edition(&self, lang: Lang) -> &EditionReads {
        match lang {
            Lang::Ru => &self.editions[0],
            Lang::Kk => &self.editions[1],
        }
    }

    /// All categories in the editors' order.
    pub async fn categories(&self, db: &Db, now: i64) -> Result<Arc<Vec<Category>>, sqlx::Error> {
        self.read(&self.categories, now, async {
            Ok((categories::list(db).await?, None))
        })
        .await
    }

    /// The `limit` newest visible articles of `lang`'s edition at `now`.
    pub async fn newest(
        &self,
        db: &Db,
        lang: Lang,
        now: i64,
        limit: usize,
    ) -> Result<Vec<SummaryRow>, sqlx::Error> {
        if limit > NEWEST_KEPT {
            return articles::latest(db, lang, now, limit as i64).await;
        }
        Ok(self
            .newest_kept(db, lang, now)
            .await?
            .iter()
            .take(limit)
            .cloned()
            .collect())
    }

    /// The [`NEWEST_KEPT`] newest visible articles at `now` (fewer when
    /// the site has fewer: then they are all of them).
    pub async fn newest_kept(
        &self,
        db: &Db,
        lang: Lang,
        now: i64,
    ) -> Result<Arc<Vec<SummaryRow>>, sqlx::Error> {
        self.read(&self.edition(lang).newest, now, async {
            Ok((
                articles::latest(db, lang, now, NEWEST_KEPT as i64).await?,
                None,
            ))
        })
        .await
    }

    /// The newest breaking article of the last `window` seconds (the home
    /// page's lead).
    pub async fn breaking_lead(
        &self,
        db: &Db,
        lang: Lang,
        now: i64,
        window: i64,
    ) -> Result<Arc<Option<SummaryRow>>, sqlx::Error> {
        self.read(&self.edition(lang).breaking_lead, now, async {
            let lead = articles::breaking_since(db, lang, now, window).await?;
            // It stops being the lead when it leaves the window.
            let ends = lead.as_ref().map(|row| row.published_at + window + 1);
            Ok((lead, ends))
        })
        .await
    }

    /// The story `lang`'s breaking-news bar shows now, if any.
    pub async fn breaking(
        &self,
        db: &Db,
        lang: Lang,
        now: i64,
    ) -> Result<Arc<Option<BreakingNews>>, sqlx::Error> {
        self.read(&self.edition(lang).breaking, now, async {
            let news = db::live::breaking_now(db, lang, now).await?.map(
                |(article_id, title, slug, until)| BreakingNews {
                    article_id,
                    title,
                    slug,
                    until,
                },
            );
            let ends = news.as_ref().map(|news| news.until);
            Ok((news, ends))
        })
        .await
    }

    /// «Самое читаемое» as of `now`.
    pub async fn most_read(&self, db: &Db, now: i64) -> Result<Arc<MostRead>, sqlx::Error> {
        self.read(&self.most_read, now, async {
            Ok((most_read::load(db, now).await?, None))
        })
        .await
    }

    /// The static pages the footers link to (both editions'), in the
    /// editors' order.
    pub async fn footer(&self, db: &Db, now: i64) -> Result<Arc<Vec<PageLink>>, sqlx::Error> {
        self.read(&self.footer, now, async {
            let links = db::pages::footer(db)
                .await?
                .into_iter()
                .filter_map(|(slug, title, lang)| {
                    let lang = Lang::from_code(&lang)?;
                    Some(PageLink { slug, title, lang })
                })
                .collect();
            Ok((links, None))
        })
        .await
    }
}

/// Up to `n` of the rows of `category` in `rows` that are `wanted`,
/// newest first (as `rows` are).
pub fn take_of_category(
    rows: &[SummaryRow],
    category: i64,
    n: usize,
    wanted: impl Fn(&SummaryRow) -> bool,
) -> Vec<SummaryRow> {
    rows.iter()
        .filter(|r| r.category_id == category && wanted(r))
        .take(n)
        .cloned()
        .collect()
}

/// Up to `n` of the newest `wanted` articles of `category`, taken from
/// `newest` (the site's newest, from [`SharedReads::newest_kept`]): a
/// prefix of the site by time holds each category's newest too. `None`
/// when it cannot tell: it is not the whole site and holds fewer than `n`
/// (then ask the database).
pub fn newest_of_category(
    newest: &[SummaryRow],
    category: i64,
    n: usize,
    wanted: impl Fn(&SummaryRow) -> bool,
) -> Option<Vec<SummaryRow>> {
    let rows = take_of_category(newest, category, n, wanted);
    let whole_site = newest.len() < NEWEST_KEPT;
    (rows.len() == n || whole_site).then_some(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_expire_and_a_read_older_than_a_clear_is_not_kept() {
        let reads = SharedReads::new();
        let slot: Slot<u32> = Slot::default();
        reads.keep(&slot, Arc::new(1), 100, 100 + MAX_AGE_SECONDS, 0);
        assert_eq!(slot.fresh(100).as_deref(), Some(&1));
        assert_eq!(slot.fresh(100 + MAX_AGE_SECONDS - 1).as_deref(), Some(&1));
        assert_eq!(slot.fresh(100 + MAX_AGE_SECONDS), None, "too old");
        assert_eq!(slot.fresh(99), None, "read in the future of this clock");
        let before = reads.generation.load(Ordering::Acquire);
        reads.clear();
        let empty: Slot<u32> = Slot::default();
        reads.keep(&empty, Arc::new(2), 100, 110, before);
        assert_eq!(empty.fresh(100), None, "began before the clear");
        assert!(reads.sync_version(7));
        assert!(!reads.sync_version(7));
    }

    #[tokio::test]
    async fn an_entry_ends_when_its_value_says_so() {
        let reads = SharedReads::new();
        let slot: Slot<&str> = Slot::default();
        let bar = reads
            .read(&slot, 100, async { Ok(("bar", Some(103))) })
            .await
            .unwrap();
        assert_eq!(*bar, "bar");
        assert!(slot.fresh(102).is_some());
        assert!(slot.fresh(103).is_none(), "the bar ended at 103");
        let loaded = reads
            .read(&slot, 103, async { Ok(("none", None)) })
            .await
            .unwrap();
        assert_eq!(*loaded, "none");
        assert!(slot.fresh(103 + MAX_AGE_SECONDS - 1).is_some());
    }
}

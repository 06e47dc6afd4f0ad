//! Reads that every reader page repeats — the category list (navigation,
//! cards) and the newest articles (the ticker, the home page, the site's
//! feed) — kept in memory between content changes, so an uncached page
//! costs fewer round trips to the database.
//!
//! Exact, like the page cache: every server empties it when
//! `content_version` moves (it polls that row, see
//! `server::page_cache::follow_content_version`) and at once after a change
//! made through itself. Entries also expire after [`MAX_AGE_SECONDS`], so
//! that a node whose clock runs behind another's cannot hide a just
//! published article for long.

use super::articles::{self, SummaryRow};
use super::categories::{self, Category};
use super::Db;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// The most newest articles kept; longer lists read the database.
pub const NEWEST_KEPT: usize = 50;
/// The longest an entry is used, in seconds of the site's clock.
pub const MAX_AGE_SECONDS: i64 = 10;

/// A value and the moment it was read.
#[derive(Debug)]
struct Stamped<T> {
    value: Arc<T>,
    read_at: i64,
}

#[derive(Debug, Default)]
pub struct SharedReads {
    /// The content version the entries were read at.
    version: AtomicI64,
    /// Moves at every `clear`: a read that started before one is not kept.
    generation: AtomicU64,
    categories: Mutex<Option<Stamped<Vec<Category>>>>,
    newest: Mutex<Option<Stamped<Vec<SummaryRow>>>>,
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
        if let Ok(mut categories) = self.categories.lock() {
            *categories = None;
        }
        if let Ok(mut newest) = self.newest.lock() {
            *newest = None;
        }
    }

    /// All categories in the editors' order.
    pub async fn categories(&self, db: &Db, now: i64) -> Result<Arc<Vec<Category>>, sqlx::Error> {
        if let Some(value) = fresh(&self.categories, now) {
            return Ok(value);
        }
        let generation = self.generation.load(Ordering::Acquire);
        let value = Arc::new(categories::list(db).await?);
        self.keep(&self.categories, value.clone(), now, generation);
        Ok(value)
    }

    /// The `limit` newest visible articles at `now`.
    pub async fn newest(
        &self,
        db: &Db,
        now: i64,
        limit: usize,
    ) -> Result<Vec<SummaryRow>, sqlx::Error> {
        if limit > NEWEST_KEPT {
            return articles::latest(db, now, limit as i64, None).await;
        }
        Ok(self
            .newest_kept(db, now)
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
        now: i64,
    ) -> Result<Arc<Vec<SummaryRow>>, sqlx::Error> {
        if let Some(rows) = fresh(&self.newest, now) {
            return Ok(rows);
        }
        let generation = self.generation.load(Ordering::Acquire);
        let rows = Arc::new(articles::latest(db, now, NEWEST_KEPT as i64, None).await?);
        self.keep(&self.newest, rows.clone(), now, generation);
        Ok(rows)
    }

    /// Keeps `value` in `slot` unless the cache was cleared since the read
    /// began (at `generation`): that read may predate the change.
    fn keep<T>(&self, slot: &Mutex<Option<Stamped<T>>>, value: Arc<T>, now: i64, generation: u64) {
        if let Ok(mut slot) = slot.lock() {
            if self.generation.load(Ordering::Acquire) == generation {
                *slot = Some(Stamped {
                    value,
                    read_at: now,
                });
            }
        }
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

/// The entry in `slot`, if it is young enough at `now`.
fn fresh<T>(slot: &Mutex<Option<Stamped<T>>>, now: i64) -> Option<Arc<T>> {
    let slot = slot.lock().ok()?;
    let entry = slot.as_ref()?;
    (now >= entry.read_at && now - entry.read_at < MAX_AGE_SECONDS).then(|| entry.value.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_expire_and_a_read_older_than_a_clear_is_not_kept() {
        let reads = SharedReads::new();
        let slot: Mutex<Option<Stamped<u32>>> = Mutex::new(None);
        reads.keep(&slot, Arc::new(1), 100, 0);
        assert_eq!(fresh(&slot, 100).as_deref(), Some(&1));
        assert_eq!(fresh(&slot, 100 + MAX_AGE_SECONDS - 1).as_deref(), Some(&1));
        assert_eq!(fresh(&slot, 100 + MAX_AGE_SECONDS), None, "too old");
        assert_eq!(fresh(&slot, 99), None, "read in the future of this clock");
        let before = reads.generation.load(Ordering::Acquire);
        reads.clear();
        let empty: Mutex<Option<Stamped<u32>>> = Mutex::new(None);
        reads.keep(&empty, Arc::new(2), 100, before);
        assert_eq!(fresh(&empty, 100), None, "began before the clear");
        assert!(reads.sync_version(7));
        assert!(!reads.sync_version(7));
    }
}

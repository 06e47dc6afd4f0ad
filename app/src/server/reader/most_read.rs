//! «Самое читаемое»: the most read articles of the last 24 hours, or of
//! the last 7 days while a day holds too few reads (a quiet night, a new
//! site).

use crate::db::articles::{self, SummaryRow};
use crate::db::views::hour_of;
use crate::db::Db;

/// How many the block lists.
pub const MOST_READ: usize = 5;
const DAY: i64 = 86_400;
const WEEK: i64 = 7 * DAY;

/// The block's articles at `now`, without article `except` (the page's own).
pub async fn most_read(
    db: &Db,
    now: i64,
    except: Option<i64>,
) -> Result<Vec<SummaryRow>, sqlx::Error> {
    let read_since = |window: i64| async move {
        let rows =
            articles::most_read(db, hour_of(now - window), now, MOST_READ as i64 + 1).await?;
        Ok::<Vec<SummaryRow>, sqlx::Error>(
            rows.into_iter()
                .filter(|row| Some(row.id) != except)
                .take(MOST_READ)
                .collect(),
        )
    };
    let day = read_since(DAY).await?;
    if day.len() >= MOST_READ {
        return Ok(day);
    }
    read_since(WEEK).await
}

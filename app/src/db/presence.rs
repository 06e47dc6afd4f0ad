//! Who has an article open (`article_presence`): one row per open form.
//! The rules (when a row counts, takeover) are in `server::presence`.

use crate::db::Db;

/// An open form, with its editor's name and, when taken over, who took it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PresenceRow {
    pub tab: String,
    pub article_id: i64,
    pub user_id: i64,
    pub name: String,
    pub since: i64,
    pub taken_by: Option<String>,
    pub taken_at: Option<i64>,
}

/// Open forms with their editors' names and who took them over.
const SELECT: &str = "SELECT p.tab, p.article_id, p.user_id, u.name, p.since, \
     t.name AS taken_by, p.taken_at \
     FROM article_presence p JOIN users u ON u.id = p.user_id \
     LEFT JOIN users t ON t.id = p.taken_by";

/// Records that `user` opened `article`'s form in the tab `tab`.
pub async fn open(
    db: &Db,
    tab: &str,
    article: i64,
    user: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    // A tab already there (a stream reconnecting) is left as it is.
    sqlx::query(
        "INSERT INTO article_presence (tab, article_id, user_id, since, seen_at) \
         VALUES ($1, $2, $3, $4, $4) ON CONFLICT (tab) DO NOTHING",
    )
    .bind(tab)
    .bind(article)
    .bind(user)
    .bind(now)
    .execute(&mut *db.conn().await?)
    .await?;
    Ok(())
}

/// An open form's heartbeat (every 20 s per form; `db::plans`).
pub const SEEN_SQL: &str =
    "UPDATE article_presence SET seen_at = $1 WHERE tab = $2 AND taken_by IS NULL";

/// The tab is still open; false when its row is gone (expired) or was
/// taken over, so the tab's stream knows to stop keeping it.
pub async fn seen(db: &Db, tab: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(SEEN_SQL)
        .bind(now)
        .bind(tab)
        .execute(&mut *db.conn().await?)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// The tab was closed.
pub async fn leave(db: &Db, tab: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM article_presence WHERE tab = $1")
        .bind(tab)
        .execute(&mut *db.conn().await?)
        .await?;
    Ok(())
}

/// Marks every other editor's open form of `article` as taken over by
/// `user`; how many there were.
pub async fn take_over(db: &Db, article: i64, user: i64, now: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE article_presence SET taken_by = $1, taken_at = $2 \
         WHERE article_id = $3 AND user_id <> $1 AND taken_by IS NULL",
    )
    .bind(user)
    .bind(now)
    .bind(article)
    .execute(&mut *db.conn().await?)
    .await?;
    Ok(done.rows_affected())
}

/// Every form seen after `since` (the table holds only open tabs: a
/// handful of rows), oldest first.
pub async fn seen_since(db: &Db, since: i64) -> Result<Vec<PresenceRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE p.seen_at > $1 ORDER BY p.since, p.tab"
    ))
    .bind(since)
    .fetch_all(&mut *db.conn().await?)
    .await
}

/// Forgets forms not seen since `before` (closed without a word).
pub async fn sweep(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM article_presence WHERE seen_at <= $1")
        .bind(before)
        .execute(&mut *db.conn().await?)
        .await?;
    Ok(done.rows_affected())
}

/// `article`'s forms seen after `since`, oldest first: read by each open
/// form's stream every 2 s (a hot query, `db::plans`).
pub fn of_article_sql() -> String {
    format!("{SELECT} WHERE p.article_id = $1 AND p.seen_at > $2 ORDER BY p.since, p.tab")
}

/// `article`'s forms seen after `since`, oldest first.
pub async fn of_article(
    db: &Db,
    article: i64,
    since: i64,
) -> Result<Vec<PresenceRow>, sqlx::Error> {
    sqlx::query_as(&of_article_sql())
        .bind(article)
        .bind(since)
        .fetch_all(&mut *db.conn().await?)
        .await
}

//! SQLite table rebuilds, which sqlx cannot run as migrations.
//!
//! SQLite cannot drop a constraint or change a column: the table is
//! rebuilt (a new one, the rows copied, the old one dropped, the new one
//! renamed), as <https://sqlite.org/lang_altertable.html#otheralter>
//! prescribes, with foreign keys off, or dropping the old table deletes
//! every row that refers to it through ON DELETE CASCADE. sqlx runs each
//! SQLite migration inside a transaction, where `PRAGMA foreign_keys`
//! cannot change (and its `-- no-transaction` is honoured on PostgreSQL
//! only). So a rebuild lives in `migrations/sqlite-rebuilds/`, and runs
//! here just before the migration of the same version, which records it:
//! every migration before it first, then the rebuild in one transaction
//! on one connection with foreign keys off, checked with
//! `foreign_key_check` before it commits.

use super::ConnectError;
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};
use std::borrow::Cow;

/// (version, SQL): the migration each rebuild comes just before.
const REBUILDS: &[(i64, &str)] = &[(
    14,
    include_str!("../../migrations/sqlite-rebuilds/0014_addresses_per_edition.sql"),
)];

/// Applies `migrator`'s migrations, running each rebuild before its own.
pub async fn migrate(pool: &AnyPool, migrator: &Migrator) -> Result<(), ConnectError> {
    for &(version, sql) in REBUILDS {
        let before = Migrator {
            migrations: Cow::Owned(
                migrator
                    .iter()
                    .filter(|m| m.version < version)
                    .cloned()
                    .collect(),
            ),
            // A database past this rebuild has later migrations applied.
            ignore_missing: true,
            ..Migrator::DEFAULT
        };
        before.run(pool).await?;
        if !applied(pool, version).await? {
            rebuild(pool, sql).await?;
        }
    }
    migrator.run(pool).await?;
    Ok(())
}

async fn applied(pool: &AnyPool, version: i64) -> Result<bool, sqlx::Error> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE version = $1 AND success")
            .bind(version)
            .fetch_optional(pool)
            .await?;
    Ok(found.is_some())
}

/// Runs `sql` in one transaction with foreign keys off. Rerunning it
/// after a crash between its commit and the migration's record is
/// harmless: the rebuild makes the same tables again.
async fn rebuild(pool: &AnyPool, sql: &str) -> Result<(), ConnectError> {
    let mut conn = pool.acquire().await?;
    conn.execute("PRAGMA foreign_keys = OFF").await?;
    let done = async {
        conn.execute("BEGIN").await?;
        conn.execute(sql).await?;
        let broken: Vec<(String,)> =
            sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
                .fetch_all(&mut *conn)
                .await?;
        if let Some((table,)) = broken.first() {
            return Err(sqlx::Error::Protocol(format!(
                "the rebuild left rows of {table} without the row they refer to"
            )));
        }
        conn.execute("COMMIT").await?;
        Ok::<(), sqlx::Error>(())
    }
    .await;
    if done.is_err() {
        let _ = conn.execute("ROLLBACK").await;
    }
    // This connection goes back to the pool: foreign keys on again, as
    // every connection has them (Db::connect).
    conn.execute("PRAGMA foreign_keys = ON").await?;
    done?;
    Ok(())
}

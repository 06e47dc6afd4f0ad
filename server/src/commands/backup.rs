//! `qalam backup --to FILE [--keep N]` and `qalam backup verify FILE`.

use anyhow::Context;
use app::db::Db;
use std::path::Path;

/// Writes a consistent snapshot to `to`; with `keep`, deletes the oldest
/// snapshots beside it so that `keep` remain.
pub async fn write(
    db: &Db,
    database_url: &str,
    to: &Path,
    keep: Option<u32>,
) -> anyhow::Result<()> {
    app::db::snapshot(db, to).await?;
    println!("Wrote {}.", to.display());
    if let Some(keep) = keep {
        let live = app::db::sqlite_path(database_url);
        let deleted = app::db::backup::rotate_snapshots(to, keep as usize, live.as_deref())
            .context("rotating old backups")?;
        for path in deleted {
            println!("Deleted {}.", path.display());
        }
    }
    Ok(())
}

/// What the backup holds, or why it is no use. Never opens (or migrates)
/// the configured database.
pub async fn verify(file: &Path) -> anyhow::Result<()> {
    let report = app::db::backup::verify_snapshot(file).await?;
    println!(
        "{}: integrity ok, schema version {}, {} articles ({} published), {} accounts.",
        file.display(),
        report.schema_version,
        report.articles,
        report.published,
        report.users
    );
    Ok(())
}

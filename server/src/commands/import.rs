//! `qalam import wordpress FILE.xml [--uploads DIR] [--dry-run]`: the
//! import (`app::server::wordpress`) with a progress bar on a terminal
//! and the summary at the end.

use crate::config::ImportCommand;
use app::db::Db;
use app::server::wordpress::import::{import, Options, Progress};
use indicatif::{ProgressBar, ProgressStyle};

/// A terminal's progress bar; draws nothing when standard error is not a
/// terminal (a log, CI).
struct Bar(ProgressBar);

impl Progress for Bar {
    fn phase(&self, name: &str, total: u64) {
        let template = if name == "чтение" {
            "{msg:>8} [{bar:40}] {bytes}/{total_bytes} ({eta})"
        } else {
            "{msg:>8} [{bar:40}] {pos}/{len} ({eta})"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            self.0.set_style(style.progress_chars("=> "));
        }
        self.0.set_message(name.to_string());
        self.0.set_length(total);
        self.0.set_position(0);
    }

    fn set(&self, done: u64) {
        self.0.set_position(done);
    }

    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

pub async fn run(db: &Db, command: ImportCommand, now: i64) -> anyhow::Result<()> {
    let ImportCommand::Wordpress {
        file,
        uploads,
        dry_run,
    } = command;
    let options = Options {
        uploads,
        dry_run,
        now,
    };
    let dry_run = options.dry_run;
    let bar = Bar(ProgressBar::new(0));
    let started = std::time::Instant::now();
    let summary = import(db, &file, &options, &bar).await;
    bar.finish();
    let summary = summary?;
    if !dry_run {
        // Thousands of new rows: the search index in one segment per
        // table, and the planner's statistics current.
        app::db::search::optimize(db).await?;
        db.keep_statistics(app::db::Statistics::AfterBulkLoad)
            .await?;
    }
    print!("{summary}");
    println!("Время: {:.1} с.", started.elapsed().as_secs_f64());
    Ok(())
}

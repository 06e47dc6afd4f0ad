//! `qalam publish`: one article from the command line, through the one
//! publishing path.

use crate::config::PublishArgs;
use app::db::Db;
use app::domain::articles::split_tags;
use app::server::articles::store::{publish, Story};

/// Publishes the article and prints its path.
pub async fn run(db: &Db, args: PublishArgs, now: i64) -> anyhow::Result<()> {
    let story = Story {
        title: &args.title,
        lead: &args.lead,
        body: &args.body,
        category_slug: &args.category,
        author_slug: args.author.as_deref(),
        breaking: args.breaking,
        published_at: now,
        tags: &split_tags(&args.tags),
        coauthor_slugs: &[],
        credit_line: "",
        image: None,
        lang: args.lang,
        quiet: false,
    };
    let slug = publish(db, &story, now).await?;
    println!("{}", args.lang.article_path(&slug));
    Ok(())
}

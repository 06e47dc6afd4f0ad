//! The import's static pages («О редакции», «Контакты»): written as the
//! editors' page form writes them, each with where it came from.

use super::scan::Planned;
use super::summary::Kind;
use super::writer::Importer;
use super::ImportError;
use crate::db::imports::{Origin, Provenance};
use crate::db::pages;
use crate::domain::pages::is_reserved;
use crate::server::articles::store;
use crate::server::wordpress::rules;
use crate::server::wordpress::wxr::Item;

impl Importer<'_> {
    pub(super) async fn write_page(
        &mut self,
        item: &Item,
        plan: &Planned,
        title: &str,
        body: &str,
        published: bool,
        fingerprint: &str,
    ) -> Result<(), ImportError> {
        let source = self.source();
        let key = item.post_id.to_string();
        let provenance = Provenance {
            origin: Origin {
                source: &source,
                kind: "page",
                key: &key,
            },
            fingerprint,
            at: self.options.now,
        };
        if is_reserved(&rules::our_slug(&item.post_name, title)) && plan.existing.is_none() {
            self.summary.remark(
                Kind::Page,
                title,
                format!(
                    "адрес занят разделом сайта: страница открывается по {}",
                    plan.lang.path(&format!("/{}", plan.slug))
                ),
            );
        }
        let body_html = store::render_body(self.db, body).await?;
        let page = pages::PageContent {
            slug: &plan.slug,
            title,
            body,
            body_html: &body_html,
            published,
            // Top-level published pages are what a footer links to.
            in_footer: published && item.post_parent == 0,
            lang: plan.lang,
        };
        match &plan.existing {
            None => {
                if !self.options.dry_run {
                    pages::insert(self.db, &page, self.options.now, Some(&provenance)).await?;
                }
                self.summary.count(Kind::Page).imported += 1;
            }
            Some(existing) => {
                let Some(row) = pages::by_id(self.db, existing.target_id).await? else {
                    self.summary
                        .skip(Kind::Page, "удалена в редакции после импорта");
                    return Ok(());
                };
                if Some(row.updated_at) != existing.version {
                    self.summary
                        .skip(Kind::Page, "изменена в редакции после импорта");
                    return Ok(());
                }
                if !self.options.dry_run {
                    let at = self.options.now.max(row.updated_at + 1);
                    pages::update(
                        self.db,
                        row.id,
                        &page,
                        at,
                        Some(&Provenance { at, ..provenance }),
                    )
                    .await?;
                }
                self.summary.count(Kind::Page).updated += 1;
            }
        }
        self.post_redirects(item, plan).await
    }
}

//! Bylines, categories and tags as an import makes them: an account
//! per WordPress author (no password), our one-level categories from
//! WordPress's top ones, tags within our form's limits, and the redirects
//! from their old archives.

use super::summary::Kind;
use super::writer::Importer;
use super::ImportError;
use crate::db::categories;
use crate::db::imports::{self, Imported, Origin};
use crate::domain::articles::{MAX_TAGS, TAG_MAX_CHARS};
use crate::domain::lang::Lang;
use crate::server::redirects::key;
use crate::server::staff::{importable_login, imported_author};
use crate::server::wordpress::content;
use crate::server::wordpress::rules;
use crate::server::wordpress::wxr::{Item, ItemTerm};
use crate::text::slugify;

impl Importer<'_> {
    /// Our category for the item's first WordPress category (flattened to
    /// its top category), made on first use; `None` only in a dry run of
    /// a category that does not exist yet.
    pub(super) async fn category(
        &mut self,
        item: &Item,
        title: &str,
    ) -> Result<Option<i64>, ImportError> {
        let filed: Vec<&ItemTerm> = item
            .terms
            .iter()
            .filter(|t| t.domain == "category")
            .collect();
        if filed.len() > 1 {
            let others: Vec<&str> = filed[1..].iter().map(|t| t.name.as_str()).collect();
            self.summary.remark(
                Kind::Post,
                title,
                format!(
                    "в Qalam одна рубрика; другие рубрики записи: {}",
                    others.join(", ")
                ),
            );
        }
        let (wp_slug, name) = match filed.first() {
            Some(term) => match self.scan.top_category(&term.slug) {
                Some(top) => (top.slug.clone(), content::plain_text_of_html(&top.name)),
                None => (term.slug.clone(), content::plain_text_of_html(&term.name)),
            },
            None => ("uncategorized".to_string(), "Без рубрики".to_string()),
        };
        // A Polylang site keeps a category per language: a Kazakh one is
        // its Russian twin's Kazakh name and address here.
        let twin = self
            .scan
            .russian_category
            .get(&wp_slug)
            .and_then(|russian| {
                let term = self.scan.categories.get(russian)?;
                Some((term.slug.clone(), content::plain_text_of_html(&term.name)))
            });
        let Some((russian_slug, russian_name)) = twin else {
            return self.category_named(wp_slug, name).await;
        };
        if let Some(id) = self.categories.get(&wp_slug) {
            return Ok(Some(*id));
        }
        let id = self.category_named(russian_slug, russian_name).await?;
        if let (Some(id), false) = (id, self.options.dry_run) {
            let named = categories::list(self.db)
                .await?
                .into_iter()
                .any(|c| c.id == id && c.in_edition(Lang::Kk).is_some());
            if !named {
                let slug_kk = rules::term_slug(&wp_slug, &name);
                categories::name_in_kazakh(self.db, id, &name, Some(&slug_kk)).await?;
            }
        }
        self.categories.insert(wp_slug, id.unwrap_or(0));
        Ok(id)
    }

    /// Our category for WordPress category `wp_slug` named `name`, made
    /// on first use (see [`Importer::category`]).
    async fn category_named(
        &mut self,
        wp_slug: String,
        name: String,
    ) -> Result<Option<i64>, ImportError> {
        if let Some(id) = self.categories.get(&wp_slug) {
            return Ok(Some(*id));
        }
        let ours = rules::term_slug(&wp_slug, &name);
        let existing = categories::list(self.db).await?;
        let id = match existing.iter().find(|c| c.slug == ours) {
            Some(category) => {
                self.summary.count(Kind::Category).unchanged += 1;
                Some(category.id)
            }
            None => {
                self.summary.count(Kind::Category).imported += 1;
                if self.options.dry_run {
                    None
                } else {
                    let position = existing.iter().map(|c| c.position).max().unwrap_or(0) + 1;
                    let name = if name.is_empty() { ours.clone() } else { name };
                    Some(categories::insert(self.db, &ours, &name, position).await?)
                }
            }
        };
        // A dry run remembers the category it would make as id 0.
        self.categories.insert(wp_slug, id.unwrap_or(0));
        Ok(id)
    }

    /// The byline of WordPress login `login` (an account made on first use).
    pub(super) async fn author(&mut self, login: &str) -> Result<i64, ImportError> {
        if let Some(id) = self.authors.get(login) {
            return Ok(*id);
        }
        let display = self
            .scan
            .authors
            .get(login)
            .map(|a| {
                let full = format!("{} {}", a.first_name.trim(), a.last_name.trim());
                if !a.display_name.trim().is_empty() {
                    a.display_name.trim().to_string()
                } else {
                    full.trim().to_string()
                }
            })
            .unwrap_or_default();
        let fitted = importable_login(login);
        let exists = crate::db::users::by_login(self.db, &fitted).await?;
        let id = match exists {
            Some(user) => {
                self.summary.count(Kind::Author).unchanged += 1;
                user.author_id
            }
            None => {
                self.summary.count(Kind::Author).imported += 1;
                if self.options.dry_run {
                    0
                } else {
                    imported_author(self.db, login, &display, self.options.now).await?
                }
            }
        };
        self.authors.insert(login.to_string(), id);
        if !self.options.dry_run {
            let source = self.source();
            let origin = Origin {
                source: &source,
                kind: "author",
                key: login,
            };
            let record = Imported {
                target_id: id,
                fingerprint: String::new(),
                version: None,
            };
            imports::save(self.db, origin, &record, self.options.now).await?;
        }
        Ok(id)
    }

    /// Co-authors (the Co-Authors Plus plugin files them as terms of
    /// domain "author", `cap-LOGIN`), after the item's own author.
    pub(super) async fn coauthors(
        &mut self,
        item: &Item,
        own: &str,
    ) -> Result<Vec<i64>, ImportError> {
        let mut ids = Vec::new();
        for term in item.terms.iter().filter(|t| t.domain == "author") {
            let login = term.slug.strip_prefix("cap-").unwrap_or(&term.slug);
            if login == own || !self.scan.authors.contains_key(login) {
                continue;
            }
            let id = self.author(login).await?;
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// The item's tags, as many as our form keeps, each fit for an address.
    pub(super) fn tags(&mut self, item: &Item, title: &str) -> Vec<String> {
        let mut tags: Vec<String> = Vec::new();
        let mut left_out = Vec::new();
        for term in item.terms.iter().filter(|t| t.domain == "post_tag") {
            let name = content::plain_text_of_html(&term.name);
            let slug = slugify(&name);
            if slug.is_empty()
                || name.chars().count() > TAG_MAX_CHARS
                || tags.iter().any(|t| slugify(t) == slug)
            {
                left_out.push(name);
                continue;
            }
            if tags.len() == MAX_TAGS {
                left_out.push(name);
                continue;
            }
            if self.tags_seen.insert(slug) {
                self.summary.count(Kind::Tag).imported += 1;
            }
            tags.push(name);
        }
        if !left_out.is_empty() {
            self.summary.remark(
                Kind::Post,
                title,
                format!(
                    "теги не перенесены (больше {MAX_TAGS}, длиннее {TAG_MAX_CHARS} знаков или без букв): {}",
                    left_out.join(", ")
                ),
            );
        }
        tags
    }

    /// Old category, tag and author archives and feeds → ours.
    pub(super) async fn term_redirects(&mut self) -> Result<(), ImportError> {
        if self.options.dry_run {
            return Ok(());
        }
        let prefix = self.scan.prefix();
        let mut pairs: Vec<(String, String)> = vec![
            (format!("{prefix}/feed"), "/feed.xml".into()),
            (format!("{prefix}/rss"), "/feed.xml".into()),
            (format!("{prefix}/comments/feed"), "/feed.xml".into()),
        ];
        let all = categories::list(self.db).await?;
        for term in self.scan.categories.values() {
            let Some(top) = self.scan.top_category(&term.slug) else {
                continue;
            };
            let Some(id) = self.categories.get(&top.slug) else {
                continue;
            };
            let Some(ours) = all.iter().find(|c| c.id == *id) else {
                continue;
            };
            let path = self.scan.category_path(&term.slug);
            // A Polylang site's Kazakh category lives under its language's
            // directory ("/kk/category/…", or "/kz/…"), and here in the
            // Kazakh edition.
            let kazakh = self.scan.russian_category.contains_key(&top.slug);
            let (lang, slug) = match ours.in_edition(Lang::Kk) {
                Some((slug_kk, _)) if kazakh => (Lang::Kk, slug_kk),
                _ => (Lang::Ru, ours.slug.as_str()),
            };
            let mut olds = vec![format!("{prefix}/category/{path}")];
            if kazakh {
                olds.extend(
                    self.scan
                        .languages
                        .iter()
                        .filter(|(_, edition)| **edition == Some(Lang::Kk))
                        .map(|(language, _)| format!("{prefix}/{language}/category/{path}")),
                );
            }
            for old in olds {
                pairs.push((old.clone(), lang.category_path(slug)));
                pairs.push((
                    format!("{old}/feed"),
                    format!("{}/feed.xml", lang.category_path(slug)),
                ));
            }
        }
        let mut tag_slugs: Vec<(String, String)> = Vec::new();
        for term in self.scan.tags.values() {
            let ours = slugify(&content::plain_text_of_html(&term.name));
            if self.tags_seen.contains(&ours) {
                tag_slugs.push((rules::decode_slug(&term.slug), ours));
            }
        }
        for (old, ours) in tag_slugs {
            pairs.push((format!("{prefix}/tag/{old}"), format!("/tag/{ours}")));
            pairs.push((
                format!("{prefix}/tag/{old}/feed"),
                format!("/tag/{ours}/feed.xml"),
            ));
        }
        for (login, author_id) in &self.authors {
            if let Some(byline) = crate::db::authors::by_id(self.db, *author_id).await? {
                pairs.push((
                    format!("{prefix}/author/{}", rules::decode_slug(login)),
                    format!("/author/{}", byline.slug),
                ));
            }
        }
        for (old, ours) in pairs {
            if let Some(old) = key(&old, None) {
                if old != ours {
                    self.redirect(old, ours).await?;
                }
            }
        }
        Ok(())
    }
}

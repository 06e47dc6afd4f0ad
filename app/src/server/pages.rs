//! Static pages ("О редакции", "Контакты") at `/{slug}`: what readers see,
//! and the editors' list and form. Pages are not news: no category, no
//! byline, no place in the ticker or the feeds; the footer links to them.

use crate::db::pages::{self, PageContent, PageRow};
use crate::db::Db;
use crate::domain::articles::normalize_multiline;
use crate::domain::lang::Lang;
use crate::domain::pages::{
    field, is_reserved, validate_page, PageData, PageEditor, PageForm, PageLine, PagesAdmin,
};
use crate::domain::refusal::{FieldErrors, Refusal};
use crate::error::AppError;
use crate::server::accounts::User;
use crate::server::articles::store::{is_unique_violation, render_body};
use crate::server::markup;
use crate::server::permissions::{can_edit_pages, require};
use crate::server::seo;
use crate::server::site::Site;
use crate::text::excerpt;
use crate::text::slugify;
use crate::text::translit::numbered_slug;

/// A refused submission of the page form, provided as context when the
/// server renders the form again after a plain post.
#[derive(Clone, Debug)]
pub struct PageReplay {
    pub form: PageForm,
    pub errors: FieldErrors,
}

/// A published page of `lang`'s edition, for readers; `NotFound` for
/// any other address (another edition's page included).
pub async fn for_readers(site: &Site, lang: Lang, slug: &str) -> Result<PageData, AppError> {
    match pages::by_slug(&site.db, lang, slug).await? {
        Some(page) if page.published => {
            let description = excerpt(&markup::plain_text(&page.body), 160);
            let path = lang.path(&format!("/{}", page.slug));
            Ok(PageData {
                seo: seo::page(&site.public_url, &page.title, &description, &path, lang),
                title: page.title,
                slug: page.slug,
                body_html: page.body_html,
                updated_at: page.updated_at,
            })
        }
        _ => Err(AppError::NotFound),
    }
}

/// The workspace's list of pages.
pub async fn pages_admin(db: &Db, user: &User) -> Result<PagesAdmin, AppError> {
    require(can_edit_pages(user))?;
    let items = pages::list(db)
        .await?
        .into_iter()
        .map(|p| PageLine {
            id: p.id,
            slug: p.slug,
            title: p.title,
            published: p.published,
            in_footer: p.in_footer,
            updated_at: p.updated_at,
            lang: p.lang,
        })
        .collect();
    Ok(PagesAdmin {
        user: user.view(),
        items,
    })
}

fn form_from_row(row: &PageRow) -> PageForm {
    PageForm {
        id: Some(row.id),
        title: row.title.clone(),
        slug: row.slug.clone(),
        body: row.body.clone(),
        published: row.published,
        in_footer: row.in_footer,
        lang: row.lang.code().to_string(),
    }
}

/// The page form: a new page (`id` None) or a stored one; `replay` is a
/// refused submission to show again with what was typed.
pub async fn page_editor(
    db: &Db,
    user: &User,
    id: Option<i64>,
    replay: Option<(PageForm, FieldErrors)>,
) -> Result<PageEditor, AppError> {
    require(can_edit_pages(user))?;
    let row = match id {
        Some(id) => Some(pages::by_id(db, id).await?.ok_or(AppError::NotFound)?),
        None => None,
    };
    let public_url = row
        .as_ref()
        .filter(|r| r.published)
        .map(|r| r.lang.path(&format!("/{}", r.slug)));
    let (form, errors) = match (replay, &row) {
        (Some((form, errors)), _) => (form, errors),
        (None, Some(row)) => (form_from_row(row), FieldErrors::new()),
        (None, None) => (
            PageForm {
                published: true,
                in_footer: true,
                ..PageForm::default()
            },
            FieldErrors::new(),
        ),
    };
    Ok(PageEditor {
        user: user.view(),
        form,
        errors,
        public_url,
    })
}

/// What saving the page form came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageSaved {
    Saved(i64),
    Invalid(FieldErrors),
}

/// Saves the page form: every field checked, the address typed or made
/// from the title (never one the site owns, never another page's).
pub async fn save_page(
    db: &Db,
    user: &User,
    form: &PageForm,
    now: i64,
) -> Result<PageSaved, AppError> {
    require(can_edit_pages(user))?;
    let errors = validate_page(form);
    if !errors.is_empty() {
        return Ok(PageSaved::Invalid(errors));
    }
    let typed = form.slug.trim();
    let lang = form.edition();
    let slug = if typed.is_empty() {
        free_slug(db, lang, form.title.trim(), form.id).await?
    } else {
        match pages::by_slug(db, lang, typed).await? {
            Some(other) if Some(other.id) != form.id => {
                let errors = [(field::SLUG.to_string(), Refusal::PageSlugTaken)].into();
                return Ok(PageSaved::Invalid(errors));
            }
            _ => typed.to_string(),
        }
    };
    let body = normalize_multiline(&form.body);
    let body_html = render_body(db, &body).await?;
    let content = PageContent {
        slug: &slug,
        title: form.title.trim(),
        body: &body,
        body_html: &body_html,
        published: form.published,
        in_footer: form.in_footer,
        lang,
    };
    let written = match form.id {
        None => pages::insert(db, &content, now, None).await.map(Some),
        Some(id) => pages::update(db, id, &content, now, None)
            .await
            .map(|found| found.then_some(id)),
    };
    match written {
        Ok(Some(id)) => Ok(PageSaved::Saved(id)),
        Ok(None) => Err(AppError::NotFound),
        // Another page took the address at the same moment.
        Err(error) if is_unique_violation(&error) => Ok(PageSaved::Invalid(
            [(field::SLUG.to_string(), Refusal::PageSlugTaken)].into(),
        )),
        Err(error) => Err(error.into()),
    }
}

pub async fn delete_page(db: &Db, user: &User, id: i64) -> Result<(), AppError> {
    require(can_edit_pages(user))?;
    if pages::delete(db, id).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// The first free page address in `lang`'s edition for `title`
/// ("o-redaktsii", "…-2"), skipping the paths the site owns; a page keeps
/// its own.
pub async fn free_slug(
    db: &Db,
    lang: Lang,
    title: &str,
    own_id: Option<i64>,
) -> Result<String, AppError> {
    let base = match slugify(title) {
        slug if slug.is_empty() => "stranitsa".to_string(),
        slug => slug,
    };
    let mut n = 1;
    loop {
        let slug = numbered_slug(&base, n);
        n += 1;
        if is_reserved(&slug) {
            continue;
        }
        match pages::by_slug(db, lang, &slug).await? {
            Some(page) if Some(page.id) != own_id => continue,
            _ => return Ok(slug),
        }
    }
}

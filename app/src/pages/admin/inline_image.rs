//! The article form's "image in the body": a new file or one of the
//! newest uploads, its description, caption and credit. Without
//! JavaScript the file (or the chosen upload's id) rides with the form and
//! the server puts the figure at the end of the body; hydrated, a file is
//! uploaded at once and "Вставить в текст" puts the figure line in the
//! body (a save does it too, if the editor did not), where the editor can
//! move it.

use super::fields::{start_upload, text_input, upload_progress_line, Field};
use crate::domain::articles::{field, figure_line, InlineFields};
use crate::domain::images::{scaled_height, variant_url, Format};
use crate::domain::refusal::{FieldErrors, Refusal};
use crate::domain::workspace::UploadedImage;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub(super) struct InlineImage {
    id: RwSignal<Option<i64>>,
    url: RwSignal<Option<String>>,
    alt: RwSignal<String>,
    caption: RwSignal<String>,
    credit: RwSignal<String>,
    /// The stored upload picked from the library ("" for none), as the
    /// radio buttons carry it.
    chosen: RwSignal<String>,
    /// Upload progress in percent, while a file is on its way.
    pub(super) progress: RwSignal<Option<u32>>,
}

impl InlineImage {
    /// `typed`: what came back with a form the server refused.
    pub(super) fn new(typed: &InlineFields) -> InlineImage {
        InlineImage {
            id: RwSignal::new(None),
            url: RwSignal::new(None),
            alt: RwSignal::new(typed.alt.clone()),
            caption: RwSignal::new(typed.caption.clone()),
            credit: RwSignal::new(typed.credit.clone()),
            chosen: RwSignal::new(typed.stored.clone()),
            progress: RwSignal::new(None),
        }
    }

    /// Puts the uploaded image's figure line at the end of `body` and
    /// empties the fields. False, with the description marked, when the
    /// image has none; true when done or when nothing was uploaded.
    pub(super) fn insert_into(self, body: RwSignal<String>, errors: RwSignal<FieldErrors>) -> bool {
        let Some(url) = self.url.get_untracked() else {
            return true;
        };
        let alt = self.alt.get_untracked();
        if alt.trim().is_empty() {
            errors.update(|e| {
                e.insert(field::INLINE_ALT.into(), Refusal::ImageAltMissing);
            });
            return false;
        }
        let line = figure_line(
            &url,
            alt.trim(),
            &self.caption.get_untracked(),
            &self.credit.get_untracked(),
        );
        body.update(|text| {
            if !text.trim().is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&line);
        });
        errors.update(|e| {
            e.remove(field::INLINE_ALT);
        });
        self.id.set(None);
        self.url.set(None);
        self.chosen.set(String::new());
        for text in [self.alt, self.caption, self.credit] {
            text.set(String::new());
        }
        true
    }

    pub(super) fn fieldset(
        self,
        body: RwSignal<String>,
        errors: RwSignal<FieldErrors>,
        library: Vec<UploadedImage>,
    ) -> impl IntoView {
        let hydrated = RwSignal::new(false);
        Effect::new(move |_| hydrated.set(true));
        let no_recheck = || ();
        let file_field = Field::new(field::INLINE_IMAGE, "", errors);
        view! {
            <fieldset class="field">
                <legend>"Изображение в текст"</legend>
                <p class="hint" id="inline-image-hint">
                    "Снимок встанет в конец текста отдельным абзацем; его строку можно перенести в нужное место."
                </p>
                <label for=field::INLINE_IMAGE>"Файл иллюстрации (JPEG, PNG или WebP, до 8 МБ)"</label>
                <input
                    id=field::INLINE_IMAGE
                    name=field::INLINE_IMAGE
                    type="file"
                    accept="image/jpeg,image/png,image/webp"
                    on:change=move |ev| {
                        start_upload(ev, self.progress, self.id, self.url, errors, field::INLINE_IMAGE)
                    }
                    aria-describedby=move || file_field.described()().or(Some("inline-image-hint".into()))
                />
                {upload_progress_line(self.progress)}
                {file_field.message()}
                {self.library(library, errors)}
                {move || {
                    self.url
                        .get()
                        .map(|url| {
                            view! { <img class="article-form__image" src=url alt="" width="320" height="180" /> }
                        })
                }}
                {text_input(
                    Field::new(field::INLINE_ALT, "Описание изображения (обязательно)", errors),
                    "text",
                    self.alt.get_untracked(),
                    self.alt,
                    no_recheck,
                )}
                {text_input(
                    Field::new(field::INLINE_CAPTION, "Подпись", errors),
                    "text",
                    self.caption.get_untracked(),
                    self.caption,
                    no_recheck,
                )}
                {text_input(
                    Field::new(field::INLINE_CREDIT, "Автор или источник снимка", errors),
                    "text",
                    self.credit.get_untracked(),
                    self.credit,
                    no_recheck,
                )}
                <button
                    type="button"
                    class="button button--secondary"
                    hidden=move || !hydrated.get()
                    disabled=move || self.url.get().is_none()
                    on:click=move |_| {
                        self.insert_into(body, errors);
                    }
                >
                    "Вставить в текст"
                </button>
            </fieldset>
        }
    }

    /// The newest uploads as radio buttons with their pictures: choosing
    /// one puts it in the body like a new file would.
    fn library(
        self,
        library: Vec<UploadedImage>,
        errors: RwSignal<FieldErrors>,
    ) -> Option<AnyView> {
        if library.is_empty() {
            return None;
        }
        let field = Field::new(field::INLINE_STORED, "", errors);
        let choose = move |id: Option<i64>| {
            self.chosen
                .set(id.map(|id| id.to_string()).unwrap_or_default());
            self.id.set(id);
            self.url.set(id.map(|id| format!("/media/{id}")));
            errors.update(|e| {
                e.remove(field::INLINE_STORED);
            });
        };
        let items = library
            .into_iter()
            .map(|image| {
                let value = image.id.to_string();
                let checked = value == self.chosen.get_untracked();
                let mine = value.clone();
                let id = image.id;
                // A thumbnail the size of the smallest made width.
                let thumb_width = image.width.min(480);
                view! {
                    <li>
                        <label class="image-library__item">
                            <input
                                type="radio"
                                name=field::INLINE_STORED
                                value=value
                                checked=checked
                                prop:checked=move || self.chosen.with(|c| *c == mine)
                                on:change=move |_| choose(Some(id))
                            />
                            <img
                                src=variant_url(id, thumb_width, Format::Jpeg)
                                alt=""
                                width="160"
                                height=scaled_height(160, image.width, image.height).to_string()
                                loading="lazy"
                            />
                            <span class="visually-hidden">{format!("Загруженное изображение №{id}")}</span>
                        </label>
                    </li>
                }
            })
            .collect_view();
        let none_checked = self.chosen.get_untracked().is_empty();
        Some(
            view! {
                <fieldset class="image-library" aria-describedby=field.described()>
                    <legend>"Или одно из загруженных"</legend>
                    <ul class="image-library__list">
                        {items}
                        <li>
                            <label class="image-library__item image-library__none">
                                <input
                                    type="radio"
                                    name=field::INLINE_STORED
                                    value=""
                                    checked=none_checked
                                    prop:checked=move || self.chosen.with(String::is_empty)
                                    on:change=move |_| choose(None)
                                />
                                "Не выбрано"
                            </label>
                        </li>
                    </ul>
                    {field.message()}
                </fieldset>
            }
            // Erased: the form's full view type is otherwise too deep for the
            // compiler (as in the staff table).
            .into_any(),
        )
    }
}

//! The article form's "image in the body": a file, its description,
//! caption and credit. Without JavaScript the file rides with the form and
//! the server puts the figure at the end of the body; hydrated, the file
//! is uploaded at once and "Вставить в текст" puts the figure line in the
//! body (a save does it too, if the editor did not), where the editor can
//! move it.

use super::fields::{start_upload, text_input, upload_progress_line, Field};
use crate::domain::articles::{field, figure_line, InlineFields};
use crate::domain::refusal::{FieldErrors, Refusal};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub(super) struct InlineImage {
    id: RwSignal<Option<i64>>,
    url: RwSignal<Option<String>>,
    alt: RwSignal<String>,
    caption: RwSignal<String>,
    credit: RwSignal<String>,
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
        for text in [self.alt, self.caption, self.credit] {
            text.set(String::new());
        }
        true
    }

    pub(super) fn fieldset(
        self,
        body: RwSignal<String>,
        errors: RwSignal<FieldErrors>,
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
}

//! The article form's fields: a name, a label and an error state each,
//! and inputs bound to signals (the server's HTML carries the values, so
//! the form works without JavaScript). Also the image upload and the
//! "show why nothing was saved" focus move, which the hydrated form uses.

use super::field_error;
use crate::components::raw_text::textarea_text;
use crate::domain::refusal::FieldErrors;
use crate::domain::workspace::Choice;
use crate::messages::{self};
use leptos::prelude::*;

/// A form field's name (also its element id), label and error state: an
/// invalid field gets `aria-invalid` and a message it points to with
/// `aria-describedby` (else it points to its hint, if any).
#[derive(Clone, Copy)]
pub(super) struct Field {
    pub(super) name: &'static str,
    pub(super) label: &'static str,
    hint: Option<&'static str>,
    errors: RwSignal<FieldErrors>,
}

impl Field {
    pub(super) fn new(
        name: &'static str,
        label: &'static str,
        errors: RwSignal<FieldErrors>,
    ) -> Field {
        Field {
            name,
            label,
            hint: None,
            errors,
        }
    }

    pub(super) fn hint(self, id: &'static str) -> Field {
        Field {
            hint: Some(id),
            ..self
        }
    }

    pub(super) fn invalid(
        self,
    ) -> impl Fn() -> Option<&'static str> + Copy + Send + Sync + 'static {
        move || {
            self.errors
                .with(|e| e.contains_key(self.name))
                .then_some("true")
        }
    }

    pub(super) fn described(self) -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static {
        move || {
            if self.errors.with(|e| e.contains_key(self.name)) {
                Some(format!("{}-error", self.name))
            } else {
                self.hint.map(str::to_string)
            }
        }
    }

    pub(super) fn message(self) -> impl IntoView {
        move || {
            let said = self
                .errors
                .with(|e| e.get(self.name).map(messages::refusal));
            field_error(self.name, said)
        }
    }
}

/// An input bound to `value`. The `value` attribute carries the text for
/// the server's HTML (JavaScript off); the property keeps it in step after.
pub(super) fn text_input(
    field: Field,
    kind: &'static str,
    initial: String,
    value: RwSignal<String>,
    recheck: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=field.name>{field.label}</label>
            <input
                id=field.name
                name=field.name
                type=kind
                value=initial
                prop:value=move || value.get()
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    recheck();
                }
                aria-invalid=field.invalid()
                aria-describedby=field.described()
            />
            {field.message()}
        </div>
    }
}

/// A textarea of a plain form (no signal): `typed` is its text. `id`
/// differs from `name` where a page repeats the form (one per table row).
pub(super) fn plain_text_area(
    name: &'static str,
    id: String,
    rows: u32,
    typed: &str,
    invalid: Option<&'static str>,
    described: Option<String>,
) -> impl IntoView {
    view! {
        <textarea id=id name=name rows=rows aria-invalid=invalid aria-describedby=described>
            {textarea_text(typed)}
        </textarea>
    }
}

/// A textarea bound to `value` whose id differs from its name (a second
/// form on the page, as the live desk's beside the article's); `invalid`
/// and `described` follow its errors.
pub(super) fn bound_text_area(
    name: &'static str,
    id: &'static str,
    rows: u32,
    initial: &str,
    value: RwSignal<String>,
    invalid: impl Fn() -> Option<&'static str> + Send + Sync + 'static,
    described: impl Fn() -> Option<String> + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <textarea
            id=id
            name=name
            rows=rows
            prop:value=move || value.get()
            on:input=move |ev| value.set(event_target_value(&ev))
            aria-invalid=invalid
            aria-describedby=described
        >
            {textarea_text(initial)}
        </textarea>
    }
}

/// A textarea bound to `value`; its initial text is escaped because
/// Leptos writes textarea content unescaped (see `components::raw_text`).
pub(super) fn text_area(
    field: Field,
    rows: u32,
    initial: &str,
    value: RwSignal<String>,
    recheck: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    bound_area(field, rows, initial, value, recheck, None)
}

/// The article's body: a textarea the visual editor takes over
/// (`visual_editor.rs`), `lang` for the browser's spellchecker.
pub(super) fn body_area(
    field: Field,
    initial: &str,
    value: RwSignal<String>,
    recheck: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    bound_area(field, 18, initial, value, recheck, Some("ru"))
}

/// A textarea bound to `value`; with a language, the visual editor's.
fn bound_area(
    field: Field,
    rows: u32,
    initial: &str,
    value: RwSignal<String>,
    recheck: impl Fn() + Copy + Send + Sync + 'static,
    visual_lang: Option<&'static str>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=field.name>{field.label}</label>
            <textarea
                id=field.name
                name=field.name
                rows=rows
                lang=visual_lang
                spellcheck=visual_lang.map(|_| "true")
                data-visual-editor=visual_lang.map(|_| "")
                prop:value=move || value.get()
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    recheck();
                }
                aria-invalid=field.invalid()
                aria-describedby=field.described()
            >
                {textarea_text(initial)}
            </textarea>
            {field.message()}
        </div>
    }
}

/// A select bound to `value`; the chosen option is marked in the server's HTML.
pub(super) fn select_input(
    field: Field,
    choices: Vec<Choice>,
    value: RwSignal<String>,
    recheck: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=field.name>{field.label}</label>
            <select
                id=field.name
                name=field.name
                on:change=move |ev| {
                    value.set(event_target_value(&ev));
                    recheck();
                }
                aria-invalid=field.invalid()
                aria-describedby=field.described()
            >
                {choices
                    .into_iter()
                    .map(|choice| {
                        let option = choice.value.clone();
                        let selected = move || value.get() == option;
                        view! { <option value=choice.value selected=selected>{choice.label}</option> }
                    })
                    .collect_view()}
            </select>
            {field.message()}
        </div>
    }
}

/// After the next render, scrolls to and focuses the first element that
/// matches `selector` (the first invalid field, or the conflict message),
/// so the editor sees at once why nothing was saved.
pub(super) fn show_after_render(selector: &'static str) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        let found = document()
            .query_selector(selector)
            .ok()
            .flatten()
            .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = found {
            element.scroll_into_view();
            let _ = element.focus();
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = selector;
}

/// "Загрузка: 42 %" with a progress bar while a file is on its way.
pub(super) fn upload_progress_line(progress: RwSignal<Option<u32>>) -> impl IntoView {
    move || {
        progress.get().map(|percent| {
            view! {
                <p class="upload-progress" role="status">
                    <progress max="100" value=percent.to_string()>{percent} "%"</progress>
                    " Загрузка: " {percent} "%"
                </p>
            }
        })
    }
}

/// Uploads the chosen image at once, showing progress; the form then
/// carries only the stored image's id.
pub(super) fn start_upload(
    ev: leptos::ev::Event,
    progress: RwSignal<Option<u32>>,
    image_id: RwSignal<Option<i64>>,
    image_url: RwSignal<Option<String>>,
    errors: RwSignal<FieldErrors>,
    error_field: &'static str,
) {
    let upload = Upload {
        part: "image",
        path: "/admin/images",
        progress,
        errors,
        error_field,
    };
    send_file(ev, upload, move |text| {
        let image: crate::domain::workspace::UploadedImage = serde_json::from_str(text).ok()?;
        image_id.set(Some(image.id));
        image_url.set(Some(image.url));
        Some(())
    });
}

/// Where a chosen file goes, and where its progress and refusal show.
#[derive(Clone, Copy)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub(super) struct Upload {
    /// The multipart field's name.
    pub(super) part: &'static str,
    pub(super) path: &'static str,
    pub(super) progress: RwSignal<Option<u32>>,
    pub(super) errors: RwSignal<FieldErrors>,
    pub(super) error_field: &'static str,
}

/// Sends the file chosen in `ev`'s input to `upload.path` at once,
/// showing progress. `accepted` reads the 200 answer (None: unreadable);
/// any other answer names its refusal (`server::forms::articles`).
#[allow(unused_variables)]
pub(super) fn send_file(
    ev: leptos::ev::Event,
    upload: Upload,
    accepted: impl Fn(&str) -> Option<()> + 'static,
) {
    #[cfg(feature = "hydrate")]
    {
        use crate::domain::refusal::Refusal;
        use wasm_bindgen::{closure::Closure, JsCast};
        let Upload {
            part,
            path,
            progress,
            errors,
            error_field,
        } = upload;
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        let set_error = move |refusal: Refusal| {
            errors.update(|e| {
                e.insert(error_field.into(), refusal);
            });
        };
        let (Ok(xhr), Ok(data)) = (web_sys::XmlHttpRequest::new(), web_sys::FormData::new()) else {
            return set_error(Refusal::UploadNotSent);
        };
        if data.append_with_blob(part, &file).is_err() || xhr.open("POST", path).is_err() {
            return set_error(Refusal::UploadNotSent);
        }
        let _ = xhr.set_request_header("Accept", "application/json");
        progress.set(Some(0));
        errors.update(|e| {
            e.remove(error_field);
        });
        if let Ok(sent) = xhr.upload() {
            let on_progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(
                move |ev: web_sys::ProgressEvent| {
                    if ev.length_computable() && ev.total() > 0.0 {
                        progress.set(Some((ev.loaded() / ev.total() * 100.0) as u32));
                    }
                },
            );
            sent.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
            on_progress.forget();
        }
        let request = xhr.clone();
        let on_done = Closure::<dyn FnMut()>::new(move || {
            progress.set(None);
            input.set_value("");
            let text = request.response_text().ok().flatten().unwrap_or_default();
            match request.status().unwrap_or(0) {
                200 => {
                    if accepted(&text).is_none() {
                        set_error(Refusal::UploadUnreadable);
                    }
                }
                0 => set_error(Refusal::UploadOffline),
                _ => {
                    let refusal = serde_json::from_str::<serde_json::Value>(&text)
                        .ok()
                        .and_then(|v| serde_json::from_value(v.get("refusal")?.clone()).ok())
                        .unwrap_or(Refusal::UploadFailed);
                    set_error(refusal);
                }
            }
        });
        xhr.set_onloadend(Some(on_done.as_ref().unchecked_ref()));
        on_done.forget();
        if xhr.send_with_opt_form_data(Some(&data)).is_err() {
            progress.set(None);
        }
    }
}

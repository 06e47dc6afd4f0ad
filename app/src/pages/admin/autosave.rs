//! Autosave in the article form's island: what the editor types reaches
//! the server within seconds (`api::admin::autosave_article`, a slot of
//! the editor's own, never a revision), and when the server cannot be
//! reached it stays in this browser (localStorage) until it can.
//!
//! When: 2 s after typing stops, or 6 s into continuous typing, and when
//! a field is left; a failed attempt is retried every 5 s. The editor
//! sees where the text is: «Сохранено 14:05», «Нет связи — текст сохранён
//! в браузере». Leaving the page while something is kept nowhere but the
//! page asks first.

use crate::api::admin::autosave_article;
use crate::domain::articles::ArticleForm;
use crate::domain::workspace::Autosaved;
use crate::error::AppError;
use crate::text::time::moment;
use leptos::prelude::*;

/// Where the typed form stands.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum SaveState {
    /// Nothing typed since the page opened or the last save.
    Clean,
    /// Typed and kept nowhere but the page yet.
    Changed,
    Sending,
    /// In the editor's autosave slot on the server, since this moment.
    Kept(i64),
    /// The server did not answer: kept in this browser.
    Offline(i64),
    /// The session has ended: kept in this browser until sign-in.
    SignedOut(i64),
    /// The server refused it (a title too long…): its sentence.
    Refused(String),
}

/// Quiet time after the last keystroke before a save.
const PAUSE_MS: f64 = 2_000.0;
/// The longest typing goes unsaved when it never pauses: with the
/// editor's 1.5 s (`app/editor/src/index.js`) and a request, well inside
/// the 10 s a crash may cost (`scripts/drill-lost-work`).
const LONGEST_MS: f64 = 6_000.0;
/// Between attempts while the server does not answer.
const RETRY_MS: f64 = 5_000.0;

#[derive(Clone, Copy)]
pub(super) struct Autosave {
    pub(super) state: RwSignal<SaveState>,
    /// Changes typed, counted; and how many of them the server has.
    typed: RwSignal<u64>,
    kept: RwSignal<u64>,
    first_unkept_ms: RwSignal<Option<f64>>,
    last_typed_ms: RwSignal<f64>,
    last_attempt_ms: RwSignal<f64>,
    sending: RwSignal<bool>,
}

impl Autosave {
    pub(super) fn new() -> Autosave {
        Autosave {
            state: RwSignal::new(SaveState::Clean),
            typed: RwSignal::new(0),
            kept: RwSignal::new(0),
            first_unkept_ms: RwSignal::new(None),
            last_typed_ms: RwSignal::new(0.0),
            last_attempt_ms: RwSignal::new(0.0),
            sending: RwSignal::new(false),
        }
    }

    /// A field changed.
    pub(super) fn changed(self) {
        let now = now_ms();
        self.typed.update(|n| *n += 1);
        self.last_typed_ms.set(now);
        if self.first_unkept_ms.get_untracked().is_none() {
            self.first_unkept_ms.set(Some(now));
        }
        if matches!(
            self.state.get_untracked(),
            SaveState::Clean | SaveState::Kept(_)
        ) {
            self.state.set(SaveState::Changed);
        }
    }

    /// The form was saved for real: nothing is left to keep.
    pub(super) fn saved(self, id: Option<i64>) {
        self.kept.set(self.typed.get_untracked());
        self.first_unkept_ms.set(None);
        self.state.set(SaveState::Clean);
        forget_local(id);
        forget_local(None);
    }

    /// Whether something typed is kept nowhere but the page.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    pub(super) fn unsent(self) -> bool {
        self.typed.get_untracked() > self.kept.get_untracked()
            && !matches!(
                self.state.get_untracked(),
                SaveState::Offline(_) | SaveState::SignedOut(_)
            )
    }

    fn due(self, now: f64) -> bool {
        if self.sending.get_untracked() || self.typed.get_untracked() <= self.kept.get_untracked() {
            return false;
        }
        let retrying = matches!(
            self.state.get_untracked(),
            SaveState::Offline(_) | SaveState::SignedOut(_) | SaveState::Refused(_)
        );
        if retrying {
            return now - self.last_attempt_ms.get_untracked() >= RETRY_MS;
        }
        let first = self.first_unkept_ms.get_untracked().unwrap_or(now);
        now - self.last_typed_ms.get_untracked() >= PAUSE_MS || now - first >= LONGEST_MS
    }

    /// Sends the form now if anything is unkept (`force`: a field was
    /// left), else when due. New articles wait for a title.
    pub(super) fn send_if_due(
        self,
        force: bool,
        collect: impl Fn() -> ArticleForm + 'static,
        on_kept: impl Fn(Autosaved) + 'static,
    ) {
        let now = now_ms();
        let pending = self.typed.get_untracked() > self.kept.get_untracked();
        if !(if force {
            pending && !self.sending.get_untracked()
        } else {
            self.due(now)
        }) {
            return;
        }
        let form = collect();
        if form.id.is_none() && form.title.trim().is_empty() {
            return;
        }
        let generation = self.typed.get_untracked();
        self.sending.set(true);
        self.last_attempt_ms.set(now);
        self.state.set(SaveState::Sending);
        leptos::task::spawn_local(async move {
            let result = autosave_article(form.clone()).await;
            self.sending.set(false);
            let at = (now_ms() / 1000.0) as i64;
            match result {
                Ok(kept) => {
                    forget_local(form.id);
                    forget_local(Some(kept.id));
                    self.kept.set(generation);
                    if self.typed.get_untracked() == generation {
                        self.first_unkept_ms.set(None);
                    }
                    self.state.set(SaveState::Kept(kept.saved_at));
                    on_kept(kept);
                }
                Err(AppError::Unauthorized) => self.signed_out(&form),
                Err(AppError::Refused(refusal)) => {
                    keep_local(&form, at, false);
                    self.state
                        .set(SaveState::Refused(crate::messages::refusal(&refusal)));
                }
                Err(_) => {
                    keep_local(&form, at, false);
                    self.state.set(SaveState::Offline(at));
                }
            }
        });
    }

    /// Keeps the form in this browser now (the page is being left).
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    pub(super) fn keep_in_browser(self, form: &ArticleForm) {
        keep_local(form, (now_ms() / 1000.0) as i64, false);
    }

    /// The session ended under the form: it waits in this browser, marked
    /// to go straight back into the form once the editor signs in again.
    pub(super) fn signed_out(self, form: &ArticleForm) {
        let at = (now_ms() / 1000.0) as i64;
        keep_local(form, at, true);
        self.state.set(SaveState::SignedOut(at));
    }
}

/// The line under the form's title: where the text is.
pub(super) fn status_line(state: &SaveState, now: i64) -> String {
    match state {
        SaveState::Clean => String::new(),
        SaveState::Changed => "Есть несохранённые изменения".to_string(),
        SaveState::Sending => "Сохранение…".to_string(),
        SaveState::Kept(at) => format!("Сохранено {}", moment(*at, now)),
        SaveState::Offline(at) => format!(
            "Нет связи — текст сохранён в браузере ({})",
            moment(*at, now)
        ),
        SaveState::SignedOut(_) => {
            "Сессия истекла — текст сохранён в браузере. Войдите снова, и он вернётся в форму."
                .to_string()
        }
        SaveState::Refused(sentence) => format!("Черновик не сохранён: {sentence}"),
    }
}

/// A copy this browser kept of the form, if any: for article `id`, or
/// for a new article.
pub(super) fn local_copy(id: Option<i64>) -> Option<LocalCopy> {
    #[cfg(feature = "hydrate")]
    {
        let text = storage()?.get_item(&local_key(id)).ok()??;
        serde_json::from_str(&text).ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = id;
        None
    }
}

/// Drops this browser's copy for article `id` (or the new article's).
pub(super) fn forget_local(id: Option<i64>) {
    #[cfg(feature = "hydrate")]
    if let Some(storage) = storage() {
        let _ = storage.remove_item(&local_key(id));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// What this browser keeps of a form: the form, when, and whether it was
/// kept because the session had ended (then it goes straight back into
/// the form after signing in, rather than being offered).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct LocalCopy {
    pub(super) form: ArticleForm,
    pub(super) at: i64,
    #[serde(default)]
    pub(super) signed_out: bool,
}

fn keep_local(form: &ArticleForm, at: i64, signed_out: bool) {
    #[cfg(feature = "hydrate")]
    if let (Some(storage), Ok(text)) = (
        storage(),
        serde_json::to_string(&LocalCopy {
            form: form.clone(),
            at,
            signed_out,
        }),
    ) {
        // A full storage refuses: the page itself still holds the text.
        let _ = storage.set_item(&local_key(form.id), &text);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (form, at, signed_out);
}

#[cfg(feature = "hydrate")]
fn local_key(id: Option<i64>) -> String {
    match id {
        Some(id) => format!("qalam.unsent.{id}"),
        None => "qalam.unsent.new".to_string(),
    }
}

#[cfg(feature = "hydrate")]
fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn now_ms() -> f64 {
    #[cfg(feature = "hydrate")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0.0
    }
}

//! The readers' push controls (docs/reach.md): «Получать срочные
//! новости» in every reader page's footer, «Следить за трансляцией» on a
//! live story. Quiet: nothing asks for permission until a reader presses
//! one. Server-rendered and hidden; `public/push-control.js` (a few
//! hundred bytes) shows them where the browser can take notifications,
//! and loads `public/push.js` only when one is pressed. Without
//! JavaScript there is nothing to press, so nothing is shown.

use crate::components::raw_text::ModuleScriptFile;
use crate::domain::notifications::Topic;
use crate::hooks::use_lang;
use leptos::prelude::*;

#[component]
pub fn PushControl(topic: Topic) -> impl IntoView {
    let words = use_lang().push_words();
    let (off, on) = match topic {
        Topic::Breaking(_) => (words.breaking, words.breaking_on),
        Topic::Live(_) => (words.live, words.live_on),
    };
    view! {
        <p class="push-control">
            <button
                type="button"
                class="push-control__button"
                hidden
                aria-pressed="false"
                data-push-topic=topic.key()
                data-push-off=off
                data-push-on=on
                data-push-subscribed=words.subscribed
                data-push-unsubscribed=words.unsubscribed
                data-push-denied=words.denied
                data-push-failed=words.failed
            >
                {off}
            </button>
            " "
            <span class="push-control__status" aria-live="polite"></span>
        </p>
        // A module runs once however many controls a page has.
        <ModuleScriptFile src="/push-control.js".to_string() />
    }
}

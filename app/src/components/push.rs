//! The one event stream a tab opens (`/events`, `?live=ID` on a live
//! story), shared by the breaking bar, the ticker and the live story: each
//! island listens for the events it wants on the same `EventSource`
//! (HTTP/1.1 allows six connections per host; a stream per island would
//! take three). The browser reconnects on its own when a node stops.

/// Calls `handler` with the JSON of every `event` the stream brings.
/// Browser only; on the server it does nothing.
#[allow(unused_variables)]
pub fn listen(event: &'static str, handler: impl Fn(String) + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::{closure::Closure, JsCast};
        thread_local! {
            static SOURCE: std::cell::RefCell<Option<web_sys::EventSource>> =
                const { std::cell::RefCell::new(None) };
        }
        SOURCE.with(|source| {
            let mut source = source.borrow_mut();
            if source.is_none() {
                let url = match live_story_on_page() {
                    Some(id) => format!("/events?live={id}"),
                    None => "/events".to_string(),
                };
                *source = web_sys::EventSource::new(&url).ok();
            }
            let Some(source) = source.as_ref() else {
                return;
            };
            let listener = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                move |ev: web_sys::MessageEvent| {
                    if let Some(data) = ev.data().as_string() {
                        handler(data);
                    }
                },
            );
            let _ =
                source.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
            // Lives as long as the page (and its one stream).
            listener.forget();
        });
    }
}

/// The live story this page shows, if any (its island marks itself).
#[cfg(feature = "hydrate")]
fn live_story_on_page() -> Option<String> {
    leptos::prelude::document()
        .query_selector("[data-live-story]")
        .ok()
        .flatten()?
        .get_attribute("data-live-story")
}

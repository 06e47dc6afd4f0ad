//! Requests through the real router, in-process (no socket), as browsers
//! on the site send them; and a look at the HTML that comes back.

use super::TestDb;
use app::server::site::{Clock, Site};
use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use server::page_cache::PageCache;
use server::{leptos_options, router, AppState};
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

/// The public URL of the site under test.
pub const SITE: &str = "http://qalam.test";

/// An answer, read whole.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn location(&self) -> &str {
        self.header(header::LOCATION.as_str())
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    /// The session token from `Set-Cookie`.
    pub fn session(&self) -> Option<String> {
        let cookie = self.headers.get(header::SET_COOKIE)?.to_str().ok()?;
        let value = cookie.strip_prefix("qalam_session=")?.split(';').next()?;
        (!value.is_empty()).then(|| value.to_string())
    }

    pub fn is_html(&self) -> bool {
        self.header("content-type").starts_with("text/html")
    }

    /// The body parsed as browsers parse HTML.
    pub fn document(&self) -> scraper::Html {
        scraper::Html::parse_document(&self.body)
    }

    /// This response's CSP nonce, if its policy has one.
    pub fn nonce(&self) -> Option<String> {
        let csp = self.header(header::CONTENT_SECURITY_POLICY.as_str());
        let rest = csp.split("'nonce-").nth(1)?;
        Some(rest.split('\'').next()?.to_string())
    }
}

/// The router of one site; every request goes through a clone of it.
#[derive(Clone)]
pub struct Web {
    app: axum::Router,
    pub state: AppState,
}

/// A built site's root for the tests of this process: a favicon and a
/// script in `pkg/`, so that static files reach a real filesystem.
pub fn site_root() -> &'static std::path::Path {
    static ROOT: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    ROOT.get_or_init(|| {
        let root = tempfile::tempdir().expect("a temporary directory");
        std::fs::create_dir(root.path().join("pkg")).unwrap();
        let write =
            |name: &str, bytes: Vec<u8>| std::fs::write(root.path().join(name), bytes).unwrap();
        write(
            "favicon.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><circle r=\"8\"/></svg>"
                .repeat(20)
                .into_bytes(),
        );
        write("og-image.png", b"\x89PNG\r\n\x1a\n".repeat(100));
        write(
            "pkg/qalam.js",
            "export function hydrate() { return 'Қазақстан'; }\n"
                .repeat(100)
                .into_bytes(),
        );
        write(
            "pkg/qalam.css",
            ".card { color: var(--text); }\n".repeat(100).into_bytes(),
        );
        // The magic number and version of a WebAssembly module, then padding.
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend(std::iter::repeat_n(7u8, 4000));
        write("pkg/qalam.wasm", wasm);
        root
    })
    .path()
}

/// The state of a site at `public_url` on the test database, with its
/// page cache.
pub fn state(t: &TestDb, public_url: &str, page_cache: Arc<PageCache>) -> AppState {
    AppState::new(
        leptos_options(site_root(), "127.0.0.1:3000".parse().unwrap()),
        Site::new(t.db.clone(), public_url),
        page_cache,
    )
}

pub fn no_cache() -> Arc<PageCache> {
    Arc::new(PageCache::new(Duration::ZERO, 0))
}

impl Web {
    /// The site at [`SITE`], page cache off, on the machine's clock.
    pub fn new(t: &TestDb) -> Web {
        Web::with(state(t, SITE, no_cache()))
    }

    /// The site at [`SITE`] on a fixed clock.
    pub fn at(t: &TestDb, now: i64) -> Web {
        let mut state = state(t, SITE, no_cache());
        state.site.clock = Clock::Fixed(now);
        Web::with(state)
    }

    pub fn with(state: AppState) -> Web {
        Web {
            app: router(state.clone()),
            state,
        }
    }

    /// The response as it comes, body unread.
    pub async fn raw(&self, request: Request<Body>) -> axum::response::Response {
        self.app.clone().oneshot(request).await.unwrap()
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.raw(request).await;
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.send(get(uri, None)).await
    }

    pub async fn get_as(&self, uri: &str, session: &str) -> Reply {
        self.send(get(uri, Some(session))).await
    }

    /// A urlencoded form post from the site's own page.
    pub async fn post_form(&self, uri: &str, session: Option<&str>, body: &str) -> Reply {
        self.send(post_form(uri, SITE, session, body)).await
    }

    /// A multipart form post from the site's own page.
    pub async fn post_multipart(
        &self,
        uri: &str,
        session: &str,
        fields: &[(&str, &str)],
        file: Option<&[u8]>,
    ) -> Reply {
        self.send(post_multipart(uri, session, fields, file)).await
    }

    /// Signs in through the form; returns the session token.
    pub async fn sign_in(&self, login: &str, password: &str) -> String {
        let body = format!("login={}&password={}", encode(login), encode(password));
        let reply = self.post_form("/admin/login", None, &body).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "sign-in of {login}");
        assert_eq!(reply.location(), "/admin");
        reply.session().expect("a session cookie")
    }
}

pub fn get(uri: &str, session: Option<&str>) -> Request<Body> {
    let mut request = Request::get(uri);
    if let Some(token) = session {
        request = request.header(header::COOKIE, format!("qalam_session={token}"));
    }
    request.body(Body::empty()).unwrap()
}

/// A form post as a browser on `origin` sends it.
pub fn post_form(uri: &str, origin: &str, session: Option<&str>, body: &str) -> Request<Body> {
    let mut request = Request::post(uri)
        .header(header::ORIGIN, origin)
        .header(header::HOST, "qalam.test")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(token) = session {
        request = request.header(header::COOKIE, format!("qalam_session={token}"));
    }
    request.body(Body::from(body.to_string())).unwrap()
}

const BOUNDARY: &str = "qalamBoundary7MA4YWxkTrZu0gW";

/// A multipart body with `fields` and, optionally, an image file.
pub fn multipart(fields: &[(&str, &str)], file: Option<&[u8]>) -> (String, Vec<u8>) {
    let files: Vec<(&str, &[u8])> = file.map(|bytes| ("image", bytes)).into_iter().collect();
    multipart_with(fields, &files)
}

/// A multipart body with `fields` and files by field name.
pub fn multipart_with(fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    for (name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"photo.png\"\r\nContent-Type: image/png\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={BOUNDARY}"), body)
}

pub fn post_multipart(
    uri: &str,
    session: &str,
    fields: &[(&str, &str)],
    file: Option<&[u8]>,
) -> Request<Body> {
    let (content_type, body) = multipart(fields, file);
    Request::post(uri)
        .header(header::ORIGIN, SITE)
        .header(header::COOKIE, format!("qalam_session={session}"))
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .unwrap()
}

pub fn encode(text: &str) -> String {
    app::text::url::encode_component(text)
}

/// What a page holds that our views never write, so that it can only have
/// come from text someone typed: elements or attributes named by a test
/// payload (`qalam-injected`), event-handler attributes, scripts without
/// this response's nonce (data blocks aside), `<meta http-equiv>` (a
/// refresh can send readers anywhere), `<base>`, frames, plugins, SVG and
/// MathML, and `javascript:` or `data:` links. Each finding says where.
pub fn injected(document: &scraper::Html, nonce: Option<&str>) -> Vec<String> {
    const FOREIGN: [&str; 12] = [
        "base", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math",
        "marquee", "portal", "xss",
    ];
    let mut found = Vec::new();
    for node in document.tree.nodes() {
        let Some(element) = node.value().as_element() else {
            continue;
        };
        let name = element.name();
        let describe = || {
            let attrs: Vec<String> = element.attrs().map(|(k, v)| format!("{k}={v:?}")).collect();
            format!("<{name} {}>", attrs.join(" "))
        };
        if FOREIGN.contains(&name) || name.contains("injected") {
            found.push(format!("element {}", describe()));
        }
        if name == "meta" && element.attr("http-equiv").is_some() {
            found.push(format!("refresh or other http-equiv: {}", describe()));
        }
        if name == "script" {
            let data_block = matches!(
                element.attr("type"),
                Some("application/ld+json" | "speculationrules" | "application/json")
            );
            let ours = nonce.is_some() && element.attr("nonce") == nonce;
            if !data_block && !ours {
                found.push(format!("script without our nonce: {}", describe()));
            }
        }
        for (attr, value) in element.attrs() {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") || attr.contains("injected") {
                found.push(format!("attribute {attr} on {}", describe()));
            }
            if matches!(
                attr.as_str(),
                "href" | "src" | "action" | "formaction" | "srcset"
            ) {
                let scheme: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .take(16)
                    .collect::<String>()
                    .to_ascii_lowercase();
                if ["javascript:", "vbscript:", "data:"]
                    .iter()
                    .any(|s| scheme.starts_with(s))
                {
                    found.push(format!("{attr} with a script URL on {}", describe()));
                }
            }
        }
    }
    found
}

/// The value a form field shows: an input's `value`, a textarea's text, a
/// select's chosen option.
pub fn field_value(document: &scraper::Html, name: &str) -> Option<String> {
    let selector = scraper::Selector::parse(&format!(
        "input[name=\"{name}\"], textarea[name=\"{name}\"], select[name=\"{name}\"]"
    ))
    .ok()?;
    let element = document.select(&selector).next()?;
    match element.value().name() {
        "textarea" => Some(element.text().collect()),
        "select" => {
            let chosen = scraper::Selector::parse("option[selected]").ok()?;
            element
                .select(&chosen)
                .next()
                .map(|o| o.value().attr("value").unwrap_or_default().to_string())
        }
        _ => Some(
            element
                .value()
                .attr("value")
                .unwrap_or_default()
                .to_string(),
        ),
    }
}

/// The document's title, as browsers show it.
pub fn title(document: &scraper::Html) -> String {
    let selector = scraper::Selector::parse("title").unwrap();
    document
        .select(&selector)
        .next()
        .map(|t| t.text().collect())
        .unwrap_or_default()
}

/// Text as an HTML parser gives it back: line breaks as "\n" and NUL as
/// U+FFFD (HTML has no way to carry a NUL).
pub fn as_parsed(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\0', "\u{FFFD}")
}

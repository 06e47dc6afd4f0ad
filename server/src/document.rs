//! Pages end at `</html>`. leptos_axum 0.8.10's async renderer appends its
//! data scripts (`__RESOLVED_RESOURCES`, `__INCOMPLETE_CHUNKS`…) after the
//! document, which the HTML standard does not allow ("stray start tag
//! script"); whatever follows `</html>` is moved to just before `</body>`,
//! where browsers run it the same way.

use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;

/// Largest page we rewrite; bigger ones pass as they are.
const MAX_PAGE_BYTES: usize = 4 << 20;

/// `html` with anything after its `</html>` moved before its `</body>`.
pub fn tail_inside_body(html: &str) -> Option<String> {
    let end = html.rfind("</html>")?;
    let tail = &html[end + "</html>".len()..];
    if tail.trim().is_empty() {
        return None;
    }
    let body_end = html[..end].rfind("</body>")?;
    let mut fixed = String::with_capacity(html.len());
    fixed.push_str(&html[..body_end]);
    fixed.push_str(tail.trim());
    fixed.push_str(&html[body_end..end + "</html>".len()]);
    Some(fixed)
}

/// Whether `page` ends with `</html>`, whitespace aside.
fn ends_at_html_end(page: &[u8]) -> bool {
    page.trim_ascii_end().ends_with(b"</html>")
}

/// axum middleware for HTML answers.
pub async fn scripts_inside_body(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
        && !response.headers().contains_key(header::CONTENT_ENCODING);
    if !html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::error!(%error, "could not read a page to tidy its end");
            return Response::from_parts(parts, Body::empty());
        }
    };
    // Most pages already end at </html>: no need to read them as text.
    if ends_at_html_end(&bytes) {
        return Response::from_parts(parts, Body::from(bytes));
    }
    match std::str::from_utf8(&bytes).ok().and_then(tail_inside_body) {
        Some(fixed) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(fixed))
        }
        None => Response::from_parts(parts, Body::from(bytes)),
    }
}

#[cfg(test)]
mod tests {
    use super::{ends_at_html_end, tail_inside_body};

    #[test]
    fn scripts_after_the_document_move_inside_the_body() {
        let page = "<!DOCTYPE html><html><head></head><body><main>ә</main></body></html>\
                    <script>__RESOLVED_RESOURCES=[]</script><script>x()</script>";
        assert_eq!(
            tail_inside_body(page).unwrap(),
            "<!DOCTYPE html><html><head></head><body><main>ә</main>\
             <script>__RESOLVED_RESOURCES=[]</script><script>x()</script></body></html>"
        );
        assert_eq!(tail_inside_body("<html><body></body></html>\n"), None);
        assert_eq!(tail_inside_body("no document"), None);
        assert!(ends_at_html_end(b"<html><body></body></html>\n"));
        assert!(!ends_at_html_end(page.as_bytes()));
    }
}

//! Old addresses that moved: the key a request's path is looked up under,
//! and WordPress's resized copies of uploads. The table is
//! `db::redirects`; the HTTP side asks only for requests no route answers.

use crate::text::url::{decode_bytes, Query};

/// WordPress's query forms of a post, a page and an attachment page.
const ID_PARAMETERS: [&str; 3] = ["p", "page_id", "attachment_id"];

/// The key a path (and query) is stored and looked up under: the path
/// percent-decoded (WordPress writes Cyrillic slugs as `%d0%b0…`, and
/// clients vary the case of the hex), without a trailing slash, plus
/// WordPress's `?p=ID` (or `page_id`, `attachment_id`) when the query
/// holds one; every other query parameter is ignored. `None` for a path
/// that is not UTF-8 or not absolute.
pub fn key(path: &str, query: Option<&str>) -> Option<String> {
    let decoded = String::from_utf8(decode_bytes(path)).ok()?;
    if !decoded.starts_with('/') || decoded.starts_with("//") {
        return None;
    }
    let trimmed = decoded.trim_end_matches('/');
    let mut key = if trimmed.is_empty() { "/" } else { trimmed }.to_string();
    if let Some(query) = query.filter(|q| !q.is_empty()) {
        let query = Query::parse(query);
        let found = ID_PARAMETERS.iter().find_map(|name| {
            let id = query.get(name)?;
            (!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())).then_some((name, id))
        });
        if let Some((name, id)) = found {
            key.push_str(&format!("?{name}={id}"));
        }
    }
    Some(key)
}

/// The key of an absolute or site-relative link (`https://old.kz/a/?p=1`,
/// `/a/`), when it is on the site whose host is `host`.
pub fn key_of_link(link: &str, host: &str) -> Option<String> {
    let rest = match link.split_once("://") {
        Some((_, rest)) => {
            let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            if !same_host(authority, host) {
                return None;
            }
            if path.is_empty() {
                "/"
            } else {
                path
            }
        }
        None if link.starts_with('/') && !link.starts_with("//") => link,
        None => return None,
    };
    let rest = rest.split('#').next().unwrap_or(rest);
    let (path, query) = match rest.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (rest, None),
    };
    key(path, query)
}

/// Whether a URL's authority is `host` (ignoring a port, `www.` and case).
fn same_host(authority: &str, host: &str) -> bool {
    let bare = |h: &str| {
        let h = h.rsplit('@').next().unwrap_or(h);
        let h = h.split(':').next().unwrap_or(h).to_ascii_lowercase();
        h.strip_prefix("www.").map(str::to_string).unwrap_or(h)
    };
    !host.is_empty() && bare(authority) == bare(host)
}

/// The host of a site address ("https://old.kz/blog" → "old.kz").
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split('/').next().unwrap_or("");
    authority
        .rsplit('@')
        .next()
        .unwrap_or(authority)
        .split(':')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// A WordPress upload's resized copy ("…/photo-300x200.jpg", also
/// "…-scaled.jpg") as the key of its original ("…/photo.jpg"), for old
/// links to sizes the import does not store one by one.
pub fn original_upload(key: &str) -> Option<String> {
    if !key.contains("/wp-content/uploads/") {
        return None;
    }
    let (stem, extension) = key.rsplit_once('.')?;
    if extension.contains('/') {
        return None;
    }
    let base = if let Some(base) = stem.strip_suffix("-scaled") {
        base
    } else {
        let (base, size) = stem.rsplit_once('-')?;
        let (w, h) = size.split_once('x')?;
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !(digits(w) && digits(h)) {
            return None;
        }
        base
    };
    Some(format!("{base}.{extension}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_decoded_without_trailing_slash_and_keep_only_the_id_query() {
        assert_eq!(
            key("/2026/11/24/%d0%b0%d0%ba%D0%B8%d0%bc/", None).as_deref(),
            Some("/2026/11/24/аким")
        );
        assert_eq!(key("/", Some("p=42")).as_deref(), Some("/?p=42"));
        assert_eq!(
            key("/", Some("utm_source=tg&page_id=7")).as_deref(),
            Some("/?page_id=7")
        );
        assert_eq!(key("/", Some("p=42abc")).as_deref(), Some("/"));
        assert_eq!(
            key("/category/politika/", Some("utm=x")).as_deref(),
            Some("/category/politika")
        );
        assert_eq!(key("/%FF", None), None, "not UTF-8");
        assert_eq!(key("//evil.example/x", None), None);
        assert_eq!(key("relative", None), None);
    }

    #[test]
    fn links_on_the_old_site_become_keys_and_others_do_not() {
        let host = host_of("https://www.Old-Site.kz/");
        assert_eq!(host, "www.old-site.kz");
        assert_eq!(
            key_of_link("https://old-site.kz/2026/11/24/x/#comments", &host).as_deref(),
            Some("/2026/11/24/x")
        );
        assert_eq!(
            key_of_link("http://www.old-site.kz:8080/?p=12", &host).as_deref(),
            Some("/?p=12")
        );
        assert_eq!(
            key_of_link("https://old-site.kz", &host).as_deref(),
            Some("/")
        );
        assert_eq!(key_of_link("/about/", &host).as_deref(), Some("/about"));
        assert_eq!(key_of_link("https://other.kz/about/", &host), None);
        assert_eq!(key_of_link("https://old-site.kz.evil/x", &host), None);
        assert_eq!(key_of_link("mailto:a@old-site.kz", &host), None);
        assert_eq!(key_of_link("//old-site.kz/x", &host), None);
    }

    #[test]
    fn resized_uploads_lead_to_their_original() {
        assert_eq!(
            original_upload("/wp-content/uploads/2026/11/photo-300x200.jpg").as_deref(),
            Some("/wp-content/uploads/2026/11/photo.jpg")
        );
        assert_eq!(
            original_upload("/wp-content/uploads/2026/11/photo-scaled.jpeg").as_deref(),
            Some("/wp-content/uploads/2026/11/photo.jpeg")
        );
        assert_eq!(
            original_upload("/wp-content/uploads/2026/11/ak-zhol-2x.png"),
            None,
            "a name that only looks like a size"
        );
        assert_eq!(original_upload("/news/photo-300x200.jpg"), None);
        assert_eq!(original_upload("/wp-content/uploads/2026.11/photo"), None);
    }
}

-- A newsroom that moves to Qalam: static pages ("О редакции"), redirects
-- from old addresses, and what each imported WordPress item became.

-- Static pages at /{slug}, edited in the workspace; the footer links to
-- those marked for it. A slug never takes a path the site owns
-- (app::domain::pages::RESERVED).
CREATE TABLE pages (
    id          INTEGER PRIMARY KEY,
    slug        TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    -- The editors' markup, and its sanitised HTML rendered at save.
    body        TEXT    NOT NULL DEFAULT '',
    body_html   TEXT    NOT NULL DEFAULT '',
    published   INTEGER NOT NULL DEFAULT 1 CHECK (published IN (0, 1)),
    in_footer   INTEGER NOT NULL DEFAULT 1 CHECK (in_footer IN (0, 1)),
    position    INTEGER NOT NULL DEFAULT 0,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL,
    CONSTRAINT pages_slug_key UNIQUE (slug)
);

CREATE TRIGGER pages_insert_bumps_version AFTER INSERT ON pages
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER pages_update_bumps_version AFTER UPDATE ON pages
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER pages_delete_bumps_version AFTER DELETE ON pages
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;

-- Old addresses that answer 301: an article whose slug changed, and
-- everything a WordPress import leaves behind (permalinks, ?p=ID,
-- category and tag archives, uploads, feeds). `path` is the old path,
-- percent-decoded, without a trailing slash ("/2026/11/24/аким", "/?p=42");
-- `target` is always a path of this site. Consulted only for requests no
-- route answers, so a live page is never redirected.
CREATE TABLE redirects (
    path        TEXT    PRIMARY KEY,
    target      TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);
CREATE INDEX redirects_target ON redirects (target);

-- What each imported item became, so that importing the same or a newer
-- export again updates instead of duplicating. `source` is the old site's
-- address; `kind` what the item is (post, page, attachment, author,
-- category, tag); `key` its WordPress id (or login, slug, file path);
-- `target_id` the row it became; `fingerprint` a hash of the item as
-- exported; `version` the article version the import wrote (an article
-- edited here since then is not overwritten).
CREATE TABLE wp_imports (
    source       TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    key          TEXT    NOT NULL,
    target_id    BIGINT  NOT NULL,
    fingerprint  TEXT    NOT NULL DEFAULT '',
    version      BIGINT,
    imported_at  BIGINT  NOT NULL,
    PRIMARY KEY (source, kind, key)
);

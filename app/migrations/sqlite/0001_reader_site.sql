-- Categories, authors and articles for the reader site.
-- Times are Unix seconds (UTC) in BIGINT columns: the same on SQLite and
-- PostgreSQL, and decodable through sqlx's Any driver.
-- Flags are 0/1 integers for the same reason.

CREATE TABLE categories (
    id        INTEGER PRIMARY KEY,
    slug      TEXT    NOT NULL,
    name      TEXT    NOT NULL,
    position  INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT categories_slug_key UNIQUE (slug)
);

CREATE TABLE authors (
    id    INTEGER PRIMARY KEY,
    slug  TEXT NOT NULL,
    name  TEXT NOT NULL,
    bio   TEXT NOT NULL DEFAULT '',
    CONSTRAINT authors_slug_key UNIQUE (slug)
);

CREATE TABLE articles (
    id            INTEGER PRIMARY KEY,
    slug          TEXT    NOT NULL,
    title         TEXT    NOT NULL,
    lead          TEXT    NOT NULL DEFAULT '',
    -- The editor's source (light markup) and its sanitised HTML, rendered
    -- once when saved so that serving a page never parses markup.
    body          TEXT    NOT NULL DEFAULT '',
    body_html     TEXT    NOT NULL DEFAULT '',
    category_id   INTEGER NOT NULL REFERENCES categories (id),
    author_id     INTEGER NOT NULL REFERENCES authors (id),
    status        TEXT    NOT NULL DEFAULT 'draft'
                  CHECK (status IN ('draft', 'review', 'scheduled', 'published', 'trashed')),
    breaking      INTEGER NOT NULL DEFAULT 0 CHECK (breaking IN (0, 1)),
    published_at  BIGINT,
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL,
    CONSTRAINT articles_slug_key UNIQUE (slug)
);

-- Newest-first lists (home, ticker): an index range scan from the newest
-- end, and keyset pagination on (published_at, id), never OFFSET scans.
CREATE INDEX articles_status_published ON articles (status, published_at DESC, id DESC);
-- Category pages: the same, per category.
CREATE INDEX articles_category_published ON articles (category_id, status, published_at DESC, id DESC);

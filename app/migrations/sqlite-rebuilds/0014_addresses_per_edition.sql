-- Addresses unique per edition (docs/editions.md): /news/x and /kk/news/x
-- are two articles, as /about and /kk/about are two pages, so a
-- translation may keep its original's slug.
--
-- SQLite cannot drop a table's UNIQUE constraint, so `articles` and
-- `pages` are rebuilt as SQLite's documentation prescribes
-- (https://sqlite.org/lang_altertable.html#otheralter). `db::rebuilds`
-- runs this file before migration 0014, in one transaction, on a
-- connection with foreign keys off: with them on, dropping the old table
-- would delete every revision, tag link and read count through ON DELETE
-- CASCADE (and sqlx runs its own migrations with them on). The other
-- tables' foreign keys name `articles` and `pages`, so they name the new
-- tables once these are renamed. The uniqueness is an index now, which
-- a later change can drop without another rebuild.
CREATE TABLE articles_rebuilt (
    id                INTEGER PRIMARY KEY,
    slug              TEXT    NOT NULL,
    title             TEXT    NOT NULL,
    lead              TEXT    NOT NULL DEFAULT '',
    -- The editor's source (light markup) and its sanitised HTML, rendered
    -- once when saved so that serving a page never parses markup.
    body              TEXT    NOT NULL DEFAULT '',
    body_html         TEXT    NOT NULL DEFAULT '',
    category_id       INTEGER NOT NULL REFERENCES categories (id),
    author_id         INTEGER NOT NULL REFERENCES authors (id),
    status            TEXT    NOT NULL DEFAULT 'draft'
                      CHECK (status IN ('draft', 'review', 'scheduled', 'published', 'trashed')),
    breaking          INTEGER NOT NULL DEFAULT 0 CHECK (breaking IN (0, 1)),
    published_at      BIGINT,
    created_at        BIGINT  NOT NULL,
    updated_at        BIGINT  NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    image_id          INTEGER REFERENCES images (id),
    image_alt         TEXT    NOT NULL DEFAULT '',
    updated_by        INTEGER REFERENCES users (id) ON DELETE SET NULL,
    credit_line       TEXT    NOT NULL DEFAULT '',
    image_caption     TEXT    NOT NULL DEFAULT '',
    image_credit      TEXT    NOT NULL DEFAULT '',
    live_started_at   BIGINT,
    live_ended_at     BIGINT,
    breaking_hours    INTEGER NOT NULL DEFAULT 2,
    breaking_since    BIGINT,
    breaking_until    BIGINT,
    seo_title         TEXT    NOT NULL DEFAULT '',
    seo_description   TEXT    NOT NULL DEFAULT '',
    lang              TEXT    NOT NULL DEFAULT 'ru' CHECK (lang IN ('ru', 'kk')),
    translation_group BIGINT
);
INSERT INTO articles_rebuilt (
    id, slug, title, lead, body, body_html, category_id, author_id, status, breaking,
    published_at, created_at, updated_at, version, image_id, image_alt, updated_by,
    credit_line, image_caption, image_credit, live_started_at, live_ended_at,
    breaking_hours, breaking_since, breaking_until, seo_title, seo_description, lang,
    translation_group)
SELECT
    id, slug, title, lead, body, body_html, category_id, author_id, status, breaking,
    published_at, created_at, updated_at, version, image_id, image_alt, updated_by,
    credit_line, image_caption, image_credit, live_started_at, live_ended_at,
    breaking_hours, breaking_since, breaking_until, seo_title, seo_description, lang,
    translation_group
FROM articles;
DROP TABLE articles;
ALTER TABLE articles_rebuilt RENAME TO articles;

-- The slug first: the view counter and the importer look a slug up in
-- both editions at once.
CREATE UNIQUE INDEX articles_slug_key ON articles (slug, lang);
CREATE UNIQUE INDEX articles_translation ON articles (translation_group, lang);
CREATE INDEX articles_status_published ON articles (status, published_at DESC, id DESC);
CREATE INDEX articles_lang_published ON articles (lang, status, published_at DESC, id DESC);
CREATE INDEX articles_category_published ON articles (category_id, lang, status, published_at DESC, id DESC);
CREATE INDEX articles_scheduled ON articles (status, published_at) WHERE status = 'scheduled';
CREATE INDEX articles_created ON articles (created_at DESC, id DESC);
CREATE INDEX articles_status_created ON articles (status, created_at DESC, id DESC);
CREATE INDEX articles_author_created ON articles (author_id, created_at DESC, id DESC);
CREATE INDEX articles_breaking_bar ON articles (breaking_until) WHERE breaking_until IS NOT NULL;

CREATE TRIGGER articles_insert_bumps_version AFTER INSERT ON articles
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER articles_update_bumps_version AFTER UPDATE ON articles
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER articles_delete_bumps_version AFTER DELETE ON articles
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER articles_publishing_reaches_links AFTER UPDATE OF status, published_at ON articles
WHEN OLD.status IS NOT NEW.status OR OLD.published_at IS NOT NEW.published_at
BEGIN
    UPDATE article_tags
       SET published_at = CASE WHEN NEW.status = 'published' THEN NEW.published_at END
     WHERE article_id = NEW.id;
    UPDATE article_authors
       SET published_at = CASE WHEN NEW.status = 'published' THEN NEW.published_at END
     WHERE article_id = NEW.id;
END;
CREATE TRIGGER articles_language_reaches_links AFTER UPDATE OF lang ON articles
WHEN OLD.lang IS NOT NEW.lang
BEGIN
    UPDATE article_tags SET lang = NEW.lang WHERE article_id = NEW.id;
    UPDATE article_authors SET lang = NEW.lang WHERE article_id = NEW.id;
END;

CREATE TABLE pages_rebuilt (
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
    lang        TEXT    NOT NULL DEFAULT 'ru' CHECK (lang IN ('ru', 'kk'))
);
INSERT INTO pages_rebuilt (id, slug, title, body, body_html, published, in_footer, position,
                           created_at, updated_at, lang)
SELECT id, slug, title, body, body_html, published, in_footer, position,
       created_at, updated_at, lang
FROM pages;
DROP TABLE pages;
ALTER TABLE pages_rebuilt RENAME TO pages;
CREATE UNIQUE INDEX pages_slug_key ON pages (slug, lang);
CREATE TRIGGER pages_insert_bumps_version AFTER INSERT ON pages
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER pages_update_bumps_version AFTER UPDATE ON pages
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER pages_delete_bumps_version AFTER DELETE ON pages
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;


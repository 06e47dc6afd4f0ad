-- Found and shared: full-text search, tags, author pages, sitemaps.

-- Search. The app reduces every word of an article's title, lead and body
-- to its Snowball stem (app/src/search.rs) and stores the stems here, so
-- FTS5 matches "выборах" to "выборы". Contentless: the text itself stays in
-- articles; the rowid is the article's id.
CREATE VIRTUAL TABLE article_search USING fts5(
    title, lead, body,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);

CREATE TABLE tags (
    id    INTEGER PRIMARY KEY,
    slug  TEXT NOT NULL,
    name  TEXT NOT NULL,
    CONSTRAINT tags_slug_key UNIQUE (slug)
);

CREATE TABLE article_tags (
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag_id      INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    -- The order the editor typed them in.
    position    INTEGER NOT NULL,
    PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tags_tag ON article_tags (tag_id, article_id);

-- A revision keeps the tags it had, as the editor typed them ("a, b").
ALTER TABLE article_revisions ADD COLUMN tags TEXT NOT NULL DEFAULT '';

-- An author's photo on their page.
ALTER TABLE authors ADD COLUMN photo_id INTEGER REFERENCES images (id);

-- Author pages: newest first per author, as category pages.
CREATE INDEX articles_author_published ON articles (author_id, status, published_at DESC, id DESC);

-- The newsroom's daily craft: bylines with several authors and a credit
-- line, the featured image's caption and credit, corrections, and view
-- counts for "Самое читаемое".

-- "Фото: …", "Перевод: …": a free-text line under the byline.
ALTER TABLE articles ADD COLUMN credit_line TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN image_caption TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN image_credit TEXT NOT NULL DEFAULT '';
ALTER TABLE article_revisions ADD COLUMN credit_line TEXT NOT NULL DEFAULT '';
ALTER TABLE article_revisions ADD COLUMN image_caption TEXT NOT NULL DEFAULT '';
ALTER TABLE article_revisions ADD COLUMN image_credit TEXT NOT NULL DEFAULT '';
-- A revision keeps its co-authors as author ids in order ("3,7").
ALTER TABLE article_revisions ADD COLUMN coauthors TEXT NOT NULL DEFAULT '';

-- Every author of an article, in byline order: position 0 is
-- articles.author_id, the others are co-authors. Author pages read it.
CREATE TABLE article_authors (
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    author_id   INTEGER NOT NULL REFERENCES authors (id),
    position    INTEGER NOT NULL,
    PRIMARY KEY (article_id, author_id)
);
CREATE INDEX article_authors_author ON article_authors (author_id, article_id);
INSERT INTO article_authors (article_id, author_id, position)
    SELECT id, author_id, 0 FROM articles;

-- Dated correction notes on published articles. Never edited or deleted:
-- a correction is part of the record. `version` is the article version
-- it came with, so the revisions page shows it in its place.
CREATE TABLE article_corrections (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    note        TEXT    NOT NULL,
    created_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at  BIGINT  NOT NULL
);
CREATE INDEX article_corrections_article ON article_corrections (article_id, created_at);
CREATE INDEX article_corrections_recent ON article_corrections (created_at DESC, id DESC);

-- Reads per article per hour (the hour's first second, UTC). Each node
-- counts in memory and adds its counts here in batches, so nodes merge
-- by addition; no address or cookie is ever stored.
CREATE TABLE article_views (
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    hour        BIGINT  NOT NULL,
    views       BIGINT  NOT NULL,
    PRIMARY KEY (article_id, hour)
);
CREATE INDEX article_views_hour ON article_views (hour, article_id);

-- Responsive sizes of uploaded images (domain::images::WIDTHS), as WebP
-- and JPEG, made at upload; served at /media/{id}/{width}.{webp|jpg}.
CREATE TABLE image_variants (
    image_id  INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
    width     INTEGER NOT NULL,
    format    TEXT    NOT NULL CHECK (format IN ('webp', 'jpg')),
    height    INTEGER NOT NULL,
    bytes     BLOB    NOT NULL,
    PRIMARY KEY (image_id, width, format)
);

-- Static pages, author and tag pages per edition (docs/editions.md).
--
-- Static pages per edition (docs/editions.md): a Kazakh page answers at
-- /kk/{slug}, a Russian one at /{slug}. Addresses stay unique across
-- both editions (pages_slug_key), so an old link never changes edition.
ALTER TABLE pages ADD COLUMN lang TEXT NOT NULL DEFAULT 'ru' CHECK (lang IN ('ru', 'kk'));

-- Author and tag pages per edition: the link tables carry their
-- article's language beside its publish time (migration 0009), so an
-- author's or a tag's newest articles in one edition are one index range
-- (filtering after the index would walk every Russian article of an
-- author to find their few Kazakh ones). New links copy it from the
-- article (db::tags, db::authors); the trigger follows a change of an
-- article's language (an unpublished draft may change edition).
ALTER TABLE article_tags ADD COLUMN lang TEXT NOT NULL DEFAULT 'ru';
ALTER TABLE article_authors ADD COLUMN lang TEXT NOT NULL DEFAULT 'ru';
UPDATE article_tags SET lang = 'kk'
 WHERE article_id IN (SELECT id FROM articles WHERE lang = 'kk');
UPDATE article_authors SET lang = 'kk'
 WHERE article_id IN (SELECT id FROM articles WHERE lang = 'kk');
DROP INDEX article_tags_published;
DROP INDEX article_authors_published;
CREATE INDEX article_tags_published ON article_tags (tag_id, lang, published_at DESC, article_id DESC);
CREATE INDEX article_authors_published ON article_authors (author_id, lang, published_at DESC, article_id DESC);

CREATE TRIGGER articles_language_reaches_links AFTER UPDATE OF lang ON articles
WHEN OLD.lang IS NOT NEW.lang
BEGIN
    UPDATE article_tags SET lang = NEW.lang WHERE article_id = NEW.id;
    UPDATE article_authors SET lang = NEW.lang WHERE article_id = NEW.id;
END;

-- An author's bio in Kazakh, for their Kazakh page.
ALTER TABLE authors ADD COLUMN bio_kk TEXT NOT NULL DEFAULT '';

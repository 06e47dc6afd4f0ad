-- Addresses unique per edition (docs/editions.md): /news/x and /kk/news/x
-- are two articles, as /about and /kk/about are two pages, so a
-- translation may keep its original's slug. The slug stays first in the
-- key: the view counter and the importer look a slug up in both
-- editions at once. The new index is built before the old one goes, so
-- the slug is never unguarded.
CREATE UNIQUE INDEX articles_slug_lang ON articles (slug, lang);
ALTER TABLE articles DROP CONSTRAINT articles_slug_key;
ALTER INDEX articles_slug_lang RENAME TO articles_slug_key;

CREATE UNIQUE INDEX pages_slug_lang ON pages (slug, lang);
ALTER TABLE pages DROP CONSTRAINT pages_slug_key;
ALTER INDEX pages_slug_lang RENAME TO pages_slug_key;

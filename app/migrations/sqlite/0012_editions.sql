-- The Kazakh edition beside the Russian one (docs/editions.md).
--
-- Every article has a language; translations share a translation group
-- (the id of the group's first article), at most one article per
-- language in a group. NULLs are distinct in a unique index, so an
-- article without translations needs no group.
ALTER TABLE articles ADD COLUMN lang TEXT NOT NULL DEFAULT 'ru' CHECK (lang IN ('ru', 'kk'));
ALTER TABLE articles ADD COLUMN translation_group BIGINT;
CREATE UNIQUE INDEX articles_translation ON articles (translation_group, lang);

-- An edition's newest (home, ticker, feed, the home page's lead): the
-- edition's range of the old status index.
CREATE INDEX articles_lang_published ON articles (lang, status, published_at DESC, id DESC);
-- A category's pages are per edition: the category index gains the
-- language after the category.
DROP INDEX articles_category_published;
CREATE INDEX articles_category_published ON articles (category_id, lang, status, published_at DESC, id DESC);

-- A category's name and address in Kazakh; a category without them does
-- not appear on Kazakh pages.
ALTER TABLE categories ADD COLUMN name_kk TEXT NOT NULL DEFAULT '';
ALTER TABLE categories ADD COLUMN slug_kk TEXT;
CREATE UNIQUE INDEX categories_slug_kk ON categories (slug_kk);

-- Search at scale (docs/search.md): only published articles are indexed,
-- under an order key of publication time and id (rowid), so each index's
-- own order is newest-published first; one index per ranking tier
-- (headline, lead, everything), so no tier is a column filter; stems are
-- the app's (Russian or Kazakh by the article's language, Kazakh letters
-- folded), with names as written and the edition's token in `names`.
-- The server indexes every published article again at its first start.
DROP TABLE article_search;

CREATE TABLE search_keys (
    article_id  INTEGER PRIMARY KEY,
    key         INTEGER NOT NULL UNIQUE
);

CREATE VIRTUAL TABLE search_title USING fts5(
    words, names,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);
CREATE VIRTUAL TABLE search_lead USING fts5(
    words, names,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);
-- Everything: the parts in their own columns, so a quoted phrase never
-- runs from the headline into the lead (no query filters by column).
CREATE VIRTUAL TABLE search_all USING fts5(
    title, lead, body, names,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);

-- The indexed stems with their counts of articles, for typo corrections:
-- refreshed from the index (search_all_vocab) in the background, and found
-- by shared trigrams.
CREATE VIRTUAL TABLE search_all_vocab USING fts5vocab(search_all, 'row');
CREATE TABLE search_terms (
    id    INTEGER PRIMARY KEY,
    term  TEXT    NOT NULL UNIQUE,
    docs  INTEGER NOT NULL
);
CREATE VIRTUAL TABLE search_terms_trigram USING fts5(
    term,
    content = 'search_terms',
    content_rowid = 'id',
    tokenize = 'trigram'
);

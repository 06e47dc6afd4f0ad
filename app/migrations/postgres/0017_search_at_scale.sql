-- Search at scale (docs/search.md): only published articles are indexed,
-- each with an order key of publication time and id; one tsvector (and
-- GIN index) per ranking tier (headline, lead, everything), of the app's
-- stems (Russian or Kazakh by the article's language, Kazakh letters
-- folded) through the `simple` configuration, with names as written.
-- The server indexes every published article again at its first start.
-- pg_trgm is a trusted extension: the database's owner may create it.
DROP TABLE article_search;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE article_search (
    article_id  BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    key         BIGINT NOT NULL,
    lang        TEXT   NOT NULL,
    title_doc   TSVECTOR NOT NULL,
    lead_doc    TSVECTOR NOT NULL,
    document    TSVECTOR NOT NULL
);
CREATE UNIQUE INDEX article_search_key ON article_search (key);
-- The walk: an edition's newest first.
CREATE INDEX article_search_edition_key ON article_search (lang, key);
CREATE INDEX article_search_title ON article_search USING GIN (title_doc);
CREATE INDEX article_search_lead ON article_search USING GIN (lead_doc);
CREATE INDEX article_search_document ON article_search USING GIN (document);

-- The indexed stems with their counts of articles, for typo corrections:
-- refreshed from the index (ts_stat) in the background, found by trigrams.
CREATE TABLE search_terms (
    id    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    term  TEXT   NOT NULL UNIQUE,
    docs  BIGINT NOT NULL
);
CREATE INDEX search_terms_trigram ON search_terms USING GIST (term gist_trgm_ops);

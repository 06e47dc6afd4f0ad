-- PostgreSQL twin of migrations/sqlite/0009_hot_queries.sql: reader
-- queries served by an index for their filter and their order (tag and
-- author pages through the link tables' copy of the publish time).

ALTER TABLE article_tags ADD COLUMN published_at BIGINT;
ALTER TABLE article_authors ADD COLUMN published_at BIGINT;
UPDATE article_tags t
   SET published_at = CASE WHEN a.status = 'published' THEN a.published_at END
  FROM articles a WHERE a.id = t.article_id;
UPDATE article_authors t
   SET published_at = CASE WHEN a.status = 'published' THEN a.published_at END
  FROM articles a WHERE a.id = t.article_id;
DROP INDEX article_tags_tag;
DROP INDEX article_authors_author;
CREATE INDEX article_tags_published ON article_tags (tag_id, published_at DESC, article_id DESC);
CREATE INDEX article_authors_published ON article_authors (author_id, published_at DESC, article_id DESC);

CREATE FUNCTION links_follow_publishing() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status
       OR NEW.published_at IS DISTINCT FROM OLD.published_at THEN
        UPDATE article_tags
           SET published_at = CASE WHEN NEW.status = 'published' THEN NEW.published_at END
         WHERE article_id = NEW.id;
        UPDATE article_authors
           SET published_at = CASE WHEN NEW.status = 'published' THEN NEW.published_at END
         WHERE article_id = NEW.id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER articles_publishing_reaches_links AFTER UPDATE OF status, published_at ON articles
    FOR EACH ROW EXECUTE FUNCTION links_follow_publishing();

DROP INDEX articles_author_published;

CREATE INDEX live_events_created ON live_events (created_at);

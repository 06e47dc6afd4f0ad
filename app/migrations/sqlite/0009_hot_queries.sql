-- Reader queries that cannot fall off a cliff at a million articles: every
-- query a reader page, the ticker, the event stream or a background loop
-- runs is served by an index for its filter and its order, whatever the
-- planner's statistics say (app/src/db/plans.rs lists them; the plan guard
-- in server/tests/plans.rs checks each).

-- Tag and author pages list articles by publish time. The link tables
-- carry it (NULL while the article is not published), so a tag's or an
-- author's newest articles are one index range, newest first, instead of
-- every article of the tag sorted, or every article of the site walked.
-- New links copy it from the article (db::tags, db::authors); the trigger
-- below follows every later change of status or time (saves, unpublishing,
-- the scheduler's publishing).
ALTER TABLE article_tags ADD COLUMN published_at BIGINT;
ALTER TABLE article_authors ADD COLUMN published_at BIGINT;
UPDATE article_tags SET published_at = (
    SELECT CASE WHEN a.status = 'published' THEN a.published_at END
    FROM articles a WHERE a.id = article_tags.article_id);
UPDATE article_authors SET published_at = (
    SELECT CASE WHEN a.status = 'published' THEN a.published_at END
    FROM articles a WHERE a.id = article_authors.article_id);
DROP INDEX article_tags_tag;
DROP INDEX article_authors_author;
CREATE INDEX article_tags_published ON article_tags (tag_id, published_at DESC, article_id DESC);
CREATE INDEX article_authors_published ON article_authors (author_id, published_at DESC, article_id DESC);

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

-- Author pages read article_authors since 0006: the first author's own
-- index only cost every write.
DROP INDEX articles_author_published;

-- Pushed events are forgotten by age (the scheduler, hourly).
CREATE INDEX live_events_created ON live_events (created_at);

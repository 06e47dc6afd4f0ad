-- PostgreSQL twin of migrations/sqlite/0002_content_version.sql: a counter
-- bumped by every change to what readers see; every app server polls it
-- and empties its page cache when it moves. Statement-level triggers: a
-- bulk insert bumps it once, not once per row.

CREATE TABLE content_version (
    id       BIGINT PRIMARY KEY CHECK (id = 1),
    version  BIGINT NOT NULL
);
INSERT INTO content_version (id, version) VALUES (1, 0);

CREATE FUNCTION bump_content_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE content_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER articles_bump_version AFTER INSERT OR UPDATE OR DELETE ON articles
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER categories_bump_version AFTER INSERT OR UPDATE OR DELETE ON categories
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER authors_bump_version AFTER INSERT OR UPDATE OR DELETE ON authors
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();

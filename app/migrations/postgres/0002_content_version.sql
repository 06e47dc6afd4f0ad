-- PostgreSQL twin of migrations/sqlite/0002_content_version.sql: a counter
-- bumped by every change to what readers see; every app server polls it
-- and empties its page cache when it moves.
--
-- Statement-level triggers, so a bulk insert bumps it once, not once per
-- row. Unlike SQLite's row triggers, a statement trigger also fires for
-- a statement that changed nothing (the scheduler's UPDATE runs every
-- second on every node and usually matches no row): the transition table
-- `changed` says whether any row did, and only then is the counter moved.

CREATE TABLE content_version (
    id       BIGINT PRIMARY KEY CHECK (id = 1),
    version  BIGINT NOT NULL
);
INSERT INTO content_version (id, version) VALUES (1, 0);

CREATE FUNCTION bump_content_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM changed) THEN
        UPDATE content_version SET version = version + 1 WHERE id = 1;
    END IF;
    RETURN NULL;
END
$$;

-- A trigger with a transition table can have only one event: three per table.
CREATE TRIGGER articles_insert_bumps_version AFTER INSERT ON articles
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER articles_update_bumps_version AFTER UPDATE ON articles
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER articles_delete_bumps_version AFTER DELETE ON articles
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER categories_insert_bumps_version AFTER INSERT ON categories
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER categories_update_bumps_version AFTER UPDATE ON categories
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER categories_delete_bumps_version AFTER DELETE ON categories
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER authors_insert_bumps_version AFTER INSERT ON authors
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER authors_update_bumps_version AFTER UPDATE ON authors
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER authors_delete_bumps_version AFTER DELETE ON authors
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();

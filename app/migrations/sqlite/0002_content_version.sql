-- A counter bumped by every change to what readers see. App servers poll it
-- (one tiny query a few times a second) and drop their page caches when it
-- moves, so a change made by any process or node reaches every cache.

CREATE TABLE content_version (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    version  BIGINT  NOT NULL
);
INSERT INTO content_version (id, version) VALUES (1, 0);

CREATE TRIGGER articles_insert_bumps_version AFTER INSERT ON articles
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER articles_update_bumps_version AFTER UPDATE ON articles
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER articles_delete_bumps_version AFTER DELETE ON articles
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER categories_insert_bumps_version AFTER INSERT ON categories
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER categories_update_bumps_version AFTER UPDATE ON categories
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER categories_delete_bumps_version AFTER DELETE ON categories
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER authors_insert_bumps_version AFTER INSERT ON authors
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER authors_update_bumps_version AFTER UPDATE ON authors
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER authors_delete_bumps_version AFTER DELETE ON authors
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;

-- Addresses unique per edition (docs/editions.md). On SQLite the tables
-- were rebuilt just before this migration, by `db::rebuilds` with
-- foreign keys off (migrations/sqlite-rebuilds/0014_…): sqlx runs this
-- file in a transaction with them on, where a rebuild would cascade.
-- Cached pages made before the rebuild are stale by construction.
UPDATE content_version SET version = version + 1 WHERE id = 1;

-- Live coverage: live stories with their updates, and the breaking-news
-- bar that reaches the pages readers have open.

-- A story is live from live_started_at until live_ended_at (NULL: still
-- live); an ended story keeps both, and reads «Трансляция завершена».
ALTER TABLE articles ADD COLUMN live_started_at BIGINT;
ALTER TABLE articles ADD COLUMN live_ended_at BIGINT;
-- The breaking bar: shown for a published breaking article from
-- breaking_since until breaking_until (domain::live decides both; taking
-- the bar down sets breaking_until to that moment). breaking_hours is the
-- editor's choice, 2 unless changed.
ALTER TABLE articles ADD COLUMN breaking_hours INTEGER NOT NULL DEFAULT 2;
ALTER TABLE articles ADD COLUMN breaking_since BIGINT;
ALTER TABLE articles ADD COLUMN breaking_until BIGINT;

-- A live story's updates («записи»): a short headline (optional), a body in
-- the editors' markup and its HTML, the byline, and a pin to the top.
CREATE TABLE live_updates (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    headline    TEXT    NOT NULL DEFAULT '',
    body        TEXT    NOT NULL,
    body_html   TEXT    NOT NULL,
    author_id   INTEGER NOT NULL REFERENCES authors (id),
    pinned      INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    created_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL
);
CREATE INDEX live_updates_article ON live_updates (article_id, created_at DESC, id DESC);

CREATE TRIGGER live_updates_insert_bumps_version AFTER INSERT ON live_updates
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER live_updates_update_bumps_version AFTER UPDATE ON live_updates
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER live_updates_delete_bumps_version AFTER DELETE ON live_updates
BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;

-- What changed in live stories, in order, for the pages readers have
-- open: written in the transaction of the change; every node reads the
-- new ones when content_version moves and pushes them down its streams.
CREATE TABLE live_events (
    id          INTEGER PRIMARY KEY,
    article_id  BIGINT  NOT NULL,
    update_id   BIGINT,
    kind        TEXT    NOT NULL CHECK (kind IN ('update', 'remove', 'started', 'ended')),
    created_at  BIGINT  NOT NULL
);

-- The breaking bar's question on every uncached page: which published
-- story's bar is up now. Only flagged stories are in this index.
CREATE INDEX articles_breaking_bar ON articles (breaking_until) WHERE breaking_until IS NOT NULL;

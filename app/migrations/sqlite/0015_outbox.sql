-- Reaching readers where they are (docs/reach.md): one durable outbox
-- for everything that leaves the site, and the Telegram channels it
-- posts to.

-- Telegram channels of an edition, or of one category in it. Rows from
-- QALAM_TELEGRAM_CHANNELS (`from_env`) follow the variable at every
-- start; admins add and remove the others in the workspace.
CREATE TABLE telegram_channels (
    id          INTEGER PRIMARY KEY,
    lang        TEXT    NOT NULL CHECK (lang IN ('ru', 'kk')),
    category_id INTEGER REFERENCES categories (id) ON DELETE CASCADE,
    chat        TEXT    NOT NULL,
    from_env    INTEGER NOT NULL DEFAULT 0 CHECK (from_env IN (0, 1)),
    created_at  BIGINT  NOT NULL
);
-- NULLs are distinct in a unique index: an edition-wide channel counts
-- as category 0.
CREATE UNIQUE INDEX telegram_channels_key
    ON telegram_channels (lang, COALESCE(category_id, 0), chat);

-- Per article: «Не публиковать в Telegram», and a text of its own
-- instead of the headline and the lead.
ALTER TABLE articles ADD COLUMN telegram_skip INTEGER NOT NULL DEFAULT 0 CHECK (telegram_skip IN (0, 1));
ALTER TABLE articles ADD COLUMN telegram_text TEXT NOT NULL DEFAULT '';

-- The outbox. A change that must reach a peer (publishing, a correction
-- or a new headline, unpublishing) writes its deliveries in the same
-- transaction as the change; a sender on any node claims due ones with
-- a lease (`lease_until`), sends them, and keeps the result. What is
-- sent is read at send time, so a delivery that waited sends the
-- article as it is then. No foreign key to the article: a delete must
-- outlive it.
CREATE TABLE deliveries (
    id           INTEGER PRIMARY KEY,
    -- The peer: 'telegram'.
    peer         TEXT    NOT NULL,
    action       TEXT    NOT NULL CHECK (action IN ('post', 'edit', 'delete')),
    article_id   BIGINT  NOT NULL,
    -- Where: the chat.
    target       TEXT    NOT NULL,
    -- Breaking news goes ahead of the queue.
    urgent       INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
    state        TEXT    NOT NULL DEFAULT 'pending'
                 CHECK (state IN ('pending', 'sent', 'failed', 'skipped')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    due_at       BIGINT  NOT NULL,
    lease_until  BIGINT,
    leased_by    TEXT,
    -- The peer's answer: Telegram's message_id.
    peer_ref     TEXT,
    -- What the workspace shows: the last error, or why it was skipped.
    outcome      TEXT    NOT NULL DEFAULT '',
    created_at   BIGINT  NOT NULL,
    done_at      BIGINT
);
-- The sender's claim: due pending deliveries, urgent first, oldest first.
CREATE INDEX deliveries_due ON deliveries (urgent DESC, due_at, id) WHERE state = 'pending';
-- The workspace's list per article, and finding an article's posts.
CREATE INDEX deliveries_article ON deliveries (article_id, id);

-- The message each article has in each chat, for edits and deletes.
CREATE TABLE telegram_messages (
    article_id  BIGINT  NOT NULL,
    chat        TEXT    NOT NULL,
    message_id  BIGINT  NOT NULL,
    -- Whether it went out as a photo (edits change its caption).
    with_photo  INTEGER NOT NULL CHECK (with_photo IN (0, 1)),
    sent_at     BIGINT  NOT NULL,
    PRIMARY KEY (article_id, chat)
);

-- Push notifications and search engines (docs/reach.md).

-- What the site makes once and keeps: the IndexNow key, the VAPID key
-- pair, the admins' choices (the AI crawlers' policy). Secrets here are
-- never shown in the workspace after they are set.
CREATE TABLE site_settings (
    name        TEXT    PRIMARY KEY,
    value       TEXT    NOT NULL,
    updated_at  BIGINT  NOT NULL
);

-- A browser's Web Push subscription to one topic: 'breaking:ru',
-- 'breaking:kk' (an edition's breaking news) or 'live:ID' (a live
-- story's key updates). No cookie or account: the endpoint and its keys
-- are all there is.
CREATE TABLE push_subscriptions (
    id          INTEGER PRIMARY KEY,
    topic       TEXT    NOT NULL,
    endpoint    TEXT    NOT NULL,
    -- The browser's P-256 public key and auth secret (RFC 8291), base64url.
    p256dh      TEXT    NOT NULL,
    auth        TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);
CREATE UNIQUE INDEX push_subscriptions_key ON push_subscriptions (topic, endpoint);

-- «Важное»: a live update its followers get a push for (pinned ones too).
ALTER TABLE live_updates ADD COLUMN important INTEGER NOT NULL DEFAULT 0 CHECK (important IN (0, 1));
-- The sender's pages of one topic.
CREATE INDEX push_subscriptions_topic ON push_subscriptions (topic, id);

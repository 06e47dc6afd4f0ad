-- Editors: accounts with roles, server-side sessions, sign-in throttling,
-- uploaded images, and revisions with optimistic concurrency for articles.

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    -- Stored lower-case; users sign in with it.
    login          TEXT    NOT NULL,
    name           TEXT    NOT NULL,
    role           TEXT    NOT NULL CHECK (role IN ('admin', 'editor', 'author')),
    -- argon2id, PHC string format (algorithm, parameters and salt included).
    password_hash  TEXT    NOT NULL,
    -- The byline this user's articles carry.
    author_id      INTEGER NOT NULL REFERENCES authors (id),
    created_at     BIGINT  NOT NULL,
    CONSTRAINT users_login_key UNIQUE (login)
);

-- Server-side sessions. The cookie carries a random token; only its SHA-256
-- is stored, so a copy of the database does not let anyone sign in.
CREATE TABLE sessions (
    token_hash    TEXT    PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    BIGINT  NOT NULL,
    last_seen_at  BIGINT  NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Failed sign-ins per key ('login:NAME' or 'ip:ADDRESS'), for throttling.
CREATE TABLE sign_in_failures (
    key              TEXT    PRIMARY KEY,
    failures         INTEGER NOT NULL,
    last_failure_at  BIGINT  NOT NULL
);

-- Uploaded images live in the database so that every app server can serve
-- them. Rows are never changed: a new upload is a new id, so a URL can be
-- cached forever.
CREATE TABLE images (
    id            INTEGER PRIMARY KEY,
    content_type  TEXT    NOT NULL,
    width         INTEGER NOT NULL,
    height        INTEGER NOT NULL,
    bytes         BLOB    NOT NULL,
    uploaded_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at    BIGINT  NOT NULL
);

-- version: bumped by every save; a save names the version it started from
-- and is refused if another save came first.
ALTER TABLE articles ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE articles ADD COLUMN image_id INTEGER REFERENCES images (id);
ALTER TABLE articles ADD COLUMN image_alt TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL;

-- The scheduler's query: due scheduled articles.
CREATE INDEX articles_scheduled ON articles (status, published_at) WHERE status = 'scheduled';

-- Every save keeps the version it replaced.
CREATE TABLE article_revisions (
    id            INTEGER PRIMARY KEY,
    article_id    INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    version       INTEGER NOT NULL,
    slug          TEXT    NOT NULL,
    title         TEXT    NOT NULL,
    lead          TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    category_id   INTEGER NOT NULL,
    status        TEXT    NOT NULL,
    breaking      INTEGER NOT NULL,
    published_at  BIGINT,
    image_id      INTEGER,
    image_alt     TEXT    NOT NULL,
    -- Who made this version, and when.
    saved_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    saved_at      BIGINT  NOT NULL
);
CREATE INDEX article_revisions_article ON article_revisions (article_id, version DESC);

-- Who has an article open in the workspace: one row per open form (a
-- browser tab), kept alive by that tab's workspace stream and gone within
-- 60 s of the tab closing (server/src/presence.rs). `taken_by` marks a
-- tab whose article another editor took over; the tab is told and leaves.
CREATE TABLE article_presence (
    tab         TEXT   PRIMARY KEY,
    article_id  BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    since       BIGINT NOT NULL,
    seen_at     BIGINT NOT NULL,
    taken_by    BIGINT,
    taken_at    BIGINT
);
CREATE INDEX article_presence_article ON article_presence (article_id);

-- An article form posted after its session ended (JavaScript off): kept
-- for at most 24 hours and 2 MB, found only by the random token that
-- travels in the sign-in redirect (the table keeps its SHA-256).
CREATE TABLE form_stash (
    token_hash  TEXT   PRIMARY KEY,
    article_id  BIGINT,
    form        TEXT   NOT NULL,
    bytes       BIGINT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX form_stash_created ON form_stash (created_at);

-- What search engines and messengers show for an article when the editor
-- wants something other than the headline and the lead (empty: those).
ALTER TABLE articles ADD COLUMN seo_title TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN seo_description TEXT NOT NULL DEFAULT '';
ALTER TABLE article_revisions ADD COLUMN seo_title TEXT NOT NULL DEFAULT '';
ALTER TABLE article_revisions ADD COLUMN seo_description TEXT NOT NULL DEFAULT '';

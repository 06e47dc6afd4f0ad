-- The editors' desk: what an editor typed and has not saved yet, one slot
-- per article and editor, written by autosave within seconds of typing.
-- A slot never changes what readers see; a real save empties it.
CREATE TABLE article_drafts (
    article_id    BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The whole form as typed (domain::articles::ArticleForm, JSON).
    form          TEXT   NOT NULL,
    -- The article's version the editor was typing over.
    base_version  BIGINT NOT NULL,
    saved_at      BIGINT NOT NULL,
    PRIMARY KEY (article_id, user_id)
);
CREATE INDEX article_drafts_user ON article_drafts (user_id);

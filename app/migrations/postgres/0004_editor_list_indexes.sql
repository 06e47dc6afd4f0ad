-- The editors' list is newest first (by creation), optionally by status or
-- author: these indexes let it read one page without sorting the table.
CREATE INDEX articles_created ON articles (created_at DESC, id DESC);
CREATE INDEX articles_status_created ON articles (status, created_at DESC, id DESC);
CREATE INDEX articles_author_created ON articles (author_id, created_at DESC, id DESC);

-- Saved views of the case list (我的视图, issue 12 item 4): a user's named query string of the
-- list (filters, sort, page size). A view holds no cases: opening it runs the list again under
-- the user's visibility of the day. At most 20 a user, names 1–40 characters (checked by the
-- app). No index was needed for the list's column sorts: they are the orders the store already
-- walks by index (registration, received day both ways, deadline soonest first).
CREATE TABLE saved_views (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX saved_views_user ON saved_views (user_id, id);

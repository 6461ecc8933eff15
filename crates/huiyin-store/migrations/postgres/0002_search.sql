-- Full-text index over jieba-segmented tokens (huiyin-text); the 'simple' configuration
-- splits on spaces and lowercases, matching SQLite's unicode61 over the same tokens.
CREATE TABLE case_fts (
    case_id BIGINT PRIMARY KEY REFERENCES cases(id),
    tokens TEXT NOT NULL
);
CREATE INDEX case_fts_tokens ON case_fts USING gin (to_tsvector('simple', tokens));

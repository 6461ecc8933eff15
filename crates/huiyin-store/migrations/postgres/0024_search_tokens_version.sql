-- The version of the rules that wrote the full-text rows' text tokens
-- (`huiyin_text::INDEX_TOKENS_VERSION`, issue 12): version 2 indexes every bigram of every
-- Chinese run, so a passage across word boundaries is found. A database without cases is
-- written by version 2 from now on; one with cases holds version-1 rows until `huiyin serve`
-- has rewritten them in the background (`search_scope.rs`, the app's `search_upgrade.rs`).
INSERT INTO settings (key, value, updated_at)
SELECT 'search_tokens_version', CASE WHEN EXISTS (SELECT 1 FROM cases) THEN '1' ELSE '2' END, 0;

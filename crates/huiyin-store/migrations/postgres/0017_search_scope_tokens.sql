-- Scope tokens in the full-text index (issue 18, `search_scope.rs`): from now on every case's
-- full-text row names each unit the case is visible to. A database without cases has no row
-- without them, so its searches use them at once; a database written before keeps searching
-- without them until `huiyin serve` has rewritten every row (text tokens are computed in Rust
-- from each case's texts and names: SQL cannot segment Chinese, and FTS5 keeps no content)
-- and set this setting.
INSERT INTO settings (key, value, updated_at)
SELECT 'search_scope_tokens', '1', 0 WHERE NOT EXISTS (SELECT 1 FROM cases);

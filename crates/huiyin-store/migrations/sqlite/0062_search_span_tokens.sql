-- Full-text rows carry a span token (`hyspan12`: the span of 10,000 case ids the case's id
-- falls in; index tokens version 3, `huiyin_text::SPAN_CASES`), so a search newest first
-- asks the index for the words in the newest spans (issue 18, `search_spans.rs`). A database
-- without cases is written by version 3 from now on; one with cases keeps its version until
-- `huiyin serve` has rewritten its rows in the background (`search_upgrade.rs`), and its
-- searches do not use span tokens until then.
UPDATE settings SET value = '3'
WHERE key = 'search_tokens_version' AND NOT EXISTS (SELECT 1 FROM cases);

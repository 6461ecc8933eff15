-- Full-text index over jieba-segmented tokens (huiyin-text), contentless: the segmented text
-- repeats sub-words and is not for display. rowid = case id.
CREATE VIRTUAL TABLE case_fts USING fts5(tokens, content='', contentless_delete=1, tokenize='unicode61');

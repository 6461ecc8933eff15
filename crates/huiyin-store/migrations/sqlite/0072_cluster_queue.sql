-- The cluster signal is judged after the registration's commit (issue 13 item 6): the
-- registration writes its case's row here in its own transaction, so no judgement is lost to
-- a crash, and the judge deletes it in the transaction that writes the warnings it raised or
-- joined (`cluster_queue.rs`).
CREATE TABLE cluster_queue (
    case_id BIGINT PRIMARY KEY REFERENCES cases(id)
);

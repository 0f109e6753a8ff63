-- Every audit record carries the hash of the one before it (prev_hash) and its own (hash):
-- SHA-256 over the record's fields and prev_hash, see io.headroom.core.audit.AuditChain.
-- Records already in the log are chained by the next migration (V6, in Java), which also
-- makes both columns required. audit_chain_head holds the newest record's number and hash,
-- updated in the same transaction as each insert: appenders lock it (SELECT ... FOR UPDATE)
-- so records are chained one at a time, and records cut from the end are noticed.
ALTER TABLE audit_log ADD COLUMN prev_hash CHAR(64);
ALTER TABLE audit_log ADD COLUMN hash CHAR(64);

CREATE TABLE audit_chain_head (
    id          INT PRIMARY KEY CHECK (id = 1),
    last_seq    BIGINT NOT NULL,
    last_hash   CHAR(64) NOT NULL
);

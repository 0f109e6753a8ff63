-- The latest signed audit head this console trusted for each agent, kept off the agent's node:
-- a trail cut short or rewritten while the console was closed is noticed when it opens again.
CREATE TABLE agent_audit_head (
    agent        VARCHAR(500) PRIMARY KEY,
    record       BIGINT NOT NULL,
    hash         CHAR(64) NOT NULL,
    signature    VARCHAR(200) NOT NULL,
    public_key   VARBINARY(200) NOT NULL,
    seen_millis  BIGINT NOT NULL
);

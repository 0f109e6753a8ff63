-- Alerts an operator has acknowledged, so that a restart does not raise them again as news.
-- One row per alert key (kind and subject, e.g. GPU_HOT:GPU-1234): the occurrence it covers
-- (when it was first seen), who acknowledged it and when. Deleted once the condition clears.
CREATE TABLE alert_acknowledgement (
    alert_key       VARCHAR(500) PRIMARY KEY,
    since_millis    BIGINT NOT NULL,
    acknowledged_by VARCHAR(255) NOT NULL,
    at_millis       BIGINT NOT NULL
);

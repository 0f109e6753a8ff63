-- Incidents an operator has silenced: one row per incident key (scope and subject, e.g.
-- RACK:h1-a03), until when, why, who and when. Every silence and its lifting is also written to
-- the audit log, in the same transaction. Rows past their end are deleted with the next change.
CREATE TABLE incident_silence (
    incident_key VARCHAR(500) PRIMARY KEY,
    until_millis BIGINT NOT NULL,
    reason       VARCHAR(2000) NOT NULL,
    silenced_by  VARCHAR(255) NOT NULL,
    at_millis    BIGINT NOT NULL
);

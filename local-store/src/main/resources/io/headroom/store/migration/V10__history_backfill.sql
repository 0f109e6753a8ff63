-- Periods of history received whole from an agent or relay (the backfill), so that a console
-- asks each source only for what it lacks, and a backfill cut off part-way resumes where it
-- stopped. One row per source, tier and period; written in the same transaction as the
-- period's blocks.
CREATE TABLE history_backfill (
    source VARCHAR(300) NOT NULL,  -- the agent's or relay's address as configured
    tier   TINYINT NOT NULL,       -- 1 minute, 2 hour (HistoryTier ordinal + 1)
    period INT NOT NULL,           -- minutes or hours since the epoch
    PRIMARY KEY (source, tier, period)
);

-- Hours of group rows (hall, rack, pool, tenant) as each agent or relay answered them, kept per
-- source so that writing an hour again from one source replaces its part, and group_hour for that
-- hour is the sum over sources (a rack whose nodes answer through two relays). Packed like
-- group_hour (see GroupRows); removed with the hours past their retention. Such hours are recorded in
-- history_backfill with tier 3 (HistoryTier.GROUP_HOUR).
CREATE TABLE group_hour_source (
    source VARCHAR(300) NOT NULL,
    kind   TINYINT NOT NULL,
    period INT NOT NULL,
    data   VARBINARY NOT NULL,
    PRIMARY KEY (source, kind, period)
);

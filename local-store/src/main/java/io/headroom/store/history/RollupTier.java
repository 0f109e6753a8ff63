package io.headroom.store.history;

/** The coarser tiers and where each is rolled up from. The codes are stored; never renumber them. */
enum RollupTier {
    HOUR(1, "minute_block", "hour_block", "group_hour"),
    DAY(2, "hour_block", "day_block", "group_day");

    final int code;
    final String finerTable;
    final String table;
    final String groupTable;

    RollupTier(int code, String finerTable, String table, String groupTable) {
        this.code = code;
        this.finerTable = finerTable;
        this.table = table;
        this.groupTable = groupTable;
    }
}

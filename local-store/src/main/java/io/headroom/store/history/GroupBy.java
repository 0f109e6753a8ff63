package io.headroom.store.history;

/** What a heatmap's rows are. The codes are stored; never renumber them. */
public enum GroupBy {
    HALL(0),
    RACK(1),
    POOL(2),
    TENANT(3);

    private final int code;

    GroupBy(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    static final GroupBy[] ALL = values();
}

package io.headroom.core.showback;

import java.util.List;

/** What the fleet answered: its rows, the servers that answered, and the gaps they named. */
public record UsageAnswer(UsageQuery query, List<String> servers, List<UsageRow> rows, List<UsageGap> gaps) {

    public UsageAnswer {
        servers = List.copyOf(servers);
        rows = List.copyOf(rows);
        gaps = List.copyOf(gaps);
    }
}

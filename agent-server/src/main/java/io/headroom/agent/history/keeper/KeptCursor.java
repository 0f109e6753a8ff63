package io.headroom.agent.history.keeper;

import io.headroom.agent.history.AcceleratorRow;
import io.headroom.agent.history.HistoryQuery;
import io.headroom.agent.history.PeriodCursor;
import io.headroom.protocol.v1.HistoryGap;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A query over the history files, one file in memory at a time, yielding a period at a time.
 * Each node's periods without rows become gaps: time the agent did not keep (not running, past
 * retention, not closed yet) or kept in a file that was found corrupt and set aside.
 */
final class KeptCursor implements PeriodCursor {

    private final HistoryStore store;
    private final HistoryQuery query;
    private final Deque<Path> files;
    private final Set<String> hostnames = new HashSet<>();
    /** Per node, the start of the first period not yet seen with rows. */
    private final Map<String, Long> expected = new TreeMap<>();

    private final List<HistoryGap> gaps = new ArrayList<>();
    private List<KeptRecord> records = List.of();
    private int next;

    KeptCursor(HistoryStore store, HistoryQuery query, Set<String> knownHostnames) throws IOException {
        this.store = store;
        this.query = query;
        this.files = new ArrayDeque<>(store.files(query.resolution(), query.fromMs(), query.toMs()));
        for (String host : knownHostnames) {
            if (query.wants(host)) {
                hostnames.add(host);
            }
        }
        for (String host : query.hostnames()) {
            hostnames.add(host);
        }
    }

    @Override
    public List<AcceleratorRow> next() throws IOException {
        long period = -1;
        List<AcceleratorRow> rows = new ArrayList<>();
        while (true) {
            if (next >= records.size()) {
                if (!rows.isEmpty() || files.isEmpty()) {
                    break;
                }
                records = load(files.poll());
                next = 0;
                continue;
            }
            KeptRecord r = records.get(next);
            if (!query.covers(r.periodStartMs()) || !query.wants(r.slot().hostname())) {
                next++;
                continue;
            }
            if (period >= 0 && r.periodStartMs() != period) {
                break;
            }
            period = r.periodStartMs();
            rows.add(r.toRow(query.periodMs()));
            seen(r.slot().hostname(), period);
            next++;
        }
        if (rows.isEmpty()) {
            return null;
        }
        rows.sort(Comparator.comparing(a -> a.row().getKey()));
        return rows;
    }

    private List<KeptRecord> load(Path file) throws IOException {
        HistoryFile.Scan scan = HistoryFile.scan(store.read(file));
        if (scan.damage() != null) {
            // Damaged since the agent started: set it aside now; its time is a gap below.
            store.check(file);
            return List.of();
        }
        return scan.records();
    }

    private void seen(String host, long period) {
        hostnames.add(host);
        long from = expected.getOrDefault(host, query.fromMs());
        if (period > from) {
            gap(host, from, period);
        }
        if (period + query.periodMs() > from) {
            expected.put(host, period + query.periodMs());
        }
    }

    @Override
    public List<HistoryGap> gaps() {
        List<HistoryGap> out = new ArrayList<>(gaps);
        for (String host : new TreeSet<>(hostnames)) {
            long from = expected.getOrDefault(host, query.fromMs());
            if (from < query.toMs()) {
                out.addAll(reasoned(host, from, query.toMs()));
            }
        }
        return out;
    }

    private void gap(String host, long from, long to) {
        gaps.addAll(reasoned(host, from, to));
    }

    /** The stretch, cut where it crosses files set aside as corrupt, each piece with its reason. */
    private List<HistoryGap> reasoned(String host, long from, long to) {
        List<HistoryStore.SetAside> corrupt;
        try {
            corrupt = store.setAside(query.resolution(), from, to);
        } catch (IOException e) {
            corrupt = List.of();
        }
        List<HistoryGap> out = new ArrayList<>();
        long at = from;
        for (HistoryStore.SetAside aside : corrupt) {
            long start = Math.max(at, aside.segment().fromMs());
            long end = Math.min(to, aside.segment().toMs());
            if (start >= end) {
                continue;
            }
            if (start > at) {
                out.add(gap(host, at, start, "no history kept for this time"));
            }
            out.add(gap(
                    host,
                    start,
                    end,
                    "history file was corrupt and set aside (" + aside.file().getFileName() + ")"));
            at = end;
        }
        if (at < to) {
            out.add(gap(host, at, to, "no history kept for this time"));
        }
        return out;
    }

    private static HistoryGap gap(String host, long from, long to, String reason) {
        return HistoryGap.newBuilder()
                .setHostname(host)
                .setFromMs(from)
                .setToMs(to)
                .setReason(reason)
                .build();
    }

    @Override
    public void close() {
        records = List.of();
        files.clear();
    }
}

package io.headroom.client.history;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.headroom.core.history.AcceleratorPeriod;
import io.headroom.core.history.PastMinutes;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.GetHistoryRequest;
import io.headroom.protocol.v1.HistoryChunk;
import io.headroom.protocol.v1.HistoryGrouping;
import io.headroom.protocol.v1.HistoryResolution;
import io.headroom.protocol.v1.HistoryRow;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One server's recent minutes asked of the agent that reports it: one small GetHistory call
 * (minutes, per GPU and slice, that node only; for 15 minutes of an 8-GPU server about 120 rows),
 * for a server page whose minutes the local store lacks. Nothing is written to the store: filling
 * the store stays the backfill's.
 */
public final class AgentNodeMinutes {

    private static final Duration DEADLINE = Duration.ofSeconds(5);

    private final Function<String, Optional<Channel>> channelFor;
    private final String clientId;

    /** @param channelFor the channel to the agent (or relay) that reports a hostname, if any */
    public AgentNodeMinutes(Function<String, Optional<Channel>> channelFor, String clientId) {
        this.channelFor = channelFor;
        this.clientId = clientId;
    }

    /** The agent could not answer; the message says which server and why. */
    public static final class Unanswered extends Exception {
        private static final long serialVersionUID = 1L;

        Unanswered(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The minutes [fromMinute, toMinute) of these accelerators of {@code hostname}, as its agent
     * kept them; minutes it did not keep (or a period with under 30 s known) stay unknown. An
     * agent that keeps no history answers nothing, not an error.
     */
    public PastMinutes read(String hostname, List<String> uuids, long fromMinute, long toMinute) throws Unanswered {
        PastMinutes past = new PastMinutes(fromMinute, (int) Math.max(0, toMinute - fromMinute), uuids);
        if (past.minutes() == 0 || uuids.isEmpty()) {
            return past;
        }
        Channel channel = channelFor
                .apply(hostname)
                .orElseThrow(() -> new Unanswered("no connected agent reports " + hostname, null));
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < uuids.size(); i++) {
            index.put(uuids.get(i), i);
        }
        var request = GetHistoryRequest.newBuilder()
                .setFromMs(fromMinute * 60_000L)
                .setToMs(toMinute * 60_000L)
                .setResolution(HistoryResolution.HISTORY_RESOLUTION_MINUTE)
                .setGrouping(HistoryGrouping.HISTORY_GROUPING_ACCELERATOR)
                .addHostnames(hostname)
                .setClientId(clientId)
                .build();
        try {
            Iterator<HistoryChunk> chunks = AgentGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .getHistory(request);
            while (chunks.hasNext()) {
                for (HistoryRow row : chunks.next().getRowsList()) {
                    Integer a = index.get(row.getKey());
                    long minute = Math.floorDiv(row.getPeriodStartMs(), 60_000L);
                    if (a == null || minute < fromMinute || minute >= toMinute) {
                        continue; // not asked for
                    }
                    AcceleratorPeriod period = AcceleratorPeriods.of(row);
                    // The store's rule for an agent's minute: kept when at least half of it is known.
                    if (period.knownS() >= 30) {
                        past.put(a, minute, period.utilizationPct(), period.powerW(), period.maxTempC());
                    }
                }
            }
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                return past;
            }
            throw new Unanswered(
                    "the agent reporting " + hostname + " did not give its last minutes: " + e.getStatus(), e);
        }
        return past;
    }
}

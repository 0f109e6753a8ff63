package io.headroom.client.showback;

import io.grpc.Channel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.headroom.client.FailureText;
import io.headroom.core.showback.ShowbackGrouping;
import io.headroom.core.showback.UsageAnswer;
import io.headroom.core.showback.UsageGap;
import io.headroom.core.showback.UsageHistory;
import io.headroom.core.showback.UsageQuery;
import io.headroom.core.showback.UsageRow;
import io.headroom.core.showback.UsageUnavailableException;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.GetHistoryRequest;
import io.headroom.protocol.v1.HistoryChunk;
import io.headroom.protocol.v1.HistoryGap;
import io.headroom.protocol.v1.HistoryGrouping;
import io.headroom.protocol.v1.HistoryResolution;
import io.headroom.protocol.v1.HistoryRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Daily usage from the agents' GetHistory, grouped: one streamed call per agent or relay named,
 * chunks gathered on gRPC's callback threads (never the caller's), the answers put together. An
 * agent that fails becomes a gap over the whole range, named with why; only when every one fails
 * does the fetch fail. Cancelling the returned future cancels every call still streaming.
 */
public final class UsageClient implements UsageHistory {

    private static final Logger log = LoggerFactory.getLogger(UsageClient.class);

    /** A whole site's days through a relay is a few MiB; a stalled stream ends in this. */
    public static final Duration DEADLINE = Duration.ofMinutes(2);

    private final Map<String, Channel> agents;
    private final String clientId;

    /** @param agents each agent or relay by the name it is shown under (its HOST:PORT) */
    public UsageClient(Map<String, ? extends Channel> agents, String clientId) {
        if (agents.isEmpty()) {
            throw new IllegalArgumentException("usage needs at least one agent to ask");
        }
        this.agents = new LinkedHashMap<>(agents);
        this.clientId = clientId;
    }

    static HistoryGrouping grouping(ShowbackGrouping grouping) {
        return switch (grouping) {
            case TENANT -> HistoryGrouping.HISTORY_GROUPING_TENANT;
            case ACCOUNT -> HistoryGrouping.HISTORY_GROUPING_ACCOUNT;
            case USER -> HistoryGrouping.HISTORY_GROUPING_USER;
            case POOL -> HistoryGrouping.HISTORY_GROUPING_POOL;
            case MODEL -> HistoryGrouping.HISTORY_GROUPING_MODEL;
        };
    }

    static UsageRow row(HistoryRow row) {
        return new UsageRow(
                row.getPeriodStartMs(),
                row.getKey(),
                row.getAccelerators(),
                unsigned(row.getBusyS()),
                unsigned(row.getHeldIdleS()),
                unsigned(row.getFreeIdleS()),
                unsigned(row.getDrainedS()),
                unsigned(row.getFaultedS()),
                unsigned(row.getUnknownS()),
                unsigned(row.getUncoveredS()),
                row.getPeakTflops() >= 0 ? row.getPeakTflops() : 0);
    }

    // uint64 seconds past Long.MAX_VALUE are no real period; clamp rather than go negative.
    private static long unsigned(long value) {
        return value < 0 ? Long.MAX_VALUE : value;
    }

    @Override
    public CompletableFuture<UsageAnswer> fetch(UsageQuery query) {
        GetHistoryRequest request = GetHistoryRequest.newBuilder()
                .setFromMs(query.fromMs())
                .setToMs(query.toMs())
                .setResolution(HistoryResolution.HISTORY_RESOLUTION_DAY)
                .setGrouping(grouping(query.grouping()))
                .setClientId(clientId)
                .build();
        var answer = new CompletableFuture<UsageAnswer>();
        var gathered = new Gathered(query, agents.size());
        List<ClientCallStreamObserver<GetHistoryRequest>> calls = new ArrayList<>();
        // Only there to pass a cancellation on; the derived future adds nothing to watch.
        var unusedCancelling = answer.whenComplete((done, failure) -> {
            if (answer.isCancelled()) {
                synchronized (calls) {
                    calls.forEach(call -> call.cancel("the operator cancelled the request", null));
                }
            }
        });
        agents.forEach((name, channel) -> AgentGrpc.newStub(channel)
                .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .getHistory(request, new ClientResponseObserver<GetHistoryRequest, HistoryChunk>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<GetHistoryRequest> call) {
                        synchronized (calls) {
                            calls.add(call);
                        }
                    }

                    @Override
                    public void onNext(HistoryChunk chunk) {
                        gathered.chunk(name, chunk);
                    }

                    @Override
                    public void onError(Throwable failure) {
                        String why = FailureText.of(failure);
                        if (!answer.isCancelled()) {
                            log.warn("history from {}: {}", name, why);
                        }
                        gathered.failed(name, why);
                        gathered.finishOne(answer);
                    }

                    @Override
                    public void onCompleted() {
                        gathered.finishOne(answer);
                    }
                }));
        return answer;
    }

    /** The answers so far; chunks of different agents arrive on different threads. */
    private static final class Gathered {
        private final UsageQuery query;
        private final AtomicInteger open;
        private final List<String> servers = new ArrayList<>();
        private final List<UsageRow> rows = new ArrayList<>();
        private final List<UsageGap> gaps = new ArrayList<>();
        private final List<String> failures = new ArrayList<>();

        Gathered(UsageQuery query, int agents) {
            this.query = query;
            this.open = new AtomicInteger(agents);
        }

        synchronized void chunk(String agent, HistoryChunk chunk) {
            String server = chunk.getServerId().isEmpty() ? agent : chunk.getServerId();
            if (!servers.contains(server)) {
                servers.add(server);
            }
            for (HistoryRow row : chunk.getRowsList()) {
                rows.add(row(row));
            }
            for (HistoryGap gap : chunk.getGapsList()) {
                gaps.add(new UsageGap(gap.getHostname(), gap.getFromMs(), gap.getToMs(), gap.getReason()));
            }
        }

        synchronized void failed(String agent, String why) {
            failures.add(agent + ": " + why);
            gaps.add(new UsageGap(agent, query.fromMs(), query.toMs(), why));
        }

        void finishOne(CompletableFuture<UsageAnswer> answer) {
            if (open.decrementAndGet() > 0) {
                return;
            }
            synchronized (this) {
                if (servers.isEmpty() && !failures.isEmpty()) {
                    answer.completeExceptionally(new UsageUnavailableException(
                            "no agent answered for history: " + String.join("; ", failures)));
                } else {
                    answer.complete(new UsageAnswer(query, servers, rows, gaps));
                }
            }
        }
    }
}

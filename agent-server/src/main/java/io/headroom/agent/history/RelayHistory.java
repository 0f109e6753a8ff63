package io.headroom.agent.history;

import io.grpc.Channel;
import io.grpc.stub.ServerCallStreamObserver;
import io.headroom.protocol.v1.GetHistoryRequest;
import io.headroom.protocol.v1.HistoryChunk;
import io.headroom.protocol.v1.HistoryGap;
import io.headroom.protocol.v1.HistoryGrouping;
import io.headroom.protocol.v1.HistoryRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A relay's GetHistory: the same request to every upstream (agents or relays), their rows merged
 * in period and key order as they stream in. Rows of one group from several upstreams (a rack
 * whose nodes have agents of their own) are added into one; ACCELERATOR rows are whole already.
 * An upstream that is down, fails or falls silent becomes a gap naming it and why.
 */
public final class RelayHistory implements FleetHistory {

    private static final Logger log = LoggerFactory.getLogger(RelayHistory.class);
    /** How long an upstream may say nothing before its part is a gap. */
    public static final Duration SILENCE = Duration.ofSeconds(30);

    private static final Executor ANSWERS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("history-merge-", 0).factory());
    private static final Comparator<HistoryRow> ORDER =
            Comparator.comparingLong(HistoryRow::getPeriodStartMs).thenComparing(HistoryRow::getKey);

    private final String serverId;
    private final Supplier<Map<String, Channel>> upstreams;
    private final Duration silence;

    /** @param upstreams each upstream's address (as gaps name it) and channel */
    public RelayHistory(String serverId, Supplier<Map<String, Channel>> upstreams, Duration silence) {
        this.serverId = serverId;
        this.upstreams = upstreams;
        this.silence = silence;
    }

    @Override
    public void answer(GetHistoryRequest request, ServerCallStreamObserver<HistoryChunk> observer) {
        var streamer = new ChunkStreamer(observer, serverId, request);
        ANSWERS.execute(() -> merge(request, streamer));
    }

    private record Head(HistoryRow row, UpstreamAnswer from) {}

    private void merge(GetHistoryRequest request, ChunkStreamer streamer) {
        HistoryQuery query = HistoryQuery.of(request);
        GetHistoryRequest upstreamRequest = request.toBuilder()
                .setClientId(serverId + " for " + request.getClientId())
                .build();
        List<UpstreamAnswer> answers = new ArrayList<>();
        upstreams.get().forEach((address, channel) -> {
            var answer = new UpstreamAnswer(address, silence, query);
            answer.start(channel, upstreamRequest);
            answers.add(answer);
        });
        boolean whole = request.getGrouping() == HistoryGrouping.HISTORY_GROUPING_ACCELERATOR
                || request.getGrouping() == HistoryGrouping.HISTORY_GROUPING_UNSPECIFIED;
        try {
            var heads = new PriorityQueue<Head>((a, b) -> ORDER.compare(a.row(), b.row()));
            for (UpstreamAnswer answer : answers) {
                offer(heads, answer, streamer);
            }
            while (!heads.isEmpty()) {
                Head first = heads.poll();
                HistoryRow row = first.row();
                RowSum sum = null;
                while (!heads.isEmpty() && ORDER.compare(heads.peek().row(), row) == 0) {
                    Head same = heads.poll();
                    if (!whole) {
                        if (sum == null) {
                            sum = new RowSum();
                            sum.add(row);
                        }
                        sum.add(same.row());
                    }
                    same.from().take();
                    offer(heads, same.from(), streamer);
                }
                streamer.row(sum == null ? row : sum.toRow(row.getPeriodStartMs(), row.getKey()));
                first.from().take();
                offer(heads, first.from(), streamer);
            }
            for (UpstreamAnswer answer : answers) {
                for (HistoryGap gap : answer.takeGaps()) {
                    streamer.gap(gap);
                }
                if (answer.failure() != null) {
                    log.warn("history from {} for {}: {}", answer.address(), request.getClientId(), answer.failure());
                }
            }
            streamer.finish();
        } catch (ChunkStreamer.Cancelled e) {
            answers.forEach(UpstreamAnswer::cancel);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answers.forEach(UpstreamAnswer::cancel);
        }
    }

    private static void offer(PriorityQueue<Head> heads, UpstreamAnswer answer, ChunkStreamer streamer)
            throws InterruptedException, ChunkStreamer.Cancelled {
        HistoryRow next = answer.head();
        for (HistoryGap gap : answer.takeGaps()) {
            streamer.gap(gap);
        }
        if (next != null) {
            heads.add(new Head(next, answer));
        }
    }
}

package io.headroom.agent.history;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.GetHistoryRequest;
import io.headroom.protocol.v1.HistoryChunk;
import io.headroom.protocol.v1.HistoryGap;
import io.headroom.protocol.v1.HistoryRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One upstream's GetHistory answer read a row at a time, asking for its next chunk only when the
 * last one is used up (so a relay holds at most a chunk or two per upstream). An upstream that
 * fails, or says nothing for the silence limit, ends early: {@link #failure()} names why, and the
 * rest of the range is a gap, never idle.
 */
final class UpstreamAnswer {

    private static final Object END = new Object();

    private final String address;
    private final Duration silence;
    private final HistoryQuery query;
    private final LinkedBlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
    private final List<HistoryGap> gaps = new ArrayList<>();
    private ClientCallStreamObserver<GetHistoryRequest> call;
    private HistoryChunk chunk;
    private int next;
    private HistoryRow head;
    private boolean done;
    private String failure;
    private long lastPeriod = -1;

    UpstreamAnswer(String address, Duration silence, HistoryQuery query) {
        this.address = address;
        this.silence = silence;
        this.query = query;
    }

    void start(Channel channel, GetHistoryRequest request) {
        AgentGrpc.newStub(channel).getHistory(request, new ClientResponseObserver<GetHistoryRequest, HistoryChunk>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<GetHistoryRequest> requestStream) {
                call = requestStream;
                requestStream.disableAutoRequestWithInitial(1);
            }

            @Override
            public void onNext(HistoryChunk value) {
                arrived.add(value);
            }

            @Override
            public void onError(Throwable t) {
                arrived.add(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                arrived.add(END);
            }
        });
    }

    String address() {
        return address;
    }

    /** The next row, without taking it; null once the answer is over (whole or cut short). */
    HistoryRow head() throws InterruptedException {
        while (head == null && !done) {
            if (chunk != null && next < chunk.getRowsCount()) {
                head = chunk.getRows(next++);
                lastPeriod = head.getPeriodStartMs();
                break;
            }
            if (chunk != null && chunk.getLast()) {
                done = true;
                break;
            }
            Object got = arrived.poll(silence.toMillis(), TimeUnit.MILLISECONDS);
            if (got == null) {
                end("said nothing for "
                        + (silence.toMillis() % 1000 == 0 ? silence.toSeconds() + " s" : silence.toMillis() + " ms"));
                call.cancel("silent for too long", null);
            } else if (got instanceof HistoryChunk c) {
                chunk = c;
                next = 0;
                gaps.addAll(c.getGapsList());
                if (!c.getLast()) {
                    call.request(1);
                }
            } else if (got instanceof Status status) {
                end(
                        status.getCode() == Status.Code.UNIMPLEMENTED
                                ? "keeps no history (older than GetHistory)"
                                : "unreachable (" + status.getCode() + describe(status) + ")");
            } else {
                if (chunk == null || !chunk.getLast()) {
                    end("ended its answer without its last chunk");
                }
                done = true;
            }
        }
        return head;
    }

    private static String describe(Status status) {
        return status.getDescription() == null ? "" : ": " + status.getDescription();
    }

    HistoryRow take() throws InterruptedException {
        HistoryRow row = head();
        head = null;
        return row;
    }

    /** Gaps the upstream reported so far (and its own, once it failed); taken once. */
    List<HistoryGap> takeGaps() {
        List<HistoryGap> taken = List.copyOf(gaps);
        gaps.clear();
        return taken;
    }

    /** Why the answer was cut short, or null. */
    String failure() {
        return failure;
    }

    private void end(String why) {
        done = true;
        failure = why;
        // The last period it sent may be missing rows that were still to come: count it lost too.
        long from = lastPeriod < 0 ? query.fromMs() : lastPeriod;
        gaps.add(HistoryGap.newBuilder()
                .setHostname(address)
                .setFromMs(from)
                .setToMs(query.toMs())
                .setReason("agent " + why)
                .build());
    }

    void cancel() {
        if (call != null && !done) {
            call.cancel("the relay's caller went away", null);
        }
    }
}

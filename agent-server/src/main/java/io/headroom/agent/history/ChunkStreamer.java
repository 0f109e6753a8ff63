package io.headroom.agent.history;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.headroom.protocol.v1.HistoryChunk;
import io.headroom.protocol.v1.HistoryGap;
import io.headroom.protocol.v1.HistoryResolution;
import io.headroom.protocol.v1.HistoryRow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Cuts an answer into chunks of about 1 MiB (or the caller's max_rows_per_chunk) and sends each
 * only when the caller's flow control has room: the writing thread (an answer's own thread, never
 * a gRPC one) waits for {@code isReady()}, woken by the on-ready handler. A cancelled call stops
 * the writer at its next row with {@link Cancelled}. Build it on the gRPC thread that received
 * the call (handlers must be set before the call method returns); write from one thread only.
 */
public final class ChunkStreamer {

    /** About 1 MiB of rows per chunk when the caller leaves the size to the server. */
    public static final int CHUNK_BYTES = 1 << 20;

    /** The caller went away: stop working on the answer. */
    public static final class Cancelled extends Exception {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super("the caller cancelled the history call", null, false, false);
        }
    }

    private final ServerCallStreamObserver<HistoryChunk> observer;
    private final String serverId;
    private final HistoryResolution resolution;
    private final io.headroom.protocol.v1.HistoryGrouping grouping;
    private final int maxRows;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile boolean cancelled;
    private HistoryChunk.Builder chunk;
    private int chunkBytes;
    private long chunksSent;
    private long rowsSent;

    public ChunkStreamer(
            ServerCallStreamObserver<HistoryChunk> observer,
            String serverId,
            io.headroom.protocol.v1.GetHistoryRequest request) {
        this.observer = observer;
        this.serverId = serverId;
        this.resolution = request.getResolution();
        this.grouping = request.getGrouping();
        this.maxRows = request.getMaxRowsPerChunk() == 0 ? Integer.MAX_VALUE : request.getMaxRowsPerChunk();
        observer.setOnReadyHandler(this::signal);
        observer.setOnCancelHandler(() -> {
            cancelled = true;
            signal();
        });
        this.chunk = newChunk();
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private HistoryChunk.Builder newChunk() {
        chunkBytes = 0;
        return HistoryChunk.newBuilder()
                .setServerId(serverId)
                .setResolution(resolution)
                .setGrouping(grouping);
    }

    public boolean cancelled() {
        return cancelled;
    }

    public void row(HistoryRow row) throws Cancelled {
        if (cancelled) {
            throw new Cancelled();
        }
        int size = row.getSerializedSize() + 4;
        if (chunk.getRowsCount() > 0 && (chunk.getRowsCount() >= maxRows || chunkBytes + size > CHUNK_BYTES)) {
            send(false);
        }
        chunk.addRows(row);
        chunkBytes += size;
    }

    public void gap(HistoryGap gap) throws Cancelled {
        if (cancelled) {
            throw new Cancelled();
        }
        chunk.addGaps(gap);
        chunkBytes += gap.getSerializedSize() + 4;
    }

    /** Sends what is left as the final chunk and completes the call. */
    public void finish() throws Cancelled {
        send(true);
        observer.onCompleted();
    }

    /** Ends the call with an error the caller can read; nothing more is sent. */
    public void fail(Status status) {
        if (!cancelled) {
            observer.onError(status.asRuntimeException());
        }
    }

    public long chunksSent() {
        return chunksSent;
    }

    public long rowsSent() {
        return rowsSent;
    }

    private void send(boolean last) throws Cancelled {
        awaitReady();
        HistoryChunk built = chunk.setLast(last).build();
        observer.onNext(built);
        chunksSent++;
        rowsSent += built.getRowsCount();
        chunk = newChunk();
    }

    private void awaitReady() throws Cancelled {
        lock.lock();
        try {
            while (!observer.isReady() && !cancelled) {
                // The timeout only guards against a signal lost between isReady() and await().
                changed.await(200, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelled = true;
        } finally {
            lock.unlock();
        }
        if (cancelled) {
            throw new Cancelled();
        }
    }
}

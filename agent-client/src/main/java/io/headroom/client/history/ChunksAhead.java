package io.headroom.client.history;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.headroom.protocol.v1.GetHistoryRequest;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One GetHistory call's chunks, as received (serialized {@code HistoryChunk}s), read a few ahead: the answer keeps flowing through the relays
 * while this side writes what came, where a blocking stub asks for each chunk only once the one
 * before is taken (a round trip through every relay per chunk). At most {@code ahead} chunks
 * (about a MiB each) wait here; the caller's flow control holds the rest back.
 */
final class ChunksAhead implements ClientResponseObserver<GetHistoryRequest, byte[]>, Iterator<byte[]> {

    private static final Object END = new Object();

    private final int ahead;
    private final BlockingQueue<Object> arrived;
    private ClientCallStreamObserver<GetHistoryRequest> call;
    private Object next;

    ChunksAhead(int ahead) {
        this.ahead = ahead;
        // Room for what was asked ahead and the end (or a failure) behind it: onNext never waits.
        this.arrived = new ArrayBlockingQueue<>(ahead + 1);
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<GetHistoryRequest> requestStream) {
        this.call = requestStream;
        requestStream.disableAutoRequestWithInitial(ahead);
    }

    @Override
    public void onNext(byte[] chunk) {
        arrived.add(chunk);
    }

    @Override
    public void onError(Throwable failure) {
        arrived.add(failure);
    }

    @Override
    public void onCompleted() {
        arrived.add(END);
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = arrived.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                call.cancel("the history backfill was interrupted", e);
                throw new StatusRuntimeException(io.grpc.Status.CANCELLED.withDescription("interrupted"));
            }
        }
        if (next instanceof StatusRuntimeException failure) {
            throw failure;
        }
        if (next instanceof Throwable failure) {
            throw io.grpc.Status.fromThrowable(failure).asRuntimeException();
        }
        return next != END;
    }

    @Override
    public byte[] next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        byte[] chunk = (byte[]) next;
        next = null;
        call.request(1);
        return chunk;
    }
}

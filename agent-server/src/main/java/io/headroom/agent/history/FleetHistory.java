package io.headroom.agent.history;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.headroom.protocol.v1.GetHistoryRequest;
import io.headroom.protocol.v1.HistoryChunk;

/**
 * The past a server can answer GetHistory from: a node agent's own history file, the
 * simulator's modelled past, or a relay's merge of its upstream agents.
 *
 * <p>An answer streams {@link HistoryChunk}s as the caller's flow control allows (it is ready
 * when {@code observer.isReady()}), ends with a chunk whose {@code last} is set, and never
 * blocks a gRPC thread on disk or on an upstream.
 */
public interface FleetHistory {

    /** A server that keeps no history: GetHistory answers UNIMPLEMENTED. */
    FleetHistory NONE = (request, observer) -> observer.onError(
            Status.UNIMPLEMENTED.withDescription("this server keeps no history").asRuntimeException());

    /** A server that would keep history but cannot now: GetHistory answers FAILED_PRECONDITION naming why. */
    static FleetHistory unavailable(String why) {
        return (request, observer) ->
                observer.onError(Status.FAILED_PRECONDITION.withDescription(why).asRuntimeException());
    }

    /** Answers one request; the request has already been checked by {@link HistoryRequests}. */
    void answer(GetHistoryRequest request, ServerCallStreamObserver<HistoryChunk> observer);
}

package io.headroom.agent.server;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Refuses a call whose headers add up to more than {@link AgentServer#MAX_INBOUND_METADATA_BYTES}
 * with RESOURCE_EXHAUSTED and their size, as the protocol documents. The transport's own limit
 * ({@link AgentServer#MAX_TRANSPORT_METADATA_BYTES}) sits higher: past it, grpc-java answers HTTP
 * 431, which clients read as UNKNOWN, so headers between the two are measured here instead.
 * Sizes count as HTTP/2 does: each name and value, plus 32 bytes per entry.
 */
final class HeaderBudget implements ServerInterceptor {

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        long size = sizeOf(headers);
        if (size > AgentServer.MAX_INBOUND_METADATA_BYTES) {
            call.close(
                    Status.RESOURCE_EXHAUSTED.withDescription("the request's headers are " + size + " bytes; at most "
                            + AgentServer.MAX_INBOUND_METADATA_BYTES + " are taken"),
                    new Metadata());
            return new ServerCall.Listener<>() {};
        }
        return next.startCall(call, headers);
    }

    static long sizeOf(Metadata headers) {
        long size = 0;
        for (String name : headers.keys()) {
            if (name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                for (byte[] value : headers.getAll(Metadata.Key.of(name, Metadata.BINARY_BYTE_MARSHALLER))) {
                    size += name.length() + value.length + 32;
                }
            } else {
                for (String value : headers.getAll(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER))) {
                    size += name.length() + value.length() + 32;
                }
            }
        }
        return size;
    }
}

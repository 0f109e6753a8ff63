package io.headroom.client;

import io.grpc.Status;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;

/** What went wrong with an agent, in words an operator can act on; public for the clients in sub-packages. */
public final class FailureText {
    private FailureText() {}

    public static String of(Throwable failure) {
        String tls = TlsFailureText.of(failure);
        if (tls != null) {
            return tls;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "connection refused (is the agent running and listening on this port?)";
            }
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return "unknown host (check the name, or DNS)";
            }
            if (t instanceof com.google.protobuf.InvalidProtocolBufferException) {
                return "malformed data: the agent sent a message that is not valid protobuf (" + t.getMessage() + ")";
            }
        }
        Status status = Status.fromThrowable(failure);
        String description = status.getDescription() == null ? "" : ": " + status.getDescription();
        return switch (status.getCode()) {
            case DEADLINE_EXCEEDED -> "no answer in time (agent overloaded or the network drops packets)";
            case UNAVAILABLE -> "unreachable" + description;
            case UNIMPLEMENTED -> "this is not a Headroom agent, or a much older one" + description;
            case RESOURCE_EXHAUSTED -> "message too large or agent out of resources" + description;
            case UNAUTHENTICATED -> "not admitted by the agent" + description;
            case PERMISSION_DENIED -> "not allowed by the agent" + description;
            default ->
                status.getCode().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + description;
        };
    }
}

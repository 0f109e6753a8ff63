package io.headroom.agent.server;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.headroom.agent.access.Caller;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Who a call comes from, for counting: an authenticated identity (token or client certificate)
 * by its configured name; an anonymous caller by the {@code caller} metadata value it declares,
 * or else by the address it connects from (without the port, so one machine opening many
 * connections is still one caller). A declared name is only a hint from callers the agent
 * cannot tell apart; an identity cannot be claimed that way.
 */
public final class CallerKey {

    /** The metadata key a client may name itself with. */
    public static final Metadata.Key<String> CALLER = Metadata.Key.of("caller", Metadata.ASCII_STRING_MARSHALLER);
    private static final int LONGEST_NAME = 64;

    private CallerKey() {}

    public static String of(ServerCall<?, ?> call, Metadata headers) {
        Caller known = Caller.current();
        if (known != null && !"none".equals(known.authenticatedBy())) {
            return "identity " + known.name();
        }
        String declared = headers.get(CALLER);
        if (declared != null && !declared.isBlank()) {
            String name = declared.strip();
            return "caller " + (name.length() > LONGEST_NAME ? name.substring(0, LONGEST_NAME) : name);
        }
        SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(remote);
    }
}

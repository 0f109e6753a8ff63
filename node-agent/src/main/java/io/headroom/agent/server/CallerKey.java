package io.headroom.agent.server;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Who a call comes from, as far as the agent can tell today: the {@code caller} metadata
 * value a client declares, or else the address it connects from (without the port, so one
 * machine opening many connections is still one caller).
 *
 * <p>This is the one place to change when calls carry an authenticated identity (TLS client
 * certificates, tokens): key on that identity's name instead, and a declared name, which today
 * anyone can set, stops counting.
 */
public final class CallerKey {

    /** The metadata key a client may name itself with. */
    public static final Metadata.Key<String> CALLER = Metadata.Key.of("caller", Metadata.ASCII_STRING_MARSHALLER);
    private static final int LONGEST_NAME = 64;

    private CallerKey() {}

    public static String of(ServerCall<?, ?> call, Metadata headers) {
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

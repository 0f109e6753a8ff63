package io.headroom.agent.server;

import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.headroom.agent.access.Caller;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Who a call comes from, for counting (the rate limit on operations, the budget of audit bytes
 * for refusals): an authenticated identity (token or client certificate) by its configured
 * name; anyone else by the address it connects from, without the port (one machine opening many
 * connections is still one caller), and for IPv6 by its /64 (one host may hold a whole /64).
 * Nothing a client writes in its request chooses the key: a name it declares in metadata would
 * let it be a new caller on every call.
 */
public final class CallerKey {

    /**
     * A name a client may declare in metadata. The agent does not count by it (anyone could
     * declare a new one per call); older clients and tests still send it.
     */
    public static final Metadata.Key<String> CALLER = Metadata.Key.of("caller", Metadata.ASCII_STRING_MARSHALLER);

    /** The key and the peer address of the Execute call running on this thread, set by {@link ExecuteRateLimit}. */
    static final Context.Key<String> KEY = Context.key("headroom-caller-key");

    static final Context.Key<String> PEER = Context.key("headroom-peer");

    private CallerKey() {}

    public static String of(ServerCall<?, ?> call, Metadata headers) {
        Caller known = Caller.current();
        if (known != null && !"none".equals(known.authenticatedBy())) {
            return "identity " + known.name();
        }
        SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return network(inet.getAddress());
        }
        return String.valueOf(remote);
    }

    /** The address a call came from, without the port; "" when the transport has none. */
    static String peer(ServerCall<?, ?> call) {
        SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return remote == null ? "" : remote.toString();
    }

    private static String network(InetAddress address) {
        if (!(address instanceof Inet6Address) || address.isLoopbackAddress() || address.isLinkLocalAddress()) {
            return address.getHostAddress();
        }
        byte[] prefix = Arrays.copyOf(Arrays.copyOf(address.getAddress(), 8), 16);
        try {
            return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
        } catch (UnknownHostException e) {
            return address.getHostAddress();
        }
    }

    /** The key of the Execute call running on this thread; "" outside one. */
    static String current() {
        String key = KEY.get();
        return key == null ? "" : key;
    }

    /** The peer of the Execute call running on this thread; "" outside one. */
    static String currentPeer() {
        String peer = PEER.get();
        return peer == null ? "" : peer;
    }
}

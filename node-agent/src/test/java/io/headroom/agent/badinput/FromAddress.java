package io.headroom.agent.badinput;

import io.grpc.Attributes;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * A channel to a loopback agent from another loopback address (127.0.0.N; all of 127/8 is this
 * machine on Linux), so that a test can be a second caller: the agent counts anonymous callers
 * by the address they connect from, not by any name they declare.
 */
final class FromAddress {

    private FromAddress() {}

    /** Plaintext to 127.0.0.1:{@code port} from 127.0.0.{@code n} (2 to 254). */
    static ManagedChannel loopback(int n, int port) {
        if (n < 2 || n > 254) {
            throw new IllegalArgumentException("127.0.0." + n + " is not a second loopback address");
        }
        return NettyChannelBuilder.forAddress("127.0.0.1", port)
                .usePlaintext()
                .localSocketPicker(new NettyChannelBuilder.LocalSocketPicker() {
                    @Override
                    public SocketAddress createSocketAddress(SocketAddress remote, Attributes attributes) {
                        return new InetSocketAddress("127.0.0." + n, 0);
                    }
                })
                .build();
    }
}

package io.headroom.agent.tls;

import io.grpc.ServerCredentials;
import io.grpc.internal.ObjectPool;
import io.grpc.netty.shaded.io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.shaded.io.grpc.netty.InternalNettyServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.handler.ssl.NotSslRecordException;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslHandler;
import io.grpc.netty.shaded.io.netty.util.AsciiString;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.CertificateExpiredException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in the agent's log when a TLS handshake fails, with the peer's address and the reason
 * in words: grpc-java drops the connection and says nothing, so a console with the wrong CA, a
 * client certificate from another site or a scanner speaking plaintext left no trace. At most
 * one line per address a minute (later failures from it are counted into its next line) and
 * {@value #LINES_A_MINUTE} lines a minute in all, so a flood of bad handshakes cannot fill the log.
 *
 * <p>How: the TLS negotiator grpc-java builds from the credentials is wrapped (through its
 * Internal* API, the one a transport extension uses) so that a handler sits after its own and
 * sees the failure it passes on.
 */
public final class FailedHandshakes {

    private static final Logger log = LoggerFactory.getLogger(FailedHandshakes.class);
    static final Duration QUIET = Duration.ofMinutes(1);
    static final int LINES_A_MINUTE = 60;
    private static final int TRACKED_PEERS = 1024;

    private final LongSupplier nanoTime;
    /** When each peer's last line was written. */
    private final Map<String, Long> peers = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > TRACKED_PEERS;
        }
    };

    private final Map<String, Long> unlogged = new LinkedHashMap<>();
    private long minuteStart;
    private long linesThisMinute;
    private long suppressedThisMinute;
    private long failures;

    public FailedHandshakes() {
        this(System::nanoTime);
    }

    FailedHandshakes(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.minuteStart = nanoTime.getAsLong();
    }

    /** The same TLS credentials, each failed handshake reported here. */
    public ServerCredentials watching(ServerCredentials tls) {
        InternalProtocolNegotiator.ServerFactory inner = InternalNettyServerCredentials.toNegotiator(tls);
        return InternalNettyServerCredentials.create(new InternalProtocolNegotiator.ServerFactory() {
            @Override
            public InternalProtocolNegotiator.ProtocolNegotiator newNegotiator(ObjectPool<? extends Executor> pool) {
                InternalProtocolNegotiator.ProtocolNegotiator negotiator = inner.newNegotiator(pool);
                return new InternalProtocolNegotiator.ProtocolNegotiator() {
                    @Override
                    public AsciiString scheme() {
                        return negotiator.scheme();
                    }

                    @Override
                    public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
                        return new Watch(negotiator.newHandler(grpcHandler));
                    }

                    @Override
                    public void close() {
                        negotiator.close();
                    }
                };
            }
        });
    }

    /** Failed handshakes so far, logged or not. */
    public synchronized long failures() {
        return failures;
    }

    /** Sits right after grpc-java's TLS handler: an exception passing before the handshake succeeded is its failure. */
    private final class Watch extends ChannelInboundHandlerAdapter {
        private final ChannelHandler negotiation;
        private boolean reported;

        Watch(ChannelHandler negotiation) {
            this.negotiation = negotiation;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ctx.pipeline().addBefore(ctx.name(), null, negotiation);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            SslHandler tls = ctx.pipeline().get(SslHandler.class);
            boolean handshaken = tls != null
                    && tls.handshakeFuture().isDone()
                    && tls.handshakeFuture().isSuccess();
            if (!handshaken && !reported) {
                reported = true;
                failed(address(ctx.channel().remoteAddress()), reason(cause));
            }
            ctx.fireExceptionCaught(cause);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            SslHandler tls = ctx.pipeline().get(SslHandler.class);
            if (tls != null && tls.handshakeFuture().isSuccess()) {
                ctx.pipeline().remove(this); // the handshake is done: nothing more to watch
            }
            super.userEventTriggered(ctx, event);
        }
    }

    private static String address(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress()
                : String.valueOf(remote);
    }

    /** Logs the failure unless this peer, or all peers together, said enough this minute. */
    synchronized boolean failed(String peer, String reason) {
        failures++;
        long now = nanoTime.getAsLong();
        if (now - minuteStart >= QUIET.toNanos()) {
            if (suppressedThisMinute > 0) {
                log.warn(
                        "{} more failed TLS handshakes in the last minute were not logged (more than {} lines a minute)",
                        suppressedThisMinute,
                        LINES_A_MINUTE);
            }
            minuteStart = now;
            linesThisMinute = 0;
            suppressedThisMinute = 0;
        }
        Long loggedAt = peers.get(peer);
        if (loggedAt != null && now - loggedAt < QUIET.toNanos()) {
            unlogged.merge(peer, 1L, Long::sum);
            return false;
        }
        if (linesThisMinute >= LINES_A_MINUTE) {
            suppressedThisMinute++;
            return false;
        }
        linesThisMinute++;
        Long before = unlogged.remove(peer);
        peers.put(peer, now);
        log.warn(
                "TLS handshake from {} failed: {}{}",
                peer,
                reason,
                before == null ? "" : " (and " + before + " more from it since its last line)");
        if (unlogged.size() > TRACKED_PEERS) {
            unlogged.remove(unlogged.keySet().iterator().next());
        }
        return true;
    }

    /** What went wrong, as the operator can act on it. */
    // cause-chain cycle guard: a Throwable that is its own cause; identity is what is meant
    @SuppressWarnings("ReferenceEquality")
    static String reason(Throwable cause) {
        Throwable t = cause;
        while (t.getCause() != null
                && t.getCause() != t
                && !(t instanceof SSLException || t instanceof NotSslRecordException)) {
            t = t.getCause();
        }
        for (Throwable c = cause; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof CertificateExpiredException) {
                return "its client certificate has expired (" + c.getMessage() + ")";
            }
            if (c instanceof NotSslRecordException) {
                return "it did not speak TLS (plaintext, or another protocol, to this TLS port)";
            }
        }
        String message = String.valueOf(t.getMessage());
        // BoringSSL (in grpc-netty-shaded) says "error:10000438:SSL routines:OPENSSL_internal:NAME"; the JDK says
        // words.
        String said = message.replaceFirst("^error:[0-9a-fA-F]+:[^:]*:[^:]*:", "");
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("certificate_unknown")
                || lower.contains("unknown_ca")
                || lower.contains("bad_certificate")) {
            return "it does not trust this agent's certificate (it said: " + said + "); does it trust the CA that "
                    + "signed tls.certificate?";
        }
        if (lower.contains("alert_internal_error")) {
            return "it gave up during the handshake (it said: " + said
                    + "), as a gRPC client does when it does not trust"
                    + " this agent's certificate; does it trust the CA that signed tls.certificate?";
        }
        if (lower.contains("empty client certificate chain")
                || lower.contains("certificate_required")
                || lower.contains("peer_did_not_return_a_certificate")) {
            return "it sent no client certificate, and this agent requires one signed by tls.client_ca";
        }
        if (lower.contains("pkix path")
                || lower.contains("certification path")
                || lower.contains("path validation")
                || lower.contains("certificate_verify_failed")) {
            return "its client certificate is not signed by tls.client_ca, or has expired (" + said + ")";
        }
        if (lower.contains("protocol_version")
                || lower.contains("no cipher suites")
                || lower.contains("no_shared_cipher")
                || lower.contains("unsupported_protocol")
                || lower.contains("not enabled")
                || lower.contains("no appropriate protocol")) {
            return "it offers no TLS version or cipher this agent accepts (" + said + ")";
        }
        return t.getClass().getSimpleName() + ": " + said;
    }
}

package io.headroom.app.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on loopback between the console and an agent that can break the network the
 * ways real ones break: add delay, drop (close every connection and refuse new ones), reset
 * (RST, as a firewall or a crashed middlebox sends) and black-hole (accept, forward nothing,
 * keep the connection open: the cable pulled somewhere in between).
 */
final class TcpFaultProxy implements AutoCloseable {

    enum Fault {
        NONE,
        DELAY,
        DROP,
        RESET,
        BLACK_HOLE
    }

    private final int targetPort;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private volatile Fault fault = Fault.NONE;
    private volatile long delayMillis;
    private volatile ServerSocket listener;
    private volatile boolean closed;
    private final int port;

    TcpFaultProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = listen(0);
        this.port = listener.getLocalPort();
        acceptOn(listener);
    }

    int port() {
        return port;
    }

    Fault fault() {
        return fault;
    }

    /** Every byte, both ways, held back this long (in order). */
    synchronized void delay(long millis) {
        delayMillis = millis;
        fault = Fault.DELAY;
    }

    /** Closes every connection (FIN) and refuses new ones: nothing listens on the port. */
    synchronized void drop() throws IOException {
        fault = Fault.DROP;
        listener.close();
        links.forEach(Link::close);
    }

    /** Resets every connection (RST) and resets each new one as soon as it is accepted. */
    synchronized void reset() {
        fault = Fault.RESET;
        links.forEach(Link::reset);
    }

    /** Forwards nothing, either way, on open and new connections, and closes none. */
    synchronized void blackHole() {
        fault = Fault.BLACK_HOLE;
    }

    /** Back to forwarding everything at once. */
    synchronized void clear() throws IOException {
        if (fault == Fault.DROP) {
            listener = listen(port);
            acceptOn(listener);
        }
        delayMillis = 0;
        fault = Fault.NONE;
    }

    private static ServerSocket listen(int port) throws IOException {
        var socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return socket;
    }

    private void acceptOn(ServerSocket socket) {
        Thread.ofVirtual().name("proxy-accept-" + port).start(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    if (fault == Fault.RESET) {
                        client.setSoLinger(true, 0);
                        client.close();
                        continue;
                    }
                    var link = new Link(client, new Socket(InetAddress.getLoopbackAddress(), targetPort));
                    links.add(link);
                    link.start();
                } catch (IOException e) {
                    // closed by drop() or close(), or the agent is down: the client sees its connection end
                }
            }
        });
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        links.forEach(Link::close);
    }

    /** One proxied connection: a reader and a writer each way, so delay does not limit throughput. */
    private final class Link {
        private final Socket client;
        private final Socket agent;

        Link(Socket client, Socket agent) throws IOException {
            this.client = client;
            this.agent = agent;
            client.setTcpNoDelay(true);
            agent.setTcpNoDelay(true);
        }

        void start() throws IOException {
            pump(client.getInputStream(), agent.getOutputStream());
            pump(agent.getInputStream(), client.getOutputStream());
        }

        // A queued chunk is the bytes read, handed on once and never compared or exposed.
        @SuppressWarnings("ArrayRecordComponent")
        private record Chunk(long dueNanos, byte[] bytes) {}

        private void pump(InputStream in, OutputStream out) {
            var queue = new LinkedBlockingQueue<Chunk>();
            Thread.ofVirtual().start(() -> {
                byte[] buffer = new byte[32 * 1024];
                try {
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        queue.put(new Chunk(System.nanoTime() + delayMillis * 1_000_000, Arrays.copyOf(buffer, n)));
                    }
                } catch (IOException | InterruptedException e) {
                    // the link is over
                }
                queue.add(new Chunk(0, null));
            });
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        Chunk chunk = queue.take();
                        if (chunk.bytes() == null) {
                            break;
                        }
                        while (fault == Fault.BLACK_HOLE && !closed) {
                            LockSupport.parkNanos(10_000_000);
                        }
                        long wait = chunk.dueNanos() - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        out.write(chunk.bytes());
                        out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    // the link is over
                }
                close();
            });
        }

        void close() {
            closeQuietly(client);
            closeQuietly(agent);
            links.remove(this);
        }

        void reset() {
            try {
                client.setSoLinger(true, 0);
                agent.setSoLinger(true, 0);
            } catch (IOException e) {
                // already gone
            }
            close();
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}

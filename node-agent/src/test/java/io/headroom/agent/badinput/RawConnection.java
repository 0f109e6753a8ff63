package io.headroom.agent.badinput;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;

/** A plain TCP connection to the agent port: bytes in, and what came back until the server hung up. */
final class RawConnection implements AutoCloseable {

    private final Socket socket;

    RawConnection(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
    }

    void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Sends, ignoring a server that has already hung up (it may well, mid-write). */
    boolean trySend(byte[] bytes) {
        try {
            send(bytes);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * What the server sent until it closed the connection, or until {@code limit} passed
     * with the connection still open.
     */
    Answer readUntilClosed(Duration limit) throws IOException {
        var received = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + limit.toNanos();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[16384];
        while (true) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            if (System.nanoTime() > deadline) {
                return new Answer(received.toByteArray(), false, "");
            }
            socket.setSoTimeout((int) Math.min(left, 1000));
            try {
                int n = in.read(buffer);
                if (n < 0) {
                    return new Answer(received.toByteArray(), true, "closed");
                }
                received.write(buffer, 0, n);
            } catch (SocketTimeoutException e) {
                // keep waiting until the deadline
            } catch (SocketException e) {
                return new Answer(received.toByteArray(), true, "reset");
            }
        }
    }

    /** Reads frames until one of {@code type} arrives (true) or the connection closes or time is up (false). */
    boolean awaitFrame(int type, int flags, Duration limit) throws IOException {
        var received = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + limit.toNanos();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[16384];
        while (System.nanoTime() < deadline) {
            socket.setSoTimeout(500);
            try {
                int n = in.read(buffer);
                if (n < 0) {
                    return false;
                }
                received.write(buffer, 0, n);
                if (Http2Frames.parse(received.toByteArray()).stream()
                        .anyMatch(f -> f.type() == type && f.flags() == flags)) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                // not yet
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /**
     * @param closed   whether the server hung up within the limit
     * @param how      "closed" (FIN) or "reset" (RST)
     */
    // the bytes exactly as the server sent them; inspected, never compared or hashed
    @SuppressWarnings("ArrayRecordComponent")
    record Answer(byte[] bytes, boolean closed, String how) {

        List<Http2Frames.Frame> frames() {
            return Http2Frames.parse(bytes);
        }

        /** The server's reaction in a few words: "GOAWAY PROTOCOL_ERROR, then closed". */
        String describe() {
            String goaway = frames().stream()
                    .filter(f -> f.type() == Http2Frames.GOAWAY)
                    .findFirst()
                    .map(f -> "GOAWAY " + f.errorName()
                            + (f.debugText().isBlank() ? "" : " (\"" + shorten(f.debugText()) + "\")"))
                    .orElse(bytes.length == 0 ? "no answer" : bytes.length + " bytes, no GOAWAY");
            return goaway + ", then " + (closed ? "the connection " + how : "the connection left open");
        }

        private static String shorten(String text) {
            return text.length() > 60 ? text.substring(0, 60) + "…" : text;
        }
    }
}

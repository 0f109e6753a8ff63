package io.headroom.agent.badinput;

import static io.headroom.agent.badinput.Http2Frames.DATA;
import static io.headroom.agent.badinput.Http2Frames.END_HEADERS;
import static io.headroom.agent.badinput.Http2Frames.HEADERS;
import static io.headroom.agent.badinput.Http2Frames.PING;
import static io.headroom.agent.badinput.Http2Frames.SETTINGS;
import static io.headroom.agent.badinput.Http2Frames.concat;
import static io.headroom.agent.badinput.Http2Frames.frame;
import static io.headroom.agent.badinput.Http2Frames.goodStart;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bytes that are not gRPC, sent over raw sockets to a running agent's port: random bytes,
 * an HTTP/1.1 request, HTTP/2 frames that break the rules, a SETTINGS flood. Each time the
 * agent hangs up on the offender (saying why in a GOAWAY where HTTP/2 has one), a
 * well-behaved console's stream keeps receiving batches throughout, and the heap after GC
 * does not grow by more than {@link HeapAfterGc#ALLOWED_GROWTH_BYTES}.
 */
class MalformedHttp2Test {

    private static final Duration HANG_UP_LIMIT = Duration.ofSeconds(30);
    private static AgentUnderAbuse abused;
    private final Random random = new Random(5);

    @BeforeAll
    static void start() throws IOException {
        abused = new AgentUnderAbuse();
    }

    @AfterAll
    static void stop() {
        abused.close();
    }

    /** Sends {@code bytes} on a new connection each repetition; the agent must hang up every time. */
    private void expectHangUp(String id, String input, java.util.function.IntFunction<byte[]> bytes)
            throws IOException {
        int tries = ReliabilityRow.repetitions();
        long heapBefore = HeapAfterGc.measure();
        abused.watcher.mark();
        Set<String> outcomes = new LinkedHashSet<>();
        for (int i = 0; i < tries; i++) {
            try (var connection = new RawConnection(abused.port())) {
                connection.trySend(bytes.apply(i));
                RawConnection.Answer answer = connection.readUntilClosed(HANG_UP_LIMIT);
                assertThat(answer.closed())
                        .as(input + ": the agent hangs up on it; it answered " + answer.describe())
                        .isTrue();
                outcomes.add(answer.describe());
            }
        }
        String served = abused.watcher.stillServed(5);
        long heapAfter = HeapAfterGc.measure();
        assertThat(heapAfter).as("heap after GC").isLessThan(heapBefore + HeapAfterGc.ALLOWED_GROWTH_BYTES);
        new ReliabilityRow(
                        id,
                        input,
                        tries,
                        String.join("; ", outcomes),
                        served,
                        HeapAfterGc.describe(heapBefore, heapAfter))
                .write();
    }

    private byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    @Test
    void randomBytes() throws IOException {
        expectHangUp("http2-random-bytes", "random bytes (64 KiB a connection)", i -> randomBytes(64 << 10));
    }

    @Test
    void anHttp11Request() throws IOException {
        expectHangUp(
                "http2-bad-preface",
                "bad preface: an HTTP/1.1 GET instead of the HTTP/2 preface",
                i -> "GET /headroom.agent.v1.Agent/GetInventory HTTP/1.1\r\nHost: agent\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aSettingsFrameOfTheWrongLength() throws IOException {
        expectHangUp(
                "http2-settings-length",
                "SETTINGS frame 5 bytes long (must be a multiple of 6)",
                i -> concat(goodStart(), frame(SETTINGS, 0, 0, new byte[5])));
    }

    @Test
    void aFrameLongerThanTheMaximumFrameSize() throws IOException {
        // Says 1 MiB, the agent allows 16 KiB frames: it must refuse on reading the header.
        expectHangUp(
                "http2-frame-too-long",
                "frame header announcing 1 MiB (max frame size is 16 KiB)",
                i -> concat(goodStart(), frame(DATA, 0, 1, 1 << 20, new byte[1024])));
    }

    @Test
    void dataOnTheConnectionStream() throws IOException {
        expectHangUp(
                "http2-data-stream-0",
                "DATA frame on stream 0 (wrong frame type for the connection stream)",
                i -> concat(goodStart(), frame(DATA, 0, 0, randomBytes(64))));
    }

    @Test
    void headersThatAreNotHpack() throws IOException {
        expectHangUp(
                "http2-bad-hpack",
                "HEADERS frame whose header block is random bytes (not HPACK)",
                i -> concat(
                        goodStart(),
                        frame(
                                HEADERS,
                                END_HEADERS,
                                1,
                                concat(
                                        new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
                                        randomBytes(60)))));
    }

    @Test
    void aSettingsFlood() throws Exception {
        int tries = ReliabilityRow.repetitions();
        long heapBefore = HeapAfterGc.measure();
        abused.watcher.mark();
        byte[] chunk = concat(java.util.stream.IntStream.range(0, 1000)
                .mapToObj(i -> frame(SETTINGS, 0, 0, new byte[0]))
                .toArray(byte[][]::new));
        Set<String> outcomes = new LinkedHashSet<>();
        long mostSent = 0;
        long mostAcks = 0;
        for (int i = 0; i < tries; i++) {
            try (var connection = new RawConnection(abused.port())) {
                connection.send(Http2Frames.PREFACE);
                // Never reading the ACKs the agent owes: it must stop queueing them and hang up, not buffer forever.
                AtomicLong sent = new AtomicLong();
                Thread writer = Thread.ofVirtual().start(() -> {
                    for (int k = 0; k < 2_000 && connection.trySend(chunk); k++) {
                        sent.addAndGet(1000);
                    }
                });
                writer.join(HANG_UP_LIMIT.toMillis());
                RawConnection.Answer answer = connection.readUntilClosed(HANG_UP_LIMIT);
                assertThat(sent.get())
                        .as("the agent hung up before 2 million SETTINGS frames")
                        .isLessThan(2_000_000);
                assertThat(answer.closed())
                        .as("the agent hangs up on a SETTINGS flood: " + answer.describe())
                        .isTrue();
                long acks = answer.frames().stream()
                        .filter(f -> f.type() == SETTINGS && f.flags() == Http2Frames.ACK)
                        .count();
                boolean goaway = answer.frames().stream().anyMatch(f -> f.type() == Http2Frames.GOAWAY);
                outcomes.add((goaway ? "GOAWAY" : "no GOAWAY") + ", connection " + answer.how());
                mostSent = Math.max(mostSent, sent.get());
                mostAcks = Math.max(mostAcks, acks);
            }
        }
        String served = abused.watcher.stillServed(5);
        long heapAfter = HeapAfterGc.measure();
        assertThat(heapAfter).as("heap after GC").isLessThan(heapBefore + HeapAfterGc.ALLOWED_GROWTH_BYTES);
        new ReliabilityRow(
                        "http2-settings-flood",
                        "SETTINGS flood: empty SETTINGS frames, ACKs never read",
                        tries,
                        String.format(
                                        "hung up after at most %,d frames, having answered at most %,d ACKs (it stops queueing ACKs "
                                                + "nobody reads): ",
                                        mostSent, mostAcks)
                                + String.join("; ", outcomes),
                        served,
                        HeapAfterGc.describe(heapBefore, heapAfter))
                .write();
    }

    @Test
    void anUnknownFrameTypeIsIgnoredAsHttp2Requires() throws IOException {
        // RFC 9113 §4.1: unknown types MUST be ignored. The connection must stay usable: a PING is answered.
        int tries = ReliabilityRow.repetitions();
        abused.watcher.mark();
        long heapBefore = HeapAfterGc.measure();
        for (int i = 0; i < tries; i++) {
            try (var connection = new RawConnection(abused.port())) {
                connection.send(concat(
                        goodStart(),
                        frame(0xEE, 0, 0, randomBytes(100)),
                        frame(PING, 0, 0, "pingpong".getBytes(StandardCharsets.US_ASCII))));
                assertThat(connection.awaitFrame(PING, Http2Frames.ACK, HANG_UP_LIMIT))
                        .as("the PING after an unknown frame type is answered")
                        .isTrue();
            }
        }
        String served = abused.watcher.stillServed(5);
        long heapAfter = HeapAfterGc.measure();
        assertThat(heapAfter).isLessThan(heapBefore + HeapAfterGc.ALLOWED_GROWTH_BYTES);
        new ReliabilityRow(
                        "http2-unknown-type",
                        "frame of unknown type 0xEE, then a PING",
                        tries,
                        "unknown frame ignored (as HTTP/2 requires), PING answered",
                        served,
                        HeapAfterGc.describe(heapBefore, heapAfter))
                .write();
    }
}

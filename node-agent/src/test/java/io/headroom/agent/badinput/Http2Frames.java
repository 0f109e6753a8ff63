package io.headroom.agent.badinput;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** HTTP/2 frames written by hand (RFC 9113 §4.1), to send what no HTTP/2 library would. */
final class Http2Frames {

    static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    static final int DATA = 0x0;
    static final int HEADERS = 0x1;
    static final int SETTINGS = 0x4;
    static final int PING = 0x6;
    static final int GOAWAY = 0x7;
    static final int END_HEADERS = 0x4;
    static final int ACK = 0x1;

    private Http2Frames() {}

    /** A frame whose header says {@code declaredLength}, whatever the payload really is. */
    static byte[] frame(int type, int flags, int streamId, int declaredLength, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(9 + payload.length);
        b.put((byte) (declaredLength >>> 16)).put((byte) (declaredLength >>> 8)).put((byte) declaredLength);
        b.put((byte) type).put((byte) flags).putInt(streamId & 0x7fffffff).put(payload);
        return b.array();
    }

    static byte[] frame(int type, int flags, int streamId, byte[] payload) {
        return frame(type, flags, streamId, payload.length, payload);
    }

    static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** The preface and an empty SETTINGS frame: a well-formed start of a connection. */
    static byte[] goodStart() {
        return concat(PREFACE, frame(SETTINGS, 0, 0, new byte[0]));
    }

    /** A frame the server sent. */
    // a frame's payload exactly as read off the wire; frames are inspected, never compared or hashed
    @SuppressWarnings("ArrayRecordComponent")
    record Frame(int type, int flags, int streamId, byte[] payload) {
        /** For GOAWAY: the error code's name (RFC 9113 §7). */
        String errorName() {
            int code = ByteBuffer.wrap(payload, 4, 4).getInt();
            String[] names = {
                "NO_ERROR",
                "PROTOCOL_ERROR",
                "INTERNAL_ERROR",
                "FLOW_CONTROL_ERROR",
                "SETTINGS_TIMEOUT",
                "STREAM_CLOSED",
                "FRAME_SIZE_ERROR",
                "REFUSED_STREAM",
                "CANCEL",
                "COMPRESSION_ERROR",
                "CONNECT_ERROR",
                "ENHANCE_YOUR_CALM",
                "INADEQUATE_SECURITY",
                "HTTP_1_1_REQUIRED"
            };
            return code >= 0 && code < names.length ? names[code] : "error " + code;
        }

        /** For GOAWAY: the server's words, if any. */
        String debugText() {
            return payload.length > 8 ? new String(payload, 8, payload.length - 8, StandardCharsets.UTF_8) : "";
        }
    }

    /** Splits what the server sent into frames; a trailing partial frame is ignored. */
    static List<Frame> parse(byte[] bytes) {
        List<Frame> frames = new ArrayList<>();
        int at = 0;
        while (at + 9 <= bytes.length) {
            int length = ((bytes[at] & 0xff) << 16) | ((bytes[at + 1] & 0xff) << 8) | (bytes[at + 2] & 0xff);
            if (at + 9 + length > bytes.length) {
                break;
            }
            int stream = ByteBuffer.wrap(bytes, at + 5, 4).getInt() & 0x7fffffff;
            byte[] payload = java.util.Arrays.copyOfRange(bytes, at + 9, at + 9 + length);
            frames.add(new Frame(bytes[at + 3] & 0xff, bytes[at + 4] & 0xff, stream, payload));
            at += 9 + length;
        }
        return frames;
    }
}

package io.headroom.agent.audit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.headroom.core.audit.AuditChain;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One line of an audit file read strictly, as verify-audit must: valid UTF-8, one JSON object
 * and nothing after it, each field once, only the fields the agent writes (those of the first
 * format, or of the current one), each of them text. A lenient reader would let an edit hide:
 * a duplicated key whose first value is forged, a field added beside the hashed ones, a byte
 * that decodes to a replacement character.
 */
final class AuditLine {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Set<String> CHAIN = Set.of("prev", "hash");

    private AuditLine() {}

    sealed interface Parsed {}

    /** Why the line is not a record, worded to follow "line N". */
    record Unreadable(String problem) implements Parsed {}

    /**
     * A record read from a line, with the fields its hash covers in hashing order.
     *
     * @param sig the signature of the hash, base64; null on a record written before records were signed */
    record Entry(
            long seq,
            List<String> fields,
            String prev,
            String hash,
            String sig,
            String identity,
            String result,
            String reason)
            implements Parsed {
        boolean selfConsistent() {
            return AuditChain.link(prev, fields).equals(hash);
        }

        /** The first record of a new segment, which the agent links to the last record it wrote. */
        boolean segment() {
            return ExecuteRecord.SEGMENT.equals(result) && "agent".equals(identity);
        }
    }

    static Parsed parse(byte[] content, int offset, int length) {
        if (length == 0) {
            return new Unreadable("is empty (the agent never writes an empty line)");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(content, offset, length);
        CharBuffer out = CharBuffer.allocate(length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position() - offset;
            return new Unreadable(String.format(
                    "is not valid UTF-8 (byte 0x%02X at byte %d of the line)", content[in.position()] & 0xff, at + 1));
        }
        String text = out.flip().toString();
        JsonNode node;
        try {
            node = STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage();
            if (message != null && message.startsWith("Duplicate field")) {
                return new Unreadable("has a field twice (" + message + "): a record has each field once, and a "
                        + "reader taking the other value would see a different record");
            }
            return new Unreadable("is not a record (cut short or edited): " + message);
        }
        if (node == null || !node.isObject()) {
            return new Unreadable("is not a record (cut short or edited): not a JSON object");
        }
        List<String> names = node.has("peer") || node.has("replay_of") ? ExecuteRecord.FIELDS : ExecuteRecord.FIELDS_V1;
        Set<String> unknown = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!names.contains(name) && !CHAIN.contains(name) && !name.equals("sig")) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            return new Unreadable("has " + (unknown.size() == 1 ? "a field" : "fields") + " the agent never writes: '"
                    + String.join("', '", unknown) + "'");
        }
        List<String> values = new ArrayList<>();
        for (String field : names) {
            JsonNode value = node.get(field);
            if (value == null) {
                return new Unreadable("has no '" + field + "'");
            }
            if (!value.isTextual()) {
                return new Unreadable("has a '" + field + "' that is not text (the agent writes every field as text)");
            }
            values.add(value.asText());
        }
        for (String field : CHAIN) {
            JsonNode value = node.get(field);
            if (value == null || !value.isTextual() || !value.asText().matches("[0-9a-f]{64}")) {
                return new Unreadable("has no readable '" + field + "' hash");
            }
        }
        JsonNode sig = node.get("sig");
        if (sig != null && (!sig.isTextual() || !sig.asText().matches("[A-Za-z0-9+/]{86}=="))) {
            return new Unreadable("has a 'sig' that is not a signature");
        }
        long seq;
        try {
            seq = Long.parseLong(values.getFirst());
        } catch (NumberFormatException e) {
            return new Unreadable("has a seq that is not a number");
        }
        return new Entry(
                seq,
                values,
                node.get("prev").asText(),
                node.get("hash").asText(),
                sig == null ? null : sig.asText(),
                node.get("identity").asText(),
                node.get("result").asText(),
                node.get("reason").asText());
    }
}

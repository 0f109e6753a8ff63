package io.headroom.agent.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.headroom.core.audit.ChainVerdict;
import io.headroom.core.audit.ChainVerifier;
import io.headroom.core.audit.ChainedRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Checks an agent audit file line by line and says where its chain first breaks. */
public final class AuditFileVerifier {

    private AuditFileVerifier() {}

    /** @throws IOException the file cannot be read at all */
    public static ChainVerdict verify(Path file) throws IOException {
        var verifier = new ChainVerifier();
        long expected = 1;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = AuditFile.JSON.readTree(line);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    return new ChainVerdict.Broken(expected, "line " + lineNumber + " is not a record (cut short or edited): "
                            + e.getOriginalMessage());
                }
                List<String> values = new ArrayList<>();
                for (String field : ExecuteRecord.FIELDS) {
                    JsonNode value = node.get(field);
                    if (value == null || !value.isTextual()) {
                        return new ChainVerdict.Broken(expected, "line " + lineNumber + " has no '" + field + "'");
                    }
                    values.add(value.asText());
                }
                long seq;
                try {
                    seq = Long.parseLong(values.getFirst());
                } catch (NumberFormatException e) {
                    return new ChainVerdict.Broken(expected, "line " + lineNumber + " has a seq that is not a number");
                }
                if (!verifier.accept(new ChainedRecord(seq, values, text(node, "prev"), text(node, "hash")))) {
                    return verifier.verdict();
                }
                expected = seq + 1;
            }
        }
        return verifier.verdict();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null ? null : value.asText();
    }
}

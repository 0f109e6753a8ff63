package io.headroom.agent.reclaim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Reading the error code the Chinese robots put in a 200 answer. */
final class RobotAnswer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RobotAnswer() {}

    /**
     * Null when {@code codeField} is 0; else "{robot} error {code}: {message}". A body that is
     * not JSON, or has no code, is a refusal too: the robot did not say it took the message.
     */
    static String refusal(String robot, String body, String codeField, String messageField) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return robot + " answered with something that is not JSON: " + abbreviate(body);
        }
        JsonNode code = root == null ? null : root.get(codeField);
        if (code == null || !code.canConvertToLong()) {
            return robot + " answered without " + codeField + ": " + abbreviate(body);
        }
        if (code.asLong() == 0) {
            return null;
        }
        JsonNode message = root.get(messageField);
        return robot + " error " + code.asLong() + ": " + (message == null ? "(no message)" : message.asText());
    }

    static String abbreviate(String body) {
        String flat = body.replaceAll("\\s+", " ").strip();
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "…";
    }
}

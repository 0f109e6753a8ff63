package io.headroom.agent.source.redfish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;

/**
 * A BMC's answers as JSON, and the links between its resources ({@code "@odata.id"}). Anything
 * a BMC sends that cannot be used becomes an IOException naming the resource, as an
 * unreachable BMC does: the poll fails for that BMC, the agent goes on.
 */
final class RedfishJson {
    private RedfishJson() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The resource at {@code path} (for the message) from its body. */
    static JsonNode parse(String body, String path) throws IOException {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new IOException(path + " is not valid JSON (line " + (at == null ? "?" : at.getLineNr()) + ": "
                    + e.getOriginalMessage() + ")");
        }
    }

    /** Where {@code "@odata.id"} of {@code reference} points, on the BMC at {@code base}. */
    static URI link(URI base, JsonNode reference, String from) throws IOException {
        String id = reference.path("@odata.id").asText("");
        if (id.isEmpty()) {
            throw new IOException(from + " has a member without an @odata.id");
        }
        try {
            // Only the path is followed, on the configured BMC: the agent sends the BMC's credentials
            // with every request, never to another host an answer names.
            String path = URI.create(id).getRawPath();
            if (path == null || path.isEmpty()) {
                throw new IOException(from + " has a member whose @odata.id '" + abbreviate(id) + "' names no path");
            }
            return base.resolve(path);
        } catch (IllegalArgumentException e) {
            throw new IOException(from + " has a member whose @odata.id '" + abbreviate(id) + "' is not a link");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }
}

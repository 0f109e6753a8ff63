package io.headroom.wire;

/** Where an agent (or relay) listens: {@code host:port}. */
public record AgentEndpoint(String host, int port) {

    public AgentEndpoint {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("agent address has no host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("agent address " + host + ":" + port + " has a port outside 1-65535");
        }
    }

    /**
     * Parses {@code host:port}, {@code [v6addr]:port}; the message of the exception names
     * the text and what is wrong with it.
     */
    public static AgentEndpoint parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        int colon = trimmed.lastIndexOf(':');
        if (trimmed.isEmpty() || colon <= 0 || colon == trimmed.length() - 1) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not an agent address: expected host:port, e.g. gpu-node-17:50051");
        }
        String host = trimmed.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String portText = trimmed.substring(colon + 1);
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not an agent address: port '" + portText + "' is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not an agent address: port " + port + " is outside 1-65535");
        }
        return new AgentEndpoint(host, port);
    }

    /** The gRPC target string. */
    public String target() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }

    @Override
    public String toString() {
        return target();
    }
}

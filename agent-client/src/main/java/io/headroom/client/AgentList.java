package io.headroom.client;

import io.headroom.wire.AgentEndpoint;
import io.headroom.wire.security.SiteSecurity;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A file of agent addresses: one {@code host:port} per line; blank lines and everything
 * after a {@code #} are ignored. Sites generate it from their inventory system, so errors
 * name the file and the line. Lines of the form {@code name = value} set how every agent of
 * the file is reached ({@code tls_ca}, {@code tls_certificate}, {@code tls_private_key},
 * {@code token_file}, {@code plaintext}; see {@link SiteSecurity}): one file per site.
 */
public final class AgentList {
    private AgentList() {}

    /** The agents of one file and the security settings it gives them ({@link SiteSecurity#NONE} when it gives none). */
    public record Site(List<AgentEndpoint> endpoints, SiteSecurity security) {}

    /**
     * Reads the agents listed in a site file.
     *
     * @throws IllegalArgumentException naming the file, the line and what is wrong
     */
    public static List<AgentEndpoint> read(Path file) {
        return readSite(file).endpoints();
    }

    /**
     * Reads a site file: its agents and how to reach them securely.
     *
     * @throws IllegalArgumentException naming the file, the line and what is wrong
     */
    public static Site readSite(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("agents file " + file + " does not exist");
        } catch (MalformedInputException e) {
            throw new IllegalArgumentException("agents file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read agents file " + file + ": " + e.getMessage());
        }
        return parse(file.toString(), lines);
    }

    static Site parse(String source, List<String> lines) {
        List<AgentEndpoint> endpoints = new ArrayList<>();
        SiteSecurity security = SiteSecurity.NONE;
        Map<AgentEndpoint, Integer> firstLine = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int comment = line.indexOf('#');
            String text = (comment >= 0 ? line.substring(0, comment) : line).strip();
            if (text.isEmpty()) {
                continue;
            }
            int lineNumber = i + 1;
            int equals = text.indexOf('=');
            if (equals > 0) {
                try {
                    security = security.with(text.substring(0, equals).strip(), text.substring(equals + 1));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(source + " line " + lineNumber + ": " + e.getMessage());
                }
                continue;
            }
            AgentEndpoint endpoint;
            try {
                endpoint = AgentEndpoint.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + lineNumber + ": " + e.getMessage());
            }
            Integer earlier = firstLine.putIfAbsent(endpoint, lineNumber);
            if (earlier != null) {
                throw new IllegalArgumentException(
                        source + " line " + lineNumber + ": " + endpoint + " is already listed on line " + earlier);
            }
            endpoints.add(endpoint);
        }
        return new Site(endpoints, security);
    }
}

package io.headroom.client;

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
 * name the file and the line.
 */
public final class AgentList {
    private AgentList() {}

    /** @throws IllegalArgumentException naming the file, the line and what is wrong */
    public static List<AgentEndpoint> read(Path file) {
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

    static List<AgentEndpoint> parse(String source, List<String> lines) {
        List<AgentEndpoint> endpoints = new ArrayList<>();
        Map<AgentEndpoint, Integer> firstLine = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int comment = line.indexOf('#');
            String text = (comment >= 0 ? line.substring(0, comment) : line).strip();
            if (text.isEmpty()) {
                continue;
            }
            int lineNumber = i + 1;
            AgentEndpoint endpoint;
            try {
                endpoint = AgentEndpoint.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + lineNumber + ": " + e.getMessage());
            }
            Integer earlier = firstLine.putIfAbsent(endpoint, lineNumber);
            if (earlier != null) {
                throw new IllegalArgumentException(source + " line " + lineNumber + ": " + endpoint
                        + " is already listed on line " + earlier);
            }
            endpoints.add(endpoint);
        }
        return endpoints;
    }
}

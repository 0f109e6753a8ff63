package io.headroom.agent.operations.standalone;

import io.headroom.core.fleet.Node;
import io.headroom.core.fleet.SchedulerState;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What a standalone agent (no scheduler) remembers about its nodes: drained or not, pool,
 * tenant, generation. Kept in a small properties file, rewritten whole and moved into place
 * atomically after every change, so a crash leaves the old or the new state, never half.
 */
public final class NodeBook {

    /** One node's own state; {@code pool} and {@code tenant} null when never reassigned. */
    public record Entry(boolean drained, String pool, String tenant, long generation) {
        static final Entry NEW = new Entry(false, null, null, 1);
    }

    /** The file could not be read: which file and why. */
    public static final class UnreadableBook extends Exception {
        UnreadableBook(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Path file;
    private final Map<String, Entry> entries = new HashMap<>();

    private NodeBook(Path file) {
        this.file = file;
    }

    public static NodeBook open(Path file) throws UnreadableBook {
        NodeBook book = new NodeBook(file);
        if (Files.exists(file)) {
            var properties = new Properties();
            try (Reader in = Files.newBufferedReader(file)) {
                properties.load(in);
            } catch (IOException | IllegalArgumentException e) {
                throw new UnreadableBook("cannot read the standalone node state " + file + ": " + e.getMessage(), e);
            }
            for (String key : properties.stringPropertyNames()) {
                if (key.endsWith(".generation")) {
                    String host = key.substring(0, key.length() - ".generation".length());
                    try {
                        book.entries.put(
                                host,
                                new Entry(
                                        Boolean.parseBoolean(properties.getProperty(host + ".drained")),
                                        properties.getProperty(host + ".pool"),
                                        properties.getProperty(host + ".tenant"),
                                        Long.parseLong(
                                                properties.getProperty(key).strip())));
                    } catch (NumberFormatException e) {
                        throw new UnreadableBook(
                                file + ": " + key + " must be a whole number, was '" + properties.getProperty(key)
                                        + "'",
                                e);
                    }
                }
            }
        }
        return book;
    }

    public synchronized Entry get(String host) {
        return entries.getOrDefault(host, Entry.NEW);
    }

    /** Records a change and bumps the node's generation; on disk before it returns. */
    public synchronized Entry change(String host, boolean drained, String pool, String tenant) throws IOException {
        Entry old = get(host);
        Entry next = new Entry(
                drained,
                pool == null ? old.pool() : pool,
                tenant == null ? old.tenant() : tenant,
                old.generation() + 1);
        entries.put(host, next);
        try {
            save();
        } catch (IOException e) {
            entries.put(host, old); // not on disk, so not done
            throw e;
        }
        return next;
    }

    /** The node as the inventory should report it: the book's state over what the sources found. */
    public synchronized Node overlay(Node node) {
        Entry entry = entries.get(node.hostname());
        if (entry == null) {
            return node;
        }
        SchedulerState state = entry.drained()
                ? SchedulerState.DRAINED
                : node.schedulerState() == SchedulerState.DRAINED ? SchedulerState.IDLE : node.schedulerState();
        return new Node(
                node.hostname(),
                node.serial(),
                node.rackId(),
                node.uPosition(),
                node.uHeight(),
                entry.pool() == null ? node.pool() : entry.pool(),
                entry.tenant() == null ? node.tenant() : entry.tenant(),
                state,
                entry.generation(),
                node.sampleIntervalMs(),
                node.accelerators());
    }

    private void save() throws IOException {
        var properties = new Properties();
        entries.forEach((host, entry) -> {
            properties.setProperty(host + ".drained", Boolean.toString(entry.drained()));
            properties.setProperty(host + ".generation", Long.toString(entry.generation()));
            if (entry.pool() != null) {
                properties.setProperty(host + ".pool", entry.pool());
            }
            if (entry.tenant() != null) {
                properties.setProperty(host + ".tenant", entry.tenant());
            }
        });
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE)) {
                properties.store(out, "Headroom agent: standalone node state (drained, pool, tenant, generation)");
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}

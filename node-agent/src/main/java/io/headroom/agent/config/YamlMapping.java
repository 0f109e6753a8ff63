package io.headroom.agent.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * One mapping of the configuration file, read key by key. Every value keeps the line it came
 * from, so each complaint names the file, the line and the dotted key
 * ("agent.yaml line 7: sources.nvidia_smi.interval_ms must be ...").
 */
final class YamlMapping {

    private final String file;
    private final String path; // dotted key of this mapping, "" at the top
    private final Node node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private YamlMapping(String file, String path, Node node, MappingNode mapping) throws ConfigException {
        this.file = file;
        this.path = path;
        this.node = node;
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw new ConfigException(at(tuple.getKeyNode()) + "keys must be plain words");
            }
            if (entries.put(key.getValue(), tuple) != null) {
                throw new ConfigException(at(key) + qualified(key.getValue()) + " is given twice");
            }
        }
    }

    static YamlMapping root(String file, Node node) throws ConfigException {
        if (!(node instanceof MappingNode mapping)) {
            throw new ConfigException(
                    lineOf(file, node) + "the file must be a mapping of settings (key: value), not " + describe(node));
        }
        return new YamlMapping(file, "", node, mapping);
    }

    /** Refuses keys not in {@code known}, suggesting the closest known one. */
    void allowOnly(Set<String> known) throws ConfigException {
        for (var entry : entries.entrySet()) {
            if (!known.contains(entry.getKey())) {
                String suggestion = Suggestions.closest(entry.getKey(), known);
                throw new ConfigException(
                        at(entry.getValue().getKeyNode()) + "unknown setting " + qualified(entry.getKey())
                                + (suggestion == null ? "" : "; did you mean " + qualified(suggestion) + "?")
                                + " (known here: " + String.join(", ", known) + ")");
            }
        }
    }

    /** The keys written here, in the file's order. */
    List<String> keys() {
        return List.copyOf(entries.keySet());
    }

    boolean has(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple != null && !isNull(tuple.getValueNode());
    }

    /** Whether {@code key} holds a single word (a scalar) rather than a section, e.g. {@code tls: off}. */
    boolean isWord(String key) {
        Node value = value(key);
        return value instanceof ScalarNode;
    }

    /** The nested mapping under {@code key}, or null when absent or empty ({@code key:} alone). */
    YamlMapping mapping(String key) throws ConfigException {
        Node value = value(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof MappingNode mapping)) {
            throw new ConfigException(
                    at(value) + qualified(key) + " must be a section of settings, was " + describe(value));
        }
        return new YamlMapping(file, qualified(key), value, mapping);
    }

    /**
     * A source's section: present even when written as {@code nvidia_smi:} with nothing under
     * it (all defaults), null only when the key is absent.
     */
    YamlMapping section(String key) throws ConfigException {
        NodeTuple tuple = entries.get(key);
        if (tuple == null) {
            return null;
        }
        if (isNull(tuple.getValueNode())) {
            Node at = tuple.getKeyNode();
            return new YamlMapping(
                    file,
                    qualified(key),
                    at,
                    new MappingNode(
                            Tag.MAP, true, new ArrayList<>(), FlowStyle.BLOCK, at.getStartMark(), at.getEndMark()));
        }
        return mapping(key);
    }

    /** The mappings listed under {@code key} (each "- url: ..." entry), empty when absent. */
    List<YamlMapping> mappings(String key) throws ConfigException {
        Node value = value(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof SequenceNode sequence)) {
            throw new ConfigException(
                    at(value) + qualified(key) + " must be a list (lines starting with '- '), was " + describe(value));
        }
        List<YamlMapping> items = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            Node item = sequence.getValue().get(i);
            if (!(item instanceof MappingNode mapping)) {
                throw new ConfigException(
                        at(item) + qualified(key) + "[" + i + "] must be a section of settings, was " + describe(item));
            }
            items.add(new YamlMapping(file, qualified(key) + "[" + i + "]", item, mapping));
        }
        return items;
    }

    /** The words listed under {@code key} ({@code [a, b]} or lines of "- a"); one word alone is a list of one. */
    List<String> words(String key) throws ConfigException {
        Node value = value(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof ScalarNode scalar) {
            return List.of(scalar.getValue());
        }
        if (!(value instanceof SequenceNode sequence)) {
            throw new ConfigException(at(value) + qualified(key) + " must be a list of words, was " + describe(value));
        }
        List<String> words = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            if (!(item instanceof ScalarNode scalar) || scalar.getValue().isBlank()) {
                throw new ConfigException(
                        at(item) + qualified(key) + " must be a list of words, has " + describe(item));
            }
            words.add(scalar.getValue());
        }
        return words;
    }

    /** "agent.yaml line 12: notify.webhooks[0]": where this section is, to name it in a later complaint. */
    String here() {
        return at(node) + path;
    }

    String string(String key, String fallback) throws ConfigException {
        Node value = value(key);
        return value == null ? fallback : scalar(key, value, "a word or a quoted string");
    }

    int integer(String key, int fallback, int min, int max, String what) throws ConfigException {
        Node value = value(key);
        if (value == null) {
            return fallback;
        }
        String text = scalar(key, value, what);
        long number;
        try {
            number = Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new ConfigException(at(value) + qualified(key) + " must be " + what + ", was '" + text + "'");
        }
        if (number < min || number > max) {
            throw new ConfigException(
                    at(value) + qualified(key) + " must be between " + min + " and " + max + ", was " + number);
        }
        return (int) number;
    }

    long longValue(String key, long fallback, String what) throws ConfigException {
        Node value = value(key);
        if (value == null) {
            return fallback;
        }
        String text = scalar(key, value, what);
        try {
            return Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new ConfigException(at(value) + qualified(key) + " must be " + what + ", was '" + text + "'");
        }
    }

    double decimal(String key, double fallback, double min, String what) throws ConfigException {
        Node value = value(key);
        if (value == null) {
            return fallback;
        }
        String text = scalar(key, value, what);
        double number;
        try {
            number = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new ConfigException(at(value) + qualified(key) + " must be " + what + ", was '" + text + "'");
        }
        if (!(number >= min) || Double.isInfinite(number)) {
            throw new ConfigException(at(value) + qualified(key) + " must be at least " + min + ", was " + text);
        }
        return number;
    }

    boolean bool(String key, boolean fallback) throws ConfigException {
        Node value = value(key);
        if (value == null) {
            return fallback;
        }
        String text = scalar(key, value, "true or false");
        return switch (text) {
            case "true", "True", "TRUE" -> true;
            case "false", "False", "FALSE" -> false;
            default ->
                throw new ConfigException(at(value) + qualified(key) + " must be true or false, was '" + text + "'");
        };
    }

    /** One of {@code choices}, as written (lower case). */
    String choice(String key, String fallback, List<String> choices) throws ConfigException {
        Node value = value(key);
        if (value == null) {
            return fallback;
        }
        String text = scalar(key, value, "one of " + String.join(", ", choices));
        if (!choices.contains(text)) {
            throw new ConfigException(at(value) + qualified(key) + " must be one of " + String.join(", ", choices)
                    + ", was '" + text + "'");
        }
        return text;
    }

    /** A file path; with {@code mustExist}, a file that is there and readable now. */
    Path path(String key, boolean mustExist) throws ConfigException {
        Node value = value(key);
        if (value == null) {
            return null;
        }
        String text = scalar(key, value, "a file path");
        if (text.isBlank()) {
            return null;
        }
        Path path = Path.of(text);
        if (mustExist && !java.nio.file.Files.isReadable(path)) {
            throw new ConfigException(at(value) + qualified(key) + ": cannot read " + text
                    + (java.nio.file.Files.exists(path) ? " (permission denied)" : " (no such file)"));
        }
        return path;
    }

    /** An http or https URL with a host. */
    URI url(String key, URI fallback, boolean httpsAllowed) throws ConfigException {
        Node value = value(key);
        if (value == null) {
            return fallback;
        }
        String text = scalar(key, value, "a URL");
        try {
            URI uri = new URI(text);
            boolean schemeOk = "http".equals(uri.getScheme()) || (httpsAllowed && "https".equals(uri.getScheme()));
            if (!schemeOk || uri.getHost() == null) {
                throw new URISyntaxException(text, "not an http" + (httpsAllowed ? "(s)" : "") + " URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(at(value) + qualified(key) + " must be an http" + (httpsAllowed ? "(s)" : "")
                    + " URL such as http://127.0.0.1:9400/metrics, was '" + text + "'");
        }
    }

    /** A complaint about {@code key} pointing at its line, for checks made by the caller. */
    ConfigException error(String key, String reason) {
        NodeTuple tuple = entries.get(key);
        Node at = tuple == null ? node : tuple.getValueNode();
        return new ConfigException(at(at) + qualified(key) + " " + reason);
    }

    /** A complaint about this whole section, pointing at where it starts. */
    ConfigException sectionError(String reason) {
        return new ConfigException(at(node) + (path.isEmpty() ? "" : path + ": ") + reason);
    }

    String qualified(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private Node value(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null || isNull(tuple.getValueNode()) ? null : tuple.getValueNode();
    }

    private String scalar(String key, Node value, String what) throws ConfigException {
        if (!(value instanceof ScalarNode scalar)) {
            throw new ConfigException(at(value) + qualified(key) + " must be " + what + ", was " + describe(value));
        }
        return scalar.getValue();
    }

    /** `key:` with nothing after it, or `~` / `null`: the same as leaving the key out. */
    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar
                && scalar.isPlain()
                && (scalar.getValue().isEmpty()
                        || scalar.getValue().equals("~")
                        || scalar.getValue().equals("null"));
    }

    private String at(Node node) {
        return lineOf(file, node);
    }

    static String lineOf(String file, Node node) {
        return node == null
                ? file + ": "
                : node.getStartMark().map(m -> lineOf(file, m)).orElse(file + ": ");
    }

    static String lineOf(String file, Mark mark) {
        return file + " line " + (mark.getLine() + 1) + ": ";
    }

    private static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a section";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return node instanceof ScalarNode scalar ? "'" + scalar.getValue() + "'" : "empty";
    }
}

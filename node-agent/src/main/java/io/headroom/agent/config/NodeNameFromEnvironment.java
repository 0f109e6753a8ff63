package io.headroom.agent.config;

import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * {@code scheduler.kubernetes.node_name}, or the environment variable {@code node_name_from_env}
 * names. In a DaemonSet one ConfigMap serves every node, so the node's name cannot be written in
 * it; the pod gets it from the downward API ({@code fieldRef: spec.nodeName}) as a variable. A
 * pod's hostname is not always its node's name (cloud nodes are often named by their FQDN).
 */
final class NodeNameFromEnvironment {

    private static final String KEY = "node_name_from_env";
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private NodeNameFromEnvironment() {}

    /** The node name the section gives, directly or through the environment; empty when it gives none. */
    static String read(YamlMapping section, UnaryOperator<String> environment) throws ConfigException {
        String written = section.string("node_name", "");
        String variable = section.string(KEY, "");
        if (variable.isEmpty()) {
            if (section.has(KEY)) {
                throw section.error(KEY, "is empty; name an environment variable such as NODE_NAME, or remove it");
            }
            return written;
        }
        if (!written.isEmpty()) {
            throw section.error(KEY, "cannot be combined with node_name: choose one");
        }
        if (!VARIABLE.matcher(variable).matches()) {
            throw section.error(
                    KEY, "must be the name of an environment variable (letters, digits, '_'), was '" + variable + "'");
        }
        String value = environment.apply(variable);
        if (value == null || value.isBlank()) {
            throw section.error(
                    KEY,
                    "names " + variable + ", which is " + (value == null ? "not set" : "empty")
                            + " in the agent's environment (a DaemonSet sets it from the downward API:"
                            + " valueFrom.fieldRef.fieldPath: spec.nodeName)");
        }
        if (!KubernetesNames.isNodeName(value)) {
            throw section.error(
                    KEY,
                    "names " + variable + ", whose value '" + value + "' is not a Kubernetes node name"
                            + " (lower-case letters, digits, '-' and '.')");
        }
        return value;
    }
}

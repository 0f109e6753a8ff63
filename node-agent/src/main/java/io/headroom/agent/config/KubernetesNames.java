package io.headroom.agent.config;

import java.util.regex.Pattern;

/** The shapes Kubernetes allows for the names the agent's configuration may hold. */
final class KubernetesNames {

    /** RFC 1123 subdomain: what a Node's name must be. */
    private static final Pattern SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    /** The name part of a label key: 63 characters, alphanumeric at both ends. */
    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");

    private KubernetesNames() {}

    /** RFC 1123 label: what a namespace's name must be. */
    static boolean isNamespace(String name) {
        return name.length() <= 63 && name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }

    static boolean isNodeName(String name) {
        return name.length() <= 253 && SUBDOMAIN.matcher(name).matches();
    }

    /** {@code name} or {@code prefix/name}, the prefix a DNS subdomain. */
    static boolean isLabelKey(String key) {
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0 && !isNodeName(key.substring(0, slash))) {
            return false;
        }
        return name.length() <= 63 && LABEL_NAME.matcher(name).matches();
    }
}

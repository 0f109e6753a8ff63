package io.headroom.agent.operations.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** What the API server said, in one line: its own message and code, not a stack trace. */
final class KubernetesWords {

    private KubernetesWords() {}

    static String of(KubernetesClientException e) {
        String said = e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : e.getCause() != null && e.getCode() == 0 ? e.getCause().getMessage() : e.getMessage();
        String code = e.getCode() > 0 ? " (HTTP " + e.getCode() + ")" : "";
        String line = said == null
                ? e.getClass().getSimpleName()
                : said.lines().findFirst().orElse(said);
        return line + code;
    }
}

package io.headroom.agent.tls;

/**
 * A certificate or key file the agent cannot serve TLS with. The message names the setting,
 * the file and the reason ("tls.private_key /etc/headroom/agent.key is encrypted; ..."), as it
 * is shown to the operator.
 */
public final class TlsFileException extends Exception {
    public TlsFileException(String message) {
        super(message);
    }
}

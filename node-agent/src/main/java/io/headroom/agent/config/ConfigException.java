package io.headroom.agent.config;

/**
 * A configuration file the agent cannot run with. The message is meant for the operator as
 * it stands: the file, the line and the reason ("agent.yaml line 7: ...").
 */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}

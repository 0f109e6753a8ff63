package io.headroom.app;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** How this console names itself to agents, for their logs. */
public final class ConsoleIdentity {
    private ConsoleIdentity() {}

    /** Who acts through this console, for the audit log: the login name at this machine. */
    public static String operator() {
        return System.getProperty("user.name", "unknown") + "@" + hostname();
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    static String clientName() {
        try {
            return "headroom-console@" + InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "headroom-console@unknown-host";
        }
    }
}

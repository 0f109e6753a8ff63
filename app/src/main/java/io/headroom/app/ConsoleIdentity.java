package io.headroom.app;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** How this console names itself to agents, for their logs. */
final class ConsoleIdentity {
    private ConsoleIdentity() {}

    static String clientName() {
        try {
            return "headroom-console@" + InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "headroom-console@unknown-host";
        }
    }
}

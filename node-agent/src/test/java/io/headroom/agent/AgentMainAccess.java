package io.headroom.agent;

import java.io.PrintWriter;

/** Lets tests in other packages run the command line without System.exit. */
public final class AgentMainAccess {
    private AgentMainAccess() {}

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return AgentMain.run(args, out, err);
    }
}

package io.headroom.agent.audit;

import io.headroom.agent.AgentMainAccess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** What the audit tests write and how they run {@code verify-audit}: the same drains, the same command. */
final class AuditTrails {

    private AuditTrails() {}

    /** What {@code headroom-agent verify-audit} exited with and printed. */
    record Run(int code, String out, String err) {}

    /** Drain number {@code i} of gpu-node-0i by alice, applied, with the given reason. */
    static ExecuteRecord drain(int i, String reason) {
        return new ExecuteRecord(
                Instant.parse("2026-11-02T08:00:00Z").plusSeconds(i),
                "alice",
                "operator",
                "token",
                "alice@laptop",
                "drain",
                "gpu-node-0" + i,
                reason,
                false,
                "key-" + i,
                "APPLIED",
                "drained");
    }

    /** As {@link #drain(int, String)}, "swap PSU", asked from 10.0.0.7. */
    static ExecuteRecord drainFromPeer(int i) {
        return new ExecuteRecord(
                Instant.parse("2026-11-02T08:00:00Z").plusSeconds(i),
                "alice",
                "operator",
                "token",
                "alice@laptop",
                "drain",
                "gpu-node-0" + i,
                "swap PSU",
                false,
                "key-" + i,
                "APPLIED",
                "drained",
                "10.0.0.7",
                "");
    }

    /** A new audit file at {@code file} holding drains 1 to {@code count} from 10.0.0.7. */
    static void writeDrains(Path file, int count) throws Exception {
        try (var audit = AuditFile.open(file)) {
            for (int i = 1; i <= count; i++) {
                audit.append(drainFromPeer(i));
            }
        }
    }

    /** Runs {@code verify-audit} with {@code arguments} as the agent's command line would. */
    static Run verify(String... arguments) {
        var out = new StringWriter();
        var err = new StringWriter();
        String[] args = new String[arguments.length + 1];
        args[0] = "verify-audit";
        System.arraycopy(arguments, 0, args, 1, arguments.length);
        int code = AgentMainAccess.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** {@link #verify} with the options first and the file last. */
    static Run verifyFile(Path file, String... options) {
        String[] args = List.of(options).toArray(new String[options.length + 1]);
        args[options.length] = file.toString();
        return verify(args);
    }
}

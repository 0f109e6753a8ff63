package io.headroom.agent.source.nvidia;

import io.headroom.agent.Fixtures;
import io.headroom.agent.StandIn;
import java.nio.file.Path;

/**
 * A stand-in nvidia-smi, for tests in any package: {@code -q -x} prints an XML fixture,
 * {@code --help-query-gpu} a capture's field list, and the running query that capture's row
 * under load (with the inventory's GPU UUID, since the captures mask theirs) every 50 ms.
 */
public final class NvidiaSmiStandIn {
    private NvidiaSmiStandIn() {}

    /**
     * Creates a stand-in nvidia-smi that prints the fixtures.
     *
     * @param queryPrelude shell lines the running query runs before it starts printing (to hang or die on cue), or ""
     */
    public static StandIn create(Path dir, String capture, String xmlFixture, String uuid, String queryPrelude) {
        return printing(dir, capture, Fixtures.read(xmlFixture), uuid, queryPrelude);
    }

    /** The same, with {@code -q -x} printing {@code xml} itself (a hand-written inventory). */
    public static StandIn printing(Path dir, String capture, String xml, String uuid, String queryPrelude) {
        return StandIn.script(dir, "nvidia-smi", """
                case "$1" in
                  --help-query-gpu) cat "$D/help.txt" ;;
                  -q) cat "$D/query.xml" ;;
                  --query-gpu=*) %s
                     while :; do cat "$D/samples.csv"; sleep 0.05; done ;;
                esac
                """.formatted(queryPrelude))
                .file(
                        "help.txt",
                        String.join("\n", Fixtures.captureSection(capture, "nvidia-smi --help-query-gpu", 0)) + "\n")
                .file("query.xml", xml)
                .file("samples.csv", NvidiaTestLines.lineOf(capture, NvidiaTestLines.fieldsOf(capture), uuid));
    }
}

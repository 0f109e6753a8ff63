package io.headroom.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.agent.AgentMainAccess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class AgentCommandLineTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return AgentMainAccess.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void anUnknownOptionIsNamedAndExitsWithUsageError() {
        assertThat(run("--simulate", "--gpsu", "8")).isEqualTo(2);
        assertThat(err.toString())
                .contains("'--gpsu'", "Possible solutions: --gpus")
                .doesNotContain("Exception");
    }

    @Test
    void noSourceIsExplained() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("pass --simulate").contains("--relay");
    }

    @Test
    void aRelayNeedsUpstreamsThatAreAddresses() {
        assertThat(run("--relay")).isEqualTo(2);
        assertThat(err.toString()).contains("--relay needs at least one --upstream HOST:PORT");
        assertThat(run("--relay", "--upstream", "nodeA")).isEqualTo(2);
        assertThat(err.toString()).contains("--upstream: 'nodeA' is not an agent address");
    }

    @Test
    void anOutOfRangeValueIsExplained() {
        assertThat(run("--simulate", "--port", "70000")).isEqualTo(2);
        assertThat(err.toString()).contains("--port must be between 0 and 65535, was 70000");
    }

    @Test
    void aPortInUseIsNamedWithoutAStackTrace() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int code = run("--simulate", "--gpus", "64", "--port", String.valueOf(taken.getLocalPort()));
            assertThat(code).isEqualTo(1);
            assertThat(err.toString())
                    .contains("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void dcgmEndpointsAreForASimulatedFleetOnly() {
        assertThat(run("--relay", "--upstream", "127.0.0.1:1", "--dcgm-port", "0"))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("--dcgm-port serves a simulated fleet's GPUs in dcgm-exporter format; it needs --simulate");
    }

    @Test
    void groupingThePastAheadIsForASimulatedFleetOnly() {
        assertThat(run("--relay", "--upstream", "127.0.0.1:1", "--group-past-ahead"))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("--group-past-ahead groups a simulated fleet's modelled past; it needs --simulate");
    }

    @Test
    void anUnknownDcgmGroupingIsNamed() {
        assertThat(run("--simulate", "--gpus", "64", "--port", "0", "--dcgm-port", "0", "--dcgm-endpoints", "shelf"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--dcgm-endpoints: 'shelf' is not an endpoint grouping; use rack or node");
    }

    @Test
    void aDcgmPortInUseIsNamedWithoutAStackTrace() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int code = run(
                    "--simulate", "--gpus", "64", "--port", "0", "--dcgm-port", String.valueOf(taken.getLocalPort()));
            assertThat(code).isEqualTo(1);
            assertThat(err.toString())
                    .contains("dcgm-exporter port " + taken.getLocalPort() + " on 127.0.0.1 is already in use")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void versionAndHelpWork() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("headroom-agent ");
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--simulate", "--port", "--gpus");
    }
}

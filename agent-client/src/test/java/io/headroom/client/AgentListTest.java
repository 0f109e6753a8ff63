package io.headroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.wire.AgentEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentListTest {

    @Test
    void readsOneAddressPerLineIgnoringCommentsAndBlanks(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("agents.txt");
        Files.writeString(file, """
                # hall 3, row C
                gpu-h3-c01:50051
                gpu-h3-c02:50051   # replaced PSU 2026-11-02

                [fd00::17]:50051
                """);
        assertThat(AgentList.read(file))
                .containsExactly(
                        new AgentEndpoint("gpu-h3-c01", 50051),
                        new AgentEndpoint("gpu-h3-c02", 50051),
                        new AgentEndpoint("fd00::17", 50051));
    }

    @Test
    void namesTheFileAndLineOfABadAddress() {
        assertThatThrownBy(() -> AgentList.parse("agents.txt", List.of("a:1", "", "gpu17")))
                .hasMessage(
                        "agents.txt line 3: 'gpu17' is not an agent address: expected host:port, e.g. gpu-node-17:50051");
    }

    @Test
    void aRepeatedAddressIsAMistakeNotASecondConnection() {
        assertThatThrownBy(() -> AgentList.parse("agents.txt", List.of("a:1", "b:2", "a:1")))
                .hasMessage("agents.txt line 3: a:1 is already listed on line 1");
    }

    @Test
    void aMissingOrBinaryFileIsNamed(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> AgentList.read(dir.resolve("nope.txt")))
                .hasMessageContaining("nope.txt does not exist");
        Path binary = dir.resolve("agents.bin");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertThatThrownBy(() -> AgentList.read(binary)).hasMessageContaining("is not UTF-8 text");
    }

    @Test
    void anAgentsFileCarriesItsSitesTlsSettings() {
        var site = AgentList.parse(
                "hall3.agents",
                List.of(
                        "tls_ca = /etc/headroom/hall3/ca.crt   # the site CA",
                        "token_file=/etc/headroom/hall3/console.token",
                        "relay-hall3:50100"));
        assertThat(site.endpoints()).containsExactly(new AgentEndpoint("relay-hall3", 50100));
        assertThat(site.security().ca()).isEqualTo(Path.of("/etc/headroom/hall3/ca.crt"));
        assertThat(site.security().tokenFile()).isEqualTo(Path.of("/etc/headroom/hall3/console.token"));
        assertThatThrownBy(() -> AgentList.parse("hall3.agents", List.of("tls_cert = x")))
                .hasMessageStartingWith("hall3.agents line 1: unknown setting 'tls_cert'");
    }
}

package io.headroom.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.headroom.protocol.v1.AgentGrpc;
import io.headroom.protocol.v1.GetInventoryRequest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent image the build wrote (target/headroom-agent-image.tar, OCI layout): what skopeo
 * reads from it, and its agent started from its own layers (unpacked, then chroot: no container
 * runtime needed) with its own entrypoint and packaged configuration, against the simulator.
 */
class AgentImageIT {

    private static final Path TAR = Path.of(System.getProperty("headroom.image.tar"));
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Above the 68 MiB measured (docs/kubernetes.md): a runtime or a jar that crept in shows here. */
    private static final long MAX_COMPRESSED_BYTES = 100L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void skopeoSeesANonRootAgentWithItsEntrypointAndConfiguration() throws Exception {
        var skopeo = Tool.find("skopeo");
        if (skopeo.isEmpty()) {
            assertThat(System.getenv("HEADROOM_REQUIRE_SKOPEO"))
                    .as("HEADROOM_REQUIRE_SKOPEO=1 but skopeo is not installed")
                    .isNotEqualTo("1");
            assumeTrue(false, "skopeo is not installed (apt-get install skopeo): the image tarball is not inspected");
        }
        JsonNode config = JSON.readTree(run(skopeo.get(), "inspect", "--config", "oci-archive:" + TAR));
        JsonNode container = config.get("config");
        assertThat(container.get("User").asText()).isEqualTo("65532:65532");
        assertThat(strings(container.get("Entrypoint")))
                .startsWith("/opt/java/bin/java")
                .endsWith("-cp", "@/app/jib-classpath-file", "io.headroom.agent.AgentMain");
        assertThat(strings(container.get("Cmd"))).containsExactly("--config", "/etc/headroom/agent.yaml");
        assertThat(config.get("architecture").asText()).isEqualTo("amd64");

        JsonNode manifest = JSON.readTree(run(skopeo.get(), "inspect", "--raw", "oci-archive:" + TAR));
        long compressed = 0;
        for (JsonNode layer : manifest.get("layers")) {
            compressed += layer.get("size").asLong();
        }
        Files.createDirectories(TAR.getParent());
        Files.writeString(
                TAR.resolveSibling("headroom-agent-image.size"),
                "compressed layers: " + compressed + " bytes (" + compressed / (1024 * 1024) + " MiB), tarball: "
                        + Files.size(TAR) + " bytes, " + manifest.get("layers").size() + " layers\n");
        assertThat(compressed).isBetween(20L * 1024 * 1024, MAX_COMPRESSED_BYTES);
    }

    @Test
    void theImagesAgentStartsFromItsOwnLayersAgainstTheSimulatorAndItsRelayServesIt() throws Exception {
        assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "not root: the image's layers are started with chroot, which needs root");
        Path root = unpack(TAR, dir);
        JsonNode config = imageConfig(dir).get("config");
        List<String> agentCommand = new ArrayList<>(strings(config.get("Entrypoint")));
        agentCommand.addAll(strings(config.get("Cmd"))); // the packaged /etc/headroom/agent.yaml
        agentCommand.addAll(List.of("--simulate", "--gpus", "64", "--port", "0"));
        Process agent = startIn(root, agentCommand);
        try {
            int agentPort = portSaid(agent, "serving a simulated fleet of 64 GPUs .* at 127\\.0\\.0\\.1:(\\d+)");
            assertThat(nodesServedAt(agentPort)).isEqualTo(8);

            // The relay: the same image with relay arguments, as the relay Deployment runs it.
            List<String> relayCommand = new ArrayList<>(strings(config.get("Entrypoint")));
            relayCommand.addAll(List.of("--relay", "--upstream", "127.0.0.1:" + agentPort, "--port", "0"));
            Process relay = startIn(root, relayCommand);
            try {
                int relayPort = portSaid(relay, "relaying 1 upstream agents on 127\\.0\\.0\\.1:(\\d+)");
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(
                                () -> assertThat(nodesServedAt(relayPort)).isEqualTo(8));
            } finally {
                stop(relay);
            }
        } finally {
            stop(agent);
        }
    }

    /**
     * Runs {@code command} inside the image's root as its user 65532, with what a container
     * runtime gives every container: its own /proc (the dynamic loader finds the runtime's
     * libraries from /proc/self/exe) and /dev, in mount and PID namespaces of its own.
     */
    private static Process startIn(Path root, List<String> command) throws Exception {
        Files.createDirectories(root.resolve("proc"));
        Files.createDirectories(root.resolve("dev"));
        List<String> line = new ArrayList<>(List.of(
                "unshare",
                "--mount",
                "--pid",
                "--fork",
                "--kill-child",
                "--mount-proc=" + root.resolve("proc"),
                "sh",
                "-c",
                "mount --bind /dev \"$0/dev\" && exec chroot --userspec=65532:65532 \"$0\" \"$@\"",
                root.toString()));
        line.addAll(command);
        return new ProcessBuilder(line).redirectErrorStream(true).start();
    }

    /** The port in the first line of the program's output that matches {@code said}. */
    private static int portSaid(Process process, String said) throws Exception {
        var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Pattern pattern = Pattern.compile(said);
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            seen.append(line).append('\n');
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                // Read the rest away, so a full pipe never stops the program mid-test.
                Thread.ofVirtual().start(() -> {
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    } catch (java.io.IOException closed) {
                        // The program ended: nothing more to read.
                    }
                });
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("it never said /" + said + "/; its output:\n" + seen);
    }

    private static int nodesServedAt(int port) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port)
                .usePlaintext()
                .build();
        try {
            return AgentGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(20, TimeUnit.SECONDS)
                    .getInventory(GetInventoryRequest.getDefaultInstance())
                    .getNodesCount();
        } finally {
            channel.shutdownNow();
        }
    }

    /**
     * Ends the program started by {@link #startIn}. Not through unshare: chroot's change of user
     * clears the parent-death signal {@code --kill-child} relies on, so the program itself (a
     * descendant of unshare) is told to stop, then unshare ends with it.
     */
    private static void stop(Process process) throws Exception {
        List<ProcessHandle> inside = process.descendants().toList();
        inside.forEach(ProcessHandle::destroy);
        for (ProcessHandle program : inside) {
            try {
                program.onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException stuck) {
                program.destroyForcibly();
                program.onExit().get(10, TimeUnit.SECONDS);
            }
        }
        process.destroy();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("unshare ended").isTrue();
        assertThat(inside).as("nothing left running").noneMatch(ProcessHandle::isAlive);
    }

    /** The image's filesystem: every layer of its manifest, in order, into {@code into}/root. */
    private static Path unpack(Path tar, Path into) throws Exception {
        Path layout = Files.createDirectories(into.resolve("layout"));
        run("tar", "-xf", tar.toString(), "-C", layout.toString());
        JsonNode manifest = manifest(layout);
        Path root = Files.createDirectories(into.resolve("root"));
        for (JsonNode layer : manifest.get("layers")) {
            run("tar", "-xzf", blob(layout, layer).toString(), "-C", root.toString());
        }
        return root;
    }

    private static JsonNode imageConfig(Path into) throws Exception {
        Path layout = into.resolve("layout");
        return JSON.readTree(blob(layout, manifest(layout).get("config")).toFile());
    }

    private static JsonNode manifest(Path layout) throws Exception {
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        return JSON.readTree(blob(layout, index.get("manifests").get(0)).toFile());
    }

    private static Path blob(Path layout, JsonNode descriptor) {
        String digest = descriptor.get("digest").asText(); // "sha256:<hex>"
        int colon = digest.indexOf(':');
        return layout.resolve("blobs").resolve(digest.substring(0, colon)).resolve(digest.substring(colon + 1));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + ":\n" + out)
                .isZero();
        return out;
    }
}

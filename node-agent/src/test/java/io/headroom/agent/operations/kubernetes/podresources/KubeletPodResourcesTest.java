package io.headroom.agent.operations.kubernetes.podresources;

import static io.headroom.agent.operations.kubernetes.podresources.FakeKubelet.container;
import static io.headroom.agent.operations.kubernetes.podresources.FakeKubelet.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PodResources client against a kubelet stand-in on a real unix socket in a temporary
 * folder, and against every way the socket can fail: missing, not a socket, nobody listening,
 * an answer that is not the proto, no answer before the deadline.
 */
class KubeletPodResourcesTest {

    private static final String SETTING = "scheduler.kubernetes.pod_resources_socket";

    @TempDir
    Path dir;

    private FakeKubelet kubelet;
    private KubeletPodResources client;

    @AfterEach
    void close() throws Exception {
        if (client != null) {
            client.close();
        }
        if (kubelet != null) {
            kubelet.close();
        }
    }

    /** A generous deadline: the first call of a test JVM loads the epoll transport. */
    private KubeletPodResources client(Path socket) {
        return client(socket, Duration.ofSeconds(5));
    }

    private KubeletPodResources client(Path socket, Duration deadline) {
        client = new KubeletPodResources(socket, deadline, SETTING);
        return client;
    }

    @Test
    void listsEachPodsDevicesByContainerAsTheKubeletGaveThem() throws Exception {
        Path socket = dir.resolve("kubelet.sock");
        kubelet = new FakeKubelet(socket)
                .pods(
                        pod(
                                "ml",
                                "train-3",
                                container("main", "nvidia.com/gpu", "GPU-aa,GPU-bb", "example.com/nic", "mlx5_0"),
                                container("sidecar")),
                        pod("kube-system", "dns"));

        var pods = client(socket).list();

        assertThat(pods)
                .containsExactly(
                        new PodDevices(
                                "ml",
                                "train-3",
                                java.util.List.of(
                                        new PodDevices.Device("main", "nvidia.com/gpu", "GPU-aa"),
                                        new PodDevices.Device("main", "nvidia.com/gpu", "GPU-bb"),
                                        new PodDevices.Device("main", "example.com/nic", "mlx5_0"))),
                        new PodDevices("kube-system", "dns", java.util.List.of()));
        assertThat(kubelet.calls()).isEqualTo(1);
    }

    @Test
    void aMissingSocketIsNamedWithItsSetting() {
        Path socket = dir.resolve("pod-resources/kubelet.sock");
        assertThatThrownBy(() -> client(socket).list())
                .isInstanceOf(PodResourcesUnavailable.class)
                .hasMessage("no kubelet socket at " + socket + " (" + SETTING
                        + "): is the kubelet's pod-resources folder mounted into the agent's pod?");
    }

    @Test
    void aFileOrFolderWhereTheSocketShouldBeIsNotTakenForIt() throws Exception {
        Path file = Files.writeString(dir.resolve("kubelet.sock"), "not a socket");
        assertThatThrownBy(() -> client(file).list())
                .hasMessage(file + " is a file, not the kubelet's socket (" + SETTING + ")");
        client.close();
        Path folder = Files.createDirectory(dir.resolve("folder.sock"));
        assertThatThrownBy(() -> client(folder).list())
                .hasMessage(folder + " is a folder, not the kubelet's socket (" + SETTING + ")");
    }

    @Test
    void aSocketNobodyListensOnIsARefusalNotAHang() throws Exception {
        Path socket = dir.resolve("stale.sock");
        // Bound and closed: the file stays, as after a kubelet that died, and connecting is refused.
        try (var channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThatThrownBy(() -> client(socket).list())
                .isInstanceOf(PodResourcesUnavailable.class)
                .hasMessageStartingWith("the kubelet at " + socket + " does not answer")
                .hasMessageContaining("refused");
    }

    @Test
    void anAnswerThatIsNotThePodResourcesProtoIsSaidSo() throws Exception {
        Path socket = dir.resolve("kubelet.sock");
        kubelet = new FakeKubelet(socket).behave(FakeKubelet.Behaviour.GARBAGE);
        assertThatThrownBy(() -> client(socket).list())
                .isInstanceOf(PodResourcesUnavailable.class)
                .hasMessageStartingWith(
                        "the kubelet at " + socket + " answered something that is not a PodResources list");
    }

    @Test
    void aKubeletThatNeverAnswersIsCutOffAtTheDeadline() throws Exception {
        Path socket = dir.resolve("kubelet.sock");
        kubelet = new FakeKubelet(socket).pods(pod("ml", "a"));
        client(socket).list(); // warms the transport up, so the short deadline below is the kubelet's alone
        client.close();
        kubelet.behave(FakeKubelet.Behaviour.HANG);
        assertThatThrownBy(() -> client(socket, Duration.ofMillis(500)).list())
                .isInstanceOf(PodResourcesUnavailable.class)
                .hasMessage("the kubelet at " + socket + " did not answer within 500 ms");
        // And it is asked again, and answers, once it is well.
        kubelet.behave(FakeKubelet.Behaviour.ANSWER);
        assertThat(client.list()).extracting(PodDevices::name).containsExactly("a");
    }
}

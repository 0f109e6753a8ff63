package io.headroom.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.headroom.agent.config.AgentConfig;
import io.headroom.agent.config.AgentConfig.SchedulerBackend;
import io.headroom.agent.config.AgentConfigReader;
import io.headroom.client.AgentList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kustomize base as a cluster would take it, checked for what breaks in real clusters: a pod
 * without probes or resources, a root or privileged container nobody explained, an image the
 * build did not make, a configuration the agent refuses at start, a file the configuration names
 * that no volume puts there, a binding to a service account that is not the pod's.
 */
class ManifestsTest {

    private static final String VERSION = System.getProperty("headroom.version");
    private static final String IMAGE = System.getProperty("headroom.image.name") + ":" + VERSION;
    private static final String RUNS_AS_ROOT = "headroom.io/runs-as-root";

    private static Manifests base;
    private static DaemonSet agents;
    private static Deployment relays;

    @TempDir
    Path dir;

    @BeforeAll
    static void read() throws Exception {
        base = Manifests.read(Manifests.BASE);
        agents = base.one(DaemonSet.class, "headroom-agent");
        relays = base.one(Deployment.class, "headroom-relay");
    }

    private static List<PodTemplateSpec> pods() {
        return List.of(agents.getSpec().getTemplate(), relays.getSpec().getTemplate());
    }

    @Test
    void everyContainerHasProbesAndResources() {
        for (PodTemplateSpec pod : pods()) {
            for (Container container : pod.getSpec().getContainers()) {
                String what = pod.getMetadata().getLabels().get("app.kubernetes.io/name") + "/" + container.getName();
                assertThat(container.getLivenessProbe()).as(what + " liveness").isNotNull();
                assertThat(container.getReadinessProbe())
                        .as(what + " readiness")
                        .isNotNull();
                assertThat(container.getResources().getRequests())
                        .as(what + " requests")
                        .containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits())
                        .as(what + " limits")
                        .containsKey("memory");
            }
        }
    }

    @Test
    void noContainerIsPrivilegedAndOneThatRunsAsRootSaysWhy() {
        for (PodTemplateSpec pod : pods()) {
            for (Container container : pod.getSpec().getContainers()) {
                var security = container.getSecurityContext();
                assertThat(security.getPrivileged()).isIn(null, false);
                assertThat(security.getAllowPrivilegeEscalation()).isFalse();
                assertThat(security.getReadOnlyRootFilesystem()).isTrue();
                assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
                assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
                Long user = Optional.ofNullable(security.getRunAsUser())
                        .orElse(
                                pod.getSpec().getSecurityContext() == null
                                        ? null
                                        : pod.getSpec().getSecurityContext().getRunAsUser());
                if (user != null && user == 0) {
                    assertThat(pod.getMetadata().getAnnotations()).containsKey(RUNS_AS_ROOT);
                } else {
                    assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot())
                            .isTrue();
                }
                // A read-only root: whatever writes (Netty's native library) has a volume.
                assertThat(container.getVolumeMounts())
                        .extracting(VolumeMount::getMountPath)
                        .contains("/tmp");
            }
        }
        // The relay needs nothing of the node.
        assertThat(relays.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
                .isFalse();
    }

    @Test
    void theImageIsTheOneTheBuildMakes() {
        for (PodTemplateSpec pod : pods()) {
            assertThat(pod.getSpec().getContainers())
                    .extracting(Container::getImage)
                    .containsOnly(IMAGE);
        }
        @SuppressWarnings("unchecked")
        var images = (List<Map<String, String>>) base.kustomization.get("images");
        assertThat(images)
                .containsExactly(Map.of("name", System.getProperty("headroom.image.name"), "newTag", VERSION));
    }

    @Test
    void theAgentsConfigMapIsAConfigurationTheAgentAcceptsAndEveryFileItNamesIsMounted() throws Exception {
        Container agent =
                agents.getSpec().getTemplate().getSpec().getContainers().getFirst();
        String variable = agent.getEnv().stream()
                .filter(e -> e.getValueFrom() != null
                        && e.getValueFrom().getFieldRef() != null
                        && e.getValueFrom().getFieldRef().getFieldPath().equals("spec.nodeName"))
                .findFirst()
                .orElseThrow()
                .getName();
        AgentConfig config = agentConfig("headroom-agent", "agent.yaml", Map.of(variable, "gpu-07.hall-3"));

        var kubernetes = config.scheduler().kubernetes();
        assertThat(config.scheduler().backend()).isEqualTo(SchedulerBackend.KUBERNETES);
        assertThat(kubernetes.inCluster()).isTrue();
        assertThat(kubernetes.nodeName()).isEqualTo("gpu-07.hall-3");
        assertThat(config.sources().hasGpuSource()).isTrue();

        // The ports the configuration opens are the ones the pod declares and probes.
        assertThat(port(agent, "grpc")).isEqualTo(config.listen().port());
        assertThat(config.listen().address()).isEqualTo("0.0.0.0");
        assertThat(config.metrics().enabled()).isTrue();
        assertThat(port(agent, "metrics")).isEqualTo(config.metrics().port());
        assertThat(agent.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
        assertThat(agent.getReadinessProbe().getTcpSocket().getPort().getStrVal())
                .isEqualTo("grpc");

        // Every file it names lies on a volume of the right kind; what it writes is not read-only.
        var pod = agents.getSpec().getTemplate().getSpec();
        assertThat(volumeAt(pod.getVolumes(), agent, inPod(config.tls().certificate()))
                        .getSecret())
                .isNotNull();
        keyIsPrivateToItsReader(
                agents.getSpec().getTemplate(), agent, inPod(config.tls().privateKey()));
        assertThat(volumeAt(pod.getVolumes(), agent, inPod(config.tls().clientCa()))
                        .getSecret())
                .isNotNull();
        Volume socket =
                volumeAt(pod.getVolumes(), agent, kubernetes.podResources().socket());
        assertThat(socket.getHostPath().getPath()).isEqualTo("/var/lib/kubelet/pod-resources");
        Volume state = volumeAt(
                pod.getVolumes(), agent, config.scheduler().stateDirectory().resolve("ledger"));
        assertThat(state.getHostPath().getType()).isEqualTo("DirectoryOrCreate");
        assertThat(mountOf(agent, config.audit().file()).getReadOnly()).isIn(null, false);
        // The image's default --config is where the ConfigMap is mounted.
        assertThat(mountOf(agent, Path.of("/etc/headroom/agent.yaml")).getSubPath())
                .isEqualTo("agent.yaml");
    }

    @Test
    void theRelaysConfigurationIsAcceptedAndItsUpstreamsComeFromAConfigMap() throws Exception {
        Container relay =
                relays.getSpec().getTemplate().getSpec().getContainers().getFirst();
        List<String> args = relay.getArgs();
        assertThat(args).startsWith("--relay");
        AgentConfig config = agentConfig("headroom-relay", "relay.yaml", Map.of());
        assertThat(Path.of(args.get(args.indexOf("--config") + 1))).isEqualTo(Path.of("/etc/headroom/relay.yaml"));
        assertThat(port(relay, "grpc")).isEqualTo(config.listen().port());
        var pod = relays.getSpec().getTemplate().getSpec();
        assertThat(volumeAt(pod.getVolumes(), relay, inPod(config.tls().certificate()))
                        .getSecret())
                .isNotNull();
        keyIsPrivateToItsReader(
                relays.getSpec().getTemplate(), relay, inPod(config.tls().privateKey()));
        keyIsPrivateToItsReader(
                relays.getSpec().getTemplate(), relay, inPod(config.upstream().privateKey()));
        assertThat(volumeAt(pod.getVolumes(), relay, inPod(config.upstream().ca()))
                        .getSecret())
                .isNotNull();
        Path upstreams = Path.of(args.get(args.indexOf("--upstream-file") + 1));
        String configMap =
                volumeAt(pod.getVolumes(), relay, upstreams).getConfigMap().getName();
        assertThat(base.one(ConfigMap.class, configMap).getData())
                .containsKey(upstreams.getFileName().toString());

        // The relay's own reader takes the list: none in the base (a relay without agents says so
        // and stops), two in the example site's (docs/kubernetes.md writes it from kubectl get nodes).
        Path placeholder = Files.writeString(
                dir.resolve("agents"),
                base.one(ConfigMap.class, configMap).getData().get("agents"));
        assertThat(AgentList.readSite(placeholder).endpoints()).isEmpty();
        assertThat(AgentList.readSite(Path.of("kubernetes/overlays/example-site/agents.txt"))
                        .endpoints())
                .extracting(Object::toString)
                .containsExactly("10.0.0.21:50051", "10.0.0.22:50051");

        // The Service reaches the relay's gRPC port.
        Service service = base.one(Service.class, "headroom-relay");
        assertThat(service.getSpec().getSelector())
                .isEqualTo(relays.getSpec().getSelector().getMatchLabels());
        assertThat(service.getSpec().getPorts().getFirst().getTargetPort().getStrVal())
                .isEqualTo("grpc");
    }

    @Test
    void theAgentsRunUnderTheBoundServiceAccountOnGpuNodesAndAreScrapedOnTheirMetricsPort() {
        var pod = agents.getSpec().getTemplate().getSpec();
        ClusterRoleBinding binding = base.one(ClusterRoleBinding.class, "headroom-agent");
        var subject = binding.getSubjects().getFirst();
        assertThat(subject.getName()).isEqualTo(pod.getServiceAccountName());
        assertThat(subject.getNamespace()).isEqualTo(base.kustomization.get("namespace"));
        assertThat(base.one(ServiceAccount.class, pod.getServiceAccountName())).isNotNull();
        assertThat(pod.getNodeSelector()).containsKey("nvidia.com/gpu.present");
        assertThat(pod.getTolerations()).anyMatch(t -> "nvidia.com/gpu".equals(t.getKey()));
        assertThat(pod.getTolerations()).anyMatch(t -> "node.kubernetes.io/unschedulable".equals(t.getKey()));

        var monitor = base.generic("PodMonitor", "headroom-agent");
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        @SuppressWarnings("unchecked")
        var spec = (Map<String, Object>) monitor.getAdditionalProperties().get("spec");
        assertThat(spec.get("selector"))
                .isEqualTo(Map.of("matchLabels", agents.getSpec().getSelector().getMatchLabels()));
        assertThat(spec.get("podMetricsEndpoints").toString()).contains("port=metrics");
    }

    @Test
    void kubectlRendersTheBaseAndEveryOverlayToTheSameObjects() throws Exception {
        Optional<String> kubectl = Tool.find("kubectl");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                kubectl.isPresent(), "kubectl is not installed: the base was parsed file by file only");
        List<HasMetadata> rendered = Manifests.parse(kustomize(kubectl.get(), Manifests.BASE));
        assertThat(rendered)
                .extracting(o -> o.getKind() + " " + o.getMetadata().getNamespace() + "/"
                        + o.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(base.objects.stream()
                        .map(o -> o.getKind() + " " + o.getMetadata().getNamespace() + "/"
                                + o.getMetadata().getName())
                        .toList());
        try (var overlays = Files.list(Path.of("kubernetes", "overlays"))) {
            for (Path overlay : overlays.sorted().toList()) {
                assertThat(Manifests.parse(kustomize(kubectl.get(), overlay)))
                        .as(overlay.toString())
                        .isNotEmpty();
            }
        }
    }

    private static String kustomize(String kubectl, Path directory) throws Exception {
        Process process = new ProcessBuilder(kubectl, "kustomize", directory.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as("kubectl kustomize " + directory + ":\n" + out)
                .isZero();
        return out;
    }

    /**
     * The ConfigMap's configuration as the agent reads it. The reader checks that the TLS files
     * exist, so the Secret's files are laid out under a temporary root (cert-manager's keys, and
     * nothing else) and the paths read are taken back to the pod's.
     */
    private AgentConfig agentConfig(String configMap, String key, Map<String, String> environment) throws Exception {
        Path tls = Files.createDirectories(dir.resolve("etc/headroom/tls"));
        for (String secretKey : List.of("tls.crt", "tls.key", "ca.crt")) {
            Files.writeString(tls.resolve(secretKey), "");
        }
        String text = base.one(ConfigMap.class, configMap).getData().get(key);
        Path file = Files.writeString(dir.resolve(key), text.replace("/etc/headroom/tls/", tls + "/"));
        return AgentConfigReader.read(file, environment::get);
    }

    /**
     * The agent refuses a private key its group or others can read (CertificateChecks), and a
     * Secret volume's files belong to root: a key is usable only on a Secret volume whose mode
     * keeps it to its owner, in a container that runs as root. A non-root user could read it only
     * through its group (fsGroup), which the agent would refuse at start.
     */
    private static void keyIsPrivateToItsReader(PodTemplateSpec pod, Container container, Path key) {
        Volume volume = volumeAt(pod.getSpec().getVolumes(), container, key);
        assertThat(volume.getSecret()).as(key + " comes from a Secret").isNotNull();
        Integer mode = volume.getSecret().getDefaultMode();
        assertThat(mode)
                .as(key + ": defaultMode set (Kubernetes' default 0644 lets others read it)")
                .isNotNull();
        assertThat(mode & 0077)
                .as(key + ": mode %o lets its group or others read it", mode)
                .isZero();
        Long user = Optional.ofNullable(container.getSecurityContext().getRunAsUser())
                .orElse(
                        pod.getSpec().getSecurityContext() == null
                                ? null
                                : pod.getSpec().getSecurityContext().getRunAsUser());
        assertThat(user)
                .as(key + " belongs to root: its reader must run as root")
                .isEqualTo(0L);
    }

    /** A path the configuration read, as the pod sees it. */
    private Path inPod(Path read) {
        return read.startsWith(dir) ? Path.of("/").resolve(dir.relativize(read)) : read;
    }

    private static int port(Container container, String name) {
        return container.getPorts().stream()
                .filter(p -> p.getName().equals(name))
                .mapToInt(ContainerPort::getContainerPort)
                .findFirst()
                .orElseThrow();
    }

    private static VolumeMount mountOf(Container container, Path file) {
        return container.getVolumeMounts().stream()
                .filter(m -> file.startsWith(Path.of(m.getMountPath())))
                .findFirst()
                .orElseThrow(() -> new AssertionError(file + " is on no volume of " + container.getName()));
    }

    private static Volume volumeAt(List<Volume> volumes, Container container, Path file) {
        String name = mountOf(container, file).getName();
        return volumes.stream()
                .filter(v -> v.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }
}

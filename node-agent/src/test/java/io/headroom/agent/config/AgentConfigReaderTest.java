package io.headroom.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.agent.config.AgentConfig.SchedulerBackend;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigReaderTest {

    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        return Files.writeString(dir.resolve("agent.yaml"), text);
    }

    @Test
    void theShippedExampleParsesWithTheValuesItShows() throws Exception {
        // The example in the distribution is what the installers ship as /etc/headroom/agent.yaml.
        AgentConfig config = AgentConfigReader.read(Path.of("src/main/dist/agent.yaml"));

        assertThat(config.listen().address()).isEqualTo("127.0.0.1");
        assertThat(config.listen().port()).isEqualTo(50051);
        assertThat(config.node().hostname()).isEmpty();
        assertThat(config.node().site()).isEqualTo("default");
        assertThat(config.node().hall()).isEqualTo("hall-1");
        assertThat(config.node().rack()).isEqualTo("rack-1");
        assertThat(config.node().rackUnit()).isEqualTo(1);
        assertThat(config.node().pool()).isEqualTo("default");
        assertThat(config.intervalMs()).isEqualTo(1000);
        assertThat(config.sources().nvidiaSmi().path()).isEqualTo(Path.of("/usr/bin/nvidia-smi"));
        assertThat(config.sources().nvidiaSmi().intervalMs()).isEqualTo(1000);
        assertThat(config.sources().dcgmExporter().url()).isEqualTo(URI.create("http://127.0.0.1:9400/metrics"));
        assertThat(config.sources().rocmSmi().path()).isEqualTo(Path.of("/opt/rocm/bin/rocm-smi"));
        assertThat(config.sources().redfish().credentialsFile())
                .isEqualTo(Path.of("/etc/headroom/redfish.credentials"));
        assertThat(config.sources().redfish().hosts()).singleElement().satisfies(host -> {
            assertThat(host.url()).isEqualTo(URI.create("https://10.0.0.21"));
            assertThat(host.caFile()).isEqualTo(Path.of("/etc/headroom/bmc-ca.pem"));
            assertThat(host.insecureSkipTlsVerify()).isFalse();
        });
        assertThat(config.sources().simulated().gpus()).isEqualTo(64);
        assertThat(config.sources().simulated().seed()).isEqualTo(42);
        assertThat(config.scheduler().backend()).isEqualTo(SchedulerBackend.NONE);
        assertThat(config.metrics().enabled()).isFalse();
        assertThat(config.metrics().port()).isEqualTo(9477);
        assertThat(config.tls().certificate()).isNull();
    }

    @Test
    void anEmptySectionMeansDefaults() throws Exception {
        AgentConfig config = AgentConfigReader.read(write("""
                sources:
                  nvidia_smi:
                """));
        assertThat(config.sources().nvidiaSmi().path()).isEqualTo(Path.of("/usr/bin/nvidia-smi"));
        assertThat(config.sources().dcgmExporter()).isNull();
        assertThat(config.listen().port()).isEqualTo(50051);
    }

    @Test
    void aWrongTypeNamesTheLineTheKeyAndTheValue() throws Exception {
        Path file = write("""
                listen:
                  address: 127.0.0.1
                  port: 50051
                interval_ms: 1000
                sources:
                  nvidia_smi:
                    interval_ms: fast
                """);
        assertThatThrownBy(() -> AgentConfigReader.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        file + " line 7: sources.nvidia_smi.interval_ms must be a number of milliseconds, was 'fast'");
    }

    @Test
    void anOutOfRangeNumberIsRefused() throws Exception {
        Path file = write("listen:\n  port: 70000\n");
        assertThatThrownBy(() -> AgentConfigReader.read(file))
                .hasMessage(file + " line 2: listen.port must be between 0 and 65535, was 70000");
    }

    @Test
    void anUnknownKeyIsRefusedWithASuggestion() throws Exception {
        Path file = write("""
                sources:
                  nvidia-smi:
                    path: /usr/bin/nvidia-smi
                """);
        assertThatThrownBy(() -> AgentConfigReader.read(file))
                .hasMessageStartingWith(
                        file + " line 2: unknown setting sources.nvidia-smi; did you mean sources.nvidia_smi?");
    }

    @Test
    void anUnknownKeyFarFromAnyIsRefusedWithTheKnownOnes() throws Exception {
        Path file = write("colour: blue\n");
        assertThatThrownBy(() -> AgentConfigReader.read(file))
                .hasMessageStartingWith(file + " line 1: unknown setting colour (known here: ")
                .hasMessageContaining("listen");
    }

    @Test
    void badYamlIsRefusedWithItsLine() throws Exception {
        Path file = write("""
                listen:
                  address: 127.0.0.1
                    port: 50051
                """);
        assertThatThrownBy(() -> AgentConfigReader.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + " line 3: not valid YAML: ");
    }

    @Test
    void aKeyGivenTwiceIsRefused() throws Exception {
        Path file = write("interval_ms: 1000\ninterval_ms: 2000\n");
        assertThatThrownBy(() -> AgentConfigReader.read(file)).hasMessage(file + " line 2: interval_ms is given twice");
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = dir.resolve("nowhere.yaml");
        assertThatThrownBy(() -> AgentConfigReader.read(file)).hasMessage(file + ": no such file");
    }

    @Test
    void anEmptyFileIsExplained() throws Exception {
        Path file = write("# nothing but a comment\n");
        assertThatThrownBy(() -> AgentConfigReader.read(file)).hasMessageContaining("the file is empty");
    }

    @Test
    void aSchedulerBackendMustBeOneOfTheKnown() throws Exception {
        Path file = write("scheduler:\n  backend: pbs\n");
        assertThatThrownBy(() -> AgentConfigReader.read(file))
                .hasMessage(file
                        + " line 2: scheduler.backend must be one of none, standalone, slurm, kubernetes, was 'pbs'");
    }

    @Test
    void aTlsFileThatIsNotThereIsRefused() throws Exception {
        Path file = write("tls:\n  certificate: /nowhere/agent.pem\n  private_key: /nowhere/agent.key\n");
        assertThatThrownBy(() -> AgentConfigReader.read(file))
                .hasMessage(file + " line 2: tls.certificate: cannot read /nowhere/agent.pem (no such file)");
    }

    @Test
    void aBmcNeedsAUrlAndOneWayToTrustIt() throws Exception {
        Path noUrl = write("""
                sources:
                  redfish:
                    credentials_file: /etc/headroom/redfish.credentials
                    hosts:
                      - ca_file: /etc/headroom/bmc-ca.pem
                """);
        assertThatThrownBy(() -> AgentConfigReader.read(noUrl))
                .hasMessage(noUrl + " line 5: sources.redfish.hosts[0]: needs a url, e.g. https://10.0.0.21");
        Path both = write("""
                sources:
                  redfish:
                    credentials_file: /etc/headroom/redfish.credentials
                    hosts:
                      - url: https://10.0.0.21
                        ca_file: /etc/headroom/bmc-ca.pem
                        insecure_skip_tls_verify: true
                """);
        assertThatThrownBy(() -> AgentConfigReader.read(both))
                .hasMessage(
                        both
                                + " line 7: sources.redfish.hosts[0].insecure_skip_tls_verify cannot be combined with ca_file: choose one");
    }

    @Test
    void aUrlMustBeHttp() throws Exception {
        Path file = write("sources:\n  dcgm_exporter:\n    url: localhost:9400\n");
        assertThatThrownBy(() -> AgentConfigReader.read(file))
                .hasMessageStartingWith(file + " line 3: sources.dcgm_exporter.url must be an http(s) URL");
    }

    @Test
    void aSectionWhereAValueBelongsIsRefused() throws Exception {
        Path file = write("interval_ms:\n  value: 1000\n");
        assertThatThrownBy(() -> AgentConfigReader.read(file))
                .hasMessage(file + " line 2: interval_ms must be a number of milliseconds, was a section");
    }

    @Test
    void theKubernetesBackendReadsItsSectionWithDefaults() throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n");
        AgentConfig config = AgentConfigReader.read(write("""
                scheduler:
                  backend: kubernetes
                  state_directory: %s
                  kubernetes:
                    kubeconfig: %s
                    context: prod
                    node_name: gpu-07.hall-3
                """.formatted(dir.resolve("state"), kubeconfig)));
        var k8s = config.scheduler().kubernetes();
        assertThat(config.scheduler().backend()).isEqualTo(SchedulerBackend.KUBERNETES);
        assertThat(config.scheduler().stateFile()).isEqualTo(dir.resolve("state/nodes.properties"));
        assertThat(k8s.kubeconfig()).isEqualTo(kubeconfig);
        assertThat(k8s.context()).isEqualTo("prod");
        assertThat(k8s.inCluster()).isFalse();
        assertThat(k8s.nodeName()).isEqualTo("gpu-07.hall-3");
        assertThat(k8s.poolLabel()).isEqualTo("headroom.io/pool");
        assertThat(k8s.tenantLabel()).isNull();
        assertThat(k8s.requestTimeoutMs()).isEqualTo(5000);
        assertThat(k8s.evictionTimeoutMs()).isEqualTo(15_000);
        assertThat(k8s.migConfigWaitMs()).isEqualTo(10_000);
        assertThat(k8s.podResources())
                .isEqualTo(new AgentConfig.PodResources(
                        Path.of("/var/lib/kubelet/pod-resources/kubelet.sock"), 10_000, 2000));
        assertThat(k8s.userLabel()).isNull();
        assertThat(k8s.namespaceTenants()).isEmpty();
        assertThat(AgentConfigReader.read(
                                write("scheduler:\n  backend: kubernetes\n  kubernetes:\n    in_cluster: true\n"))
                        .scheduler()
                        .kubernetes()
                        .inCluster())
                .isTrue();
    }

    @Test
    void aKubernetesSectionThatCannotWorkIsRefusedWithItsLine() throws Exception {
        Path typo =
                write("scheduler:\n  backend: kubernetes\n  kubernetes:\n    in_cluster: true\n    pool_lable: a/b\n");
        assertThatThrownBy(() -> AgentConfigReader.read(typo))
                .hasMessageStartingWith(typo + " line 5: unknown setting"
                        + " scheduler.kubernetes.pool_lable; did you mean scheduler.kubernetes.pool_label?");
        Path neither = write("scheduler:\n  backend: kubernetes\n  kubernetes:\n    node_name: gpu-07\n");
        assertThatThrownBy(() -> AgentConfigReader.read(neither))
                .hasMessage(neither + " line 4: scheduler.kubernetes:"
                        + " needs kubeconfig: FILE, or in_cluster: true when the agent runs in a pod");
        Path none = write("scheduler:\n  backend: kubernetes\n");
        assertThatThrownBy(() -> AgentConfigReader.read(none))
                .hasMessageStartingWith(
                        none + " line 2: scheduler.backend" + " kubernetes needs a scheduler.kubernetes section");
        Path wrongBackend = write("scheduler:\n  backend: slurm\n  kubernetes:\n    in_cluster: true\n");
        assertThatThrownBy(() -> AgentConfigReader.read(wrongBackend))
                .hasMessage(wrongBackend + " line 4:"
                        + " scheduler.kubernetes is read only with backend: kubernetes (backend is slurm)");
        Path label = write(
                "scheduler:\n  backend: kubernetes\n  kubernetes:\n    in_cluster: true\n    pool_label: -pool-\n");
        assertThatThrownBy(() -> AgentConfigReader.read(label))
                .hasMessageStartingWith(
                        label + " line 5:" + " scheduler.kubernetes.pool_label must be a Kubernetes label key");
        Path slow = write("""
                scheduler:
                  backend: kubernetes
                  kubernetes:
                    in_cluster: true
                    eviction_timeout_ms: 25000
                    request_timeout_ms: 10000
                """);
        assertThatThrownBy(() -> AgentConfigReader.read(slow))
                .hasMessage(slow + " line 5: scheduler.kubernetes"
                        + ".eviction_timeout_ms and request_timeout_ms together must stay under 28000 ms, so a drain answers before"
                        + " the console stops waiting (30 s); they are 25000 + 10000");
        Path missing = write("scheduler:\n  backend: kubernetes\n  kubernetes:\n    kubeconfig: /nowhere/kubeconfig\n");
        assertThatThrownBy(() -> AgentConfigReader.read(missing))
                .hasMessage(missing + " line 4:"
                        + " scheduler.kubernetes.kubeconfig: cannot read /nowhere/kubeconfig (no such file)");
    }

    @Test
    void podResourcesAndNamespaceTenantsAreRead() throws Exception {
        var k8s = AgentConfigReader.read(write("""
                        scheduler:
                          backend: kubernetes
                          kubernetes:
                            in_cluster: true
                            pod_resources_socket: /run/kubelet/pod-resources.sock
                            pod_resources_interval_ms: 5000
                            pod_resources_timeout_ms: 1000
                            user_label: example.com/owner
                            namespace_tenants:
                              ml-team: acme
                              vision: globex
                        """)).scheduler().kubernetes();
        assertThat(k8s.podResources())
                .isEqualTo(new AgentConfig.PodResources(Path.of("/run/kubelet/pod-resources.sock"), 5000, 1000));
        assertThat(k8s.userLabel()).isEqualTo("example.com/owner");
        assertThat(k8s.namespaceTenants())
                .containsExactlyInAnyOrderEntriesOf(Map.of("ml-team", "acme", "vision", "globex"));
    }

    @Test
    void aNamespaceTenantOrPodResourcesSettingThatCannotWorkIsNamedWithItsLine() throws Exception {
        Path badNamespace = write(
                "scheduler:\n  backend: kubernetes\n  kubernetes:\n    in_cluster: true\n    namespace_tenants:\n      ML_Team: acme\n");
        assertThatThrownBy(() -> AgentConfigReader.read(badNamespace))
                .hasMessageStartingWith(badNamespace + " line 6: scheduler.kubernetes.namespace_tenants.ML_Team is not"
                        + " a Kubernetes namespace");
        Path noTenant = write(
                "scheduler:\n  backend: kubernetes\n  kubernetes:\n    in_cluster: true\n    namespace_tenants:\n      ml: ''\n");
        assertThatThrownBy(() -> AgentConfigReader.read(noTenant))
                .hasMessage(noTenant + " line 6: scheduler.kubernetes.namespace_tenants.ml needs a tenant name");
        Path slow = write(
                "scheduler:\n  backend: kubernetes\n  kubernetes:\n    in_cluster: true\n    pod_resources_interval_ms: 2000\n    pod_resources_timeout_ms: 3000\n");
        assertThatThrownBy(() -> AgentConfigReader.read(slow))
                .hasMessage(slow + " line 6: scheduler.kubernetes.pod_resources_timeout_ms must be shorter than"
                        + " pod_resources_interval_ms (2000 ms), was 3000");
    }
}

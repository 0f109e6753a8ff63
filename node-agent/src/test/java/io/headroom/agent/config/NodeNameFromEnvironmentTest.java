package io.headroom.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code node_name_from_env}: a DaemonSet's one ConfigMap, each pod's node name from the downward API. */
class NodeNameFromEnvironmentTest {

    @TempDir
    Path dir;

    private Path write(String kubernetesLines) throws Exception {
        return Files.writeString(
                dir.resolve("agent.yaml"),
                "scheduler:\n  backend: kubernetes\n  kubernetes:\n    in_cluster: true\n" + kubernetesLines);
    }

    @Test
    void theNodeNameComesFromTheVariableNamed() throws Exception {
        Path file = write("    node_name_from_env: NODE_NAME\n");
        var config = AgentConfigReader.read(file, Map.of("NODE_NAME", "gpu-07.hall-3")::get);
        assertThat(config.scheduler().kubernetes().nodeName()).isEqualTo("gpu-07.hall-3");
        assertThat(config.scheduler().kubernetes().inCluster()).isTrue();
    }

    @Test
    void withoutEitherTheNodeNameIsLeftToTheHostname() throws Exception {
        Path file = write("");
        var config = AgentConfigReader.read(file, Map.of("NODE_NAME", "gpu-07")::get);
        assertThat(config.scheduler().kubernetes().nodeName()).isEmpty();
    }

    @Test
    void aVariableNotSetIsNamedWithHowADaemonSetSetsIt() throws Exception {
        Path file = write("    node_name_from_env: NODE_NAME\n");
        assertThatThrownBy(() -> AgentConfigReader.read(file, Map.<String, String>of()::get))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + " line 5: scheduler.kubernetes.node_name_from_env names NODE_NAME, which is not set"
                        + " in the agent's environment (a DaemonSet sets it from the downward API:"
                        + " valueFrom.fieldRef.fieldPath: spec.nodeName)");
        assertThatThrownBy(() -> AgentConfigReader.read(file, Map.of("NODE_NAME", " ")::get))
                .hasMessageContaining("names NODE_NAME, which is empty in the agent's environment");
    }

    @Test
    void aValueThatIsNoNodeNameIsRefusedWithTheValue() throws Exception {
        Path file = write("    node_name_from_env: NODE_NAME\n");
        assertThatThrownBy(() -> AgentConfigReader.read(file, Map.of("NODE_NAME", "GPU_07")::get))
                .hasMessage(file + " line 5: scheduler.kubernetes.node_name_from_env names NODE_NAME, whose value"
                        + " 'GPU_07' is not a Kubernetes node name (lower-case letters, digits, '-' and '.')");
    }

    @Test
    void bothWaysAtOnceOrABadVariableNameAreRefused() throws Exception {
        Path both = write("    node_name: gpu-07\n    node_name_from_env: NODE_NAME\n");
        assertThatThrownBy(() -> AgentConfigReader.read(both, Map.of("NODE_NAME", "gpu-07")::get))
                .hasMessage(both + " line 6: scheduler.kubernetes.node_name_from_env cannot be combined with"
                        + " node_name: choose one");
        Path badName = write("    node_name_from_env: $NODE_NAME\n");
        assertThatThrownBy(() -> AgentConfigReader.read(badName, Map.of("NODE_NAME", "gpu-07")::get))
                .hasMessage(badName + " line 5: scheduler.kubernetes.node_name_from_env must be the name of an"
                        + " environment variable (letters, digits, '_'), was '$NODE_NAME'");
    }
}
